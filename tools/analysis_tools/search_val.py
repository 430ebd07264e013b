"""Choose a setting on the validation split: a small grid, stated before running.

    python tools/analysis_tools/search_val.py configs/art-paper_i3d-inception-k400-pre_synthetic.py \\
        --space model.cls_head.loss_mtc.loss_weight=1.0,0.3,0.1 \\
                model.cls_head.loss_mtc.temperature=0.1,0.5 \\
        --seeds 0 1 --budget 12 --work-dir work_dirs/search_mtc

The grid is the product of the listed values; list the config's own value first,
so the default competes and wins ties. Keys joined by ``+`` vary together, one
parenthesised value per key: a schedule of another length moves its scheduler's
end with it, ``train_cfg.max_epochs+param_scheduler.1.end+param_scheduler.1.T_max=(20,20,18),(40,40,38)``. Each (setting, seed) is trained with
``tools/train.py`` and validated on val; the test split is never scored here.
``--budget`` is the number of runs (settings x seeds) you allow: a grid that
needs more is refused before anything trains, so the budget is the one stated.

Settings are ranked by their mean final val top-1 over the seeds (the final
checkpoint is what a report tests); ties go to the setting that comes first in
grid order. Also reported per setting: the paired difference to the first setting
(same seeds), and the mean val curve over the validated epochs, whose last step
says whether training had flattened. ``WORK_DIR/search.json`` records the space,
seeds, budget, commit and the chosen overrides. Runs go to
``WORK_DIR/<setting>/<config>/seed<N>``, so the ``tools/analysis_tools/run_seeds.py`` command
printed last (``--work-dir WORK_DIR/<chosen setting>``, the chosen overrides)
reuses the chosen setting's runs (same code, config and seed), scores them on
test, and trains only the seeds the search did not.

``--plan PLAN.json`` takes the config, space, seeds, budget, overrides and work
dir from a committed plan file that also states the question and the decision
rule (see ``run_seeds.load_plan``); its path and commit go into ``search.json``
and every run.

Runs are tied to their code like ``run_seeds.py``'s: a run is reused only when
its commit (or one with the same code), config hash, overrides and seed match.
"""
import argparse
import itertools
import json
import os
import os.path as osp
import re
import shlex
import sys

sys.path.insert(0, osp.dirname(osp.abspath(__file__)))
import run_seeds  # noqa: E402  (also puts the repository on sys.path)
from art_mmaction.evaluation.seed_statistics import (format_interval,  # noqa: E402
                                                     mean_interval, paired_difference)


def split_values(text: str) -> list:
    """'1e-3,(1, 2),[3,4]' -> ['1e-3', '(1, 2)', '[3,4]']: commas inside
    brackets or quotes belong to the value."""
    values, depth, quote, start = [], 0, None, 0
    for i, char in enumerate(text):
        if quote:
            quote = None if char == quote else quote
        elif char in '\'"':
            quote = char
        elif char in '([{':
            depth += 1
        elif char in ')]}':
            depth -= 1
        elif char == ',' and depth == 0:
            values.append(text[start:i].strip())
            start = i + 1
    values.append(text[start:].strip())
    if depth or quote or not all(values):
        raise ValueError(f'--space value list {text!r}: unbalanced brackets or quotes, '
                         'or an empty value')
    return values


def parse_space(entries: list) -> list:
    """The search axes: ['k1=a,b', 'k2+k3=(c,d),(e,f)'] ->
    [(('k1',), [('a',), ('b',)]), (('k2', 'k3'), [('c', 'd'), ('e', 'f')])].

    Keys joined by '+' vary together (a schedule's length and its scheduler's end),
    each value then a tuple with one entry per key."""
    space, seen = [], set()
    for entry in entries:
        key, sep, values = entry.partition('=')
        if not sep or not key or not values:
            raise ValueError(f'--space entry {entry!r} is not KEY=V1,V2,...')
        keys = tuple(key.split('+'))
        if twice := seen & set(keys):
            raise ValueError(f'--space names {sorted(twice)} twice')
        seen |= set(keys)
        axis = []
        for value in split_values(values):
            if len(keys) == 1:
                axis.append((value,))
                continue
            parts = split_values(value[1:-1]) if value[0] + value[-1] == '()' else [value]
            if len(parts) != len(keys):
                raise ValueError(f'--space {key}: value {value!r} needs one entry per key, '
                                 f'({len(keys)} in parentheses)')
            axis.append(tuple(parts))
        space.append((keys, axis))
    return space


def grid(space: list) -> list:
    """Every setting as a list of 'key=value' overrides, in grid order (the first
    axis varies slowest)."""
    return [[f'{k}={v}' for (keys, _), values in zip(space, combo)
             for k, v in zip(keys, values)]
            for combo in itertools.product(*[axis for _, axis in space])]


def setting_name(setting: list) -> str:
    """A folder name for a setting: each key's last part and its value."""
    name = '_'.join(f"{o.split('=', 1)[0].split('.')[-1]}={o.split('=', 1)[1]}"
                    for o in setting)
    return re.sub(r'[^A-Za-z0-9._=-]+', '-', name)[:150] or 'default'


def rank(settings: list) -> int:
    """Index of the setting with the highest mean final val top-1 (first on ties)."""
    means = [s['val_top1']['mean'] for s in settings]
    return means.index(max(means))


def val_curve(runs: list) -> list:
    """[(epoch, mean val top-1 %)] over the epochs every run validated."""
    epochs = sorted(set.intersection(*({h['epoch'] for h in r['history']} for r in runs)))
    return [(e, sum(100 * h['top1'] for r in runs for h in r['history'] if h['epoch'] == e)
             / len(runs)) for e in epochs]


