"""Random-number-generator state in checkpoints, for exact resume."""
import random

import numpy as np
import torch
from mmaction.registry import HOOKS
from mmengine.hooks import Hook

RNG_KEY = 'rng_state'


def capture_rng_state() -> dict:
    """Python, NumPy, torch CPU (and CUDA) generator states, weights_only-loadable."""
    version, internal, gauss = random.getstate()
    name, keys, pos, has_gauss, cached = np.random.get_state()
    state = dict(python=dict(version=version, internal=list(internal), gauss=gauss),
                 numpy=dict(name=name, keys=torch.from_numpy(keys.astype(np.int64)),
                            pos=int(pos), has_gauss=int(has_gauss), cached=float(cached)),
                 torch=torch.get_rng_state())
    if torch.cuda.is_available():
        state['cuda'] = torch.cuda.get_rng_state_all()
    return state


def restore_rng_state(state: dict) -> None:
    """Inverse of :func:`capture_rng_state`."""
    python = state['python']
    random.setstate((python['version'], tuple(python['internal']), python['gauss']))
    numpy = state['numpy']
    np.random.set_state((numpy['name'], numpy['keys'].numpy().astype(np.uint32),
                         numpy['pos'], numpy['has_gauss'], numpy['cached']))
    torch.set_rng_state(state['torch'])
    if 'cuda' in state and torch.cuda.is_available():
        if len(state['cuda']) != torch.cuda.device_count():
            raise RuntimeError(f'the checkpoint holds CUDA RNG states for {len(state["cuda"])} '
                               f'devices but this process sees {torch.cuda.device_count()}')
        torch.cuda.set_rng_state_all(state['cuda'])


@HOOKS.register_module()
class RNGStateHook(Hook):
    """Makes ``--resume`` continue the random stream of the interrupted run.

    mmengine re-seeds at start-up, so a resumed run would otherwise draw other
    dropout masks, augmentation parameters (``num_workers=0``) and DataLoader
    worker seeds than the uninterrupted run. This hook

    * saves the RNG states in every checkpoint (key ``rng_state``) and restores
      them when a run resumes (``load_from`` alone leaves them alone);
    * keeps validation out of the training stream: states are saved before each
      validation and put back after it, so a run that validated after epoch N
      and one that resumed from epoch N's checkpoint draw the same numbers.

    Every state is a tensor or a plain Python value, so the checkpoint stays
    loadable with ``weights_only=True``.
    """

    priority = 'VERY_LOW'

    def __init__(self):
        self._before_val = None

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        # mmengine re-saves the epoch checkpoint during validation when the best
        # score improves; it must hold the training stream, not validation's.
        inside_val = self._before_val is not None
        checkpoint[RNG_KEY] = self._before_val if inside_val else capture_rng_state()

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        if not getattr(runner, '_resume', False):
            return
        if RNG_KEY not in checkpoint:
            runner.logger.warning('the resumed checkpoint has no RNG state (saved without '
                                  'RNGStateHook): random draws will differ from an '
                                  'uninterrupted run')
            return
        try:
            restore_rng_state(checkpoint[RNG_KEY])
        except RuntimeError as error:
            runner.logger.warning(f'RNG state not restored: {error}')
            return
        runner.logger.info('restored the RNG states saved in the checkpoint')

    def before_val(self, runner) -> None:
        self._before_val = capture_rng_state()

    def after_val(self, runner) -> None:
        if self._before_val is not None:
            restore_rng_state(self._before_val)
            self._before_val = None
