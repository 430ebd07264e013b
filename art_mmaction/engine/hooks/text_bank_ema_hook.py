"""EMA fine-tuning of the text bank (ART_METHOD.md, section 2)."""
from mmaction.registry import HOOKS
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

    Args:
        momentum (float): mu. Ours: 0.999.
    """

    priority = 'ABOVE_NORMAL'

    def __init__(self, momentum: float = 0.999):
        if not 0.0 <= momentum <= 1.0:
            raise ValueError(f'TextBankEMAHook.momentum must be in [0, 1], got {momentum}')
        self.momentum = momentum

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
