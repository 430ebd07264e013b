# Pretrained regime: the base of the validation search that adds one ART component at
# a time to the RSSA-only head (art-i3d-k400-pre_synthetic_rssa-no-se.py). Every
# component is present with the setting that switches it off, so one grid can turn
# each on with its own values and pair every setting with the same off-setting runs:
# mean aggregation (saliency is the switch), MTC, text-bank and map-overlap weights 0,
# EMA momentum 1 (S never moves), no SE layers, and RSSA's query prompts at their usual
# initial scale (0.02; a larger scale starts the K tracklets apart). With these values
# it trains the RSSA-only head (zero-weight losses give zero gradients). The grid is
# in docs/benchmarks.md.
_base_ = ['art-i3d-k400-pre_synthetic_no-se.py']
model = dict(cls_head=dict(
    prompt_init_std=0.02,
    aggregation=dict(mode='mean'),
    loss_mtc=dict(loss_weight=0.0),
    loss_text=dict(loss_weight=0.0),
    loss_map_overlap=dict(type='MapOverlapLoss', loss_weight=0.0)))
custom_hooks = _base_.reliability_hooks + [dict(type='TextBankEMAHook', momentum=1.0)]
