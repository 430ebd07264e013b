"""Markdown tables of a seed sweep, generated from its results.json (never by hand).

    python tools/analysis_tools/results_tables.py work_dirs/protocol_tiny/results.json
    python tools/analysis_tools/results_tables.py RESULTS.json --update docs/benchmarks.md --name tiny
    python tools/analysis_tools/results_tables.py --ceilings CEILING.json [CEILING.json ...] [--update ...]
    python tools/analysis_tools/results_tables.py --search work_dirs/SEARCH/search.json [--update ...]

Refuses results whose runs come from commits with different code, from a tree with
uncommitted changes, or were reused while stale (``--allow-mixed`` prints them
anyway, with a warning line in the tables). With ``--update FILE --name NAME``,
the text between ``<!-- results:NAME -->`` and ``<!-- /results:NAME -->`` in FILE
is replaced by the tables.

``--rename OLD=NEW`` shows the runs of config ``OLD`` under the name of the current
config ``NEW`` (a file ``configs/**/NEW.py``), for a config that was renamed after the
sweep: it is refused unless ``NEW``'s full config text, with each run's overrides,
hashes to the ``config_hash`` recorded in every one of those runs, and the footer
says which name each was recorded under.

``--headline`` with several results.json (sweeps of the same configs on different
data) gives one row per sweep: each config's test top-1 and the paired difference
to the first config, with each sweep's plan and commits under the table (``--rename``
is checked in every sweep).

``--search`` takes the ``search.json`` of a ``tools/analysis_tools/search_val.py`` validation search
instead: its settings in the order the search tried them, the chosen one marked,
and its plan and commit under the table.

``--families`` takes pairs ``RESULTS.json CEILING.json``, one pair per family of the
same credit sweep: one row per family with the strongest generic baseline (the linear
probe's one fit or the attentive probe, whichever scores higher on test), the attentive
probe, ART, and ART minus the strongest (paired over seeds against the probe; against
the linear probe's single number, ART's per-seed values minus it).

``--across A.json B.json --configs CONFIG_A CONFIG_B --seeds S ...`` pairs one config
of one sweep with one config of another over the given seeds (CONFIG_B minus CONFIG_A),
for a comparison a plan registered across two sweeps; the line says which commits
each side's runs come from.

``--ceilings`` takes the records of ``tools/analysis_tools/probe_ceiling.py --out`` instead: one row
per linear probe fitted to convergence (one fit, no seed), with its validation
accuracy for every L2 weight, the weight chosen on val and its test top-1.
"""
import argparse
import glob
import json
import os.path as osp
import re
import sys

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
sys.path.insert(0, REPO)
sys.path.insert(0, osp.join(REPO, 'tools', 'analysis_tools'))
from art_mmaction.evaluation.seed_statistics import format_interval  # noqa: E402

REFERENCE_NAMES = dict(body_centre='body centre', motion_energy='motion energy',
                       backbone_map="backbone's map", uniform='uniform (chance)')
UNION_REFERENCE = 'body_or_motion'


def provenance_problems(results: dict) -> list:
    """What keeps a sweep's runs from being one measurement: several code versions,
    uncommitted changes, reused stale runs."""
    from run_seeds import same_code
    runs = results['runs']
    commits = sorted({str(r.get('commit')) for r in runs})
    problems = []
    if commits[0] == 'None' or not all(same_code(commits[0], c) for c in commits[1:]):
        problems.append(f'runs from {len(commits)} commits with different code: '
                        f'{", ".join(c[:10] for c in commits)}')
    dirty = [f"{osp.basename(r['config'])} seed {r['seed']}" for r in runs if r.get('dirty')]
    if dirty:
        problems.append(f'trained from a tree with uncommitted changes: {", ".join(dirty)}')
    stale = [f"{osp.basename(r['config'])} seed {r['seed']}" for r in runs
             if r.get('reused_stale')]
    if stale:
        problems.append(f'stale runs reused: {", ".join(stale)}')
    return problems


def checked_problems(results: dict, source: str, allow_mixed: bool) -> list:
    """:func:`provenance_problems` of ``results``; refused unless ``allow_mixed``."""
    problems = provenance_problems(results)
    if problems and not allow_mixed:
        raise SystemExit(f'{source}: ' + '; '.join(problems) +
                         ' (re-run tools/analysis_tools/run_seeds.py at one clean commit, or --allow-mixed)')
    return problems


