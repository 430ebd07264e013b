# The linear probe that keeps time order, on the frozen ViT-S/14 frame tokens of
# art_dinov2-vit-s14-focus_synthetic.py (same cache, data, schedule and seeds): one linear
# layer on [x_cls; each frame's tokens pooled over space, in order]. Optimisation as the
# frozen-I3D linear probes (the classifier at 5x the schedule's lr, no dropout).
_base_ = ['art_dinov2-vit-s14-focus_synthetic.py']
model = dict(cls_head=dict(
    _delete_=True,
    type='TimeOrderedLinearHead',
    num_classes={{_base_.num_classes}},
    in_channels=384,
    token_channels=384,
    num_frames={{_base_.num_frames}},
    dropout_ratio=0.0,
    average_clips='prob'))
optim_wrapper = dict(paramwise_cfg=dict(custom_keys={'cls_head.fc_cls': dict(lr_mult=5.0)}))
custom_hooks = _base_.reliability_hooks
val_evaluator = [dict(type='AccMetric')]
test_evaluator = val_evaluator
