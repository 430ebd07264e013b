# Baseline for art_uniformerv2-large_finegym.py: MMAction2's UniFormerV2 ViT-L/14.
_base_ = ['uniformerv2_finegym.py']
k710_large = ('https://download.openmmlab.com/mmaction/v1.0/recognition/uniformerv2/'
              'kinetics710/uniformerv2-large-p14-res224_clip-pre_u8_kinetics710-rgb_20221219-9a2a5d3c.pth')
model = dict(
    backbone=dict(patch_size=14, width=1024, layers=24, heads=16,
                  return_list=[20, 21, 22, 23], n_dim=1024, n_head=16,
                  init_cfg=dict(checkpoint=k710_large)),
    cls_head=dict(in_channels=1024))
