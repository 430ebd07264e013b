# Ablation "RSSA w/o SE": no spatial-enhancement encoder.
_base_ = ['../art_uniformerv2_finegym.py']
model = dict(cls_head=dict(se_layers=0))
