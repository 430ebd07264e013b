# Ablation "w/o text-bank fine-tuning": S stays S0 (no text losses, no EMA hook).
_base_ = ['../art_uniformerv2_finegym.py']
model = dict(cls_head=dict(loss_text=None))
custom_hooks = _base_.reliability_hooks
