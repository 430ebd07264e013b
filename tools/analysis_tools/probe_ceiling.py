"""The ceiling of a linear probe on a frozen backbone: L-BFGS logistic regression.

    python tools/analysis_tools/probe_ceiling.py configs/i3d-inception-k400-pre_synthetic.py \
        [--weight-decays 1e-4 1e-3 1e-2 1e-1 1] [--out ceiling.json] [--cfg-options k=v ...]
    python tools/analysis_tools/probe_ceiling.py configs/art_i3d-inception-k400-pre_synthetic.py --time-ordered

Extracts the backbone's global feature of every train, val and test clip (the
config's own pipelines and weights; a ``FrozenFeatureCache`` backbone reads its
cache), standardises them with the training statistics, fits a multinomial
logistic regression to convergence for each L2 weight, chooses the weight on
val and reports its test top-1. A probe trained by the config's schedule can
then be said to be so many points from the best a linear probe on these
features reaches. ``--out`` records the fit with the commit it ran at, the
``--cfg-options`` given and the clips and features of every split;
``tools/analysis_tools/results_tables.py --ceilings`` makes the table from such records.
"""
import argparse
import json
import os
import os.path as osp

import art_mmaction  # noqa: F401  (compat fixes + registers ART modules)
from art_mmaction.apis import extract_features, init_frozen_recognizer, probe_ceiling
from art_mmaction.engine import apply_thread_count, load_config
from mmengine.config import DictAction
from run_seeds import code_provenance


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('config', help='a config whose backbone gives the frozen features')
    parser.add_argument('--checkpoint', help='a trained checkpoint of this config (default: '
                        "the config's own init_cfg, e.g. its pretrained backbone)")
    parser.add_argument('--weight-decays', type=float, nargs='+',
                        default=[1e-4, 1e-3, 1e-2, 1e-1, 1.0])
    parser.add_argument('--time-ordered', action='store_true',
                        help='fit on [x_cls; each token frame pooled over space] instead of x_cls')
    parser.add_argument('--batch-size', type=int, default=8)
    parser.add_argument('--out', help='write the result to this JSON file')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    return parser.parse_args()


def main():
    args = parse_args()
    cfg = load_config(args.config, args.cfg_options)
    apply_thread_count(cfg)
    model = init_frozen_recognizer(cfg, args.checkpoint)
    splits = {}
    for split in ('train', 'val', 'test'):
        dataset = dict(cfg[f'{split}_dataloader'].dataset, test_mode=True,
                       pipeline=cfg.val_dataloader.dataset.pipeline)
        splits[split] = extract_features(model, dataset, args.batch_size,
                                         time_ordered=args.time_ordered, progress=True)
        print(f"\n{split}: {len(splits[split]['labels'])} clips, "
              f"{splits[split]['features'].shape[1]} features", flush=True)
    result = probe_ceiling(splits['train'], splits['val'], splits['test'],
                           cfg.model.cls_head.num_classes, args.weight_decays)
    for decay, figures in result['grid'].items():
        print(f"  weight decay {decay}: train top-1 {100 * figures['train_top1']:.1f}, "
              f"val top-1 {100 * figures['val_top1']:.1f}")
    print(f"chosen on val: weight decay {result['chosen_weight_decay']}; "
          f"test top-1 {100 * result['test_top1']:.1f}")
    if args.out:
        os.makedirs(osp.dirname(osp.abspath(args.out)), exist_ok=True)
        with open(args.out, 'w') as f:
            json.dump(dict(result, config=args.config,
                           features='time-ordered' if args.time_ordered else 'global',
                           cfg_options=[f'{k}={v}' for k, v in (args.cfg_options or {}).items()],
                           clips={s: len(splits[s]['labels']) for s in splits},
                           num_features=int(splits['train']['features'].shape[1]),
                           **code_provenance()), f, indent=1)


if __name__ == '__main__':
    main()
