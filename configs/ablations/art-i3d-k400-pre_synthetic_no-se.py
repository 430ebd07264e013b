# Pretrained regime: full ART (saliency aggregation, MTC, text-bank fine-tuning) without
# the spatial-enhancement encoder, for an ablation of SE on the frozen I3D.
_base_ = ['../art-paper_i3d-inception-k400-pre_synthetic.py']
model = dict(cls_head=dict(se_layers=0))
