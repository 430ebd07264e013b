# From-scratch regime: full tiny ART whose spatial-enhancement encoder starts as the
# identity behind a learned per-channel gate (ours, se_residual_gate=0). The twin of
# art-i3d-k400-pre_synthetic_se-gate.py: does the gate open where SE helps (from
# scratch, on validation) and stay shut where it hurts (frozen pretrained tokens)?
_base_ = ['../art_uniformerv2-tiny_synthetic.py']
model = dict(cls_head=dict(se_residual_gate=0.0))
