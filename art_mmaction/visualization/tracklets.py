"""Drawing ART's tracklets: region-response overlays, aggregation weights, backbone CAM."""
import math
from typing import List, Optional, Sequence

import numpy as np
import torch
import torch.nn.functional as F

# One colour per tracklet (RGB 0-1), distinct on skin, floors and mats.
TRACKLET_COLOURS = [(1.0, 0.15, 0.15), (0.1, 0.85, 1.0), (1.0, 0.85, 0.1), (0.6, 1.0, 0.2),
                    (1.0, 0.3, 1.0), (0.3, 0.4, 1.0)]
CAPTION = ('Top row: tracklet k\'s region response (last RSSA cross-attention, upsampled, '
           'scaled to its own range over the clip) drawn in its colour; "k: w" is tracklet '
           'k\'s aggregation weight on that frame '
           '(weights of one tracklet sum to 1 over the clip). Bottom row: the backbone '
           'alone: {backbone}; bright = high.{regions}')
REGIONS_TEXT = (' Green box: the limb whose action defines the class (ground truth from '
                'the generator).')
BACKBONE_MAP_TEXT = dict(
    cam='class activation map (its patch tokens through the global classifier fc_v for '
        'the predicted class)',
    feature_norm='feature norm of its tokens (they are narrower than the global classifier '
                 'fc_v, so no class activation map)')


def response_maps_grid(maps: torch.Tensor) -> torch.Tensor:
    """[..., L] response maps -> [..., h, w] on the square token grid."""
    side = math.isqrt(maps.shape[-1])
    if side * side != maps.shape[-1]:
        raise ValueError(f'{maps.shape[-1]} tokens a frame are not a square grid')
    return maps.reshape(*maps.shape[:-1], side, side)


def token_cam(tokens: torch.Tensor, class_weight: torch.Tensor) -> torch.Tensor:
    """Class activation map of token features: tokens [T, L, C] . w [C] -> [T, h, w].

    Scaled to [0, 1] over the whole clip (not per frame), so frames compare.
    """
    cam = response_maps_grid(tokens.float() @ class_weight.float())
    cam = cam - cam.min()
    return cam / cam.max().clamp(min=1e-12)


def backbone_token_map(tokens: torch.Tensor, class_weight: torch.Tensor):
    """The backbone's own map of a clip: tokens [T, L, C] -> ([T, h, w] in [0, 1], kind).

    ``kind`` is ``'cam'`` (:func:`token_cam` through the global classifier row
    ``class_weight``) when the tokens have the classifier's width, else
    ``'feature_norm'``: each token's feature norm, scaled over the clip (e.g.
    I3D, whose tokens come from Mixed_4f and whose fc_v reads Mixed_5c).
    """
    if tokens.shape[-1] == class_weight.numel():
        return token_cam(tokens, class_weight), 'cam'
    norm = response_maps_grid(tokens.float().norm(dim=-1))
    norm = norm - norm.min()
    return norm / norm.max().clamp(min=1e-12), 'feature_norm'


def _upsample(maps: torch.Tensor, size) -> np.ndarray:
    """[T, ..., h, w] -> numpy [T, ..., H, W] by bilinear interpolation."""
    lead = maps.shape[:-2]
    flat = maps.reshape(-1, 1, *maps.shape[-2:]).float()
    up = F.interpolate(flat, size=size, mode='bilinear', align_corners=False)
    return up.reshape(*lead, *size).numpy()


def overlay_tracklets(frame: np.ndarray, maps: np.ndarray,
                      colours: Sequence = TRACKLET_COLOURS) -> np.ndarray:
    """frame [H, W, 3] uint8, maps [K, H, W] -> uint8 image with each map tinted.

    ``maps`` should already be scaled to [0, 1] (see :func:`scale_maps`); the
    opacity grows with the square of the response, so the peak stands out
    even when the attention is broad.
    """
    image = frame.astype(np.float32) / 255.0 * 0.6  # darken so the colours read
    for k, heat in enumerate(maps):
        alpha = (heat.clip(0, 1) ** 2)[..., None] * 0.85
        image = image * (1 - alpha) + np.asarray(colours[k % len(colours)]) * alpha
    return (image.clip(0, 1) * 255).astype(np.uint8)


def scale_maps(maps: torch.Tensor) -> torch.Tensor:
    """[T, K, h, w] -> each tracklet's maps min-max scaled to [0, 1] over the clip.

    A softmax over many tokens is close to uniform in absolute terms; scaling
    per tracklet over the whole clip keeps frames comparable while showing
    where, relative to the rest of the clip, the tracklet responds most.
    """
    low = maps.amin(dim=(0, 2, 3), keepdim=True)
    high = maps.amax(dim=(0, 2, 3), keepdim=True)
    return (maps - low) / (high - low).clamp(min=1e-12)


def _heat(cam: np.ndarray) -> np.ndarray:
    from matplotlib import colormaps
    return (colormaps['inferno'](cam)[..., :3] * 255).astype(np.uint8)


def panel_frames(num_frames: int, num_token_frames: int) -> np.ndarray:
    """The input frame shown for each token frame: the middle of its span
    (the backbone pools time in equal spans of num_frames / num_token_frames)."""
    if num_frames % num_token_frames:
        raise ValueError(f'{num_frames} frames do not split evenly into '
                         f'{num_token_frames} token frames')
    span = num_frames // num_token_frames
    return np.arange(num_token_frames) * span + span // 2


def _draw_box(image: np.ndarray, box, scale: float, colour=(60, 255, 60)) -> None:
    import cv2
    x1, y1, x2, y2 = (np.asarray(box, dtype=np.float64) * scale).round().astype(int)
    cv2.rectangle(image, (int(x1), int(y1)), (int(x2), int(y2)), colour, 1)


