# MMAction2's Video Swin recipe (configs/recognition/swin, Kinetics-400): AdamW at lr 1e-3
# for 8 GPUs x 8 clips, betas (0.9, 0.999), weight decay 0.05 except on norms, absolute
# position embeddings and relative position bias tables; the backbone at 0.1 x the lr
# (SwinOptimWrapperConstructor matches these names inside ART's adapter too); 2.5
# warm-up epochs from lr/10, then cosine decay to 0 over 30 epochs, in fp16 mixed precision
# (AmpOptimWrapper, as MMAction2 trains it; our tools/train.py runs it in bfloat16 autocast
# on a machine without CUDA, and says so).
_base_ = ['paper_50e.py']
max_epochs = 30
train_cfg = dict(max_epochs=max_epochs)
optim_wrapper = dict(
    _delete_=True,
    type='AmpOptimWrapper',
    optimizer=dict(type='AdamW', lr=1e-3, betas=(0.9, 0.999), weight_decay=0.05),
    constructor='SwinOptimWrapperConstructor',
    paramwise_cfg=dict(absolute_pos_embed=dict(decay_mult=0.),
                       relative_position_bias_table=dict(decay_mult=0.),
                       norm=dict(decay_mult=0.),
                       backbone=dict(lr_mult=0.1)))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.1, by_epoch=True, begin=0, end=2.5,
         convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', T_max=max_epochs, eta_min=0, by_epoch=True, begin=0,
         end=max_epochs)
]
# lr 1e-3 is for 64 clips a step, rescaled to your total batch (paper_50e.py's rule).
auto_scale_lr = dict(enable=True, base_batch_size=64)
