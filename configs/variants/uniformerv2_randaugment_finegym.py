# Baseline for art_uniformerv2_randaugment_finegym.py: the same RandAugment.
_base_ = ['../uniformerv2_finegym.py']
train_dataloader = dict(dataset=dict(pipeline=_base_.train_pipeline_rand_augment))
