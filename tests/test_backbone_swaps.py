"""ART on the model zoo's backbones, each beside its baseline twin: both build from the
shipped configs, take a training step with the config's own optimizer constructor at tiny
size, and read a checkpoint laid out as the zoo checkpoint of that backbone (made here from
MMAction2's or mmpretrain's own model at random init)."""
import os.path as osp

import pytest
import torch
from mmaction.registry import MODELS
from mmaction.structures import ActionDataSample
from mmengine.config import Config
from mmengine.optim import build_optim_wrapper

from art_mmaction.engine import optim_wrapper_for_device
from conftest import REPO, random_bank

# Tiny widths, the zoo's depths (checkpoint keys depend on depth, not on width); the
# width the head reads and the tokens per token frame at 8 x 64 x 64.
SWIN = dict(arch=dict(embed_dims=16, depths=[2, 2, 18, 2], num_heads=[1, 1, 2, 2]),
            window_size=(4, 7, 7))
VIT = dict(img_size=64, embed_dims=32, num_heads=2, num_frames=8)
CONVNEXT = dict(arch=dict(depths=[3, 3, 9, 3], channels=[8, 16, 32, 64]))
# ResNet has no width to shrink; pretrained2d=False: read a TSM checkpoint (MMAction2's
# keys) through init_cfg instead of converting torchvision's ImageNet ResNet-50
TSM = dict(pretrained=None, pretrained2d=False, num_segments=8)
UNIFORMERV2 = dict(input_resolution=64, width=32, heads=2, n_dim=32, n_head=2, t_size=8)
PAIRS = {
    'uniformerv2-vitb16': ('uniformerv2_finegym.py', 'art_uniformerv2_finegym.py',
                           UNIFORMERV2, 32, 16),
    'uniformerv2-vitl14': ('uniformerv2-large_finegym.py', 'art_uniformerv2-large_finegym.py',
                           dict(UNIFORMERV2, input_resolution=56), 32, 16),
    'uniformerv2-vitb16-k710': ('variants/uniformerv2_k710-pre_finegym.py',
                                'variants/art_uniformerv2_k710-pre_finegym.py',
                                UNIFORMERV2, 32, 16),
    'swin-base': ('swin-base-p244-w877_k400-pre_finegym.py',
                  'art_swin-base-p244-w877_k400-pre_finegym.py', SWIN, 128, 4),
    'videomaev2-vit-base': ('vit-base-p16_videomaev2-k400_finegym.py',
                            'art_vit-base-p16_videomaev2-k400_finegym.py', VIT, 32, 16),
    'convnext-tiny': ('mmpretrain-convnext-tiny_finegym.py',
                      'art_mmpretrain-convnext-tiny_finegym.py', CONVNEXT, 64, 4),
    'tsm-r50': ('tsm-r50_finegym.py', 'art_tsm-r50_finegym.py', TSM, 2048, 4),
}



def tiny(config, backbone, channels, tokens, bank=None, checkpoint=None):
    """The config's model with a tiny backbone and, for ART, a tiny head; ``checkpoint``
    replaces the zoo file the backbone is initialised from."""
    cfg = Config.fromfile(osp.join(REPO, 'configs', config))
    inner = cfg.model.backbone.get('backbone', cfg.model.backbone)
    inner.update(backbone)
    inner.init_cfg = None if checkpoint is None else dict(
        type='Pretrained', checkpoint=str(checkpoint), prefix='backbone.')
    head = cfg.model.cls_head
    head.update(num_classes=4, in_channels=channels)
    if 'num_segments' in head:
        head.num_segments = 8
    if cfg.model.type == 'ARTRecognizer':
        head.update(num_tokens=tokens, embed_dims=32, se_layers=1,
                    rssa_layers=1, num_heads=2)
        head.bank.update(bank_file=str(bank), num_prompts=2, text_dims=16)
    return cfg


def zoo_checkpoint(baseline_cfg, path):
    """A checkpoint with the keys of MMAction2's zoo recognizer of this backbone."""
    torch.manual_seed(0)
    zoo = MODELS.build(baseline_cfg.model)
    torch.save(dict(meta=dict(), state_dict=zoo.state_dict()), path)
    return {k[len('backbone.'):]: v for k, v in zoo.state_dict().items()
            if k.startswith('backbone.')}


