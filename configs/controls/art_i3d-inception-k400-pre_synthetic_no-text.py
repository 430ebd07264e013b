# Text control: the default frozen-I3D ART head (../art_i3d-inception-k400-pre_synthetic.py:
# RSSA with the MTC loss, tracklets kept apart, learning rate 1e-3) with its queries' text
# taken out. The K picked class semantics are replaced by K learned class-agnostic vectors
# (query_semantics='learned'); everything else, the top-K pick included, is unchanged.
_base_ = ['../art_i3d-inception-k400-pre_synthetic.py']
model = dict(cls_head=dict(query_semantics='learned'))
