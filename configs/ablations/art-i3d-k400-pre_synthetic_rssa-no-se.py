# Pretrained-regime ablation: + RSSA without the spatial-enhancement encoder.
_base_ = ['art-i3d-k400-pre_synthetic_rssa.py']
model = dict(cls_head=dict(se_layers=0))
