# Synthetic ablation: + RSSA + saliency tracklet aggregation (TA).
_base_ = ['art-tiny_synthetic_rssa.py']
model = dict(cls_head=dict(aggregation=dict(mode='saliency')))
