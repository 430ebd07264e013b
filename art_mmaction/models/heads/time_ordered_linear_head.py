"""A linear probe on time-ordered features: what a linear classifier can read from the
tokens the ART head reads, without attention."""
from typing import Optional, Tuple

import torch
from mmaction.models.heads import BaseHead
from mmaction.registry import MODELS
from torch import nn

from art_mmaction.structures import time_ordered_features


@MODELS.register_module()
class TimeOrderedLinearHead(BaseHead):
    """fc(dropout(:func:`time_ordered_features`)): a linear probe that sees time.

    Reads ``(x_cls [N, C_b], tokens [N, T, L, C_tok])`` like ``ARTHead`` (on the
    frozen I3D: x_cls the pooled Mixed_5c, tokens Mixed_4f, T = 4), pools each
    frame's tokens over space and concatenates the frames in order beside
    x_cls. MMAction2's ``I3DHead`` averages over time and space, so it cannot
    tell an early event from a late one; this probe can.

    Args:
        num_classes (int): N_c.
        in_channels (int): C_b.
        token_channels (int): C_tok.
        num_frames (int): T; a clip with another T is refused (the weights are
            per frame).
        dropout_ratio (float): Dropout before the classifier.
        init_std (float): Std of the classifier's normal init.

    Shapes:
        (x_cls [N, C_b], tokens [N, T, L, C_tok]) -> class scores [N, N_c].
    """

    def __init__(self, num_classes: int, in_channels: int, token_channels: int,
                 num_frames: int, dropout_ratio: float = 0.0, init_std: float = 0.01,
                 init_cfg: Optional[dict] = None, **kwargs):
        init_cfg = init_cfg or dict(type='Normal', layer='Linear', std=init_std, bias=0.)
        super().__init__(num_classes, in_channels, init_cfg=init_cfg, **kwargs)
        self.num_frames = num_frames
        self.dropout = nn.Dropout(dropout_ratio)
        self.fc_cls = nn.Linear(in_channels + num_frames * token_channels, num_classes)

    def forward(self, feats: Tuple[torch.Tensor, torch.Tensor], **kwargs) -> torch.Tensor:
        x_cls, tokens = feats
        if tokens.shape[1] != self.num_frames:
            raise ValueError(f'TimeOrderedLinearHead was built for num_frames={self.num_frames} '
                             f'token frames, got {tokens.shape[1]}')
        return self.fc_cls(self.dropout(time_ordered_features(x_cls, tokens)))
