"""Do ART's tracklets find the discriminative limb? The pointing game on the
synthetic data's region annotations (see ``art_mmaction.evaluation.tracking_metrics``).
"""
from typing import Dict, List, Optional, Tuple

import numpy as np
import torch
from mmaction.registry import DATASETS
from mmengine.dataset import Compose, pseudo_collate
from mmengine.utils import ProgressBar

from art_mmaction.datasets import REGION_NAMES, read_regions
from art_mmaction.evaluation.tracking_metrics import (centre_frames, centre_maps, clip_figures,
                                                      clip_uniform_figures, motion_energy_maps,
                                                      summarise_clips, tracklet_overlap)
from art_mmaction.structures import TokenGeometry
from art_mmaction.visualization import backbone_token_map

# Decoders that take MMAction2's normalised gt_bboxes ([0, 1], as in AVA) to pixels.
BOX_AWARE_DECODERS = ('DecordDecode', 'RawFrameDecode')


def pipeline_with_regions(pipeline_cfg: List[dict], single_view: bool = True) -> Compose:
    """A pipeline that also carries the region boxes of a clip to the frames the
    model sees (MMAction2's transforms move ``gt_bboxes`` with every resize and
    crop) and keeps ``frame_inds`` and ``img_shape`` in the data sample.

    Refuses pipelines whose boxes could not be followed: no decoder that reads
    MMAction2's normalised boxes, random flips, multi-crop views, or (with
    ``single_view``) more than one clip.
    """
    decoders = [step['type'] for step in pipeline_cfg if step['type'].endswith('Decode')]
    if not set(decoders) & set(BOX_AWARE_DECODERS):
        raise ValueError(f'region boxes need one of {BOX_AWARE_DECODERS} in the pipeline '
                         f'(they carry boxes to pixels); it has {decoders}')
    steps = []
    for step in pipeline_cfg:
        step = dict(step)
        kind = step['type']
        if kind == 'Flip' and step.get('flip_ratio', 0.5) > 0:
            raise ValueError(f'region boxes need a pipeline without random flips; it has {step}')
        if kind in ('ThreeCrop', 'TenCrop') or (single_view and step.get('num_clips', 1) != 1):
            raise ValueError(f'region boxes are read from one view a clip; the pipeline step '
                             f'{step} makes several')
        if kind == 'PackActionInputs':
            keys = tuple(step.get('meta_keys', ('img_shape', 'img_key', 'video_id',
                                                'timestamp')))
            step['meta_keys'] = keys + tuple(k for k in ('frame_inds', 'img_shape')
                                             if k not in keys)
        steps.append(step)
    return Compose(steps)


def sample_with_regions(pipeline: Compose, item: dict) -> Tuple[dict, dict]:
    """Run ``pipeline`` on a dataset item whose video has a ``.regions.json``.

    Returns:
        tuple: the packed sample and the regions of its first view:
        ``limb``, ``other_limb``, ``figure``, ``body`` [F, 4] boxes in the pixels of the
        frames the model sees, ``active`` [F] and ``image_size`` (H, W), where F
        is the view's frame count.
    """
    regions = read_regions(item['filename'])
    size = np.array([regions['width'], regions['height']] * 2, dtype=np.float32)
    stacked = np.concatenate([regions[name] for name in REGION_NAMES]) / size
    sample = pipeline(dict(item, gt_bboxes=stacked,
                           gt_labels=np.zeros(len(stacked), np.int64)))
    meta = sample['data_samples'].metainfo
    moved = sample['data_samples'].gt_instances.bboxes.numpy().reshape(
        len(REGION_NAMES), -1, 4)
    frames = np.asarray(meta['frame_inds']).reshape(-1)[:sample['inputs'].shape[2]]
    view = {name: moved[i][frames] for i, name in enumerate(REGION_NAMES)}
    view.update(active=regions['limb_active'][frames], image_size=tuple(meta['img_shape']))
    return sample, view


def token_geometry_of(model: torch.nn.Module, input_size: Tuple[int, int, int],
                      token_frames: int, num_cells: int) -> Tuple[TokenGeometry, str]:
    """The backbone's own token geometry for clips of ``input_size`` (T, H, W), or,
    for a backbone that declares none, equal spans over a square grid.

    Returns:
        tuple: the geometry and where it came from (``'backbone'`` or ``'equal spans'``).
    """
    side = int(round(num_cells ** 0.5))
    if hasattr(model.backbone, 'token_geometry'):
        geometry, kind = model.backbone.token_geometry(tuple(input_size)), 'backbone'
    else:
        if side * side != num_cells:
            raise ValueError(f'{num_cells} tokens a frame are not a square grid and '
                             f'{type(model.backbone).__name__} declares no token_geometry')
        geometry = TokenGeometry.equal_spans(input_size, (token_frames, side, side))
        kind = 'equal spans'
    found = (len(geometry.frame_centres), len(geometry.row_centres) * len(geometry.col_centres))
    if found != (token_frames, num_cells):
        raise ValueError(f'the backbone geometry gives {found[0]} token frames of {found[1]} '
                         f'cells for input {tuple(input_size)}; the model returned '
                         f'{token_frames} of {num_cells}')
    return geometry, kind


REFERENCE_MAPS = ('body_centre', 'motion_energy', 'backbone_map', 'uniform', 'body_or_motion')


def union_figures(figures: List[dict]) -> dict:
    """Per frame, the best of several maps' :func:`clip_figures` (a hit when any
    hits): a score of as many guesses as maps, to be compared only with a score
    of as many guesses."""
    return dict(pointing=np.any([f['pointing'] for f in figures], axis=0),
                mass=np.max([f['mass'] for f in figures], axis=0),
                other_limb_pointing=np.any([f['other_limb_pointing'] for f in figures], axis=0),
                active=figures[0]['active'],
                consistency=max(f['consistency'] for f in figures))


