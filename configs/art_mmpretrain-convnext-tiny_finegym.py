# ART on an mmpretrain backbone through the same adapter: the baseline's ConvNeXt-T (same
# weights, same schedule), per frame, with the ART head in place of TSNHead.
_base_ = ['mmpretrain-convnext-tiny_finegym.py', '_base_/models/art_head.py',
          '_base_/art_runtime.py']
model = dict(
    type='ARTRecognizer',
    backbone=dict(_delete_=True, type='FeatureMapTokenAdapter', mode='2d',
                  backbone=_base_.model.backbone),
    cls_head={**_base_.art_head, '_delete_': True, 'num_classes': _base_.num_classes,
              'in_channels': 768, 'num_tokens': 49,
              'bank': {**_base_.art_head.bank, 'bank_file': _base_.text_bank_file},
              'with_cp': True},
    data_preprocessor=dict(format_shape='NCTHW'))
# ART reads clips (N, C, T, H, W): the dataset file's pipelines as they are.
train_dataloader = dict(dataset=dict(pipeline=_base_.train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=_base_.val_pipeline))
test_dataloader = dict(dataset=dict(pipeline=_base_.test_pipeline))
custom_hooks = _base_.reliability_hooks + _base_.art_hooks
val_evaluator = _base_.art_evaluator
test_evaluator = val_evaluator
