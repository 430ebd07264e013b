"""MMAction2's UniFormerV2 with activation checkpointing of its blocks."""
import torch
from mmaction.models.backbones.uniformerv2 import Extractor, ResidualAttentionBlock, UniFormerV2
from mmaction.registry import MODELS
from torch.utils.checkpoint import checkpoint


def _recording_gradients(module: torch.nn.Module) -> bool:
    return module.training and torch.is_grad_enabled()


class CheckpointedResidualAttentionBlock(ResidualAttentionBlock):
    """A local UniBlock whose activations are recomputed in the backward pass."""

    def forward(self, x: torch.Tensor, T: int = 8) -> torch.Tensor:
        if _recording_gradients(self):
            return checkpoint(super().forward, x, T, use_reentrant=False)
        return super().forward(x, T)


class CheckpointedExtractor(Extractor):
    """A global UniBlock whose activations are recomputed in the backward pass."""

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        if _recording_gradients(self):
            return checkpoint(super().forward, x, y, use_reentrant=False)
        return super().forward(x, y)


@MODELS.register_module()
class UniFormerV2WithCP(UniFormerV2):
    """UniFormerV2 with ``with_cp``: activation checkpointing of every block.

    MMAction2's UniFormerV2 keeps every activation of its 12 (ViT-B) or 24 (ViT-L) local
    blocks and 4 global blocks for the backward pass; at 16 x 224 that is most of a
    training step's memory. With ``with_cp=True`` each block keeps only its input and
    is recomputed once in the backward pass (about one more forward of the backbone per
    step). Results are unchanged: the random state is replayed for the recomputation,
    so drop path and dropout draw the same masks. The blocks keep their class's
    parameters and names, so MMAction2's UniFormerV2 checkpoints load unchanged, and
    evaluation (or ``torch.no_grad``) runs the blocks as they are.

    Args:
        with_cp (bool): Checkpoint every local and global block while training.
            Default: False (MMAction2's behaviour).
        **kwargs: :class:`mmaction.models.UniFormerV2` arguments.
    """

    def __init__(self, with_cp: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.with_cp = with_cp
        if with_cp:
            for block in self.transformer.resblocks:
                block.__class__ = CheckpointedResidualAttentionBlock
            for block in self.transformer.dec:
                block.__class__ = CheckpointedExtractor
