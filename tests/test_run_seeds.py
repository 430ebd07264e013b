"""tools/analysis_tools/run_seeds.py: runs tied to their code and config, the test split reports,
seeds added after the fact are flagged."""
import json
import os.path as osp
import sys

import pytest

from conftest import REPO, TINY_BASELINE, data_options

sys.path.insert(0, osp.join(REPO, 'tools', 'analysis_tools'))
import run_seeds  # noqa: E402


def fake_run(seed, top1, sweep):
    return dict(seed=seed, sweep_seeds=sweep, test=dict(top1=top1 / 100))


def test_an_interval_that_clears_zero_only_with_added_seeds_is_not_settled():
    first = [0, 1, 2]
    later = [0, 1, 2, 3, 4, 5]
    base = [fake_run(s, 50, first if s < 3 else later) for s in range(6)]
    # seeds 0-2: +1, -1, +3 (interval holds 0); seeds 3-5 add +4, +5, +4
    gains = [1, -1, 3, 4, 5, 4]
    art = [fake_run(s, 50 + g, first if s < 3 else later) for s, g in enumerate(gains)]
    diff = run_seeds.settled(base, art, run_seeds.test_metric('top1'))
    assert diff['mean'] == pytest.approx(16 / 6) and diff['ci95'][0] > 0
    assert diff['added_seeds'] == [3, 4, 5] and diff['settled'] is False
    # declared together, the same values are settled
    together = run_seeds.settled([dict(r, sweep_seeds=later) for r in base],
                                 [dict(r, sweep_seeds=later) for r in art],
                                 run_seeds.test_metric('top1'))
    assert together['settled'] is True and 'added_seeds' not in together


def test_a_commit_that_changed_no_code_keeps_runs_fresh(monkeypatch):
    versions = {'a' * 40: 'code-1', 'b' * 40: 'code-1', 'c' * 40: 'code-2'}
    monkeypatch.setattr(run_seeds, 'code_version', versions.get)
    planned = dict(commit='a' * 40, dirty=False, config_hash='h', overrides=[], seed=0)
    docs_only = dict(planned, commit='b' * 40, test={})
    assert run_seeds.stale_reasons(docs_only, planned) == []
    code_changed = dict(planned, commit='c' * 40, test={})
    assert run_seeds.stale_reasons(code_changed, planned)[0].startswith('commit')
    assert run_seeds.code_version is not None and run_seeds.same_code('a' * 40, 'b' * 40)


def test_code_version_reads_the_code_folders_of_a_real_commit():
    version = run_seeds.code_version('HEAD')
    if version is None:
        pytest.skip('not a git checkout')
    assert len(version.split()) == len(run_seeds.CODE_PATHS)
    assert run_seeds.same_code('HEAD', 'HEAD')


def test_stale_reasons_name_what_changed():
    planned = dict(commit='b' * 40, dirty=False, config_hash='h1', overrides=['a=1'], seed=0)
    record = dict(planned, test={})
    assert run_seeds.stale_reasons(record, planned) == []
    reasons = run_seeds.stale_reasons(dict(record, config_hash='h0', seed=1), planned)
    assert any(r.startswith('config_hash') for r in reasons)
    assert any(r.startswith('seed') for r in reasons)
    assert run_seeds.stale_reasons(dict(record, dirty=True), dict(planned, dirty=True)) == \
        ['trained from a tree with uncommitted changes']
    assert 'no test-split result' in run_seeds.stale_reasons(planned, planned)


def test_seed_field_follows_each_runs_seed():
    options = ['a.subset_seed={seed}', 'b=x{seed}y{seed}', 'c=1']
    assert run_seeds.options_for_seed(options, 3) == ['a.subset_seed=3', 'b=x3y3', 'c=1']
    assert options == ['a.subset_seed={seed}', 'b=x{seed}y{seed}', 'c=1']  # not changed


