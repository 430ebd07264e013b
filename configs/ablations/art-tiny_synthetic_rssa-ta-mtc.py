# Synthetic ablation: + RSSA + TA + MTC loss. Adding text-bank fine-tuning gives
# the full tiny ART config (art_uniformerv2-tiny_synthetic.py).
_base_ = ['art-tiny_synthetic_rssa-ta.py']
model = dict(cls_head=dict(loss_mtc=dict(_delete_=True, type='MTCLoss', temporal_margin=0.6, loss_weight=1.0)))
