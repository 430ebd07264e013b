"""Class names from the label formats users have: plain files, the public datasets'
label maps shipped with this package, FineGym category files, Diving48 codes."""
import os.path as osp
import re
import warnings
from collections import Counter
from typing import List

LABEL_MAP_DIR = osp.join(osp.dirname(osp.dirname(__file__)), 'label_maps')
BUILTIN_DATASETS = ('finegym99', 'diving48', 'ntu60', 'kinetics400', 'kinetics600',
                    'sthv2', 'ucf101')

_GYM_EVENTS = {'VT': 'vault', 'FX': 'floor exercise', 'BB': 'balance beam',
               'UB': 'uneven bars'}
_DIVE_TAKEOFF = {'Back': 'back', 'Forward': 'forward', 'Inward': 'inward',
                 'Reverse': 'reverse'}
_DIVE_POSITION = {'FREE': 'free position', 'PIKE': 'pike position',
                  'TUCK': 'tuck position', 'STR': 'straight position'}


def _read_lines(path: str) -> List[str]:
    if not osp.isfile(path):
        raise FileNotFoundError(f'label file not found: {path}')
    with open(path, encoding='utf-8') as f:
        names = [line.strip() for line in f if line.strip()]
    if not names:
        raise ValueError(f'label file {path} has no class names')
    return names


def warn_duplicates(names: List[str], source: str) -> None:
    """Warn, naming them, when two classes share a name (their text is identical)."""
    repeated = [name for name, count in Counter(names).items() if count > 1]
    if repeated:
        warnings.warn(f'{source}: duplicate class names {repeated[:5]}: those classes '
                      'get identical text semantics', stacklevel=2)


def plain_file(path: str) -> List[str]:
    """One class name a line, in label order (blank lines ignored)."""
    names = _read_lines(path)
    warn_duplicates(names, path)
    return names


def finegym_categories(path: str) -> List[str]:
    """FineGym's ``gym99_categories.txt`` / ``gym288_categories.txt``.

    A line is ``Clabel: 0; set: 1; Glabel: 1; (VT) round-off, ...``; the event
    code in brackets becomes words ("vault: round-off, ...").
    """
    names = []
    for number, line in enumerate(_read_lines(path), start=1):
        match = re.match(r'\s*Clabel:\s*(\d+);.*?Glabel:\s*\d+;\s*(.+)$', line)
        if not match:
            raise ValueError(f'{path}:{number}: not a FineGym category line '
                             f'("Clabel: N; set: N; Glabel: N; name"): {line!r}')
        if int(match.group(1)) != len(names):
            raise ValueError(f'{path}:{number}: Clabel {match.group(1)} out of order '
                             f'(expected {len(names)})')
        names.append(gym_event_words(match.group(2).strip()))
    warn_duplicates(names, path)
    return names


def gym_event_words(name: str) -> str:
    """``(VT) round-off`` -> ``vault: round-off``."""
    match = re.match(r'\((\w+)\)\s*(.*)', name)
    if match and match.group(1) in _GYM_EVENTS:
        return f'{_GYM_EVENTS[match.group(1)]}: {match.group(2)}'
    return name


def _count(code: str, suffix: str) -> str:
    digits = code[:-len(suffix)]
    value = f'{digits[0]}.{digits[1:]}' if len(digits) > 1 else digits
    return value


def diving48_words(code: str) -> str:
    """``Back+15som+05Twis+FREE`` -> ``back take-off, 1.5 somersaults, 0.5 twists, free position``."""
    parts = code.split('+')
    if len(parts) != 4 or parts[0] not in _DIVE_TAKEOFF or parts[3] not in _DIVE_POSITION:
        raise ValueError(f'not a Diving48 class code (Takeoff+Nsom+NTwis+POS): {code!r}')
    takeoff, somersaults, twists, position = parts
    words = [f'{_DIVE_TAKEOFF[takeoff]} take-off']
    if somersaults == 'Dive':
        words.append('no somersault')
    elif somersaults.endswith('som'):
        words.append(f'{_count(somersaults, "som")} somersaults')
    else:
        raise ValueError(f'Diving48 code {code!r}: bad somersault part {somersaults!r}')
    if twists == 'NoTwis':
        words.append('no twist')
    elif twists.endswith('Twis'):
        words.append(f'{_count(twists, "Twis")} twists')
    else:
        raise ValueError(f'Diving48 code {code!r}: bad twist part {twists!r}')
    words.append(_DIVE_POSITION[position])
    return ', '.join(words)


def diving48_file(path: str) -> List[str]:
    """A file of Diving48 class codes, one a line, turned into words."""
    return [diving48_words(code) for code in _read_lines(path)]


def builtin_dataset(name: str) -> List[str]:
    """Class names of a public dataset shipped with the package (label order)."""
    if name not in BUILTIN_DATASETS:
        raise ValueError(f'unknown dataset {name!r}; shipped: {", ".join(BUILTIN_DATASETS)}')
    path = osp.join(LABEL_MAP_DIR, f'{name}.txt')
    if name == 'diving48':
        return diving48_file(path)
    if name == 'finegym99':
        return [gym_event_words(n) for n in _read_lines(path)]
    return _read_lines(path)


LABEL_FORMATS = {'plain': plain_file, 'finegym': finegym_categories, 'diving48': diving48_file}


def load_class_names(source: str, label_format: str = 'plain') -> List[str]:
    """Class names from ``source``: a dataset name (``dataset:finegym99``) or a file
    read with ``label_format`` (``plain``, ``finegym``, ``diving48``)."""
    if source.startswith('dataset:'):
        return builtin_dataset(source[len('dataset:'):])
    if label_format not in LABEL_FORMATS:
        raise ValueError(f'unknown label format {label_format!r}; known: {sorted(LABEL_FORMATS)}')
    return LABEL_FORMATS[label_format](source)
