# ART, UniFormerV2 ViT-B/16, FineGym99, 16 x 224, the paper's settings.
#   tools/dist_train.sh configs/art_uniformerv2_finegym.py 8
# Text bank (one key, `text_bank_file`, in the dataset file): docs/text_banks.md.
_base_ = ['_base_/models/art_uniformerv2_vitb16.py', '_base_/datasets/finegym99.py',
          '_base_/schedules/clip_finetune_50e.py', '_base_/art_runtime.py']
model = dict(cls_head=dict(num_classes={{_base_.num_classes}},
                           bank=dict(bank_file={{_base_.text_bank_file}})))
custom_hooks = _base_.reliability_hooks + _base_.art_hooks
val_evaluator = _base_.art_evaluator
test_evaluator = val_evaluator