@pytest.mark.slow
def test_sweep_tests_on_the_test_split_reuses_fresh_runs_and_retrains_stale_ones(
        tmp_path, synthetic_data, monkeypatch, capsys):
    monkeypatch.setattr(run_seeds, 'code_provenance', lambda: dict(commit='c' * 40, dirty=False))
    work = tmp_path / 'sweep'
    options = data_options(synthetic_data, ('train', 'val', 'test')) + [
        'model.cls_head.num_classes=4', 'train_cfg.max_epochs=1']

    def sweep(*extra):
        monkeypatch.setattr(sys, 'argv', ['run_seeds.py', TINY_BASELINE, '--seeds', '0',
                                          '--work-dir', str(work), *extra,
                                          '--cfg-options', *options])
        run_seeds.main()
        return capsys.readouterr().out, json.loads((work / 'results.json').read_text())

    out, results = sweep()
    run = results['runs'][0]
    assert run['commit'] == 'c' * 40 and run['dirty'] is False and len(run['config_hash']) == 64
    assert run['overrides'] == options and run['seed'] == 0 and run['sweep_seeds'] == [0]
    assert 0 <= run['test']['top1'] <= 1 and 'mean_class' in run['test']
    # the test split was scored: 4 clips, one a class
    assert (work / 'uniformerv2-tiny_synthetic' / 'seed0' / 'test.log').is_file()
    summary = results['summary']['uniformerv2-tiny_synthetic']
    assert summary['test_top1']['mean'] == pytest.approx(100 * run['test']['top1'])
    assert summary['commits'] == ['c' * 40]

    out, _ = sweep()
    assert 're-training' not in out  # the same code, config and seed: reused

    monkeypatch.setattr(run_seeds, 'code_provenance', lambda: dict(commit='d' * 40, dirty=False))
    out, results = sweep('--reuse-stale')
    assert 'stale, reused by --reuse-stale' in out and 'commit' in out
    assert results['summary']['uniformerv2-tiny_synthetic']['stale'] == [0]
    assert 'stale runs reused' in out

    out, results = sweep()
    assert 're-training' in out and "recorded 'cccc" in out
    assert (work / 'uniformerv2-tiny_synthetic' / 'seed0.stale-1' / 'run.json').is_file()
    assert results['runs'][0]['commit'] == 'd' * 40
    import results_tables
    text = results_tables.tables(results, 'results.json', allow_mixed=False)
    assert '`uniformerv2-tiny_synthetic`' in text and 'runs of commit dddddddddd' in text


def test_tables_refuse_mixed_commits_and_replace_only_their_section(tmp_path):
    import results_tables
    interval = dict(mean=50.0, std=1.0, ci95=[48.0, 52.0], n=2, values=[49.0, 51.0])
    summary = dict(test_top1=interval, test_mean_class=interval, val_top1=interval)
    results = dict(seeds=[0, 1], summary={'base': summary}, paired={}, runs=[
        dict(config='base.py', seed=0, commit='a' * 40, dirty=False),
        dict(config='base.py', seed=1, commit='b' * 40, dirty=False)])
    with pytest.raises(SystemExit, match='runs from 2 commits with different code'):
        results_tables.tables(results, 'r.json', allow_mixed=False)
    assert 'WARNING: runs from 2 commits' in results_tables.tables(results, 'r.json', True)
    results['runs'][1]['commit'] = 'a' * 40
    text = results_tables.tables(results, 'r.json', allow_mixed=False)
    assert '| `base` | 50.0 ± 1.0 [48.0, 52.0] (49.0, 51.0) |' in text
    short = results_tables.tables(results, 'r.json', allow_mixed=False, headline=True)
    assert '| `base` | 50.0 ± 1.0 [48.0, 52.0] | - |' in short
    doc = tmp_path / 'doc.md'
    doc.write_text('intro\n<!-- results:x -->\nold\n<!-- /results:x -->\noutro\n')
    results_tables.update_section(str(doc), 'x', 'new')
    assert doc.read_text() == 'intro\n<!-- results:x -->\nnew\n<!-- /results:x -->\noutro\n'
    doc.write_text('<!-- results:x -->\n<!-- /results:x -->\n')  # an empty section
    results_tables.update_section(str(doc), 'x', 'new')
    assert doc.read_text() == '<!-- results:x -->\nnew\n<!-- /results:x -->\n'
    with pytest.raises(SystemExit, match='no <!-- results:y -->'):
        results_tables.update_section(str(doc), 'y', 'new')


