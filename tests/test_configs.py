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
