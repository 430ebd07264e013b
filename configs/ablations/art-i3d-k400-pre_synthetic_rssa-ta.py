# Pretrained-regime ablation: + RSSA + saliency tracklet aggregation.
_base_ = ['art-i3d-k400-pre_synthetic_rssa.py']
model = dict(cls_head=dict(aggregation=dict(mode='saliency')))
