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


def test_art_trains_with_every_loss_logged_and_its_figures_reach_tensorboard(tmp_path,
                                                                             synthetic_data):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    random_bank(tmp_path / 'bank.pth', num_prompts=8, num_classes=4, dims=384)
    config = tmp_path / 'art_tensorboard.py'
    config.write_text(
        f"_base_ = [{TINY_ART!r}]\n"
        "custom_hooks = _base_.custom_hooks + [\n"
        "    dict(type='TrackletVisualizationHook', interval=1, num_clips=2)]\n"
        "visualizer = dict(type='ActionVisualizer', vis_backends=[\n"
        "    dict(type='LocalVisBackend'), dict(type='TensorboardVisBackend')])\n")
    result = train(config, tmp_path / 'work', synthetic_data, 'train_cfg.max_epochs=1',
                   f"model.cls_head.bank.bank_file={tmp_path / 'bank.pth'}")
    assert result.returncode == 0, result.stderr[-3000:]
    log = result.stdout + result.stderr
    for key in ('loss_cls_global', 'loss_topk', 'loss_mtc_spatial', 'loss_mtc_temporal',
                'loss_mtc_tracklet', 'loss_text_video', 'loss_text_proto', 'topk_hit',
                'agg_entropy', 'acc/top1', 'art/topk_hit', 'art/agg_entropy'):
        assert key in log, key
    state = load_ckpt(tmp_path / 'work' / 'epoch_1.pth')['state_dict']
    # the EMA hook moved S towards S_a, away from S0
    assert not torch.equal(state['cls_head.bank.bank'], state['cls_head.bank.initial_bank'])

    (events,) = list((tmp_path / 'work').glob('*/vis_data/events.out.tfevents.*'))
    board = EventAccumulator(str(events), size_guidance={'images': 0, 'scalars': 0})
    board.Reload()
    assert {'tracklets_clip0', 'tracklets_clip1'} <= set(board.Tags()['images'])
    image = board.Images('tracklets_clip0')[0]
    assert image.step == 1 and image.width > 400 and image.height > 200
    scalars = set(board.Tags()['scalars'])
    for name in ('tracklets/clip0_topk_hit', 'tracklets/clip1_max_weight',
                 'tracklets/clip0_entropy', 'art/topk_hit', 'art/agg_entropy'):
        assert name in scalars, (name, sorted(scalars))
    hit = board.Scalars('tracklets/clip0_topk_hit')[0].value
    assert hit in (0.0, 1.0)
    local = list((tmp_path / 'work').glob('*/vis_data/vis_image/tracklets_clip1_1.png'))
    assert len(local) == 1   # and the local backend wrote the same figure


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
