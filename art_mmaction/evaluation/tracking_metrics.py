"""How well token-grid response maps find a ground-truth region (pointing game).

Everything here works on maps over a frame's h x w token grid (flattened to L
cells, row-major, the order of ART's ``response_maps``) and on pixel boxes of
the frame the model saw. A cell counts as *on* a box when their rectangles
overlap: at 16-32 pixel cells a thin limb rarely holds a cell centre, and this
is the tolerance of the classic pointing game scaled to the grid.

Figures (per frame, averaged over frames):

* ``pointing``: the map's peak cell overlaps the box (ties: the first cell).
* ``mass``: the share of the map's mass inside the box, each cell's mass spread
  evenly over its area.
* ``consistency``: between adjacent token frames, the peak stays on the same kind
  of region (the discriminative limb, the rest of the figure, or background).

Chance figures come from :func:`uniform_figures`, which gives the expected
values for a map that is constant over the grid (a random peak).
"""
from typing import Dict, Sequence, Tuple

import numpy as np

from art_mmaction.visualization.tracklets import panel_frames

BACKGROUND, FIGURE, LIMB = 0, 1, 2


def cell_overlap(boxes: np.ndarray, grid: Tuple[int, int],
                 image_size: Tuple[int, int]) -> np.ndarray:
    """Share of each grid cell's area inside each box.

    Args:
        boxes: [F, 4] pixel boxes [x1, y1, x2, y2].
        grid: (h, w) cells.
        image_size: (H, W) pixels of the frame the grid covers.

    Returns:
        np.ndarray: [F, h * w] in [0, 1], row-major cells.
    """
    boxes = np.asarray(boxes, dtype=np.float64).reshape(-1, 4)
    (h, w), (H, W) = grid, image_size
    ys, xs = np.linspace(0, H, h + 1), np.linspace(0, W, w + 1)
    ix = np.clip(np.minimum(boxes[:, None, 2], xs[None, 1:]) -
                 np.maximum(boxes[:, None, 0], xs[None, :-1]), 0, None)   # [F, w]
    iy = np.clip(np.minimum(boxes[:, None, 3], ys[None, 1:]) -
                 np.maximum(boxes[:, None, 1], ys[None, :-1]), 0, None)   # [F, h]
    area = (H / h) * (W / w)
    return (iy[:, :, None] * ix[:, None, :]).reshape(len(boxes), h * w) / area


def pointing_hits(maps: np.ndarray, overlap: np.ndarray) -> np.ndarray:
    """[F, L] maps and [F, L] box overlaps -> [F] bool: the peak cell is on the box."""
    peaks = np.asarray(maps).argmax(axis=1)
    return np.take_along_axis(overlap, peaks[:, None], axis=1)[:, 0] > 0


def mass_in_box(maps: np.ndarray, overlap: np.ndarray) -> np.ndarray:
    """[F, L] non-negative maps -> [F] share of each map's mass inside the box."""
    maps = np.asarray(maps, dtype=np.float64)
    total = maps.sum(axis=1)
    if (total <= 0).any():
        raise ValueError('a response map has no positive mass')
    return (maps * overlap).sum(axis=1) / total


def region_labels(limb_overlap: np.ndarray, figure_overlap: np.ndarray) -> np.ndarray:
    """[F, L] per-cell kind: LIMB if the cell touches the limb, else FIGURE if it
    touches the figure, else BACKGROUND."""
    labels = np.where(figure_overlap > 0, FIGURE, BACKGROUND)
    return np.where(limb_overlap > 0, LIMB, labels)


def peak_consistency(maps: np.ndarray, labels: np.ndarray) -> float:
    """Share of adjacent frame pairs whose peaks fall on the same kind of region.

    Args:
        maps: [T, L] one tracklet's maps on T token frames.
        labels: [T, L] :func:`region_labels` of those frames.
    """
    if len(maps) < 2:
        raise ValueError('temporal consistency needs at least 2 frames')
    peak_kind = np.take_along_axis(labels, np.asarray(maps).argmax(axis=1)[:, None], 1)[:, 0]
    return float((peak_kind[1:] == peak_kind[:-1]).mean())


def uniform_figures(limb_overlap: np.ndarray, labels: np.ndarray) -> Dict[str, float]:
    """Expected figures of a constant map (its peak a uniformly random cell).

    Args:
        limb_overlap: [F, L] overlaps with the limb box, one row per frame.
        labels: [T, L] region kinds on the token frames used for consistency.
    """
    kinds = np.stack([(labels == k).mean(axis=1) for k in (BACKGROUND, FIGURE, LIMB)], 1)
    return dict(pointing=float((limb_overlap > 0).mean()),
                mass=float(limb_overlap.mean()),
                consistency=float((kinds[1:] * kinds[:-1]).sum(axis=1).mean()))


