# ART, UniFormerV2 ViT-B/16, FineGym99, trained with the paper's own schedule (SGD, lr 0.01
# for 64 clips rescaled to your batch, x0.1 at epochs 20 and 40 of 50) in place of
# MMAction2's UniFormerV2 fine-tuning recipe (_base_/schedules/clip_finetune_50e.py says why
# that is the default).
_base_ = ['../art_uniformerv2_finegym.py']
optim_wrapper = dict(_delete_=True, **_base_.paper_optim_wrapper)
param_scheduler = _base_.paper_param_scheduler
auto_scale_lr = _base_.paper_auto_scale_lr
