"""The linear-probe ceiling: L-BFGS logistic regression at its optimum, chosen on val."""
import sys

import pytest
import torch
import torch.nn.functional as F

from art_mmaction.apis import fit_logistic_regression, probe_ceiling
from conftest import REPO, data_options, run_tool


def blobs(n, seed, shift=3.0):
    g = torch.Generator().manual_seed(seed)
    labels = torch.arange(n) % 3
    centres = torch.tensor([[shift, 0.0], [0.0, shift], [-shift, -shift]])
    return dict(features=centres[labels] + torch.randn(n, 2, generator=g), labels=labels)


def test_fit_reaches_the_optimum_of_the_regularised_objective():
    data = blobs(60, 0)
    decay = 0.1
    probe = fit_logistic_regression(data['features'], data['labels'], 3, decay).double()
    x, y = data['features'].double(), data['labels']
    loss = F.cross_entropy(probe(x), y) + 0.5 * decay * probe.weight.pow(2).sum()
    grads = torch.autograd.grad(loss, list(probe.parameters()))
    assert max(g.abs().max() for g in grads) < 1e-5  # stationary: the convex optimum
    assert (probe(x).argmax(1) == y).float().mean() > 0.9


def test_weight_decay_is_chosen_on_val_and_reported_on_test():
    train, val, test = blobs(60, 1), blobs(60, 2), blobs(60, 3)
    result = probe_ceiling(train, val, test, 3, weight_decays=(1e-3, 1.0, 1e3))
    grid = result['grid']
    best = max(grid, key=lambda d: (grid[d]['val_top1'], float(d)))
    assert str(result['chosen_weight_decay']) == best
    assert result['test_top1'] > 0.9


@pytest.mark.slow
def test_tool_runs_on_a_frozen_cnn_probe_config(tmp_path, synthetic_data):
    config = f'{REPO}/configs/i3d-inception-k400-pre_synthetic.py'
    out = tmp_path / 'ceiling.json'
    result = run_tool(sys.executable, f'{REPO}/tools/analysis_tools/probe_ceiling.py', config, '--out', out,
                      '--weight-decays', '0.01', '1', '--cfg-options',
                      *data_options(synthetic_data, ('train', 'val', 'test')),
                      'model.backbone.backbone.init_cfg=None', 'model.cls_head.num_classes=4',
                      f'model.backbone.cache_dir={tmp_path / "cache"}',
                      'val_dataloader.dataset.pipeline.1.clip_len=8',
                      'val_dataloader.dataset.pipeline.3.scale=(64,64)')
    assert result.returncode == 0, result.stderr[-3000:]
    import json
    record = json.loads(out.read_text())
    assert set(record['grid']) == {'0.01', '1.0'} and 0 <= record['test_top1'] <= 1
    assert 'train: 16 clips, 1024 features' in result.stdout
    assert record['clips']['train'] == 16 and record['num_features'] == 1024
    assert 'model.cls_head.num_classes=4' in record['cfg_options']
    assert len(record['commit']) == 40 and isinstance(record['dirty'], bool)
    sys.path.insert(0, f'{REPO}/tools/analysis_tools')
    import results_tables
    table = results_tables.ceiling_table({'ceiling.json': record})
    row = table.splitlines()[2].split(' | ')
    assert row[2:4] == ['1024', f"{100 * record['grid']['0.01']['val_top1']:.1f}, "
                                f"{100 * record['grid']['1.0']['val_top1']:.1f}"]
    assert row[-1] == f"{100 * record['test_top1']:.1f} |"
    assert f"fits of commit {record['commit'][:10]}" in table


def test_frozen_feature_tools_read_the_configs_pretrained_weights_not_random_ones(tmp_path):
    """MMAction2's init_recognizer without a checkpoint leaves the backbone at random
    initialisation; the ceiling must be fitted on the pretrained features."""
    from mmaction.registry import MODELS
    from mmengine.config import Config
    from art_mmaction.apis import init_frozen_recognizer
    from conftest import TINY_BASELINE
    cfg = Config.fromfile(TINY_BASELINE)
    torch.manual_seed(7)
    pretrained = MODELS.build(cfg.model)
    torch.save({'state_dict': pretrained.state_dict()}, tmp_path / 'pretrained.pth')
    cfg.model.backbone.init_cfg = dict(type='Pretrained', checkpoint=str(tmp_path / 'pretrained.pth'),
                                       prefix='backbone.')
    torch.manual_seed(8)
    model = init_frozen_recognizer(cfg)
    for name, value in pretrained.backbone.state_dict().items():
        assert torch.equal(model.backbone.state_dict()[name], value), name
    assert not model.training
