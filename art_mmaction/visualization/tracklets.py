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
           '(weights of one tracklet sum to 1 over the clip). Bottom row: class activation '
           'map of the backbone alone (its patch tokens through the global classifier '
           'fc_v for the predicted class; bright = high).')


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


def render_panels(explanation: dict, frame_size: int = 160):
    """The overlay and CAM images, one pair per frame, as uint8 arrays."""
    frames = explanation['frames'].numpy()
    T, H, W, _ = frames.shape
    size = (frame_size, round(frame_size * W / H))
    frames = _upsample(torch.from_numpy(frames).permute(0, 3, 1, 2), size)  # [T, 3, h, w]
    frames = frames.transpose(0, 2, 3, 1).clip(0, 255).astype(np.uint8)
    maps = _upsample(scale_maps(explanation['response_maps']), size)       # [T, K, h, w]
    cams = _upsample(explanation['cam'], size).clip(0, 1)                   # [T, h, w]
    overlays = [overlay_tracklets(frames[t], maps[t]) for t in range(T)]
    heats = [(_heat(cams[t]) * 0.6 + frames[t] * 0.4).astype(np.uint8) for t in range(T)]
    return overlays, heats


def save_tracklet_figure(explanation: dict, path: str, title: str = '',
                         picked_names: Optional[List[str]] = None, frame_size: int = 160,
                         dpi: int = 100) -> None:
    """PNG grid: frames with tracklet overlays (top) and backbone CAM (bottom)."""
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
    axes[1, 0].set_ylabel('backbone CAM', fontsize=8)
    legend = '   '.join(
        f'tracklet {k + 1}' + (f' (query from "{picked_names[k]}")' if picked_names else '')
        for k in range(K))
    fig.suptitle(title, fontsize=9)
    fig.text(0.5, 0.085, legend, ha='center', fontsize=8)
    for k in range(K):
        fig.patches.append(plt.Rectangle((0.02 + 0.03 * k, 0.075), 0.02, 0.025,
                                         color=TRACKLET_COLOURS[k % len(TRACKLET_COLOURS)],
                                         transform=fig.transFigure, figure=fig))
    fig.text(0.5, 0.01, CAPTION, ha='center', va='bottom', fontsize=6.5, wrap=True)
    fig.subplots_adjust(left=0.03, right=0.99, top=0.86, bottom=0.17, wspace=0.04, hspace=0.08)
    fig.savefig(path)
    plt.close(fig)


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
