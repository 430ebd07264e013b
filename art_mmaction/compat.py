"""Make the PyPI MMAction2 1.2.0 usable on current PyTorch.

Imported first by ``import art_mmaction``, before anything touches MMAction2's
model registry. Each fix first detects its problem and is applied only then;
:data:`APPLIED` records which ones ran so that tools and tests can report it.

Fixes:

* ``drn``: the PyPI wheel of mmaction2 1.2.0 lacks ``mmaction/models/localizers/drn``
  although ``mmaction.models.localizers`` imports it, so ``import mmaction.models``
  fails. We install a stand-in module whose ``DRN`` registers under the same name
  and raises a clear error when someone builds it.
* ``multimodal``: ``mmaction.models.multimodal`` imports VindLU, which imports
  ``transformers`` APIs that newer ``transformers`` removed. MMAction2 decides
  whether to import VindLU with ``mmaction.utils.dependency.WITH_MULTIMODAL``; when
  the installed ``transformers`` lacks a name VindLU imports, we set it to False so
  MMAction2 registers its own install-hint placeholders instead.
* ``weights_only``: torch >= 2.6 loads checkpoints with ``weights_only=True``, which
  refuses mmengine's ``HistoryBuffer`` and numpy arrays held in the message hub of
  every mmengine checkpoint, so ``--resume`` fails. mmengine's loader for local
  files is wrapped so that, during that one ``torch.load``, exactly those types are
  allow-listed (``torch.serialization.safe_globals``); the safe loader stays on, any
  other pickled object is still refused (:class:`UnsafeCheckpointError` naming the
  file), and nothing else in the process sees the allow-list.

Each fix that runs is logged once. To opt out, set the environment variable
``ART_MMACTION_SKIP_FIXES`` before the first ``import art_mmaction`` to a
comma-separated list of fix names (``drn``, ``multimodal``, ``weights_only``) or
to ``all``; a skipped fix leaves the problem as MMAction2/mmengine have it.
"""
import ast
import functools
import importlib
import importlib.util
import os
import re
import sys
import types
import warnings
from pathlib import Path
from typing import Dict, List, Tuple

import torch

#: Names of the fixes that were applied in this process.
APPLIED: Dict[str, str] = {}

_DRN_MODULE = 'mmaction.models.localizers.drn'


# --------------------------------------------------------------------------- #
# DRN
# --------------------------------------------------------------------------- #
def drn_is_missing() -> bool:
    """Whether the installed mmaction2 imports a ``drn`` package it lacks."""
    if _DRN_MODULE in sys.modules:
        return False
    spec = importlib.util.find_spec('mmaction')
    if spec is None or not spec.submodule_search_locations:
        return False
    localizers = Path(spec.submodule_search_locations[0]) / 'models' / 'localizers'
    init = localizers / '__init__.py'
    if not init.is_file():
        return False
    imports_drn = 'drn' in init.read_text()
    return imports_drn and not (localizers / 'drn').is_dir()


def _install_drn_placeholder() -> None:
    from mmaction.registry import MODELS

    class DRN:  # noqa: D401 - mirrors MMAction2's name on purpose
        """Stand-in for MMAction2's DRN localizer, absent from the PyPI wheel."""

        def __init__(self, *args, **kwargs):
            raise ImportError(
                'DRN is not available: the PyPI package mmaction2==1.2.0 does not '
                f'ship `{_DRN_MODULE}`. Install MMAction2 from source '
                '(git clone https://github.com/open-mmlab/mmaction2 && pip install -e .) '
                'to use the DRN localizer.')

    MODELS.register_module(name='DRN', module=DRN, force=True)
    package = types.ModuleType(_DRN_MODULE)
    package.__path__ = []  # a package, so `drn.drn` can be imported below it
    inner = types.ModuleType(_DRN_MODULE + '.drn')
    inner.DRN = DRN
    package.drn = inner
    sys.modules[_DRN_MODULE] = package
    sys.modules[_DRN_MODULE + '.drn'] = inner


