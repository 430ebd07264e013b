"""ART (Action-Region Tracking) for MMAction2.

Importing this package first makes the PyPI MMAction2 1.2.0 importable on current
PyTorch (see :mod:`art_mmaction.compat`), then registers every ART module in
MMAction2's registries (``default_scope='mmaction'``). Configs pull it in with
``custom_imports = dict(imports=['art_mmaction'])``.
"""
from . import compat

compat.apply()

import mmaction.models  # noqa: E402,F401  (fills MMAction2's registries)

from . import datasets, engine, evaluation, models  # noqa: E402,F401
from .version import __version__  # noqa: E402

__all__ = ['__version__', 'compat', 'datasets', 'engine', 'evaluation', 'models']