def run_commits(results: dict) -> str:
    """The short commits of a sweep's runs, comma-separated."""
    return ', '.join(sorted({str(r.get('commit'))[:10] for r in results['runs']}))


def sweep_seeds(results: dict) -> str:
    seeds = results.get('seeds', sorted({r['seed'] for r in results['runs']}))
    return ', '.join(map(str, seeds))


def current_config(name: str) -> str:
    """The path of the config file ``NAME.py`` under ``configs/`` (exactly one)."""
    found = sorted(glob.glob(osp.join(REPO, 'configs', '**', f'{name}.py'), recursive=True))
    if len(found) != 1:
        raise SystemExit(f'--rename: {len(found)} config files named {name}.py under '
                         f'{osp.join(REPO, "configs")} (need exactly one)')
    return found[0]


def rename_configs(results: dict, renames: dict) -> dict:
    """``results`` with the configs ``renames`` maps (old name -> new name) under their
    new names, after checking that each new config is the recorded one: the SHA-256 of
    its full text with the run's overrides equals every run's ``config_hash``."""
    from run_seeds import config_hash
    names = list(results['summary'])
    for old, new in renames.items():
        if old not in names:
            raise SystemExit(f'--rename {old}={new}: no config {old!r} in the results '
                             f'(configs: {", ".join(names)})')
        if new in names and new not in renames:
            raise SystemExit(f'--rename {old}={new}: {new!r} already names other runs')
        path = current_config(new)
        for run in results['runs']:
            if osp.splitext(osp.basename(run['config']))[0] != old:
                continue
            digest = config_hash(path, run.get('overrides', []))
            if digest != run.get('config_hash'):
                raise SystemExit(
                    f'--rename {old}={new}: {osp.relpath(path, REPO)} is not the config '
                    f'{old} seed {run["seed"]} was trained with (config_hash '
                    f'{str(run.get("config_hash"))[:12]} recorded, {digest[:12]} now)')

    def name(key: str) -> str:
        return ' - '.join(renames.get(part, part) for part in key.split(' - '))

    renamed = dict(results)
    for section in ('summary', 'paired', 'tracking', 'tracking_vs_references', 'comparisons'):
        if section in results:
            renamed[section] = {name(k): v for k, v in results[section].items()}
    renamed['runs'] = [dict(r, config=osp.join(osp.dirname(r['config']), name(
        osp.splitext(osp.basename(r['config']))[0]) + '.py')) for r in results['runs']]
    renamed['renamed'] = dict(renames)
    return renamed


def plan_line(results: dict) -> str:
    """Which committed plan fixed the sweep, checked to precede every run's commit.

    Each run records the version of the plan it ran under; a plan amended while
    the sweep ran (before the runs it changed) shows every version beside the
    runs it governed, in the order of the runs."""
    from run_seeds import git
    plan = results.get('plan')
    if not plan:
        return 'No plan file was recorded for this sweep.'
    versions = {}
    for run in results['runs']:
        version = run.get('plan') or plan
        versions.setdefault((version['file'], version['commit']), set()).add(str(run.get('commit')))
    late = []
    for (_, version), commits in versions.items():
        for commit in sorted(commits):
            try:
                git('merge-base', '--is-ancestor', version, commit)
            except Exception:  # not an ancestor, or a commit this checkout lacks
                late.append(commit[:10])
    if set(versions) == {(plan['file'], plan['commit'])}:
        text = f"Plan `{plan['file']}`, committed in {plan['commit'][:10]}"
    else:
        governed = '; '.join(
            f"the runs of commit {', '.join(c[:10] for c in sorted(commits))} under " +
            (f'its version of {version[:10]}' if file == plan['file']
             else f'plan `{file}` of {version[:10]}')
            for (file, version), commits in versions.items())
        text = (f"Plan `{plan['file']}`, amended while the sweep ran ({governed}; "
                f"last version {plan['commit'][:10]})")
    if late:
        return text + f' (NOT an ancestor of the runs of commit {", ".join(sorted(set(late)))}).'
    return text + (', before every run.' if len(versions) == 1
                   else ', each version committed before the runs it governed.')


def per_seed(summary: dict) -> str:
    return ', '.join(f'{v:.1f}' for v in summary['values'])


def with_verdict(difference: dict) -> str:
    text = format_interval(difference)
    if not difference.get('settled', True):
        text += ' (not settled: clears 0 only with seeds added later)'
    return text


