# Baseline for art_tsm-r50_finegym.py: MMAction2's TSM ResNet-50 (ImageNet-pretrained,
# temporal shift 1/8) with TSMHead, FineGym99 at 16 x 224, SGD on the paper's schedule
# (MMAction2's TSM recipe: lr 0.01 for 8 GPUs x 8 clips, momentum 0.9, weight decay 1e-4,
# gradient clipping at 20, x0.1 at epochs 20 and 40 of 50).
#   tools/dist_train.sh configs/tsm-r50_finegym.py 8
_base_ = ['mmaction::_base_/models/tsm_r50.py', '_base_/datasets/finegym99_frames.py',
          '_base_/schedules/paper_50e.py']
model = dict(backbone=dict(num_segments={{_base_.num_frames}}),
             cls_head=dict(num_classes={{_base_.num_classes}},
                           num_segments={{_base_.num_frames}}),
             data_preprocessor=dict(format_shape='NCHW'))
