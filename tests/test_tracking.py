"""Region annotations of the synthetic data and the tracking (pointing-game) evaluation."""
import json
import os
import sys

import numpy as np
import pytest
import torch

from art_mmaction.datasets import (ClassSpec, RenderOptions, read_regions, regions_path,
                                   render_clip, render_clip_with_regions)
from art_mmaction.evaluation.tracking_metrics import (cell_overlap, centre_maps, clip_figures,
                                                      clip_uniform_figures, mass_in_box,
                                                      motion_energy_maps, peak_consistency,
                                                      pointing_hits, region_labels,
                                                      summarise_clips, token_frame_of)
from art_mmaction.structures import AxisChain, TokenGeometry
from conftest import REPO, TINY_ART, random_bank, run_tool, tiny_art_cfg


def inside(mask, boxes, pad=1.0):
    """Every True pixel of mask [H, W] lies in at least one of the boxes."""
    ys, xs = np.nonzero(mask)
    hit = np.zeros(len(xs), dtype=bool)
    for x1, y1, x2, y2 in boxes:
        hit |= (xs + 0.5 >= x1 - pad) & (xs + 0.5 <= x2 + pad) & \
               (ys + 0.5 >= y1 - pad) & (ys + 0.5 <= y2 + pad)
    return hit.all()


def test_region_boxes_hold_the_drawn_limbs_and_the_class_difference():
    options = RenderOptions(difficulty=0.0)  # no noise, no distractors
    arm_early, arm_late = ClassSpec('pike', 'arm', 'early'), ClassSpec('pike', 'arm', 'late')
    frames, regions = render_clip_with_regions(arm_early, options, np.random.default_rng(5))
    assert np.array_equal(frames, render_clip(arm_early, options, np.random.default_rng(5)))
    late, late_regions = render_clip_with_regions(arm_late, options,
                                                  np.random.default_rng(5))
    assert any(regions['limb_active']) and not all(regions['limb_active'])
    for t in range(options.frames):
        white = (frames[t] > 250).all(axis=-1)        # both limbs are pure white
        assert white.any()
        assert inside(white, [regions['limb'][t], regions['other_limb'][t]])
        assert not inside(white, [regions['other_limb'][t]], pad=0)  # the limb is drawn too
        changed = (frames[t] != late[t]).any(axis=-1)  # only the acting arm differs
        assert inside(changed, [regions['limb'][t], late_regions['limb'][t]], pad=1.5)
        assert inside(frames[t].sum(-1) > 400, [regions['figure'][t]])  # body and limbs


def test_side_files_written_and_read_back(synthetic_data, tmp_path):
    first = open(synthetic_data['ann_file_val']).readline().split()[0]
    video = os.path.join(synthetic_data['data_root'], first)
    regions = read_regions(video)
    assert regions['limb'].shape == (16, 4) and regions['limb_active'].shape == (16,)
    assert (regions['limb'][:, 2] >= regions['limb'][:, 0]).all()
    assert regions['width'] == regions['height'] == 64
    with pytest.raises(FileNotFoundError, match='missing.regions.json'):
        read_regions(str(tmp_path / 'missing.mp4'))
    broken = tmp_path / 'broken.mp4'
    record = json.load(open(regions_path(video)))
    record['figure'] = record['figure'][:-1]
    json.dump(record, open(regions_path(str(broken)), 'w'))
    with pytest.raises(ValueError, match='broken.regions.json: frame counts disagree'):
        read_regions(str(broken))


