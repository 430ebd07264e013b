"""tools/analysis_tools/search_val.py: a grid chosen on validation within a stated budget, test never
scored; run_seeds reuses the chosen runs and scores them on test."""
import json
import os.path as osp
import sys

import pytest

from conftest import REPO, TINY_BASELINE, data_options

sys.path.insert(0, osp.join(REPO, 'tools', 'analysis_tools'))
import run_seeds  # noqa: E402
import search_val  # noqa: E402


def test_values_keep_commas_inside_brackets_and_quotes():
    assert search_val.split_values("1e-3,(1, 2),[3,4],'a,b'") == \
        ['1e-3', '(1, 2)', '[3,4]', "'a,b'"]
    with pytest.raises(ValueError, match='unbalanced'):
        search_val.split_values('(1,2')
    with pytest.raises(ValueError, match='empty value'):
        search_val.split_values('1,,2')
    with pytest.raises(ValueError, match='not KEY=V1,V2'):
        search_val.parse_space(['model.cls_head.lr'])
    with pytest.raises(ValueError, match='twice'):
        search_val.parse_space(['a=1', 'a=2'])
    with pytest.raises(ValueError, match='twice'):
        search_val.parse_space(['a=1', 'b+a=(1,2)'])
    with pytest.raises(ValueError, match='one entry per key'):
        search_val.parse_space(['a+b=(1,2),(3)'])


def test_grid_order_and_ties_go_to_the_first_setting():
    space = search_val.parse_space(['a=1,2', 'b=x,y,z'])
    settings = search_val.grid(space)
    assert len(settings) == 6
    assert settings[0] == ['a=1', 'b=x'] and settings[1] == ['a=1', 'b=y']
    assert settings[-1] == ['a=2', 'b=z']
    linked = search_val.grid(search_val.parse_space(
        ['train_cfg.max_epochs+param_scheduler.1.T_max=(20,18),(40,38)', 'c=(1, 2)']))
    assert linked == [['train_cfg.max_epochs=20', 'param_scheduler.1.T_max=18', 'c=(1, 2)'],
                      ['train_cfg.max_epochs=40', 'param_scheduler.1.T_max=38', 'c=(1, 2)']]
    summaries = [dict(val_top1=dict(mean=m)) for m in (50.0, 60.0, 60.0, 40.0)]
    assert search_val.rank(summaries) == 1
    assert search_val.setting_name(['model.cls_head.loss_mtc.temperature=0.1',
                                    'model.backbone.token_pool=(1, 2, 2)']) == \
        'temperature=0.1_token_pool=-1-2-2-'


def test_val_curve_averages_the_epochs_every_run_validated():
    runs = [dict(history=[dict(epoch=5, top1=0.2), dict(epoch=10, top1=0.4)]),
            dict(history=[dict(epoch=5, top1=0.4), dict(epoch=10, top1=0.6),
                          dict(epoch=15, top1=0.9)])]
    assert search_val.val_curve(runs) == [(5, pytest.approx(30.0)), (10, pytest.approx(50.0))]


def test_a_grid_over_the_stated_budget_is_refused_before_anything_trains(
        monkeypatch, tmp_path):
    def no_training(*args, **kwargs):
        raise AssertionError('trained although the grid is over budget')
    monkeypatch.setattr(run_seeds, 'train_once', no_training)
    monkeypatch.setattr(sys, 'argv', [
        'search_val.py', TINY_BASELINE, '--space', 'optim_wrapper.optimizer.lr=1e-3,1e-2,1e-1',
        'model.cls_head.dropout_ratio=0.0,0.5', '--seeds', '0', '1', '--budget', '11',
        '--work-dir', str(tmp_path)])
    with pytest.raises(SystemExit, match='needs 12 runs, over the stated budget of 11'):
        search_val.main()
    monkeypatch.setattr(sys, 'argv', [
        'search_val.py', TINY_BASELINE, '--space', 'train_cfg.max_epochs=1,2', '--budget', '4',
        '--work-dir', str(tmp_path), '--cfg-options', 'train_cfg.max_epochs=3'])
    with pytest.raises(ValueError, match='both searched'):
        search_val.main()


