"""MMAction2's label smoothing, as a target tensor."""
import torch
import torch.nn.functional as F


def smoothed_targets(labels: torch.Tensor, num_classes: int, eps: float) -> torch.Tensor:
    """MMAction2's label smoothing: class indices [N] or soft labels [N, N_c] ->
    (1 - eps) * one-hot + eps / N_c (labels unchanged when eps is 0)."""
    if eps == 0:
        return labels
    if labels.dim() == 1:
        labels = F.one_hot(labels, num_classes=num_classes)
    return (1 - eps) * labels + eps / num_classes