def test_cell_overlap_pointing_and_mass_by_hand():
    # 2 x 2 grid over an 8 x 8 frame: cells of 4 x 4 pixels
    overlap = cell_overlap(np.array([[0, 0, 4, 4], [2, 2, 6, 6], [5, 0, 8, 2]]),
                           TokenGeometry.equal_spans((1, 8, 8), (1, 2, 2)))
    assert np.allclose(overlap, [[1, 0, 0, 0], [0.25, 0.25, 0.25, 0.25], [0, 6 / 16, 0, 0]])
    maps = np.array([[0.1, 0.2, 0.3, 0.4], [0.7, 0.1, 0.1, 0.1], [0.4, 0.3, 0.2, 0.1]])
    assert pointing_hits(maps, overlap).tolist() == [False, True, False]
    assert np.allclose(mass_in_box(maps, overlap), [0.1, 0.25, 0.3 * 6 / 16])
    with pytest.raises(ValueError, match='no positive mass'):
        mass_in_box(np.zeros((1, 4)), overlap[:1])


def test_consistency_counts_region_kinds_not_cells():
    limb = np.array([[1, 0, 0, 0], [0, 1, 0, 0], [0, 1, 0, 0]], dtype=float)
    figure = np.array([[1, 1, 0, 0], [1, 1, 0, 0], [0, 1, 1, 0]], dtype=float)
    labels = region_labels(limb, figure)
    assert labels.tolist() == [[2, 1, 0, 0], [1, 2, 0, 0], [0, 2, 1, 0]]
    # peaks on the limb in every frame although the cell changes: consistent
    on_limb = np.array([[1, 0, 0, 0], [0, 1, 0, 0], [0, 1, 0, 0]], dtype=float)
    assert peak_consistency(on_limb, labels) == 1.0
    # limb -> figure -> background: never the same kind twice
    wandering = np.array([[1, 0, 0, 0], [1, 0, 0, 0], [0, 0, 0, 1]], dtype=float)
    assert peak_consistency(wandering, labels) == 0.0


def clip_boxes(shift=0.0):
    """4 frames of a 16 x 16 view: limb moving right, figure around it."""
    limb = np.array([[2 + t + shift, 2, 5 + t + shift, 6] for t in range(4)], dtype=float)
    other = limb + np.array([0, 8, 0, 8])
    figure = np.stack([limb[:, 0] - 1, limb[:, 1] - 1, limb[:, 2] + 1, other[:, 3] + 1], 1)
    return limb, other, figure, np.array([False, True, True, False])


GRID_4X4 = TokenGeometry.equal_spans((4, 16, 16), (4, 4, 4))


def test_an_oracle_map_beats_chance_and_the_centre_tracker():
    limb, other, figure, active = clip_boxes()
    oracle = cell_overlap(limb, GRID_4X4) + 1e-6      # [4 frames = 4 token frames, 16]
    ours = clip_figures(oracle, limb, other, figure, active, GRID_4X4)
    centre = clip_figures(centre_maps(figure, GRID_4X4), limb, other, figure, active, GRID_4X4)
    chance = clip_uniform_figures(limb, other, figure, active, GRID_4X4)
    assert ours['pointing'].all() and ours['consistency'] == 1.0
    assert ours['mass'].mean() > chance['mass'].mean() > 0
    # the figure's centre sits in cell row 2 (y 8-12): on the other limb (y 10-14),
    # never on the acting one (y 2-6)
    assert not centre['pointing'].any() and centre['other_limb_pointing'].all()
    summary = summarise_clips([ours, ours])
    assert summary['pointing'] == summary['pointing_active'] == 100.0


def test_uniform_figures_are_the_mean_over_random_peaks():
    limb, other, figure, active = clip_boxes(shift=0.5)
    chance = clip_uniform_figures(limb, other, figure, active, GRID_4X4)
    one_hots = [np.tile(np.eye(16)[c], (4, 1)) + 1e-9 for c in range(16)]
    brute = [clip_figures(m, limb, other, figure, active, GRID_4X4) for m in one_hots]
    for key in ('pointing', 'other_limb_pointing', 'mass'):
        assert np.allclose(np.mean([b[key] for b in brute], axis=0), chance[key], atol=1e-6)
    # independent random peaks on two frames agree on the region kind with
    # probability sum_r p_t(r) p_t+1(r); check it by enumerating cell pairs
    labels = region_labels(cell_overlap(limb, GRID_4X4), cell_overlap(figure, GRID_4X4))
    pairs = [np.mean([[labels[t, a] == labels[t + 1, b] for b in range(16)] for a in range(16)])
             for t in range(3)]
    assert np.isclose(chance['consistency'], np.mean(pairs))


