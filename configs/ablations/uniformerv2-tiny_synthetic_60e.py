# The tiny baseline with twice the schedule (60 epochs, the cosine decay stretched to match),
# to check on validation whether 30 epochs leave it under-trained; docs/benchmarks.md.
_base_ = ['../uniformerv2-tiny_synthetic.py']
max_epochs = 60
train_cfg = dict(max_epochs=max_epochs)
param_scheduler = [_base_.param_scheduler[0],
                   dict(_base_.param_scheduler[1], T_max=max_epochs - 2, end=max_epochs)]
