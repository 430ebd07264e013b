# Pretrained regime: full ART (saliency aggregation, MTC, text-bank fine-tuning) without
# the spatial-enhancement encoder. Added after the ablation showed that, on the frozen
# I3D, RSSA without SE beats RSSA with SE in every seed: this run tests whether the rest
# of the head keeps that gain (a choice made after seeing the ablation, see README).
_base_ = ['../art_i3d-inception-k400-pre_synthetic.py']
model = dict(cls_head=dict(se_layers=0))