def test_token_frames_span_several_input_frames():
    limb, other, figure, active = clip_boxes()
    limb8, other8, figure8 = (np.repeat(b, 2, axis=0) for b in (limb, other, figure))
    eight_frames = TokenGeometry.equal_spans((8, 16, 16), (4, 4, 4))
    maps = cell_overlap(limb, GRID_4X4) + 1e-6       # 4 token frames, 8 frames
    eight = clip_figures(maps, limb8, other8, figure8, np.repeat(active, 2), eight_frames)
    assert eight['pointing'].shape == (8,) and eight['pointing'].all()
    with pytest.raises(ValueError, match='do not match the geometry'):
        clip_figures(maps[:3], limb8, other8, figure8, np.repeat(active, 2), eight_frames)


def test_axis_chain_finds_the_receptive_field_centres_of_same_padded_pools():
    """Known case: average pools (linear, positive) with TF "SAME" padding; the
    centre of each output's receptive field is read off its gradient's support."""
    from art_mmaction.models.backbones.inception_i3d import same_padding
    layers = [(7, 2), (3, 2), (3, 1), (2, 2)]
    x = torch.zeros(1, 1, 101, requires_grad=True)
    y, chain = x, AxisChain(101)
    for k, s in layers:
        y = torch.nn.functional.avg_pool1d(
            torch.nn.functional.pad(y, same_padding(y.shape[2:], (k,), (s,))), k, s)
        chain.tf_same(k, s)
    assert chain.size == y.shape[-1] == 13
    checked = 0
    for o in range(y.shape[-1]):
        grad, = torch.autograd.grad(y[0, 0, o], x, retain_graph=True)
        support = torch.nonzero(grad[0, 0]).flatten()
        if support.min() == 0 or support.max() == 100:
            continue  # cut by the border's padding
        assert chain.centres()[o] == (support.min() + support.max() + 1).item() / 2
        checked += 1
    assert checked >= 9
    assert chain.scale == 8


def test_i3d_token_geometry_follows_its_strides_and_same_padding():
    from mmaction.registry import MODELS
    i3d = MODELS.build(dict(type='InceptionI3D', token_endpoint='Mixed_4f', token_pool=(1, 2, 2)))
    geometry = i3d.token_geometry((16, 224, 224))
    # by hand: time 7/2 "SAME" (pad 2 before) then 3/2 (pad 0): frame 4j + 3.5;
    # space four stride-2 layers padded (2, 0, 0, 0) and the 2x2 token pool: 32c + 23.5
    assert geometry.frame_centres.tolist() == [3.5, 7.5, 11.5, 15.5]
    assert geometry.col_centres.tolist() == [32 * c + 23.5 for c in range(7)]
    assert geometry.strides == (4, 32, 32)
    with torch.no_grad():
        _, tokens = i3d(torch.zeros(1, 3, 8, 64, 96))
    small = i3d.token_geometry((8, 64, 96))
    assert tokens.shape[1:3] == (len(small.frame_centres),
                                 len(small.row_centres) * len(small.col_centres))
    # the token frame whose footprint (centre +- 2) holds the frame, not equal spans
    assert token_frame_of(geometry, 16).tolist() == [0] * 5 + [1] * 4 + [2] * 4 + [3] * 3


