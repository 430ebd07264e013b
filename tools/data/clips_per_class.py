"""Write an annotation list with n clips of each class of another, chosen by a seed.

    python tools/data/clips_per_class.py data/gym/annotations/gym99_train.txt \
        data/gym/annotations/gym99_train_8per-class_seed0.txt --clips-per-class 8 --seed 0

Reads MMAction2's list format (``path label`` a line, a path without spaces) and keeps the
lines of the clips that ``SafeVideoDataset(clips_per_class=n, subset_seed=seed)`` keeps,
in their order: the same seed keeps the same clips, and a smaller n a subset of what a
larger n keeps. The list it writes works with any MMAction2 dataset.
"""
import argparse

from art_mmaction.datasets.per_class_subset import clips_per_class_indices


def read_labels(path: str) -> tuple:
    lines, labels = [], []
    with open(path) as f:
        for number, line in enumerate(f, 1):
            fields = line.split()
            if not fields:
                continue
            if len(fields) < 2 or not fields[-1].lstrip('-').isdigit():
                raise ValueError(f'{path}:{number}: expected "<path> <label>", got {line.strip()!r}')
            lines.append(line if line.endswith('\n') else line + '\n')
            labels.append(int(fields[-1]))
    return lines, labels


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('ann_file')
    parser.add_argument('out')
    parser.add_argument('--clips-per-class', type=int, required=True)
    parser.add_argument('--seed', type=int, default=0)
    args = parser.parse_args()
    lines, labels = read_labels(args.ann_file)
    kept = clips_per_class_indices(labels, args.clips_per_class, args.seed, args.ann_file)
    with open(args.out, 'w') as f:
        f.writelines(lines[i] for i in kept)
    print(f'{args.out}: {len(kept)} clips, {args.clips_per_class} of each of '
          f'{len(set(labels))} classes (seed {args.seed})')


if __name__ == '__main__':
    main()
