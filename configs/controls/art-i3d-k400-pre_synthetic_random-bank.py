# Text control: the RSSA-apart frozen-I3D ART head (ablations/art-i3d-k400-pre_synthetic_rssa-apart.py,
# the default before MTC was chosen on validation) on a bank of random vectors with the real
# bank's norms (no language at all):
#   python tools/data/control_text_bank.py data/synthetic_v400/text_bank.pth \
#       data/synthetic_v400/text_bank_random.pth --control random --seed 0
_base_ = ['../ablations/art-i3d-k400-pre_synthetic_rssa-apart.py']
model = dict(cls_head=dict(bank=dict(
    bank_file=_base_.synthetic_root + '/text_bank_random.pth')))
