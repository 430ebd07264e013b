# Pretrained-regime ablation (the frozen Kinetics-400 I3D protocol), step 1: baseline
# + RSSA. SE + RSSA tracklets, mean pooling over time, no MTC loss, no text-bank
# fine-tuning; the same switches as art-tiny_synthetic_rssa.py.
_base_ = ['../art-paper_i3d-inception-k400-pre_synthetic.py']
model = dict(cls_head=dict(aggregation=dict(mode='mean'), loss_mtc=None, loss_text=None))
custom_hooks = _base_.reliability_hooks
