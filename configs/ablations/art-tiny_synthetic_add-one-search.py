# From-scratch regime: the base of the validation search that adds one ART component at
# a time to the tiny RSSA-only head. Like its frozen-I3D twin
# (art-i3d-k400-pre_synthetic_add-one-search.py), every component is present with the
# setting that switches it off, so one grid turns each on with its own values and pairs
# every setting with the same off-setting runs: no SE layers, mean aggregation (saliency
# is the switch), MTC, text-bank and map-overlap weights 0, EMA momentum 1 (S never
# moves), and RSSA's query prompts at their usual initial scale (0.02). With these values
# it trains the tiny RSSA-only head. The grid is in docs/benchmarks.md.
_base_ = ['../art_uniformerv2-tiny_synthetic.py']
model = dict(cls_head=dict(
    se_layers=0,
    prompt_init_std=0.02,
    aggregation=dict(mode='mean'),
    loss_mtc=dict(loss_weight=0.0),
    loss_text=dict(loss_weight=0.0),
    loss_map_overlap=dict(type='MapOverlapLoss', loss_weight=0.0)))
custom_hooks = _base_.reliability_hooks + [dict(type='TextBankEMAHook', momentum=1.0)]
