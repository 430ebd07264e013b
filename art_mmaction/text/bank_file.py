"""The text-semantics bank file: embeddings plus what made them.

A bank file is a ``torch.save`` of a plain dict, loadable with
``torch.load(weights_only=True)``::

    {'format': 'art_text_bank/v1',
     'embeddings': FloatTensor [N_p, N_c, C_t],   # L2-normalised rows
     'meta': {'class_names': [...], 'templates': [...], 'encoder': str,
              'weights': str, 'embed_dims': int, 'random_init': bool, ...}}

A bare tensor file of shape [N_p, N_c, C_t] is also accepted (no metadata).
"""
import os.path as osp
from typing import Dict, Optional, Tuple

import torch

FORMAT = 'art_text_bank/v1'


def save_bank(path: str, embeddings: torch.Tensor, meta: Dict) -> None:
    """Save ``embeddings`` [N_p, N_c, C_t] and ``meta`` to ``path``."""
    if embeddings.dim() != 3:
        raise ValueError(f'bank embeddings must be [N_p, N_c, C_t], got {tuple(embeddings.shape)}')
    N_p, N_c, C_t = embeddings.shape
    meta = dict(meta, num_prompts=N_p, num_classes=N_c, embed_dims=C_t)
    torch.save(dict(format=FORMAT, embeddings=embeddings.detach().float().cpu(), meta=meta), path)


def load_bank(path: str) -> Tuple[torch.Tensor, Dict]:
    """Read a bank file; return ``(embeddings [N_p, N_c, C_t], meta)``."""
    if not osp.isfile(path):
        raise FileNotFoundError(
            f'text bank file not found: {path}. Build it with '
            f'`python tools/data/build_text_bank.py` (see docs/text_banks.md).')
    content = torch.load(path, map_location='cpu', weights_only=True)
    if isinstance(content, torch.Tensor):
        embeddings, meta = content, {}
    elif isinstance(content, dict) and 'embeddings' in content:
        embeddings, meta = content['embeddings'], dict(content.get('meta') or {})
    else:
        raise ValueError(f'{path} is not a text bank: expected a tensor or a dict '
                         f"with 'embeddings', got {type(content).__name__}")
    if embeddings.dim() != 3:
        raise ValueError(f'{path}: bank embeddings must be [N_p, N_c, C_t], '
                         f'got shape {tuple(embeddings.shape)}')
    return embeddings.float(), meta


def check_bank_shape(path: str, embeddings: torch.Tensor, num_prompts: Optional[int],
                     num_classes: int, embed_dims: int) -> None:
    """Raise ``ValueError`` naming the file and both numbers on any disagreement."""
    N_p, N_c, C_t = embeddings.shape
    if N_c != num_classes:
        raise ValueError(f'text bank {path} has {N_c} classes but the model is '
                         f'configured for num_classes={num_classes}')
    if C_t != embed_dims:
        raise ValueError(f'text bank {path} has embedding width {C_t} but the model '
                         f'is configured for text_dims={embed_dims}')
    if num_prompts is not None and N_p != num_prompts:
        raise ValueError(f'text bank {path} has {N_p} prompt templates but the model '
                         f'is configured for num_prompts={num_prompts}')
