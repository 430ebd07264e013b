# Sparse 16-frame sampling at 224 x 224 (the paper's setting), MMAction2 VideoDataset.
# Dataset files below inherit this and set their own annotation files and folders.
custom_imports = dict(imports=['art_mmaction'], allow_failed_imports=False)

num_frames = 16
input_size = 224
# MMAction2's VideoDataset plus a decode-safe path: bad videos are skipped with a
# warning in training, and stop validation/testing with an error naming the file.
dataset_type = 'SafeVideoDataset'
file_client_args = dict(io_backend='disk')
train_pipeline = [
    dict(type='DecordInit', **file_client_args),
    dict(type='UniformSample', clip_len=num_frames, num_clips=1),
    dict(type='DecordDecode'),
    dict(type='Resize', scale=(-1, 256)),
    dict(type='RandomResizedCrop'),
    dict(type='Resize', scale=(input_size, input_size), keep_ratio=False),
    dict(type='Flip', flip_ratio=0.5),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
# The paper augments by random scale, crop and flip, which train_pipeline follows.
# MMAction2's UniFormerV2 recipes also apply RandAugment (pytorchvideo's, magnitude 7, 4
# ops, the same ops on every frame) after the first resize; `rand_augment` is that step
# through MMAction2's TorchVisionWrapper with torchvision's RandAugment on the same 0-10
# magnitude scale (pytorchvideo does not import with current torchvision), and
# `train_pipeline_rand_augment` the pipeline with it (configs/variants/*_randaugment_*.py).
rand_augment = dict(type='TorchVisionWrapper', op='RandAugment', num_ops=4, magnitude=7,
                    num_magnitude_bins=11)
train_pipeline_rand_augment = train_pipeline[:4] + [rand_augment] + train_pipeline[4:]
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
    dict(type='UniformSample', clip_len=num_frames, num_clips=4, test_mode=True),
    dict(type='DecordDecode'),
    dict(type='Resize', scale=(-1, input_size)),
    dict(type='ThreeCrop', crop_size=input_size),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
train_dataloader = dict(
    batch_size=8, num_workers=8, persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(type=dataset_type, pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=8, num_workers=8, persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type=dataset_type, pipeline=val_pipeline, test_mode=True))
test_dataloader = dict(
    batch_size=1, num_workers=8, persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type=dataset_type, pipeline=test_pipeline, test_mode=True))
val_evaluator = dict(type='AccMetric')
test_evaluator = val_evaluator
