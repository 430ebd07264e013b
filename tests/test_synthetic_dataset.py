"""The synthetic fine-grained dataset generator."""
import hashlib

import numpy as np
import pytest

from art_mmaction.datasets import RenderOptions, class_vocabulary, make_dataset, render_clip


def digest(path):
    return hashlib.sha256(open(path, 'rb').read()).hexdigest()


def test_same_seed_same_annotations_and_frames(tmp_path, synthetic_data):
    again = make_dataset(str(tmp_path / 'again'), num_classes=4, train_per_class=4,
                         val_per_class=2, options=RenderOptions(difficulty=0.3), seed=3)
    for key in ('ann_file_train', 'ann_file_val', 'classnames'):
        assert digest(again[key]) == digest(synthetic_data[key])
    spec = class_vocabulary(4)[1]
    a = render_clip(spec, RenderOptions(), np.random.default_rng([3, 0, 1]))
    b = render_clip(spec, RenderOptions(), np.random.default_rng([3, 0, 1]))
    c = render_clip(spec, RenderOptions(), np.random.default_rng([4, 0, 1]))
    assert np.array_equal(a, b) and not np.array_equal(a, c)


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
    (dict(train_per_class=0), 'train_per_class')])
def test_bad_options(tmp_path, kwargs, message):
    with pytest.raises(ValueError, match=message):
        make_dataset(str(tmp_path), **kwargs)
    with pytest.raises(ValueError, match='difficulty'):
        RenderOptions(difficulty=2)
