"""Train configs over a fixed set of seeds; report held-out test accuracy with intervals.

    python tools/analysis_tools/run_seeds.py configs/uniformerv2-tiny_synthetic.py \
        configs/art_uniformerv2-tiny_synthetic.py --seeds 0 1 2 3 4 \
        --work-dir work_dirs/seeds [--tracking] [--compare A:B ...]

The protocol: the validation split chooses (epochs, learning rates, variants),
the test split only reports. Each (config, seed) trains with ``tools/train.py``
into ``WORK_DIR/<config>/seed<N>`` (validating on val), then its final
checkpoint is scored once with ``tools/test.py`` on the test split. The report
gives, per config, test top-1 and mean-class accuracy (mean, sample std, 95% t
interval over seeds) as the headline, final validation accuracy beside them,
the ART head's top-K hit rate and aggregation entropy on test, and train time;
for every config after the first, its paired difference to the first (same
seeds) with the 95% interval of that difference.

Seeds are fixed before running: every run records the seed list of the sweep
that trained it. When a config's seeds were not all declared in one sweep (seeds
added after seeing results), a paired difference whose interval clears 0 only
with the added seeds is reported as not settled.

Provenance: each ``run.json`` records the commit and whether the tree had
uncommitted changes, a hash of the full config after the overrides, the
overrides and the seed. A finished run is reused only when its record equals
what would run now (a commit that changed no code, only documentation, counts
as equal: see ``CODE_PATHS``); otherwise it is re-trained (the old folder is kept beside
it, renamed ``.stale-N``) and the reason is printed. ``--reuse-stale`` reuses it
anyway and marks it in the output and in ``results.json``.

An override may hold ``{seed}``, replaced by each run's seed (and recorded so):
``train_dataloader.dataset.subset_seed={seed}`` trains every seed on its own draw of
clips and every config on the same draw for the same seed.

Pre-registered sweeps: ``--plan PLAN.json`` takes the configs, seeds, overrides,
comparisons, tracking flag and work dir from a plan file instead of the command
line. The plan also states the question and the decision rule, and must be
committed, unchanged since, before the sweep runs; its path and commit are
recorded in every run and in ``results.json``, and ``tools/analysis_tools/results_tables.py``
prints them under each table. See :func:`load_plan`. A plan may pin its configs'
full text (``config_hashes``, as ``--print-hashes`` prints them): the sweep then
refuses a config file whose content changed after the plan was written.

With ``--tracking``, every ART run is also scored by ``tools/analysis_tools/eval_tracking.py``
on the validation and the test split: the pointing game of its tracklets and of
references. One guess is compared with one guess: per config, the single
tracklet whose index points best on validation (``chosen_tracklet``) against
each single-map reference (body centre, motion energy, the backbone's own map,
uniform chance); the union of the K tracklets (``any_tracklet``, a hit when any
hits) only against the union of two references (body centre or motion energy),
each paired seed by seed on test. ``--compare
A:B`` adds B minus A, paired by seed, for accuracy and tracking.
Tables for the documentation: ``tools/analysis_tools/results_tables.py WORK_DIR/results.json``.
"""
import argparse
import hashlib
import json
import os
import os.path as osp
import re
import subprocess
import sys
import time

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
sys.path.insert(0, REPO)
from art_mmaction.evaluation.seed_statistics import (format_interval,  # noqa: E402
                                                     mean_interval, paired_difference)
from mmengine.config import Config, DictAction  # noqa: E402

# validation scalars kept per epoch (absent ones are skipped)
HISTORY_KEYS = dict(top1='acc/top1', mean_class='acc/mean1', topk_hit='art/topk_hit',
                    agg_entropy='art/agg_entropy', agg_max_weight='art/agg_max_weight')
TRACKING_MAPS = ('tracklet_1', 'any_tracklet', 'body_centre', 'motion_energy', 'backbone_map',
                 'uniform')
# one guess against one guess, K guesses against as many
SINGLE_REFERENCES = ('body_centre', 'motion_energy', 'backbone_map', 'uniform')
UNION_REFERENCE = 'body_or_motion'
TRACKING_FIGURES = ('pointing', 'pointing_active', 'mass', 'other_limb_pointing', 'consistency')
PROVENANCE_KEYS = ('commit', 'dirty', 'config_hash', 'overrides', 'seed')


