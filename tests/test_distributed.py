"""Two processes on CPU (gloo) through tools/dist_train.sh and tools/dist_test.sh."""
import os.path as osp
import re
import socket
import sys

import pytest
import torch

from conftest import REPO, TINY_ART, data_options, load_ckpt, random_bank, run_tool


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def metrics_line(log: str) -> str:
    found = re.findall(r'Epoch\(test\).*?(acc/top1: [0-9.]+\s+acc/top5: [0-9.]+\s+'
                       r'acc/mean1: [0-9.]+)', log)
    assert found, log[-2000:]
    return found[-1]


def dist_train(config, work, data, bank, *options, epochs=1, extra=()):
    """tools/dist_train.sh CONFIG 2 on the 4-class synthetic fixture (2 iterations a rank
    an epoch: 16 clips, batch 4)."""
    splits = ('train',) if '--no-validate' in extra else ('train', 'val')
    return run_tool('bash', f'{REPO}/tools/dist_train.sh', config, 2, '--work-dir', work,
                    *extra, '--cfg-options', *data_options(data, splits),
                    'model.cls_head.num_classes=4', f'model.cls_head.bank.bank_file={bank}',
                    f'train_cfg.max_epochs={epochs}', 'train_dataloader.batch_size=4',
                    'default_hooks.checkpoint.interval=1', *options,
                    env=dict(PORT=str(free_port())))


@pytest.mark.slow
def test_an_ablation_config_trains_on_two_ranks(tmp_path, synthetic_data):
    """Saliency aggregation + MTC, no text fine-tuning: parts off and on at once. That
    every ablation leaves no parameter without a gradient (what DDP's
    find_unused_parameters=False needs) is checked in-process, config by config, in
    test_art_model.py."""
    random_bank(tmp_path / 'bank.pth', num_prompts=8, num_classes=4, dims=384)
    result = dist_train(f'{REPO}/configs/ablations/art-tiny_synthetic_rssa-ta-mtc.py',
                        tmp_path / 'work', synthetic_data, tmp_path / 'bank.pth',
                        extra=('--no-validate',))
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    assert 'Epoch(train) [1][2/2]' in log and 'did not receive grad' not in log


@pytest.mark.slow
def test_cnn_backbone_config_trains_on_two_ranks_at_tiny_size(tmp_path, synthetic_data):
    """Also: a corrupt video met by rank 1 only is counted in rank 0's report, exactly
    once: with seed 9, mmengine's replacement draw used to land on it again."""
    random_bank(tmp_path / 'bank.pth', num_prompts=8, num_classes=4, dims=512)
    corrupt = tmp_path / 'corrupt.mp4'
    corrupt.write_bytes(bytes(range(256)) * 4)
    lines = open(synthetic_data['ann_file_train']).read().splitlines()
    lines.insert(1, f'{corrupt} 1')  # index 1: rank 1's first sample (no shuffling)
    ann = tmp_path / 'train_with_bad.txt'
    ann.write_text('\n'.join(lines) + '\n')
    result = dist_train(
        f'{REPO}/configs/art_tsm-r50_finegym.py', tmp_path / 'work', synthetic_data,
        tmp_path / 'bank.pth', f'train_dataloader.dataset.ann_file={ann}',
        'train_dataloader.sampler.shuffle=False', 'model.backbone.backbone.depth=18',
        'model.backbone.backbone.num_segments=8', 'model.backbone.backbone.pretrained=None',
        'model.backbone.backbone.pretrained2d=False',
        'model.cls_head.in_channels=512', 'model.cls_head.num_tokens=4',
        'model.cls_head.embed_dims=32', 'model.cls_head.se_layers=1',
        'model.cls_head.rssa_layers=1', 'model.cls_head.num_heads=2',
        'train_dataloader.dataset.pipeline.1.clip_len=8',
        'train_dataloader.dataset.pipeline.3.scale=(-1,64)',
        'train_dataloader.dataset.pipeline.5.scale=(64,64)',
        extra=('--no-validate', '--seed', '9'))
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    assert 'Epoch(train) [1][3/3]' in log  # 17 clips: 9 a rank, batch 4
    assert re.search(r'ART head state .* identical on all 2 ranks', log)
    assert ': 1 training clip(s) were skipped as bad videos' in log  # summed over ranks


@pytest.fixture(scope='module')
def two_rank_art(tmp_path_factory, synthetic_data):
    """Full tiny ART, 2 ranks, 2 epochs straight, each rank its own random stream."""
    root = tmp_path_factory.mktemp('two_rank_art')
    random_bank(root / 'bank.pth', num_prompts=8, num_classes=4, dims=384)
    result = dist_train(TINY_ART, root / 'straight', synthetic_data, root / 'bank.pth',
                        epochs=2, extra=SEEDS)
    return root, result.returncode, result.stdout + result.stderr


SEEDS = ('--seed', '0', '--diff-rank-seed')


