"""Bad videos, exact resume, safe checkpoints, the non-finite guard, --amp on CPU."""
import shutil
import warnings

import cv2
import numpy as np
import pytest
import torch
from mmengine.registry import DATASETS
from mmengine.runner import load_checkpoint

from art_mmaction.compat import UnsafeCheckpointError
from art_mmaction.datasets import BadVideoError
from art_mmaction.models.recognizers import NonFiniteLossError
from conftest import TINY_ART, TINY_BASELINE, load_ckpt, random_bank, tiny_art_cfg, train


def make_bad_videos(folder, good_video):
    """One of each fault, named after it, beside a copy of a good video."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(good_video, folder / 'good.mp4')
    data = (folder / 'good.mp4').read_bytes()
    (folder / 'truncated.mp4').write_bytes(data[:len(data) // 2])
    (folder / 'corrupt.mp4').write_bytes(bytes(range(256)) * 4)
    writer = cv2.VideoWriter(str(folder / 'zero_frames.mp4'),
                             cv2.VideoWriter_fourcc(*'mp4v'), 16, (64, 64))
    writer.release()
    names = ['truncated.mp4', 'corrupt.mp4', 'zero_frames.mp4', 'missing.mp4']
    (folder / 'ann.txt').write_text(''.join(f'{n} 0\n' for n in ['good.mp4'] + names))
    return names


@pytest.fixture
def bad_folder(tmp_path, synthetic_data):
    first = open(synthetic_data['ann_file_train']).readline().split()[0]
    names = make_bad_videos(tmp_path / 'bad', f"{synthetic_data['data_root']}/{first}")
    return tmp_path / 'bad', names


def build_dataset(folder, **kwargs):
    from mmengine.config import Config
    cfg = Config.fromfile(TINY_BASELINE)
    dataset = dict(cfg.train_dataloader.dataset, ann_file=str(folder / 'ann.txt'),
                   data_prefix=dict(video=str(folder)))
    dataset.update(kwargs)
    return DATASETS.build(dataset)


def test_bad_videos_are_skipped_with_a_warning_naming_each(bad_folder):
    folder, names = bad_folder
    dataset = build_dataset(folder)
    assert dataset.on_bad_video == 'skip'  # the training default
    warned = 0
    for index, name in enumerate(names, start=1):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always')
            sample = dataset[index]
        messages = [str(w.message) for w in caught if 'skipped bad video' in str(w.message)]
        assert f'skipped bad video {folder / name}' in messages[0], messages
        warned += len(messages)  # mmengine may draw other bad clips before the good one
        assert sample['inputs'].shape[-3:] == (8, 64, 64)
        assert sample['data_samples'].gt_label.item() == 0
    assert dataset.pop_skipped_count() == warned >= len(names)
    assert dataset.pop_skipped_count() == 0


def test_a_replacement_never_lands_on_a_clip_already_found_bad(bad_folder):
    """mmengine draws a replacement among all clips, so with one good and one bad clip
    it drew the bad one again half of the time and the skipped count depended on the
    random seed (2 instead of 1)."""
    folder, _ = bad_folder
    (folder / 'two.txt').write_text('good.mp4 0\ncorrupt.mp4 0\n')
    dataset = build_dataset(folder, ann_file=str(folder / 'two.txt'))
    for seed in range(20):
        np.random.seed(seed)
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            sample = dataset[1]
        assert sample['data_samples'].gt_label.item() == 0
        assert dataset.pop_skipped_count() == 1, seed  # met once, never drawn again


def test_bad_videos_stop_evaluation_with_the_file_name(bad_folder):
    folder, names = bad_folder
    dataset = build_dataset(folder, test_mode=True)
    assert dataset.on_bad_video == 'raise'
    dataset[0]
    for index, name in enumerate(names, start=1):
        with pytest.raises(BadVideoError, match=f'bad video {folder / name}'):
            dataset[index]
    with pytest.raises(ValueError, match="'skip' is for training only"):
        build_dataset(folder, test_mode=True, on_bad_video='skip')


def test_training_reports_the_skipped_count_at_epoch_end(tmp_path, synthetic_data, bad_folder):
    folder, names = bad_folder
    ann = tmp_path / 'train_with_bad.txt'
    good = open(synthetic_data['ann_file_train']).read()
    # absolute paths: os.path.join(data_prefix, '/abs/x.mp4') is '/abs/x.mp4'
    ann.write_text(good + ''.join(f'{folder / n} 1\n' for n in names))
    result = train(TINY_BASELINE, tmp_path / 'work', synthetic_data,
                   f'train_dataloader.dataset.ann_file={ann}', 'train_cfg.max_epochs=1')
    assert result.returncode == 0, result.stderr[-3000:]
    log = result.stdout + result.stderr
    assert 'training clip(s) were skipped as bad videos' in log
    for name in names:
        assert f'skipped bad video {folder / name}' in log


def checkpoint_tensors(path):
    ckpt = load_ckpt(path)
    flat = {f'state_dict.{k}': v for k, v in ckpt['state_dict'].items()}
    for index, state in ckpt['optimizer']['state'].items():
        flat.update({f'optimizer.{index}.{k}': v for k, v in state.items()})
    return ckpt, flat


@pytest.fixture(scope='module')
def art_two_epochs(tmp_path_factory, synthetic_data):
    """The tiny ART trained for 2 epochs straight, seed 3: the run that the resumed one
    and a second run from scratch must both reproduce exactly."""
    root = tmp_path_factory.mktemp('art_two_epochs')
    random_bank(root / 'bank.pth', num_prompts=8, num_classes=4, dims=384)
    options = [f'model.cls_head.bank.bank_file={root / "bank.pth"}', 'train_cfg.max_epochs=2',
               'train_dataloader.batch_size=4', 'randomness.deterministic=True']
    straight = train(TINY_ART, root / 'straight', synthetic_data, *options, '--seed', '3')
    assert straight.returncode == 0, straight.stderr[-3000:]
    return root, options


def test_resume_gives_exactly_the_uninterrupted_run(art_two_epochs, synthetic_data, tmp_path):
    """2 epochs straight == epoch 1, then a new process resuming from its checkpoint."""
    root, options = art_two_epochs
    resumed = train(TINY_ART, tmp_path / 'resumed', synthetic_data, *options, '--seed', '3',
                    '--resume', root / 'straight' / 'epoch_1.pth')
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert 'resumed epoch: 1' in resumed.stdout + resumed.stderr

    ckpt_a, flat_a = checkpoint_tensors(root / 'straight' / 'epoch_2.pth')
    ckpt_b, flat_b = checkpoint_tensors(tmp_path / 'resumed' / 'epoch_2.pth')
    assert flat_a.keys() == flat_b.keys()
    for key in ('cls_head.bank.bank', 'cls_head.bank.agent_bank', 'cls_head.bank.prototypes'):
        assert f'state_dict.{key}' in flat_a
    ckpt_1, flat_1 = checkpoint_tensors(root / 'straight' / 'epoch_1.pth')
    assert not torch.equal(flat_1['state_dict.cls_head.bank.bank'],
                           flat_a['state_dict.cls_head.bank.bank'])  # epoch 2 did change S
    different = [k for k in flat_a if not torch.equal(flat_a[k], flat_b[k])]
    assert not different, different[:5]
    assert ckpt_a['param_schedulers'] == ckpt_b['param_schedulers']
    assert ckpt_a['optimizer']['param_groups'] == ckpt_b['optimizer']['param_groups']
    assert torch.equal(ckpt_a['rng_state']['per_rank'][0]['torch'],
                       ckpt_b['rng_state']['per_rank'][0]['torch'])


@pytest.mark.slow
def test_same_config_and_seed_train_to_identical_weights(art_two_epochs, synthetic_data,
                                                         tmp_path):
    root, options = art_two_epochs
    second = train(TINY_ART, tmp_path / 'second', synthetic_data, *options, '--seed', '3')
    assert second.returncode == 0, (second.stdout + second.stderr)[-3000:]
    runs = [load_ckpt(root / 'straight' / 'epoch_2.pth'),
            load_ckpt(tmp_path / 'second' / 'epoch_2.pth')]
    first, again = (run['state_dict'] for run in runs)
    assert first.keys() == again.keys()
    for key in first:
        assert torch.equal(first[key], again[key]), key
    accuracy = [run['message_hub']['log_scalars']['val/acc/top1'].current() for run in runs]
    assert accuracy[0] == accuracy[1]


def test_checkpoint_loading_refuses_arbitrary_objects(tmp_path, model_and_ckpt):
    model, path = model_and_ckpt
    load_checkpoint(model, str(path), strict=True)  # a normal mmengine checkpoint loads

    class Payload:
        def __reduce__(self):
            return (print, ('this ran while loading',))

    evil = load_ckpt(path)
    evil['meta']['payload'] = Payload()
    torch.save(evil, tmp_path / 'evil.pth')
    with pytest.raises(UnsafeCheckpointError,
                       match=f'refused to load checkpoint {tmp_path / "evil.pth"}.*print'):
        load_checkpoint(model, str(tmp_path / 'evil.pth'))


@pytest.fixture
def model_and_ckpt(tmp_path):
    from mmaction.registry import MODELS
    from mmengine.logging import HistoryBuffer
    random_bank(tmp_path / 'bank.pth')
    model = MODELS.build(tiny_art_cfg(tmp_path / 'bank.pth'))
    model.init_weights()
    buffer = HistoryBuffer()
    buffer.update(1.0)
    path = tmp_path / 'model.pth'
    torch.save(dict(meta=dict(epoch=1), state_dict=model.state_dict(),
                    message_hub=dict(log_scalars={'train/loss': buffer})), path)
    return model, path


def test_non_finite_loss_stops_before_the_step_naming_iteration_and_term(model_and_ckpt):
    from mmaction.structures import ActionDataSample
    from mmengine.logging import MessageHub
    from mmengine.optim import build_optim_wrapper
    model, _ = model_and_ckpt
    optim = build_optim_wrapper(model, dict(optimizer=dict(type='AdamW', lr=1e-3)))
    MessageHub.get_current_instance().update_info('iter', 41)
    MessageHub.get_current_instance().update_info('epoch', 2)
    inputs = torch.rand(2, 1, 3, 8, 64, 64) * 255
    inputs[0, 0, 0, 0, 0, 0] = float('nan')
    samples = [ActionDataSample().set_gt_label(torch.tensor(i)) for i in range(2)]
    before = {k: v.clone() for k, v in model.state_dict().items()}
    with pytest.raises(NonFiniteLossError,
                       match=r'iteration 42 \(epoch 3\): rank 0: loss_cls=nan'):
        model.train_step(dict(inputs=list(inputs), data_samples=samples), optim)
    after = model.state_dict()
    changed = [k for k in before if not torch.equal(before[k], after[k])]
    assert not changed, changed  # nothing was written
    model.check_finite_loss = False
    model.train_step(dict(inputs=list(inputs), data_samples=samples), optim)
    assert not torch.isfinite(model.cls_head.fc_cls.weight).all()  # what the guard prevents


def test_cpu_bf16_wrapper_runs_matmuls_in_bf16_and_returns_float32_scores():
    from art_mmaction.engine import CPUBF16OptimWrapper

    class Recognizer(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.backbone = torch.nn.Linear(4, 4)
            self.cls_head = torch.nn.Linear(4, 3)

    model = Recognizer()
    wrapper = CPUBF16OptimWrapper(torch.optim.SGD(model.parameters(), lr=0.1))
    x = torch.randn(2, 4)
    with wrapper.optim_context(model):
        features = model.backbone(x)
        scores = model.cls_head(features)
    assert features.dtype == torch.bfloat16
    assert scores.dtype == torch.float32   # MMAction2 hands scores to NumPy
    assert model.cls_head(x).dtype == torch.float32 and not model.cls_head._forward_hooks
    assert model.backbone.weight.dtype == torch.float32


@pytest.mark.parametrize('config', [TINY_BASELINE, TINY_ART])
def test_amp_trains_in_bfloat16_on_cpu(tmp_path, synthetic_data, config):
    if torch.cuda.is_available():
        pytest.skip('on CUDA --amp is mmengine\'s fp16 AmpOptimWrapper')
    random_bank(tmp_path / 'bank.pth', num_prompts=8, num_classes=4, dims=384)
    bank = [f'model.cls_head.bank.bank_file={tmp_path / "bank.pth"}'] if config == TINY_ART else []
    result = train(config, tmp_path / 'amp', synthetic_data, 'train_cfg.max_epochs=1', *bank,
                   '--amp')
    assert result.returncode == 0, result.stderr[-3000:]
    log = result.stdout + result.stderr
    assert "type='CPUBF16OptimWrapper'" in log
    ckpt = load_ckpt(tmp_path / 'amp' / 'epoch_1.pth')
    weights = ckpt['state_dict']['cls_head.fc_cls.weight']
    assert weights.dtype == torch.float32 and torch.isfinite(weights).all()


def test_a_config_in_fp16_mixed_precision_runs_on_cpu_in_bfloat16_saying_so(monkeypatch):
    """Swin-B and VideoMAE V2 ship AmpOptimWrapper, which mmengine refuses without a GPU."""
    from mmengine.config import Config

    from art_mmaction.engine import optim_wrapper_for_device
    from conftest import REPO
    cfg = Config.fromfile(f'{REPO}/configs/swin-base-p244-w877_k400-pre_finegym.py')
    assert cfg.optim_wrapper.type == 'AmpOptimWrapper'
    if torch.cuda.is_available():
        assert optim_wrapper_for_device(cfg.optim_wrapper) == cfg.optim_wrapper
        return
    import mmengine.logging
    said = []
    monkeypatch.setattr(mmengine.logging, 'print_log', lambda msg, **kw: said.append(msg))
    wrapper = optim_wrapper_for_device(dict(cfg.optim_wrapper, loss_scale='dynamic'))
    assert wrapper['type'] == 'CPUBF16OptimWrapper' and 'loss_scale' not in wrapper
    assert wrapper['optimizer'] == cfg.optim_wrapper.optimizer
    assert len(said) == 1 and 'AmpOptimWrapper" (fp16 mixed precision) needs CUDA' in said[0]
    plain = dict(type='OptimWrapper', optimizer=dict(type='SGD', lr=0.1))
    assert optim_wrapper_for_device(plain) is plain
