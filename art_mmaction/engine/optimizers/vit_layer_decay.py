"""Layer-wise learning-rate decay for a ViT backbone wherever it sits in the model."""
import re
from typing import List, Optional

import torch.nn as nn
from mmaction.registry import OPTIM_WRAPPER_CONSTRUCTORS
from mmengine.optim import DefaultOptimWrapperConstructor

_BLOCK = re.compile(r'(?:^|\.)blocks\.(\d+)\.')
_EMBEDDINGS = ('patch_embed', 'pos_embed', 'cls_token', 'mask_token')


def vit_layer_id(name: str, num_layers: int, backbone_prefix: str = 'backbone.') -> int:
    """The depth of a parameter: 0 for the embeddings, ``i + 1`` for ``blocks.i``,
    ``num_layers + 1`` for the rest of the backbone (its last norms) and for
    everything outside it (the head)."""
    if not name.startswith(backbone_prefix):
        return num_layers + 1
    block = _BLOCK.search(name)
    if block:
        return int(block.group(1)) + 1
    if any(f'.{key}' in f'.{name}' for key in _EMBEDDINGS):
        return 0
    return num_layers + 1


@OPTIM_WRAPPER_CONSTRUCTORS.register_module()
class ViTLayerDecayOptimWrapperConstructor(DefaultOptimWrapperConstructor):
    """VideoMAE's fine-tuning rule for a plain ViT, for MMAction2's recognizer and for
    ART's (whose ViT sits one level deeper, ``backbone.backbone.blocks.i``).

    A parameter at depth ``l`` (:func:`vit_layer_id`) of a ``num_layers``-block ViT
    trains at ``lr * decay_rate ** (num_layers + 1 - l)``: the head at ``lr``, the
    embeddings lowest. Biases, norm weights (every 1-D parameter) and the position
    embedding get no weight decay. MMAction2's ``LearningRateDecayOptimizerConstructor``
    reads the block index only from ``backbone.blocks``, so ART's twin would train its
    whole ViT at the head's rate: this one finds ``blocks.i`` anywhere under the
    backbone.

    ``paramwise_cfg``: ``num_layers`` (int, the ViT's depth) and ``decay_rate``
    (float); nothing else.
    """

    def __init__(self, optim_wrapper_cfg: dict, paramwise_cfg: Optional[dict] = None):
        paramwise_cfg = dict(paramwise_cfg or {})
        unknown = set(paramwise_cfg) - {'num_layers', 'decay_rate'}
        if unknown or 'num_layers' not in paramwise_cfg or 'decay_rate' not in paramwise_cfg:
            raise ValueError('ViTLayerDecayOptimWrapperConstructor needs paramwise_cfg with '
                             f'num_layers and decay_rate only, got {sorted(paramwise_cfg)}')
        self.num_layers = int(paramwise_cfg['num_layers'])
        self.decay_rate = float(paramwise_cfg['decay_rate'])
        super().__init__(optim_wrapper_cfg, paramwise_cfg)

    def add_params(self, params: List[dict], module: nn.Module, **kwargs) -> None:
        for name, param in module.named_parameters():
            if not param.requires_grad:
                continue
            layer = vit_layer_id(name, self.num_layers)
            if layer > self.num_layers + 1 or (layer == self.num_layers + 1 and
                                               _BLOCK.search(name)):
                raise ValueError(f'{name} is block {layer - 1} of the ViT, but paramwise_cfg '
                                 f'says num_layers={self.num_layers}: set it to its depth')
            no_decay = param.ndim == 1 or name.endswith('pos_embed')
            params.append(dict(
                params=[param],
                lr=self.base_lr * self.decay_rate ** (self.num_layers + 1 - layer),
                weight_decay=0.0 if no_decay else self.base_wd))
