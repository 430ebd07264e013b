"""Tracklet aggregation (Sun et al., TNNLS 2025, Eq. 9)."""
import math

import torch
import torch.nn.functional as F
from torch import nn


class TrackletAggregator(nn.Module):
    """Pool each tracklet over time into one vector.

    ``mode='saliency'`` (Eq. 9): for tracklet k, M_{t,j} = cos(r_{t,k}, s^_j)
    against the picked semantics s^_j (averaged over frames); A = softmax over t
    of M / temperature (each column); w_t = mean_j A_{t,j}; tr_k = sum_t w_t r_{t,k}.
    ``mode='mean'``: w_t = 1/T (the paper's ablation baseline).

    Args:
        mode (str): ``'saliency'`` or ``'mean'``.
        temperature (float): Softmax temperature over time (its initial value
            when learnable). With cosines in [-1, 1], 1.0 gives weights close to
            uniform (0.09-0.15 for T = 8, measured): mean pooling in disguise.
            Ours: 0.1, so the weights can depart from uniform.
        learnable_temperature (bool): Ours: learn log(temperature) with the head,
            so training decides how peaked the weights become.

    Shapes:
        responses [N, T, K, d], semantics [N, T, K_s, d] ->
        (tracklets [N, K, d], weights [N, K, T], each row summing to 1).
    """

    def __init__(self, mode: str = 'saliency', temperature: float = 0.1,
                 learnable_temperature: bool = True):
        super().__init__()
        if mode not in ('saliency', 'mean'):
            raise ValueError(f"aggregation mode must be 'saliency' or 'mean', got {mode!r}")
        if temperature <= 0:
            raise ValueError(f'aggregation temperature must be > 0, got {temperature}')
        self.mode = mode
        log_temperature = torch.tensor(math.log(temperature))
        if mode == 'saliency' and learnable_temperature:
            self.log_temperature = nn.Parameter(log_temperature)
        else:  # nothing to learn (and no unused parameter under DDP)
            self.register_buffer('log_temperature', log_temperature)

    @property
    def temperature(self) -> torch.Tensor:
        return self.log_temperature.exp()

    def forward(self, responses: torch.Tensor, semantics: torch.Tensor):
        N, T, K, _ = responses.shape
        if self.mode == 'mean':
            weights = responses.new_full((N, K, T), 1.0 / T)
        else:
            picked = F.normalize(semantics.mean(dim=1), dim=-1)            # [N, K_s, d]
            similarity = torch.einsum('ntkd,njd->nktj',
                                      F.normalize(responses, dim=-1), picked)  # [N, K, T, K_s]
            weights = F.softmax(similarity / self.temperature, dim=2).mean(dim=-1)
        tracklets = torch.einsum('nkt,ntkd->nkd', weights.to(responses.dtype), responses)
        return tracklets, weights
