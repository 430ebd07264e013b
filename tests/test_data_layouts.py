"""The real-data configs read the files and folders that MMAction2's own tools/data scripts
write, played on small trees laid out as those scripts lay them out (file names and list
formats from MMAction2's tools/data/{diving48,kinetics,gym} and build_file_list.py), from
the working directory that holds data/."""
import os.path as osp
import subprocess
import sys

import numpy as np
import pytest
from mmaction.registry import DATASETS
from mmengine.config import Config

from art_mmaction.engine import check_data_paths
from conftest import REPO


def write_clip(path, seed):
    from art_mmaction.datasets.synthetic import write_video
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = np.random.default_rng(seed).integers(0, 255, (20, 48, 64, 3), dtype=np.uint8)
    write_video(str(path), frames, 10)


def diving48_tree(root):
    """generate_videos_filelist.sh: build_file_list.py diving48 data/diving48/videos/ --level 1
    -> data/diving48/diving48_{train,val}_list_videos.txt (val: the V2 test split)."""
    clips = {'train': [('_8Vy3dlHg2w_00000', 12), ('2x00lRzlTVQ_00001', 47)],
             'val': [('0iw4lwYXnSM_00002', 0)]}
    for split, entries in clips.items():
        for i, (name, _) in enumerate(entries):
            write_clip(root / 'data/diving48/videos' / f'{name}.mp4', i)
        (root / f'data/diving48/diving48_{split}_list_videos.txt').write_text(
            ''.join(f'{name}.mp4 {label}\n' for name, label in entries))
    return {split: len(entries) for split, entries in clips.items()}


def kinetics400_tree(root):
    """download_videos.sh -> data/kinetics400/videos_{train,val}/<class>/<id>.mp4 (class names
    with underscores after rename_classnames.sh); generate_videos_filelist.sh --level 2 ->
    data/kinetics400/kinetics400_{train,val}_list_videos.txt."""
    clips = {'train': [('abseiling/0347ZoDXyP0_000095_000105', 0),
                       ('zumba/zzv2hQ4eEKw_000011_000021', 399)],
             'val': [('air_drumming/--nQbRBEz2s_000104_000114', 1)]}
    for split, entries in clips.items():
        for i, (name, _) in enumerate(entries):
            write_clip(root / f'data/kinetics400/videos_{split}' / f'{name}.mp4', i)
        (root / f'data/kinetics400/kinetics400_{split}_list_videos.txt').write_text(
            ''.join(f'{name}.mp4 {label}\n' for name, label in entries))
    return {split: len(entries) for split, entries in clips.items()}


def finegym288_tree(root):
    """MMAction2's tools/data/gym cut data/gym/subactions/<clip>.mp4; FineGym's Gym288 lists
    as our finegym288_file_list.py downloads them (one clip listed but not cut)."""
    lists = {'train': [('0LtLS9wROrk_E_002407_002435_A_0003_0005', 3),
                       ('zfqS-wCJSsw_E_006244_006252_A_0000_0007', 287),
                       ('gone0000000_E_000001_000002_A_0000_0001', 5)],
             'val': [('zfqS-wCJSsw_E_006732_006824_A_0010_0012', 140)]}
    annotations = root / 'data/gym/annotations'
    annotations.mkdir(parents=True)
    for split, entries in lists.items():
        for i, (name, _) in enumerate(entries):
            if not name.startswith('gone'):
                write_clip(root / 'data/gym/subactions' / f'{name}.mp4', i)
        (annotations / f'gym288_{split}_org.txt').write_text(
            ''.join(f'{name} {label}\n' for name, label in entries))
    done = subprocess.run([sys.executable, osp.join(REPO, 'tools/data/finegym288_file_list.py'),
                           '--gym-root', 'data/gym'], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert 'gym288_train.txt: 2 of 3 listed clips present (1 missing' in done.stdout
    return {'train': 2, 'val': 1}


LAYOUTS = {'art_uniformerv2_diving48.py': diving48_tree,
           'art_uniformerv2_kinetics400.py': kinetics400_tree,
           'art_uniformerv2_finegym288.py': finegym288_tree}


@pytest.mark.parametrize('config', sorted(LAYOUTS))
def test_config_reads_the_tree_mmaction2_writes(config, tmp_path, monkeypatch):
    counts = LAYOUTS[config](tmp_path)
    cfg = Config.fromfile(osp.join(REPO, 'configs', config))
    monkeypatch.chdir(tmp_path)
    check_data_paths(cfg, splits=('train', 'val', 'test'))
    for split, loader in (('train', cfg.train_dataloader), ('val', cfg.val_dataloader),
                          ('val', cfg.test_dataloader)):
        dataset = DATASETS.build(loader.dataset)
        assert len(dataset) == counts[split], (config, split)
    sample = DATASETS.build(cfg.val_dataloader.dataset)[0]   # decodes through the pipeline
    assert tuple(sample['inputs'].shape) == (1, 3, 16, 224, 224)


def test_finegym288_list_with_a_label_out_of_range_is_refused_naming_the_line(tmp_path):
    annotations = tmp_path / 'data/gym/annotations'
    annotations.mkdir(parents=True)
    (tmp_path / 'data/gym/subactions').mkdir(parents=True)
    (annotations / 'gym288_train_org.txt').write_text('a_E_1_2_A_0_1 3\nb_E_1_2_A_0_1 288\n')
    (annotations / 'gym288_val_org.txt').write_text('')
    done = subprocess.run([sys.executable, osp.join(REPO, 'tools/data/finegym288_file_list.py'),
                           '--gym-root', 'data/gym'], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode != 0
    assert 'gym288_train_org.txt:2: expected "<clip id> <label in [0, 288)>"' in done.stderr
    assert not (annotations / 'gym288_train.txt').exists()


def test_rand_augment_variant_is_mmaction2_s_step_applied_alike_to_every_frame():
    import torch
    from mmaction.registry import TRANSFORMS
    variant = Config.fromfile(osp.join(REPO, 'configs', 'variants',
                                       'art_uniformerv2_randaugment_finegym.py'))
    default = Config.fromfile(osp.join(REPO, 'configs', 'art_uniformerv2_finegym.py'))
    pipeline = variant.train_dataloader.dataset.pipeline
    assert pipeline[:4] + pipeline[5:] == default.train_dataloader.dataset.pipeline
    assert pipeline[3].type == 'Resize' and pipeline[4].op == 'RandAugment'
    step = TRANSFORMS.build(pipeline[4])
    frame = np.random.default_rng(0).integers(0, 255, (40, 56, 3), dtype=np.uint8)
    torch.manual_seed(0)
    changed = 0
    for _ in range(5):
        out = step.transform(dict(imgs=[frame.copy() for _ in range(16)]))['imgs']
        assert len(out) == 16 and out[0].shape == frame.shape and out[0].dtype == np.uint8
        assert all(np.array_equal(out[0], f) for f in out)   # one draw for the whole clip
        changed += not np.array_equal(out[0], frame)
    assert changed >= 3
