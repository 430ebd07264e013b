# Ablation "w/o MTC loss".
_base_ = ['../art_uniformerv2_finegym.py']
model = dict(cls_head=dict(loss_mtc=None))
