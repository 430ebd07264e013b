# FineGym99 as in finegym99.py, each clip handed to MMAction2's Recognizer2D as its 16
# frames (FormatShape NCHW): the baselines of the per-frame CNNs read the same clips as
# their ART twins, which keep finegym99.py's clip layout (NCTHW).
_base_ = ['finegym99.py']
images = [dict(type='FormatShape', input_format='NCHW'), dict(type='PackActionInputs')]
train_dataloader = dict(dataset=dict(pipeline=_base_.train_pipeline[:-2] + images))
val_dataloader = dict(dataset=dict(pipeline=_base_.val_pipeline[:-2] + images))
test_dataloader = dict(dataset=dict(pipeline=_base_.test_pipeline[:-2] + images))
