"""A linear probe fitted to convergence on a frozen backbone's features: the ceiling
that a probe trained by SGD for a fixed schedule can be compared with."""
from typing import Dict, Optional, Sequence

import torch
import torch.nn.functional as F
from mmaction.registry import DATASETS
from mmengine.dataset import pseudo_collate
from mmengine.utils import ProgressBar

from art_mmaction.structures import time_ordered_features


@torch.no_grad()
def extract_features(model: torch.nn.Module, dataset_cfg: dict, batch_size: int = 8,
                     max_clips: Optional[int] = None, time_ordered: bool = False,
                     progress: bool = False) -> Dict[str, torch.Tensor]:
    """Global features of every clip of a dataset, as a linear probe on the
    backbone would see them.

    A backbone that returns ``(x_cls, tokens)`` gives ``x_cls``, or with
    ``time_ordered`` ``[x_cls; each token frame pooled over space, in order]``
    (what :class:`TimeOrderedLinearHead` reads); one that returns a feature map
    [N, C, ...] gives its mean over every axis after C (what MMAction2's
    ``I3DHead`` averages). Multi-view samples are averaged. ``progress`` shows
    mmengine's progress bar over the clips.

    Returns:
        dict: ``features`` [num_clips, C] (float32) and ``labels`` [num_clips].
    """
    dataset = DATASETS.build(dataset_cfg)
    count = len(dataset) if max_clips is None else min(max_clips, len(dataset))
    features, labels = [], []
    bar = ProgressBar(count) if progress else None
    for start in range(0, count, batch_size):
        packed = [dataset[i] for i in range(start, min(start + batch_size, count))]
        batch = model.data_preprocessor(pseudo_collate(packed), False)
        inputs = batch['inputs']
        views = inputs.shape[1]
        out = model.extract_feat(inputs, test_mode=True)[0]
        has_tokens = isinstance(out, (tuple, list))
        if time_ordered and not has_tokens:
            raise TypeError('time-ordered features need a backbone that returns '
                            f'(x_cls, tokens); {type(model.backbone).__name__} returns one map')
        if has_tokens:
            x = time_ordered_features(*out) if time_ordered else out[0]
        else:
            x = out.flatten(2).mean(dim=2)
        features.append(x.float().reshape(len(packed), views, -1).mean(dim=1).cpu())
        labels += [int(sample.gt_label.reshape(-1)[0]) for sample in batch['data_samples']]
        if bar is not None:
            bar.update(len(packed))
    return dict(features=torch.cat(features), labels=torch.tensor(labels))


def standardise(train: torch.Tensor, *others: torch.Tensor):
    """Zero mean, unit variance per feature, with the training split's statistics."""
    mean, std = train.mean(dim=0), train.std(dim=0).clamp_min(1e-6)
    return [(x - mean) / std for x in (train, *others)]


def fit_logistic_regression(features: torch.Tensor, labels: torch.Tensor, num_classes: int,
                            weight_decay: float, max_iter: int = 500,
                            tolerance: float = 1e-7) -> torch.nn.Linear:
    """Multinomial logistic regression minimised with L-BFGS (full batch) until the
    gradient's largest entry is below ``tolerance`` or ``max_iter`` iterations.

    Objective: mean cross-entropy + weight_decay / 2 * ||W||^2 (no penalty on
    the bias). Convex, so L-BFGS reaches the optimum the SGD probe approaches.

    Args:
        features (Tensor): [N, C].
        labels (Tensor): [N] class indices.

    Returns:
        nn.Linear: the fitted classifier, C -> num_classes.
    """
    probe = torch.nn.Linear(features.shape[1], num_classes).double()
    torch.nn.init.zeros_(probe.weight)
    torch.nn.init.zeros_(probe.bias)
    x, y = features.double(), labels.long()
    optimizer = torch.optim.LBFGS(probe.parameters(), lr=1, max_iter=max_iter,
                                  tolerance_grad=tolerance, tolerance_change=1e-12,
                                  history_size=20, line_search_fn='strong_wolfe')

    def objective():
        optimizer.zero_grad()
        loss = F.cross_entropy(probe(x), y) + 0.5 * weight_decay * probe.weight.pow(2).sum()
        loss.backward()
        return loss

    optimizer.step(objective)
    return probe.float()


def accuracy(probe: torch.nn.Module, features: torch.Tensor, labels: torch.Tensor) -> float:
    with torch.no_grad():
        return float((probe(features).argmax(dim=1) == labels).float().mean())


def probe_ceiling(train: Dict[str, torch.Tensor], val: Dict[str, torch.Tensor],
                  test: Dict[str, torch.Tensor], num_classes: int,
                  weight_decays: Sequence[float] = (1e-4, 1e-3, 1e-2, 1e-1, 1.0)) -> Dict:
    """Fit one probe per weight decay on train, choose it on val, report it on test.

    Returns:
        dict: ``chosen_weight_decay``, ``test_top1``, and per weight decay the
        ``train_top1`` and ``val_top1`` (fractions in [0, 1]).
    """
    x_train, x_val, x_test = standardise(train['features'], val['features'], test['features'])
    grid = {}
    for decay in weight_decays:
        probe = fit_logistic_regression(x_train, train['labels'], num_classes, decay)
        grid[decay] = dict(probe=probe, train_top1=accuracy(probe, x_train, train['labels']),
                           val_top1=accuracy(probe, x_val, val['labels']))
    chosen = max(weight_decays, key=lambda d: (grid[d]['val_top1'], d))  # ties: stronger L2
    return dict(chosen_weight_decay=chosen,
                test_top1=accuracy(grid[chosen]['probe'], x_test, test['labels']),
                grid={str(d): dict(train_top1=g['train_top1'], val_top1=g['val_top1'])
                      for d, g in grid.items()})
