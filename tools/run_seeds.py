"""Train configs over several seeds and report mean and spread of their accuracy.

Used for the synthetic ablation (paper Tables IV-VI style) and the ART vs
baseline comparison:

    python tools/run_seeds.py configs/uniformerv2-tiny_synthetic.py \
        configs/art_uniformerv2-tiny_synthetic.py --seeds 0 1 2 \
        --work-dir work_dirs/seeds --out work_dirs/seeds/results.json

Each (config, seed) trains with ``tools/train.py`` into its own folder; a run whose
``scalars.json`` already covers every epoch is read instead of retrained, so an
interrupted sweep picks up where it stopped. Reported per config: final-epoch
top-1 and mean-class accuracy (mean, sample std, 95% t interval, each seed), the
ART head's top-K hit rate and aggregation entropy when logged, and train time;
for every config after the first, its paired difference to the first config
(same seeds) with the 95% interval of that difference.

With ``--tracking``, every finished run of an ART config is also scored by
``tools/eval_tracking.py`` on its final checkpoint (kept in the run's
``tracking.json``), and the report adds, per config, the pointing game and
temporal consistency of its top-ranked tracklet and of the reference maps;
``--compare A:B`` adds B minus A, paired by seed, for accuracy and tracking.
"""
import argparse
import json
import os
import os.path as osp
import re
import subprocess
import sys
import time

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
sys.path.insert(0, REPO)
from art_mmaction.evaluation.seed_statistics import (format_interval,  # noqa: E402
                                                     mean_interval, paired_difference)
from mmengine.config import Config  # noqa: E402

# validation scalars kept per epoch (absent ones are skipped)
HISTORY_KEYS = dict(top1='acc/top1', mean_class='acc/mean1', topk_hit='art/topk_hit',
                    agg_entropy='art/agg_entropy', agg_max_weight='art/agg_max_weight')


def read_val_history(work_dir: str) -> list:
    """Validation metrics per epoch from the newest run's vis_data/scalars.json."""
    runs = sorted(d for d in os.listdir(work_dir) if osp.isdir(osp.join(work_dir, d))
                  and osp.isfile(osp.join(work_dir, d, 'vis_data', 'scalars.json')))
    if not runs:
        return []
    history = []
    with open(osp.join(work_dir, runs[-1], 'vis_data', 'scalars.json')) as f:
        for line in f:
            record = json.loads(line)
            if 'acc/top1' in record:
                history.append(dict(epoch=record['step'], **{
                    name: record[key] for name, key in HISTORY_KEYS.items() if key in record}))
    return history


def train_once(config: str, seed: int, work_dir: str, epochs: int, extra: list) -> dict:
    done = osp.join(work_dir, 'run.json')
    if osp.isfile(done):
        with open(done) as f:
            return json.load(f)
    os.makedirs(work_dir, exist_ok=True)
    cmd = [sys.executable, osp.join(REPO, 'tools', 'train.py'), config, '--work-dir', work_dir,
           '--seed', str(seed)]
    options = list(extra) + ([f'train_cfg.max_epochs={epochs}'] if epochs else [])
    if options:
        cmd += ['--cfg-options', *options]
    start = time.time()
    with open(osp.join(work_dir, 'train.log'), 'w') as log:
        process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   cwd=REPO, text=True)
        for line in process.stdout:
            log.write(line)
            found = re.search(r'Epoch\(val\) \[(\d+)\].*?acc/top1: ([0-9.]+)', line)
            if found:
                print(f'    epoch {found.group(1):>3s}  val top-1 {100 * float(found.group(2)):5.1f}'
                      f'  ({time.time() - start:.0f} s)', flush=True)
        code = process.wait()
    if code != 0:
        raise RuntimeError(f'training {config} with seed {seed} failed (exit {code}); '
                           f'see {osp.join(work_dir, "train.log")}')
    history = read_val_history(work_dir)
    if not history:
        raise RuntimeError(f'{config} seed {seed}: no validation metrics in {work_dir}')
    run = dict(config=config, seed=seed, train_seconds=time.time() - start,
               final=history[-1], best_top1=max(h['top1'] for h in history), history=history)
    with open(done, 'w') as f:
        json.dump(run, f, indent=1)
    return run