def test_one_headline_row_per_sweep_of_the_same_configs():
    import results_tables

    def interval(mean):
        return dict(mean=mean, std=1.0, ci95=[mean - 2, mean + 2], n=2, values=[mean, mean])

    def sweep(probe, art, commit):
        runs = [dict(config=f'{c}.py', seed=s, commit=commit * 40, dirty=False)
                for c in ('probe', 'art') for s in (0, 1)]
        return dict(seeds=[0, 1], runs=runs,
                    summary={'probe': dict(test_top1=interval(probe)),
                             'art': dict(test_top1=interval(art))},
                    paired={'art': dict(test_top1=interval(art - probe))})

    text = results_tables.sweeps_headline({'limb.json': sweep(90.0, 95.0, 'a'),
                                           'ball.json': sweep(70.0, 60.0, 'b')}, False)
    rows = [line for line in text.splitlines() if line.startswith('| `')]
    assert rows == ['| `limb.json` | 0, 1 | 90.0 ± 1.0 [88.0, 92.0] | 95.0 ± 1.0 [93.0, 97.0] | '
                    '5.0 ± 1.0 [3.0, 7.0] |',
                    '| `ball.json` | 0, 1 | 70.0 ± 1.0 [68.0, 72.0] | 60.0 ± 1.0 [58.0, 62.0] | '
                    '-10.0 ± 1.0 [-12.0, -8.0] |']
    assert 'runs of commit aaaaaaaaaa' in text and 'runs of commit bbbbbbbbbb' in text
    other = sweep(70.0, 60.0, 'b')
    other['summary'] = {'art': other['summary']['art'], 'probe': other['summary']['probe']}
    with pytest.raises(SystemExit, match='differ from the first'):
        results_tables.sweeps_headline({'limb.json': sweep(90.0, 95.0, 'a'), 'x.json': other},
                                       False)
    mixed = sweep(70.0, 60.0, 'b')
    mixed['runs'][0]['dirty'] = True
    with pytest.raises(SystemExit, match='mixed.json: trained from a tree with uncommitted'):
        results_tables.sweeps_headline({'limb.json': sweep(90.0, 95.0, 'a'),
                                        'mixed.json': mixed}, False)
    warned = results_tables.sweeps_headline({'mixed.json': mixed}, True)
    assert 'runs of commit bbbbbbbbbb (WARNING: trained from a tree with uncommitted' in warned


def test_ceiling_table_gives_each_fits_grid_choice_and_commit():
    import results_tables
    grid = {'0.01': dict(val_top1=0.5), '1.0': dict(val_top1=0.25)}
    old = dict(grid=grid, chosen_weight_decay=0.01, test_top1=0.4, features='global')
    new = dict(grid={'1.0': dict(val_top1=0.75)}, chosen_weight_decay=1.0, test_top1=0.7,
               features='time-ordered', num_features=4352, commit='c' * 40, dirty=True)
    table = results_tables.ceiling_table({'old.json': old, 'new.json': new})
    lines = table.splitlines()
    assert lines[0].startswith('| record | linear probe on | features | val top-1 by L2 '
                               'weight 0.01, 1 |')
    assert lines[2] == ('| `old.json` | x_cls (pooled over time and space) | - | 50.0, 25.0 | '
                        '0.01 | 40.0 |')
    assert lines[3] == ('| `new.json` | x_cls beside each token frame pooled over space, in order'
                        ' | 4352 | -, 75.0 | 1 | 70.0 |')
    assert 'fits of commit cccccccccc with uncommitted changes' in table
    assert 'the commit of `old.json` was not recorded' in table


