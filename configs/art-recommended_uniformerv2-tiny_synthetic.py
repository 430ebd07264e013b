# ART's tiny twin with the head chosen on the validation split, trained from scratch:
# same backbone, data, schedule and seeds as uniformerv2-tiny_synthetic.py and the
# paper-faithful art_uniformerv2-tiny_synthetic.py (the demo's head), which this file
# changes in three ways:
# - RSSA's tracklets are weighted by the saliency aggregation.
# - The K tracklets look at different regions: RSSA's query prompts start at scale 1.0
#   instead of 0.02, and the map-overlap term (weight 1.0) keeps their maps apart.
# - No other part of the paper's head is on: no SE layers, MTC and text-bank weights 0,
#   a text bank that stays as built (EMA momentum 1). This file is the search base
#   ablations/art-tiny_synthetic_add-one-search.py (the RSSA-only head, with those parts
#   present at the values that switch them off) with the two chosen parts switched on,
#   so it trains the setting the search chose.
# The search, its rule and the test report are in docs/benchmarks.md.
_base_ = ['ablations/art-tiny_synthetic_add-one-search.py']
model = dict(cls_head=dict(
    prompt_init_std=1.0,
    aggregation=dict(mode='saliency'),
    loss_map_overlap=dict(loss_weight=1.0)))
