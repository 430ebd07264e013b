# Baseline for art_swin-base-p244-w877_k400-pre_finegym.py: MMAction2's Video Swin-B from its
# Kinetics-400 checkpoint, I3DHead, FineGym99 at 16 x 224, MMAction2's Swin recipe.
#   tools/dist_train.sh configs/swin-base-p244-w877_k400-pre_finegym.py 8 --amp
_base_ = ['_base_/models/swin3d-base_k400-pre.py', '_base_/datasets/finegym99.py',
          '_base_/schedules/swin_finetune_30e.py']
model = dict(cls_head=dict(num_classes={{_base_.num_classes}}))
