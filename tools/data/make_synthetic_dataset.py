"""Generate the synthetic fine-grained action dataset (see art_mmaction.datasets.synthetic).

Example::

    python tools/data/make_synthetic_dataset.py data/synthetic --num-classes 8
"""
import argparse
import time

from art_mmaction.datasets.synthetic import RenderOptions, make_dataset


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('out_dir', help='output folder (created)')
    parser.add_argument('--num-classes', type=int, default=8)
    parser.add_argument('--train-per-class', type=int, default=40)
    parser.add_argument('--val-per-class', type=int, default=12,
                        help='validation clips a class (to choose settings on)')
    parser.add_argument('--test-per-class', type=int, default=12,
                        help='held-out test clips a class (only to report)')
    parser.add_argument('--frames', type=int, default=16)
    parser.add_argument('--size', type=int, default=64, help='frame side in pixels')
    parser.add_argument('--difficulty', type=float, default=0.5,
                        help='0..1: noise, jitter and distractor bodies')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--family', choices=('limb', 'ball'), default='limb',
                        help="the detail that defines a class: a limb's pike / tuck / twist, "
                             'or a small ball that bounces / orbits / blinks / grows')
    return parser.parse_args()


def main():
    args = parse_args()
    start = time.time()
    options = RenderOptions(frames=args.frames, size=args.size,
                            difficulty=args.difficulty)
    paths = make_dataset(args.out_dir, num_classes=args.num_classes,
                         train_per_class=args.train_per_class,
                         val_per_class=args.val_per_class, options=options,
                         seed=args.seed, test_per_class=args.test_per_class,
                         family=args.family)
    total = args.num_classes * (args.train_per_class + args.val_per_class +
                                args.test_per_class)
    print(f'wrote {total} videos to {paths["data_root"]} in {time.time() - start:.1f} s')
    for key, path in paths.items():
        print(f'  {key}: {path}')


if __name__ == '__main__':
    main()
