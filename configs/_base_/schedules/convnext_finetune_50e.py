# Fine-tuning an ImageNet ConvNeXt per frame, as ConvNeXt is trained (Liu et al., 2022: AdamW,
# weight decay 0.05 except on norms and biases, linear warm-up then cosine decay), for the
# paper's 50 epochs. Ours: lr 1e-4 for 8 GPUs x 8 clips (a fine-tuning rate: ConvNeXt's
# ImageNet-1k fine-tuning runs at 5e-5 for 512 images; a new video label space gets more),
# 5 warm-up epochs from lr/10 and decay to lr/100, gradient clipping at 20.
_base_ = ['paper_50e.py']
max_epochs = {{_base_.max_epochs}}
warmup_epochs = 5
optim_wrapper = dict(
    _delete_=True,
    optimizer=dict(type='AdamW', lr=1e-4, betas=(0.9, 0.999), weight_decay=0.05),
    paramwise_cfg=dict(norm_decay_mult=0.0, bias_decay_mult=0.0),
    clip_grad=dict(max_norm=20, norm_type=2))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.1, by_epoch=True, begin=0, end=warmup_epochs,
         convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', eta_min_ratio=0.01, by_epoch=True, begin=warmup_epochs,
         end=max_epochs, convert_to_iter_based=True),
]
# lr 1e-4 is for 64 clips a step, rescaled to your total batch (paper_50e.py's rule).
auto_scale_lr = dict(enable=True, base_batch_size=64)
