# Synthetic ablation: + RSSA without spatial enhancement.
_base_ = ['art-tiny_synthetic_rssa.py']
model = dict(cls_head=dict(se_layers=0))
