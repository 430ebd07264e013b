# Leave-one-out of the recommended tiny ART: the tracklets no longer kept apart (prompts at
# the usual 0.02, map-overlap weight 0), everything else as
# art-recommended_uniformerv2-tiny_synthetic.py.
_base_ = ['../art-recommended_uniformerv2-tiny_synthetic.py']
model = dict(cls_head=dict(prompt_init_std=0.02, loss_map_overlap=dict(loss_weight=0.0)))
