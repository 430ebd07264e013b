"""Each compatibility fix, applied when its problem is present and not otherwise."""
import subprocess
import sys
import textwrap

import pytest
import torch

from art_mmaction import compat


class NotAllowListed:
    """An arbitrary pickled object a checkpoint must not be allowed to carry."""


def run_python(code, env_path=None):
    import os
    env = dict(os.environ)
    if env_path:
        env['PYTHONPATH'] = f'{env_path}{os.pathsep}' + env.get('PYTHONPATH', '')
    return subprocess.run([sys.executable, '-c', textwrap.dedent(code)], capture_output=True,
                          text=True, env=env, timeout=300)


def test_drn_fix_applied_when_missing_and_builds_clear_error():
    assert compat.APPLIED.get('drn') or not compat.drn_is_missing()
    from mmaction.registry import MODELS
    if 'drn' in compat.APPLIED:
        with pytest.raises(ImportError, match='does not ship'):
            MODELS.build(dict(type='DRN'))


def test_drn_fix_not_applied_when_present():
    # Once the module exists (here: our stand-in), detection reports nothing to fix.
    assert not compat.drn_is_missing()


def test_without_fix_mmaction_models_import_fails():
    result = run_python('import mmaction.models')
    if compat.APPLIED.get('drn'):
        assert 'localizers.drn' in result.stderr
    else:
        assert result.returncode == 0


def fake_transformers(tmp_path, version, with_names):
    pkg = tmp_path / 'transformers'
    (pkg / 'models' / 'beit').mkdir(parents=True)
    (pkg / '__init__.py').write_text('')
    (pkg / 'models' / '__init__.py').write_text('')
    names = {name for _, name in compat._vindlu_transformers_imports()}
    (pkg / 'models' / 'beit' / '__init__.py').write_text('')
    for module, name in compat._vindlu_transformers_imports():
        path = pkg.joinpath(*module.split('.')[1:])
        if not path.with_suffix('.py').exists() and not path.is_dir():
            path.parent.mkdir(parents=True, exist_ok=True)
            for parent in [p for p in path.parents if str(p).startswith(str(pkg))]:
                (parent / '__init__.py').touch()
            path.with_suffix('.py').write_text('')
    for module, name in compat._vindlu_transformers_imports():
        path = pkg.joinpath(*module.split('.')[1:])
        target = path / '__init__.py' if path.is_dir() else path.with_suffix('.py')
        if with_names:
            with open(target, 'a') as f:
                f.write(f'{name} = object()\n')
    dist = tmp_path / f'transformers-{version}.dist-info'
    dist.mkdir()
    (dist / 'METADATA').write_text(f'Metadata-Version: 2.1\nName: transformers\nVersion: {version}\n')
    return names


@pytest.mark.parametrize('with_names, expect_fix', [(False, True), (True, False)])
def test_multimodal_fix_follows_the_installed_transformers(tmp_path, with_names, expect_fix):
    fake_transformers(tmp_path, '4.40.0', with_names)
    result = run_python('''
        import warnings; warnings.simplefilter('ignore')
        import importlib.util
        # the module alone: importing the package would apply the fixes
        spec = importlib.util.spec_from_file_location('compat_probe', r'%s')
        compat = importlib.util.module_from_spec(spec); spec.loader.exec_module(compat)
        print('MISSING', len(compat.missing_transformers_names()))
        ''' % compat.__file__, env_path=str(tmp_path))
    assert result.returncode == 0, result.stderr
    missing = int(result.stdout.split('MISSING')[1])
    assert (missing > 0) == expect_fix


def test_multimodal_fix_disables_vindlu_and_mmaction_imports(tmp_path):
    fake_transformers(tmp_path, '4.40.0', with_names=False)
    result = run_python('''
        import warnings; warnings.simplefilter('ignore')
        import art_mmaction
        from mmaction.utils import dependency
        from mmaction.registry import MODELS
        print('WITH', dependency.WITH_MULTIMODAL, 'applied', 'multimodal' in art_mmaction.compat.APPLIED)
        try:
            MODELS.build(dict(type='VindLUVQA'))
        except ImportError as e:
            print('PLACEHOLDER', 'multi-modal' in str(e))
        ''', env_path=str(tmp_path))
    assert 'WITH False applied True' in result.stdout, result.stderr
    assert 'PLACEHOLDER True' in result.stdout