def centre_maps(boxes: np.ndarray, grid: Tuple[int, int],
                image_size: Tuple[int, int]) -> np.ndarray:
    """[F, 4] boxes -> [F, L] one-hot maps on the cell holding each box's centre
    (the naive tracker that follows the figure)."""
    (h, w), (H, W) = grid, image_size
    boxes = np.asarray(boxes, dtype=np.float64).reshape(-1, 4)
    col = np.clip(((boxes[:, 0] + boxes[:, 2]) / 2 * w / W).astype(int), 0, w - 1)
    row = np.clip(((boxes[:, 1] + boxes[:, 3]) / 2 * h / H).astype(int), 0, h - 1)
    maps = np.zeros((len(boxes), h * w))
    maps[np.arange(len(boxes)), row * w + col] = 1.0
    return maps


def token_frame_of(num_frames: int, num_token_frames: int) -> np.ndarray:
    """[F] index of the token frame each of F input frames falls in (the backbone
    pools time in equal spans)."""
    if num_frames % num_token_frames:
        raise ValueError(f'{num_frames} input frames do not split evenly into '
                         f'{num_token_frames} token frames')
    return np.arange(num_frames) * num_token_frames // num_frames


def clip_figures(maps: np.ndarray, limb: np.ndarray, other_limb: np.ndarray,
                 figure: np.ndarray, active: np.ndarray,
                 image_size: Tuple[int, int]) -> Dict[str, np.ndarray]:
    """Per-frame figures of one map sequence on one clip.

    Args:
        maps: [T', L] non-negative maps on the token frames (square grid).
        limb, other_limb, figure: [F, 4] boxes on the F input frames.
        active: [F] bool, the limb is inside its action window.
        image_size: (H, W) of the input frames.

    Returns:
        dict: ``pointing``, ``mass``, ``other_limb_pointing`` ([F] each),
        ``active`` ([F]) and ``consistency`` (a float over the T' - 1 pairs).
    """
    num_token_frames, num_cells = maps.shape
    side = int(round(num_cells ** 0.5))
    if side * side != num_cells:
        raise ValueError(f'{num_cells} cells a frame are not a square grid')
    grid = (side, side)
    frame_maps = maps[token_frame_of(len(limb), num_token_frames)]
    limb_overlap = cell_overlap(limb, grid, image_size)
    middles = panel_frames(len(limb), num_token_frames)
    labels = region_labels(limb_overlap[middles],
                           cell_overlap(figure[middles], grid, image_size))
    return dict(pointing=pointing_hits(frame_maps, limb_overlap),
                mass=mass_in_box(frame_maps, limb_overlap),
                other_limb_pointing=pointing_hits(
                    frame_maps, cell_overlap(other_limb, grid, image_size)),
                active=np.asarray(active, dtype=bool),
                consistency=peak_consistency(maps, labels))


def clip_uniform_figures(num_token_frames: int, num_cells: int, limb: np.ndarray,
                         other_limb: np.ndarray, figure: np.ndarray, active: np.ndarray,
                         image_size: Tuple[int, int]) -> Dict[str, np.ndarray]:
    """:func:`clip_figures` for a constant map, as expectations (see
    :func:`uniform_figures`); per-frame values have the same keys."""
    side = int(round(num_cells ** 0.5))
    grid = (side, side)
    limb_overlap = cell_overlap(limb, grid, image_size)
    middles = panel_frames(len(limb), num_token_frames)
    labels = region_labels(limb_overlap[middles],
                           cell_overlap(figure[middles], grid, image_size))
    return dict(pointing=(limb_overlap > 0).mean(axis=1),
                mass=limb_overlap.mean(axis=1),
                other_limb_pointing=(cell_overlap(other_limb, grid, image_size) > 0).mean(1),
                active=np.asarray(active, dtype=bool),
                consistency=uniform_figures(limb_overlap, labels)['consistency'])


def summarise_clips(per_clip: Sequence[Dict[str, np.ndarray]]) -> Dict[str, float]:
    """Pool :func:`clip_figures` over clips: frame-weighted means, in percent.

    Returns:
        dict: ``pointing``, ``pointing_active`` (frames inside the action
        window), ``mass``, ``mass_active``, ``other_limb_pointing`` and
        ``consistency`` (mean over clips).
    """
    def pooled(key, only_active=False):
        values = np.concatenate([c[key][c['active']] if only_active else c[key]
                                 for c in per_clip]).astype(np.float64)
        return float(100 * values.mean()) if len(values) else float('nan')

    return dict(pointing=pooled('pointing'), pointing_active=pooled('pointing', True),
                mass=pooled('mass'), mass_active=pooled('mass', True),
                other_limb_pointing=pooled('other_limb_pointing'),
                consistency=float(100 * np.mean([c['consistency'] for c in per_clip])))
