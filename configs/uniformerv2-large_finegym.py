# Baseline for art_uniformerv2-large_finegym.py: MMAction2's UniFormerV2 ViT-L/14.
_base_ = ['uniformerv2_finegym.py', '_base_/models/uniformerv2_vitl14_overrides.py']
model = dict(backbone={{_base_.vitl14_backbone}}, cls_head=dict(in_channels=1024))
