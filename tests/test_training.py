"""Short Runner train + val + resume through tools/train.py, and bad input."""
import pytest
import torch

from conftest import TINY_ART, TINY_BASELINE, load_ckpt, random_bank, train


def test_baseline_trains_validates_and_resumes(tmp_path, synthetic_data):
    work = tmp_path / 'base'
    first = train(TINY_BASELINE, work, synthetic_data, 'train_cfg.max_epochs=1')
    assert first.returncode == 0, first.stderr[-3000:]
    assert 'acc/top1' in first.stdout + first.stderr
    ckpt1 = load_ckpt(work / 'epoch_1.pth')
    resumed = train(TINY_BASELINE, work, synthetic_data, 'train_cfg.max_epochs=2', '--resume')
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    log = resumed.stdout + resumed.stderr
    assert 'resumed epoch: 1' in log and 'Epoch(train) [2]' in log and 'Epoch(train) [1]' not in log
    ckpt2 = load_ckpt(work / 'epoch_2.pth')
    state1 = ckpt1['optimizer']['state']
    # the optimizer state continued: Adam's step counter went on from epoch 1's
    steps1 = state1[0]['step'].item()
    assert ckpt2['optimizer']['state'][0]['step'].item() == 2 * steps1


def test_art_trains_with_every_loss_logged(tmp_path, synthetic_data):
    random_bank(tmp_path / 'bank.pth', num_prompts=8, num_classes=4, dims=384)
    result = train(TINY_ART, tmp_path / 'art', synthetic_data, 'train_cfg.max_epochs=1',
                   f'model.cls_head.bank.bank_file={tmp_path / "bank.pth"}')
    assert result.returncode == 0, result.stderr[-3000:]
    log = result.stdout + result.stderr
    for key in ('loss_cls_global', 'loss_topk', 'loss_mtc_spatial', 'loss_mtc_temporal',
                'loss_mtc_tracklet', 'loss_text_video', 'loss_text_proto', 'topk_hit',
                'agg_entropy', 'acc/top1', 'art/topk_hit', 'art/agg_entropy'):
        assert key in log, key
    ckpt = load_ckpt(tmp_path / 'art' / 'epoch_1.pth')
    state = ckpt['state_dict']
    # the EMA hook moved S towards S_a, away from S0
    assert not torch.equal(state['cls_head.bank.bank'], state['cls_head.bank.initial_bank'])


@pytest.mark.parametrize('override, message', [
    ('train_dataloader.dataset.ann_file=/no/such/train.txt',
     'train_dataloader.dataset.ann_file: annotation file not found: /no/such/train.txt'),
    ('val_dataloader.dataset.data_prefix.video=/no/such/videos',
     'val_dataloader.dataset.data_prefix.video: data folder not found: /no/such/videos'),
    ('train_dataloder.batch_size=2', 'unknown config key "train_dataloder.batch_size"'),
    ('model.backbone.widht=32', "unexpected keyword argument 'widht'"),
])
def test_bad_input_names_the_path_or_key(tmp_path, synthetic_data, override, message):
    result = train(TINY_BASELINE, tmp_path / 'bad', synthetic_data, override)
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.slow
def test_same_config_and_seed_train_to_identical_weights(tmp_path, synthetic_data):
    random_bank(tmp_path / 'bank.pth', num_prompts=8, num_classes=4, dims=384)
    runs = []
    for name in ('first', 'second'):
        result = train(TINY_ART, tmp_path / name, synthetic_data, 'train_cfg.max_epochs=2',
                       f'model.cls_head.bank.bank_file={tmp_path / "bank.pth"}',
                       '--seed', '3')
        assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
        runs.append(load_ckpt(tmp_path / name / 'epoch_2.pth'))
    first, second = (run['state_dict'] for run in runs)
    assert first.keys() == second.keys()
    for key in first:
        assert torch.equal(first[key], second[key]), key
    accuracy = [run['message_hub']['log_scalars']['val/acc/top1'].current() for run in runs]
    assert accuracy[0] == accuracy[1]
