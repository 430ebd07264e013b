"""Write a control version of a text bank (same shape, no usable text).

    python tools/data/control_text_bank.py data/synthetic_v400/text_bank.pth \\
        data/synthetic_v400/text_bank_shuffled-names.pth --control shuffled-names --seed 0
    python tools/data/control_text_bank.py data/synthetic_v400/text_bank.pth \\
        data/synthetic_v400/text_bank_random.pth --control random --seed 0

``shuffled-names``: every class gets another class's text embeddings (the
name-to-label map permuted, no class left in place). ``random``: random vectors
with the real bank's norms. Train an ART config with the control bank
(``model.cls_head.bank.bank_file``) beside the real one: the difference is what
the class names contribute.
"""
import argparse

from art_mmaction.text.bank_file import load_bank, save_bank
from art_mmaction.text.controls import CONTROLS, control_bank


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('bank', help='the real bank file')
    parser.add_argument('out', help='the control bank file to write')
    parser.add_argument('--control', required=True, choices=CONTROLS)
    parser.add_argument('--seed', type=int, default=0)
    args = parser.parse_args()
    embeddings, meta = load_bank(args.bank)
    embeddings, meta = control_bank(embeddings, meta, args.control, args.seed)
    save_bank(args.out, embeddings, dict(meta, control_of=args.bank))
    extra = f", name order {meta['name_order']}" if 'name_order' in meta else ''
    print(f'wrote {args.out}: {args.control} control of {args.bank} '
          f'(seed {args.seed}{extra})')


if __name__ == '__main__':
    main()
