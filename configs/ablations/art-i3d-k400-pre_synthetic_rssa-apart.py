# The frozen-I3D default head before the validation search of
# docs/plans/search_i3d_limb16_parts.json: the default head without the MTC loss, at the
# schedule's learning rate (2e-3), i.e. RSSA alone with its K tracklets kept apart (query
# prompts at scale 1.0, map-overlap term 1.0), no SE, mean aggregation, no text-bank loss
# or fine-tuning. It was set by a
# rule on the test split (docs/benchmarks.md, "Choices that saw test numbers"); the
# comparisons with the attentive probe on the limb, ball and sixteen-class families, the
# text controls (configs/controls/) and ART on the frozen ViT-S/14 were run with it.
_base_ = ['art-i3d-k400-pre_synthetic_lr2e-3.py']
model = dict(cls_head=dict(loss_mtc=dict(loss_weight=0.0)))
