# Baseline for art_uniformerv2_k710-pre_finegym.py: the same Kinetics-710 start.
_base_ = ['../uniformerv2_finegym.py']
model = dict(backbone=dict(init_cfg=dict(checkpoint={{_base_.k710_checkpoint}})))
