"""Classify one video with a trained model and, for ART, show what it tracked.

    python tools/infer.py VIDEO CONFIG CHECKPOINT [--show-tracklets out.png]
        [--animation out.gif|out.mp4] [--show-scores top5.png] [--label-file names.txt]
        [--top-k 5]

Loading and scoring go through MMAction2's own ``init_recognizer`` and
``inference_recognizer`` (the checkpoint is first checked against the config,
key by key). Any video decord reads works: the config's test pipeline samples
and resizes it.
"""
import argparse
import json
import os.path as osp

import numpy as np

import art_mmaction  # noqa: F401  (compat fixes + registers ART modules)
from art_mmaction.apis import (check_video, class_names, explain_clip,
                               init_checked_recognizer)
from art_mmaction.engine import load_config
from mmaction.apis import inference_recognizer
from mmengine.config import DictAction


def parse_args():
    parser = argparse.ArgumentParser(description='Top-k classes of one video')
    parser.add_argument('video', help='video file (anything decord reads)')
    parser.add_argument('config', help='the config the checkpoint was trained with')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument('--top-k', type=int, default=5)
    parser.add_argument('--label-file', help='class names, one a line in label order '
                        "(default: the config's class_names_file or its text bank's names)")
    parser.add_argument('--show-tracklets', metavar='OUT.png',
                        help='write the tracklet figure (ART models only)')
    parser.add_argument('--animation', metavar='OUT.gif',
                        help='also write an animated overlay (.gif or .mp4)')
    parser.add_argument('--show-scores', metavar='OUT.png',
                        help='write frames of the video above its top-k classes (any model)')
    parser.add_argument('--out-json', help='write the scores and top-k to this file')
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    return parser.parse_args()


def main():
    args = parse_args()
    cfg = load_config(args.config, args.cfg_options)
    check_video(args.video)
    model = init_checked_recognizer(cfg, args.checkpoint, device=args.device)
    result = inference_recognizer(model, args.video)
    scores = result.pred_score.cpu()
    names = class_names(cfg, args.label_file)
    if names is not None and len(names) != scores.numel():
        raise ValueError(f'{len(names)} class names but the model has {scores.numel()} '
                         'classes: check --label-file')
    name = (lambda i: names[i]) if names else (lambda i: f'class {i}')
    top = scores.topk(min(args.top_k, scores.numel()))
    print(f'{args.video}: top-{len(top.indices)} of {scores.numel()} classes')
    for rank, (score, index) in enumerate(zip(top.values.tolist(), top.indices.tolist()), 1):
        print(f'  {rank}. {name(index):<40s} {score:.4f}  (label {index})')

    if args.show_scores:
        import decord
        from art_mmaction.visualization import save_topk_figure
        reader = decord.VideoReader(args.video)
        picks = ((np.arange(4) + 0.5) * len(reader) / 4).astype(int).tolist()
        save_topk_figure(list(reader.get_batch(picks).asnumpy()),
                         [name(int(i)) for i in top.indices], top.values.tolist(),
                         args.show_scores, title=f'{osp.basename(args.video)}: '
                         f'{osp.basename(args.config)}')
        print(f'top-k figure: {args.show_scores}')

    if args.show_tracklets or args.animation:
        if not hasattr(model, 'forward_tracklets'):
            raise ValueError(f'--show-tracklets needs an ART model; {args.config} builds '
                             f'{type(model).__name__}')
        from art_mmaction.visualization import save_tracklet_animation, save_tracklet_figure
        explanation = explain_clip(model, args.video)
        picked = [name(int(i)) for i in explanation['picked_classes']]
        title = (f'{osp.basename(args.video)}: predicted "{name(int(top.indices[0]))}" '
                 f'({float(top.values[0]):.2f})')
        if args.show_tracklets:
            save_tracklet_figure(explanation, args.show_tracklets, title, picked)
            print(f'tracklet figure: {args.show_tracklets}')
        if args.animation:
            save_tracklet_animation(explanation, args.animation)
            print(f'tracklet animation: {args.animation}')
    if args.out_json:
        with open(args.out_json, 'w') as f:
            json.dump(dict(video=args.video, scores=scores.tolist(),
                           top=[dict(label=int(i), name=name(int(i)), score=float(s))
                                for s, i in zip(top.values, top.indices)]), f, indent=1)


if __name__ == '__main__':
    main()
