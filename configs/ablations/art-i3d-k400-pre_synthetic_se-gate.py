# Pretrained regime: full ART whose spatial-enhancement encoder starts as the identity
# (ours): a learned per-channel gate, initialised at 0, blends SE's output into its
# input (out = x + g * (SE(x) - x)). The ablation found that SE, as the paper builds
# it, scrambles the frozen I3D's tokens; this tests whether SE kept but gated keeps
# the accuracy of full ART without SE.
_base_ = ['../art-paper_i3d-inception-k400-pre_synthetic.py']
model = dict(cls_head=dict(se_residual_gate=0.0))
