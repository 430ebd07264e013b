"""The demo's report: results table, results.json, validation curves and ART figures.

    python tools/analysis_tools/demo_report.py work_dirs/demo

Reads the runs that ``tools/analysis_tools/run_seeds.py`` left in WORK_DIR (one folder per
config, ``seed*/run.json``) and writes into WORK_DIR:

* ``results.json``: per model top-1 and mean-class accuracy of the final
  checkpoint on the held-out test split (validation accuracy beside it), train
  time, the validation history, and the machine it ran on;
* ``val_curves.png``: validation top-1 per epoch of every model;
* ``tracklets.png``: ART's tracklets on the first test clip (tools/infer.py's figure);
* ``text_bank.png``: the class semantics of S0 and the fine-tuned S.
"""
import argparse
import glob
import json
import os
import os.path as osp
import platform
import sys

import torch

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
sys.path.insert(0, osp.join(REPO, 'tools', 'analysis_tools'))
sys.path.insert(0, osp.join(REPO, 'tools', 'visualizations'))

BASELINE = 'uniformerv2-tiny_synthetic'


def machine() -> dict:
    return dict(platform=platform.platform(), cpu_cores=os.cpu_count(),
                torch=torch.__version__, threads=torch.get_num_threads(),
                device=torch.cuda.get_device_name(0) if torch.cuda.is_available() else 'cpu')


def load_runs(work_dir: str) -> dict:
    runs = {}
    for path in sorted(glob.glob(osp.join(work_dir, '*', 'seed*', 'run.json'))):
        with open(path) as f:
            run = json.load(f)
        run['work_dir'] = osp.dirname(path)
        runs.setdefault(osp.basename(osp.dirname(osp.dirname(path))), []).append(run)
    if not runs:
        raise FileNotFoundError(f'no finished runs (*/seed*/run.json) under {work_dir}; '
                                'run tools/analysis_tools/run_seeds.py first')
    return runs


def plot_curves(runs: dict, out: str) -> None:
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(7, 4.2))
    for name, seeds in runs.items():
        for run in seeds:
            epochs = [h['epoch'] for h in run['history']]
            top1 = [100 * h['top1'] for h in run['history']]
            ax.plot(epochs, top1, marker='.', label=f"{name} (seed {run['seed']})")
    num_classes = None
    if osp.isfile(osp.join(REPO, 'data/synthetic/meta.json')):
        num_classes = json.load(open(osp.join(REPO, 'data/synthetic/meta.json')))['num_classes']
    if num_classes:
        ax.axhline(100 / num_classes, color='grey', linestyle=':', label='chance')
    ax.set_xlabel('epoch')
    ax.set_ylabel('validation top-1 (%)')
    ax.set_title('Synthetic fine-grained data: same backbone, data, schedule and seed')
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def art_figures(art_run: dict, work_dir: str) -> dict:
    """tracklets.png on the first test clip and text_bank.png, from ART's last checkpoint
    (the config the run recorded)."""
    from mmengine.config import Config

    import art_mmaction  # noqa: F401
    from art_mmaction.apis import class_names, explain_clip, init_checked_recognizer
    from art_mmaction.visualization import save_tracklet_figure
    from plot_text_bank import load_banks, plot
    config = osp.join(REPO, art_run['config'])
    art = osp.splitext(osp.basename(config))[0]
    checkpoint = max(glob.glob(osp.join(art_run['work_dir'], 'epoch_*.pth')),
                     key=lambda p: int(osp.basename(p)[6:-4]))
    cfg = Config.fromfile(config)
    model = init_checked_recognizer(cfg, checkpoint)
    names = class_names(cfg)
    with open(cfg.ann_file_test) as f:
        first, label = f.readline().split()
    video = osp.join(cfg.data_root, first)
    explanation = explain_clip(model, video)
    predicted = int(explanation['scores'].argmax())
    name = (lambda i: names[i]) if names else (lambda i: f'class {i}')
    title = (f'{first} (true: "{name(int(label))}") - ART predicts "{name(predicted)}" '
             f'({float(explanation["scores"][predicted]):.2f})')
    save_tracklet_figure(explanation, osp.join(work_dir, 'tracklets.png'), title,
                         [name(int(i)) for i in explanation['picked_classes']])
    initial, tuned = load_banks(checkpoint)
    moved = plot(initial, tuned, osp.join(work_dir, 'text_bank.png'), names=names,
                 title=f'{art}, {osp.basename(checkpoint)}')['moved']
    return dict(checkpoint=checkpoint, clip=video, bank_mean_moved=float(moved.mean()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('work_dir', nargs='?', default='work_dirs/demo')
    args = parser.parse_args()
    from run_seeds import summarise
    runs = load_runs(args.work_dir)
    summary = {name: summarise(seeds) for name, seeds in runs.items()}
    print(f"\n{'model':<34s} {'test top-1':>11s} {'test mean-class':>16s} {'val top-1':>10s} "
          f"{'train time':>11s}")
    for name, s in summary.items():
        print(f"{name:<34s} {s['test_top1']['mean']:10.1f}% {s['test_mean_class']['mean']:15.1f}% "
              f"{s['val_top1']['mean']:9.1f}% {s['train_seconds']['mean']:9.0f} s")
    results = dict(machine=machine(), command='bash tools/run_demo.sh', summary=summary,
                   runs={name: [{k: v for k, v in r.items() if k != 'work_dir'} for r in seeds]
                         for name, seeds in runs.items()})
    art = next((name for name in runs if name != BASELINE), None)
    if BASELINE in summary and art is not None:
        gain = summary[art]['test_top1']['mean'] - summary[BASELINE]['test_top1']['mean']
        results['art_minus_baseline_test_top1'] = gain
        print(f'ART - baseline: {gain:+.1f} points test top-1 (final checkpoint, one seed: '
              'see the seed-sweep results for the spread)')
    plot_curves(runs, osp.join(args.work_dir, 'val_curves.png'))
    if art is not None:
        results['figures'] = art_figures(runs[art][0], args.work_dir)
    with open(osp.join(args.work_dir, 'results.json'), 'w') as f:
        json.dump(results, f, indent=1)
    print(f'wrote {args.work_dir}/results.json, val_curves.png'
          + (', tracklets.png, text_bank.png' if art is not None else ''))


if __name__ == '__main__':
    main()
