"""tools/infer.py, tracklet figures, text-bank plots and their error cases."""
import json
import sys

import cv2
import pytest
import torch
from mmengine.config import Config
from PIL import Image

from art_mmaction.apis import (CheckpointMismatchError, explain_clip,
                               init_checked_recognizer)
from art_mmaction.datasets import BadVideoError
from conftest import REPO, TINY_ART, TINY_BASELINE, random_bank, run_tool

HEAD = dict(num_classes=4)
BANK = dict(text_dims=16, num_prompts=3)


def art_options(bank):
    return ['model.cls_head.num_classes=4', f'model.cls_head.bank.bank_file={bank}',
            'model.cls_head.bank.text_dims=16', 'model.cls_head.bank.num_prompts=3']


def art_cfg(bank):
    cfg = Config.fromfile(TINY_ART)
    cfg.model.cls_head.update(HEAD)
    cfg.model.cls_head.bank.update(bank_file=str(bank), **BANK)
    return cfg


@pytest.fixture(scope='module')
def trained(tmp_path_factory):
    """A tiny ART checkpoint (random weights, S moved away from S0) and its config."""
    from mmaction.registry import MODELS
    root = tmp_path_factory.mktemp('vis')
    random_bank(root / 'bank.pth')
    cfg = art_cfg(root / 'bank.pth')
    model = MODELS.build(cfg.model)
    model.init_weights()
    with torch.no_grad():
        model.cls_head.bank.bank.add_(0.3 * torch.randn_like(model.cls_head.bank.bank))
    torch.save(dict(meta=dict(epoch=1), state_dict=model.state_dict()), root / 'art.pth')
    return root, cfg


@pytest.fixture(scope='module')
def video(synthetic_data):
    first = open(synthetic_data['ann_file_val']).readline().split()[0]
    return f"{synthetic_data['data_root']}/{first}"


def test_explanation_shapes_and_normalisation(trained, video):
    root, cfg = trained
    model = init_checked_recognizer(cfg, str(root / 'art.pth'))
    out = explain_clip(model, video)
    T, K = 8, 2
    assert out['frames'].shape == (T, 64, 64, 3) and out['frames'].dtype == torch.uint8
    assert out['response_maps'].shape == (T, K, 4, 4)
    assert torch.allclose(out['response_maps'].sum(dim=(-1, -2)), torch.ones(T, K), atol=1e-5)
    assert out['weights'].shape == (K, T)
    assert torch.allclose(out['weights'].sum(dim=-1), torch.ones(K), atol=1e-5)
    assert out['cam'].shape == (T, 4, 4)
    assert out['cam'].min() == 0 and out['cam'].max() == 1


def test_infer_tool_matches_mmaction_inference_and_writes_figures(trained, video, tmp_path,
                                                                 synthetic_data):
    from mmaction.apis import inference_recognizer, init_recognizer
    root, cfg = trained
    result = run_tool(sys.executable, f'{REPO}/tools/infer.py', video, TINY_ART,
                      root / 'art.pth', '--out-json', tmp_path / 'out.json',
                      '--show-tracklets', tmp_path / 'tracklets.png',
                      '--animation', tmp_path / 'tracklets.gif',
                      '--label-file', f"{synthetic_data['root']}/classnames.txt",
                      '--cfg-options', *art_options(root / 'bank.pth'))
    assert result.returncode == 0, result.stderr[-3000:]
    assert 'top-4 of 4 classes' in result.stdout and '1. jump with' in result.stdout
    tool_scores = torch.tensor(json.load(open(tmp_path / 'out.json'))['scores'])

    model = init_recognizer(cfg, str(root / 'art.pth'), device='cpu')  # MMAction2's own API
    reference = inference_recognizer(model, video).pred_score
    assert torch.allclose(tool_scores, reference, atol=1e-6)

    png = Image.open(tmp_path / 'tracklets.png')
    assert png.format == 'PNG' and png.size == (1360, 460)  # 1.7 in x 8 frames, 4.6 in, 100 dpi
    gif = Image.open(tmp_path / 'tracklets.gif')
    assert gif.format == 'GIF' and gif.n_frames == 8 and gif.size == (324, 160)


def test_bad_video_checkpoint_of_another_config_and_no_bank(trained, tmp_path):
    root, cfg = trained
    writer = cv2.VideoWriter(str(tmp_path / 'empty.mp4'), cv2.VideoWriter_fourcc(*'mp4v'),
                             16, (64, 64))
    writer.release()
    result = run_tool(sys.executable, f'{REPO}/tools/infer.py', tmp_path / 'empty.mp4',
                      TINY_ART, root / 'art.pth', '--cfg-options', *art_options(root / 'bank.pth'))
    assert result.returncode != 0
    assert f'cannot read video {tmp_path / "empty.mp4"}' in result.stderr

    from mmaction.registry import MODELS
    baseline = MODELS.build(Config.fromfile(TINY_BASELINE).model)
    torch.save(dict(state_dict=baseline.state_dict()), tmp_path / 'baseline.pth')
    with pytest.raises(CheckpointMismatchError,
                       match=f'checkpoint {tmp_path / "baseline.pth"} has no text bank'):
        init_checked_recognizer(cfg, str(tmp_path / 'baseline.pth'))

    other = art_cfg(root / 'bank.pth')
    other.model.cls_head.embed_dims = 32
    with pytest.raises(CheckpointMismatchError,
                       match=f'checkpoint {root / "art.pth"} does not match .*other shapes'):
        init_checked_recognizer(other, str(root / 'art.pth'))

    with pytest.raises(BadVideoError, match='video not found: /no/such.mp4'):
        from art_mmaction.apis import check_video
        check_video('/no/such.mp4')


def test_text_bank_plot(trained, tmp_path):
    root, _ = trained
    result = run_tool(sys.executable, f'{REPO}/tools/visualizations/plot_text_bank.py', root / 'art.pth',
                      '--out', tmp_path / 'bank.png')
    assert result.returncode == 0, result.stderr[-3000:]
    assert '4 classes, mean 1 - cos(S0, S) =' in result.stdout
    assert Image.open(tmp_path / 'bank.png').format == 'PNG'

    sys.path.insert(0, f'{REPO}/tools/visualizations')
    from plot_text_bank import load_banks, plot
    initial, tuned = load_banks(str(root / 'art.pth'))
    same = plot(initial, initial, str(tmp_path / 'same.png'))
    assert abs(same['moved']).max() < 1e-6  # S == S0: nothing moved
    assert (same['initial'] == same['tuned']).all()
    tsne = plot(initial, tuned, str(tmp_path / 'tsne.png'), method='tsne')
    assert tsne['initial'].shape == tsne['tuned'].shape == (4, 2)
    torch.save(dict(state_dict={'w': torch.zeros(1)}), tmp_path / 'nobank.pth')
    with pytest.raises(KeyError, match=f'checkpoint {tmp_path / "nobank.pth"} has no text bank'):
        load_banks(str(tmp_path / 'nobank.pth'))
