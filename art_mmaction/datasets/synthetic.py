"""A synthetic fine-grained action dataset, written as real mp4 videos.

Every clip shows the same coarse motion: an "athlete" (an ellipse) jumps along a
parabolic arc across the frame. Classes differ only in a small, local, time-bound
detail, the way FineGym's "salto backward tucked" and "... with 1 twist" differ:

* which limb acts (``arm``: a short bar on top of the body, ``leg``: one below),
* what it does (``pike``: the bar swings a quarter turn and holds, ``tuck``: the
  bar folds to a stub and holds, ``twist``: one full turn, ``double twist``: two),
* when (``early`` or ``late`` in the flight; the action lasts 40% of the clip).

Outside its window the limb is still, so a model must find the right limb at the
right time. ``difficulty`` (0..1) adds pixel noise, jitter in timing and position,
and distractor bodies whose own limbs act at random.

A second family (``family='ball'``), held out for reporting, moves the detail
elsewhere: both limbs stay still and a small white ball beside the body, at the
``top`` or ``bottom``, does something (``bounce`` out and back, ``orbit`` once,
``blink`` off, ``grow`` to twice its size), early or late.

The same ``seed`` gives the same annotation bytes and the same frames; each clip
draws from its own generator seeded by ``(seed, split, index)``.

Output layout (MMAction2 ``VideoDataset`` format)::

    out_dir/
      videos/{train,val,test}/<class>_<index>.mp4
      videos/{train,val,test}/<class>_<index>.regions.json   where the action is (below)
      train.txt      "train/<file>.mp4 <label>" a line (relative to videos/)
      val.txt        clips to choose settings on
      test.txt       held-out clips, only to report
      classnames.txt one class name a line, in label order

The ``.regions.json`` side files (which MMAction2's ``VideoDataset`` never reads)
hold, for every frame of the video, pixel boxes [x1, y1, x2, y2] of the
athlete's ``limb`` (the one whose action defines the class), ``other_limb``,
``figure`` (body and both limbs) and ``body`` (the body alone), plus
``limb_active`` (inside the action window). Distractor bodies are not annotated. See :func:`read_regions`.
"""
import json
import math
import os
import os.path as osp
from dataclasses import asdict, dataclass
from itertools import product
from typing import Dict, List, Sequence, Tuple

import cv2
import numpy as np

KINDS = ('pike', 'tuck', 'twist', 'double twist')
PARTS = ('arm', 'leg')
PHASES = ('early', 'late')
# The second family: a small white ball beside the body does something, the limbs stay still.
BALL_KINDS = ('bounce', 'orbit', 'blink', 'grow')
BALL_PARTS = ('top', 'bottom')
FAMILIES = ('limb', 'ball')


@dataclass(frozen=True)
class ClassSpec:
    """The detail that defines one class.

    ``family`` ``'limb'``: a limb (``part`` arm or leg) does ``kind`` (pike, tuck,
    twist, double twist). ``'ball'``: a small ball held beside the body (``part``
    top or bottom) does ``kind`` (bounce, orbit, blink, grow) while both limbs
    stay still. ``phase``: early or late in the flight.
    """
    kind: str
    part: str
    phase: str
    family: str = 'limb'

    @property
    def name(self) -> str:
        if self.family == 'ball':
            return f'jump with ball {self.kind} at the {self.part} {self.phase} in the flight'
        return f'jump with {self.part} {self.kind} {self.phase} in the flight'


def class_vocabulary(num_classes: int, family: str = 'limb') -> List[ClassSpec]:
    """The first ``num_classes`` classes, ordered so that any prefix mixes all factors.

    Phase and part vary fastest, then the kind, so 8 limb classes are
    {pike, tuck} x {arm, leg} x {early, late}, and 16 add the twists, where a
    pair of classes differs only in the number of turns of one small bar; the
    ball family's 8 are {bounce, orbit} x {top, bottom} x {early, late}.
    """
    if family not in FAMILIES:
        raise ValueError(f'family must be one of {FAMILIES}, got {family!r}')
    kinds, parts = (KINDS, PARTS) if family == 'limb' else (BALL_KINDS, BALL_PARTS)
    specs = [ClassSpec(kind, part, phase, family)
             for kind, part, phase in product(kinds, parts, PHASES)]
    if not 2 <= num_classes <= len(specs):
        raise ValueError(f'num_classes must be in [2, {len(specs)}], got {num_classes}')
    return specs[:num_classes]


