# Baseline for art_mmpretrain-convnext-tiny_finegym.py: mmpretrain's ConvNeXt-T
# (ImageNet-1k) run on each frame by MMAction2's Recognizer2D with TSNHead (frame features
# averaged over space and time), FineGym99 at 16 x 224, fine-tuned as ConvNeXt is trained.
# MMAction2 builds `mmpretrain.`-scoped types from mmpretrain's registry.
#   tools/dist_train.sh configs/mmpretrain-convnext-tiny_finegym.py 8
_base_ = ['_base_/datasets/finegym99_frames.py', '_base_/schedules/convnext_finetune_50e.py']
convnext_in1k_checkpoint = ('https://download.openmmlab.com/mmclassification/v0/convnext/'
                            'convnext-tiny_32xb128_in1k_20221207-998cf3e9.pth')
model = dict(
    type='Recognizer2D',
    backbone=dict(type='mmpretrain.ConvNeXt', arch='tiny', out_indices=(3, ),
                  drop_path_rate=0.1, gap_before_final_norm=False,
                  init_cfg=dict(type='Pretrained', prefix='backbone.',
                                checkpoint=convnext_in1k_checkpoint)),
    cls_head=dict(type='TSNHead', num_classes={{_base_.num_classes}}, in_channels=768,
                  spatial_type='avg', consensus=dict(type='AvgConsensus', dim=1),
                  dropout_ratio=0.5, average_clips='prob'),
    data_preprocessor=dict(type='ActionDataPreprocessor', mean=[123.675, 116.28, 103.53],
                           std=[58.395, 57.12, 57.375], format_shape='NCHW'))