def test_tables_show_a_renamed_config_only_when_its_config_text_is_the_recorded_one():
    import results_tables
    # one seed: one number, no spread
    interval = dict(mean=50.0, std=0.0, ci95=None, n=1, values=[50.0])
    summary = dict(test_top1=interval, test_mean_class=interval, val_top1=interval)
    baseline = 'uniformerv2-tiny_synthetic'
    recorded = run_seeds.config_hash(TINY_BASELINE, [])
    results = dict(
        seeds=[0], summary={'probe': summary, 'old-name': summary},
        paired={'old-name': dict(test_top1=interval)},
        comparisons={'old-name - probe': summary},
        runs=[dict(config='configs/probe.py', seed=0, commit='a' * 40, dirty=False),
              dict(config='configs/old-name.py', seed=0, commit='a' * 40, dirty=False,
                   overrides=[], config_hash=recorded)])
    text = results_tables.tables(results, 'r.json', allow_mixed=False,
                                 renames={'old-name': baseline})
    assert f'| `{baseline}` | 50.0 (50.0) | 50.0 |' in text
    assert f'| `{baseline} - probe` |' in text
    assert text.count('old-name') == 1 and f'`{baseline}` as `old-name`' in text
    headline = results_tables.sweeps_headline({'r.json': results, 's.json': results}, False,
                                              renames={'old-name': baseline})
    assert f'| `probe` | `{baseline}` | `{baseline}` minus `probe`, paired |' in headline
    assert headline.count('old-name') == 1 and f'`{baseline}` as `old-name`' in headline
    # another config's text, a config that does not exist, a name not in the results
    with pytest.raises(SystemExit, match='is not the config old-name seed 0 was trained with'):
        results_tables.tables(results, 'r.json', False, renames={'old-name': 'art_' + baseline})
    with pytest.raises(SystemExit, match='is not the config old-name seed 0 was trained with'):
        results_tables.sweeps_headline({'r.json': results}, False,
                                       renames={'old-name': 'art_' + baseline})
    with pytest.raises(SystemExit, match='0 config files named no-such-config.py'):
        results_tables.tables(results, 'r.json', False, renames={'old-name': 'no-such-config'})
    with pytest.raises(SystemExit, match="no config 'missing' in the results"):
        results_tables.tables(results, 'r.json', False, renames={'missing': baseline})


@pytest.fixture
def plan_repo(tmp_path, monkeypatch):
    """A git repository standing in for the checkout, with run_seeds pointed at it."""
    import subprocess
    repo = tmp_path / 'repo'
    repo.mkdir()
    for args in (['init', '-q'], ['config', 'user.email', 't@t'], ['config', 'user.name', 't']):
        subprocess.run(['git', *args], cwd=repo, check=True)
    monkeypatch.setattr(run_seeds, 'REPO', str(repo))

    def commit(message):
        subprocess.run(['git', 'add', '-A'], cwd=repo, check=True)
        subprocess.run(['git', 'commit', '-q', '-m', message], cwd=repo, check=True)
        return run_seeds.git('rev-parse', 'HEAD')
    return repo, commit


PLAN = dict(question='does B beat A?', decision_rule='B if its paired interval is above 0',
            configs=['a.py', 'b.py'], seeds=[0, 1, 2], work_dir='work_dirs/x',
            cfg_options=['k=1'], tracking=True, compare=['a:b'], budget_note='6 runs')


def test_a_plan_is_used_only_once_committed_and_unchanged(plan_repo):
    repo, commit = plan_repo
    plan = repo / 'plan.json'
    plan.write_text(json.dumps(PLAN))
    with pytest.raises(SystemExit, match='plan plan.json is not committed'):
        run_seeds.load_plan(str(plan), run_seeds.PLAN_ARGUMENTS)
    sha = commit('plan')
    argv, provenance = run_seeds.load_plan(str(plan), run_seeds.PLAN_ARGUMENTS)
    assert provenance == dict(file='plan.json', commit=sha)
    assert argv[:2] == ['a.py', 'b.py']  # positional first, before any list option
    assert argv[2:] == ['--seeds', '0', '1', '2', '--work-dir', 'work_dirs/x', '--cfg-options',
                        'k=1', '--tracking', '--compare', 'a:b']
    plan.write_text(json.dumps(dict(PLAN, seeds=[0, 1, 2, 3])))
    with pytest.raises(SystemExit, match='uncommitted changes'):
        run_seeds.load_plan(str(plan), run_seeds.PLAN_ARGUMENTS)
    plan.write_text(json.dumps({k: v for k, v in PLAN.items() if k != 'decision_rule'}))
    commit('no rule')
    with pytest.raises(SystemExit, match='does not state decision_rule'):
        run_seeds.load_plan(str(plan), run_seeds.PLAN_ARGUMENTS)
    plan.write_text(json.dumps(dict(PLAN, config_hashes=['a.py=abc', 'b.py=def'])))
    commit('pinned configs')
    argv, _ = run_seeds.load_plan(str(plan), run_seeds.PLAN_ARGUMENTS)
    assert argv[-3:] == ['--config-hashes', 'a.py=abc', 'b.py=def']
    plan.write_text(json.dumps(dict(PLAN, epochs=3)))
    commit('unknown key')
    with pytest.raises(SystemExit, match="unknown key 'epochs'"):
        run_seeds.load_plan(str(plan), run_seeds.PLAN_ARGUMENTS)


