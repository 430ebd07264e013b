"""Task-specific fine-tuning losses of the text bank (Sun et al., TNNLS 2025, Eqs. 13-16:
video consistency and prototype consistency)."""
from typing import Dict

import torch
import torch.nn.functional as F
from mmaction.registry import MODELS
from torch import nn


@MODELS.register_module()
class TextBankLoss(nn.Module):
    """Video consistency (Eqs. 13-14) and prototype consistency (Eqs. 15-16).

    * video: p_c = max_m cos(v, S_a[m, c]) (winner-take-all over prompts);
      ``loss_text_video`` = CE(p / tau, y).
    * prototype: M_{c,c'} = cos(mean_m S_a[m, c], W_c'); ``loss_text_proto`` =
      CE(M / tau, identity).

    Both are multiplied by ``loss_weight`` (gamma2).

    Args:
        temperature (float): tau.
        use_video, use_proto (bool): Switch each term.
        loss_weight (float): gamma2.

    Shapes:
        video_embeds v [N, C_t] (unit norm), agent_bank S_a [N_p, N_c, C_t],
        prototypes W [N_c, C_t], labels [N] -> dict of scalars.
    """

    def __init__(self, temperature: float = 0.07, use_video: bool = True,
                 use_proto: bool = True, loss_weight: float = 5.0):
        super().__init__()
        self.temperature = temperature
        self.use_video, self.use_proto = use_video, use_proto
        self.loss_weight = loss_weight

    def forward(self, video_embeds: torch.Tensor, agent_bank: torch.Tensor,
                prototypes: torch.Tensor, labels: torch.Tensor) -> Dict[str, torch.Tensor]:
        agent = F.normalize(agent_bank, dim=-1)
        losses = {}
        if self.use_video:
            scores = torch.einsum('nc,mkc->nmk', video_embeds, agent).amax(dim=1)
            losses['loss_text_video'] = self.loss_weight * F.cross_entropy(
                scores / self.temperature, labels)
        if self.use_proto:
            class_text = F.normalize(agent.mean(dim=0), dim=-1)
            similarity = class_text @ F.normalize(prototypes, dim=-1).t()
            targets = torch.arange(similarity.shape[0], device=similarity.device)
            losses['loss_text_proto'] = self.loss_weight * F.cross_entropy(
                similarity / self.temperature, targets)
        return losses
