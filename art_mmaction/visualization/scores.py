"""A figure of a video's top-k classes: a strip of its frames above a bar chart."""
from typing import Sequence

import numpy as np


def save_topk_figure(frames: Sequence[np.ndarray], names: Sequence[str],
                     scores: Sequence[float], path: str, title: str = '') -> None:
    """Write ``path`` (PNG): ``frames`` (RGB uint8 [H, W, 3], a few across the clip)
    in a row, and below them the top-k ``names`` with their ``scores``, best first."""
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    columns = max(len(frames), 1)
    fig = plt.figure(figsize=(2.2 * columns, 2.0 + 0.35 * len(names)))
    grid = fig.add_gridspec(2, columns, height_ratios=[2.0, 0.35 * len(names) + 0.4])
    for i, frame in enumerate(frames):
        ax = fig.add_subplot(grid[0, i])
        ax.imshow(frame)
        ax.axis('off')
    bars = fig.add_subplot(grid[1, :])
    positions = np.arange(len(names))[::-1]
    bars.barh(positions, scores, color='tab:blue')
    bars.set_yticks(positions, [f'{n} ({s:.2f})' for n, s in zip(names, scores)])
    bars.set_xlim(0, 1)
    bars.set_xlabel('class probability')
    if title:
        fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