def git(*args) -> str:
    return subprocess.run(['git', *args], cwd=REPO, capture_output=True, text=True,
                          check=True).stdout.strip()


def code_provenance() -> dict:
    """The commit checked out and whether tracked files differ from it (None
    outside a git checkout)."""
    try:
        return dict(commit=git('rev-parse', 'HEAD'),
                    dirty=bool(git('status', '--porcelain', '--untracked-files=no')))
    except (OSError, subprocess.CalledProcessError):
        return dict(commit=None, dirty=None)


# What a run's result depends on besides its config: the package, the configs, the
# tools and the pinned versions. A commit that changes none of them (documentation)
# keeps earlier runs fresh.
CODE_PATHS = ('art_mmaction', 'configs', 'tools', 'setup.py', 'requirements.txt',
              'constraints.txt')


def code_version(commit: str):
    """The git object ids of :data:`CODE_PATHS` at ``commit`` (None if unknown)."""
    if not commit:
        return None
    try:
        return ' '.join(git('rev-parse', *[f'{commit}:{path}' for path in CODE_PATHS]).split())
    except (OSError, subprocess.CalledProcessError):
        return None


def same_code(commit_a: str, commit_b: str) -> bool:
    """Whether two commits hold the same code (:data:`CODE_PATHS`)."""
    version = code_version(commit_a)
    return version is not None and version == code_version(commit_b)


# What a plan must state besides the arguments it fixes.
PLAN_STATEMENTS = ('question', 'decision_rule')


def load_plan(path: str, arguments: dict) -> tuple:
    """A committed plan file, as command-line arguments and its provenance.

    A plan is a JSON object: ``question`` and ``decision_rule`` (text, what the
    sweep answers and how its result will be read, both written before it runs)
    and the values of the tool's arguments, keyed by ``arguments`` (plan key ->
    (flag, kind), flag None for the positional one; kinds 'list', 'value',
    'flag'). ``budget_note`` and ``comment`` are kept for the reader, not used.

    Refused, before anything trains: a file git does not track, one with
    uncommitted changes, a key that is no argument, a missing statement.

    Returns:
        tuple: (argv list, dict(file=path relative to the repository,
        commit=the last commit that changed it)).
    """
    relative = osp.relpath(osp.abspath(path), REPO)
    if not osp.isfile(path):
        raise FileNotFoundError(f'plan not found: {path}')
    try:
        git('ls-files', '--error-unmatch', relative)
        changed = git('status', '--porcelain', '--', relative)
        commit = git('log', '-1', '--format=%H', '--', relative)
    except (OSError, subprocess.CalledProcessError):
        changed, commit = None, ''
    if changed or not commit:
        raise SystemExit(f'plan {relative} is not committed' +
                         (' (it has uncommitted changes)' if changed else '') +
                         ': commit the plan before the sweep runs, so that its configs, seeds, '
                         'comparisons and decision rule are fixed before any result is seen')
    with open(path) as f:
        plan = json.load(f)
    missing = [key for key in PLAN_STATEMENTS if not str(plan.get(key, '')).strip()]
    if missing:
        raise SystemExit(f'plan {relative} does not state {", ".join(missing)}')
    positional, options = [], []
    for key, value in plan.items():
        if key in PLAN_STATEMENTS or key in ('budget_note', 'comment'):
            continue
        if key not in arguments:
            raise SystemExit(f'plan {relative}: unknown key {key!r} (known: '
                             f'{", ".join(sorted(arguments) + list(PLAN_STATEMENTS))})')
        flag, kind = arguments[key]
        values = [str(v) for v in value] if kind == 'list' else [str(value)]
        if flag is None:
            positional += values
        elif kind == 'flag':
            options += [flag] if value else []
        elif values:
            options += [flag, *values]
    # positional arguments first: a list option would swallow them
    argv = positional + options
    return argv, dict(file=relative, commit=commit)


