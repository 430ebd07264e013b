"""Train a recognizer with MMAction2's Runner, with ART's modules registered.

Same arguments as MMAction2's ``tools/train.py``; stock MMAction2 configs work too.
"""
import argparse
import os
import os.path as osp

import art_mmaction  # noqa: F401  (compat fixes + registers ART modules)
from art_mmaction.engine import (amp_optim_wrapper_cfg, apply_cfg_options, apply_thread_count,
                                 check_data_paths, finish_distributed, optim_wrapper_for_device,
                                 prepare_cpu_distributed)
from mmengine.config import Config, DictAction
from mmengine.runner import Runner


def parse_args():
    parser = argparse.ArgumentParser(description='Train an action recognizer')
    parser.add_argument('config', help='train config file path')
    parser.add_argument('--work-dir', help='the dir to save logs and models')
    parser.add_argument(
        '--resume', nargs='?', type=str, const='auto',
        help='resume from this checkpoint; without a path, from the latest '
        'checkpoint in the work dir')
    parser.add_argument('--amp', action='store_true',
                        help='mixed precision: fp16 on CUDA, bfloat16 on CPU')
    parser.add_argument('--no-validate', action='store_true',
                        help='do not evaluate checkpoints during training')
    parser.add_argument('--auto-scale-lr', action='store_true',
                        help='scale the learning rate with the batch size')
    parser.add_argument('--seed', type=int, default=None, help='random seed')
    parser.add_argument('--diff-rank-seed', action='store_true',
                        help='give each rank a different seed')
    parser.add_argument('--deterministic', action='store_true',
                        help='deterministic algorithms where torch has them')
    parser.add_argument(
        '--cfg-options', nargs='+', action=DictAction,
        help='override config keys, e.g. "train_dataloader.batch_size=4"')
    parser.add_argument('--launcher', choices=['none', 'pytorch', 'slurm', 'mpi'],
                        default='none', help='job launcher')
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = parser.parse_args()
    if 'LOCAL_RANK' not in os.environ:
        os.environ['LOCAL_RANK'] = str(args.local_rank)
    return args


def merge_args(cfg, args):
    if args.no_validate:
        cfg.val_cfg = cfg.val_dataloader = cfg.val_evaluator = None
    cfg.launcher = args.launcher
    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir') is None:
        cfg.work_dir = osp.join('./work_dirs', osp.splitext(osp.basename(args.config))[0])
    if args.amp:
        cfg.optim_wrapper = amp_optim_wrapper_cfg(cfg.optim_wrapper)
    cfg.optim_wrapper = optim_wrapper_for_device(cfg.optim_wrapper)
    if args.resume == 'auto':
        cfg.resume, cfg.load_from = True, None
    elif args.resume is not None:
        cfg.resume, cfg.load_from = True, args.resume
    if args.auto_scale_lr:
        cfg.auto_scale_lr.enable = True
    if cfg.get('randomness') is None:
        cfg.randomness = dict(seed=args.seed, diff_rank_seed=args.diff_rank_seed,
                              deterministic=args.deterministic)
    else:
        if args.seed is not None:
            cfg.randomness.seed = args.seed
        if args.deterministic:
            cfg.randomness.deterministic = True
        if args.diff_rank_seed:
            cfg.randomness.diff_rank_seed = True
    if args.cfg_options is not None:
        apply_cfg_options(cfg, args.cfg_options, args.config)
    return cfg


def main():
    args = parse_args()
    cfg = merge_args(Config.fromfile(args.config), args)
    check_data_paths(cfg, splits=('train',) if args.no_validate else ('train', 'val'))
    prepare_cpu_distributed(cfg)
    apply_thread_count(cfg)
    runner = Runner.from_cfg(cfg)
    runner.train()
    del runner  # the DDP wrapper holds the process group
    finish_distributed()


if __name__ == '__main__':
    main()