@torch.no_grad()
def evaluate_tracking(model: torch.nn.Module, dataset_cfg: dict,
                      batch_size: int = 8, max_clips: Optional[int] = None,
                      progress: bool = False) -> Dict:
    """Pointing-game figures of every tracklet and of reference maps.

    Token positions come from the backbone's ``token_geometry`` (strides and
    padding), see :func:`token_geometry_of`.

    Args:
        model: an ART recognizer in eval mode (its config's pipeline is used).
        dataset_cfg: the dataset config to score (its annotation file lists the
            videos; each needs its ``.regions.json`` side file).
        batch_size: clips a forward pass.
        max_clips: evaluate only the first clips (None: all).
        progress: show mmengine's progress bar over the clips.

    Returns:
        dict: ``maps`` {name: summary (percent, see ``summarise_clips``)} for
        ``tracklet_k`` (k = 1 is queried by the top-ranked class semantics),
        ``any_tracklet`` (per frame the best of K: K guesses, an upper bound,
        not a tracker) and the references (:data:`REFERENCE_MAPS`): ``body_centre``
        (the cell nearest the athlete's body centre: knows where the athlete
        is), ``motion_energy`` (per token frame the cell that changed most over
        its input frames; no learning), ``backbone_map`` (the backbone's class
        activation map, or feature norm), ``uniform`` (chance) and
        ``body_or_motion`` (a hit when the body centre or the motion energy
        hits: two guesses, the reference for ``any_tracklet`` with K = 2); plus
        ``num_clips``, ``grid``, ``token_frames``, ``input_frames``,
        ``map_overlap`` (percent: the mean histogram intersection of the K maps
        of a frame, see ``tracklet_overlap``; with K >= 2),
        ``geometry`` (where token centres came from), ``frame_centres``,
        ``cell_centres``, ``backbone_map_kind`` and ``top1`` (fused-classifier
        accuracy on these clips).
    """
    head = model.cls_head
    if not hasattr(head, 'forward_art'):
        raise TypeError(f'tracking evaluation needs an ART head; the model has '
                        f'{type(head).__name__}')
    dataset = DATASETS.build(dict(dataset_cfg, pipeline=[]))
    pipeline = pipeline_with_regions(dataset_cfg['pipeline'])
    count = len(dataset) if max_clips is None else min(max_clips, len(dataset))
    per_map: Dict[str, list] = {}
    info = dict(num_clips=count, correct=0)
    overlaps = []

    def add(name, figures):
        per_map.setdefault(name, []).append(figures)

    bar = ProgressBar(count) if progress else None
    for start in range(0, count, batch_size):
        packed, boxes = [], []
        for index in range(start, min(start + batch_size, count)):
            item = dataset.get_data_info(index)
            sample, view = sample_with_regions(pipeline, item)
            # the frames as the model sees them, [F, H, W, C], for the motion tracker
            view['frames'] = sample['inputs'][0].permute(1, 2, 3, 0).float().numpy()
            boxes.append(dict(view, label=int(item['label'])))
            packed.append(sample)
        batch = model.data_preprocessor(pseudo_collate(packed), False)
        feats = model.extract_feat(batch['inputs'], test_mode=True)[0]
        out = head.forward_art(feats)
        maps = out['response_maps'].float().cpu().numpy()          # [N, T', K, L]
        predicted = out['logits'].argmax(dim=1).tolist()
        _, tokens = feats
        T_token, num_cells = maps.shape[1], maps.shape[3]
        input_size = tuple(batch['inputs'].shape[-3:])
        geometry, info['geometry'] = token_geometry_of(model, input_size, T_token, num_cells)
        for n, clip in enumerate(boxes):
            info['correct'] += int(predicted[n] == clip['label'])
            regions = (clip['limb'], clip['other_limb'], clip['figure'], clip['active'])
            tracklets = [clip_figures(maps[n, :, k], *regions, geometry)
                         for k in range(maps.shape[2])]
            for k, figures in enumerate(tracklets):
                add(f'tracklet_{k + 1}', figures)
            if maps.shape[2] >= 2:
                overlaps.append(tracklet_overlap(maps[n]))
            add('any_tracklet', union_figures(tracklets))
            middles = centre_frames(geometry, len(clip['body']))
            body = clip_figures(centre_maps(clip['body'][middles], geometry) + 1e-9, *regions,
                                geometry)
            motion = clip_figures(motion_energy_maps(clip['frames'], geometry) + 1e-9, *regions,
                                  geometry)
            add('body_centre', body)
            add('motion_energy', motion)
            add('body_or_motion', union_figures([body, motion]))
            backbone, info['backbone_map_kind'] = backbone_token_map(
                tokens[n], head.fc_global.weight[predicted[n]])
            backbone = backbone.flatten(1).cpu().numpy() + 1e-6   # positive mass everywhere
            add('backbone_map', clip_figures(backbone, *regions, geometry))
            add('uniform', clip_uniform_figures(*regions, geometry))
            if bar is not None:
                bar.update()
        info.update(grid=[len(geometry.row_centres), len(geometry.col_centres)],
                    token_frames=T_token, input_frames=input_size[0],
                    frame_centres=geometry.frame_centres.tolist(),
                    cell_centres=dict(rows=geometry.row_centres.tolist(),
                                      cols=geometry.col_centres.tolist()))
    info['top1'] = 100 * info.pop('correct') / max(count, 1)
    if overlaps:
        info['map_overlap'] = 100 * float(np.mean(overlaps))
    return dict(maps={name: summarise_clips(clips) for name, clips in per_map.items()},
                **info)
