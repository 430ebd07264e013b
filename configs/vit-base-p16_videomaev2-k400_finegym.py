# Baseline for art_vit-base-p16_videomaev2-k400_finegym.py: MMAction2's ViT-B/16 of
# VideoMAE V2 from its Kinetics-400 checkpoint, TimeSformerHead, FineGym99 at 16 x 224,
# VideoMAE's fine-tuning recipe.
#   tools/dist_train.sh configs/vit-base-p16_videomaev2-k400_finegym.py 8 --amp
_base_ = ['_base_/models/vit-base-p16_videomaev2-k400.py', '_base_/datasets/finegym99.py',
          '_base_/schedules/vit_finetune_40e.py']
model = dict(cls_head=dict(num_classes={{_base_.num_classes}}))
