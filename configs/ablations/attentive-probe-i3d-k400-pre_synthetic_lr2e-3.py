# The frozen-I3D attentive probe at the ART head's learning rate (2e-3), the value it
# trained at until its own validation search chose 1e-3: the probe that the earlier
# frozen-I3D sweeps in docs/benchmarks.md ran (limb, ball, sixteen-class limb).
_base_ = ['../attentive-probe_i3d-inception-k400-pre_synthetic.py']
optim_wrapper = dict(optimizer=dict(lr=2e-3))
