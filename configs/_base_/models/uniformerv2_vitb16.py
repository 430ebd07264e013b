# MMAction2's UniFormerV2 ViT-B/16 at 16 frames, with its UniFormerHead (the baseline); the
# backbone type adds one switch to MMAction2's UniFormerV2, `with_cp` (activation
# checkpointing of its blocks; same keys, same results), off here.
# The backbone starts from MMAction2's Kinetics-400 recognizer of this architecture (CLIP ->
# Kinetics-710 -> Kinetics-400, 8 frames; configs/recognition/uniformerv2), as the paper's
# Table I pretrains on Kinetics-400: the backbone reads the checkpoint's `backbone.` keys, the
# head starts afresh. mmengine downloads it on first use (offline: set init_cfg.checkpoint to
# a local file). The Kinetics-710 checkpoint it was fine-tuned from is `k710_checkpoint`
# (configs/variants/*_k710-pre_*.py start from it).
k400_checkpoint = (
    'https://download.openmmlab.com/mmaction/v1.0/recognition/uniformerv2/'
    'uniformerv2-base-p16-res224_clip-kinetics710-pre_8xb32-u8_kinetics400-rgb/'
    'uniformerv2-base-p16-res224_clip-kinetics710-pre_8xb32-u8_kinetics400-rgb_20230313-75be0806.pth')
k710_checkpoint = (
    'https://download.openmmlab.com/mmaction/v1.0/recognition/uniformerv2/'
    'uniformerv2-base-p16-res224_clip-pre_u8_kinetics710-rgb_20230612-63cdbad9.pth')
model = dict(
    type='Recognizer3D',
    backbone=dict(
        type='UniFormerV2WithCP', input_resolution=224, patch_size=16, width=768, layers=12,
        heads=12, t_size=16, dw_reduction=1.5, backbone_drop_path_rate=0.,
        temporal_downsample=False, no_lmhra=True, double_lmhra=True,
        return_list=[8, 9, 10, 11], n_layers=4, n_dim=768, n_head=12, mlp_factor=4.,
        drop_path_rate=0., mlp_dropout=[0.5, 0.5, 0.5, 0.5], clip_pretrained=False,
        init_cfg=dict(type='Pretrained', checkpoint=k400_checkpoint, prefix='backbone.')),
    cls_head=dict(type='UniFormerHead', dropout_ratio=0.5, num_classes=99,
                  in_channels=768, average_clips='prob'),
    data_preprocessor=dict(type='ActionDataPreprocessor', mean=[114.75, 114.75, 114.75],
                           std=[57.375, 57.375, 57.375], format_shape='NCTHW'))
