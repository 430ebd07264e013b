"""How well token-grid response maps find a ground-truth region (pointing game).

Everything here works on maps over a frame's h x w token grid (flattened to L
cells, row-major, the order of ART's ``response_maps``) and on pixel boxes of
the frame the model saw. Where each token sits comes from the backbone's real
geometry (``token_geometry``: strides and padding, see
``art_mmaction.structures.token_geometry``): a cell's footprint is its
centre plus or minus half the stride, and an input frame belongs to the token
frame whose centre is nearest. A cell counts as *on* a box when the footprint
and the box overlap: at 16-32 pixel cells a thin limb rarely holds a cell
centre, and this is the tolerance of the classic pointing game scaled to the grid.

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

BACKGROUND, FIGURE, LIMB = 0, 1, 2


def cell_rectangles(geometry) -> Tuple[np.ndarray, np.ndarray]:
    """Each token cell's footprint in pixels: its centre plus or minus half the
    stride, clipped to the frame.

    Args:
        geometry: a :class:`~art_mmaction.structures.TokenGeometry` (its
            ``row_centres``, ``col_centres``, ``strides`` and ``input_size``).

    Returns:
        tuple: row edges [h, 2] (y1, y2) and column edges [w, 2] (x1, x2).
    """
    _, H, W = geometry.input_size
    _, sy, sx = geometry.strides
    rows = np.stack([geometry.row_centres - sy / 2, geometry.row_centres + sy / 2], 1)
    cols = np.stack([geometry.col_centres - sx / 2, geometry.col_centres + sx / 2], 1)
    return np.clip(rows, 0, H), np.clip(cols, 0, W)


def cell_overlap(boxes: np.ndarray, geometry) -> np.ndarray:
    """Share of each token cell's footprint (:func:`cell_rectangles`) inside each box.

    Args:
        boxes: [F, 4] pixel boxes [x1, y1, x2, y2].
        geometry: the backbone's token geometry for the frames the boxes are in.

    Returns:
        np.ndarray: [F, h * w] in [0, 1], row-major cells.
    """
    boxes = np.asarray(boxes, dtype=np.float64).reshape(-1, 4)
    rows, cols = cell_rectangles(geometry)
    ix = np.clip(np.minimum(boxes[:, None, 2], cols[None, :, 1]) -
                 np.maximum(boxes[:, None, 0], cols[None, :, 0]), 0, None)   # [F, w]
    iy = np.clip(np.minimum(boxes[:, None, 3], rows[None, :, 1]) -
                 np.maximum(boxes[:, None, 1], rows[None, :, 0]), 0, None)   # [F, h]
    area = (rows[:, 1] - rows[:, 0])[:, None] * (cols[:, 1] - cols[:, 0])[None, :]
    overlap = iy[:, :, None] * ix[:, None, :] / np.maximum(area, 1e-12)[None]
    return overlap.reshape(len(boxes), -1)


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


def _nearest_token(points: np.ndarray, centres: np.ndarray, stride: float) -> np.ndarray:
    """Index of the token whose footprint holds each point (centres are evenly
    spaced by ``stride``; a point on a boundary goes to the later token; points
    outside every footprint go to the nearest end)."""
    index = np.floor((np.asarray(points, dtype=np.float64) - centres[0]) / stride + 0.5)
    return np.clip(index, 0, len(centres) - 1).astype(int)


def centre_maps(boxes: np.ndarray, geometry) -> np.ndarray:
    """[T', 4] boxes (one a token frame) -> [T', L] one-hot maps on the cell whose
    footprint holds each box's centre (a tracker that follows the box)."""
    boxes = np.asarray(boxes, dtype=np.float64).reshape(-1, 4)
    _, sy, sx = geometry.strides
    col = _nearest_token((boxes[:, 0] + boxes[:, 2]) / 2, geometry.col_centres, sx)
    row = _nearest_token((boxes[:, 1] + boxes[:, 3]) / 2, geometry.row_centres, sy)
    maps = np.zeros((len(boxes), len(geometry.row_centres) * len(geometry.col_centres)))
    maps[np.arange(len(boxes)), row * len(geometry.col_centres) + col] = 1.0
    return maps


def token_frame_of(geometry, num_frames: int) -> np.ndarray:
    """[F] the token frame whose temporal footprint holds each input frame's centre."""
    return _nearest_token(np.arange(num_frames) + 0.5, geometry.frame_centres,
                          geometry.strides[0])


def centre_frames(geometry, num_frames: int) -> np.ndarray:
    """[T'] the input frame under each token frame's centre (the frame a figure shows)."""
    return np.clip(np.floor(geometry.frame_centres), 0, num_frames - 1).astype(int)


