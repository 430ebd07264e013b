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
            run = train_once(config, seed, osp.join(args.work_dir, name, f'seed{seed}'),
                             args.epochs, args.cfg_options)
            print(f"[run_seeds] {name} seed {seed}: top-1 {100 * run['final']['top1']:.1f} "
                  f"({run['train_seconds']:.0f} s)", flush=True)
            runs.append(run)
        summary[name] = summarise(runs)
        by_config[name] = runs
        all_runs += runs
    pairs = paired_to_first(by_config) if len(by_config) > 1 else {}
    out = args.out or osp.join(args.work_dir, 'results.json')
    os.makedirs(osp.dirname(osp.abspath(out)), exist_ok=True)
    with open(out, 'w') as f:
        json.dump(dict(summary=summary, paired=pairs, runs=all_runs), f, indent=1)
    print(markdown(summary, pairs))
    print(f'[run_seeds] wrote {out}')


if __name__ == '__main__':
    main()
