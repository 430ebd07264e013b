"""tools/analysis_tools/benchmark.py reports every figure of the cost tables in docs/benchmarks.md."""
import json
import os.path as osp
import sys

from conftest import REPO, run_tool


def test_benchmark_reports_each_training_batch_and_the_head_shares(tmp_path):
    out = tmp_path / 'bench.json'
    done = run_tool(sys.executable, osp.join(REPO, 'tools', 'analysis_tools', 'benchmark.py'), '--scales', 'tiny',
                    '--batch-sizes', '1', '--train-batches', '1', '2', '--repeats', '2',
                    '--warmup', '0', '--loader-batches', '0', '--threads', '1',
                    '--art-cfg-options', 'model.cls_head.with_cp=True', '--out', out)
    assert done.returncode == 0, done.stderr[-3000:]
    tiny = json.loads(out.read_text())['scales']['tiny']
    for role in ('baseline', 'art'):
        assert tiny[role]['train_step_s_bs1'] > 0 and tiny[role]['train_step_s_bs2'] > 0
        figures = tiny[role]
        assert 0 < figures['peak_memory_mb_infer'] <= figures['peak_memory_mb']
        assert 0 < figures['peak_memory_mb_train'] <= figures['peak_memory_mb']
    # the overrides reach the ART model only
    assert tiny['art']['cfg_options'] == {'model.cls_head.with_cp': True}
    assert tiny['baseline']['cfg_options'] == {}
    # the baseline has no ART head; ART's head is a real share of its FLOPs
    assert tiny['baseline']['head_gflops_share'] < 0.05 < tiny['art']['head_gflops_share'] < 1
    pair = tiny['paired']
    assert len(pair['train_step_ratios_bs2']) == 1 and pair['train_step_ratio_bs2'] > 0
    assert 0 <= pair['head_latency_share_bs1'] < 1
    assert 'training step, batch 2' in done.stdout
    # the docs' cost table comes from this report
    sys.path.insert(0, osp.join(REPO, 'tools', 'analysis_tools'))
    from benchmark import cost_table
    table = cost_table(json.loads(out.read_text()))
    assert '| GFLOPs / clip |' in table and 'x' in table.split('latency / clip, batch 1 (s)')[1]
    assert 'median of 2 pairs' in table and 'training step, batch 2 (s)' in table
    assert len(pair['head_overheads_bs1']) == 2 and pair['head_overhead_bs1'] > 0


def test_peak_memory_forgets_earlier_phases():
    sys.path.insert(0, osp.join(REPO, 'tools', 'analysis_tools'))
    import torch
    from benchmark import PeakMemory
    memory = PeakMemory('cpu')
    assert memory.method == 'VmHWM per phase'  # Linux: the high-water mark can be reset
    memory.reset()
    big = torch.ones(64 * 2 ** 20)  # 256 MiB, touched
    del big
    first = memory.peak_mb()
    memory.reset()
    small = torch.ones(4 * 2 ** 20)  # 16 MiB
    second = memory.peak_mb()
    del small
    assert first - second > 200, (first, second)
    assert second > -50  # measured from the size at construction, not from zero


def test_train_memory_extrapolates_in_the_batch_by_hand():
    sys.path.insert(0, osp.join(REPO, 'tools', 'analysis_tools'))
    from train_memory import extrapolate
    # the line through (1, 5) and (2, 8): 3 GiB a clip over 2 GiB of state
    assert extrapolate({1: 5.0, 2: 8.0}, 8, state_gib=99.0) == 26.0
    assert extrapolate({1: 5.0, 2: 8.0, 8: 30.0}, 8, state_gib=0.0) == 30.0   # measured
    # one batch: the state stays, the rest scales
    assert extrapolate({1: 5.0}, 8, state_gib=2.0) == 2.0 + 3.0 * 8


def test_train_memory_settings_reach_backbone_and_head_and_name_the_shipped_one():
    sys.path.insert(0, osp.join(REPO, 'tools', 'analysis_tools'))
    from mmengine.config import Config
    from train_memory import apply_setting, shipped_setting
    large = Config.fromfile(osp.join(REPO, 'configs', 'art_uniformerv2-large_finegym.py'))
    assert shipped_setting(large) == 'fp32+cp'
    assert apply_setting(large, 'mixed') == 'mixed'
    assert not large.model.backbone.with_cp and not large.model.cls_head.with_cp
    base = Config.fromfile(osp.join(REPO, 'configs', 'uniformerv2_finegym.py'))
    assert shipped_setting(base) == 'fp32' and apply_setting(base, 'fp32+cp') == 'fp32'
    art = Config.fromfile(osp.join(REPO, 'configs', 'art_uniformerv2_finegym.py'))
    assert shipped_setting(art) == 'fp32+head-cp' and apply_setting(art, 'shipped') == 'fp32'
    assert art.model.cls_head.with_cp and not art.model.backbone.get('with_cp')
    assert base.model.backbone.with_cp and base.model.backbone.type == 'UniFormerV2WithCP'
    swin = Config.fromfile(osp.join(REPO, 'configs', 'swin-base-p244-w877_k400-pre_finegym.py'))
    assert shipped_setting(swin) == 'mixed'
    vit = Config.fromfile(osp.join(REPO, 'configs', 'vit-base-p16_videomaev2-k400_finegym.py'))
    import pytest
    with pytest.raises(ValueError, match='VisionTransformer has no activation checkpointing'):
        apply_setting(vit, 'mixed+cp')