def test_a_plan_fixes_the_sweep_and_the_command_line_cannot_change_it(plan_repo):
    import argparse
    repo, commit = plan_repo
    (repo / 'plan.json').write_text(json.dumps(PLAN))
    sha = commit('plan')
    parser = argparse.ArgumentParser()
    parser.add_argument('configs', nargs='+')
    parser.add_argument('--seeds', type=int, nargs='+')
    parser.add_argument('--work-dir')
    parser.add_argument('--cfg-options', nargs='+', default=[])
    parser.add_argument('--tracking', action='store_true')
    parser.add_argument('--compare', nargs='+', default=[])
    parser.add_argument('--reuse-stale', action='store_true')
    args = run_seeds.parse_with_plan(parser, run_seeds.PLAN_ARGUMENTS,
                                     ['--plan', str(repo / 'plan.json'), '--reuse-stale'])
    assert run_seeds.parse_with_plan(parser, run_seeds.PLAN_ARGUMENTS,
                                     [f'--plan={repo / "plan.json"}']).plan == args.plan
    assert args.configs == ['a.py', 'b.py'] and args.seeds == [0, 1, 2] and args.tracking
    assert args.cfg_options == ['k=1'] and args.compare == ['a:b'] and args.reuse_stale
    assert args.plan == dict(file='plan.json', commit=sha)
    with pytest.raises(SystemExit, match='--plan fixes the sweep; remove --seeds 3'):
        run_seeds.parse_with_plan(parser, run_seeds.PLAN_ARGUMENTS,
                                  ['--plan', str(repo / 'plan.json'), '--seeds', '3'])
    assert run_seeds.parse_with_plan(parser, run_seeds.PLAN_ARGUMENTS, ['c.py']).plan is None


def test_a_pinned_config_hash_stops_a_config_whose_text_changed():
    options = ['train_cfg.max_epochs=3']
    digest = run_seeds.config_hash(TINY_BASELINE, options)
    run_seeds.check_pinned_hashes([TINY_BASELINE], options, [f'{TINY_BASELINE}={digest}'])
    with pytest.raises(SystemExit, match=r'is not the config the plan pinned \(config_hash '
                       + digest[:12] + ' pinned'):
        run_seeds.check_pinned_hashes([TINY_BASELINE], ['train_cfg.max_epochs=4'],
                                      [f'{TINY_BASELINE}={digest}'])
    with pytest.raises(SystemExit, match='pins no hash for'):
        run_seeds.check_pinned_hashes([TINY_BASELINE, 'b.py'], options,
                                      [f'{TINY_BASELINE}={digest}'])


def test_the_sweep_prints_the_hashes_a_plan_pins_and_refuses_a_changed_config(
        tmp_path, monkeypatch, capsys):
    argv = ['run_seeds.py', TINY_BASELINE, '--cfg-options', 'train_cfg.max_epochs=3',
            '--work-dir', str(tmp_path / 'sweep')]
    monkeypatch.setattr(sys, 'argv', argv + ['--print-hashes'])
    run_seeds.main()
    pin = capsys.readouterr().out.strip().splitlines()[-1]
    assert pin == f"{TINY_BASELINE}={run_seeds.config_hash(TINY_BASELINE, ['train_cfg.max_epochs=3'])}"
    wrong = pin[:-1] + ('0' if pin[-1] != '0' else '1')
    monkeypatch.setattr(sys, 'argv', argv + ['--config-hashes', wrong])
    with pytest.raises(SystemExit, match='is not the config the plan pinned'):
        run_seeds.main()
    assert not (tmp_path / 'sweep').exists()  # refused before anything trained