@pytest.mark.slow
def test_search_chooses_on_val_without_scoring_test_and_run_seeds_reuses_the_choice(
        tmp_path, synthetic_data, monkeypatch, capsys):
    provenance = lambda: dict(commit='e' * 40, dirty=False)  # noqa: E731
    monkeypatch.setattr(run_seeds, 'code_provenance', provenance)
    work = tmp_path / 'search'
    # two of the four training clips a class, drawn by the run's seed
    options = data_options(synthetic_data, ('train', 'val', 'test')) + [
        'model.cls_head.num_classes=4', 'train_cfg.max_epochs=1',
        'train_dataloader.dataset.clips_per_class=2',
        'train_dataloader.dataset.subset_seed={seed}']
    monkeypatch.setattr(sys, 'argv', [
        'search_val.py', TINY_BASELINE, '--space', 'optim_wrapper.optimizer.lr=1e-3,3e-2',
        '--seeds', '1', '--budget', '2', '--work-dir', str(work), '--cfg-options', *options])
    search_val.main()
    out = capsys.readouterr().out
    result = json.loads((work / 'search.json').read_text())
    assert result['budget'] == 2 and result['seeds'] == [1] and len(result['runs']) == 2
    for run in result['runs']:  # {seed} became the run's seed, in what ran and its record
        assert 'train_dataloader.dataset.subset_seed=1' in run['overrides']
        assert not any('{seed}' in option for option in run['overrides'])
    assert all('test' not in run for run in result['runs'])
    assert not list(work.glob('**/test.log'))  # the test split was never scored
    val = [run['final']['top1'] for run in result['runs']]
    best = 0 if val[0] >= val[1] else 1
    assert result['chosen'] == [['optim_wrapper.optimizer.lr=1e-3'],
                                ['optim_wrapper.optimizer.lr=3e-2']][best]
    assert 'chosen: python tools/analysis_tools/run_seeds.py' in out

    chosen_dir = work / search_val.setting_name(result['chosen'])
    run_dir = chosen_dir / 'uniformerv2-tiny_synthetic' / 'seed1'
    trained = (run_dir / 'train.log').stat().st_mtime_ns
    monkeypatch.setattr(sys, 'argv', ['run_seeds.py', TINY_BASELINE, '--seeds', '1',
                                      '--work-dir', str(chosen_dir),
                                      '--cfg-options', *options, *result['chosen']])
    run_seeds.main()
    out = capsys.readouterr().out
    assert 're-training' not in out
    assert (run_dir / 'train.log').stat().st_mtime_ns == trained  # reused, not re-trained
    assert (run_dir / 'test.log').is_file()
    record = json.loads((run_dir / 'run.json').read_text())
    assert 0 <= record['test']['top1'] <= 1 and record['sweep_seeds'] == [1]
    results = json.loads((chosen_dir / 'results.json').read_text())
    assert [run['seed'] for run in results['runs']] == [1]


def test_search_table_marks_the_choice_pairs_by_seed_and_refuses_what_is_not_one_measurement():
    import results_tables
    base = ['synthetic_root=data/x']

    def run(setting, seed, top1):
        return dict(config='configs/a.py', seed=seed, overrides=base + setting, commit='a' * 40,
                    dirty=False, final=dict(top1=top1, mean_class=top1), train_seconds=1.0,
                    history=[dict(epoch=10, top1=top1 / 2), dict(epoch=20, top1=top1)])

    first, second = ['model.x=1'], ['model.x=2']
    runs = {tuple(first): [run(first, 0, 0.40), run(first, 1, 0.50)],
            tuple(second): [run(second, 1, 0.50), run(second, 0, 0.60)]}  # out of seed order
    settings = [search_val.summarise_setting(s, sorted(runs[tuple(s)], key=lambda r: r['seed']))
                for s in (first, second)]
    search = dict(seeds=[0, 1], base_overrides=base, settings=settings, chosen=second,
                  runs=runs[tuple(first)] + runs[tuple(second)])
    lines = results_tables.search_table(search, 's.json', allow_mixed=False).splitlines()
    assert lines[2].startswith('| `model.x=1` | 45.0 ± 7.1') and lines[2].endswith(
        '| - | 10: 22.5, 20: 45.0 |')
    # second minus first, seed by seed: +20 and 0
    assert lines[3].startswith('| `model.x=2` **(chosen)** | 55.0 ± 7.1')
    assert '| 10.0 ± 14.1 [' in lines[3]
    assert 'Seeds 0, 1' in lines[-1] and 'runs of commit aaaaaaaaaa' in lines[-1]
    assert 'No plan file was recorded' in lines[-1]

    search['runs'][0]['dirty'] = True
    with pytest.raises(SystemExit, match='uncommitted changes: a.py seed 0'):
        results_tables.search_table(search, 's.json', allow_mixed=False)
    search['runs'][0]['dirty'] = False
    search['runs'].pop()
    with pytest.raises(SystemExit, match=r'lists seeds \[0, 1\] but has runs for \[1\]'):
        results_tables.search_table(search, 's.json', allow_mixed=False)
