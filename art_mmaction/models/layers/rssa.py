"""Spatial enhancement and Region-Specific Semantics Activation (Sun et al., TNNLS 2025,
Eqs. 1-3)."""
from typing import Optional, Tuple

import torch
from torch import nn
from torch.utils.checkpoint import checkpoint


def run_layer(layer: nn.Module, with_cp: bool, *args, **kwargs):
    """``layer(*args, **kwargs)``, through activation checkpointing when ``with_cp``
    and gradients are being recorded: the layer's activations are recomputed in
    the backward pass instead of kept. The RNG state is restored for the
    recomputation, so dropout draws the same masks and results are unchanged."""
    if with_cp and torch.is_grad_enabled():
        return checkpoint(layer, *args, use_reentrant=False, **kwargs)
    return layer(*args, **kwargs)


class SpatialEnhancer(nn.Module):
    """Eq. 1: a transformer encoder over one frame's tokens and the picked semantics.

    Frames are folded into the batch, so every frame shares the weights.

    Args:
        embed_dims (int): d.
        num_layers (int): Encoder layers (paper: 4).
        num_heads (int): Attention heads.
        ffn_ratio (float): FFN hidden width / d.
        dropout (float): Dropout inside the layers.
        residual_gate_init (float, optional): Ours, off (None) in the paper's form.
            When set, the encoder's output is blended into its input through a
            learned per-channel gate g [d] that starts at this value:
            out = x + g * (SE(x) - x). At 0 the enhancer starts as the identity,
            so tokens that a pretrained backbone already made spatially
            meaningful are not scrambled by randomly initialised layers; the gate
            opens only as far as training finds SE useful.
        with_cp (bool): Checkpoint every encoder layer while training (see
            :func:`run_layer`): the same results for less memory (the attention
            maps of B * (L + K_s)^2 per head are not kept) and one more forward
            of the encoder in the backward pass.
        attn_dropout (float, optional): Ours. Dropout on the attention weights;
            None keeps ``dropout`` there too (PyTorch's encoder layer uses one rate
            for both). With a rate above 0 PyTorch's CPU attention cannot use its
            fused kernel and keeps every attention map for the backward pass;
            at 0 it does not (RSSA's attention has no weight dropout either).

    Shapes:
        tokens [B, L, d], semantics [B, K_s, d] -> (tokens [B, L, d], semantics [B, K_s, d]),
        B = N * T.
    """

    def __init__(self, embed_dims: int, num_layers: int = 4, num_heads: int = 8,
                 ffn_ratio: float = 4.0, dropout: float = 0.1,
                 residual_gate_init: Optional[float] = None, with_cp: bool = False,
                 attn_dropout: Optional[float] = None):
        super().__init__()
        self.with_cp = with_cp
        self.residual_gate = None
        if residual_gate_init is not None:
            self.residual_gate = nn.Parameter(torch.full((embed_dims,), float(residual_gate_init)))
        layer = nn.TransformerEncoderLayer(
            embed_dims, num_heads, int(embed_dims * ffn_ratio), dropout,
            activation='gelu', batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, num_layers, norm=nn.LayerNorm(embed_dims),
                                             enable_nested_tensor=False)
        if attn_dropout is not None:
            for encoder_layer in self.encoder.layers:
                encoder_layer.self_attn.dropout = float(attn_dropout)

    def forward(self, tokens: torch.Tensor,
                semantics: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        L = tokens.shape[1]
        joint_in = torch.cat([tokens, semantics], dim=1)
        joint = joint_in
        # the encoder's own loop, so that each layer can be checkpointed
        for layer in self.encoder.layers:
            joint = run_layer(layer, self.with_cp, joint)
        joint = self.encoder.norm(joint)
        if self.residual_gate is not None:
            joint = joint_in + self.residual_gate * (joint - joint_in)
        return joint[:, :L], joint[:, L:]


class RegionDecoderLayer(nn.Module):
    """Queries attend to each other, then to one frame's tokens, then an FFN.

    Pre-norm. Returns the cross-attention weights, averaged over heads: the
    region response map [B, K, L], each row a softmax over the L tokens, when
    ``need_weights`` (else None, and PyTorch may use its fused attention kernel,
    which never forms the map).
    """

    def __init__(self, embed_dims: int, num_heads: int, ffn_ratio: float, dropout: float):
        super().__init__()
        self.norm_self = nn.LayerNorm(embed_dims)
        self.self_attn = nn.MultiheadAttention(embed_dims, num_heads, batch_first=True)
        self.norm_cross = nn.LayerNorm(embed_dims)
        self.cross_attn = nn.MultiheadAttention(embed_dims, num_heads, batch_first=True)
        self.norm_ffn = nn.LayerNorm(embed_dims)
        hidden = int(embed_dims * ffn_ratio)
        self.ffn = nn.Sequential(nn.Linear(embed_dims, hidden), nn.GELU(), nn.Dropout(dropout),
                                 nn.Linear(hidden, embed_dims), nn.Dropout(dropout))

    def forward(self, queries: torch.Tensor, memory: torch.Tensor,
                need_weights: bool = True) -> Tuple[torch.Tensor, Optional[torch.Tensor]]:
        h = self.norm_self(queries)
        queries = queries + self.self_attn(h, h, h, need_weights=False)[0]
        out, attn = self.cross_attn(self.norm_cross(queries), memory, memory,
                                    need_weights=need_weights, average_attn_weights=True)
        queries = queries + out
        queries = queries + self.ffn(self.norm_ffn(queries))
        return queries, attn


class RegionSemanticsActivation(nn.Module):
    """Eqs. 2-3: region queries Q_t = P + S^_t decoded against frame t's tokens.

    Args:
        embed_dims (int): d.
        num_queries (int): K, tracklets per video.
        num_layers (int): Decoder layers (paper: 4).
        num_heads (int): Attention heads.
        ffn_ratio (float): FFN hidden width / d.
        dropout (float): FFN dropout.
        with_cp (bool): Checkpoint every decoder layer while training (see
            :func:`run_layer`).
        prompt_init_std (float): Standard deviation of the learned prompts P at
            initialisation, drawn from N(0, std^2) truncated to [-2, 2]. 0.02 (the
            default) is the usual transformer scale. The picked class semantics
            of a video are the texts of neighbouring fine-grained classes, so the
            K queries P_k + S^_k then start almost parallel and the K response
            maps start as one map. Ours: a larger value (e.g. 1.0) makes P
            dominate the queries at the start, so the K tracklets start looking
            at different places.

    Shapes:
        semantics [B, K, d], tokens [B, L, d] ->
        (responses R_t [B, K, d], last-layer attention A_t [B, K, L]).
    """

    def __init__(self, embed_dims: int, num_queries: int, num_layers: int = 4,
                 num_heads: int = 8, ffn_ratio: float = 4.0, dropout: float = 0.1,
                 with_cp: bool = False, prompt_init_std: float = 0.02):
        super().__init__()
        if prompt_init_std <= 0:
            raise ValueError(f'prompt_init_std must be positive, got {prompt_init_std}')
        self.with_cp = with_cp
        self.prompts = nn.Parameter(torch.zeros(num_queries, embed_dims))
        nn.init.trunc_normal_(self.prompts, std=prompt_init_std)
        self.layers = nn.ModuleList(
            RegionDecoderLayer(embed_dims, num_heads, ffn_ratio, dropout)
            for _ in range(num_layers))
        self.norm = nn.LayerNorm(embed_dims)

    def forward(self, semantics: torch.Tensor,
                tokens: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        queries = self.prompts.unsqueeze(0) + semantics
        attn = None
        last = len(self.layers) - 1
        for index, layer in enumerate(self.layers):
            # only the last layer's map is used: the others may take the fused kernel
            queries, attn = run_layer(layer, self.with_cp, queries, tokens,
                                      need_weights=index == last)
        return self.norm(queries), attn
