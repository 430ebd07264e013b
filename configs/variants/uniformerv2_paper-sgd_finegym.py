# Baseline for art_uniformerv2_paper-sgd_finegym.py: the same paper schedule.
_base_ = ['../uniformerv2_finegym.py']
optim_wrapper = dict(_delete_=True, **_base_.paper_optim_wrapper)
param_scheduler = _base_.paper_param_scheduler
auto_scale_lr = _base_.paper_auto_scale_lr