def accuracy_table(results: dict) -> str:
    names = list(results['summary'])
    lines = [f'| config | test top-1 (per seed) | test mean-class | test top-1 minus '
             f'`{names[0]}`, paired | val top-1 | top-K hit (test) | agg. entropy (test) |',
             '|---|---|---|---|---|---|---|']
    for name, s in results['summary'].items():
        pair = with_verdict(results['paired'][name]['test_top1']) \
            if name in results['paired'] else '-'
        extra = [format_interval(s[k]) if k in s else '-'
                 for k in ('test_topk_hit', 'test_agg_entropy')]
        lines.append(f"| `{name}` | {format_interval(s['test_top1'])} ({per_seed(s['test_top1'])})"
                     f" | {format_interval(s['test_mean_class'])} | {pair} | "
                     f"{format_interval(s['val_top1'])} | {extra[0]} | {extra[1]} |")
    return '\n'.join(lines)


def comparison_table(results: dict) -> str:
    if not results.get('comparisons'):
        return ''
    lines = ['| B minus A, paired by seed | test top-1 (per seed) | test mean-class | val top-1 |',
             '|---|---|---|---|']
    for name, c in results['comparisons'].items():
        lines.append(f"| `{name}` | {with_verdict(c['test_top1'])} ({per_seed(c['test_top1'])}) | "
                     f"{with_verdict(c['test_mean_class'])} | {with_verdict(c['val_top1'])} |")
    return '\n'.join(lines)


def single_tracker(maps: dict, versus: dict) -> tuple:
    """(key, label) of a config's one-guess tracker: the tracklet chosen on
    validation, or in sweeps recorded without validation tracking, tracklet 1."""
    if 'chosen_tracklet' in maps:
        index = maps['chosen_tracklet']['chosen'].split('_')[1]
        return 'chosen_tracklet', f'tracklet {index} (chosen on val)'
    return 'tracklet_1', 'tracklet 1'


def tracking_table(results: dict) -> str:
    """One guess against one guess: the single tracklet against each single-map
    reference; the union of the tracklets only against the union of body centre
    and motion energy."""
    if not results.get('tracking'):
        return ''
    refs = list(REFERENCE_NAMES)
    lines = ['| config | map (one guess) | pointing, action frames | ' +
             ' | '.join(f'minus {REFERENCE_NAMES[r]}, paired' for r in refs) + ' |',
             '|---|---|---|' + '---|' * len(refs)]
    unions = ['| config | any of the K tracklets | body centre or motion energy | '
              'any tracklet minus body centre or motion energy, paired |', '|---|---|---|---|']
    apart = ['| config | overlap of the K maps of a frame | any tracklet minus the single '
             'tracklet, pointing on action frames, paired |', '|---|---|---|']
    for name, maps in results['tracking'].items():
        versus = results['tracking_vs_references'].get(name, {})
        key, label = single_tracker(maps, versus)
        cells = [format_interval(versus[f'{key} - {r}']) if f'{key} - {r}' in versus else '-'
                 for r in refs]
        lines.append(f"| `{name}` | {label} | {format_interval(maps[key]['pointing_active'])} | "
                     + ' | '.join(cells) + ' |')
        for reference in refs:
            lines.append(f"| `{name}` | {REFERENCE_NAMES[reference]} | "
                         f"{format_interval(maps[reference]['pointing_active'])} |"
                         + ' |' * len(refs))
        if UNION_REFERENCE in maps:
            unions.append(f"| `{name}` | {format_interval(maps['any_tracklet']['pointing_active'])}"
                          f" | {format_interval(maps[UNION_REFERENCE]['pointing_active'])} | "
                          f"{format_interval(versus[f'any_tracklet - {UNION_REFERENCE}'])} |")
        if 'map_overlap' in maps and f'any_tracklet - {key}' in versus:
            apart.append(f"| `{name}` | {format_interval(maps['map_overlap'])} | "
                         f"{format_interval(versus[f'any_tracklet - {key}'])} |")
    for extra in (unions, apart):
        if len(extra) > 2:
            lines += ['', *extra]
    return '\n'.join(lines)


def headline_table(results: dict) -> str:
    """Test top-1 per config and its paired difference to the first: a short summary."""
    names = list(results['summary'])
    lines = [f'| config | test top-1 | minus `{names[0]}`, paired |', '|---|---|---|']
    for name, s in results['summary'].items():
        pair = with_verdict(results['paired'][name]['test_top1']) \
            if name in results['paired'] else '-'
        lines.append(f"| `{name}` | {format_interval(s['test_top1'])} | {pair} |")
    return '\n'.join(lines)


