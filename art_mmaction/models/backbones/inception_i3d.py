"""Inception-v1 I3D (Carreira & Zisserman, 2017) as an MMAction2 backbone.

The layer names follow DeepMind's release (``Conv3d_1a_7x7`` ... ``Mixed_5c``), so
``tools/convert/convert_i3d_k400.py`` maps the published Kinetics-400 weights one to one.
Three details of the TensorFlow original are kept, because the weights were
trained with them: "SAME" padding (asymmetric when the stride is 2; max-pooling
pads with -inf), BatchNorm with eps 1e-3 and no learned scale (the scale is a
buffer fixed at 1), and inputs scaled to [-1, 1] (the data preprocessor's
mean = std = 127.5).
"""
from typing import Optional, Sequence, Tuple, Union

import torch
import torch.nn.functional as F
from mmaction.registry import MODELS
from mmengine.model import BaseModule
from torch import nn

from art_mmaction.structures import AxisChain, TokenGeometry

# name -> channels of the six branch convolutions: 1x1 | 1x1, 3x3 | 1x1, 3x3 | pool-1x1
INCEPTION_CHANNELS = {
    'Mixed_3b': (64, 96, 128, 16, 32, 32),
    'Mixed_3c': (128, 128, 192, 32, 96, 64),
    'Mixed_4b': (192, 96, 208, 16, 48, 64),
    'Mixed_4c': (160, 112, 224, 24, 64, 64),
    'Mixed_4d': (128, 128, 256, 24, 64, 64),
    'Mixed_4e': (112, 144, 288, 32, 64, 64),
    'Mixed_4f': (256, 160, 320, 32, 128, 128),
    'Mixed_5b': (256, 160, 320, 32, 128, 128),
    'Mixed_5c': (384, 192, 384, 48, 128, 128),
}
# (name, kind, argument): kind 'conv' -> (out, kernel, stride), 'pool' -> (kernel, stride),
# 'mixed' -> None. The order is the network's.
ENDPOINTS = (
    ('Conv3d_1a_7x7', 'conv', (64, (7, 7, 7), (2, 2, 2))),
    ('MaxPool3d_2a_3x3', 'pool', ((1, 3, 3), (1, 2, 2))),
    ('Conv3d_2b_1x1', 'conv', (64, (1, 1, 1), (1, 1, 1))),
    ('Conv3d_2c_3x3', 'conv', (192, (3, 3, 3), (1, 1, 1))),
    ('MaxPool3d_3a_3x3', 'pool', ((1, 3, 3), (1, 2, 2))),
    ('Mixed_3b', 'mixed', None),
    ('Mixed_3c', 'mixed', None),
    ('MaxPool3d_4a_3x3', 'pool', ((3, 3, 3), (2, 2, 2))),
    ('Mixed_4b', 'mixed', None),
    ('Mixed_4c', 'mixed', None),
    ('Mixed_4d', 'mixed', None),
    ('Mixed_4e', 'mixed', None),
    ('Mixed_4f', 'mixed', None),
    ('MaxPool3d_5a_2x2', 'pool', ((2, 2, 2), (2, 2, 2))),
    ('Mixed_5b', 'mixed', None),
    ('Mixed_5c', 'mixed', None),
)
ENDPOINT_NAMES = tuple(name for name, _, _ in ENDPOINTS)


