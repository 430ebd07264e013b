"""The README's and docs' generated tables are what their tools print from the committed
records today: a changed record, tool or table fails here."""
import os.path as osp
import re
import sys

from conftest import REPO

sys.path.insert(0, osp.join(REPO, 'tools', 'analysis_tools'))
FAMILIES = ['credit_i3d_limb_searched/results.json', 'credit_i3d_limb/ceiling_time-ordered.json',
            'credit_i3d_ball_searched/results.json', 'credit_i3d_ball/ceiling_time-ordered.json',
            'credit_i3d_limb16_searched/results.json', 'credit_i3d_limb16/ceiling_time-ordered.json']
MEMORY = ['vitb16_finegym99', 'vitb16_finegym288_diving48', 'vitl14_finegym99',
          'vitl14_finegym99_no-cp', 'swin-b_videomaev2-b']


def section(doc, name):
    text = open(osp.join(REPO, doc)).read()
    return re.search(rf'<!-- results:{name} -->\n(.*?)\n<!-- /results:{name} -->', text,
                     re.S).group(1)


def load(path):
    import json
    with open(osp.join(REPO, path)) as f:
        return json.load(f)


def test_families_table_in_readme_and_benchmarks(monkeypatch):
    import results_tables
    monkeypatch.chdir(REPO)
    paths = [f'docs/results/{p}' for p in FAMILIES]
    table = results_tables.families_table(
        [(paths[i], load(paths[i]), load(paths[i + 1])) for i in range(0, len(paths), 2)], False)
    assert section('README.md', 'families') == table
    assert section('docs/benchmarks.md', 'families') == table
    assert 'WARNING' not in table and '| ball, 400 test clips | attentive probe |' in table


def test_memory_table_in_training_docs():
    from train_memory import markdown_table
    table = markdown_table([load(f'docs/results/memory/{name}.json') for name in MEMORY])
    assert section('docs/training_testing.md', 'memory').startswith(table + '\n\n')
    assert '**no**' not in table   # every shipped setting fits the GPU the docs name


def test_cost_table_in_benchmarks():
    from benchmark import cost_table
    assert section('docs/benchmarks.md', 'cost-vitb16') == \
        cost_table(load('docs/results/cost/vitb16.json'))
