"""The synthetic fine-grained dataset generator."""
import hashlib

import numpy as np
import pytest

from art_mmaction.datasets import RenderOptions, class_vocabulary, make_dataset, render_clip


def digest(path):
    return hashlib.sha256(open(path, 'rb').read()).hexdigest()


def test_same_seed_same_annotations_and_frames(tmp_path, synthetic_data):
    again = make_dataset(str(tmp_path / 'again'), num_classes=4, train_per_class=4,
                         val_per_class=2, test_per_class=1, options=RenderOptions(difficulty=0.3),
                         seed=3)
    for key in ('ann_file_train', 'ann_file_val', 'ann_file_test', 'classnames'):
        assert digest(again[key]) == digest(synthetic_data[key])
    spec = class_vocabulary(4)[1]
    a = render_clip(spec, RenderOptions(), np.random.default_rng([3, 0, 1]))
    b = render_clip(spec, RenderOptions(), np.random.default_rng([3, 0, 1]))
    c = render_clip(spec, RenderOptions(), np.random.default_rng([4, 0, 1]))
    assert np.array_equal(a, b) and not np.array_equal(a, c)


def decoded(root, ann_file):
    """{line: frames} of every clip an annotation file lists (decoded with decord)."""
    import decord
    clips = {}
    for line in open(ann_file):
        rel = line.split()[0]
        clips[rel] = decord.VideoReader(f'{root}/videos/{rel}').get_batch(range(16)).asnumpy()
    return clips


def test_test_split_is_held_out_and_leaves_train_and_val_unchanged(tmp_path, synthetic_data):
    root = synthetic_data['root']
    test = decoded(root, synthetic_data['ann_file_test'])
    seen = {**decoded(root, synthetic_data['ann_file_train']),
            **decoded(root, synthetic_data['ann_file_val'])}
    assert len(test) == 4 and len(seen) == 24
    for name, frames in test.items():
        assert name.startswith('test/')
        for other, other_frames in seen.items():
            assert not (frames == other_frames).all(axis=(1, 2, 3)).any(), (name, other)
    more = make_dataset(str(tmp_path / 'more'), num_classes=4, train_per_class=4,
                        val_per_class=2, test_per_class=3, options=RenderOptions(difficulty=0.3),
                        seed=3)
    for split in ('train', 'val'):
        for line in open(synthetic_data[f'ann_file_{split}']):
            rel = line.split()[0]
            assert digest(f"{tmp_path}/more/videos/{rel}") == digest(f'{root}/videos/{rel}')
    lines = open(more['ann_file_test']).read().splitlines()
    assert len(lines) == 12 and lines[:4] == open(synthetic_data['ann_file_test']).read().splitlines()


def test_classes_differ_only_in_the_limb_detail():
    opts = RenderOptions(difficulty=0.0)
    specs = class_vocabulary(8)
    clips = [render_clip(s, opts, np.random.default_rng(0)) for s in specs]
    # same rng: identical background and body, different limb action
    changed = (clips[0] != clips[1]).any(axis=-1)  # early vs late
    assert 0 < changed.mean() < 0.05  # a small, local difference
    assert changed.any(axis=(1, 2)).sum() < len(clips[0])  # time-bound


def test_pipeline_decodes_videos_and_labels_in_range(synthetic_data):
    from mmaction.datasets import VideoDataset
    from mmengine.config import Config
    from conftest import TINY_BASELINE
    cfg = Config.fromfile(TINY_BASELINE)
    dataset = VideoDataset(ann_file=synthetic_data['ann_file_train'],
                           data_prefix=dict(video=synthetic_data['data_root']),
                           pipeline=cfg.val_pipeline, test_mode=True)
    assert len(dataset) == 16
    labels = {dataset.get_data_info(i)['label'] for i in range(len(dataset))}
    assert labels == {0, 1, 2, 3}
    item = dataset[0]
    assert tuple(item['inputs'].shape) == (1, 3, 8, 64, 64)


@pytest.mark.parametrize('kwargs, message', [
    (dict(num_classes=1), 'num_classes'), (dict(num_classes=17), 'num_classes'),
    (dict(train_per_class=0), 'train_per_class'), (dict(test_per_class=0), 'test_per_class')])
def test_bad_options(tmp_path, kwargs, message):
    with pytest.raises(ValueError, match=message):
        make_dataset(str(tmp_path), **kwargs)
    with pytest.raises(ValueError, match='difficulty'):
        RenderOptions(difficulty=2)


def test_ball_family_classes_differ_only_in_the_ball_and_the_limb_family_is_unchanged(tmp_path):
    opts = RenderOptions(difficulty=0.0)
    specs = class_vocabulary(8, family='ball')
    assert specs[0].name == 'jump with ball bounce at the top early in the flight'
    assert {s.kind for s in specs} == {'bounce', 'orbit'}
    from art_mmaction.datasets import render_clip_with_regions
    clips = [render_clip_with_regions(s, opts, np.random.default_rng(0)) for s in specs]
    # bounce vs orbit at the same place and time: only pixels near the ball differ
    changed = (clips[0][0] != clips[4][0]).any(axis=-1)
    assert 0 < changed.mean() < 0.05
    ys, xs = np.nonzero(changed.any(axis=0))
    boxes = np.concatenate([clips[0][1]['limb'], clips[4][1]['limb']])
    assert xs.min() >= boxes[:, 0].min() - 2 and xs.max() <= boxes[:, 2].max() + 2
    assert ys.min() >= boxes[:, 1].min() - 2 and ys.max() <= boxes[:, 3].max() + 2
    # the limb family renders exactly what it rendered before the ball family existed
    limb = class_vocabulary(8)[3]
    assert limb.family == 'limb' and limb.name == 'jump with leg pike late in the flight'
    paths = make_dataset(str(tmp_path), num_classes=8, train_per_class=1, val_per_class=1,
                         test_per_class=1, family='ball', options=RenderOptions(frames=8, size=32))
    assert 'ball' in open(paths['classnames']).readline()
    with pytest.raises(ValueError, match='family must be one of'):
        class_vocabulary(8, family='hands')