# --------------------------------------------------------------------------- #
# transformers / VindLU
# --------------------------------------------------------------------------- #
def _vindlu_transformers_imports() -> List[Tuple[str, str]]:
    """``(module, name)`` pairs that MMAction2's VindLU imports from transformers.

    Read from VindLU's source with ``ast`` so nothing is imported.
    """
    spec = importlib.util.find_spec('mmaction')
    if spec is None or not spec.submodule_search_locations:
        return []
    vindlu = Path(spec.submodule_search_locations[0]) / 'models' / 'multimodal' / 'vindlu'
    pairs = []
    for source in sorted(vindlu.glob('*.py')):
        tree = ast.parse(source.read_text(), filename=str(source))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and \
                    node.module.split('.')[0] == 'transformers':
                pairs.extend((node.module, alias.name) for alias in node.names)
    return pairs


def missing_transformers_names() -> List[str]:
    """Names VindLU imports that the installed ``transformers`` lacks.

    Empty when MMAction2 would not import VindLU anyway (no ``transformers``,
    or one older than MMAction2 requires).
    """
    from mmaction.utils import dependency
    if not dependency.WITH_MULTIMODAL:
        return []
    missing = []
    for module_name, name in _vindlu_transformers_imports():
        try:
            spec = importlib.util.find_spec(module_name)
        except ImportError:
            spec = None
        if spec is None:
            missing.append(f'{module_name} (module)')
        elif not _module_has(module_name, spec, name):
            missing.append(f'{module_name}.{name}')
    return missing


def _module_has(module_name: str, spec, name: str) -> bool:
    """Whether ``from module_name import name`` would find ``name``, without
    importing a plain module: its source is read instead (importing transformers'
    model code for this check alone costs seconds in every process). Packages
    (transformers' are lazy: listing their names imports nothing more) and modules
    that define ``__getattr__`` are imported."""
    origin = spec.origin or ''
    if origin.endswith('.py') and not origin.endswith('__init__.py'):
        names = _top_level_names(Path(origin))
        if '__getattr__' not in names:
            return name in names  # a plain module has no submodules
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return False
    if name in dir(module) or hasattr(module, name):
        return True
    if not hasattr(module, '__path__'):
        return False
    try:
        return importlib.util.find_spec(f'{module_name}.{name}') is not None
    except ImportError:
        return False


