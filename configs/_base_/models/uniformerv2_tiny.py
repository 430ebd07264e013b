# A UniFormerV2 small enough to train on 2 CPU cores in minutes: 64 px input,
# 16 px patches (4 x 4 tokens a frame), width 64, 2 local + 2 global layers.
# Random init (clip_pretrained=False): no download. Calibrated on validation (docs/benchmarks.md): with
# MMAction2's default TruncNormal(std=0.02) init or 8 px patches the random-init
# model stays at chance for 15 epochs; Xavier init and 16 px patches learn.
model = dict(
    type='Recognizer3D',
    backbone=dict(
        type='UniFormerV2',
        input_resolution=64,
        patch_size=16,
        width=64,
        layers=2,
        heads=2,
        t_size=8,
        dw_reduction=1.5,
        backbone_drop_path_rate=0.,
        temporal_downsample=False,
        no_lmhra=False,
        double_lmhra=False,
        return_list=[0, 1],
        n_layers=2,
        n_dim=64,
        n_head=2,
        mlp_factor=4.,
        drop_path_rate=0.,
        mlp_dropout=[0.1, 0.1],
        clip_pretrained=False,
        init_cfg=[dict(type='Xavier', layer='Linear'),
                  dict(type='Constant', layer='LayerNorm', val=1., bias=0.)]),
    cls_head=dict(
        type='UniFormerHead',
        dropout_ratio=0.3,
        num_classes=8,
        in_channels=64,
        average_clips='prob'),
    data_preprocessor=dict(
        type='ActionDataPreprocessor',
        mean=[114.75, 114.75, 114.75],
        std=[57.375, 57.375, 57.375],
        format_shape='NCTHW'))
