# Ablation "w/o tracklet aggregation": tracklets mean-pooled over time.
_base_ = ['../art_uniformerv2_finegym.py']
model = dict(cls_head=dict(aggregation=dict(mode='mean')))
