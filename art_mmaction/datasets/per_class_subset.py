"""Keep n clips of each class of an annotation list, chosen by a seed."""
from typing import Dict, List, Sequence

import numpy as np


def clips_per_class_indices(labels: Sequence[int], clips_per_class: int, seed: int,
                            source: str = 'the annotation list') -> List[int]:
    """Indices (in list order) of ``clips_per_class`` clips of every class.

    Each class's clips are ordered by a permutation drawn from ``(seed, class)`` alone, and
    the first ``clips_per_class`` of that order are kept. So the same seed keeps the same
    clips whatever the other classes hold, and a smaller n keeps a subset of what a larger n
    keeps (learning curves nest).

    Args:
        labels (Sequence[int]): The class of each clip, in list order.
        clips_per_class (int): n; every class must have at least n clips.
        seed (int): The draw; independent of the training seed.
        source (str): What the labels come from, for error messages.

    Raises:
        ValueError: n below 1, or a class with fewer than n clips (naming the class, its
            count and ``source``).
    """
    if clips_per_class < 1:
        raise ValueError(f'clips_per_class must be at least 1, got {clips_per_class}')
    by_class: Dict[int, List[int]] = {}
    for index, label in enumerate(labels):
        by_class.setdefault(int(label), []).append(index)
    short = {c: len(v) for c, v in sorted(by_class.items()) if len(v) < clips_per_class}
    if short:
        raise ValueError(f'{source}: clips_per_class={clips_per_class}, but these classes have '
                         f'fewer clips (class: clips): {short}')
    kept = []
    for label, indices in sorted(by_class.items()):
        order = np.random.default_rng([seed, label]).permutation(len(indices))
        kept.extend(indices[i] for i in order[:clips_per_class])
    return sorted(kept)
