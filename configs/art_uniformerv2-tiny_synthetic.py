# ART's tiny twin of uniformerv2-tiny_synthetic.py: same backbone weights layout,
# data, schedule and seed; the UniFormerHead is replaced by the ART head.
_base_ = ['uniformerv2-tiny_synthetic.py', '_base_/art_runtime.py',
          '_base_/models/art_head.py']

# The text bank: tools/data/build_text_bank.py data/synthetic/classnames.txt
#   data/synthetic/text_bank.pth --encoder minilm   (384-d, 8 templates)
text_bank_file = {{_base_.text_bank_file}}

# The paper's head (art_head.py), scaled down; only the differences are listed.
model = dict(
    type='ARTRecognizer',
    backbone=dict(type='UniFormerV2WithTokens'),
    cls_head={
        **_base_.art_head,
        '_delete_': True,
        'num_classes': {{_base_.num_classes}},
        'in_channels': 64,
        'embed_dims': 64,
        'num_tokens': 16,
        'num_frames': {{_base_.num_frames}},
        'se_layers': 2,
        'rssa_layers': 2,
        'num_heads': 4,
        'ffn_ratio': 2.0,
        'dropout_ratio': 0.3,
        'bank': dict(type='TextSemanticsBank', text_dims=384, num_prompts=8,
                     bank_file=text_bank_file),
        # gamma1 = gamma2 = 1 here (the paper: 5). Trained from scratch, the tiny
        # model's text and MTC gradients at 5 outweigh the classification
        # gradient under clip_grad(max_norm=5) and it stays at chance.
        'loss_mtc': {**_base_.art_head.loss_mtc, 'loss_weight': 1.0},
        'loss_text': {**_base_.art_head.loss_text, 'loss_weight': 1.0},
        # From scratch, like the tiny backbone: Xavier rather than N(0, 0.02).
        'init_cfg': dict(type='Xavier', layer='Linear'),
    })
custom_hooks = _base_.reliability_hooks + _base_.art_hooks
val_evaluator = _base_.art_evaluator
test_evaluator = val_evaluator
