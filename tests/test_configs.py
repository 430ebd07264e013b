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
