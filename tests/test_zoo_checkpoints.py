"""Every checkpoint a shipped config downloads is one that MMAction2 or mmpretrain
publishes: named by the zoo files those packages install (their ``.mim/configs``
metafiles and configs, read offline), and the zoo model that checkpoint belongs to has
the architecture our config builds, so that its ``backbone.`` keys fit."""
import functools
import glob
import os.path as osp
import re

import pytest
import yaml
from mmengine.config import Config

from conftest import REPO

CONFIGS = sorted(p for p in glob.glob(osp.join(REPO, 'configs', '**', '*.py'), recursive=True)
                 if '_base_' not in p)
# adjacent string literals over lines ('...' \n '...'), as zoo configs split long URLs
SPLIT_LITERAL = re.compile(r"""['"]\s*\n\s*['"]""")
URL = re.compile(r'https://download\.openmmlab\.com/[^\s\'"]+?\.pth')
# what decides a backbone's checkpoint keys (not schedules, frames or drop rates)
STRUCTURE = ('arch', 'patch_size', 'width', 'layers', 'heads', 'return_list', 'n_layers',
             'n_dim', 'n_head', 'mlp_factor', 'dw_reduction', 'no_lmhra', 'double_lmhra',
             'embed_dims', 'depth', 'num_heads', 'mlp_ratio', 'qkv_bias', 'window_size',
             'tubelet_size', 'depths', 'use_mean_pooling')


def zoo_roots():
    import mmaction
    import mmpretrain
    return [osp.join(osp.dirname(pkg.__file__), '.mim', 'configs') for pkg in (mmaction, mmpretrain)]


@functools.lru_cache()
def zoo_index():
    """{checkpoint URL: [zoo config path or None]} over every metafile and config."""
    index = {}
    for root in zoo_roots():
        assert osp.isdir(root), f'{root} missing: the zoo files install with the package'
        for path in glob.glob(osp.join(root, '**', '*'), recursive=True):
            if path.endswith('.py'):
                with open(path) as f:
                    for url in URL.findall(SPLIT_LITERAL.sub('', f.read())):
                        index.setdefault(url, [])
            elif osp.basename(path) == 'metafile.yml':
                with open(path) as f:
                    meta = yaml.safe_load(f)
                for model in meta.get('Models', []) or []:
                    urls = model.get('Weights') or []
                    config = osp.join(osp.dirname(root), model['Config']) \
                        if model.get('Config') else None
                    if config and not osp.isfile(config) and config.endswith('.py.py'):
                        config = config[:-3]  # a doubled suffix in MMAction2 1.2's Swin metafile
                    for url in [urls] if isinstance(urls, str) else urls:
                        index.setdefault(url, []).append(config)
    return index


def checkpoints_named(cfg) -> dict:
    """{URL: dotted key} of every checkpoint URL anywhere in a loaded config."""
    found = {}

    def walk(node, where):
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f'{where}.{key}' if where else str(key))
        elif isinstance(node, (list, tuple)):
            for i, value in enumerate(node):
                walk(value, f'{where}.{i}')
        elif isinstance(node, str) and node.startswith(('http://', 'https://')) \
                and node.endswith('.pth'):
            found.setdefault(node, where)
    walk(cfg.to_dict(), '')
    return found


@functools.lru_cache()
def named_by_configs() -> dict:
    """{URL: [(config, key)]} over every shipped config."""
    named = {}
    for path in CONFIGS:
        for url, key in checkpoints_named(Config.fromfile(path)).items():
            named.setdefault(url, []).append((osp.relpath(path, REPO), key))
    return named


def test_the_zoo_files_are_read():
    index = zoo_index()
    # one URL of each package that a reader which found nothing would miss
    assert any('mmaction/v1.0/recognition/uniformerv2' in url for url in index)
    assert any('convnext-tiny_32xb128_in1k' in url for url in index)


def test_every_checkpoint_url_in_configs_is_published_by_the_zoo():
    index = zoo_index()
    named = named_by_configs()
    assert named, 'no config names a checkpoint URL: the walk found nothing'
    missing = {url: where for url, where in named.items() if url not in index}
    assert not missing, f'checkpoint URLs named by no MMAction2 or mmpretrain zoo file: {missing}'


def backbone_of(model_cfg: dict) -> dict:
    """The zoo backbone inside ours (FeatureMapTokenAdapter wraps it; UniFormerV2WithTokens
    is UniFormerV2 with the same keys)."""
    backbone = dict(model_cfg['backbone'])
    if 'backbone' in backbone:
        backbone = dict(backbone['backbone'])
    backbone['type'] = re.sub(r'UniFormerV2With(Tokens|CP)', 'UniFormerV2',
                              backbone['type'].split('.')[-1])
    return backbone


@pytest.mark.parametrize('url', sorted(named_by_configs()), ids=lambda u: osp.basename(u))
def test_each_checkpoint_belongs_to_a_zoo_model_of_the_architecture_we_build(url):
    """The zoo configs listed with this checkpoint in a metafile build our backbone's keys
    (same type and structural arguments), for every config that names the URL."""
    zoo_configs = [c for c in zoo_index().get(url, []) if c and osp.isfile(c)]
    assert zoo_configs, f'{url} is listed by no metafile entry with a config'
    zoo = backbone_of(Config.fromfile(zoo_configs[0]).model)
    for config, key in named_by_configs()[url]:
        if not key.endswith('init_cfg.checkpoint'):
            continue
        ours = backbone_of(Config.fromfile(osp.join(REPO, config)).model)
        assert ours['type'] == zoo['type'], (config, ours['type'], zoo['type'])
        differing = {k: (ours[k], zoo[k]) for k in STRUCTURE
                     if k in ours and k in zoo and ours[k] != zoo[k]}
        assert not differing, (config, zoo_configs[0], differing)


def test_uniformerv2_configs_start_from_kinetics400_as_the_paper():
    """Table I: ART and UniFormerV2 Kinetics-400 pretrained; the K710 start stays a variant."""
    for stem in ('uniformerv2_finegym', 'art_uniformerv2_finegym', 'uniformerv2-large_finegym',
                 'art_uniformerv2-large_finegym', 'uniformerv2_finegym288',
                 'art_uniformerv2_finegym288', 'uniformerv2_diving48', 'art_uniformerv2_diving48'):
        cfg = Config.fromfile(osp.join(REPO, 'configs', f'{stem}.py'))
        init = cfg.model.backbone.init_cfg
        assert init.prefix == 'backbone.' and 'kinetics400-rgb' in init.checkpoint, stem
    for stem in ('uniformerv2_k710-pre_finegym', 'art_uniformerv2_k710-pre_finegym'):
        cfg = Config.fromfile(osp.join(REPO, 'configs', 'variants', f'{stem}.py'))
        assert cfg.model.backbone.init_cfg.checkpoint.endswith('kinetics710-rgb_20230612-63cdbad9.pth')