@dataclass(frozen=True)
class RenderOptions:
    """How clips are drawn. ``difficulty`` in [0, 1] scales every nuisance."""
    frames: int = 16
    size: int = 64
    difficulty: float = 0.5
    fps: int = 16

    def __post_init__(self):
        if self.frames < 6:
            raise ValueError(f'frames must be >= 6, got {self.frames}')
        if self.size < 32 or self.size % 2:
            raise ValueError(f'size must be an even number >= 32, got {self.size}')
        if not 0.0 <= self.difficulty <= 1.0:
            raise ValueError(f'difficulty must be in [0, 1], got {self.difficulty}')


def _limb_angle_and_length(kind: str, progress: float) -> Tuple[float, float]:
    """Limb angle offset (radians) and length factor at ``progress`` in [0, 1]."""
    if progress <= 0.0 or progress >= 1.0:
        return 0.0, 1.0
    if kind == 'twist':
        return 2 * math.pi * progress, 1.0
    if kind == 'double twist':
        return 4 * math.pi * progress, 1.0
    hold = min(1.0, 4 * progress, 4 * (1 - progress))  # ramp in, hold, ramp out
    if kind == 'tuck':
        return 0.0, 1.0 - 0.7 * hold
    if kind == 'pike':
        return 0.5 * math.pi * hold, 1.0
    raise ValueError(f'unknown limb action {kind!r}; known: {KINDS}')


