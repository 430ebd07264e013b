# ART on UniFormerV2 ViT-B/16: the baseline's backbone (same weights, same keys),
# returning its patch tokens too, and the ART head with the paper's settings
# (d=256, K=2, 4 SE + 4 RSSA layers, lambda=0.6, gamma1=gamma2=5).
_base_ = ['uniformerv2_vitb16.py']
text_dims = 512     # CLIP ViT-B/16 text width
num_prompts = 8     # templates in art_mmaction.text.DEFAULT_TEMPLATES
model = dict(
    type='ARTRecognizer',
    backbone=dict(type='UniFormerV2WithTokens'),
    cls_head=dict(
        _delete_=True,
        type='ARTHead',
        num_classes=99,
        in_channels=768,
        embed_dims=256,
        num_tracklets=2,
        num_tokens=196,
        se_layers=4,
        rssa_layers=4,
        num_heads=8,
        dropout_ratio=0.5,
        aggregation=dict(mode='saliency', temperature=1.0),
        bank=dict(type='TextSemanticsBank', text_dims=text_dims, num_prompts=num_prompts,
                  bank_file=None),
        loss_mtc=dict(type='MTCLoss', temporal_margin=0.6, loss_weight=5.0),
        loss_text=dict(type='TextBankLoss', temperature=0.07, loss_weight=5.0),
        average_clips='prob'))
