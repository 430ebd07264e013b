# Pretrained regime: full ART (saliency aggregation, MTC, text-bank fine-tuning) without
# the spatial-enhancement encoder. Added after the validation ablation showed that, on
# the frozen I3D, RSSA without SE beat RSSA with SE: this tests whether the rest of the
# head keeps that gain (a variant chosen on validation; reported on test, docs/benchmarks.md).
_base_ = ['../art-paper_i3d-inception-k400-pre_synthetic.py']
model = dict(cls_head=dict(se_layers=0))
