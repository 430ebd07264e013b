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