def renamed_footer(renames: dict) -> str:
    return ' Recorded under earlier config names, same config text: ' + ', '.join(
        f'`{new}` as `{old}`' for old, new in renames.items()) + '.'


def sweeps_headline(sweeps: dict, allow_mixed: bool, renames: dict = None) -> str:
    """One row per sweep of ``sweeps`` (source path -> results of the same configs):
    each config's test top-1 and its paired difference to the first config
    (``renames`` as in :func:`rename_configs`, checked in every sweep)."""
    if renames:
        sweeps = {source: rename_configs(results, renames) for source, results in sweeps.items()}
    problems = {source: checked_problems(results, source, allow_mixed)
                for source, results in sweeps.items()}
    names = list(next(iter(sweeps.values()))['summary'])
    for source, results in sweeps.items():
        if list(results['summary']) != names:
            raise SystemExit(f'{source}: configs {list(results["summary"])} differ from the '
                             f'first sweep\'s {names}')
    lines = ['| sweep | seeds | ' + ' | '.join(f'`{n}`' for n in names) +
             ' | ' + ' | '.join(f'`{n}` minus `{names[0]}`, paired' for n in names[1:]) + ' |',
             '|---|---|' + '---|' * (2 * len(names) - 1)]
    footer = []
    for source, results in sweeps.items():
        cells = [format_interval(results['summary'][n]['test_top1']) for n in names]
        cells += [with_verdict(results['paired'][n]['test_top1']) for n in names[1:]]
        lines.append(f'| `{source}` | {sweep_seeds(results)} | ' + ' | '.join(cells) + ' |')
        warning = f' (WARNING: {"; ".join(problems[source])})' if problems[source] else ''
        footer.append(f'`{source}`: {plan_line(results)[:-1]}; runs of commit '
                      f'{run_commits(results)}{warning}.')
    return '\n'.join(lines) + ('\n\nTest top-1, mean ± sample std [95% t interval] over '
                               'seeds, percent. ' + ' '.join(footer) + ' Generated by '
                               '`tools/analysis_tools/results_tables.py --headline`.' +
                               (renamed_footer(renames) if renames else ''))


def tables(results: dict, source: str, allow_mixed: bool, headline: bool = False,
           renames: dict = None) -> str:
    if renames:
        results = rename_configs(results, renames)
    problems = checked_problems(results, source, allow_mixed)
    parts = [headline_table(results)] if headline else [
        accuracy_table(results), comparison_table(results), tracking_table(results)]
    footer = (f'Seeds {sweep_seeds(results)}; mean ± sample std '
              f'[95% t interval] over seeds, percent. {plan_line(results)} Generated by '
              f'`tools/analysis_tools/results_tables.py` from `{source}` (runs of commit {run_commits(results)}).')
    if renames:
        footer += renamed_footer(renames)
    if problems:
        footer += ' WARNING: ' + '; '.join(problems) + '.'
    return '\n\n'.join(p for p in parts if p) + '\n\n' + footer


FEATURE_NAMES = {
    'global': 'x_cls (pooled over time and space)',
    'time-ordered': 'x_cls beside each token frame pooled over space, in order'}


def families_table(pairs: list, allow_mixed: bool) -> str:
    """One row per (source, results, ceiling record) in ``pairs``: see the module docstring."""
    from art_mmaction.evaluation.seed_statistics import mean_interval
    lines = ['| family (frozen K400 I3D) | strongest generic baseline | attentive probe | ART | '
             'ART minus the strongest |', '|---|---|---|---|---|']
    footer = []
    for source, results, ceiling in pairs:
        problems = checked_problems(results, source, allow_mixed)
        probe, art = list(results['summary'])
        s_probe, s_art = results['summary'][probe]['test_top1'], results['summary'][art]['test_top1']
        linear = 100 * ceiling['test_top1']
        family = osp.basename(osp.dirname(source)).replace('credit_i3d_', '').replace('_searched', '')
        if linear >= s_probe['mean']:
            strongest = f'time-ordered linear probe, one fit: {linear:.1f}'
            difference = mean_interval([v - linear for v in s_art['values']])
        else:
            strongest = 'attentive probe'
            difference = results['paired'][art]['test_top1']
        lines.append(f'| {family}, {ceiling["clips"]["test"]} test clips | {strongest} | '
                     f'{format_interval(s_probe)} | {format_interval(s_art)} | '
                     f'{with_verdict(difference)} |')
        warning = f' (WARNING: {"; ".join(problems)})' if problems else ''
        footer.append(f'{family}: `{source}`, runs of commit {run_commits(results)}{warning}')
    return '\n'.join(lines) + ('\n\nTest top-1 over seeds, mean ± sample std [95% t '
                               'interval], percent; ' + '; '.join(footer) + '. Generated by '
                               '`tools/analysis_tools/results_tables.py --families`.')


