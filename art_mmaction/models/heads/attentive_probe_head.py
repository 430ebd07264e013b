"""A generic attentive probe over time-ordered frame tokens: the baseline that reads
what the ART head reads, without text or tracklets."""
from typing import Dict, Optional, Tuple

import torch
from mmaction.models.heads import BaseHead
from mmaction.registry import MODELS
from mmaction.utils import SampleList
from torch import nn

from ..layers import RegionSemanticsActivation
from ..layers.token_embedding import resize_positions, resize_times
from ..losses.label_smoothing import smoothed_targets
from .art_head import topk_accuracy


@MODELS.register_module()
class AttentiveProbeHead(BaseHead):
    """K learned queries cross-attend over all T x L tokens of a clip.

    Ours, after the attentive probes used to evaluate frozen video encoders. It is
    the ART head's twin with the method taken out: it reads the same
    ``(x_cls [N, C_b], tokens [N, T, L, C_tok])``, embeds the tokens the same way
    (LayerNorm + linear to d, learned space embedding [L, d] and time embedding
    [T, d]) and classifies the same fused vector fc([phi_g(x_cls); q_1..q_K])
    beside the same auxiliary fc_v(x_cls); but its K queries are learned vectors,
    the same for every video (no text bank, no top-K pick), each attends to all
    T x L tokens at once (no per-frame responses to link into tracklets), and no
    loss other than classification trains it (no MTC, text-bank or map-overlap
    term). Its decoder is RSSA's (:class:`RegionSemanticsActivation`) with nothing
    added to the learned queries: in each block the queries attend to each other,
    then to all the tokens, then an FFN.

    Losses: ``loss_cls`` (fused) and ``loss_cls_global`` (fc_v), both with
    MMAction2's ``loss_cls`` config and label smoothing, and top-k accuracy.

    Args:
        num_classes (int): N_c.
        in_channels (int): C_b, width of x_cls.
        token_channels (int, optional): Width of the tokens when it differs from
            ``in_channels``. Default: ``in_channels``.
        embed_dims (int): d.
        num_queries (int): K.
        num_tokens (int): L the space embedding is made for (other square grids
            are interpolated).
        num_frames (int): T the time embedding is made for (others are
            resampled); 0 disables it.
        num_layers (int): Cross-attention blocks.
        num_heads (int): Attention heads.
        ffn_ratio (float): FFN width / d.
        layer_dropout (float): Dropout inside the blocks.
        query_init_std (float): Standard deviation of the queries at
            initialisation (truncated normal).
        dropout_ratio (float): Dropout before both classifiers.
        loss_global_weight (float): Weight of ``loss_cls_global``.
        with_cp (bool): Activation checkpointing of every block while training.

    Shapes:
        (x_cls [N, C_b], tokens [N, T, L, C_tok]) -> class scores [N, N_c].
    """

    def __init__(self,
                 num_classes: int,
                 in_channels: int,
                 token_channels: Optional[int] = None,
                 embed_dims: int = 256,
                 num_queries: int = 2,
                 num_tokens: int = 196,
                 num_frames: int = 0,
                 num_layers: int = 4,
                 num_heads: int = 8,
                 ffn_ratio: float = 4.0,
                 layer_dropout: float = 0.1,
                 query_init_std: float = 0.02,
                 dropout_ratio: float = 0.5,
                 loss_global_weight: float = 1.0,
                 with_cp: bool = False,
                 init_cfg: Optional[dict] = dict(type='TruncNormal', layer='Linear',
                                                 std=0.02, bias=0.),
                 **kwargs):
        super().__init__(num_classes, in_channels, init_cfg=init_cfg, **kwargs)
        if num_queries < 1 or num_layers < 1:
            raise ValueError(f'AttentiveProbeHead needs num_queries >= 1 and num_layers >= 1, '
                             f'got {num_queries} and {num_layers}')
        if query_init_std <= 0:
            raise ValueError(f'query_init_std must be positive, got {query_init_std}')
        self.num_queries = num_queries
        self.global_proj = nn.Linear(in_channels, embed_dims)
        token_channels = token_channels or in_channels
        self.token_proj = nn.Sequential(nn.LayerNorm(token_channels),
                                        nn.Linear(token_channels, embed_dims))
        self.pos_embed = nn.Parameter(torch.zeros(num_tokens, embed_dims))
        nn.init.trunc_normal_(self.pos_embed, std=0.02)
        self.time_embed = None
        if num_frames > 0:
            self.time_embed = nn.Parameter(torch.zeros(num_frames, embed_dims))
            nn.init.trunc_normal_(self.time_embed, std=0.02)
        # RSSA's decoder with nothing added to its learned queries: no class semantics
        self.decoder = RegionSemanticsActivation(embed_dims, num_queries, num_layers, num_heads,
                                                 ffn_ratio, layer_dropout, with_cp, query_init_std)
        self.dropout = nn.Dropout(dropout_ratio)
        self.fc_cls = nn.Linear(embed_dims * (num_queries + 1), num_classes)
        self.fc_global = nn.Linear(in_channels, num_classes)
        self.loss_global_weight = loss_global_weight

    def embed_tokens(self, tokens: torch.Tensor) -> torch.Tensor:
        """[N, T, L, C_tok] -> [N, T * L, d], with space and time embeddings."""
        N, T, L, _ = tokens.shape
        embedded = self.token_proj(tokens) + resize_positions(self.pos_embed, L,
                                                              type(self).__name__)
        if self.time_embed is not None:
            embedded = embedded + resize_times(self.time_embed, T)
        return embedded.reshape(N, T * L, -1)

    def forward_probe(self, feats: Tuple[torch.Tensor, torch.Tensor]) -> Dict[str, torch.Tensor]:
        """Returns ``logits`` [N, N_c] (fused), ``logits_global`` [N, N_c] and
        ``attention`` [N, K, T, L]: the last block's attention of each query over
        the clip's tokens (heads averaged; sums to 1 over T x L)."""
        x_cls, tokens = feats
        N, T, L, _ = tokens.shape
        memory = self.embed_tokens(tokens)
        no_semantics = memory.new_zeros(N, self.num_queries, memory.shape[-1])
        queries, attention = self.decoder(no_semantics, memory)
        fused = torch.cat([self.global_proj(x_cls), queries.flatten(1)], dim=1)
        return dict(logits=self.fc_cls(self.dropout(fused)).float(),
                    logits_global=self.fc_global(self.dropout(x_cls)).float(),
                    attention=attention.reshape(N, self.num_queries, T, L))

    def forward(self, feats, **kwargs) -> torch.Tensor:
        """(x_cls [N, C_b], tokens [N, T, L, C_tok]) -> fused class scores [N, N_c]."""
        return self.forward_probe(feats)['logits']

    def loss(self, feats, data_samples: SampleList, **kwargs) -> Dict[str, torch.Tensor]:
        out = self.forward_probe(feats)
        labels = torch.stack([s.gt_label for s in data_samples]).to(out['logits'].device)
        if labels.dim() == 2 and labels.shape[1] == 1:
            labels = labels[:, 0]
        losses = {}
        if labels.dim() == 1:
            with torch.no_grad():
                for k in self.topk:
                    losses[f'top{k}_acc'] = topk_accuracy(out['logits'], labels, k)
        targets = smoothed_targets(labels, self.num_classes, self.label_smooth_eps)
        losses['loss_cls'] = self.loss_cls(out['logits'], targets)
        losses['loss_cls_global'] = self.loss_global_weight * self.loss_cls(
            out['logits_global'], targets)
        return losses

    def predict(self, feats, data_samples: SampleList, **kwargs) -> SampleList:
        """MMAction2's prediction from the fused scores, averaged over views."""
        return self.predict_by_feat(self(feats), data_samples)
