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
# An ImageNet CNN is fine-tuned with SGD as in MMAction2's TSM recipes: the paper's
# literal schedule (_base_/schedules/paper_50e.py: lr 0.01 for 8 GPUs x 8 clips,
# x0.1 at epochs 20 and 40) instead of the CLIP-ViT AdamW recipe inherited above.
optim_wrapper = dict(
    _delete_=True,
    optimizer=dict(type='SGD', lr=0.01, momentum=0.9, weight_decay=1e-4),
    paramwise_cfg=dict(norm_decay_mult=0.0, bias_decay_mult=0.0),
    clip_grad=dict(max_norm=20, norm_type=2))
param_scheduler = [dict(type='MultiStepLR', by_epoch=True, begin=0, end=50, milestones=[20, 40],
                        gamma=0.1)]
auto_scale_lr = dict(enable=False, base_batch_size=64)
