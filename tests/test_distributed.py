"""Two processes on CPU (gloo) through tools/dist_train.sh and tools/dist_test.sh."""
import re
import socket

import pytest
import torch

from conftest import REPO, TINY_ART, data_options, random_bank, run_tool


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def metrics_line(log: str) -> str:
    found = re.findall(r'Epoch\(test\).*?(acc/top1: [0-9.]+\s+acc/top5: [0-9.]+\s+'
                       r'acc/mean1: [0-9.]+)', log)
    assert found, log[-2000:]
    return found[-1]




@pytest.mark.slow
def test_two_process_training_keeps_banks_equal_and_tests_match(tmp_path, synthetic_data):
    random_bank(tmp_path / 'bank.pth', num_prompts=8, num_classes=4, dims=384)
    common = ['model.cls_head.num_classes=4',
              f'model.cls_head.bank.bank_file={tmp_path / "bank.pth"}',
              f"test_dataloader.dataset.ann_file={synthetic_data['ann_file_val']}",
              f"test_dataloader.dataset.data_prefix.video={synthetic_data['data_root']}",
              'test_dataloader.num_workers=0', 'test_dataloader.persistent_workers=False']
    work = tmp_path / 'dist'
    trained = run_tool('bash', f'{REPO}/tools/dist_train.sh', TINY_ART, 2, '--work-dir', work,
                       '--cfg-options', *data_options(synthetic_data), *common,
                       'train_cfg.max_epochs=1', 'train_dataloader.batch_size=4',
                       env=dict(PORT=str(free_port())))
    log = trained.stdout + trained.stderr
    assert trained.returncode == 0, log[-3000:]
    assert 'text bank S identical on all 2 ranks (max difference 0)' in log
    assert 'Distributed training: True' in log

    checkpoint = work / 'epoch_1.pth'
    state = torch.load(checkpoint, weights_only=True)['state_dict']
    assert not any(key.startswith('module.') for key in state)

    single = run_tool('python', f'{REPO}/tools/test.py', TINY_ART, checkpoint, '--work-dir',
                      tmp_path / 'test1', '--cfg-options', *common)
    assert single.returncode == 0, (single.stdout + single.stderr)[-3000:]
    double = run_tool('bash', f'{REPO}/tools/dist_test.sh', TINY_ART, checkpoint, 2,
                      '--work-dir', tmp_path / 'test2', '--cfg-options', *common,
                      env=dict(PORT=str(free_port())))
    assert double.returncode == 0, (double.stdout + double.stderr)[-3000:]
    assert metrics_line(single.stdout + single.stderr) == \
        metrics_line(double.stdout + double.stderr)
