"""The FineGym99 path of the README, played on a small tree laid out as MMAction2's
tools/data/gym writes it: a CLIP text bank from a local open_clip file of the real
ViT-B/16 architecture, then configs/art_uniformerv2_finegym.py (shrunk only by
--cfg-options) trains an iteration and tests, from the working directory that holds
data/gym."""
import importlib.util
import os
import os.path as osp
import subprocess
import sys

import numpy as np
import pytest
import torch

from conftest import REPO

HAS_OPEN_CLIP = importlib.util.find_spec('open_clip') is not None
CONFIG = osp.join(REPO, 'configs', 'art_uniformerv2_finegym.py')
# MMAction2's trim_subaction.py names: <youtube id>_E_<event span>_A_<sub-action span>.mp4
CLIPS = [('0LtLS9wROrk_E_002407_002435_A_0003_0005', 3), ('0LtLS9wROrk_E_002407_002435_A_0006_0008', 41),
         ('zfqS-wCJSsw_E_006244_006252_A_0000_0007', 98), ('zfqS-wCJSsw_E_006732_006824_A_0010_0012', 0)]
SHRINK = [  # a UniFormerV2 small enough for 2 CPU cores, no Kinetics-710 download
    'model.backbone.init_cfg=None', 'model.backbone.input_resolution=64',
    'model.backbone.width=64', 'model.backbone.layers=2', 'model.backbone.heads=2',
    'model.backbone.t_size=8', 'model.backbone.return_list=[0,1]', 'model.backbone.n_layers=2',
    'model.backbone.n_dim=64', 'model.backbone.n_head=2', 'model.backbone.mlp_dropout=[0.5,0.5]',
    'model.cls_head.in_channels=64', 'model.cls_head.num_tokens=16',
    'model.cls_head.embed_dims=32', 'model.cls_head.se_layers=1', 'model.cls_head.rssa_layers=1',
    'model.cls_head.num_heads=2', 'model.cls_head.bank.num_prompts=1',
    'train_dataloader.dataset.pipeline.1.clip_len=8', 'train_dataloader.dataset.pipeline.3.scale=(-1,64)',
    'train_dataloader.dataset.pipeline.5.scale=(64,64)',
    'val_dataloader.dataset.pipeline.1.clip_len=8', 'val_dataloader.dataset.pipeline.3.scale=(-1,64)',
    'val_dataloader.dataset.pipeline.4.crop_size=64',
    'test_dataloader.dataset.pipeline.1.clip_len=8', 'test_dataloader.dataset.pipeline.3.scale=(-1,64)',
    'test_dataloader.dataset.pipeline.4.crop_size=64',
    'train_dataloader.batch_size=2', 'val_dataloader.batch_size=2',
    'train_cfg.max_epochs=1'] + [
    f'{split}_dataloader.{key}' for split in ('train', 'val', 'test')
    for key in ('num_workers=0', 'persistent_workers=False')]


def gym_tree(root):
    """data/gym/{annotations/gym99_{train,val}.txt, subactions/*.mp4}, labels in [0, 99)."""
    from art_mmaction.datasets.synthetic import (RenderOptions, class_vocabulary, render_clip,
                                                 write_video)
    annotations, clips = root / 'data/gym/annotations', root / 'data/gym/subactions'
    annotations.mkdir(parents=True)
    clips.mkdir(parents=True)
    spec = class_vocabulary(8)[0]
    for i, (name, _) in enumerate(CLIPS):
        frames = render_clip(spec, RenderOptions(frames=16, size=96), np.random.default_rng(i))
        write_video(str(clips / f'{name}.mp4'), frames, 16)
    lines = ''.join(f'{name}.mp4 {label}\n' for name, label in CLIPS)
    (annotations / 'gym99_train.txt').write_text(lines)
    (annotations / 'gym99_val.txt').write_text(lines)


def tool(cwd, *args):
    env = dict(os.environ, PYTHONPATH=REPO)
    return subprocess.run([sys.executable, *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=900)


@pytest.mark.slow
@pytest.mark.skipif(not HAS_OPEN_CLIP, reason='needs open_clip: pip install ".[clip]"')
def test_finegym99_from_an_mmaction2_tree_with_a_local_clip_file(tmp_path):
    import open_clip
    gym_tree(tmp_path)
    # the format of open_clip_pytorch_model.bin: the whole CLIP's state dict
    torch.manual_seed(0)
    clip = open_clip.create_model('ViT-B-16-quickgelu')
    weights = tmp_path / 'open_clip_pytorch_model.bin'
    torch.save(clip.state_dict(), weights)
    del clip
    (tmp_path / 'template.txt').write_text('a video of a gymnast doing {}.\n')
    bank = tool(tmp_path, f'{REPO}/tools/data/build_text_bank.py', 'dataset:finegym99',
                'data/gym/text_bank_gym99_vitb16.pth', '--encoder', 'open_clip',
                '--model', 'ViT-B-16-quickgelu', '--weights', weights,
                '--templates', tmp_path / 'template.txt')
    assert bank.returncode == 0, bank.stderr[-3000:]
    from art_mmaction.text import load_bank
    embeddings, meta = load_bank(str(tmp_path / 'data/gym/text_bank_gym99_vitb16.pth'))
    assert tuple(embeddings.shape) == (1, 99, 512)
    assert meta['weights'] == str(weights) and not meta['random_init']
    assert len(meta['class_names']) == 99 and 'round-off, flic-flac' in meta['class_names'][0]

    train = tool(tmp_path, f'{REPO}/tools/train.py', CONFIG, '--work-dir', 'work',
                 '--cfg-options', *SHRINK)
    log = train.stdout + train.stderr
    assert train.returncode == 0, log[-3000:]
    assert 'Epoch(train) [1][2/2]' in log and 'Epoch(val) [1][2/2]' in log
    test = tool(tmp_path, f'{REPO}/tools/test.py', CONFIG, 'work/epoch_1.pth', '--work-dir',
                'work_test', '--cfg-options', *SHRINK)
    log = test.stdout + test.stderr
    assert test.returncode == 0, log[-3000:]
    assert 'Epoch(test) [4/4]' in log and 'acc/mean1' in log   # batch 1: 4 clips x 3 crops each
