"""n clips of each class by a seed: the dataset option and the list tool keep the same clips."""
import os.path as osp
import subprocess
import sys

import pytest

from art_mmaction.datasets import clips_per_class_indices
from conftest import REPO

# 3 classes in interleaved order, 6, 5 and 7 clips
LABELS = [0, 1, 2] * 5 + [0, 2, 2]


def test_same_seed_same_clips_every_class_n_and_smaller_n_nested():
    kept = clips_per_class_indices(LABELS, 4, seed=3)
    assert kept == clips_per_class_indices(LABELS, 4, seed=3) == sorted(kept)
    assert sorted(LABELS[i] for i in kept) == [0] * 4 + [1] * 4 + [2] * 4
    assert kept != clips_per_class_indices(LABELS, 4, seed=4)   # the seed matters
    assert set(clips_per_class_indices(LABELS, 2, seed=3)) < set(kept)
    # a class's choice does not depend on the other classes' clips
    only_class_1 = [i for i in kept if LABELS[i] == 1]
    relabelled = [1 if label == 1 else 0 for label in LABELS]
    assert [i for i in clips_per_class_indices(relabelled, 4, seed=3) if relabelled[i] == 1] \
        == only_class_1


def test_a_class_with_fewer_clips_is_named():
    with pytest.raises(ValueError, match=r'train.txt: clips_per_class=6.*\{1: 5\}'):
        clips_per_class_indices(LABELS, 6, seed=0, source='train.txt')
    with pytest.raises(ValueError, match='at least 1'):
        clips_per_class_indices(LABELS, 0, seed=0)


def test_dataset_option_and_list_tool_keep_the_same_clips(tmp_path):
    from mmaction.registry import DATASETS
    ann = tmp_path / 'train.txt'
    ann.write_text(''.join(f'clip{i:02d}.mp4 {label}\n' for i, label in enumerate(LABELS)))
    dataset = DATASETS.build(dict(type='SafeVideoDataset', ann_file=str(ann), pipeline=[],
                                  data_prefix=dict(video=str(tmp_path)), clips_per_class=3,
                                  subset_seed=7))
    from_dataset = [osp.basename(dataset.get_data_info(i)['filename']) for i in range(len(dataset))]
    out = tmp_path / 'train_3.txt'
    done = subprocess.run([sys.executable, osp.join(REPO, 'tools/data/clips_per_class.py'), ann,
                           out, '--clips-per-class', '3', '--seed', '7'],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    from_tool = [line.split()[0] for line in out.read_text().splitlines()]
    assert from_dataset == from_tool and len(from_tool) == 9
    assert '9 clips, 3 of each of 3 classes (seed 7)' in done.stdout