def test_weights_only_allow_list_is_exact_and_scoped_to_checkpoint_loads(tmp_path):
    import numpy as np
    from mmengine.logging import HistoryBuffer
    from mmengine.runner.checkpoint import _load_checkpoint
    assert compat.weights_only_is_default() == ('weights_only' in compat.APPLIED)
    buffer = HistoryBuffer()
    buffer.update(0.5)
    path = tmp_path / 'hub.pth'
    torch.save({'message_hub': {'log_scalars': {'loss': buffer}},
                'meta': {'seed': np.int64(3), 'arr': np.arange(3.0)}}, path)
    for load in (compat.load_local_checkpoint, _load_checkpoint):   # ours and mmengine's
        loaded = load(str(path), map_location='cpu')
        assert loaded['message_hub']['log_scalars']['loss'].current() == 0.5
    # the allow-list is not process-wide: a plain safe torch.load still refuses
    assert HistoryBuffer not in torch.serialization.get_safe_globals()
    with pytest.raises(Exception, match='Unsupported global|WeightsUnpickler'):
        torch.load(path, weights_only=True)

    torch.save({'payload': NotAllowListed()}, tmp_path / 'evil.pth')
    for load in (compat.load_local_checkpoint, _load_checkpoint):
        with pytest.raises(compat.UnsafeCheckpointError, match='evil.pth.*NotAllowListed'):
            load(str(tmp_path / 'evil.pth'), map_location='cpu')


@pytest.mark.parametrize('skip, expected', [('all', 'drn'), ('weights_only', "['drn'"),
                                            ('bogus', 'unknown fixes')])
def test_fixes_can_be_opted_out(skip, expected):
    """A skipped fix leaves the problem as it is: without the drn stand-in the PyPI
    MMAction2 does not import; without the allow-list only weights_only is gone."""
    import os
    result = subprocess.run(
        [sys.executable, '-c', 'import art_mmaction; print(sorted(art_mmaction.compat.APPLIED))'],
        capture_output=True, text=True, timeout=300,
        env=dict(os.environ, ART_MMACTION_SKIP_FIXES=skip))
    if 'unknown' in expected:
        assert result.returncode != 0 and "names unknown fixes ['bogus']" in result.stderr
    elif skip == 'all':
        drn_needed = 'drn' in compat.APPLIED
        assert (result.returncode != 0) == drn_needed
        assert not drn_needed or 'drn' in result.stderr
    elif 'drn' in compat.APPLIED:
        assert expected in result.stdout, result.stderr[-2000:]
        assert 'weights_only' not in result.stdout


def test_without_allow_list_mmengine_buffers_are_refused(tmp_path):
    result = run_python(f'''
        import torch
        from mmengine.logging import HistoryBuffer
        torch.save({{'b': HistoryBuffer()}}, r'{tmp_path}/h.pth')
        try:
            torch.load(r'{tmp_path}/h.pth', weights_only=True); print('LOADED')
        except Exception as e:
            print('REFUSED')
        ''')
    assert ('REFUSED' if compat.weights_only_is_default() else 'LOADED') in result.stdout


def test_transformers_names_are_read_from_source_as_python_binds_them(tmp_path):
    source = tmp_path / 'mod.py'
    source.write_text(
        'import os.path\nfrom x import a as b\ndef f(): c = 1\nclass K: d = 2\n'
        'try:\n    from y import e\nexcept ImportError:\n    g = None\n'
        'if True:\n    h, (i, j) = 1, (2, 3)\nelse:\n    k: int = 4\n')
    assert compat._top_level_names(source) == {'os', 'b', 'f', 'K', 'e', 'g', 'h', 'i', 'j', 'k'}
