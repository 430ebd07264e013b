# The attentive probe from scratch: the twin of
# art-recommended_uniformerv2-tiny_synthetic.py (same tiny UniFormerV2, data, 30-epoch
# schedule, seeds). AttentiveProbeHead reads the same x_cls and the same 8 x 4 x 4 frame
# tokens, at the ART head's RSSA width, depth, heads and dropout (d = 64, 2 blocks,
# 4 heads, FFN ratio 2, dropout 0.1 inside and 0.3 before the classifiers, Xavier init),
# with K = 2 learned queries over all T x L tokens; no text, no tracklets.
_base_ = ['art_uniformerv2-tiny_synthetic.py']
model = dict(cls_head=dict(
    _delete_=True,
    type='AttentiveProbeHead',
    num_classes={{_base_.num_classes}},
    in_channels=64,
    embed_dims=64,
    num_queries=2,
    num_tokens=16,
    num_frames={{_base_.num_frames}},
    num_layers=2,
    num_heads=4,
    ffn_ratio=2.0,
    layer_dropout=0.1,
    dropout_ratio=0.3,
    average_clips='prob',
    init_cfg=dict(type='Xavier', layer='Linear')))
custom_hooks = _base_.reliability_hooks
val_evaluator = [dict(type='AccMetric')]
test_evaluator = val_evaluator
