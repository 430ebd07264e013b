"""EMA fine-tuning of the text bank (Sun et al., TNNLS 2025: task-specific fine-tuning of
the text-derived semantics bank, S <- mu * S + (1 - mu) * S_a after every optimizer step)."""
from typing import Dict

import torch
from mmaction.registry import HOOKS
from mmengine.dist import all_gather, get_world_size
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from mmengine.optim import OptimWrapperDict

from art_mmaction.models.layers import TextSemanticsBank


@HOOKS.register_module()
class TextBankEMAHook(Hook):
    """After every optimiser step: S <- momentum * S + (1 - momentum) * S_a.

    Only iterations whose optimiser really stepped move S: with gradient
    accumulation, or when AMP's loss scaler skips a step on overflow, S_a has not
    changed and S stays (the hook counts steps with a post-step hook on the
    optimiser, so it needs no knowledge of why a step was skipped).

    Runs on the unwrapped model and needs no communication: every rank holds the
    same S_a after a synchronised step, so every rank computes the same S. The
    hook keeps no state of its own; S lives in the model's checkpoint, so the
    update continues exactly after ``--resume``.

    After every epoch of a distributed run it compares every piece of the ART
    head's state across ranks (S, S_a, S0, the prototypes W, the region prompts
    and every other parameter and buffer of the head) with one gather, and stops
    naming the tensor that drifted by more than ``rank_tolerance``.

    Args:
        momentum (float): mu. Ours: 0.999.
        rank_tolerance (float): Largest allowed |x_rank - x_rank0| entry; None
            disables the check.
    """

    priority = 'ABOVE_NORMAL'

    def __init__(self, momentum: float = 0.999, rank_tolerance: float = 1e-6):
        if not 0.0 <= momentum <= 1.0:
            raise ValueError(f'TextBankEMAHook.momentum must be in [0, 1], got {momentum}')
        self.momentum = momentum
        self.rank_tolerance = rank_tolerance
        self._steps = 0
        self._handles = []

    @staticmethod
    def _model(runner):
        return runner.model.module if is_model_wrapper(runner.model) else runner.model

    def _banks(self, runner):
        banks = [m for m in self._model(runner).modules() if isinstance(m, TextSemanticsBank)]
        if not banks:
            raise RuntimeError('TextBankEMAHook is configured but the model has no '
                               'TextSemanticsBank (is it an ART model?)')
        return banks

    def _count_step(self, optimizer, args, kwargs) -> None:
        self._steps += 1

    def before_train(self, runner) -> None:
        wrapper = runner.optim_wrapper
        wrappers = wrapper.values() if isinstance(wrapper, OptimWrapperDict) else [wrapper]
        self._handles = [w.optimizer.register_step_post_hook(self._count_step)
                         for w in wrappers]

    def after_train(self, runner) -> None:
        for handle in self._handles:
            handle.remove()
        self._handles = []

    def after_train_iter(self, runner, batch_idx: int, data_batch=None, outputs=None) -> None:
        if self._steps == 0:
            return
        self._steps = 0
        for bank in self._banks(runner):
            bank.ema_update(self.momentum)

    def _head_state(self, runner) -> Dict[str, torch.Tensor]:
        state = {}
        for bank in self._banks(runner):
            owner = next(m for m in self._model(runner).modules()
                         if any(child is bank for child in m.children()))
            for name, tensor in owner.state_dict(keep_vars=False).items():
                if tensor.is_floating_point():
                    state[name] = tensor.detach()
        return state

    def after_train_epoch(self, runner) -> None:
        world_size = get_world_size()
        if self.rank_tolerance is None or world_size < 2:
            return
        state = self._head_state(runner)
        flat = torch.cat([t.float().flatten() for t in state.values()])
        gathered = torch.stack(all_gather(flat))
        drift_per_entry = (gathered - gathered[0]).abs().amax(dim=0)
        offset, worst = 0, {}
        for name, tensor in state.items():
            worst[name] = float(drift_per_entry[offset:offset + tensor.numel()].max())
            offset += tensor.numel()
        drifted = {name: d for name, d in worst.items() if d > self.rank_tolerance}
        if drifted:
            listed = ', '.join(f'{name} (max |x_rank - x_rank0| = {d:.3g})'
                               for name, d in sorted(drifted.items(), key=lambda kv: -kv[1]))
            raise RuntimeError(
                f'ART state differs across the {world_size} ranks after epoch {runner.epoch} '
                f'(tolerance {self.rank_tolerance:g}): {listed}')
        runner.logger.info(f'ART head state (text bank S, S_a, S0, prototypes, prompts and '
                           f'{len(state)} tensors in all) identical on all {world_size} ranks '
                           f'(max difference {max(worst.values()):.3g})')