def across_sweeps(sources: list, records: dict, configs: list, seeds: list) -> str:
    """CONFIG_B of the second sweep minus CONFIG_A of the first, paired over ``seeds``."""
    from art_mmaction.evaluation.seed_statistics import paired_difference
    sides = []
    for source, config in zip(sources, configs):
        summary = records[source]['summary'].get(config)
        if summary is None:
            raise SystemExit(f'{source} has no config {config!r}: {list(records[source]["summary"])}')
        values = dict(zip(summary['seeds'], summary['test_top1']['values']))
        missing = sorted(set(seeds) - set(values))
        if missing:
            raise SystemExit(f'{source}: {config} has no run of seeds {missing}')
        sides.append(({s: values[s] for s in seeds}, ', '.join(c[:10] for c in summary['commits'])))
    difference = paired_difference(sides[0][0], sides[1][0])
    return (f'`{configs[1]}` (`{sources[1]}`, runs of commit {sides[1][1]}) minus '
            f'`{configs[0]}` (`{sources[0]}`, runs of commit {sides[0][1]}), test top-1 '
            f'paired over seeds {", ".join(map(str, seeds))}: {format_interval(difference)} '
            f'(per seed {", ".join(f"{v:+.2f}" for v in difference["values"])})')


def ceiling_table(records: dict) -> str:
    """The linear-probe ceilings ``records`` (source path -> record written by
    ``tools/analysis_tools/probe_ceiling.py``), a row each, and a footer naming their commits."""
    decays = sorted({float(d) for r in records.values() for d in r['grid']})
    lines = ['| record | linear probe on | features | val top-1 by L2 weight ' +
             ', '.join(f'{d:g}' for d in decays) + ' | chosen | test top-1 |',
             '|---|---|---|---|---|---|']
    commits, unrecorded = set(), []
    for source, record in records.items():
        by_decay = {float(d): g['val_top1'] for d, g in record['grid'].items()}
        grid = ', '.join(f'{100 * by_decay[d]:.1f}' if d in by_decay else '-' for d in decays)
        features = record.get('num_features', '-')
        lines.append(f"| `{source}` | {FEATURE_NAMES.get(record['features'], record['features'])}"
                     f" | {features} | {grid} | {float(record['chosen_weight_decay']):g} | "
                     f"{100 * record['test_top1']:.1f} |")
        if record.get('commit'):
            commits.add(record['commit'][:10] + (' with uncommitted changes'
                                                 if record.get('dirty') else ''))
        else:
            unrecorded.append(f'`{source}`')
    footer = ('One fit each: L-BFGS logistic regression on standardised features, the L2 '
              'weight chosen on val, no seed. Generated by `tools/analysis_tools/results_tables.py '
              '--ceilings`')
    if commits:
        footer += f' (fits of commit {", ".join(sorted(commits))})'
    if unrecorded:
        footer += f'; the commit of {", ".join(unrecorded)} was not recorded'
    return '\n'.join(lines) + '\n\n' + footer + '.'


def search_table(search: dict, source: str, allow_mixed: bool) -> str:
    """The validation table of ``search`` (a ``tools/analysis_tools/search_val.py`` search.json):
    a row per setting in grid order, the chosen one marked, each setting's paired
    difference to the first, and a footer with its seeds, plan and commits."""
    from search_val import markdown
    problems = checked_problems(search, source, allow_mixed)
    base = list(search.get('base_overrides', []))
    settings = search['settings']
    runs_by_setting = []
    for setting in settings:
        runs = {r['seed']: r for r in search['runs'] if r.get('overrides') == base + setting['overrides']}
        if sorted(runs) != sorted(setting['seeds']):
            raise SystemExit(f"{source}: setting {' '.join(setting['overrides'])} lists seeds "
                             f"{setting['seeds']} but has runs for {sorted(runs)}")
        runs_by_setting.append([runs[seed] for seed in setting['seeds']])
    chosen = [s['overrides'] for s in settings].index(search['chosen'])
    lines = [markdown(settings, runs_by_setting, chosen), '']
    lines += [f'> WARNING: {problem}' for problem in problems]
    lines.append(f"Seeds {', '.join(map(str, search['seeds']))}; final val top-1, percent. "
                 f'{plan_line(search)} Generated by `tools/analysis_tools/results_tables.py --search` from '
                 f'`{source}` (runs of commit {run_commits(search)}).')
    return '\n'.join(lines)


