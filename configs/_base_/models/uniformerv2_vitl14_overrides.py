# UniFormerV2 ViT-L/14 settings, as a variable both the ART and baseline ViT-L/14
# configs merge into their ViT-B/16 model (MMAction2's Kinetics-710 checkpoint).
vitl14_backbone = dict(
    patch_size=14, width=1024, layers=24, heads=16, return_list=[20, 21, 22, 23],
    n_dim=1024, n_head=16,
    init_cfg=dict(checkpoint='https://download.openmmlab.com/mmaction/v1.0/recognition/'
                  'uniformerv2/kinetics710/uniformerv2-large-p14-res224_clip-pre_u8_'
                  'kinetics710-rgb_20221219-9a2a5d3c.pth'))
