"""MMAction2's UniFormerV2, also returning the last layer's patch tokens."""
import os.path as osp
from typing import Tuple

import torch
from mmaction.models.backbones.uniformerv2 import _MODELS
from mmaction.registry import MODELS
from mmengine.logging import MMLogger
from mmengine.runner.checkpoint import _load_checkpoint

from art_mmaction.structures import AxisChain, TokenGeometry

from .uniformerv2_checkpointed import UniFormerV2WithCP


@MODELS.register_module()
class UniFormerV2WithTokens(UniFormerV2WithCP):
    """UniFormerV2 that returns ``(x_cls, tokens)`` instead of ``x_cls`` alone.

    Adds no parameter, so MMAction2 UniFormerV2 checkpoints load unchanged; ``with_cp``
    checkpoints its blocks (:class:`UniFormerV2WithCP`). The
    tokens are the output of the last local (ViT) block, taken with a forward
    hook, before the global UniBlocks mix them into the class token.

    ``pretrained`` may also be a local file holding a CLIP visual encoder state
    dict (as saved by MMAction2's conversion), besides MMAction2's hub names
    (``'ViT-B/16'``, ``'ViT-L/14'``, ...).

    Returns (from :meth:`forward`):
        tuple: ``x_cls`` [N, C] and ``tokens`` [N, T', L, C], where
        T' = T (or T/2 with ``temporal_downsample``) and L = (H/p) * (W/p).
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._last_tokens = None
        self.transformer.resblocks[-1].register_forward_hook(self._keep_tokens)

    def _keep_tokens(self, module, inputs, output):
        self._last_tokens = output

    def _load_pretrained(self, pretrained: str = None) -> None:
        if pretrained is None or (pretrained not in _MODELS and not osp.isfile(pretrained)):
            raise FileNotFoundError(
                f'UniFormerV2 CLIP weights not found: {pretrained!r} is neither a '
                f'local file nor one of {sorted(_MODELS)}. Download the CLIP visual '
                'encoder weights and pass their path as backbone.pretrained, or set '
                'backbone.clip_pretrained=False.')
        if pretrained in _MODELS:
            return super()._load_pretrained(pretrained)
        MMLogger.get_current_instance().info(f'Load CLIP weights from {pretrained}')
        state_dict = _load_checkpoint(pretrained, map_location='cpu')
        state_dict = state_dict.get('state_dict', state_dict)
        own = self.state_dict()
        for key, value in list(state_dict.items()):
            if key in own and value.shape != own[key].shape:
                if own[key].dim() <= 2:
                    del state_dict[key]
                else:
                    state_dict[key] = self._inflate_weight(value, own[key].shape[2])
        self.load_state_dict(state_dict, strict=False)

    def token_geometry(self, input_size: Tuple[int, int, int]) -> TokenGeometry:
        """Token centres of an input clip of ``input_size`` (T, H, W): the patch
        embedding ``conv1`` is the only layer that moves them."""
        chains = [AxisChain(n) for n in input_size]
        for chain, k, s, p in zip(chains, self.conv1.kernel_size, self.conv1.stride,
                                  self.conv1.padding):
            chain.layer(k, s, p, p)
        return TokenGeometry(*(c.centres() for c in chains),
                             strides=tuple(c.scale for c in chains),
                             input_size=tuple(input_size))

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        """x: [N, 3, T, H, W] -> (x_cls [N, C], tokens [N, T', L, C])."""
        x_cls = super().forward(x)
        tokens, self._last_tokens = self._last_tokens, None
        L1, NT, C = tokens.shape  # LND layout, class token first
        N = x_cls.shape[0]
        tokens = tokens[1:].permute(1, 0, 2).reshape(N, NT // N, L1 - 1, C)
        return x_cls, tokens