def parse_with_plan(parser: argparse.ArgumentParser, arguments: dict, argv=None):
    """``parser``'s arguments, from the command line or, with ``--plan FILE`` (and
    at most ``--reuse-stale`` beside it), from the committed plan; ``args.plan``
    is then its provenance (see :func:`load_plan`), else None."""
    argv = sys.argv[1:] if argv is None else list(argv)
    argv = [part for a in argv for part in (a.split('=', 1) if a.startswith('--plan=') else [a])]
    if '--plan' not in argv:
        args = parser.parse_args(argv)
        args.plan = None
        return args
    index = argv.index('--plan')
    if index + 1 >= len(argv):
        raise SystemExit('--plan needs a file')
    path, rest = argv[index + 1], argv[:index] + argv[index + 2:]
    if [a for a in rest if a != '--reuse-stale']:
        raise SystemExit(f'--plan fixes the sweep; remove {" ".join(rest)} from the command '
                         'line (change the plan and commit it instead)')
    plan_argv, provenance = load_plan(path, arguments)
    args = parser.parse_args(plan_argv + rest)
    args.plan = provenance
    return args


def parse_overrides(options: list) -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument('--options', nargs='+', action=DictAction)
    return parser.parse_args(['--options', *options]).options if options else {}


SEED_FIELD = '{seed}'


def options_for_seed(options: list, seed: int) -> list:
    """``options`` with every ``{seed}`` replaced by the run's seed, so that an
    override can follow it (e.g. ``train_dataloader.dataset.subset_seed={seed}``:
    each seed trains on its own draw of clips, and every config of a sweep on the
    same draw for the same seed)."""
    return [option.replace(SEED_FIELD, str(seed)) for option in options]


def config_hash(config: str, options: list) -> str:
    """SHA-256 of the full config text after the overrides (what train.py runs)."""
    from art_mmaction.engine import apply_cfg_options
    cfg = Config.fromfile(config)
    if options:
        apply_cfg_options(cfg, parse_overrides(options), config)
    return hashlib.sha256(cfg.pretty_text.encode()).hexdigest()


def check_pinned_hashes(configs: list, options: list, pins: list) -> None:
    """Refuse, before anything trains, a config whose full text after ``options`` is not
    the one a plan pinned: ``pins`` are ``CONFIG=SHA256`` (see :func:`config_hash`), one for
    every config. A plan that names a file whose content changed later then stops instead of
    training something else under the plan's name."""
    pinned = {}
    for pin in pins:
        config, sep, digest = pin.partition('=')
        if not (sep and config and digest):
            raise SystemExit(f'--config-hashes takes CONFIG=SHA256, got {pin!r}')
        pinned[osp.normpath(config)] = digest
    unpinned = [c for c in configs if osp.normpath(c) not in pinned]
    if unpinned:
        raise SystemExit(f'--config-hashes pins no hash for {", ".join(unpinned)} '
                         '(pin every config, or none)')
    for config in configs:
        digest = config_hash(config, options_for_seed(options, 0))
        if digest != pinned[osp.normpath(config)]:
            raise SystemExit(
                f'{config} is not the config the plan pinned (config_hash '
                f'{pinned[osp.normpath(config)][:12]} pinned, {digest[:12]} now): check out '
                'the commit the plan was written at to re-run it, or write a new plan')


def stale_reasons(record: dict, planned: dict, needs_test: bool = True) -> list:
    """Why a finished run is not the run that would be made now ([] = reusable).
    Another commit with the same code (:func:`same_code`) is no reason; a run
    without a test-split score is one when ``needs_test``."""
    reasons = [f'{key}: recorded {record.get(key)!r}, now {planned[key]!r}'
               for key in PROVENANCE_KEYS if record.get(key) != planned[key]
               and not (key == 'commit' and same_code(record.get(key), planned[key]))]
    if record.get('dirty') and not reasons:
        reasons.append('trained from a tree with uncommitted changes')
    if needs_test and 'test' not in record:
        reasons.append('no test-split result')
    return reasons


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


def run_logged(cmd: list, log_path: str, what: str, echo=None) -> None:
    start = time.time()
    with open(log_path, 'w') as log:
        process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   cwd=REPO, text=True)
        for line in process.stdout:
            log.write(line)
            if echo and (found := re.search(echo, line)):
                print(f'    epoch {found.group(1):>3s}  val top-1 {100 * float(found.group(2)):5.1f}'
                      f'  ({time.time() - start:.0f} s)', flush=True)
        code = process.wait()
    if code != 0:
        raise RuntimeError(f'{what} failed (exit {code}); see {log_path}')


