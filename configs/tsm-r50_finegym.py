# Baseline for art_tsm-r50_finegym.py: MMAction2's TSM ResNet-50 model (ImageNet-pretrained,
# temporal shift 1/8) with TSMHead, FineGym99 at 16 x 224, on the paper's schedule
# (paper_50e.py: SGD lr 0.01 for 64 clips, momentum 0.9, weight decay 1e-4, clipping at
# 20, x0.1 at epochs 20 and 40 of 50) and the data pipeline every FineGym pair shares
# (random resized crop and flip; 4 clips x 3 crops at test). MMAction2's own TSM-R50
# Kinetics recipe differs: lr 0.02 for 128 clips with 5 warm-up epochs, x0.1 at 25 and 45,
# a 5x rate on the classifier (TSMOptimWrapperConstructor, fc_lr5), MultiScaleCrop in
# training and a ten-crop test.
#   tools/dist_train.sh configs/tsm-r50_finegym.py 8
_base_ = ['mmaction::_base_/models/tsm_r50.py', '_base_/datasets/finegym99_frames.py',
          '_base_/schedules/paper_50e.py']
model = dict(backbone=dict(num_segments={{_base_.num_frames}}),
             cls_head=dict(num_classes={{_base_.num_classes}},
                           num_segments={{_base_.num_frames}}),
             data_preprocessor=dict(format_shape='NCHW'))
