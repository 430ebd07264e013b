"""The built wheel declares ranges only and installs beside a GPU user's torch and mmcv."""
import json
import os
import re
import subprocess
import sys
import zipfile

import pytest

from conftest import REPO

NEVER_PINNED = ('torch', 'torchvision', 'mmcv', 'mmcv-lite')


@pytest.fixture(scope='module')
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp('wheel')
    result = subprocess.run([sys.executable, '-m', 'pip', 'wheel', '--no-deps',
                             '--no-build-isolation', '-q', '-w', str(out), REPO],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    (path,) = out.glob('art_mmaction-*.whl')
    return path


def requires_dist(wheel_path):
    with zipfile.ZipFile(wheel_path) as archive:
        name = next(n for n in archive.namelist() if n.endswith('.dist-info/METADATA'))
        metadata = archive.read(name).decode()
    return [line.split(':', 1)[1].strip() for line in metadata.splitlines()
            if line.startswith('Requires-Dist:')]


def test_wheel_pins_no_torch_build_and_leaves_mmcv_to_the_user(wheel):
    requirements = requires_dist(wheel)
    core = [r for r in requirements if 'extra ==' not in r]
    names = {re.split(r'[ <>=!~;\[(]', r)[0].lower(): r for r in core}
    for name in NEVER_PINNED:
        assert '==' not in names.get(name, ''), names[name]
    assert 'mmcv' not in names and 'mmcv-lite' not in names
    assert re.search(r'>=\s*1\.2\.0', names['mmaction2']) and '<' in names['mmaction2']
    assert not any('==' in r.split(';')[0] for r in requirements), requirements
    extras = {m.group(1) for r in requirements
              if (m := re.search(r'extra == ["\x27]([\w-]+)', r))}
    assert {'clip', 'offline-text', 'figures', 'mmpretrain'} <= extras


def fake_distribution(root, name, version):
    info = root / f'{name}-{version}.dist-info'
    info.mkdir()
    (info / 'METADATA').write_text(f'Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n')
    (info / 'INSTALLER').write_text('pip\n')
    (info / 'RECORD').write_text('')


def test_dry_run_beside_a_cuda_torch_and_full_mmcv_changes_neither(wheel, tmp_path):
    """What pip would do in an environment holding torch 2.4.0+cu121 and full mmcv
    2.1.0 (metadata shadowing the real ones on PYTHONPATH): install us alone."""
    shadow = tmp_path / 'gpu_env'
    shadow.mkdir()
    for name, version in (('torch', '2.4.0+cu121'), ('torchvision', '0.19.0+cu121'),
                          ('mmcv', '2.1.0')):
        fake_distribution(shadow, name, version)
    report = tmp_path / 'report.json'
    env = dict(os.environ, PYTHONPATH=str(shadow), PIP_NO_INDEX='1')
    result = subprocess.run(
        [sys.executable, '-m', 'pip', 'install', '--dry-run', '--quiet', '--report',
         str(report), '--find-links', str(wheel.parent), str(wheel)],
        capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    installs = [item['metadata']['name'] for item in json.load(open(report))['install']]
    assert installs == ['art_mmaction'] or installs == ['art-mmaction'], installs


def test_constraints_pin_what_setup_env_installs():
    with open(os.path.join(REPO, 'constraints.txt')) as f:
        pins = {line.split('==')[0].strip().lower().replace('_', '-'): line.split('==')[1].strip()
                for line in f if '==' in line and not line.startswith('#')}
    with open(os.path.join(REPO, 'requirements.txt')) as f:
        wanted = [re.split(r'[ <>=!~;\[]', line.split('#')[0].strip())[0].lower()
                  .replace('_', '-') for line in f]
    for name in filter(None, wanted):
        assert name in pins, f'{name} (requirements.txt) has no exact version in constraints.txt'
    assert pins['torch'] and pins['mmcv-lite'].startswith('2.1')


def test_wheel_ships_tools_and_configs_where_mim_looks(wheel):
    """``mim train art_mmaction CONFIG`` runs <site-packages>/art_mmaction/.mim/tools/
    train.py and finds CONFIG under .mim/configs."""
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert 'art_mmaction/.mim/tools/train.py' in names
        assert 'art_mmaction/.mim/tools/test.py' in names
        assert 'art_mmaction/.mim/configs/art_uniformerv2_finegym.py' in names
        assert 'art_mmaction/.mim/configs/_base_/schedules/clip_finetune_50e.py' in names
        assert 'art_mmaction/.mim/model-index.yml' in names
        shipped = archive.read('art_mmaction/.mim/tools/train.py').decode()
    assert shipped == open(os.path.join(REPO, 'tools', 'train.py')).read()
