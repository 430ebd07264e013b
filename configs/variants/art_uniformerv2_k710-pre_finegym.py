# ART, UniFormerV2 ViT-B/16, FineGym99, started from MMAction2's Kinetics-710 checkpoint
# (CLIP -> Kinetics-710) instead of the Kinetics-400 one the paper's Table I uses.
_base_ = ['../art_uniformerv2_finegym.py']
model = dict(backbone=dict(init_cfg=dict(checkpoint={{_base_.k710_checkpoint}})))
