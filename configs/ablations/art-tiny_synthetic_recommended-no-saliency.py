# Leave-one-out of the recommended tiny ART: the saliency aggregation taken out again
# (mean over the tracklets), everything else as art-recommended_uniformerv2-tiny_synthetic.py.
_base_ = ['../art-recommended_uniformerv2-tiny_synthetic.py']
model = dict(cls_head=dict(aggregation=dict(mode='mean')))
