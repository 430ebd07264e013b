# DeepMind's Kinetics-400 I3D, converted to MMAction2 by tools/convert/convert_i3d_k400.py:
#   python tools/convert/convert_i3d_k400.py work_dirs/i3d_k400/i3d_inception_k400.pth
#   python tools/infer.py VIDEO configs/i3d-inception_k400.py \
#       work_dirs/i3d_k400/i3d_inception_k400.pth --top-k 5
# Logits follow DeepMind's label_map.txt, the alphabetical order of the 400 names
# (= MMAction2's label_map_k400.txt = art_mmaction/label_maps/kinetics400.txt).
_base_ = ['_base_/datasets/kinetics400.py', '_base_/models/i3d_inception.py',
          'mmaction::_base_/default_runtime.py']
class_names_file = 'dataset:kinetics400'
# DeepMind's classifier as DeepMind pools it: logits of every 2 x 7 x 7 window of
# Mixed_5c, averaged (I3DHead averages the map first; the two agree at 16 frames only).
model = dict(cls_head=dict(_delete_=True, type='I3DLogitsHead', num_classes=400,
                           in_channels=1024, pool_size=(2, 7, 7), dropout_ratio=0.5,
                           average_clips='prob'))
# DeepMind evaluated on 64+ consecutive frames at 224 x 224.
test_pipeline = [
    dict(type='DecordInit', io_backend='disk'),
    dict(type='SampleFrames', clip_len=64, frame_interval=1, num_clips=1, test_mode=True),
    dict(type='DecordDecode'),
    dict(type='Resize', scale=(-1, 224)),
    dict(type='CenterCrop', crop_size=224),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
test_dataloader = dict(batch_size=1, dataset=dict(pipeline=test_pipeline))
test_evaluator = dict(type='AccMetric')
# Kinetics-400's validation list is also its test list: keep no "best" checkpoint.
default_hooks = dict(checkpoint=dict(save_best=None))
