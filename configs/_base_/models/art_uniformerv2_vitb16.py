# ART on UniFormerV2 ViT-B/16: the baseline's backbone (same weights, same keys),
# returning its patch tokens too, and the ART head with the paper's settings
# (d=256, K=2, 4 SE + 4 RSSA layers, lambda=0.6, gamma1=gamma2=5).
_base_ = ['uniformerv2_vitb16.py', 'art_head.py']
model = dict(
    type='ARTRecognizer',
    backbone=dict(type='UniFormerV2WithTokens'),
    cls_head={**_base_.art_head, '_delete_': True, 'num_classes': 99, 'in_channels': 768})
