# MMAction2's UniFormerV2 ViT-B/16 at 16 frames, with its UniFormerHead (the baseline).
# Initialised from MMAction2's Kinetics-710 checkpoint (downloaded by mmengine on
# first use; set load_from / init_cfg.checkpoint to a local file on offline machines).
k710_checkpoint = ('https://download.openmmlab.com/mmaction/v1.0/recognition/uniformerv2/'
                   'kinetics710/uniformerv2-base-p16-res224_clip-pre_u8_kinetics710-rgb_20221219-77d34f81.pth')
model = dict(
    type='Recognizer3D',
    backbone=dict(
        type='UniFormerV2', input_resolution=224, patch_size=16, width=768, layers=12,
        heads=12, t_size=16, dw_reduction=1.5, backbone_drop_path_rate=0.,
        temporal_downsample=False, no_lmhra=True, double_lmhra=True,
        return_list=[8, 9, 10, 11], n_layers=4, n_dim=768, n_head=12, mlp_factor=4.,
        drop_path_rate=0., mlp_dropout=[0.5, 0.5, 0.5, 0.5], clip_pretrained=False,
        init_cfg=dict(type='Pretrained', checkpoint=k710_checkpoint, prefix='backbone.')),
    cls_head=dict(type='UniFormerHead', dropout_ratio=0.5, num_classes=99,
                  in_channels=768, average_clips='prob'),
    data_preprocessor=dict(type='ActionDataPreprocessor', mean=[114.75, 114.75, 114.75],
                           std=[57.375, 57.375, 57.375], format_shape='NCTHW'))
