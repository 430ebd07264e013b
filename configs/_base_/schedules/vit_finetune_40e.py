# VideoMAE's fine-tuning recipe for a ViT-B (its repository's ViT-B fine-tuning scripts;
# MMAction2 ships VideoMAE and VideoMAE V2 for testing only): AdamW, betas (0.9, 0.999),
# weight decay 0.05 (none on biases, norms and position embeddings), base lr 1e-3 for a
# total batch of 256, rescaled linearly to yours by auto_scale_lr (8 GPUs x 8 clips:
# 2.5e-4), fp16 mixed precision as VideoMAE fine-tunes (AmpOptimWrapper; our
# tools/train.py runs it in bfloat16 autocast on a machine without CUDA, and says so),
# layer-wise lr decay 0.75 over the 12 blocks (ViTLayerDecayOptimWrapperConstructor,
# which finds the blocks inside ART's adapter too), 5 warm-up epochs then cosine decay to
# 1e-6. Ours: gradient clipping at 20 (as the other schedules) and 40 epochs, the count
# of VideoMAE's Something-Something V2 script (a label space unlike Kinetics', as
# FineGym's is).
_base_ = ['paper_50e.py']
max_epochs = 40
warmup_epochs = 5
train_cfg = dict(max_epochs=max_epochs)
optim_wrapper = dict(
    _delete_=True,
    type='AmpOptimWrapper',
    optimizer=dict(type='AdamW', lr=1e-3, betas=(0.9, 0.999), weight_decay=0.05),
    constructor='ViTLayerDecayOptimWrapperConstructor',
    paramwise_cfg=dict(num_layers=12, decay_rate=0.75),
    clip_grad=dict(max_norm=20, norm_type=2))
param_scheduler = [
    dict(type='LinearLR', start_factor=1e-3, by_epoch=True, begin=0, end=warmup_epochs,
         convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', eta_min=1e-6, by_epoch=True, begin=warmup_epochs,
         end=max_epochs, convert_to_iter_based=True),
]
# lr 1e-3 is for 256 clips a step; the Runner rescales it to your total batch.
auto_scale_lr = dict(enable=True, base_batch_size=256)
