"""Multi-level Tracklet Contrastive loss (Sun et al., TNNLS 2025, Eqs. 5-8)."""
from typing import Dict

import torch
import torch.nn.functional as F
from mmaction.registry import MODELS
from torch import nn


def _off_diagonal_mean(similarity: torch.Tensor) -> torch.Tensor:
    """Mean of relu(similarity) over i != j of the last two dims [..., K, K].

    A multiplicative mask rather than boolean indexing, which would make the
    device report how many entries it selected (a host synchronisation).
    """
    K = similarity.shape[-1]
    if K < 2:
        return similarity.new_zeros(())
    off = 1 - torch.eye(K, dtype=similarity.dtype, device=similarity.device)
    count = similarity[..., 0, 0].numel() * K * (K - 1)
    return (similarity.clamp(min=0) * off).sum() / count


@MODELS.register_module()
class MTCLoss(nn.Module):
    """Spatial, temporal and tracklet terms, all on cosine similarity.

    * spatial (Eq. 5): mean_{t, i!=j} max(0, cos(r_{t,i}, r_{t,j}))
    * temporal (Eq. 6): mean_{t<T, k} max(0, lambda - cos(r_{t,k}, r_{t+1,k}))
    * tracklet (Eq. 7): mean_{i!=j} max(0, cos(mean_t r_{t,i}, mean_t r_{t,j}))

    Each term can be switched off and is returned under its own key, already
    multiplied by ``loss_weight`` (gamma1).

    Args:
        temporal_margin (float): lambda, the degree of temporal attraction.
        use_spatial, use_temporal, use_tracklet (bool): Switch each term.
        loss_weight (float): gamma1.

    Shapes:
        responses [N, T, K, d] -> dict of scalars.
    """

    def __init__(self, temporal_margin: float = 0.6, use_spatial: bool = True,
                 use_temporal: bool = True, use_tracklet: bool = True,
                 loss_weight: float = 5.0):
        super().__init__()
        self.temporal_margin = temporal_margin
        self.use_spatial, self.use_temporal, self.use_tracklet = \
            use_spatial, use_temporal, use_tracklet
        self.loss_weight = loss_weight

    def spatial(self, r: torch.Tensor) -> torch.Tensor:
        return _off_diagonal_mean(torch.einsum('ntid,ntjd->ntij', r, r))

    def temporal(self, r: torch.Tensor) -> torch.Tensor:
        if r.shape[1] < 2:
            return r.new_zeros(())
        adjacent = (r[:, :-1] * r[:, 1:]).sum(dim=-1)  # [N, T-1, K]
        return (self.temporal_margin - adjacent).clamp(min=0).mean()

    def tracklet(self, r: torch.Tensor) -> torch.Tensor:
        tracklets = F.normalize(r.mean(dim=1), dim=-1)  # [N, K, d]
        return _off_diagonal_mean(torch.einsum('nid,njd->nij', tracklets, tracklets))

    def forward(self, responses: torch.Tensor) -> Dict[str, torch.Tensor]:
        r = F.normalize(responses, dim=-1)
        losses = {}
        for name, used in (('spatial', self.use_spatial), ('temporal', self.use_temporal),
                           ('tracklet', self.use_tracklet)):
            if used:
                losses[f'loss_mtc_{name}'] = self.loss_weight * getattr(self, name)(r)
        return losses
