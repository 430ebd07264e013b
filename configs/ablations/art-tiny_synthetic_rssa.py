# Synthetic ablation (paper Table IV style), step 1: baseline + RSSA.
# SE + RSSA tracklets, mean pooling over time, no MTC loss, no text-bank fine-tuning.
_base_ = ['../art_uniformerv2-tiny_synthetic.py']
model = dict(cls_head=dict(aggregation=dict(mode='mean'), loss_mtc=None, loss_text=None))
custom_hooks = _base_.reliability_hooks
