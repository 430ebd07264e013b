"""Every shipped config builds without pretrained weights or data."""
import glob
import os.path as osp

import pytest
from mmaction.registry import MODELS
from mmengine.config import Config

from conftest import REPO

CONFIGS = sorted(p for p in glob.glob(osp.join(REPO, 'configs', '**', '*.py'), recursive=True)
                 if '_base_' not in p)


@pytest.mark.parametrize('path', CONFIGS, ids=lambda p: osp.relpath(p, REPO))
def test_config_builds(path):
    cfg = Config.fromfile(path)
    model = MODELS.build(cfg.model)
    head = cfg.model.cls_head
    assert model.cls_head.num_classes == head.num_classes
    if cfg.model.type == 'ARTRecognizer':
        assert any(h.type == 'TextBankEMAHook' for h in cfg.get('custom_hooks', [])) \
            or head.get('loss_text') is None


def test_metafile_lists_every_config_beside_its_baseline():
    import yaml
    with open(osp.join(REPO, 'configs', 'metafile.yml')) as f:
        index = yaml.safe_load(f)
    models = {m['Name']: m for m in index['Models']}
    listed = {m['Config'] for m in models.values()}
    top_level = {osp.relpath(p, REPO) for p in glob.glob(osp.join(REPO, 'configs', '*.py'))}
    assert listed == top_level
    for model in models.values():
        baseline = model['Metadata'].get('Baseline')
        if baseline is not None:
            assert models[baseline]['In Collection'] in ('UniFormerV2', 'I3D')
            assert models[baseline]['Metadata']['Training Data'] == \
                model['Metadata']['Training Data']
        for result in model.get('Results', []):
            assert result['Reported By'].startswith(('paper', 'art_mmaction'))
            assert all(isinstance(v, (int, float)) for v in result['Metrics'].values())


def test_top_level_path_override_reaches_the_dataloaders_and_the_bank():
    from art_mmaction.engine import apply_cfg_options
    cfg = Config.fromfile(osp.join(REPO, 'configs', 'art_uniformerv2-tiny_synthetic.py'))
    rewritten = apply_cfg_options(cfg, {'synthetic_root': 'data/other'}, 'art.py')
    assert cfg.train_dataloader.dataset.ann_file == 'data/other/train.txt'
    assert cfg.val_dataloader.dataset.data_prefix.video == 'data/other/videos'
    assert cfg.test_dataloader.dataset.ann_file == 'data/other/val.txt'
    assert cfg.model.cls_head.bank.bank_file == 'data/other/text_bank.pth'
    assert cfg.class_names_file == 'data/other/classnames.txt'
    assert 'train_dataloader.dataset.ann_file' in rewritten
    # a later, more specific option still wins
    cfg = Config.fromfile(osp.join(REPO, 'configs', 'uniformerv2-tiny_synthetic.py'))
    apply_cfg_options(cfg, {'data_root': 'x/videos', 'val_dataloader.dataset.ann_file': 'v.txt'},
                      'b.py')
    assert cfg.train_dataloader.dataset.data_prefix.video == 'x/videos'
    assert cfg.val_dataloader.dataset.ann_file == 'v.txt'
    assert cfg.train_dataloader.dataset.ann_file == 'data/synthetic/train.txt'


@pytest.mark.parametrize('option, named', [
    ({'num_classes': 16}, 'model.cls_head.num_classes'),
    ({'max_epochs': 5}, 'train_cfg.max_epochs')])
def test_substituted_non_path_variable_is_refused_naming_the_keys(option, named):
    from art_mmaction.engine import apply_cfg_options
    cfg = Config.fromfile(osp.join(REPO, 'configs', 'uniformerv2-tiny_synthetic.py'))
    with pytest.raises(KeyError, match=f'already substituted.*{named}'):
        apply_cfg_options(cfg, option, 'b.py')
