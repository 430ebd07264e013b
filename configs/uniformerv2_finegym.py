# Baseline for art_uniformerv2_finegym.py: MMAction2's UniFormerV2 ViT-B/16, same data/schedule.
_base_ = ['_base_/models/uniformerv2_vitb16.py', '_base_/datasets/finegym99.py',
          '_base_/schedules/clip_finetune_50e.py']
model = dict(cls_head=dict(num_classes={{_base_.num_classes}}))