def test_uniformer_token_geometry_is_its_patch_grid():
    from mmaction.registry import MODELS
    from mmengine.config import Config
    cfg = Config.fromfile(TINY_ART)
    backbone = MODELS.build(cfg.model.backbone)
    geometry = backbone.token_geometry((8, 64, 64))
    assert geometry.frame_centres.tolist() == [t + 0.5 for t in range(8)]
    assert geometry.row_centres.tolist() == [8.0, 24.0, 40.0, 56.0]


def test_motion_energy_tracker_finds_the_moving_cell():
    frames = np.zeros((4, 16, 16, 3))
    for t in range(4):
        frames[t, 12:14, 2 + 2 * t:4 + 2 * t] = 255   # a blob moving right in row 3
    frames[:, 0:4, 0:4] = 255                          # a bright but still corner
    maps = motion_energy_maps(frames, TokenGeometry.equal_spans((4, 16, 16), (2, 4, 4)))
    # token frame 0: frames 0-1 (one change, cells (3, 0)-(3, 1)); token frame 1: frames 2-3
    assert maps.shape == (2, 16) and maps.sum(1).tolist() == [1, 1]
    assert maps[0].argmax() // 4 == 3 and maps[1].argmax() // 4 == 3
    assert maps[1].argmax() % 4 >= 1 and maps[0, 0] == 0


@pytest.fixture(scope='module')
def art_checkpoint(tmp_path_factory):
    from mmaction.registry import MODELS
    root = tmp_path_factory.mktemp('tracking')
    random_bank(root / 'bank.pth')
    model = MODELS.build(tiny_art_cfg(root / 'bank.pth'))
    model.init_weights()
    torch.save(dict(meta=dict(epoch=1), state_dict=model.state_dict()), root / 'art.pth')
    return root


def test_regions_follow_the_pipeline_resize(synthetic_data):
    from mmengine.config import Config

    from art_mmaction.apis.tracking import pipeline_with_regions, sample_with_regions
    pipeline_cfg = Config.fromfile(
        os.path.join(REPO, 'configs', 'i3d-inception-k400-pre_synthetic.py')).val_pipeline
    first = open(synthetic_data['ann_file_val']).readline().split()[0]
    video = os.path.join(synthetic_data['data_root'], first)
    item = dict(filename=video, label=0, start_index=0, modality='RGB')
    sample, view = sample_with_regions(pipeline_with_regions(pipeline_cfg), item)
    frames = sample['data_samples'].metainfo['frame_inds']
    raw = read_regions(video)
    assert view['image_size'] == (224, 224) and sample['inputs'].shape[-1] == 224
    assert np.allclose(view['limb'], raw['limb'][frames] * 3.5, atol=1e-3)
    assert view['active'].tolist() == raw['limb_active'][frames].tolist()
    flipping = list(pipeline_cfg[:-1]) + [dict(type='Flip', flip_ratio=0.5), pipeline_cfg[-1]]
    with pytest.raises(ValueError, match='random flips'):
        pipeline_with_regions(flipping)


def test_eval_tracking_tool_on_a_tiny_art(art_checkpoint, synthetic_data, tmp_path):
    out = tmp_path / 'tracking.json'
    result = run_tool(
        sys.executable, f'{REPO}/tools/analysis_tools/eval_tracking.py', TINY_ART, art_checkpoint / 'art.pth',
        '--out', out, '--cfg-options', 'model.cls_head.num_classes=4',
        f"model.cls_head.bank.bank_file={art_checkpoint / 'bank.pth'}",
        'model.cls_head.bank.text_dims=16', 'model.cls_head.bank.num_prompts=3',
        f"val_dataloader.dataset.ann_file={synthetic_data['ann_file_val']}",
        f"val_dataloader.dataset.data_prefix.video={synthetic_data['data_root']}")
    assert result.returncode == 0, result.stderr[-3000:]
    record = json.load(open(out))
    assert record['num_clips'] == 8 and record['grid'] == [4, 4]
    assert record['token_frames'] == record['input_frames'] == 8
    assert record['backbone_map_kind'] == 'cam'
    assert set(record['maps']) == {'tracklet_1', 'tracklet_2', 'any_tracklet', 'backbone_map',
                                   'body_centre', 'motion_energy', 'uniform', 'body_or_motion'}
    assert record['geometry'] == 'backbone' and record['frame_centres'][0] == 0.5
    assert 0 <= record['map_overlap'] <= 100
    for figures in record['maps'].values():
        assert all(0 <= v <= 100 for v in figures.values())
    maps = record['maps']
    assert maps['any_tracklet']['pointing'] >= max(maps['tracklet_1']['pointing'],
                                                   maps['tracklet_2']['pointing'])
    assert maps['body_or_motion']['pointing'] >= max(maps['body_centre']['pointing'],
                                                     maps['motion_energy']['pointing'])
    assert '| uniform |' in result.stdout


