# ART on Video Swin-B: the baseline's backbone (same weights, same recipe) behind
# FeatureMapTokenAdapter (mode '3d': tokens are the last stage's 7 x 7 map of each of
# its 8 token frames at 16 x 224, x_cls their mean) and the ART head with the paper's
# settings in place of I3DHead.
#   tools/dist_train.sh configs/art_swin-base-p244-w877_k400-pre_finegym.py 8 --amp
# Text bank (one key, `text_bank_file`, in the dataset file): docs/text_banks.md.
_base_ = ['swin-base-p244-w877_k400-pre_finegym.py', '_base_/models/art_head.py',
          '_base_/art_runtime.py']
model = dict(
    type='ARTRecognizer',
    backbone=dict(_delete_=True, type='FeatureMapTokenAdapter', mode='3d',
                  backbone=_base_.model.backbone),
    cls_head={**_base_.art_head, '_delete_': True, 'num_classes': _base_.num_classes,
              'in_channels': 1024, 'num_tokens': 49,
              'bank': {**_base_.art_head.bank, 'bank_file': _base_.text_bank_file},
              'with_cp': True})
custom_hooks = _base_.reliability_hooks + _base_.art_hooks
val_evaluator = _base_.art_evaluator
test_evaluator = val_evaluator
