import os
import os.path as osp
import subprocess
import sys

import pytest
import torch

import art_mmaction  # noqa: F401  (compat fixes + registry)
from mmengine.registry import init_default_scope

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
TINY_BASELINE = osp.join(REPO, 'configs', 'uniformerv2-tiny_synthetic.py')
TINY_ART = osp.join(REPO, 'configs', 'art_uniformerv2-tiny_synthetic.py')

init_default_scope('mmaction')
torch.set_num_threads(2)


@pytest.fixture(scope='session')
def synthetic_data(tmp_path_factory):
    """A small synthetic dataset (4 classes, 4 train + 2 val clips each)."""
    from art_mmaction.datasets import RenderOptions, make_dataset
    root = tmp_path_factory.mktemp('synthetic')
    paths = make_dataset(str(root), num_classes=4, train_per_class=4, val_per_class=2, test_per_class=1,
                         options=RenderOptions(frames=16, size=64, difficulty=0.3), seed=3)
    paths['root'] = str(root)
    return paths


def random_bank(path, num_prompts=3, num_classes=4, dims=16, seed=0):
    from art_mmaction.text import save_bank
    g = torch.Generator().manual_seed(seed)
    emb = torch.nn.functional.normalize(torch.randn(num_prompts, num_classes, dims, generator=g), dim=-1)
    save_bank(str(path), emb, dict(class_names=[f'c{i}' for i in range(num_classes)],
                                   random_init=True, encoder='test', weights='random'))
    return emb


def tiny_art_cfg(bank_file, num_classes=4, text_dims=16, num_prompts=3, **head):
    """The tiny ART model config with a given bank (no data needed)."""
    from mmengine.config import Config
    cfg = Config.fromfile(TINY_ART)
    model = cfg.model
    model.cls_head.update(num_classes=num_classes, **head)
    model.cls_head.bank.update(bank_file=str(bank_file), text_dims=text_dims,
                               num_prompts=num_prompts)
    return model


def data_options(data, splits=('train', 'val')):
    """--cfg-options that point the tiny configs at a synthetic_data fixture."""
    options = []
    for split in splits:
        options += [f"{split}_dataloader.dataset.ann_file={data[f'ann_file_{split}']}",
                    f"{split}_dataloader.dataset.data_prefix.video={data['data_root']}",
                    f'{split}_dataloader.num_workers=0',
                    f'{split}_dataloader.persistent_workers=False']
    return options


def run_tool(*args, timeout=600, env=None):
    """Run a command in the repository root with this interpreter first on PATH."""
    full_env = dict(os.environ, PYTHON=sys.executable,
                    PATH=osp.dirname(sys.executable) + os.pathsep + os.environ['PATH'])
    full_env.update(env or {})
    return subprocess.run([str(a) for a in args], capture_output=True, text=True,
                          timeout=timeout, cwd=REPO, env=full_env)


def train(config, work_dir, data, *extra, tool='train.py'):
    """tools/train.py on a tiny config and a synthetic_data fixture (4 classes).

    ``extra`` may hold more ``key=value`` options first, then flags."""
    options = data_options(data) + ['model.cls_head.num_classes=4',
                                    'default_hooks.logger.interval=1']
    return run_tool(sys.executable, osp.join(REPO, 'tools', tool), config, '--work-dir',
                    work_dir, '--cfg-options', *options, *extra)


def pytest_configure(config):
    config.addinivalue_line('markers', 'slow: multi-process or long runs (still run in CI)')
    if config.option.durations is None:  # the slowest tests, in every run's summary
        config.option.durations = 15


def load_ckpt(path):
    """An mmengine checkpoint through our safe loader (the allow-list of mmengine's
    types is scoped to checkpoint loads, so plain torch.load refuses them)."""
    from art_mmaction.compat import load_local_checkpoint
    return load_local_checkpoint(str(path), map_location='cpu')
