"""Random-number-generator state in checkpoints, for exact resume."""
import random

import numpy as np
import torch
from mmaction.registry import HOOKS
from mmengine.dist import all_gather_object, get_rank, get_world_size
from mmengine.hooks import CheckpointHook, Hook

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
    """Makes ``--resume`` continue the random stream of the interrupted run, on
    every rank.

    mmengine re-seeds at start-up, so a resumed run would otherwise draw other
    dropout masks, augmentation parameters (``num_workers=0``) and DataLoader
    worker seeds than the uninterrupted run. This hook

    * saves the RNG states of every rank in every checkpoint (key ``rng_state``,
      ``dict(per_rank=[...])``; only rank 0 writes the file, so the states are
      gathered from all ranks just before a checkpoint is due) and, when a run
      resumes, gives each rank back its own (``load_from`` alone leaves them
      alone). A checkpoint of another world size restores nothing and says so;
    * keeps validation out of the training stream: states are saved before each
      validation and put back after it, so a run that validated after epoch N
      and one that resumed from epoch N's checkpoint draw the same numbers.

    Every state is a tensor or a plain Python value, so the checkpoint stays
    loadable with ``weights_only=True``.
    """

    priority = 'LOW'  # before CheckpointHook (VERY_LOW) saves at the same point

    def __init__(self):
        self._before_val = None
        self._gathered = None

    def _gather(self) -> list:
        return all_gather_object(capture_rng_state())

    def _checkpoint_due_at_iter(self, runner) -> bool:
        return any(not hook.by_epoch and (hook.every_n_train_iters(runner, hook.interval)
                                          or hook.is_last_train_iter(runner))
                   for hook in runner.hooks if isinstance(hook, CheckpointHook))

    def after_train_iter(self, runner, batch_idx: int, data_batch=None, outputs=None) -> None:
        if self._checkpoint_due_at_iter(runner):
            self._gathered = self._gather()

    def after_train_epoch(self, runner) -> None:
        self._gathered = self._gather()

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        # mmengine re-saves the epoch checkpoint during validation when the best
        # score improves; it must hold the training stream, not validation's.
        states = self._before_val if self._before_val is not None else self._gathered
        if states is None:  # a save outside the training loop: rank 0 is all we have
            states = [capture_rng_state()]
        checkpoint[RNG_KEY] = dict(per_rank=states)

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        if not getattr(runner, '_resume', False):
            return
        saved = checkpoint.get(RNG_KEY)
        if saved is None:
            runner.logger.warning('the resumed checkpoint has no RNG state (saved without '
                                  'RNGStateHook): random draws will differ from an '
                                  'uninterrupted run')
            return
        states = saved['per_rank'] if 'per_rank' in saved else [saved]
        if len(states) != get_world_size():
            runner.logger.warning(
                f'RNG states not restored: the checkpoint holds {len(states)} rank(s) but '
                f'this run has {get_world_size()}; random draws will differ from an '
                'uninterrupted run')
            return
        try:
            restore_rng_state(states[get_rank()])
        except RuntimeError as error:
            runner.logger.warning(f'RNG state not restored: {error}')
            return
        runner.logger.info(f'restored the RNG states of all {len(states)} rank(s) saved in '
                           'the checkpoint')

    def before_val(self, runner) -> None:
        self._before_val = self._gather()

    def after_val(self, runner) -> None:
        if self._before_val is not None:
            restore_rng_state(self._before_val[get_rank()])
            self._before_val = None
