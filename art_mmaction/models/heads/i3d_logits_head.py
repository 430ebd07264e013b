"""DeepMind's I3D classifier ("Logits" layer) as an MMAction2 head."""
from typing import Tuple

import torch
import torch.nn.functional as F
from mmaction.models.heads.base import BaseHead
from mmaction.registry import MODELS
from mmengine.model.weight_init import normal_init
from torch import nn


@MODELS.register_module()
class I3DLogitsHead(BaseHead):
    """The classifier of DeepMind's Kinetics I3D, pooled as DeepMind pools it.

    DeepMind's ``Logits`` layer average-pools the Mixed_5c map with a window of
    ``pool_size`` (2 x 7 x 7, VALID padding, stride 1), applies a 1 x 1 x 1
    convolution (the classifier) to every window, and averages the logits over
    the windows. MMAction2's ``I3DHead`` instead averages the whole map before
    its classifier. The two agree when the map has exactly one window (16-frame
    clips at 224: Mixed_5c is 2 x 7 x 7) and differ beyond: at 64 frames
    (Mixed_5c 8 x 7 x 7) the first and last time steps weigh 1/14 each here
    instead of 1/8. Use this head to reproduce the released classifier at any
    clip length; the checkpoint keys (``fc_cls.weight``, ``fc_cls.bias``) are
    ``I3DHead``'s, so ``tools/convert/convert_i3d_k400.py``'s output loads into either.

    A map smaller than the window along a dimension is pooled over its whole
    extent there (ours: DeepMind's graph has no output for such an input).

    Args:
        num_classes (int): Number of classes.
        in_channels (int): Channels of the feature map (1024 for Mixed_5c).
        pool_size (tuple[int]): The averaging window (t, h, w). Default (2, 7, 7).
        dropout_ratio (float): Dropout on the pooled features before the
            classifier (DeepMind trained with keep probability 0.5). Default 0.5.
        init_std (float): Std of the classifier's normal init. Default 0.01.
        **kwargs: ``BaseHead``'s (``loss_cls``, ``average_clips``, ...).

    Shapes:
        x [N, C, T, H, W] -> cls_score [N, num_classes].
    """

    def __init__(self, num_classes: int, in_channels: int,
                 pool_size: Tuple[int, int, int] = (2, 7, 7), dropout_ratio: float = 0.5,
                 init_std: float = 0.01, **kwargs):
        super().__init__(num_classes, in_channels, **kwargs)
        if len(pool_size) != 3 or min(pool_size) < 1:
            raise ValueError(f'pool_size must be three positive sizes (t, h, w), got {pool_size}')
        self.pool_size = tuple(pool_size)
        self.init_std = init_std
        self.dropout = nn.Dropout(p=dropout_ratio) if dropout_ratio > 0 else nn.Identity()
        self.fc_cls = nn.Linear(in_channels, num_classes)

    def init_weights(self) -> None:
        normal_init(self.fc_cls, std=self.init_std)

    def window_features(self, x: torch.Tensor) -> torch.Tensor:
        """x [N, C, T, H, W] -> the mean of every window [N, T'', H'', W'', C]."""
        if x.dim() != 5:
            raise ValueError(f'I3DLogitsHead expects a [N, C, T, H, W] map, got {tuple(x.shape)}')
        window = tuple(min(k, n) for k, n in zip(self.pool_size, x.shape[2:]))
        return F.avg_pool3d(x, window, stride=1).permute(0, 2, 3, 4, 1)

    def forward(self, x: torch.Tensor, **kwargs) -> torch.Tensor:
        windows = self.dropout(self.window_features(x))
        logits = self.fc_cls(windows)                      # [N, T'', H'', W'', classes]
        return logits.flatten(1, 3).mean(dim=1)
