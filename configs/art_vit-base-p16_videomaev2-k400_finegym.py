# ART on the ViT-B/16 of VideoMAE V2: the baseline's backbone (same weights, same recipe)
# returning its feature map (return_feat_map=True) behind FeatureMapTokenAdapter (mode
# '3d': 14 x 14 tokens for each of its 8 token frames at 16 x 224), with the ViT's fc_norm
# on x_cls and the tokens, so that x_cls is what the baseline's head reads; the ART head
# with the paper's settings in place of TimeSformerHead.
#   tools/dist_train.sh configs/art_vit-base-p16_videomaev2-k400_finegym.py 8 --amp
# Text bank (one key, `text_bank_file`, in the dataset file): docs/text_banks.md.
_base_ = ['vit-base-p16_videomaev2-k400_finegym.py', '_base_/models/art_head.py',
          '_base_/art_runtime.py']
model = dict(
    type='ARTRecognizer',
    backbone=dict(_delete_=True, type='FeatureMapTokenAdapter', mode='3d',
                  feature_norm='fc_norm',
                  backbone={**_base_.model.backbone, 'return_feat_map': True}),
    cls_head={**_base_.art_head, '_delete_': True, 'num_classes': _base_.num_classes,
              'in_channels': 768, 'num_tokens': 196,
              'bank': {**_base_.art_head.bank, 'bank_file': _base_.text_bank_file},
              'with_cp': True})
custom_hooks = _base_.reliability_hooks + _base_.art_hooks
val_evaluator = _base_.art_evaluator
test_evaluator = val_evaluator
