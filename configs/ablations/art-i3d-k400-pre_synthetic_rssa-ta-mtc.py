# Pretrained-regime ablation: + RSSA + aggregation + the MTC loss (gamma1 = 1, as the
# full config); adding text-bank fine-tuning gives art-paper_i3d-inception-k400-pre_synthetic.py.
_base_ = ['art-i3d-k400-pre_synthetic_rssa-ta.py']
model = dict(cls_head=dict(loss_mtc=dict(_delete_=True, type='MTCLoss', temporal_margin=0.6,
                                         loss_weight=1.0)))