def _body_geometry(center: Tuple[float, float], size: int, arm: Tuple[str, float],
                   leg: Tuple[str, float]) -> dict:
    """Where one body's parts are: the ellipse and both limb segments, in pixels.

    Returns:
        dict: ``center`` (cx, cy), ``radii`` (rx, ry), ``thickness`` of the limbs
        and ``arm`` / ``leg``: ((x0, y0), (x1, y1)) from the anchor on the body to
        the limb's end.
    """
    cx, cy = center
    rx, ry = 0.09 * size, 0.15 * size
    limb_len = 0.26 * size
    geometry = dict(center=(cx, cy), radii=(rx, ry), thickness=max(2, size // 14))
    for name, (kind, progress), anchor_y, rest_angle in (
            ('arm', arm, cy - ry, -math.pi / 2), ('leg', leg, cy + ry, math.pi / 2)):
        offset, length = _limb_angle_and_length(kind, progress)
        angle = rest_angle + offset
        end = (cx + length * limb_len * math.cos(angle),
               anchor_y + length * limb_len * math.sin(angle))
        geometry[name] = ((cx, anchor_y), end)
    return geometry


def _draw_body(canvas: np.ndarray, geometry: dict, body_color, limb_color) -> None:
    """Draw one body and its two limbs as laid out by :func:`_body_geometry`."""
    (cx, cy), (rx, ry) = geometry['center'], geometry['radii']
    cv2.ellipse(canvas, (int(round(cx)), int(round(cy))),
                (int(round(rx)), int(round(ry))), 0, 0, 360, body_color, -1,
                lineType=cv2.LINE_AA)
    for name in ('arm', 'leg'):
        start, end = geometry[name]
        cv2.line(canvas, (int(round(start[0])), int(round(start[1]))),
                 (int(round(end[0])), int(round(end[1]))), limb_color,
                 geometry['thickness'], lineType=cv2.LINE_AA)


def _limb_box(geometry: dict, name: str) -> List[float]:
    """[x1, y1, x2, y2] around a limb segment, widened by half its stroke."""
    (x0, y0), (x1, y1) = geometry[name]
    pad = geometry['thickness'] / 2 + 0.5  # anti-aliased edge
    return [min(x0, x1) - pad, min(y0, y1) - pad, max(x0, x1) + pad, max(y0, y1) + pad]


def _body_box(geometry: dict) -> List[float]:
    """[x1, y1, x2, y2] around the body's ellipse alone (no limb)."""
    (cx, cy), (rx, ry) = geometry['center'], geometry['radii']
    return [cx - rx, cy - ry, cx + rx, cy + ry]


def _ball_geometry(body: dict, size: int, kind: str, part: str, progress: float) -> dict:
    """Where the ball is, how large, and whether it shows, at ``progress`` of its
    action (outside (0, 1): at rest beside the body)."""
    (cx, cy), (rx, ry) = body['center'], body['radii']
    radius = max(1.5, 0.035 * size)
    x, y = cx + rx + 1.5 * radius, cy + (-0.5 if part == 'top' else 0.5) * ry
    visible = True
    if 0.0 < progress < 1.0:
        hold = min(1.0, 4 * progress, 4 * (1 - progress))  # ramp in, hold, ramp out
        if kind == 'bounce':
            x += 0.15 * size * hold
        elif kind == 'orbit':  # one turn on a circle through the resting place
            angle, orbit = 2 * math.pi * progress, 0.08 * size
            x, y = x + orbit * math.sin(angle), y - orbit * (1 - math.cos(angle))
        elif kind == 'blink':
            visible = hold < 0.5
        elif kind == 'grow':
            radius *= 1 + hold
        else:
            raise ValueError(f'unknown ball action {kind!r}; known: {BALL_KINDS}')
    return dict(center=(x, y), radius=radius, visible=visible)


def _ball_box(ball: dict) -> List[float]:
    (x, y), r = ball['center'], ball['radius'] + 0.5
    return [x - r, y - r, x + r, y + r]


def _union(*boxes: List[float]) -> List[float]:
    return [min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes)]


def _figure_box(geometry: dict) -> List[float]:
    """[x1, y1, x2, y2] around the whole body: ellipse and both limbs."""
    return _union(_body_box(geometry), _limb_box(geometry, 'arm'), _limb_box(geometry, 'leg'))


def render_clip(spec: ClassSpec, options: RenderOptions,
                rng: np.random.Generator) -> np.ndarray:
    """Render one clip of class ``spec``.

    Returns:
        np.ndarray: uint8 RGB frames, shape [T, H, W, 3].
    """
    return render_clip_with_regions(spec, options, rng)[0]


def render_clip_with_regions(spec: ClassSpec, options: RenderOptions,
                             rng: np.random.Generator) -> Tuple[np.ndarray, dict]:
    """Render one clip of class ``spec`` and say where its action is.

    Draws the same frames from the same ``rng`` as :func:`render_clip` (the
    regions are computed, not sampled).

    Returns:
        tuple: uint8 RGB frames [T, H, W, 3] and the regions of the athlete
        (not of distractors), per frame, as [x1, y1, x2, y2] pixel boxes clipped
        to the frame: ``limb`` (the part whose action defines the class: the
        limb, or the ball), ``other_limb`` (the other limb; for the ball
        family the limb on the ball's side), ``figure`` (body, both limbs and
        the ball), ``body`` (the body's ellipse alone), each a [T, 4] list, and
        ``limb_active`` ([T] bools: inside the action window).
    """
    T, S, hard = options.frames, options.size, options.difficulty
    # Colours vary around a fixed palette, more with difficulty; the limb is
    # always white. No colour carries class information.
    background = 45 + rng.uniform(-25, 25, size=3) * hard
    texture = rng.normal(0, 6, size=(S, S, 1))
    base = np.clip(background + texture, 0, 255).astype(np.uint8)

    def body_palette():
        return tuple(int(c) for c in np.clip(
            np.array([210, 120, 70]) + rng.uniform(-60, 60, size=3) * hard, 0, 255))

    body_color, limb_color = body_palette(), (255, 255, 255)
    x0 = S * (0.22 + rng.uniform(-0.06, 0.06) * (0.5 + hard))
    x1 = S * (0.78 + rng.uniform(-0.06, 0.06) * (0.5 + hard))
    y_ground = S * (0.68 + rng.uniform(-0.04, 0.04))
    height = S * rng.uniform(0.22, 0.32)
    if rng.random() < 0.5:  # jump right-to-left as often as left-to-right
        x0, x1 = x1, x0

    window = 0.4 * T
    jitter = rng.uniform(-1.0, 1.0) * hard * T / 12.0
    start = (0.08 * T if spec.phase == 'early' else 0.52 * T) + jitter
    other_part_idle = ('twist', -1.0)

    distractors = []
    for _ in range(int(round(2 * hard))):
        distractors.append(dict(
            p0=rng.uniform(0.1, 0.9, size=2) * S,
            velocity=rng.uniform(-0.02, 0.02, size=2) * S,
            kind=KINDS[rng.integers(len(KINDS))],
            start=rng.uniform(0, T - window),
            scale=rng.uniform(0.45, 0.6),
            body=body_palette(), limb=(255, 255, 255)))

    noise_std = 18.0 * hard
    frames = np.empty((T, S, S, 3), dtype=np.uint8)
    regions = dict(limb=[], other_limb=[], figure=[], body=[], limb_active=[])
    for t in range(T):
        canvas = base.copy()
        for d in distractors:
            progress = (t - d['start']) / window
            center = d['p0'] + d['velocity'] * t
            geometry = _body_geometry(tuple(center), int(S * d['scale']),
                                      (d['kind'], progress), other_part_idle)
            _draw_body(canvas, geometry, d['body'], d['limb'])
        u = t / (T - 1)
        center = (x0 + (x1 - x0) * u, y_ground - height * 4 * u * (1 - u))
        action = (spec.kind, (t - start) / window)
        if spec.family == 'ball':
            geometry = _body_geometry(center, S, other_part_idle, other_part_idle)
            _draw_body(canvas, geometry, body_color, limb_color)
            ball = _ball_geometry(geometry, S, spec.kind, spec.part, action[1])
            if ball['visible']:
                (bx, by), radius = ball['center'], ball['radius']
                cv2.circle(canvas, (int(round(bx)), int(round(by))), int(round(radius)),
                           limb_color, -1, lineType=cv2.LINE_AA)
            detail = _ball_box(ball)
            other = 'arm' if spec.part == 'top' else 'leg'
            figure = _union(_figure_box(geometry), detail)
        else:
            arm, leg = (action, other_part_idle) if spec.part == 'arm' else \
                (other_part_idle, action)
            geometry = _body_geometry(center, S, arm, leg)
            _draw_body(canvas, geometry, body_color, limb_color)
            detail = _limb_box(geometry, spec.part)
            other = 'leg' if spec.part == 'arm' else 'arm'
            figure = _figure_box(geometry)
        for key, box in (('limb', detail),
                         ('other_limb', _limb_box(geometry, other)),
                         ('figure', figure),
                         ('body', _body_box(geometry))):
            regions[key].append(_clip_box(box, S))
        regions['limb_active'].append(bool(0.0 < action[1] < 1.0))
        if noise_std > 0:
            noisy = canvas + rng.normal(0, noise_std, size=canvas.shape)
            canvas = np.clip(noisy, 0, 255).astype(np.uint8)
        frames[t] = canvas
    return frames, regions


def _clip_box(box: List[float], size: int) -> List[float]:
    return [round(float(min(max(v, 0.0), size)), 2) for v in box]


def write_video(path: str, frames: np.ndarray, fps: int) -> None:
    """Write RGB frames [T, H, W, 3] as an mp4 (MPEG-4 part 2) video."""
    T, H, W, _ = frames.shape
    writer = cv2.VideoWriter(path, cv2.VideoWriter_fourcc(*'mp4v'), fps, (W, H))
    if not writer.isOpened():
        raise RuntimeError(f'OpenCV cannot open a video writer for {path}')
    try:
        for frame in frames:
            writer.write(cv2.cvtColor(frame, cv2.COLOR_RGB2BGR))
    finally:
        writer.release()


REGIONS_SUFFIX = '.regions.json'
REGION_NAMES = ('limb', 'other_limb', 'figure', 'body')


def regions_path(video_path: str) -> str:
    """The side file of ``video_path``: ``clip.mp4`` -> ``clip.regions.json``."""
    return osp.splitext(video_path)[0] + REGIONS_SUFFIX


def write_regions(video_path: str, regions: dict, size: int) -> None:
    """Write the per-frame region boxes of ``video_path`` beside it."""
    record = dict(format='art_mmaction.synthetic.regions/v1', width=size, height=size,
                  frames=len(regions['limb']), **regions)
    with open(regions_path(video_path), 'w') as f:
        json.dump(record, f, sort_keys=True, separators=(',', ':'))


def read_regions(video_path: str) -> dict:
    """The regions of a generated video as numpy arrays.

    Returns:
        dict: ``limb``, ``other_limb``, ``figure``, ``body`` float32 [T, 4] pixel boxes
        [x1, y1, x2, y2] in the video's frame, ``limb_active`` bool [T],
        ``width``, ``height``.

    Raises:
        FileNotFoundError: naming the side file, when the video has none (made
            by another generator, or before regions were written: regenerate
            with ``tools/data/make_synthetic_dataset.py``, which rewrites the same
            videos byte for byte).
        ValueError: naming the file, when its frame count disagrees between keys.
    """
    path = regions_path(video_path)
    if not osp.isfile(path):
        raise FileNotFoundError(
            f'no region annotations for {video_path}: {path} is missing. Regenerate the '
            'dataset with tools/data/make_synthetic_dataset.py (same seed, same videos).')
    with open(path) as f:
        record = json.load(f)
    missing = [name for name in REGION_NAMES + ('limb_active',) if name not in record]
    if missing:
        raise ValueError(f'{path} lacks {missing} (written by an older generator). Regenerate '
                         'the dataset with tools/data/make_synthetic_dataset.py: the same seed '
                         'writes the same videos and complete side files.')
    out = {name: np.asarray(record[name], dtype=np.float32).reshape(-1, 4)
           for name in REGION_NAMES}
    out['limb_active'] = np.asarray(record['limb_active'], dtype=bool)
    lengths = {name: len(value) for name, value in out.items()}
    if len(set(lengths.values())) != 1 or record['frames'] not in lengths.values():
        raise ValueError(f'{path}: frame counts disagree: {lengths}, frames={record["frames"]}')
    out.update(width=record['width'], height=record['height'])
    return out


SPLITS = ('train', 'val', 'test')


def _clip_seed(seed: int, split: str, index: int) -> List[int]:
    """Each split draws from its own random streams, so no clip repeats across splits."""
    return [seed, SPLITS.index(split), index]


def make_dataset(out_dir: str, num_classes: int = 8, train_per_class: int = 40,
                 val_per_class: int = 12, options: RenderOptions = RenderOptions(),
                 seed: int = 0, test_per_class: int = 12,
                 family: str = 'limb') -> Dict[str, str]:
    """Generate the dataset under ``out_dir``; return the paths it wrote.

    Three splits: ``train`` to fit, ``val`` to choose (epochs, learning rates,
    variants), ``test`` only to report. Each split's clips come from their own
    random streams (seeded by seed, split and index), so adding test clips
    changes no train or val byte.

    Returns:
        dict: ``data_root``, ``ann_file_train``, ``ann_file_val``,
        ``ann_file_test``, ``classnames`` and ``meta`` (a JSON file with every
        generation option).
    """
    specs = class_vocabulary(num_classes, family)
    for count, label in ((train_per_class, 'train_per_class'),
                         (val_per_class, 'val_per_class'),
                         (test_per_class, 'test_per_class')):
        if count < 1:
            raise ValueError(f'{label} must be >= 1, got {count}')
    video_root = osp.join(out_dir, 'videos')
    paths = dict(data_root=video_root,
                 ann_file_train=osp.join(out_dir, 'train.txt'),
                 ann_file_val=osp.join(out_dir, 'val.txt'),
                 ann_file_test=osp.join(out_dir, 'test.txt'),
                 classnames=osp.join(out_dir, 'classnames.txt'),
                 meta=osp.join(out_dir, 'meta.json'))
    for split, per_class in (('train', train_per_class), ('val', val_per_class),
                             ('test', test_per_class)):
        os.makedirs(osp.join(video_root, split), exist_ok=True)
        lines = []
        index = 0
        for clip in range(per_class):
            for label, spec in enumerate(specs):
                rng = np.random.default_rng(_clip_seed(seed, split, index))
                frames, regions = render_clip_with_regions(spec, options, rng)
                rel = f'{split}/c{label:02d}_{clip:04d}.mp4'
                write_video(osp.join(video_root, rel), frames, options.fps)
                write_regions(osp.join(video_root, rel), regions, options.size)
                lines.append(f'{rel} {label}\n')
                index += 1
        with open(paths[f'ann_file_{split}'], 'w') as f:
            f.writelines(lines)
    with open(paths['classnames'], 'w') as f:
        f.writelines(spec.name + '\n' for spec in specs)
    with open(paths['meta'], 'w') as f:
        json.dump(dict(num_classes=num_classes, train_per_class=train_per_class,
                       val_per_class=val_per_class, test_per_class=test_per_class,
                       seed=seed, family=family,
                       options=asdict(options),
                       classes=[asdict(s) for s in specs]), f, indent=2)
    return paths


def read_classnames(path: str) -> Sequence[str]:
    """Class names of a generated dataset, in label order."""
    with open(path) as f:
        return [line.rstrip('\n') for line in f if line.strip()]