@functools.lru_cache(maxsize=None)
def _top_level_names(source: Path) -> frozenset:
    """Names a module binds at import time: definitions, assignments and imports at
    its top level, also inside top-level ``if``/``try``/``with`` blocks."""
    names = set()
    pending = list(ast.parse(source.read_text(), filename=str(source)).body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                names.add(alias.asname or alias.name.split('.')[0])
        elif isinstance(node, (ast.If, ast.Try, ast.With)):
            for field in ('body', 'orelse', 'finalbody', 'handlers'):
                for child in getattr(node, field, []):
                    pending.extend(child.body if isinstance(child, ast.ExceptHandler)
                                   else [child])
    return frozenset(names)


def _disable_multimodal(missing: List[str]) -> None:
    from mmaction.utils import dependency
    dependency.WITH_MULTIMODAL = False
    warnings.warn(
        'The installed `transformers` lacks names that MMAction2 1.2.0\'s VindLU '
        f'imports ({", ".join(missing[:3])}{" ..." if len(missing) > 3 else ""}); '
        'MMAction2\'s multimodal models are disabled. Recognition models are '
        'unaffected. Install `transformers<4.40` to use VindLU.',
        stacklevel=3)


# --------------------------------------------------------------------------- #
# torch.load(weights_only=True) and mmengine checkpoints
# --------------------------------------------------------------------------- #
def safe_checkpoint_globals() -> list:
    """The exact non-tensor types an mmengine checkpoint holds.

    ``message_hub`` in a checkpoint stores :class:`HistoryBuffer` objects whose
    state is numpy arrays and scalars plus their statistics methods, pickled as
    ``getattr(HistoryBuffer, 'min')``. Allowing ``getattr`` is safe here: torch's
    weights-only unpickler still calls (REDUCE) only allow-listed functions, so
    ``getattr`` can only look up attributes of objects that are already allowed.
    Nothing else is allowed.
    """
    import numpy as np
    from mmengine.logging.history_buffer import HistoryBuffer

    try:  # numpy >= 2
        from numpy._core.multiarray import _reconstruct, scalar
    except ImportError:  # numpy 1.x
        from numpy.core.multiarray import _reconstruct, scalar
    dtype_classes = [type(np.dtype(code)) for code in
                     ('float64', 'float32', 'float16', 'int64', 'int32', 'bool')]
    return [HistoryBuffer, getattr, _reconstruct, scalar, np.ndarray, np.dtype,
            *dtype_classes]


def weights_only_is_default() -> bool:
    """Whether this torch loads with ``weights_only=True`` unless told otherwise."""
    major, minor = (int(part) for part in torch.__version__.split('.')[:2])
    return (major, minor) >= (2, 6)


class UnsafeCheckpointError(RuntimeError):
    """A checkpoint holds a pickled object outside the allow-list."""


def _safe_load(load, filename: str, *args, **kwargs):
    """``load(filename, ...)`` with the mmengine types allow-listed for this call
    only; a refused type becomes :class:`UnsafeCheckpointError` naming the file."""
    import pickle
    try:
        with torch.serialization.safe_globals(safe_checkpoint_globals()):
            return load(filename, *args, **kwargs)
    except pickle.UnpicklingError as error:
        found = re.search(r'Unsupported global: GLOBAL ([\w.]+)', str(error))
        what = f'an object of type {found.group(1)}' if found else 'a pickled object'
        raise UnsafeCheckpointError(
            f'refused to load checkpoint {filename}: it contains {what}, which is not on '
            'the allow-list of the safe loader (tensors, containers, numpy arrays and '
            "mmengine's HistoryBuffer). Loading it could run arbitrary code. If you "
            'trust the file, allow that type with torch.serialization.add_safe_globals '
            'before loading.') from None


def load_local_checkpoint(filename: str, map_location=None):
    """Load a local checkpoint with torch's safe unpickler.

    Always ``weights_only=True`` (whatever torch's default), so tensors, plain
    containers and the allow-listed mmengine types load, and anything else is
    refused with :class:`UnsafeCheckpointError` naming the file and the type.
    """
    filename = os.path.expanduser(filename)
    if not os.path.isfile(filename):
        raise FileNotFoundError(f'checkpoint file not found: {filename}')
    return _safe_load(torch.load, filename, map_location=map_location, weights_only=True)


def _scope_allow_list_to_mmengine_local_loads() -> None:
    """Wrap (not replace) mmengine's loader for local files in :func:`_safe_load`."""
    from mmengine.runner.checkpoint import CheckpointLoader
    original = CheckpointLoader._schemes['']

    def load_from_local_with_allow_list(filename, map_location=None):
        return _safe_load(original, filename, map_location)

    load_from_local_with_allow_list.__wrapped__ = original
    CheckpointLoader.register_scheme(prefixes='', force=True)(load_from_local_with_allow_list)


def skipped_fixes() -> List[str]:
    """Fix names listed in ``ART_MMACTION_SKIP_FIXES`` (``all`` means every fix)."""
    names = [n.strip() for n in os.environ.get('ART_MMACTION_SKIP_FIXES', '').split(',')]
    if 'all' in names:
        return list(FIXES)
    unknown = sorted(set(filter(None, names)) - set(FIXES))
    if unknown:
        raise ValueError(f'ART_MMACTION_SKIP_FIXES names unknown fixes {unknown}; '
                         f'known: {", ".join(FIXES)} or all')
    return [n for n in names if n]


def _log_once(name: str, message: str) -> None:
    APPLIED[name] = message
    from mmengine.logging import print_log
    print_log(f'art_mmaction.compat: {name}: {message} (opt out: '
              f'ART_MMACTION_SKIP_FIXES={name})', logger='current')


# --------------------------------------------------------------------------- #
FIXES = ('drn', 'multimodal', 'weights_only')


def apply() -> Dict[str, str]:
    """Detect and fix each problem once (unless skipped); return :data:`APPLIED`."""
    skip = skipped_fixes()
    if 'drn' not in APPLIED and 'drn' not in skip and drn_is_missing():
        _install_drn_placeholder()
        _log_once('drn', 'placeholder DRN installed (the PyPI mmaction2 lacks localizers/drn)')
    if 'multimodal' not in APPLIED and 'multimodal' not in skip:
        missing = missing_transformers_names()
        if missing:
            _disable_multimodal(missing)
            APPLIED['multimodal'] = 'disabled: ' + ', '.join(missing)  # warned above
    if 'weights_only' not in APPLIED and 'weights_only' not in skip and \
            weights_only_is_default():
        _scope_allow_list_to_mmengine_local_loads()
        _log_once('weights_only', "mmengine's local checkpoint loads allow-list "
                  'HistoryBuffer and numpy types during the load')
    return APPLIED
