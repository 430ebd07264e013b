# ART's tiny twin of uniformerv2-tiny_synthetic.py: same backbone weights layout,
# data, schedule and seed; the UniFormerHead is replaced by the ART head.
_base_ = ['uniformerv2-tiny_synthetic.py', '_base_/art_runtime.py']

# The text bank: tools/build_text_bank.py data/synthetic/classnames.txt
#   data/synthetic/text_bank.pth --encoder minilm   (384-d, 8 templates)
text_bank_file = {{_base_.text_bank_file}}
text_dims = 384
num_prompts = 8

model = dict(
    type='ARTRecognizer',
    backbone=dict(type='UniFormerV2WithTokens'),
    cls_head=dict(
        _delete_=True,
        type='ARTHead',
        num_classes={{_base_.num_classes}},
        in_channels=64,
        embed_dims=64,
        num_tracklets=2,
        num_tokens=16,
        num_frames={{_base_.num_frames}},
        se_layers=2,
        rssa_layers=2,
        num_heads=4,
        ffn_ratio=2.0,
        layer_dropout=0.1,
        dropout_ratio=0.3,
        bank=dict(type='TextSemanticsBank', text_dims=text_dims,
                  num_prompts=num_prompts, bank_file=text_bank_file),
        # gamma1 = gamma2 = 1 here (the paper: 5). Trained from scratch, the tiny
        # model's text and MTC gradients at 5 outweigh the classification
        # gradient under clip_grad(max_norm=5) and it stays at chance.
        loss_mtc=dict(type='MTCLoss', temporal_margin=0.6, loss_weight=1.0),
        loss_text=dict(type='TextBankLoss', temperature=0.07, loss_weight=1.0),
        # From scratch, like the tiny backbone: Xavier rather than N(0, 0.02).
        init_cfg=dict(type='Xavier', layer='Linear'),
        average_clips='prob'))
custom_hooks = _base_.reliability_hooks + _base_.art_hooks
