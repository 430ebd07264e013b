"""Test a trained recognizer with MMAction2's Runner, with ART's modules registered.

Same arguments as MMAction2's ``tools/test.py``.
"""
import argparse
import os
import os.path as osp

import art_mmaction  # noqa: F401  (compat fixes + registers ART modules)
from art_mmaction.engine import (apply_cfg_options, apply_thread_count, check_data_paths,
                                 finish_distributed, prepare_cpu_distributed)
from mmengine.config import Config, DictAction
from mmengine.runner import Runner


def parse_args():
    parser = argparse.ArgumentParser(description='Test (and eval) a recognizer')
    parser.add_argument('config', help='test config file path')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument('--work-dir', help='the dir to save the evaluation metrics')
    parser.add_argument('--dump', type=str,
                        help='dump predictions to a pickle file for offline evaluation')
    parser.add_argument(
        '--cfg-options', nargs='+', action=DictAction,
        help='override config keys, e.g. "test_dataloader.batch_size=4"')
    parser.add_argument('--show-dir', help='directory for visualised results')
    parser.add_argument('--show', action='store_true', help='show results')
    parser.add_argument('--interval', type=int, default=1,
                        help='visualise every n-th sample')
    parser.add_argument('--wait-time', type=float, default=2,
                        help='seconds each visualised sample is shown')
    parser.add_argument('--launcher', choices=['none', 'pytorch', 'slurm', 'mpi'],
                        default='none', help='job launcher')
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = parser.parse_args()
    if 'LOCAL_RANK' not in os.environ:
        os.environ['LOCAL_RANK'] = str(args.local_rank)
    return args


def merge_args(cfg, args):
    if args.show or args.show_dir:
        visualization = cfg.default_hooks.setdefault(
            'visualization', dict(type='VisualizationHook'))
        visualization.update(enable=True, show=args.show, wait_time=args.wait_time,
                             out_dir=args.show_dir, interval=args.interval)
    if args.dump is not None:
        if not args.dump.endswith(('.pkl', '.pickle')):
            raise ValueError(f'--dump must end with .pkl or .pickle, got {args.dump}')
        dump_metric = dict(type='DumpResults', out_file_path=args.dump)
        evaluators = cfg.test_evaluator
        cfg.test_evaluator = (list(evaluators) if isinstance(evaluators, (list, tuple))
                              else [evaluators]) + [dump_metric]
    return cfg


def main():
    args = parse_args()
    cfg = Config.fromfile(args.config)
    cfg.launcher = args.launcher
    if args.cfg_options is not None:
        apply_cfg_options(cfg, args.cfg_options, args.config)
    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir') is None:
        cfg.work_dir = osp.join('./work_dirs', osp.splitext(osp.basename(args.config))[0])
    if not osp.isfile(args.checkpoint):
        raise FileNotFoundError(f'checkpoint file not found: {args.checkpoint}')
    cfg.load_from = args.checkpoint
    cfg = merge_args(cfg, args)
    check_data_paths(cfg, splits=('test',))
    prepare_cpu_distributed(cfg)
    apply_thread_count(cfg)
    runner = Runner.from_cfg(cfg)
    runner.test()
    del runner  # the DDP wrapper holds the process group
    finish_distributed()


if __name__ == '__main__':
    main()