def train_once(config: str, seed: int, work_dir: str, options: list, planned: dict,
               reuse_stale: bool, score_test: bool = True) -> dict:
    """Train one (config, seed) into ``work_dir`` unless a fresh ``run.json`` is
    there; with ``score_test`` also score its final checkpoint on the test split
    (a validation search passes False: the test split is not looked at)."""
    done = osp.join(work_dir, 'run.json')
    if osp.isfile(done):
        with open(done) as f:
            record = json.load(f)
        reasons = stale_reasons(record, planned, needs_test=score_test)
        if not reasons:
            return record
        if reasons == ['no test-split result']:
            # trained by a validation search, which never scored test: its seeds are
            # declared by the sweep that scores test first
            record.update(sweep_seeds=planned['sweep_seeds'], test=test_once(config, work_dir))
            if 'plan' in planned:
                record['plan_of_test'] = planned['plan']
            with open(done, 'w') as f:
                json.dump(record, f, indent=1)
            return record
        if reuse_stale and ('test' in record or not score_test):
            print(f'    [stale, reused by --reuse-stale] {"; ".join(reasons)}', flush=True)
            record['reused_stale'] = reasons
            return record
        index = 1
        while osp.exists(f'{work_dir}.stale-{index}'):
            index += 1
        os.rename(work_dir, f'{work_dir}.stale-{index}')
        print(f'    re-training (old run kept as {work_dir}.stale-{index}): '
              f'{"; ".join(reasons)}', flush=True)
    os.makedirs(work_dir, exist_ok=True)
    cmd = [sys.executable, osp.join(REPO, 'tools', 'train.py'), config, '--work-dir', work_dir,
           '--seed', str(seed)]
    if options:
        cmd += ['--cfg-options', *options]
    start = time.time()
    run_logged(cmd, osp.join(work_dir, 'train.log'), f'training {config} with seed {seed}',
               echo=r'Epoch\(val\) \[(\d+)\].*?acc/top1: ([0-9.]+)')
    history = read_val_history(work_dir)
    if not history:
        raise RuntimeError(f'{config} seed {seed}: no validation metrics in {work_dir}')
    run = dict(planned, train_seconds=time.time() - start, final=history[-1],
               best_top1=max(h['top1'] for h in history), history=history)
    if score_test:
        run['test'] = test_once(config, work_dir)
    with open(done, 'w') as f:
        json.dump(run, f, indent=1)
    return run


def dumped_config(config: str, work_dir: str) -> str:
    """The Runner's dump of the config in the run folder (overrides applied)."""
    return osp.join(work_dir, osp.splitext(osp.basename(config))[0] + '.py')


def last_checkpoint(work_dir: str) -> str:
    with open(osp.join(work_dir, 'last_checkpoint')) as f:
        return f.read().strip()


def test_once(config: str, work_dir: str) -> dict:
    """Score the final checkpoint once on the test split; the metrics, in [0, 1]."""
    test_dir = osp.join(work_dir, 'test')
    run_logged([sys.executable, osp.join(REPO, 'tools', 'test.py'),
                dumped_config(config, work_dir), last_checkpoint(work_dir),
                '--work-dir', test_dir], osp.join(work_dir, 'test.log'),
               f'testing {last_checkpoint(work_dir)}')
    stamps = sorted(d for d in os.listdir(test_dir) if osp.isfile(osp.join(test_dir, d, d + '.json')))
    if not stamps:
        raise RuntimeError(f'no test metrics under {test_dir}; see {work_dir}/test.log')
    with open(osp.join(test_dir, stamps[-1], stamps[-1] + '.json')) as f:
        metrics = json.loads(f.read().strip().splitlines()[-1])
    return {name: metrics[key] for name, key in HISTORY_KEYS.items() if key in metrics}


def tracking_of(config: str, work_dir: str, split: str) -> dict:
    """``tools/analysis_tools/eval_tracking.py`` on one split of a run's final checkpoint."""
    out = osp.join(work_dir, 'tracking.json' if split == 'test' else f'tracking_{split}.json')
    run_logged([sys.executable, osp.join(REPO, 'tools', 'analysis_tools', 'eval_tracking.py'), config,
                last_checkpoint(work_dir), '--split', split, '--out', out],
               osp.join(work_dir, f'tracking_{split}.log'),
               f'tracking evaluation of {last_checkpoint(work_dir)} on {split}')
    with open(out) as f:
        return json.load(f)