def summarise_setting(setting: list, runs: list) -> dict:
    return dict(overrides=setting, seeds=[r['seed'] for r in runs],
                val_top1=mean_interval([100 * r['final']['top1'] for r in runs]),
                val_mean_class=mean_interval([100 * r['final']['mean_class'] for r in runs]),
                curve=val_curve(runs),
                train_seconds=mean_interval([r['train_seconds'] for r in runs]))


def markdown(settings: list, runs_by_setting: list, chosen: int) -> str:
    lines = ['| setting | val top-1 (per seed) | minus first, paired | val curve (epoch: top-1) |',
             '|---|---|---|---|']
    first = {r['seed']: 100 * r['final']['top1'] for r in runs_by_setting[0]}
    for i, (s, runs) in enumerate(zip(settings, runs_by_setting)):
        values = ', '.join(f'{v:.1f}' for v in s['val_top1']['values'])
        pair = '-' if i == 0 else format_interval(paired_difference(
            first, {r['seed']: 100 * r['final']['top1'] for r in runs}))
        curve = ', '.join(f'{e}: {v:.1f}' for e, v in s['curve'])
        mark = ' **(chosen)**' if i == chosen else ''
        lines.append(f"| `{' '.join(s['overrides'])}`{mark} | "
                     f"{format_interval(s['val_top1'])} ({values}) | {pair} | {curve} |")
    return '\n'.join(lines) + '\n(validation split only; mean ± sample std [95% t interval])'


PLAN_ARGUMENTS = dict(config=(None, 'value'), space=('--space', 'list'),
                      seeds=('--seeds', 'list'), budget=('--budget', 'value'),
                      work_dir=('--work-dir', 'value'), cfg_options=('--cfg-options', 'list'))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--plan', help='a committed plan file that fixes the search')
    parser.add_argument('config')
    parser.add_argument('--space', nargs='+', required=True, metavar='KEY=V1,V2',
                        help='the values to try per key; the grid is their product')
    parser.add_argument('--seeds', type=int, nargs='+', default=[0, 1])
    parser.add_argument('--budget', type=int, required=True,
                        help='most runs (settings x seeds) allowed; checked before training')
    parser.add_argument('--work-dir', required=True)
    parser.add_argument('--cfg-options', nargs='+', default=[],
                        help='key=value overrides for every setting (data paths ...); '
                        "{seed} in one is replaced by the run's seed")
    parser.add_argument('--reuse-stale', action='store_true',
                        help='reuse finished runs whose record differs from what would run now')
    args = run_seeds.parse_with_plan(parser, PLAN_ARGUMENTS)
    if not osp.isfile(args.config):
        raise FileNotFoundError(f'config not found: {args.config}')
    if len(set(args.seeds)) != len(args.seeds):
        raise ValueError(f'--seeds repeats a seed: {args.seeds}')
    space = parse_space(args.space)
    base_keys = {o.partition('=')[0] for o in args.cfg_options}
    if clash := base_keys & {key for keys, _ in space for key in keys}:
        raise ValueError(f'{sorted(clash)} are both searched (--space) and fixed (--cfg-options)')
    settings = grid(space)
    runs_needed = len(settings) * len(args.seeds)
    print(f'[search_val] {len(settings)} settings x {len(args.seeds)} seeds = {runs_needed} runs '
          f'(budget {args.budget})', flush=True)
    if runs_needed > args.budget:
        raise SystemExit(f'the grid needs {runs_needed} runs, over the stated budget of '
                         f'{args.budget}: narrow --space or --seeds, or state a larger budget')
    code = run_seeds.code_provenance()
    name = osp.splitext(osp.basename(args.config))[0]
    summaries, runs_by_setting = [], []
    for setting in settings:
        options = list(args.cfg_options) + setting
        runs = []
        for seed in args.seeds:
            print(f"[search_val] {' '.join(setting)} seed {seed} ...", flush=True)
            run_dir = osp.join(args.work_dir, setting_name(setting), name, f'seed{seed}')
            seed_options = run_seeds.options_for_seed(options, seed)
            planned = dict(config=args.config, seed=seed, overrides=seed_options,
                           config_hash=run_seeds.config_hash(args.config, seed_options),
                           sweep_seeds=list(args.seeds), **code)
            if args.plan:
                planned['plan'] = args.plan
            runs.append(run_seeds.train_once(args.config, seed, run_dir, seed_options, planned,
                                             args.reuse_stale, score_test=False))
        summaries.append(summarise_setting(setting, runs))
        runs_by_setting.append(runs)
    chosen = rank(summaries)
    out = osp.join(args.work_dir, 'search.json')
    os.makedirs(args.work_dir, exist_ok=True)
    with open(out, 'w') as f:
        json.dump(dict(config=args.config, space={'+'.join(k): v for k, v in space},
                       seeds=args.seeds, plan=args.plan,
                       budget=args.budget, base_overrides=args.cfg_options, **code,
                       settings=summaries, chosen=summaries[chosen]['overrides'],
                       runs=[r for runs in runs_by_setting for r in runs]), f, indent=1)
    print(markdown(summaries, runs_by_setting, chosen))
    print(f'[search_val] wrote {out}')
    options = list(args.cfg_options) + summaries[chosen]['overrides']
    print(f'chosen: python tools/analysis_tools/run_seeds.py {args.config} --seeds SEEDS --work-dir '
          f"{osp.join(args.work_dir, setting_name(summaries[chosen]['overrides']))} "
          f'--cfg-options {shlex.join(options)}')


if __name__ == '__main__':
    main()
