"""Measure what ART's tracklets track: pointing game against the limb that acts.

    python tools/analysis_tools/eval_tracking.py CONFIG CHECKPOINT [--out tracking.json]
        [--max-clips N] [--cfg-options k=v ...]

On the validation (default) or test split of the config (a synthetic dataset
with ``.regions.json`` side files, see ``art_mmaction.datasets.synthetic``),
for every sampled frame:
does the peak of each tracklet's response map fall on the discriminative limb
(pointing), how much of the map's mass lies on it, and does each tracklet's
peak stay on the same kind of region (limb / rest of the figure / background)
between adjacent token frames. Beside the tracklets, the same figures for four
references: the cell under the athlete's body centre (a tracker that knows where
the athlete is), the cell with the most frame-to-frame change (motion energy, no
learning), the backbone's own map (class activation map, or feature norm when
the tokens and the global classifier differ in width) and a uniform map
(chance). Token positions follow the backbone's strides and padding.
"""
import argparse
import json
import os
import os.path as osp

import art_mmaction  # noqa: F401  (compat fixes + registers ART modules)
from art_mmaction.apis import evaluate_tracking, init_checked_recognizer
from art_mmaction.engine import apply_thread_count, load_config
from mmengine.config import DictAction

COLUMNS = ('pointing', 'pointing_active', 'mass', 'mass_active', 'other_limb_pointing',
           'consistency')


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('config', help='the config the checkpoint was trained with')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument('--out', help='write the figures to this JSON file')
    parser.add_argument('--split', choices=['val', 'test'], default='val',
                        help='which split to score (val to choose, test to report)')
    parser.add_argument('--max-clips', type=int, default=None,
                        help='evaluate only the first N clips of the split')
    parser.add_argument('--batch-size', type=int, default=8)
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    return parser.parse_args()


def table(result: dict) -> str:
    lines = ['| map | ' + ' | '.join(COLUMNS) + ' |', '|---' * (len(COLUMNS) + 1) + '|']
    for name, figures in result['maps'].items():
        lines.append(f'| {name} | ' + ' | '.join(f'{figures[c]:.1f}' for c in COLUMNS) + ' |')
    return '\n'.join(lines)


def main():
    args = parse_args()
    cfg = load_config(args.config, args.cfg_options)
    apply_thread_count(cfg)
    model = init_checked_recognizer(cfg, args.checkpoint, device=args.device)
    dataset = cfg[f'{args.split}_dataloader'].dataset
    if args.split == 'test':  # one view a clip, as the validation pipeline makes
        dataset = dict(dataset, pipeline=cfg.val_dataloader.dataset.pipeline)
    result = evaluate_tracking(model, dataset, args.batch_size, args.max_clips, progress=True)
    result.update(config=args.config, checkpoint=args.checkpoint, split=args.split)
    print(f"\n{result['num_clips']} {args.split} clips, {result['input_frames']} frames -> "
          f"{result['token_frames']} token frames of {result['grid'][0]}x{result['grid'][1]} "
          f"cells (centres from the {result['geometry']}: frames {result['frame_centres']}); "
          f"top-1 {result['top1']:.1f}%; backbone map: {result['backbone_map_kind']}")
    print(table(result))
    print('(percent; pointing: peak cell on the limb box; *_active: frames inside the '
          'action window; consistency: adjacent token frames peak on the same kind of region)')
    if args.out:
        os.makedirs(osp.dirname(osp.abspath(args.out)), exist_ok=True)
        with open(args.out, 'w') as f:
            json.dump(result, f, indent=1)
        print(f'wrote {args.out}')


if __name__ == '__main__':
    main()