def test_tracklet_figure_marks_the_limb(art_checkpoint, synthetic_data, tmp_path):
    from art_mmaction.apis import explain_clip, init_checked_recognizer
    from art_mmaction.visualization.tracklets import panel_frames, render_panels
    from mmengine.config import Config
    cfg = Config.fromfile(TINY_ART)
    cfg.model = tiny_art_cfg(art_checkpoint / 'bank.pth')
    model = init_checked_recognizer(cfg, str(art_checkpoint / 'art.pth'))
    first = open(synthetic_data['ann_file_val']).readline().split()[0]
    explanation = explain_clip(model, os.path.join(synthetic_data['data_root'], first))
    assert explanation['regions']['limb'].shape == (8, 4)
    overlays, heats = render_panels(explanation, frame_size=64)
    plain = dict(explanation)
    plain.pop('regions')
    unmarked, _ = render_panels(plain, frame_size=64)
    green = np.array([60, 255, 60])
    for t, frame in enumerate(panel_frames(8, 8)):
        x1, y1, x2, y2 = explanation['regions']['limb'][frame].round().astype(int)
        edge = overlays[t][max(y1, 0):y2 + 1, max(x1, 0)]
        assert (edge == green).all(axis=-1).any()
        assert not (unmarked[t] == green).all(axis=-1).any()


def test_tracklet_overlap_is_one_for_copies_and_zero_for_disjoint_maps():
    from art_mmaction.evaluation.tracking_metrics import tracklet_overlap
    same = np.tile(np.array([0.1, 0.2, 0.3, 0.4]), (3, 2, 1))          # [T', K, L]
    assert tracklet_overlap(same) == pytest.approx(1.0)
    apart = np.array([[[0.5, 0.5, 0, 0], [0, 0, 0.5, 0.5]]] * 3)
    assert tracklet_overlap(apart) == 0.0
    half = np.array([[[0.5, 0.5, 0, 0], [0.5, 0, 0.5, 0]]])
    assert tracklet_overlap(half) == pytest.approx(0.5)
    with pytest.raises(ValueError, match='K >= 2'):
        tracklet_overlap(same[:, :1])


def test_a_union_hits_a_frame_when_any_of_its_maps_hits():
    import numpy as np
    from art_mmaction.apis.tracking import union_figures
    active = np.array([True, True, False])
    first = dict(pointing=np.array([1, 0, 0], bool), mass=np.array([0.5, 0.1, 0.0]),
                 other_limb_pointing=np.array([0, 0, 1], bool), active=active, consistency=0.2)
    second = dict(pointing=np.array([0, 0, 1], bool), mass=np.array([0.2, 0.3, 0.4]),
                  other_limb_pointing=np.array([0, 0, 0], bool), active=active, consistency=0.6)
    union = union_figures([first, second])
    assert union['pointing'].tolist() == [True, False, True]
    assert union['mass'].tolist() == [0.5, 0.3, 0.4]
    assert union['other_limb_pointing'].tolist() == [False, False, True]
    assert union['consistency'] == 0.6 and union['active'] is active
