"""Give any feature-map backbone ART's ``(x_cls, tokens)`` interface."""
from typing import Tuple

import torch
from mmaction.registry import MODELS
from mmengine.model import BaseModule


@MODELS.register_module()
class FeatureMapTokenAdapter(BaseModule):
    """Wrap a 2D or 3D CNN (or any backbone that returns feature maps).

    * ``mode='2d'`` (e.g. ``ResNetTSM``, ``mmpretrain.ResNet``): frames are folded
      into the batch, ``[N, C, T, H, W] -> [N*T, C, H, W]``; the backbone returns
      ``[N*T, C', h, w]`` (or a tuple whose last item is that).
    * ``mode='3d'`` (e.g. ``ResNet3dSlowOnly``): the backbone takes the clip as is
      and returns ``[N, C', T', h, w]``.

    Tokens are the flattened feature map, ``x_cls`` its global average.

    Args:
        backbone (dict): Config of the wrapped backbone.
        mode (str): ``'2d'`` or ``'3d'``.

    Returns (from :meth:`forward`):
        tuple: ``x_cls`` [N, C'] and ``tokens`` [N, T', h*w, C'].
    """

    def __init__(self, backbone: dict, mode: str = '2d', init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        if mode not in ('2d', '3d'):
            raise ValueError(f"FeatureMapTokenAdapter.mode must be '2d' or '3d', got {mode!r}")
        self.mode = mode
        self.backbone = MODELS.build(backbone)

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        N, C, T, H, W = x.shape
        if self.mode == '2d':
            x = x.transpose(1, 2).reshape(N * T, C, H, W)
        feats = self.backbone(x)
        if isinstance(feats, (tuple, list)):
            feats = feats[-1]
        if self.mode == '2d':
            NT, Cf, h, w = feats.shape
            tokens = feats.reshape(N, NT // N, Cf, h * w).transpose(2, 3)
        else:
            _, Cf, Tf, h, w = feats.shape
            tokens = feats.reshape(N, Cf, Tf, h * w).permute(0, 2, 3, 1)
        return tokens.mean(dim=(1, 2)), tokens
