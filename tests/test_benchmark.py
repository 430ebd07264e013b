"""tools/benchmark.py reports every figure the README's cost table and #15's targets use."""
import json
import os.path as osp
import sys

from conftest import REPO, run_tool


def test_benchmark_reports_each_training_batch_and_the_head_shares(tmp_path):
    out = tmp_path / 'bench.json'
    done = run_tool(sys.executable, osp.join(REPO, 'tools', 'benchmark.py'), '--scales', 'tiny',
                    '--batch-sizes', '1', '--train-batches', '1', '2', '--repeats', '2',
                    '--warmup', '0', '--loader-batches', '0', '--threads', '1', '--out', out)
    assert done.returncode == 0, done.stderr[-3000:]
    tiny = json.loads(out.read_text())['scales']['tiny']
    for role in ('baseline', 'art'):
        assert tiny[role]['train_step_s_bs1'] > 0 and tiny[role]['train_step_s_bs2'] > 0
    # the baseline has no ART head; ART's head is a real share of its FLOPs
    assert tiny['baseline']['head_gflops_share'] < 0.05 < tiny['art']['head_gflops_share'] < 1
    pair = tiny['paired']
    assert len(pair['train_step_ratios_bs2']) == 1 and pair['train_step_ratio_bs2'] > 0
    assert 0 <= pair['head_latency_share_bs1'] < 1
    assert 'training step, batch 2' in done.stdout
