# Text control: the default frozen-I3D ART head (../art_i3d-inception-k400-pre_synthetic.py:
# RSSA with the MTC loss, tracklets kept apart, learning rate 1e-3) on a bank of random
# vectors with the real bank's norms (no language at all):
#   python tools/data/control_text_bank.py data/synthetic_v400/text_bank.pth \
#       data/synthetic_v400/text_bank_random.pth --control random --seed 0
_base_ = ['../art_i3d-inception-k400-pre_synthetic.py']
model = dict(cls_head=dict(bank=dict(
    bank_file=_base_.synthetic_root + '/text_bank_random.pth')))
