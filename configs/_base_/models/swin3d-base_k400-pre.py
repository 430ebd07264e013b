# MMAction2's Video Swin-B (SwinTransformer3D: patch 2 x 4 x 4, window 8 x 7 x 7, drop path
# 0.3) with its I3DHead, started from MMAction2's Kinetics-400 recognizer of that backbone
# (ImageNet-1k pretrained, 32 x 2 x 1 frames, 30 epochs; configs/recognition/swin):
# the backbone reads the checkpoint's `backbone.` keys, the head starts afresh.
_base_ = ['mmaction::_base_/models/swin_tiny.py']
swin_k400_checkpoint = (
    'https://download.openmmlab.com/mmaction/v1.0/recognition/swin/'
    'swin-base-p244-w877_in1k-pre_8xb8-amp-32x2x1-30e_kinetics400-rgb/'
    'swin-base-p244-w877_in1k-pre_8xb8-amp-32x2x1-30e_kinetics400-rgb_20220930-182ec6cc.pth')
model = dict(
    backbone=dict(arch='base', drop_path_rate=0.3, pretrained=None, pretrained2d=False,
                  init_cfg=dict(type='Pretrained', checkpoint=swin_k400_checkpoint,
                                prefix='backbone.')),
    cls_head=dict(in_channels=1024))
