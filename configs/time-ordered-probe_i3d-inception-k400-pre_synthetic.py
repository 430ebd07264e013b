# A linear probe that sees time, on the frozen Kinetics-400 I3D: it reads the ART head's
# inputs (x_cls = pooled Mixed_5c and the 4 x 7 x 7 Mixed_4f tokens, from the same cache)
# and classifies [x_cls; each token frame's Mixed_4f pooled over space, in order] with one
# linear layer (TimeOrderedLinearHead). Where MMAction2's I3DHead averages over time, this
# probe can tell early from late. Optimisation as the pooled probe
# (i3d-inception-k400-pre_synthetic.py): the schedule's lr (2e-3, not the ART head's
# searched 1e-3), the classifier at 5x, no dropout.
_base_ = ['art_i3d-inception-k400-pre_synthetic.py']
model = dict(cls_head=dict(
    _delete_=True,
    type='TimeOrderedLinearHead',
    num_classes={{_base_.num_classes}},
    in_channels=1024,
    token_channels=832,
    num_frames=4,
    dropout_ratio=0.0,
    average_clips='prob'))
optim_wrapper = dict(optimizer=dict(lr=2e-3),
                     paramwise_cfg=dict(custom_keys={'cls_head.fc_cls': dict(lr_mult=5.0)}))
custom_hooks = _base_.reliability_hooks
val_evaluator = [dict(type='AccMetric')]
test_evaluator = val_evaluator