@pytest.mark.slow
def test_two_rank_training_keeps_art_state_equal_and_tests_match(two_rank_art, synthetic_data):
    root, code, log = two_rank_art
    assert code == 0, log[-3000:]
    assert 'Distributed training: True' in log
    # S, S_a, W (all-reduced), the prompts and the rest of the head, after every epoch
    assert len(re.findall(r'ART head state .* identical on all 2 ranks \(max difference 0\)',
                          log)) == 2
    checkpoint = root / 'straight' / 'epoch_2.pth'
    state = load_ckpt(checkpoint)['state_dict']
    assert not any(key.startswith('module.') for key in state)
    common = ['model.cls_head.num_classes=4', f'model.cls_head.bank.bank_file={root / "bank.pth"}',
              f"test_dataloader.dataset.ann_file={synthetic_data['ann_file_val']}",
              f"test_dataloader.dataset.data_prefix.video={synthetic_data['data_root']}",
              'test_dataloader.num_workers=0', 'test_dataloader.persistent_workers=False']
    single = run_tool('python', f'{REPO}/tools/test.py', TINY_ART, checkpoint, '--work-dir',
                      root / 'test1', '--cfg-options', *common)
    assert single.returncode == 0, (single.stdout + single.stderr)[-3000:]
    double = run_tool('bash', f'{REPO}/tools/dist_test.sh', TINY_ART, checkpoint, 2,
                      '--work-dir', root / 'test2', '--cfg-options', *common,
                      env=dict(PORT=str(free_port())))
    assert double.returncode == 0, (double.stdout + double.stderr)[-3000:]
    assert metrics_line(single.stdout + single.stderr) == \
        metrics_line(double.stdout + double.stderr)


@pytest.mark.slow
def test_two_rank_resume_continues_exactly_on_every_rank(two_rank_art, synthetic_data, tmp_path):
    root, code, log = two_rank_art
    assert code == 0, log[-3000:]
    straight, resumed = root / 'straight', tmp_path / 'resumed'
    # the bank file is gone: the checkpoint carries the bank, so resuming needs none
    result = dist_train(TINY_ART, resumed, synthetic_data, tmp_path / 'moved_bank.pth',
                        epochs=2, extra=SEEDS + ('--resume', straight / 'epoch_1.pth'))
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    assert 'text bank taken from the checkpoint' in log
    assert 'restored the RNG states of all 2 rank(s)' in log
    a = load_ckpt(straight / 'epoch_2.pth')
    b = load_ckpt(resumed / 'epoch_2.pth')
    for key in a['state_dict']:  # weights, S, S_a, S0, prototypes
        assert torch.equal(a['state_dict'][key], b['state_dict'][key]), key
    ranks_a, ranks_b = a['rng_state']['per_rank'], b['rng_state']['per_rank']
    assert len(ranks_a) == 2 and not torch.equal(ranks_a[0]['torch'], ranks_a[1]['torch'])
    for rank in range(2):
        assert torch.equal(ranks_a[rank]['torch'], ranks_b[rank]['torch']), rank
        assert ranks_a[rank]['python'] == ranks_b[rank]['python'], rank
    assert torch.equal(a['optimizer']['state'][0]['exp_avg'], b['optimizer']['state'][0]['exp_avg'])


@pytest.mark.slow
def test_a_bad_label_on_one_rank_stops_both_with_the_same_message(tmp_path, synthetic_data):
    random_bank(tmp_path / 'bank.pth', num_prompts=8, num_classes=4, dims=384)
    lines = open(synthetic_data['ann_file_train']).read().splitlines()
    video = lines[1].split()[0]
    lines[1] = f'{video} 9'  # index 1: rank 1's first sample (no shuffling)
    ann = tmp_path / 'train_bad.txt'
    ann.write_text('\n'.join(lines) + '\n')
    result = dist_train(TINY_ART, tmp_path / 'work', synthetic_data, tmp_path / 'bank.pth',
                        f'train_dataloader.dataset.ann_file={ann}',
                        'train_dataloader.sampler.shuffle=False')
    log = result.stdout + result.stderr
    assert result.returncode != 0
    message = 'label 9 is out of range for num_classes=4'
    assert log.count(message) >= 2, log[-3000:]  # raised on rank 0 and on rank 1
    assert 'found on rank 1' in log


SHUTDOWN_SCRIPT = r'''
import os, socket
import torch, torch.distributed as dist
from art_mmaction.engine import finish_distributed

def gloo_threads():
    names = [open(f'/proc/self/task/{t}/comm').read().strip() for t in os.listdir('/proc/self/task')]
    return sorted(n for n in names if n in ('gloo_tcp_loop', 'pt_gloo_runloop'))

with socket.socket() as s:
    s.bind(('127.0.0.1', 0)); port = s.getsockname()[1]
dist.init_process_group('gloo', init_method=f'tcp://127.0.0.1:{port}', rank=0, world_size=1)
model = torch.nn.parallel.DistributedDataParallel(torch.nn.Linear(3, 2))
model(torch.randn(4, 3)).sum().backward()
print('before', gloo_threads())
del model
finish_distributed()
print('after', gloo_threads(), dist.is_initialized())
'''


@pytest.mark.skipif(not osp.isdir('/proc/self/task'), reason='thread names are read from /proc')
def test_finish_distributed_leaves_no_gloo_thread_for_interpreter_exit():
    """gloo threads alive at interpreter exit could abort a rank after a successful run
    (SIGABRT, 'terminate called without an active exception')."""
    result = run_tool(sys.executable, '-c', SHUTDOWN_SCRIPT)
    assert result.returncode == 0, result.stderr[-2000:]
    before = re.search(r'before \[(.*)\]', result.stdout).group(1)
    assert 'pt_gloo_runloop' in before  # the check can see them
    assert re.search(r'after \[\] False', result.stdout), result.stdout