def track_once(run: dict, work_dir: str) -> dict:
    """Add the tracking figures of the run's final checkpoint on the test split,
    and the pointing of each tracklet on the validation split, which chooses
    the single tracklet a report compares (ART configs only)."""
    if 'tracking' in run and 'tracking_val' in run:
        return run
    config = dumped_config(run['config'], work_dir)
    if Config.fromfile(config).model.cls_head.type != 'ARTHead':
        return run
    if 'tracking' not in run:
        result = tracking_of(config, work_dir, 'test')
        run['tracking'] = {m: f for m, f in result['maps'].items()
                           if m in TRACKING_MAPS or m.startswith('tracklet_')
                           or m == UNION_REFERENCE}
        run['tracking_geometry'] = result['geometry']
        if 'map_overlap' in result:
            run['tracking']['map_overlap'] = result['map_overlap']
    validation = tracking_of(config, work_dir, 'val')['maps']
    run['tracking_val'] = {m: f['pointing_active'] for m, f in validation.items()
                           if m.startswith('tracklet_')}
    with open(osp.join(work_dir, 'run.json'), 'w') as f:
        json.dump(run, f, indent=1)
    return run


def chosen_tracklet(runs: list) -> str:
    """The tracklet index of a config whose pointing on action frames of the
    validation split is highest, averaged over its runs (the first on ties)."""
    names = sorted(runs[0]['tracking_val'], key=lambda m: int(m.split('_')[1]))
    means = [sum(r['tracking_val'][m] for r in runs) / len(runs) for m in names]
    return names[means.index(max(means))]


def by_seed(runs: list, value) -> dict:
    return {r['seed']: value(r) for r in runs}


def clears_zero(summary: dict) -> bool:
    return bool(summary['ci95']) and (summary['ci95'][0] > 0 or summary['ci95'][1] < 0)


def settled(runs_a: list, runs_b: list, value) -> dict:
    """B minus A paired by seed, with ``settled`` False when its interval clears 0
    only because seeds were added after the first sweep.

    The seeds declared first are those every run's sweep declared (a run records
    the seed list of the sweep that trained it)."""
    a, b = by_seed(runs_a, value), by_seed(runs_b, value)
    difference = paired_difference(a, b)
    declared = set.intersection(*(set(r.get('sweep_seeds', [r['seed']]))
                                  for r in runs_a + runs_b))
    added = sorted(set(difference['seeds']) - declared)
    difference['settled'] = True
    if added:
        difference['added_seeds'] = added
        first = sorted(set(difference['seeds']) & declared)
        if clears_zero(difference):
            difference['settled'] = len(first) >= 2 and clears_zero(paired_difference(
                {s: a[s] for s in first}, {s: b[s] for s in first}))
    return difference


def test_metric(name):
    return lambda run: 100 * run['test'][name]


def val_metric(name):
    return lambda run: 100 * run['final'][name]


def summarise(runs: list) -> dict:
    """Per-config statistics over its runs (percent for accuracies and rates)."""
    summary = dict(test_top1=mean_interval([test_metric('top1')(r) for r in runs]),
                   test_mean_class=mean_interval([test_metric('mean_class')(r) for r in runs]),
                   val_top1=mean_interval([val_metric('top1')(r) for r in runs]),
                   val_mean_class=mean_interval([val_metric('mean_class')(r) for r in runs]),
                   train_seconds=mean_interval([r['train_seconds'] for r in runs]),
                   seeds=[r['seed'] for r in runs],
                   commits=sorted({str(r.get('commit')) for r in runs}),
                   stale=[r['seed'] for r in runs if r.get('reused_stale')])
    for key in ('topk_hit', 'agg_entropy'):
        if all(key in r['test'] for r in runs):
            summary[f'test_{key}'] = mean_interval([test_metric(key)(r) for r in runs])
    return summary


def compare(runs_by_config: dict, first: str, second: str) -> dict:
    """``second`` minus ``first``, paired by seed: test and val accuracy and, when
    both were tracked, the pointing and consistency of each config's tracklet
    chosen on validation (``chosen_tracklet``, set by :func:`mark_chosen_tracklet`)."""
    a, b = runs_by_config[first], runs_by_config[second]
    out = dict(versus=first, test_top1=settled(a, b, test_metric('top1')),
               test_mean_class=settled(a, b, test_metric('mean_class')),
               val_top1=settled(a, b, val_metric('top1')))
    if all('chosen_tracklet' in r for r in a + b):
        for figure in ('pointing_active', 'consistency'):
            out[f'chosen_tracklet_{figure}'] = settled(
                a, b, lambda r, f=figure: r['tracking'][r['chosen_tracklet']][f])
    return out


