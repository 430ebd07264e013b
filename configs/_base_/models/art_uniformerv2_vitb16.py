# ART on UniFormerV2 ViT-B/16: the baseline's backbone (same weights, same keys),
# returning its patch tokens too, and the ART head with the paper's settings
# (d=256, K=2, 4 SE + 4 RSSA layers, lambda=0.6, gamma1=gamma2=5). Its SE and RSSA layers
# are recomputed in the backward pass instead of kept (with_cp: the same results; the head
# then adds about 6% to the baseline's training memory at one clip instead of 16%).
_base_ = ['uniformerv2_vitb16.py', 'art_head.py']
model = dict(
    type='ARTRecognizer',
    backbone=dict(type='UniFormerV2WithTokens'),
    cls_head={**_base_.art_head, '_delete_': True, 'num_classes': 99, 'in_channels': 768,
              'with_cp': True})
