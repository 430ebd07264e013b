"""FineGym288 file lists beside MMAction2's FineGym99 ones.

MMAction2's tools/data/gym scripts download the Gym99 lists, cut every sub-action clip
of FineGym's annotation file into data/gym/subactions/ and write gym99_{train,val}.txt.
Gym288 uses the same clips with its own lists; this script fetches them from FineGym's
site (``--download``) and writes, from the clips that are present:

    data/gym/annotations/gym288_train.txt, gym288_val.txt   (``<clip>.mp4 <label>``)

    python tools/data/finegym288_file_list.py --gym-root data/gym --download

Without ``--download`` it reads gym288_{train,val}_org.txt (FineGym's lists, one
``<clip id> <label>`` a line) already in data/gym/annotations/.
"""
import argparse
import os
import os.path as osp
import urllib.request

FINEGYM = 'https://sdolivia.github.io/FineGym/resources/dataset/'
# FineGym's Gym288 files: the v1.1 train list (the one FineGym publishes for Gym288), the
# val list and the class names.
DOWNLOADS = {'gym288_train_org.txt': 'gym288_train_element_v1.1.txt',
             'gym288_val_org.txt': 'gym288_val_element.txt',
             'gym288_categories.txt': 'gym288_categories.txt'}
NUM_CLASSES = 288


def download(annotations: str) -> None:
    os.makedirs(annotations, exist_ok=True)
    for local, remote in DOWNLOADS.items():
        print(f'{FINEGYM}{remote} -> {osp.join(annotations, local)}')
        urllib.request.urlretrieve(FINEGYM + remote, osp.join(annotations, local))


def read_finegym_list(path: str) -> list:
    """[(clip id, label)] of a FineGym list; a malformed line or label names the file."""
    if not osp.isfile(path):
        raise FileNotFoundError(f'{path} not found: run with --download, or put FineGym\'s '
                                f'list there')
    entries = []
    with open(path) as f:
        for number, line in enumerate(f, 1):
            fields = line.split()
            if not fields:
                continue
            if len(fields) != 2 or not fields[1].isdigit() or \
                    not 0 <= int(fields[1]) < NUM_CLASSES:
                raise ValueError(f'{path}:{number}: expected "<clip id> <label in '
                                 f'[0, {NUM_CLASSES})>", got {line.strip()!r}')
            entries.append((fields[0], int(fields[1])))
    return entries


def write_file_lists(gym_root: str) -> dict:
    """Writes gym288_{train,val}.txt from the clips under subactions/; returns
    {split: (kept, listed)}."""
    annotations, clips = osp.join(gym_root, 'annotations'), osp.join(gym_root, 'subactions')
    if not osp.isdir(clips):
        raise FileNotFoundError(f'{clips} not found: cut the sub-action clips with '
                                "MMAction2's tools/data/gym scripts first")
    present = set(os.listdir(clips))
    counts = {}
    for split in ('train', 'val'):
        entries = read_finegym_list(osp.join(annotations, f'gym288_{split}_org.txt'))
        kept = [(clip, label) for clip, label in entries if f'{clip}.mp4' in present]
        with open(osp.join(annotations, f'gym288_{split}.txt'), 'w') as f:
            f.writelines(f'{clip}.mp4 {label}\n' for clip, label in kept)
        counts[split] = (len(kept), len(entries))
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--gym-root', default='data/gym')
    parser.add_argument('--download', action='store_true',
                        help="fetch FineGym's Gym288 lists and class names first")
    args = parser.parse_args()
    if args.download:
        download(osp.join(args.gym_root, 'annotations'))
    for split, (kept, listed) in write_file_lists(args.gym_root).items():
        print(f'gym288_{split}.txt: {kept} of {listed} listed clips present'
              + ('' if kept == listed else f' ({listed - kept} missing from subactions/)'))


if __name__ == '__main__':
    main()
