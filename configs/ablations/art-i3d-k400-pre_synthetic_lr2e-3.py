# The frozen-I3D default head at the schedule's learning rate (2e-3), the head the
# validation search of docs/plans/search_i3d_limb16_parts.json chose (RSSA with its
# tracklets kept apart, plus the MTC loss) before its own learning-rate search chose 1e-3:
# the ART head of the sweep in docs/plans/credit_i3d_limb16_chosen.json.
_base_ = ['../art_i3d-inception-k400-pre_synthetic.py']
optim_wrapper = dict(optimizer=dict(lr=2e-3))