@pytest.mark.parametrize('name', list(PAIRS))
def test_art_and_its_baseline_read_the_zoo_checkpoint_and_take_a_step(tmp_path, name):
    baseline_config, art_config, backbone, channels, tokens = PAIRS[name]
    random_bank(tmp_path / 'bank.pth', num_prompts=2, num_classes=4, dims=16)
    zoo = zoo_checkpoint(tiny(baseline_config, backbone, channels, tokens), tmp_path / 'zoo.pth')
    for config in (baseline_config, art_config):
        cfg = tiny(config, backbone, channels, tokens, tmp_path / 'bank.pth', tmp_path / 'zoo.pth')
        model = MODELS.build(cfg.model)
        model.init_weights()
        inner = getattr(model.backbone, 'backbone', model.backbone)
        state = inner.state_dict()
        assert state.keys() == zoo.keys(), (config, sorted(state.keys() ^ zoo.keys())[:5])
        assert all(torch.equal(state[k], zoo[k]) for k in zoo), config   # loaded, not re-drawn

        optim = build_optim_wrapper(model, optim_wrapper_for_device(cfg.optim_wrapper))
        model.train()
        clips = cfg.model.data_preprocessor.format_shape == 'NCTHW'
        size = backbone.get('input_resolution', 64)
        inputs = torch.randn(2, 1, 3, 8, size, size) if clips else torch.randn(2, 8, 3, 64, 64)
        samples = [ActionDataSample().set_gt_label(torch.tensor(y)) for y in (0, 3)]
        losses = model.loss(inputs, samples)
        total = sum(v for k, v in losses.items() if k.startswith('loss'))
        optim.backward(total)
        unused = [n for n, p in model.named_parameters() if p.requires_grad and p.grad is None]
        assert not unused, (config, unused[:5])   # DDP's find_unused_parameters=False
        optim.step()
        stem = next(k for k in zoo if k.split('.')[0] in ('patch_embed', 'downsample_layers',
                                                          'conv1') and k.endswith('weight'))
        assert not torch.equal(inner.state_dict()[stem], zoo[stem])   # the backbone trains


def test_every_checkpoint_a_config_names_is_read_by_a_zoo_key_test_above():
    """The pairs above cover each zoo checkpoint URL of every shipped config."""
    from test_zoo_checkpoints import named_by_configs
    covered = {osp.join('configs', config) for pair in PAIRS.values() for config in pair[:2]}
    named = named_by_configs()   # {url: [(config, key)]} over every shipped config
    uncovered = {url: where for url, where in named.items()
                 if not any(config in covered for config, _ in where)}
    assert named and not uncovered, uncovered


def test_vit_layer_decay_scales_each_block_and_reaches_into_art_s_adapter(tmp_path):
    from art_mmaction.engine import vit_layer_id
    assert vit_layer_id('backbone.patch_embed.projection.weight', 12) == 0
    assert vit_layer_id('backbone.blocks.0.attn.qkv.weight', 12) == 1
    assert vit_layer_id('backbone.backbone.blocks.11.mlp.fc1.weight', 12) == 12
    assert vit_layer_id('backbone.backbone.fc_norm.weight', 12) == 13
    assert vit_layer_id('cls_head.fc_cls.weight', 12) == 13
    random_bank(tmp_path / 'bank.pth', num_prompts=2, num_classes=4, dims=16)
    baseline_config, art_config, backbone, channels, tokens = PAIRS['videomaev2-vit-base']
    rates = []
    for config in (baseline_config, art_config):
        cfg = tiny(config, backbone, channels, tokens, tmp_path / 'bank.pth')
        model = MODELS.build(cfg.model)
        optim = build_optim_wrapper(model, optim_wrapper_for_device(cfg.optim_wrapper))
        names = {id(p): n for n, p in model.named_parameters()}
        lr = {names[id(g['params'][0])]: (g['lr'], g['weight_decay'])
              for g in optim.optimizer.param_groups}
        prefix = 'backbone.backbone.' if cfg.model.type == 'ARTRecognizer' else 'backbone.'
        base = cfg.optim_wrapper.optimizer.lr
        assert lr[prefix + 'blocks.11.attn.qkv.weight'] == (pytest.approx(base * 0.75), 0.05)
        assert lr[prefix + 'blocks.0.attn.qkv.weight'][0] == pytest.approx(base * 0.75 ** 12)
        assert lr[prefix + 'patch_embed.projection.weight'][0] == pytest.approx(base * 0.75 ** 13)
        assert lr[prefix + 'blocks.0.norm1.weight'][1] == 0.0   # no decay on norms and biases
        assert lr['cls_head.fc_cls.weight'] == (base, 0.05)
        rates.append(sorted(v for k, v in lr.items() if k.startswith(prefix)))
    assert rates[0] == rates[1]   # the twins train their ViT alike
    cfg.optim_wrapper.paramwise_cfg.num_layers = 6
    with pytest.raises(ValueError, match=r'blocks.6.* is block 6 of the ViT, but paramwise_cfg '
                                         r'says num_layers=6'):
        build_optim_wrapper(model, cfg.optim_wrapper)


def test_feature_norm_makes_x_cls_what_the_vit_baseline_head_reads():
    vit = dict(type='VisionTransformer', patch_size=16, depth=2, **VIT)
    torch.manual_seed(0)
    plain = MODELS.build(vit).eval()
    adapter = MODELS.build(dict(type='FeatureMapTokenAdapter', mode='3d', feature_norm='fc_norm',
                                backbone=dict(vit, return_feat_map=True))).eval()
    adapter.backbone.load_state_dict(plain.state_dict())
    clip = torch.randn(2, 3, 8, 64, 64)
    with torch.no_grad():
        x_cls, tokens = adapter(clip)
        pooled = plain(clip)   # fc_norm(mean of the tokens): what TimeSformerHead reads
    assert tokens.shape == (2, 4, 16, 32)
    assert torch.allclose(x_cls, pooled, atol=1e-5)
    with pytest.raises(ValueError, match="feature_norm='fc_nrom': VisionTransformer has no"):
        MODELS.build(dict(type='FeatureMapTokenAdapter', mode='3d', feature_norm='fc_nrom',
                          backbone=dict(vit, return_feat_map=True)))
