"""Where a backbone's tokens sit in the input clip: centres and strides per axis.

A chain of convolutions and poolings maps an output index to the centre of its
receptive field by an affine map per axis. In continuous coordinates (input
index ``i`` covers ``[i, i + 1)``), one layer with kernel ``k``, stride ``s`` and
``b`` elements of padding before the input sends output position ``x`` to input
position ``s * x + (k - s) / 2 - b``; a chain composes these maps. TensorFlow's
"SAME" padding puts the odd element at the end, so ``b`` depends on the input
size, and the centres are not those of equal spans: DeepMind's I3D at
16 x 224 x 224 centres Mixed_4f (pooled 2 x 2) token frame ``j`` at input frame
``4 j + 3.5`` and token cell ``c`` at pixel ``32 c + 23.5``, not ``4 j + 2`` and
``32 c + 16``.
"""
from dataclasses import dataclass
from typing import Sequence, Tuple

import numpy as np


@dataclass
class TokenGeometry:
    """Token centres in input coordinates (continuous: index ``i`` spans [i, i+1)).

    Attributes:
        frame_centres (np.ndarray): [T'] centre of each token frame, in input frames.
        row_centres (np.ndarray): [h] centre of each token row, in input pixels.
        col_centres (np.ndarray): [w] centre of each token column, in input pixels.
        strides (tuple[float]): (t, y, x) input elements between adjacent tokens.
        input_size (tuple[int]): (T, H, W) of the input clip.
    """
    frame_centres: np.ndarray
    row_centres: np.ndarray
    col_centres: np.ndarray
    strides: Tuple[float, float, float]
    input_size: Tuple[int, int, int]

    @classmethod
    def equal_spans(cls, input_size: Sequence[int], token_size: Sequence[int]) -> 'TokenGeometry':
        """Tokens that split each axis into equal spans (patch embeddings without
        padding, or a backbone that declares no geometry)."""
        axes = [(np.arange(t) + 0.5) * n / t for n, t in zip(input_size, token_size)]
        strides = tuple(float(n) / t for n, t in zip(input_size, token_size))
        return cls(*axes, strides=strides, input_size=tuple(int(n) for n in input_size))


class AxisChain:
    """Composes the per-layer affine maps of one axis while tracking its size."""

    def __init__(self, size: int):
        self.size, self.scale, self.offset = int(size), 1.0, 0.0

    def layer(self, kernel: int, stride: int, pad_before: int, pad_after: int) -> None:
        self.offset += self.scale * ((kernel - stride) / 2 - pad_before)
        self.scale *= stride
        self.size = (self.size + pad_before + pad_after - kernel) // stride + 1

    def tf_same(self, kernel: int, stride: int) -> None:
        """A layer with TensorFlow "SAME" padding (odd element at the end)."""
        total = max((-(-self.size // stride) - 1) * stride + kernel - self.size, 0)
        self.layer(kernel, stride, total // 2, total - total // 2)

    def pool_ceil(self, kernel: int, stride: int) -> None:
        """Average pooling with ``ceil_mode=True`` and no padding."""
        out = -(-max(self.size - kernel, 0) // stride) + 1
        self.offset += self.scale * (kernel - stride) / 2
        self.scale *= stride
        self.size = out

    def centres(self) -> np.ndarray:
        return self.scale * (np.arange(self.size) + 0.5) + self.offset