def mark_chosen_tracklet(runs: list) -> None:
    """Record in every run of a config the tracklet chosen on validation for it."""
    if runs and all('tracking' in r and 'tracking_val' in r for r in runs):
        chosen = chosen_tracklet(runs)
        for run in runs:
            run['chosen_tracklet'] = chosen


def tracking_versus_references(runs: list) -> dict:
    """Pointing on action frames of the test clips, paired by seed: the tracklet
    chosen on validation minus each single-map reference; the union of the
    tracklets minus the union of body centre and motion energy (as many guesses
    against as many) and minus the chosen tracklet alone (runs marked by
    :func:`mark_chosen_tracklet`)."""
    if not runs or not all('chosen_tracklet' in r for r in runs):
        return {}
    chosen = runs[0]['chosen_tracklet']

    def pointing(name):
        return by_seed(runs, lambda r: r['tracking'][name]['pointing_active'])

    versus = {f'chosen_tracklet - {reference}': paired_difference(pointing(reference),
                                                                 pointing(chosen))
              for reference in SINGLE_REFERENCES}
    if all(UNION_REFERENCE in r['tracking'] for r in runs):
        versus[f'any_tracklet - {UNION_REFERENCE}'] = paired_difference(
            pointing(UNION_REFERENCE), pointing('any_tracklet'))
    versus['any_tracklet - chosen_tracklet'] = paired_difference(pointing(chosen),
                                                                 pointing('any_tracklet'))
    return versus


def summarise_tracking(runs: list) -> dict:
    """{map: {figure: interval over seeds}} for runs that have tracking figures,
    with ``chosen_tracklet`` (the index chosen on validation, under ``chosen``)."""
    if not runs or not all('tracking' in r for r in runs):
        return {}
    maps = [m for m in runs[0]['tracking'] if m != 'map_overlap'
            and all(m in r['tracking'] for r in runs)]
    summary = {m: {f: mean_interval([r['tracking'][m][f] for r in runs])
                   for f in TRACKING_FIGURES} for m in maps}
    if all('chosen_tracklet' in r for r in runs):
        chosen = runs[0]['chosen_tracklet']
        summary['chosen_tracklet'] = dict(summary[chosen], chosen=chosen)
    if all('map_overlap' in r['tracking'] for r in runs):
        summary['map_overlap'] = mean_interval([r['tracking']['map_overlap'] for r in runs])
    return summary


def markdown(summary: dict, pairs: dict) -> str:
    lines = ['| config | test top-1 | test mean-class | test top-1 minus first, paired | '
             'val top-1 | top-K hit (test) | agg. entropy (test) | train s/run |',
             '|---|---|---|---|---|---|---|---|']
    for name, s in summary.items():
        pair = '-'
        if name in pairs:
            pair = format_interval(pairs[name]['test_top1'])
            if not pairs[name]['test_top1']['settled']:
                pair += ' (not settled: clears 0 only with added seeds)'
        extra = [format_interval(s[k]) if k in s else '-' for k in ('test_topk_hit',
                                                                   'test_agg_entropy')]
        stale = f" (stale runs reused: seeds {s['stale']})" if s['stale'] else ''
        lines.append(f"| {name}{stale} | {format_interval(s['test_top1'])} | "
                     f"{format_interval(s['test_mean_class'])} | {pair} | "
                     f"{format_interval(s['val_top1'])} | {extra[0]} | {extra[1]} | "
                     f"{s['train_seconds']['mean']:.0f} |")
    one_seed = all(s['test_top1'].get('n') == 1 for s in summary.values())
    return '\n'.join(lines) + ('\n(one seed: its figures, no spread measured; percent)' if one_seed
                               else '\n(mean ± sample std [95% t interval] over seeds, percent)')


