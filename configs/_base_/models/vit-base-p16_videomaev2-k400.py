# MMAction2's ViT-B/16 of VideoMAE V2 (VisionTransformer, tubelet 2 x 16 x 16, sine-cosine
# positions, mean pooling) with its TimeSformerHead, started from MMAction2's Kinetics-400
# checkpoint (distilled from VideoMAE V2's ViT-g, Kinetics-710 pretrained;
# configs/recognition/videomaev2): the backbone reads the checkpoint's `backbone.` keys,
# the head starts afresh. Drop path 0.1 as in VideoMAE's fine-tuning of ViT-B.
videomaev2_k400_checkpoint = (
    'https://download.openmmlab.com/mmaction/v1.0/recognition/videomaev2/'
    'vit-base-p16_videomaev2-vit-g-dist-k710-pre_16x4x1_kinetics-400/'
    'vit-base-p16_videomaev2-vit-g-dist-k710-pre_16x4x1_kinetics-400_20230510-3e7f93b2.pth')
model = dict(
    type='Recognizer3D',
    backbone=dict(
        type='VisionTransformer', img_size=224, patch_size=16, embed_dims=768, depth=12,
        num_heads=12, mlp_ratio=4, qkv_bias=True, num_frames=16, drop_path_rate=0.1,
        norm_cfg=dict(type='LN', eps=1e-6),
        init_cfg=dict(type='Pretrained', checkpoint=videomaev2_k400_checkpoint,
                      prefix='backbone.')),
    cls_head=dict(type='TimeSformerHead', num_classes=400, in_channels=768,
                  average_clips='prob'),
    data_preprocessor=dict(type='ActionDataPreprocessor', mean=[123.675, 116.28, 103.53],
                           std=[58.395, 57.12, 57.375], format_shape='NCTHW'))
