# The synthetic fine-grained data for the frozen Kinetics-400 I3D protocol: the
# demo's generator and difficulty with 400 validation and 400 test clips (one clip =
# 0.25 points), 16 frames resized to 224 x 224 (I3D's training size):
#   python tools/data/make_synthetic_dataset.py data/synthetic_v400 --difficulty 0.3 \
#       --val-per-class 50 --test-per-class 50
# Every pipeline is deterministic (the centre of each clip, no crop or flip), so
# the frozen backbone's features are computed once per clip and cached
# (FrozenFeatureCache). Paths: set the dataloaders' own keys (docs/training_testing.md).
_base_ = ['synthetic_data.py']

num_frames = 16
input_size = 224
synthetic_root = 'data/synthetic_v400'
data_root = synthetic_root + '/videos'
ann_file_train = synthetic_root + '/train.txt'
ann_file_val = synthetic_root + '/val.txt'
ann_file_test = synthetic_root + '/test.txt'
class_names_file = synthetic_root + '/classnames.txt'
text_bank_file = synthetic_root + '/text_bank.pth'
frozen_pipeline = [
    dict(type='DecordInit', io_backend='disk'),
    dict(type='UniformSample', clip_len=num_frames, num_clips=1, test_mode=True),
    dict(type='DecordDecode'),
    dict(type='Resize', scale=(input_size, input_size), keep_ratio=False),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
# also the pipeline of tools/infer.py and MMAction2's inference_recognizer
train_pipeline = val_pipeline = test_pipeline = frozen_pipeline
_dataset = dict(data_prefix=dict(video=data_root), pipeline=frozen_pipeline)
train_dataloader = dict(dataset=dict(ann_file=ann_file_train, **_dataset))
val_dataloader = dict(dataset=dict(ann_file=ann_file_val, **_dataset))
test_dataloader = dict(dataset=dict(ann_file=ann_file_test, **_dataset))