def motion_energy_maps(frames: np.ndarray, geometry) -> np.ndarray:
    """A tracker that needs no learning: per token frame, the cell with the most
    frame-to-frame change over the input frames assigned to it.

    Args:
        frames: [F, H, W, C] the frames the model sees (any numeric type).
        geometry: the backbone's token geometry for them.

    Returns:
        np.ndarray: [T', L] one-hot maps (the first cell where a token frame saw
        no change at all).
    """
    frames = np.asarray(frames, dtype=np.float64)
    change = np.zeros(frames.shape[:3])
    change[1:] = np.abs(np.diff(frames, axis=0)).mean(axis=-1)       # [F, H, W]
    owner = token_frame_of(geometry, len(frames))
    rows, cols = cell_rectangles(geometry)
    num_token_frames = len(geometry.frame_centres)
    maps = np.zeros((num_token_frames, len(rows) * len(cols)))
    for t in range(num_token_frames):
        energy = change[owner == t].sum(axis=0)                        # [H, W]
        integral = np.pad(energy, ((1, 0), (1, 0))).cumsum(0).cumsum(1)
        y = np.round(rows).astype(int)
        x = np.round(cols).astype(int)
        per_cell = (integral[y[:, 1]][:, x[:, 1]] - integral[y[:, 0]][:, x[:, 1]] -
                    integral[y[:, 1]][:, x[:, 0]] + integral[y[:, 0]][:, x[:, 0]])
        area = np.maximum((y[:, 1] - y[:, 0])[:, None] * (x[:, 1] - x[:, 0])[None], 1)
        maps[t, int((per_cell / area).argmax())] = 1.0
    return maps


def clip_figures(maps: np.ndarray, limb: np.ndarray, other_limb: np.ndarray,
                 figure: np.ndarray, active: np.ndarray, geometry) -> Dict[str, np.ndarray]:
    """Per-frame figures of one map sequence on one clip.

    Args:
        maps: [T', L] non-negative maps on the token frames.
        limb, other_limb, figure: [F, 4] boxes on the F input frames.
        active: [F] bool, the limb is inside its action window.
        geometry: the backbone's token geometry for these frames
            (:class:`~art_mmaction.structures.TokenGeometry`).

    Returns:
        dict: ``pointing``, ``mass``, ``other_limb_pointing`` ([F] each),
        ``active`` ([F]) and ``consistency`` (a float over the T' - 1 pairs).
    """
    num_token_frames, num_cells = maps.shape
    grid = (len(geometry.row_centres), len(geometry.col_centres))
    if (num_token_frames, num_cells) != (len(geometry.frame_centres), grid[0] * grid[1]):
        raise ValueError(f'maps of {num_token_frames} token frames x {num_cells} cells do not '
                         f'match the geometry ({len(geometry.frame_centres)} x {grid[0]}x{grid[1]})')
    frame_maps = maps[token_frame_of(geometry, len(limb))]
    limb_overlap = cell_overlap(limb, geometry)
    middles = centre_frames(geometry, len(limb))
    labels = region_labels(limb_overlap[middles], cell_overlap(figure[middles], geometry))
    return dict(pointing=pointing_hits(frame_maps, limb_overlap),
                mass=mass_in_box(frame_maps, limb_overlap),
                other_limb_pointing=pointing_hits(frame_maps, cell_overlap(other_limb, geometry)),
                active=np.asarray(active, dtype=bool),
                consistency=peak_consistency(maps, labels))


def clip_uniform_figures(limb: np.ndarray, other_limb: np.ndarray, figure: np.ndarray,
                         active: np.ndarray, geometry) -> Dict[str, np.ndarray]:
    """:func:`clip_figures` for a constant map, as expectations (see
    :func:`uniform_figures`); per-frame values have the same keys."""
    limb_overlap = cell_overlap(limb, geometry)
    middles = centre_frames(geometry, len(limb))
    labels = region_labels(limb_overlap[middles], cell_overlap(figure[middles], geometry))
    return dict(pointing=(limb_overlap > 0).mean(axis=1),
                mass=limb_overlap.mean(axis=1),
                other_limb_pointing=(cell_overlap(other_limb, geometry) > 0).mean(1),
                active=np.asarray(active, dtype=bool),
                consistency=uniform_figures(limb_overlap, labels)['consistency'])


def tracklet_overlap(maps: np.ndarray) -> float:
    """Mean histogram intersection sum_l min(A_i, A_j) over the token frames and the
    tracklet pairs i < j of one clip: 1 when the K maps are one map, 0 when no cell
    is shared.

    Args:
        maps: [T', K, L] response maps, each a distribution over the L cells.
    """
    maps = np.asarray(maps, dtype=np.float64)
    K = maps.shape[1]
    if K < 2:
        raise ValueError(f'the overlap of tracklet maps needs K >= 2, got {K}')
    first, second = np.triu_indices(K, k=1)
    return float(np.minimum(maps[:, first], maps[:, second]).sum(axis=-1).mean())


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
