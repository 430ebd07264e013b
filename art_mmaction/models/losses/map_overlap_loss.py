"""A penalty on the overlap of the K region response maps of a frame (ours)."""
from typing import Dict

import torch
from mmaction.registry import MODELS
from torch import nn


def map_overlap(maps: torch.Tensor) -> torch.Tensor:
    """Histogram intersection sum_l min(A_i[l], A_j[l]) of every pair i < j of maps.

    Args:
        maps (Tensor): [..., K, L] maps, each a distribution over the L cells
            (non-negative, summing to 1: ART's response maps are softmaxes).

    Returns:
        Tensor: [..., K * (K - 1) / 2] overlaps in [0, 1]: 1 for identical maps,
        0 for maps with no cell in common.
    """
    K = maps.shape[-2]
    first, second = torch.triu_indices(K, K, offset=1, device=maps.device)
    return torch.minimum(maps[..., first, :], maps[..., second, :]).sum(dim=-1)


@MODELS.register_module()
class MapOverlapLoss(nn.Module):
    """Makes the K tracklets of a frame look at different regions (ours, not in
    the paper; off in the paper-faithful configs).

    The MTC loss repels the tracklets' *responses*, which the decoder's residual
    path can satisfy while the cross-attention maps stay equal, so the K maps
    can end up as one map. This term acts on the maps themselves: the mean
    :func:`map_overlap` over frames and pairs, times ``loss_weight``.

    Args:
        loss_weight (float): Weight of the term.

    Shapes:
        maps [N, T, K, L] -> ``{'loss_map_overlap': scalar}``.
    """

    def __init__(self, loss_weight: float = 1.0):
        super().__init__()
        self.loss_weight = loss_weight

    def forward(self, maps: torch.Tensor) -> Dict[str, torch.Tensor]:
        if maps.shape[-2] < 2:
            raise ValueError(f'MapOverlapLoss needs K >= 2 maps a frame, got {maps.shape[-2]}')
        return dict(loss_map_overlap=self.loss_weight * map_overlap(maps.float()).mean())