def render_panels(explanation: dict, frame_size: int = 160):
    """The overlay and CAM images, one pair per token frame, as uint8 arrays.

    With ``explanation['regions']``, the ground-truth limb box is drawn on both.
    """
    maps_all = explanation['response_maps']
    shown = panel_frames(len(explanation['frames']), maps_all.shape[0])
    frames = explanation['frames'].numpy()[shown]
    T, H, W, _ = frames.shape
    size = (frame_size, round(frame_size * W / H))
    frames = _upsample(torch.from_numpy(frames).permute(0, 3, 1, 2), size)  # [T, 3, h, w]
    frames = frames.transpose(0, 2, 3, 1).clip(0, 255).astype(np.uint8)
    maps = _upsample(scale_maps(maps_all), size)                            # [T, K, h, w]
    cams = _upsample(explanation['cam'], size).clip(0, 1)                   # [T, h, w]
    overlays = [overlay_tracklets(frames[t], maps[t]) for t in range(T)]
    heats = [(_heat(cams[t]) * 0.6 + frames[t] * 0.4).astype(np.uint8) for t in range(T)]
    regions = explanation.get('regions')
    if regions is not None:
        for t, frame in enumerate(shown):
            for image in (overlays[t], heats[t]):
                _draw_box(image, regions['limb'][frame], frame_size / H)
    return overlays, heats


def draw_tracklet_figure(explanation: dict, title: str = '',
                         picked_names: Optional[List[str]] = None, frame_size: int = 160,
                         dpi: int = 100):
    """The matplotlib figure: frames with tracklet overlays (top) and the backbone's
    map (bottom), one column per token frame. The caller closes it."""
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    overlays, heats = render_panels(explanation, frame_size)
    weights = explanation['weights'].numpy()  # [K, T]
    K, T = weights.shape
    fig, axes = plt.subplots(2, T, figsize=(1.7 * T, 4.6), squeeze=False, dpi=dpi)
    for t in range(T):
        for row, image in enumerate((overlays[t], heats[t])):
            axes[row, t].imshow(image)
            axes[row, t].set_xticks([])
            axes[row, t].set_yticks([])
        axes[0, t].set_title(f't={t}', fontsize=8)
        for k in range(K):
            axes[0, t].text(2, 4 + 13 * k * frame_size / 160, f'{k + 1}: {weights[k, t]:.2f}',
                            color=TRACKLET_COLOURS[k % len(TRACKLET_COLOURS)], fontsize=7,
                            va='top', fontweight='bold',
                            bbox=dict(facecolor='black', alpha=0.6, pad=1, linewidth=0))
    axes[0, 0].set_ylabel('ART tracklets', fontsize=8)
    axes[1, 0].set_ylabel('backbone ' + (
        'CAM' if explanation.get('cam_kind', 'cam') == 'cam' else 'feature norm'), fontsize=8)
    legend = '   '.join(
        f'tracklet {k + 1}' + (f' (query from "{picked_names[k]}")' if picked_names else '')
        for k in range(K))
    fig.suptitle(title, fontsize=9)
    fig.text(0.5, 0.115, legend, ha='center', fontsize=8)
    for k in range(K):
        fig.patches.append(plt.Rectangle((0.02 + 0.03 * k, 0.105), 0.02, 0.025,
                                         color=TRACKLET_COLOURS[k % len(TRACKLET_COLOURS)],
                                         transform=fig.transFigure, figure=fig))
    fig.text(0.5, 0.01, CAPTION.format(
        backbone=BACKBONE_MAP_TEXT[explanation.get('cam_kind', 'cam')],
        regions=REGIONS_TEXT if explanation.get('regions') is not None else ''),
        ha='center', va='bottom', fontsize=6.5, wrap=True)
    fig.subplots_adjust(left=0.03, right=0.99, top=0.86, bottom=0.2, wspace=0.04, hspace=0.08)
    return fig


def save_tracklet_figure(explanation: dict, path: str, title: str = '',
                         picked_names: Optional[List[str]] = None, frame_size: int = 160,
                         dpi: int = 100) -> None:
    """PNG of :func:`draw_tracklet_figure`."""
    import matplotlib.pyplot as plt
    fig = draw_tracklet_figure(explanation, title, picked_names, frame_size, dpi)
    fig.savefig(path)
    plt.close(fig)


def tracklet_figure_image(explanation: dict, title: str = '',
                          picked_names: Optional[List[str]] = None, frame_size: int = 96,
                          dpi: int = 100) -> np.ndarray:
    """:func:`draw_tracklet_figure` as an RGB uint8 array [H, W, 3] (for visualizers)."""
    import matplotlib.pyplot as plt
    fig = draw_tracklet_figure(explanation, title, picked_names, frame_size, dpi)
    fig.canvas.draw()
    image = np.asarray(fig.canvas.buffer_rgba())[..., :3].copy()
    plt.close(fig)
    return image


def save_tracklet_animation(explanation: dict, path: str, frame_size: int = 160,
                            fps: int = 4) -> None:
    """GIF (or mp4 by extension): overlay and CAM side by side, one frame per step."""
    overlays, heats = render_panels(explanation, frame_size)
    frames = [np.concatenate([o, np.full((o.shape[0], 4, 3), 255, np.uint8), h], axis=1)
              for o, h in zip(overlays, heats)]
    if str(path).lower().endswith('.mp4'):
        import cv2
        height, width = frames[0].shape[:2]
        writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*'mp4v'), fps,
                                 (width, height))
        for frame in frames:
            writer.write(frame[..., ::-1])
        writer.release()
        return
    from PIL import Image
    images = [Image.fromarray(frame) for frame in frames]
    images[0].save(path, save_all=True, append_images=images[1:],
                   duration=int(1000 / fps), loop=0)
