"""FrozenFeatureCache: same outputs as the bare backbone, computed once per clip."""
import torch
from mmaction.registry import MODELS

from art_mmaction.models.backbones import FrozenFeatureCache

TINY_I3D = dict(type='InceptionI3D', out_endpoint='Mixed_3b')


def build(cache_dir, **backbone):
    torch.manual_seed(0)
    return MODELS.build(dict(type='FrozenFeatureCache', cache_dir=str(cache_dir),
                             backbone=dict(TINY_I3D, **backbone)))


def test_cached_outputs_equal_the_backbone_and_hit_on_the_second_pass(tmp_path):
    cached = build(tmp_path)
    x = torch.randn(3, 3, 4, 32, 32)
    with torch.no_grad():
        expected = cached.backbone(x)
    first = cached(x)
    assert (cached.hits, cached.misses) == (0, 3)
    second = cached(x[[2, 0]])  # other order, other batch: still found by content
    assert (cached.hits, cached.misses) == (2, 3)
    assert torch.equal(first, expected)
    assert torch.equal(second, expected[[2, 0]])


def test_tuple_outputs_round_trip_and_other_configs_do_not_share_entries(tmp_path):
    tokens = build(tmp_path, out_endpoint='Mixed_3b', token_endpoint='Mixed_3b')
    maps = build(tmp_path)  # same weights, other output: another key
    x = torch.randn(2, 3, 4, 32, 32)
    x_cls, tok = tokens(x)
    x_cls2, tok2 = tokens(x)
    assert tokens.hits == 2 and torch.equal(x_cls, x_cls2) and torch.equal(tok, tok2)
    assert maps(x).dim() == 5 and maps.misses == 2


def with_first_conv_doubled(cache_dir):
    """The same backbone as build() but for its first convolution, twice as large."""
    other = build(cache_dir)
    with torch.no_grad():
        other.backbone.blocks['Conv3d_1a_7x7'].conv.weight.mul_(2)
    return other


def test_new_weights_invalidate_the_cache(tmp_path):
    cached = build(tmp_path)
    x = torch.randn(1, 3, 4, 32, 32)
    before = cached(x)
    other = with_first_conv_doubled(tmp_path)
    after = other(x)
    assert other.misses == 1 and not torch.equal(before, after)


def test_wrapped_backbone_is_frozen_and_gets_no_gradient(tmp_path):
    cached = build(tmp_path)
    cached.train()
    assert not any(p.requires_grad for p in cached.parameters())
    assert not cached.backbone.training
    out = cached(torch.randn(1, 3, 4, 32, 32, requires_grad=True))
    assert not out.requires_grad


def test_autocast_dtype_and_device_are_part_of_the_key(tmp_path):
    cached = build(tmp_path)
    x = torch.randn(1, 3, 4, 32, 32)
    full = cached(x)
    with torch.autocast('cpu', dtype=torch.bfloat16):
        half = cached(x)
    assert (cached.hits, cached.misses) == (0, 2)  # not served the float32 features
    assert not torch.equal(half, full)  # computed in bfloat16: other values
    with torch.autocast('cpu', dtype=torch.bfloat16):
        assert torch.equal(cached(x), half) and cached.hits == 1
    assert FrozenFeatureCache.run_key(x) == 'cpu/no-autocast'
    assert FrozenFeatureCache.run_key(x.to('meta')) == 'meta/no-autocast'


def test_weights_loaded_after_the_first_forward_change_the_key(tmp_path):
    cached = build(tmp_path)
    x = torch.randn(1, 3, 4, 32, 32)
    before = cached(x)
    other = with_first_conv_doubled(tmp_path)
    cached.load_state_dict(other.state_dict())  # e.g. init_weights or load_from, later
    after = cached(x)
    assert cached.misses == 2 and not torch.equal(before, after)
    with torch.no_grad():
        expected = other.backbone(x)
    assert torch.equal(after, expected)
    with torch.no_grad():  # an in-place change, same storage
        cached.backbone.blocks['Conv3d_1a_7x7'].conv.weight.add_(1)
    cached(x)
    assert cached.misses == 3
