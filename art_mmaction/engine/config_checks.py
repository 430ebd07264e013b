"""Early, explicit checks of a config before the Runner starts."""
import os.path as osp
from typing import Iterable

from mmengine.config import Config


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
