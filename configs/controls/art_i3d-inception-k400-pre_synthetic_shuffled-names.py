# Text control: the default frozen-I3D ART head (../art_i3d-inception-k400-pre_synthetic.py:
# RSSA with the MTC loss, tracklets kept apart, learning rate 1e-3) on a bank whose class
# names are permuted (row c holds the text of another class; a fixed permutation without
# fixed points):
#   python tools/data/control_text_bank.py data/synthetic_v400/text_bank.pth \
#       data/synthetic_v400/text_bank_shuffled-names.pth --control shuffled-names --seed 0
_base_ = ['../art_i3d-inception-k400-pre_synthetic.py']
model = dict(cls_head=dict(bank=dict(
    bank_file=_base_.synthetic_root + '/text_bank_shuffled-names.pth')))