TRACKING_MAPS = ('tracklet_1', 'any_tracklet', 'backbone_map', 'figure_centre', 'uniform')
TRACKING_FIGURES = ('pointing', 'pointing_active', 'mass', 'other_limb_pointing', 'consistency')


def track_once(run: dict, work_dir: str) -> dict:
    """Add the tracking figures of the run's final checkpoint (ART configs only)."""
    if 'tracking' in run:
        return run
    name = osp.splitext(osp.basename(run['config']))[0]
    config = osp.join(work_dir, name + '.py')   # the Runner's dump: overrides applied
    with open(osp.join(work_dir, 'last_checkpoint')) as f:
        checkpoint = f.read().strip()
    if Config.fromfile(config).model.cls_head.type != 'ARTHead':
        return run
    out = osp.join(work_dir, 'tracking.json')
    cmd = [sys.executable, osp.join(REPO, 'tools', 'eval_tracking.py'), config, checkpoint,
           '--out', out]
    with open(osp.join(work_dir, 'tracking.log'), 'w') as log:
        code = subprocess.call(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=REPO)
    if code != 0:
        raise RuntimeError(f'tracking evaluation of {checkpoint} failed (exit {code}); '
                           f'see {osp.join(work_dir, "tracking.log")}')
    with open(out) as f:
        result = json.load(f)
    run['tracking'] = {m: result['maps'][m] for m in TRACKING_MAPS}
    with open(osp.join(work_dir, 'run.json'), 'w') as f:
        json.dump(run, f, indent=1)
    return run


def summarise_tracking(runs: list) -> dict:
    """{map: {figure: interval over seeds}} for runs that have tracking figures."""
    if not runs or not all('tracking' in r for r in runs):
        return {}
    return {m: {f: mean_interval([r['tracking'][m][f] for r in runs])
                for f in TRACKING_FIGURES} for m in TRACKING_MAPS}


def compare(runs_by_config: dict, first: str, second: str) -> dict:
    """``second`` minus ``first``, paired by seed: top-1 and, when both were
    tracked, the top-ranked tracklet's pointing and consistency."""
    a = {r['seed']: r for r in runs_by_config[first]}
    b = {r['seed']: r for r in runs_by_config[second]}
    out = dict(versus=first, top1=paired_difference(
        {s: 100 * r['final']['top1'] for s, r in a.items()},
        {s: 100 * r['final']['top1'] for s, r in b.items()}))
    if all('tracking' in r for r in list(a.values()) + list(b.values())):
        for figure in ('pointing', 'pointing_active', 'consistency'):
            out[figure] = paired_difference(
                {s: r['tracking']['tracklet_1'][figure] for s, r in a.items()},
                {s: r['tracking']['tracklet_1'][figure] for s, r in b.items()})
    return out


def tracking_markdown(tracking: dict) -> str:
    lines = ['| config | map | ' + ' | '.join(TRACKING_FIGURES) + ' |',
             '|---|---|' + '---|' * len(TRACKING_FIGURES)]
    for name, maps in tracking.items():
        for m, figures in maps.items():
            lines.append(f'| {name} | {m} | ' + ' | '.join(
                format_interval(figures[f]) for f in TRACKING_FIGURES) + ' |')
    return '\n'.join(lines)


def summarise(runs: list) -> dict:
    """Per-config statistics over its runs (percent for accuracies and rates)."""
    summary = dict(top1=mean_interval([100 * r['final']['top1'] for r in runs]),
                   mean_class=mean_interval([100 * r['final']['mean_class'] for r in runs]),
                   best_top1=mean_interval([100 * r['best_top1'] for r in runs]),
                   train_seconds=mean_interval([r['train_seconds'] for r in runs]),
                   seeds=[r['seed'] for r in runs])
    for key in ('topk_hit', 'agg_entropy'):
        if all(key in r['final'] for r in runs):
            summary[key] = mean_interval([100 * r['final'][key] for r in runs])
    return summary


