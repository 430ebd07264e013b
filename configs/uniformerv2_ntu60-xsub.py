# Baseline for art_uniformerv2_ntu60-xsub.py: MMAction2's UniFormerV2 ViT-B/16.
_base_ = ['_base_/models/uniformerv2_vitb16.py', '_base_/datasets/ntu60_xsub.py',
          '_base_/schedules/clip_finetune_50e.py']
model = dict(cls_head=dict(num_classes={{_base_.num_classes}}))
