# The attentive probe on the frozen ViT-S/14 frame tokens of
# art_dinov2-vit-s14-focus_synthetic.py (same cache, data, schedule and seeds): the same
# x_cls and 8 x 8 x 8 tokens with the same space and time embeddings, at the ART head's
# RSSA width, depth, heads and dropout, K = 2 learned queries, no text, no tracklets.
_base_ = ['art_dinov2-vit-s14-focus_synthetic.py']
model = dict(cls_head=dict(
    _delete_=True,
    type='AttentiveProbeHead',
    num_classes={{_base_.num_classes}},
    in_channels=384,
    token_channels=384,
    embed_dims=256,
    num_queries=2,
    num_tokens=64,
    num_frames={{_base_.num_frames}},
    num_layers=2,
    num_heads=8,
    ffn_ratio=4.0,
    layer_dropout=0.1,
    dropout_ratio=0.5,
    average_clips='prob'))
custom_hooks = _base_.reliability_hooks
val_evaluator = [dict(type='AccMetric')]
test_evaluator = val_evaluator
