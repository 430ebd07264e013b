# Baseline: MMAction2's UniFormerV2 + UniFormerHead, tiny, on the synthetic
# fine-grained data. ART's tiny twin (art_uniformerv2-tiny_synthetic.py) inherits
# this file and changes only the model.
_base_ = [
    'mmaction::_base_/default_runtime.py',
    '_base_/synthetic_data.py',
    '_base_/models/uniformerv2_tiny.py',
]

model = dict(backbone=dict(t_size={{_base_.num_frames}},
                           input_resolution={{_base_.input_size}}),
             cls_head=dict(num_classes={{_base_.num_classes}}))

max_epochs = 30
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=max_epochs, val_begin=1,
                 val_interval=1)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')

optim_wrapper = dict(
    optimizer=dict(type='AdamW', lr=2e-3, betas=(0.9, 0.999), weight_decay=0.05),
    paramwise_cfg=dict(norm_decay_mult=0.0, bias_decay_mult=0.0),
    clip_grad=dict(max_norm=5, norm_type=2))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.1, by_epoch=True, begin=0, end=2,
         convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', T_max=max_epochs - 2, eta_min=1e-5,
         by_epoch=True, begin=2, end=max_epochs, convert_to_iter_based=True),
]

default_hooks = dict(
    checkpoint=dict(interval=1, max_keep_ckpts=2, save_best='acc/top1', rule='greater'),
    logger=dict(interval=20))
env_cfg = dict(dist_cfg=dict(backend='gloo'))
# Repeatable runs: the same seed gives the same weights twice on one machine
# (deterministic algorithms, a fixed intra-op thread count, seeded workers). Another
# CPU kind, thread count or PyTorch build rounds floats differently and can end
# several points apart (docs/benchmarks.md, "The protocol").
randomness = dict(seed=0, deterministic=True)
num_threads = 2
auto_scale_lr = dict(enable=False, base_batch_size=8)
# Reliability hooks (art_mmaction.engine): end-of-epoch count of skipped bad
# videos; RNG state in checkpoints so --resume continues the same random stream.
reliability_hooks = [dict(type='BadVideoReportHook'), dict(type='RNGStateHook')]
custom_hooks = reliability_hooks
