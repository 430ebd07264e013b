# The paper's ART on the frozen Kinetics-400 I3D: the twin of i3d-inception-k400-pre_synthetic.py
# (same backbone weights, data, schedule and seeds). x_cls is the global average of
# Mixed_5c (what the baseline's I3DHead sees); the tracklets read Mixed_4f, average-
# pooled 2x2: T' = 4 frames of 7 x 7 tokens, 832 channels.
# Every part is kept as the paper builds it (SE, saliency aggregation, MTC, text-bank
# fine-tuning), so this file is the paper-faithful head and the top of the ablation
# chain that configs/ablations/art-i3d-k400-pre_synthetic_*.py inherit. The default head is
# art_i3d-inception-k400-pre_synthetic.py (docs/benchmarks.md).
# Text bank: python tools/data/build_text_bank.py data/synthetic_v400/classnames.txt \
#   data/synthetic_v400/text_bank.pth --encoder minilm
_base_ = ['i3d-inception-k400-pre_synthetic.py', '_base_/art_runtime.py',
          '_base_/models/art_head.py']
text_bank_file = {{_base_.text_bank_file}}
model = dict(
    type='ARTRecognizer',
    backbone=dict(backbone=dict(token_endpoint='Mixed_4f', token_pool=(1, 2, 2)),
                  cache_dir=_base_.feature_cache + '/i3d_k400_mixed4f-pool2_mixed5c'),
    cls_head={
        **_base_.art_head,
        '_delete_': True,
        'num_classes': {{_base_.num_classes}},
        'in_channels': 1024,
        'token_channels': 832,
        'num_tokens': 49,
        'num_frames': 4,
        # The CPU protocol's differences from the paper's head (ours): 2 SE + 2 RSSA
        # layers instead of 4 + 4 (half the step time on 2 cores), and
        # gamma1 = gamma2 = 1 instead of 5: at 5 the text-bank losses' gradients
        # dominate the clipped gradient norm (norm 60-70 against max_norm 5, measured)
        # and scale the classifier's gradients down by 10x.
        'se_layers': 2,
        'rssa_layers': 2,
        'loss_mtc': {**_base_.art_head.loss_mtc, 'loss_weight': 1.0},
        'loss_text': {**_base_.art_head.loss_text, 'loss_weight': 1.0},
        'bank': dict(type='TextSemanticsBank', text_dims=384, num_prompts=8,
                     bank_file=text_bank_file),
    })
# ART trains at the schedule's lr (2e-3) with the head's dropout 0.5 (no 5x classifier
# lr: with it and no dropout the fused classifier reached 47%, measured).
optim_wrapper = dict(paramwise_cfg=dict(_delete_=True, norm_decay_mult=0.0, bias_decay_mult=0.0))
custom_hooks = _base_.reliability_hooks + _base_.art_hooks
val_evaluator = _base_.art_evaluator
test_evaluator = val_evaluator