# plan key -> (flag, kind): what a plan of this tool may fix (see load_plan)
PLAN_ARGUMENTS = dict(configs=(None, 'list'), seeds=('--seeds', 'list'),
                      work_dir=('--work-dir', 'value'), cfg_options=('--cfg-options', 'list'),
                      tracking=('--tracking', 'flag'), compare=('--compare', 'list'),
                      config_hashes=('--config-hashes', 'list'))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--plan', help='a committed plan file that fixes configs, seeds, '
                        'overrides, comparisons and work dir (see load_plan)')
    parser.add_argument('configs', nargs='+')
    parser.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    parser.add_argument('--work-dir', default='work_dirs/seeds')
    parser.add_argument('--out', default=None, help='JSON file (default: WORK_DIR/results.json)')
    parser.add_argument('--cfg-options', nargs='+', default=[],
                        help='key=value overrides passed to every run; {seed} in one is '
                        "replaced by the run's seed")
    parser.add_argument('--tracking', action='store_true',
                        help='also score what the tracklets track (tools/analysis_tools/eval_tracking.py)')
    parser.add_argument('--compare', nargs='+', default=[], metavar='A:B',
                        help='also report B minus A paired by seed (config names without .py)')
    parser.add_argument('--reuse-stale', action='store_true',
                        help='reuse finished runs whose record differs from what would run '
                             'now (marked in the output) instead of re-training them')
    parser.add_argument('--config-hashes', nargs='+', default=[], metavar='CONFIG=SHA256',
                        help='train only if each config, after --cfg-options, has this '
                             'config_hash (a plan pins its configs this way)')
    parser.add_argument('--print-hashes', action='store_true',
                        help='print CONFIG=SHA256 for each config after --cfg-options, for a '
                             "plan's config_hashes, and exit")
    args = parse_with_plan(parser, PLAN_ARGUMENTS)
    if len(set(args.seeds)) != len(args.seeds):
        raise ValueError(f'--seeds repeats a seed: {args.seeds}')
    for config in args.configs:
        if not osp.isfile(config):
            raise FileNotFoundError(f'config not found: {config}')
    options = list(args.cfg_options)
    if args.print_hashes:
        for config in args.configs:
            print(f'{config}={config_hash(config, options_for_seed(options, 0))}')
        return
    if args.config_hashes:
        check_pinned_hashes(args.configs, options, args.config_hashes)
    code = code_provenance()
    if code['dirty']:
        print('[run_seeds] WARNING: the tree has uncommitted changes; runs trained now are '
              'recorded as such and will not be reused later', flush=True)
    summary, all_runs, by_config = {}, [], {}
    for config in args.configs:
        name = osp.splitext(osp.basename(config))[0]
        runs = []
        for seed in args.seeds:
            print(f'[run_seeds] {name} seed {seed} ...', flush=True)
            run_dir = osp.join(args.work_dir, name, f'seed{seed}')
            seed_options = options_for_seed(options, seed)
            planned = dict(config=config, seed=seed, overrides=seed_options,
                           config_hash=config_hash(config, seed_options),
                           sweep_seeds=list(args.seeds), **code)
            if args.plan:
                planned['plan'] = args.plan
            run = train_once(config, seed, run_dir, seed_options, planned, args.reuse_stale)
            if args.tracking:
                run = track_once(run, run_dir)
            print(f"[run_seeds] {name} seed {seed}: test top-1 {100 * run['test']['top1']:.1f}"
                  f", val top-1 {100 * run['final']['top1']:.1f} "
                  f"({run['train_seconds']:.0f} s)", flush=True)
            runs.append(run)
        mark_chosen_tracklet(runs)
        summary[name] = summarise(runs)
        by_config[name] = runs
        all_runs += runs
    names = list(by_config)
    pairs = {name: compare(by_config, names[0], name) for name in names[1:]}
    tracking = {name: t for name, runs in by_config.items() if (t := summarise_tracking(runs))}
    references = {name: t for name, runs in by_config.items()
                  if (t := tracking_versus_references(runs))}
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
        json.dump(dict(protocol='train on train, choose on val, report the final checkpoint '
                                'on test', plan=args.plan, seeds=args.seeds, summary=summary, paired=pairs,
                       tracking=tracking, tracking_vs_references=references,
                       comparisons=comparisons, runs=all_runs), f, indent=1)
    print(markdown(summary, pairs))
    for name, result in references.items():
        print(f'{name}, pointing on action frames (test), paired by seed: ' + '; '.join(
            f'{key} {format_interval(value)}' for key, value in result.items()))
    for name, result in comparisons.items():
        print(f'{name}, paired by seed: ' + '; '.join(
            f'{key} {format_interval(value)}' for key, value in result.items()
            if key != 'versus'))
    print(f'[run_seeds] wrote {out}')


if __name__ == '__main__':
    main()
