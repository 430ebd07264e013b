"""Control banks: text banks that keep a real bank's shape and statistics but not
its information, to measure what the text contributes."""
from typing import Dict, Tuple

import torch

CONTROLS = ('shuffled-names', 'random')


def derangement(num_classes: int, seed: int) -> torch.Tensor:
    """A seeded permutation of ``range(num_classes)`` that moves every index."""
    if num_classes < 2:
        raise ValueError(f'a permutation that moves every class needs >= 2 classes, '
                         f'got {num_classes}')
    generator = torch.Generator().manual_seed(seed)
    while True:
        order = torch.randperm(num_classes, generator=generator)
        if not (order == torch.arange(num_classes)).any():
            return order


def control_bank(embeddings: torch.Tensor, meta: Dict, control: str,
                 seed: int = 0) -> Tuple[torch.Tensor, Dict]:
    """A control version of a bank [N_p, N_c, C_t] and its metadata.

    * ``'shuffled-names'``: the name-to-label map permuted (a derangement): row c
      holds what the encoder made of the name of class ``order[c]``, so every
      class is described by another class's text; ``meta['class_names']`` follows.
    * ``'random'``: standard-normal vectors rescaled to the norm of each real
      entry, so only the norms (and the shape) are kept.

    Returns:
        tuple: (embeddings [N_p, N_c, C_t], meta with ``control``, ``control_seed``
        and, for ``'shuffled-names'``, ``name_order`` added).
    """
    if control not in CONTROLS:
        raise ValueError(f'control must be one of {CONTROLS}, got {control!r}')
    meta = dict(meta, control=control, control_seed=seed)
    if control == 'shuffled-names':
        order = derangement(embeddings.shape[1], seed)
        if 'class_names' in meta:
            meta['class_names'] = [meta['class_names'][int(i)] for i in order]
        meta['name_order'] = order.tolist()
        return embeddings[:, order].clone(), meta
    generator = torch.Generator().manual_seed(seed)
    noise = torch.randn(embeddings.shape, generator=generator)
    norms = embeddings.norm(dim=-1, keepdim=True)
    return noise / noise.norm(dim=-1, keepdim=True) * norms, meta
