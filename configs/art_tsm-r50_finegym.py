# ART on a 2D CNN (the paper's CNN setting): the baseline's ResNetTSM-50 (same weights,
# same schedule) through FeatureMapTokenAdapter (tokens = the 7 x 7 map of each frame,
# x_cls = its mean) and the ART head with the paper's settings in place of TSMHead.
#   tools/dist_train.sh configs/art_tsm-r50_finegym.py 8
_base_ = ['tsm-r50_finegym.py', '_base_/models/art_head.py', '_base_/art_runtime.py']
model = dict(
    type='ARTRecognizer',
    backbone=dict(_delete_=True, type='FeatureMapTokenAdapter', mode='2d',
                  backbone=_base_.model.backbone),
    cls_head={**_base_.art_head, '_delete_': True, 'num_classes': _base_.num_classes,
              'in_channels': 2048, 'num_tokens': 49,
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
