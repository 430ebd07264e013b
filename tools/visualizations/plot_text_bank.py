"""Class semantics of the initial text bank S0 and the fine-tuned S, side by side.

    python tools/visualizations/plot_text_bank.py CHECKPOINT --out bank.png [--method pca|tsne]
        [--label-file names.txt]

Both come from the checkpoint (``cls_head.bank.initial_bank`` and
``cls_head.bank.bank``). A class's semantics is the mean of its prompts,
normalised. One 2D embedding is fitted to S0 and S together, so the two panels
share their axes and the motion of each class can be compared.
"""
import argparse

import numpy as np
import torch
import torch.nn.functional as F

import art_mmaction  # noqa: F401  (safe checkpoint loader)
from art_mmaction.apis import read_state_dict

NAME_LIMIT = 30


def class_semantics(bank: torch.Tensor) -> np.ndarray:
    """[N_p, N_c, C_t] -> [N_c, C_t] unit vectors."""
    return F.normalize(F.normalize(bank.float(), dim=-1).mean(dim=0), dim=-1).numpy()


def embed_2d(points: np.ndarray, method: str, seed: int = 0) -> np.ndarray:
    if method == 'pca':
        centred = points - points.mean(axis=0)
        _, _, vt = np.linalg.svd(centred, full_matrices=False)
        return centred @ vt[:2].T
    try:
        from sklearn.manifold import TSNE
    except ImportError:
        raise ImportError('--method tsne needs scikit-learn (pip install scikit-learn); '
                          '--method pca needs nothing more') from None
    perplexity = max(2.0, min(30.0, (len(points) - 1) / 3))
    return TSNE(2, perplexity=perplexity, init='pca', random_state=seed).fit_transform(points)


def load_banks(checkpoint: str):
    state = read_state_dict(checkpoint)
    keys = [k for k in state if k.endswith('bank.initial_bank')]
    if not keys:
        raise KeyError(f'checkpoint {checkpoint} has no text bank (no '
                       "'cls_head.bank.initial_bank'): was it saved from an ART model?")
    prefix = keys[0][:-len('initial_bank')]
    return state[prefix + 'initial_bank'], state[prefix + 'bank']


def plot(initial: torch.Tensor, tuned: torch.Tensor, out: str, method: str = 'pca',
         names=None, title: str = '') -> dict:
    """Write the figure; return the 2D points and the mean cosine moved per class."""
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    s0, s = class_semantics(initial), class_semantics(tuned)
    num_classes = len(s0)
    if names is not None and len(names) != num_classes:
        raise ValueError(f'{len(names)} class names for a bank of {num_classes} classes')
    points = embed_2d(np.concatenate([s0, s]), method)
    p0, p1 = points[:num_classes], points[num_classes:]
    moved = 1 - (s0 * s).sum(axis=1)
    fig, axes = plt.subplots(1, 2, figsize=(11, 5), sharex=True, sharey=True)
    colours = plt.get_cmap('tab20' if num_classes <= 20 else 'viridis')(
        np.linspace(0, 1, num_classes) if num_classes > 20 else np.arange(num_classes))
    for ax, pts, label in ((axes[0], p0, 'initial bank S0 (text encoder)'),
                           (axes[1], p1, 'fine-tuned bank S (after training)')):
        ax.scatter(pts[:, 0], pts[:, 1], c=colours, s=40, edgecolors='black', linewidths=0.5)
        ax.set_title(label, fontsize=10)
        if names is not None and num_classes <= NAME_LIMIT:
            for i, name in enumerate(names):
                ax.annotate(name, pts[i], fontsize=7, xytext=(4, 3), textcoords='offset points')
    fig.suptitle((title + '\n' if title else '') +
                 f'{method.upper()} of the class semantics (mean over prompts), fitted to both '
                 f'banks jointly; mean 1 - cos(S0_c, S_c) = {moved.mean():.4f}', fontsize=9)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return dict(initial=p0, tuned=p1, moved=moved)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('checkpoint')
    parser.add_argument('--out', default='text_bank.png')
    parser.add_argument('--method', choices=['pca', 'tsne'], default='pca')
    parser.add_argument('--label-file', help='class names, one a line (shown when <= 30)')
    args = parser.parse_args()
    names = None
    if args.label_file:
        from art_mmaction.datasets import read_classnames
        names = read_classnames(args.label_file)
    initial, tuned = load_banks(args.checkpoint)
    result = plot(initial, tuned, args.out, args.method, names, title=args.checkpoint)
    print(f'{args.out}: {len(result["moved"])} classes, mean 1 - cos(S0, S) = '
          f'{result["moved"].mean():.4f} (max {result["moved"].max():.4f})')


if __name__ == '__main__':
    main()
