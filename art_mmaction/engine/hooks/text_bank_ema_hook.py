"""EMA fine-tuning of the text bank (ART_METHOD.md, section 2)."""
from mmaction.registry import HOOKS
from mmengine.dist import all_gather, get_world_size
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from art_mmaction.models.layers import TextSemanticsBank


@HOOKS.register_module()
class TextBankEMAHook(Hook):
    """After every optimiser step: S <- momentum * S + (1 - momentum) * S_a.

    Runs on the unwrapped model and needs no communication: every rank holds the
    same S_a after a synchronised step, so every rank computes the same S. The
    hook keeps no state of its own; S lives in the model's checkpoint, so the
    update continues exactly after ``--resume``.

    After every epoch of a distributed run it gathers S from all ranks and stops
    with an error if they differ by more than ``rank_tolerance``, so a drift
    (e.g. a rank that skipped a step) is caught within one epoch, not at the end.

    Args:
        momentum (float): mu. Ours: 0.999.
        rank_tolerance (float): Largest allowed |S_rank - S_rank0| entry; None
            disables the check.
    """

    priority = 'ABOVE_NORMAL'

    def __init__(self, momentum: float = 0.999, rank_tolerance: float = 1e-6):
        if not 0.0 <= momentum <= 1.0:
            raise ValueError(f'TextBankEMAHook.momentum must be in [0, 1], got {momentum}')
        self.momentum = momentum
        self.rank_tolerance = rank_tolerance

    def _banks(self, runner):
        model = runner.model.module if is_model_wrapper(runner.model) else runner.model
        banks = [m for m in model.modules() if isinstance(m, TextSemanticsBank)]
        if not banks:
            raise RuntimeError('TextBankEMAHook is configured but the model has no '
                               'TextSemanticsBank (is it an ART model?)')
        return banks

    def after_train_iter(self, runner, batch_idx: int, data_batch=None, outputs=None) -> None:
        for bank in self._banks(runner):
            bank.ema_update(self.momentum)

    def after_train_epoch(self, runner) -> None:
        world_size = get_world_size()
        if self.rank_tolerance is None or world_size < 2:
            return
        for bank in self._banks(runner):
            gathered = all_gather(bank.bank.detach())
            drift = max(float((other - gathered[0]).abs().max()) for other in gathered)
            if drift > self.rank_tolerance:
                raise RuntimeError(
                    f'text bank S differs across the {world_size} ranks after epoch '
                    f'{runner.epoch}: max |S_rank - S_rank0| = {drift:.3g} > '
                    f'{self.rank_tolerance:g}')
            runner.logger.info(f'text bank S identical on all {world_size} ranks '
                               f'(max difference {drift:.3g})')