def test_tables_name_the_plan_and_check_it_precedes_the_runs(plan_repo):
    import results_tables
    repo, commit = plan_repo
    (repo / 'plan.json').write_text('{}')
    plan_commit = commit('plan')
    (repo / 'code.py').write_text('x = 1\n')
    run_commit = commit('code')
    runs = [dict(config='a.py', seed=0, commit=run_commit)]
    line = results_tables.plan_line(dict(plan=dict(file='plan.json', commit=plan_commit), runs=runs))
    assert line == f'Plan `plan.json`, committed in {plan_commit[:10]}, before every run.'
    late = results_tables.plan_line(dict(plan=dict(file='plan.json', commit=run_commit),
                                         runs=[dict(runs[0], commit=plan_commit)]))
    assert f'NOT an ancestor of the runs of commit {plan_commit[:10]}' in late
    assert results_tables.plan_line(dict(runs=runs)) == 'No plan file was recorded for this sweep.'
    # amended between two groups of runs: each group checked against the version it ran under
    (repo / 'plan.json').write_text('{"seeds": [0]}')
    amended = commit('amended plan')
    first = dict(runs[0], plan=dict(file='plan.json', commit=plan_commit))
    second = dict(config='b.py', seed=0, commit=amended,
                  plan=dict(file='plan.json', commit=amended))
    both = results_tables.plan_line(dict(plan=dict(file='plan.json', commit=amended),
                                         runs=[first, second]))
    assert both == (f'Plan `plan.json`, amended while the sweep ran (the runs of commit '
                    f'{run_commit[:10]} under its version of {plan_commit[:10]}; the runs of '
                    f'commit {amended[:10]} under its version of {amended[:10]}; last version '
                    f'{amended[:10]}), each version committed before the runs it governed.')
    wrong = dict(first, plan=dict(file='plan.json', commit=amended))
    assert 'NOT an ancestor of the runs of commit ' + run_commit[:10] in results_tables.plan_line(
        dict(plan=dict(file='plan.json', commit=amended), runs=[wrong, second]))


def tracked_run(seed, val, test, union, any_hits):
    """A run with validation pointing per tracklet and test pointing per map."""
    figures = lambda v: dict(pointing=v, pointing_active=v, mass=v, other_limb_pointing=v,
                             consistency=v)
    maps = {f'tracklet_{k + 1}': figures(v) for k, v in enumerate(test)}
    maps.update(any_tracklet=figures(any_hits), body_or_motion=figures(union),
                body_centre=figures(50.0), motion_energy=figures(30.0),
                backbone_map=figures(20.0), uniform=figures(10.0))
    return dict(seed=seed, tracking=maps,
                tracking_val={f'tracklet_{k + 1}': v for k, v in enumerate(val)})


def test_one_guess_is_compared_with_one_guess_and_the_union_with_a_union():
    # tracklet 2 points better on val in seeds 0 and 1, so it is the one reported
    runs = [tracked_run(0, [20, 60], [25, 70], 65, 80), tracked_run(1, [30, 40], [35, 45], 60, 75),
            tracked_run(2, [50, 45], [55, 50], 62, 70)]
    assert run_seeds.chosen_tracklet(runs) == 'tracklet_2'
    assert run_seeds.tracking_versus_references(runs) == {}  # nothing chosen yet
    run_seeds.mark_chosen_tracklet(runs)
    versus = run_seeds.tracking_versus_references(runs)
    assert versus['chosen_tracklet - body_centre']['values'] == [20.0, -5.0, 0.0]
    assert versus['any_tracklet - body_or_motion']['values'] == [15.0, 15.0, 8.0]
    assert not any(k.startswith('any_tracklet - ') and k.split(' - ')[1] in
                   run_seeds.SINGLE_REFERENCES for k in versus)  # two guesses vs one: never
    summary = run_seeds.summarise_tracking(runs)
    assert summary['chosen_tracklet']['chosen'] == 'tracklet_2'
    assert summary['chosen_tracklet']['pointing_active']['mean'] == pytest.approx(55.0)
    import results_tables
    text = results_tables.tracking_table(dict(tracking={'art': summary},
                                              tracking_vs_references={'art': versus}))
    assert '| `art` | tracklet 2 (chosen on val) | 55.0' in text
    assert 'any tracklet minus body centre or motion energy, paired' in text
    # comparing two configs pairs each one's own chosen tracklet
    other = [tracked_run(s, [70, 10], [40, 20], 60, 60) for s in range(3)]
    for config_runs in (runs, other):
        for run in config_runs:
            run.update(test=dict(top1=0.5, mean_class=0.5), final=dict(top1=0.5, mean_class=0.5))
        run_seeds.mark_chosen_tracklet(config_runs)
    assert {r['chosen_tracklet'] for r in other} == {'tracklet_1'}
    versus = run_seeds.compare({'other': other, 'art': runs}, 'other', 'art')
    assert versus['chosen_tracklet_pointing_active']['values'] == [30.0, 5.0, 10.0]
