"""Give any feature-map backbone ART's ``(x_cls, tokens)`` interface."""
from typing import Optional, Tuple

import torch
from mmaction.registry import MODELS
from mmengine.model import BaseModule


@MODELS.register_module()
class FeatureMapTokenAdapter(BaseModule):
    """Wrap a 2D or 3D CNN (or any backbone that returns feature maps).

    * ``mode='2d'`` (e.g. ``ResNetTSM``, ``mmpretrain.ResNet``): frames are folded
      into the batch, ``[N, C, T, H, W] -> [N*T, C, H, W]``; the backbone returns
      ``[N*T, C', h, w]`` (or a tuple whose last item is that).
    * ``mode='3d'`` (e.g. ``ResNet3dSlowOnly``, ``SwinTransformer3D``, or
      ``VisionTransformer`` with ``return_feat_map=True``): the backbone takes the
      clip as is and returns ``[N, C', T', h, w]``.

    Tokens are the flattened feature map, ``x_cls`` its global average.

    Args:
        backbone (dict): Config of the wrapped backbone.
        mode (str): ``'2d'`` or ``'3d'``.
        feature_norm (str, optional): Name of a norm layer of the wrapped backbone
            that its own classifier reads after pooling, applied here to ``x_cls``
            and to every token. VideoMAE's ``VisionTransformer`` (mean pooling)
            returns its feature map before ``fc_norm``: with ``'fc_norm'``,
            ``x_cls`` is exactly the feature MMAction2's head reads, and the
            layer's pretrained weights are trained (left unused, DDP's
            ``find_unused_parameters=False`` would stop on them). Defaults to None.

    Returns (from :meth:`forward`):
        tuple: ``x_cls`` [N, C'] and ``tokens`` [N, T', h*w, C'].
    """

    def __init__(self, backbone: dict, mode: str = '2d', feature_norm: Optional[str] = None,
                 init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        if mode not in ('2d', '3d'):
            raise ValueError(f"FeatureMapTokenAdapter.mode must be '2d' or '3d', got {mode!r}")
        self.mode = mode
        self.backbone = MODELS.build(backbone)
        if feature_norm is not None and not isinstance(
                getattr(self.backbone, feature_norm, None), torch.nn.Module):
            raise ValueError(f'FeatureMapTokenAdapter.feature_norm={feature_norm!r}: '
                             f'{type(self.backbone).__name__} has no such layer')
        self.feature_norm = feature_norm

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
        x_cls = tokens.mean(dim=(1, 2))
        if self.feature_norm is not None:
            norm = getattr(self.backbone, self.feature_norm)
            return norm(x_cls), norm(tokens)
        return x_cls, tokens
