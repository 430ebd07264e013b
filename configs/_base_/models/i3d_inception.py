# DeepMind's Inception-v1 I3D (RGB) with MMAction2's I3DHead. Inputs are scaled to
# [-1, 1] (mean = std = 127.5), as the Kinetics-400 weights were trained.
model = dict(
    type='Recognizer3D',
    backbone=dict(type='InceptionI3D', out_endpoint='Mixed_5c'),
    cls_head=dict(type='I3DHead', num_classes=400, in_channels=1024, spatial_type='avg',
                  dropout_ratio=0.5, init_std=0.01, average_clips='prob'),
    data_preprocessor=dict(type='ActionDataPreprocessor', mean=[127.5, 127.5, 127.5],
                           std=[127.5, 127.5, 127.5], format_shape='NCTHW'))
