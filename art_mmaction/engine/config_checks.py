"""Early, explicit checks of a config before the Runner starts, and
``--cfg-options`` that reach every key a top-level variable was written into."""
import os.path as osp
from typing import Iterable, Iterator, List, Optional, Tuple

from mmengine.config import Config
from mmengine.logging import print_log

# Top-level keys that mmengine's Runner (or our tools) read themselves. Any other
# top-level key is a variable: mmengine substituted its value into the keys that
# used it when the file was parsed, so changing it later changes nothing else.
RUNNER_KEYS = frozenset({
    'model', 'work_dir', 'train_dataloader', 'val_dataloader', 'test_dataloader',
    'train_cfg', 'val_cfg', 'test_cfg', 'auto_scale_lr', 'optim_wrapper', 'param_scheduler',
    'val_evaluator', 'test_evaluator', 'default_hooks', 'custom_hooks', 'data_preprocessor',
    'load_from', 'resume', 'launcher', 'env_cfg', 'log_processor', 'log_level', 'visualizer',
    'default_scope', 'randomness', 'experiment_name', 'cfg'})
# Top-level keys our tools read themselves (not only substituted elsewhere).
OWN_KEYS = frozenset({'custom_imports', 'num_threads', 'class_names_file'})


def _datasets(dataset_cfg):
    """The leaf dataset configs under dataset wrappers (Repeat/Concat...)."""
    if dataset_cfg is None:
        return
    if 'datasets' in dataset_cfg:
        for child in dataset_cfg['datasets']:
            yield from _datasets(child)
    elif 'dataset' in dataset_cfg:
        yield from _datasets(dataset_cfg['dataset'])
    else:
        yield dataset_cfg


def check_data_paths(cfg: Config, splits: Iterable[str] = ('train', 'val')) -> None:
    """Raise ``FileNotFoundError`` naming the config key and the path when an
    annotation file or a data folder of a split's dataloader does not exist.

    Only local paths are checked; URLs and other backends are left to the
    dataset.
    """
    for split in splits:
        loader = cfg.get(f'{split}_dataloader')
        if not loader:
            continue
        for index, dataset in enumerate(_datasets(loader.get('dataset'))):
            where = f'{split}_dataloader.dataset' + (f'[{index}]' if index else '')
            data_root = dataset.get('data_root') or ''
            ann_file = dataset.get('ann_file')
            if ann_file and '://' not in ann_file:
                path = osp.join(data_root, ann_file)
                if not osp.isfile(path):
                    raise FileNotFoundError(
                        f'{where}.ann_file: annotation file not found: {path}')
            for key, folder in (dataset.get('data_prefix') or {}).items():
                if folder and '://' not in folder:
                    path = osp.join(data_root, folder)
                    if not osp.isdir(path):
                        raise FileNotFoundError(
                            f'{where}.data_prefix.{key}: data folder not found: {path}')


def check_cfg_options(cfg: Config, options: dict, config_path: str) -> None:
    """Refuse ``--cfg-options`` whose top-level key is not in the config.

    A nested typo (``model.backbone.widht``) is caught when the module is built,
    with the constructor naming the argument; a top-level typo
    (``train_dataloder.batch_size``) would otherwise be ignored silently.
    """
    for key in options or {}:
        top = key.split('.')[0]
        if top not in cfg:
            raise KeyError(
                f'--cfg-options: unknown config key "{key}": "{top}" is not in '
                f'{config_path}')


def _leaves(node, path: str = '') -> Iterator[Tuple[object, object, str]]:
    """(container, key, dotted path) of every value inside dicts and lists that is
    neither a dict nor a list."""
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        if isinstance(node, dict):
            where = f'{path}.{key}' if path else str(key)
        else:
            where = f'{path}[{key}]'
        if isinstance(value, (dict, list)):
            yield from _leaves(value, where)
        else:
            yield node, key, where


def apply_cfg_options(cfg: Config, options: dict, config_path: str) -> List[str]:
    """Merge ``--cfg-options`` into ``cfg`` so that they do what they say.

    * Keys are checked with :func:`check_cfg_options`.
    * A top-level string variable (``synthetic_root``, ``data_root``,
      ``ann_file_train``, ``text_bank_file`` ...) is also written into every
      string of the config that held its old value or starts with it as a folder
      (``data/synthetic/videos`` follows ``synthetic_root``), and each rewritten
      key is logged: mmengine substituted the variable when it parsed the file.
    * Any other top-level variable (``num_classes=16``, ``max_epochs=5``) is
      refused with a ``KeyError`` naming the keys that hold its current value,
      since which of them came from the variable cannot be told afterwards.

    Returns:
        list: the dotted keys rewritten by propagation.
    """
    check_cfg_options(cfg, options, config_path)
    rewritten = []
    for key, value in (options or {}).items():
        if '.' in key or key in RUNNER_KEYS:
            continue
        old = cfg.get(key)
        if isinstance(old, str) and isinstance(value, str) and old:
            for container, leaf, where in list(_leaves(cfg._cfg_dict)):
                text = container[leaf]
                if where == key or not isinstance(text, str):
                    continue
                if text == old or text.startswith(old.rstrip('/') + '/'):
                    container[leaf] = value + text[len(old):]
                    rewritten.append(where)
            cfg[key] = value
            continue
        if key in OWN_KEYS:
            continue
        holders = [where for container, leaf, where in _leaves(cfg._cfg_dict)
                   if type(container[leaf]) is type(old) and container[leaf] == old
                   and where.split('.')[0].split('[')[0] in RUNNER_KEYS]
        raise KeyError(
            f'--cfg-options {key}={value!r}: "{key}" is a variable of {config_path} that '
            'was already substituted into the keys that use it, so changing it alone would '
            'change nothing. Set those keys instead' +
            (f'; keys holding its current value {old!r}: {", ".join(holders[:12])}'
             if holders else '') + '.')
    cfg.merge_from_dict({k: v for k, v in (options or {}).items()
                         if '.' in k or k in RUNNER_KEYS or k in OWN_KEYS})
    if rewritten:
        print_log('--cfg-options: also set, from the top-level variables given: ' +
                  ', '.join(rewritten), logger='current')
    return rewritten


def load_config(path: str, options: Optional[dict] = None) -> Config:
    """``Config.fromfile(path)`` with ``--cfg-options`` merged by :func:`apply_cfg_options`."""
    cfg = Config.fromfile(path)
    if options:
        apply_cfg_options(cfg, options, path)
    return cfg