def paired_to_first(runs_by_config: dict) -> dict:
    """Top-1 and mean-class of every config minus the first config's, seed by seed."""
    names = list(runs_by_config)
    first = {r['seed']: r for r in runs_by_config[names[0]]}
    pairs = {}
    for name in names[1:]:
        other = {r['seed']: r for r in runs_by_config[name]}
        pairs[name] = {metric: paired_difference(
            {s: 100 * r['final'][metric] for s, r in first.items()},
            {s: 100 * r['final'][metric] for s, r in other.items()})
            for metric in ('top1', 'mean_class')}
        pairs[name]['versus'] = names[0]
    return pairs


def markdown(summary: dict, pairs: dict) -> str:
    lines = ['| config | top-1 (final) | mean-class (final) | paired top-1 vs first | '
             'top-K hit | agg. entropy | train s/run |', '|---|---|---|---|---|---|---|']
    for name, s in summary.items():
        pair = format_interval(pairs[name]['top1']) if name in pairs else '-'
        extra = [format_interval(s[k]) if k in s else '-' for k in ('topk_hit', 'agg_entropy')]
        lines.append(f"| {name} | {format_interval(s['top1'])} | "
                     f"{format_interval(s['mean_class'])} | {pair} | {extra[0]} | {extra[1]} | "
                     f"{s['train_seconds']['mean']:.0f} |")
    return '\n'.join(lines) + '\n(mean ± sample std [95% t interval] over seeds, percent)'


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('configs', nargs='+')
    parser.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    parser.add_argument('--epochs', type=int, default=0, help='override max_epochs (0: keep)')
    parser.add_argument('--work-dir', default='work_dirs/seeds')
    parser.add_argument('--out', default=None, help='JSON file (default: WORK_DIR/results.json)')
    parser.add_argument('--cfg-options', nargs='+', default=[],
                        help='key=value overrides passed to every run')
    parser.add_argument('--tracking', action='store_true',
                        help='also score what the tracklets track (tools/eval_tracking.py)')
    parser.add_argument('--compare', nargs='+', default=[], metavar='A:B',
                        help='also report B minus A paired by seed (config names without .py)')
    args = parser.parse_args()
    for config in args.configs:
        if not osp.isfile(config):
            raise FileNotFoundError(f'config not found: {config}')
    summary, all_runs, by_config = {}, [], {}
    for config in args.configs:
        name = osp.splitext(osp.basename(config))[0]
        runs = []
        for seed in args.seeds:
            print(f'[run_seeds] {name} seed {seed} ...', flush=True)
            run_dir = osp.join(args.work_dir, name, f'seed{seed}')
            run = train_once(config, seed, run_dir, args.epochs, args.cfg_options)
            if args.tracking:
                run = track_once(run, run_dir)
            print(f"[run_seeds] {name} seed {seed}: top-1 {100 * run['final']['top1']:.1f} "
                  f"({run['train_seconds']:.0f} s)", flush=True)
            runs.append(run)
        summary[name] = summarise(runs)
        by_config[name] = runs
        all_runs += runs
    pairs = paired_to_first(by_config) if len(by_config) > 1 else {}
    tracking = {name: t for name, runs in by_config.items() if (t := summarise_tracking(runs))}
    comparisons = {}
    for pair in args.compare:
        first, second = pair.split(':')
        for name in (first, second):
            if name not in by_config:
                raise KeyError(f'--compare {pair}: {name} is not one of {sorted(by_config)}')
        comparisons[f'{second} - {first}'] = compare(by_config, first, second)
    out = args.out or osp.join(args.work_dir, 'results.json')
    os.makedirs(osp.dirname(osp.abspath(out)), exist_ok=True)
    with open(out, 'w') as f:
        json.dump(dict(summary=summary, paired=pairs, tracking=tracking, comparisons=comparisons,
                       runs=all_runs), f, indent=1)
    print(markdown(summary, pairs))
    if tracking:
        print(tracking_markdown(tracking))
    for name, result in comparisons.items():
        print(f'{name}, paired by seed: ' + '; '.join(
            f'{key} {format_interval(value)}' for key, value in result.items()
            if key != 'versus'))
    print(f'[run_seeds] wrote {out}')


if __name__ == '__main__':
    main()