def same_padding(size: Sequence[int], kernel: Sequence[int],
                 stride: Sequence[int]) -> Tuple[int, ...]:
    """TensorFlow "SAME" padding for ``F.pad`` (last dim first) of a [.., T, H, W] input."""
    pads = []
    for n, k, s in zip(reversed(size), reversed(kernel), reversed(stride)):
        total = max((-(-n // s) - 1) * s + k - n, 0)
        pads += [total // 2, total - total // 2]
    return tuple(pads)


class SamePadMaxPool3d(nn.Module):
    """Max-pooling with TF "SAME" padding (pads with -inf, so padding never wins)."""

    def __init__(self, kernel: Tuple[int, int, int], stride: Tuple[int, int, int]):
        super().__init__()
        self.kernel, self.stride = kernel, stride

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.pad(x, same_padding(x.shape[2:], self.kernel, self.stride), value=float('-inf'))
        return F.max_pool3d(x, self.kernel, self.stride)


class Unit3D(nn.Module):
    """Conv3d ("SAME", no bias) + BatchNorm (eps 1e-3, scale fixed at 1) + ReLU.

    Shapes: [N, C_in, T, H, W] -> [N, C_out, ceil(T/s_t), ceil(H/s), ceil(W/s)].
    """

    def __init__(self, in_channels: int, out_channels: int,
                 kernel: Tuple[int, int, int] = (1, 1, 1),
                 stride: Tuple[int, int, int] = (1, 1, 1)):
        super().__init__()
        self.kernel, self.stride = kernel, stride
        self.conv = nn.Conv3d(in_channels, out_channels, kernel, stride, bias=False)
        self.bn = nn.BatchNorm3d(out_channels, eps=1e-3, momentum=0.001, affine=False)
        self.bn_bias = nn.Parameter(torch.zeros(out_channels))  # Sonnet's beta (offset)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.kernel != (1, 1, 1) or self.stride != (1, 1, 1):
            x = F.pad(x, same_padding(x.shape[2:], self.kernel, self.stride))
        x = self.bn(self.conv(x)) + self.bn_bias.view(1, -1, 1, 1, 1)
        return F.relu(x, inplace=True)


class InceptionBlock3D(nn.Module):
    """One ``Mixed_*`` block: four branches concatenated on channels."""

    def __init__(self, in_channels: int, channels: Sequence[int]):
        super().__init__()
        c0, c1a, c1b, c2a, c2b, c3 = channels
        self.branch_0 = Unit3D(in_channels, c0)
        self.branch_1 = nn.Sequential(Unit3D(in_channels, c1a), Unit3D(c1a, c1b, (3, 3, 3)))
        self.branch_2 = nn.Sequential(Unit3D(in_channels, c2a), Unit3D(c2a, c2b, (3, 3, 3)))
        self.branch_3 = nn.Sequential(SamePadMaxPool3d((3, 3, 3), (1, 1, 1)),
                                      Unit3D(in_channels, c3))
        self.out_channels = c0 + c1b + c2b + c3

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat([self.branch_0(x), self.branch_1(x), self.branch_2(x),
                          self.branch_3(x)], dim=1)


@MODELS.register_module()
class InceptionI3D(BaseModule):
    """DeepMind's Inception-v1 I3D, RGB stream.

    Two output modes:

    * ``token_endpoint=None`` (an ordinary MMAction2 3D backbone, for ``I3DHead``):
      the feature map of ``out_endpoint``, [N, C, T', h, w].
    * ``token_endpoint='Mixed_4f'`` (for ART): ``(x_cls, tokens)``, where ``x_cls``
      [N, C] is the global average of ``out_endpoint`` and ``tokens``
      [N, T'', h''*w'', C''] the flattened map of ``token_endpoint`` (which must
      not come after ``out_endpoint``). The grid follows the strides: at 16 x 224
      x 224, Mixed_4f gives T''=4, 14x14 tokens of 832 channels and Mixed_5c
      T'=2, 7x7 of 1024.

    Args:
        out_endpoint (str): The last block run. Default ``'Mixed_5c'``.
        token_endpoint (str, optional): Where ART's tokens are taken.
        in_channels (int): Input channels (3 for RGB).
        token_pool (tuple[int]): Average-pooling window and stride (t, h, w) applied
            to the token map, e.g. ``(1, 2, 2)`` for 7x7 tokens from Mixed_4f at 224.
        frozen (bool): Keep every weight fixed and BatchNorm in eval mode (the
            frozen-backbone protocol); ``False`` fine-tunes the whole network.
        init_cfg (dict, optional): e.g. ``dict(type='Pretrained', checkpoint=...,
            prefix='backbone.')`` for a checkpoint of ``configs/i3d-inception_k400.py``.
    """

    def __init__(self, out_endpoint: str = 'Mixed_5c', token_endpoint: Optional[str] = None,
                 token_pool: Tuple[int, int, int] = (1, 1, 1), in_channels: int = 3,
                 frozen: bool = False, init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        for key, name in (('out_endpoint', out_endpoint), ('token_endpoint', token_endpoint)):
            if name is not None and name not in ENDPOINT_NAMES:
                raise ValueError(f'InceptionI3D.{key}={name!r} is not one of {ENDPOINT_NAMES}')
        last = ENDPOINT_NAMES.index(out_endpoint)
        if token_endpoint is not None and ENDPOINT_NAMES.index(token_endpoint) > last:
            raise ValueError(f'InceptionI3D.token_endpoint={token_endpoint!r} comes after '
                             f'out_endpoint={out_endpoint!r}')
        self.out_endpoint, self.token_endpoint, self.frozen = out_endpoint, token_endpoint, frozen
        self.token_pool = tuple(token_pool)
        self.blocks = nn.ModuleDict()
        channels = in_channels
        for name, kind, arg in ENDPOINTS[:last + 1]:
            if kind == 'conv':
                out, kernel, stride = arg
                self.blocks[name] = Unit3D(channels, out, kernel, stride)
                channels = out
            elif kind == 'pool':
                self.blocks[name] = SamePadMaxPool3d(*arg)
            else:
                self.blocks[name] = InceptionBlock3D(channels, INCEPTION_CHANNELS[name])
                channels = self.blocks[name].out_channels
            if name == token_endpoint:
                self.token_channels = channels
        self.out_channels = channels
        if frozen:
            self.requires_grad_(False)

    def train(self, mode: bool = True):
        super().train(mode)
        if self.frozen:
            super().train(False)
        return self

    def token_geometry(self, input_size: Tuple[int, int, int]) -> TokenGeometry:
        """Where the tokens (or, without ``token_endpoint``, the output map's cells)
        of an input clip of ``input_size`` (T, H, W) are centred, through every
        stride and "SAME" padding up to the endpoint and the token pooling."""
        chains = [AxisChain(n) for n in input_size]
        last = self.token_endpoint or self.out_endpoint
        for name, kind, arg in ENDPOINTS[:ENDPOINT_NAMES.index(last) + 1]:
            if kind == 'mixed':  # stride 1, odd kernels, "SAME": centres unchanged
                continue
            kernel, stride = arg[1:] if kind == 'conv' else arg
            for chain, k, s in zip(chains, kernel, stride):
                chain.tf_same(k, s)
        if self.token_endpoint is not None:
            for chain, k in zip(chains, self.token_pool):
                chain.pool_ceil(k, k)
        return TokenGeometry(*(c.centres() for c in chains),
                             strides=tuple(c.scale for c in chains),
                             input_size=tuple(input_size))

    def forward(self, x: torch.Tensor) -> Union[torch.Tensor, Tuple[torch.Tensor, torch.Tensor]]:
        """x [N, C, T, H, W] -> map [N, C', T', h, w], or (x_cls, tokens) (see class doc)."""
        tokens = None
        for name, block in self.blocks.items():
            x = block(x)
            if name == self.token_endpoint:
                tokens = x
        if self.token_endpoint is None:
            return x
        if self.token_pool != (1, 1, 1):
            tokens = F.avg_pool3d(tokens, self.token_pool, self.token_pool, ceil_mode=True)
        N, C, T, h, w = tokens.shape
        return x.mean(dim=(2, 3, 4)), tokens.reshape(N, C, T, h * w).permute(0, 2, 3, 1)
