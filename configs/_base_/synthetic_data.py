# The synthetic fine-grained dataset made by tools/data/make_synthetic_dataset.py.
# Move it with one key: --cfg-options synthetic_root=data/other (or data_root=...,
# ann_file_train=..., ...). mmengine has already written these variables into the
# dataloaders and the text bank's path; our tools/train.py, test.py, infer.py and
# eval_tracking.py also rewrite every key that held the old path and log them
# (art_mmaction.engine.apply_cfg_options). With MMAction2's own tools, set the
# dataloaders' keys (train_dataloader.dataset.ann_file, ...) instead.
custom_imports = dict(imports=['art_mmaction'], allow_failed_imports=False)

num_classes = 8
num_frames = 8
input_size = 64
synthetic_root = 'data/synthetic'
data_root = synthetic_root + '/videos'
ann_file_train = synthetic_root + '/train.txt'
ann_file_val = synthetic_root + '/val.txt'
ann_file_test = synthetic_root + '/test.txt'
class_names_file = synthetic_root + '/classnames.txt'
# Built by tools/data/build_text_bank.py from class_names_file (ART configs only).
text_bank_file = synthetic_root + '/text_bank.pth'

# MMAction2's VideoDataset plus a decode-safe path: bad videos are skipped with a
# warning in training, and stop validation/testing with an error naming the file.
dataset_type = 'SafeVideoDataset'
file_client_args = dict(io_backend='disk')
train_pipeline = [
    dict(type='DecordInit', **file_client_args),
    dict(type='UniformSample', clip_len=num_frames, num_clips=1),
    dict(type='DecordDecode'),
    dict(type='Resize', scale=(-1, input_size)),
    dict(type='RandomResizedCrop', area_range=(0.7, 1.0)),
    dict(type='Resize', scale=(input_size, input_size), keep_ratio=False),
    dict(type='Flip', flip_ratio=0.5),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
val_pipeline = [
    dict(type='DecordInit', **file_client_args),
    dict(type='UniformSample', clip_len=num_frames, num_clips=1, test_mode=True),
    dict(type='DecordDecode'),
    dict(type='Resize', scale=(-1, input_size)),
    dict(type='CenterCrop', crop_size=input_size),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
test_pipeline = [
    dict(type='DecordInit', **file_client_args),
    dict(type='UniformSample', clip_len=num_frames, num_clips=2, test_mode=True),
    dict(type='DecordDecode'),
    dict(type='Resize', scale=(-1, input_size)),
    dict(type='CenterCrop', crop_size=input_size),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
train_dataloader = dict(
    batch_size=8,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type=dataset_type,
        ann_file=ann_file_train,
        data_prefix=dict(video=data_root),
        pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=8,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type=dataset_type,
        ann_file=ann_file_val,
        data_prefix=dict(video=data_root),
        pipeline=val_pipeline,
        test_mode=True))
test_dataloader = dict(
    batch_size=4,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type=dataset_type,
        ann_file=ann_file_test,
        data_prefix=dict(video=data_root),
        pipeline=test_pipeline,
        test_mode=True))
val_evaluator = dict(type='AccMetric')
test_evaluator = val_evaluator
