# ART, UniFormerV2 ViT-B/16, FineGym99, with RandAugment in training as MMAction2's
# UniFormerV2 recipes have it (_base_/datasets/video_16x224.py: `rand_augment`).
_base_ = ['../art_uniformerv2_finegym.py']
train_dataloader = dict(dataset=dict(pipeline=_base_.train_pipeline_rand_augment))
