# Text control: the RSSA-apart frozen-I3D ART head (ablations/art-i3d-k400-pre_synthetic_rssa-apart.py,
# the default before MTC was chosen on validation) with its queries' text taken out. The K
# picked class semantics are replaced by K learned class-agnostic vectors
# (query_semantics='learned'); everything else, the top-K pick included, is unchanged.
_base_ = ['../ablations/art-i3d-k400-pre_synthetic_rssa-apart.py']
model = dict(cls_head=dict(query_semantics='learned'))
