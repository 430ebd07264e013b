"""The ART head (ART_METHOD.md, sections 2-7)."""
import math
from typing import Dict, Optional, Tuple

import torch
import torch.nn.functional as F
from mmaction.models.heads import BaseHead
from mmaction.registry import MODELS
from mmaction.utils import SampleList
from torch import nn

from ..layers import RegionSemanticsActivation, SpatialEnhancer, TrackletAggregator


@MODELS.register_module()
class ARTHead(BaseHead):
    """Action-Region Tracking head on top of a token backbone.

    Reads ``(x_cls [N, C_b], tokens [N, T, L, C_b])`` from the backbone and:

    1. picks the K best-matching class semantics without labels (top-K of
       cos(phi_g(x_cls), phi_t(s_c))),
    2. enhances every frame's tokens jointly with them (``SpatialEnhancer``),
    3. decodes K region queries P + S^_t per frame (``RegionSemanticsActivation``),
       giving responses R [N, T, K, d] and response maps A [N, T, K, L],
    4. pools each tracklet over time (``TrackletAggregator``),
    5. classifies fc([phi_g(x_cls); tr_1..tr_K]) (Eq. 11, used for prediction)
       beside fc_v(x_cls) (Eq. 10).

    Losses (all logged on their own): ``loss_cls`` (fused), ``loss_cls_global``,
    the MTC terms and the text-bank terms.

    Args:
        num_classes (int): N_c.
        in_channels (int): C_b, backbone width.
        bank (dict): Config of :class:`TextSemanticsBank` (``num_classes`` is
            filled in from here).
        embed_dims (int): d. Paper: 256.
        num_tracklets (int): K (= K_s). Paper: 2.
        num_tokens (int): L the positional embedding is made for; other square
            token grids are interpolated.
        num_frames (int): T the temporal embedding is made for (other T are
            interpolated); 0 disables it. Ours: the method folds frames into the
            batch, so without it a tracklet cannot tell when a region moved;
            a learned [T, d] embedding is added to every frame's tokens.
        se_layers (int): Spatial-enhancement encoder layers; 0 disables SE
            (ablation "RSSA w/o SE"). Paper: 4.
        rssa_layers (int): RSSA decoder layers. Paper: 4.
        num_heads (int): Attention heads in SE and RSSA.
        ffn_ratio (float): FFN width / d in SE and RSSA.
        layer_dropout (float): Dropout inside SE and RSSA layers.
        dropout_ratio (float): Dropout before both classifiers. Paper: 0.5.
        aggregation (dict): ``mode`` ('saliency' | 'mean') and ``temperature``.
        loss_global_weight (float): Weight of ``loss_cls_global``.
        loss_mtc (dict, optional): :class:`MTCLoss` config; None disables it.
        loss_text (dict, optional): :class:`TextBankLoss` config; None disables it.
        detach_text_video (bool): Ours: the text-bank losses see the video feature
            through psi(x_cls.detach()), so they fine-tune S_a and psi without
            pulling the backbone (the method says they act "on S_a only").
    """

    def __init__(self,
                 num_classes: int,
                 in_channels: int,
                 bank: dict,
                 embed_dims: int = 256,
                 num_tracklets: int = 2,
                 num_tokens: int = 196,
                 num_frames: int = 0,
                 se_layers: int = 4,
                 rssa_layers: int = 4,
                 num_heads: int = 8,
                 ffn_ratio: float = 4.0,
                 layer_dropout: float = 0.1,
                 dropout_ratio: float = 0.5,
                 aggregation: dict = dict(mode='saliency', temperature=1.0),
                 loss_global_weight: float = 1.0,
                 loss_mtc: Optional[dict] = dict(type='MTCLoss'),
                 loss_text: Optional[dict] = dict(type='TextBankLoss'),
                 detach_text_video: bool = True,
                 init_cfg: Optional[dict] = dict(type='TruncNormal', layer='Linear',
                                                 std=0.02, bias=0.),
                 **kwargs):
        super().__init__(num_classes, in_channels, init_cfg=init_cfg, **kwargs)
        if not 1 <= num_tracklets <= num_classes:
            raise ValueError(f'num_tracklets (K={num_tracklets}) must be between 1 and '
                             f'num_classes ({num_classes}): K class semantics are picked per video')
        self.embed_dims, self.num_tracklets = embed_dims, num_tracklets
        self.bank = MODELS.build(dict(bank, num_classes=num_classes))
        text_dims = self.bank.text_dims

        self.global_proj = nn.Linear(in_channels, embed_dims)                    # phi_g
        self.token_proj = nn.Sequential(nn.LayerNorm(in_channels),
                                        nn.Linear(in_channels, embed_dims))      # phi_v
        self.text_proj = nn.Linear(text_dims, embed_dims)                        # phi_t
        self.video_to_text = nn.Linear(in_channels, text_dims)                   # psi
        self.pos_embed = nn.Parameter(torch.zeros(num_tokens, embed_dims))
        nn.init.trunc_normal_(self.pos_embed, std=0.02)
        self.time_embed = None
        if num_frames > 0:
            self.time_embed = nn.Parameter(torch.zeros(num_frames, embed_dims))
            nn.init.trunc_normal_(self.time_embed, std=0.02)

        self.enhancer = SpatialEnhancer(embed_dims, se_layers, num_heads, ffn_ratio,
                                        layer_dropout) if se_layers > 0 else None
        self.rssa = RegionSemanticsActivation(embed_dims, num_tracklets, rssa_layers,
                                              num_heads, ffn_ratio, layer_dropout)
        self.aggregator = TrackletAggregator(**aggregation)
        self.dropout = nn.Dropout(dropout_ratio)
        self.fc_cls = nn.Linear(embed_dims * (num_tracklets + 1), num_classes)  # Eq. 11
        self.fc_global = nn.Linear(in_channels, num_classes)                    # Eq. 10

        self.loss_global_weight = loss_global_weight
        self.loss_mtc = MODELS.build(loss_mtc) if loss_mtc else None
        self.loss_text = MODELS.build(loss_text) if loss_text else None
        self.detach_text_video = detach_text_video

    # ------------------------------------------------------------------ #
    def _positions(self, num_tokens: int) -> torch.Tensor:
        if num_tokens == self.pos_embed.shape[0]:
            return self.pos_embed
        side, new_side = math.isqrt(self.pos_embed.shape[0]), math.isqrt(num_tokens)
        if side * side != self.pos_embed.shape[0] or new_side * new_side != num_tokens:
            raise ValueError(f'ARTHead was built for num_tokens={self.pos_embed.shape[0]} '
                             f'but got {num_tokens} tokens a frame, and they are not both '
                             'square grids to interpolate between')
        grid = self.pos_embed.t().reshape(1, -1, side, side)
        grid = F.interpolate(grid, size=(new_side, new_side), mode='bicubic',
                             align_corners=False)
        return grid.reshape(-1, num_tokens).t()

    def _times(self, num_frames: int) -> torch.Tensor:
        """[T, 1, d] temporal embedding, linearly resampled when T differs."""
        embed = self.time_embed
        if num_frames != embed.shape[0]:
            embed = F.interpolate(embed.t().unsqueeze(0), size=num_frames, mode='linear',
                                  align_corners=True)[0].t()
        return embed.unsqueeze(1)

    def select_semantics(self, global_feat: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        """Label-free top-K: global_feat [N, d] -> (picked [N, K, d], class ids [N, K])."""
        class_text = self.text_proj(self.bank.class_semantics(self.bank.bank))  # [N_c, d]
        scores = F.normalize(global_feat, dim=-1) @ F.normalize(class_text, dim=-1).t()
        picked_ids = scores.topk(self.num_tracklets, dim=-1).indices
        return class_text[picked_ids], picked_ids

    def forward_art(self, feats: Tuple[torch.Tensor, torch.Tensor]) -> Dict[str, torch.Tensor]:
        """Everything the head computes, for losses and visualisation.

        Returns:
            dict: ``logits`` [N, N_c] (fused), ``logits_global`` [N, N_c],
            ``responses`` [N, T, K, d], ``response_maps`` [N, T, K, L] (softmax over
            L), ``semantics`` [N, T, K, d], ``weights`` [N, K, T] (aggregation),
            ``picked_classes`` [N, K], ``x_cls`` [N, C_b].
        """
        x_cls, tokens = feats
        N, T, L, _ = tokens.shape
        K = self.num_tracklets
        global_feat = self.global_proj(x_cls)
        picked, picked_ids = self.select_semantics(global_feat)

        frame_tokens = self.token_proj(tokens) + self._positions(L)  # [N, T, L, d]
        if self.time_embed is not None:
            frame_tokens = frame_tokens + self._times(T)
        frame_tokens = frame_tokens.reshape(N * T, L, -1)
        frame_semantics = picked.unsqueeze(1).expand(N, T, K, -1).reshape(N * T, K, -1)
        if self.enhancer is not None:
            frame_tokens, frame_semantics = self.enhancer(frame_tokens, frame_semantics)
        responses, maps = self.rssa(frame_semantics, frame_tokens)
        responses = responses.reshape(N, T, K, -1)
        semantics = frame_semantics.reshape(N, T, K, -1)
        tracklets, weights = self.aggregator(responses, semantics)

        fused = torch.cat([global_feat, tracklets.flatten(1)], dim=1)
        # float32 scores even under bfloat16 autocast (MMAction2 passes them to NumPy)
        return dict(logits=self.fc_cls(self.dropout(fused)).float(),
                    logits_global=self.fc_global(self.dropout(x_cls)).float(),
                    responses=responses, response_maps=maps.reshape(N, T, K, L),
                    semantics=semantics, weights=weights, picked_classes=picked_ids,
                    x_cls=x_cls)

    def forward(self, feats, **kwargs) -> torch.Tensor:
        """(x_cls [N, C_b], tokens [N, T, L, C_b]) -> fused class scores [N, N_c]."""
        return self.forward_art(feats)['logits']

    # ------------------------------------------------------------------ #
    def _labels(self, data_samples: SampleList, device) -> torch.Tensor:
        labels = torch.stack([s.gt_label for s in data_samples]).to(device)
        if labels.dim() == 2 and labels.shape[1] == 1:
            labels = labels[:, 0]
        if labels.dim() == 1:
            bad = (labels < 0) | (labels >= self.num_classes)
            if bad.any():
                raise ValueError(f'label {int(labels[bad][0])} is out of range for '
                                 f'num_classes={self.num_classes} (labels must be in '
                                 f'[0, {self.num_classes - 1}])')
        return labels

    def loss(self, feats, data_samples: SampleList, **kwargs) -> Dict[str, torch.Tensor]:
        """All ART losses, each under its own key (see class docstring)."""
        out = self.forward_art(feats)
        labels = self._labels(data_samples, out['logits'].device)
        losses = self.loss_by_feat(out['logits'], data_samples)  # loss_cls, top-k acc
        losses['loss_cls_global'] = self.loss_global_weight * F.cross_entropy(
            out['logits_global'], labels)
        if self.loss_mtc is not None:
            losses.update(self.loss_mtc(out['responses']))
        video = out['x_cls'].detach() if self.detach_text_video else out['x_cls']
        video_embeds = F.normalize(self.video_to_text(video), dim=-1)
        hard_labels = labels.argmax(dim=-1) if labels.dim() == 2 else labels
        if self.loss_text is not None:
            losses.update(self.loss_text(video_embeds, self.bank.agent_bank,
                                         self.bank.prototypes, labels))
            self.bank.update_prototypes(video_embeds.detach(), hard_labels)
        return losses