def update_section(path: str, name: str, text: str) -> None:
    with open(path) as f:
        document = f.read()
    pattern = re.compile(rf'(<!-- results:{re.escape(name)} -->\n)(?:.*?\n)?(<!-- /results:'
                         rf'{re.escape(name)} -->)', re.S)
    if not pattern.search(document):
        raise SystemExit(f'{path} has no <!-- results:{name} --> ... <!-- /results:{name} --> '
                         'section')
    with open(path, 'w') as f:
        f.write(pattern.sub(lambda m: m.group(1) + text + '\n' + m.group(2), document))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('results', nargs='+',
                        help='results.json written by tools/analysis_tools/run_seeds.py (several with '
                             '--headline), with --ceilings the records of tools/analysis_tools/probe_ceiling.py '
                             '--out, with --search the search.json of tools/analysis_tools/search_val.py')
    parser.add_argument('--ceilings', action='store_true',
                        help='tabulate linear-probe ceilings instead of a seed sweep')
    parser.add_argument('--families', action='store_true',
                        help='pairs RESULTS.json CEILING.json: one row per family, ART against '
                             'the strongest generic baseline')
    parser.add_argument('--across', action='store_true',
                        help='two results.json: --configs A B of them, paired over --seeds')
    parser.add_argument('--configs', nargs=2, metavar=('CONFIG_A', 'CONFIG_B'))
    parser.add_argument('--seeds', type=int, nargs='+')
    parser.add_argument('--search', action='store_true',
                        help='tabulate a validation search (the search.json of tools/analysis_tools/search_val.py)')
    parser.add_argument('--update', help='a Markdown file whose results section to replace')
    parser.add_argument('--name', help='the section name (with --update)')
    parser.add_argument('--headline', action='store_true',
                        help='only test top-1 and the paired difference to the first config')
    parser.add_argument('--allow-mixed', action='store_true',
                        help='print results of several commits or stale runs, with a warning')
    parser.add_argument('--rename', nargs='+', default=[], metavar='OLD=NEW',
                        help='show config OLD under the name of the current config NEW '
                             '(checked: same config text)')
    args = parser.parse_args()
    records = {}
    for path in args.results:
        with open(path) as f:
            records[osp.relpath(path)] = json.load(f)
    if args.ceilings:
        return output(args, ceiling_table(records))
    if args.across:
        if len(records) != 2 or not args.configs or not args.seeds:
            raise SystemExit('--across takes two results.json, --configs A B and --seeds')
        return output(args, across_sweeps(list(records), records, args.configs, args.seeds))
    if args.families:
        sources = list(records)
        if len(sources) % 2:
            raise SystemExit('--families takes pairs of RESULTS.json CEILING.json')
        return output(args, families_table(
            [(sources[i], records[sources[i]], records[sources[i + 1]])
             for i in range(0, len(sources), 2)], args.allow_mixed))
    if args.search:
        if len(records) != 1:
            raise SystemExit(f'--search takes one search.json, got {len(records)}')
        (source, search), = records.items()
        return output(args, search_table(search, source, args.allow_mixed))
    renames = {}
    for pair in args.rename:
        old, sep, new = pair.partition('=')
        if not (sep and old and new):
            raise SystemExit(f'--rename takes OLD=NEW, got {pair!r}')
        renames[old] = new
    if len(records) > 1:
        if not args.headline:
            raise SystemExit(f'{len(records)} results.json given: several sweeps only '
                             'with --headline, or with --ceilings')
        return output(args, sweeps_headline(records, args.allow_mixed, renames))
    (source, results), = records.items()
    text = tables(results, source, args.allow_mixed, args.headline, renames)
    output(args, text)


def output(args, text: str) -> None:
    """Print ``text``, or with ``--update`` put it in the file's named section."""
    if args.update:
        if not args.name:
            raise SystemExit('--update needs --name')
        update_section(args.update, args.name, text)
        print(f'updated the {args.name} section of {args.update}')
    else:
        print(text)


if __name__ == '__main__':
    main()