def test_train_memory_measures_a_real_step_of_the_tiny_art_config():
    """One measured step (in this process: the CLI runs the same function in a fresh one)."""
    sys.path.insert(0, osp.join(REPO, 'tools', 'analysis_tools'))
    from train_memory import measure
    run = measure('configs/art_uniformerv2-tiny_synthetic.py', 'mixed+cp', 2)
    assert run['precision'] == 'mixed' and run['batch'] == 2 and run['step_seconds'] > 0
    # the model, its gradients and AdamW's two moments are inside the measured peak
    state = run['params_gib'] + run['grads_gib'] + run['optimizer_state_gib']
    assert run['optimizer_state_gib'] >= 2 * run['grads_gib'] * 0.99
    assert 0 < state < run['peak_gib']


def test_train_memory_table_marks_one_batch_estimates_and_what_does_not_fit():
    sys.path.insert(0, osp.join(REPO, 'tools', 'analysis_tools'))
    from train_memory import markdown_table
    record = dict(gpu_gib=48.0, rows=[
        dict(config='configs/a.py', setting='fp32', clips_per_gpu=8, peak_gib=60.04,
             measured={'1': 9.0}),
        dict(config='configs/a.py', setting='fp32+cp (shipped)', clips_per_gpu=8, peak_gib=20.0,
             measured={'1': 4.0, '2': 6.0}),
        dict(config='configs/b.py', setting='mixed (shipped)', clips_per_gpu=8, peak_gib=50.0,
             measured={'1': 8.0, '2': 14.0}),
        dict(config='configs/b.py', setting='fp32', clips_per_gpu=8, error='exit 1: oom')])
    lines = markdown_table([record]).splitlines()
    assert lines[2] == '| `a.py` | 8 | 60.0* | - | 20.0 | - | fp32+cp | 20.0 | yes |'
    assert lines[3] == '| `b.py` | 8 | - | 50.0 | - | - | mixed | 50.0 | **no** |'


def test_cost_table_gives_the_quartiles_of_the_pair_ratios():
    sys.path.insert(0, osp.join(REPO, 'tools', 'analysis_tools'))
    from benchmark import cost_table
    model = dict(params_m=10.0, gflops=100.0, latency_ms_per_clip_bs1=1000.0,
                 peak_memory_mb_train=1024.0)
    ratios = [1.00, 1.02, 1.04, 1.06, 1.30]
    report = dict(machine=dict(device='cpu'), settings=dict(batch_sizes=[1], train_batches=[]),
                  scales=dict(s=dict(baseline=model, art=dict(model, gflops=105.0,
                                                              head_gflops_share=0.05),
                                     paired=dict(latency_ratio_bs1=1.04, latency_ratios_bs1=ratios,
                                                 head_latency_share_bs1=0.04,
                                                 head_overhead_bs1=0.045,
                                                 head_overheads_bs1=[0.04, 0.045, 0.05]))))
    table = cost_table(report)
    # quartiles of the five ratios (exclusive method): 1.01 and 1.18
    assert 'x1.040 (median of 5 pairs; quartiles 1.010, 1.180)' in table
    assert 'latency +4.0% for +5.0% GFLOPs (0.80x), the head alone +4.5% (0.90x)' in table
    assert '| head alone / baseline latency, batch 1 |  |  | +4.5% (median of 3 pairs, in %) |' \
        in table


def test_timing_pairs_run_with_the_default_allocator_and_memory_with_mapped_allocations(
        monkeypatch):
    sys.path.insert(0, osp.join(REPO, 'tools', 'analysis_tools'))
    from benchmark import worker_env
    monkeypatch.setenv('MALLOC_MMAP_THRESHOLD_', '131072')
    assert 'MALLOC_MMAP_THRESHOLD_' not in worker_env('--pair-worker')
    monkeypatch.delenv('MALLOC_MMAP_THRESHOLD_')
    assert worker_env('--worker')['MALLOC_MMAP_THRESHOLD_'] == '131072'
