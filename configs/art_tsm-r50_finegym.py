# ART on a 2D CNN (the paper's CNN setting): MMAction2's ResNetTSM-50 through
# FeatureMapTokenAdapter (tokens = the 7 x 7 map of each frame, x_cls = its mean).
_base_ = ['art_uniformerv2_finegym.py']
model = dict(
    backbone=dict(
        _delete_=True,
        type='FeatureMapTokenAdapter',
        mode='2d',
        backbone=dict(type='ResNetTSM', depth=50, num_segments={{_base_.num_frames}},
                      norm_eval=False, shift_div=8, pretrained='torchvision://resnet50')),
    cls_head=dict(in_channels=2048, num_tokens=49),
    data_preprocessor=dict(mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375]))
