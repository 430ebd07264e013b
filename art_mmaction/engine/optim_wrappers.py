"""Mixed precision that also works on CPU.

mmengine's ``AmpOptimWrapper`` asserts a GPU (or NPU/MLU/MUSA). On CPU, PyTorch's
autocast supports bfloat16, which needs no loss scaling, so ``--amp`` there uses
:class:`CPUBF16OptimWrapper` instead of refusing to run.
"""
from contextlib import contextmanager

import torch
from mmengine.optim import OptimWrapper
from mmengine.registry import OPTIM_WRAPPERS


@OPTIM_WRAPPERS.register_module()
class CPUBF16OptimWrapper(OptimWrapper):
    """Runs forward and loss under ``torch.autocast('cpu', dtype=torch.bfloat16)``.

    Parameters and optimizer state stay in float32; only the autocast-eligible
    ops (matmuls, convolutions) run in bfloat16. The classification head's
    scores are cast back to float32, because MMAction2's heads hand them to
    NumPy for top-k accuracy and NumPy has no bfloat16.
    """

    @staticmethod
    def _scores_to_float32(module, inputs, output):
        if isinstance(output, torch.Tensor) and output.dtype == torch.bfloat16:
            return output.float()
        return output

    @contextmanager
    def optim_context(self, model: torch.nn.Module):
        module = getattr(model, 'module', model)
        head = getattr(module, 'cls_head', None)
        handle = head.register_forward_hook(self._scores_to_float32) if head is not None \
            else None
        try:
            with super().optim_context(model), \
                    torch.autocast(device_type='cpu', dtype=torch.bfloat16):
                yield
        finally:
            if handle is not None:
                handle.remove()


def amp_optim_wrapper_cfg(optim_wrapper: dict) -> dict:
    """The optim-wrapper config ``--amp`` asks for on this machine.

    CUDA: mmengine's ``AmpOptimWrapper`` (fp16, dynamic loss scale), as MMAction2
    does. CPU: :class:`CPUBF16OptimWrapper`. A wrapper type other than the plain
    ``OptimWrapper`` is left alone with an error rather than silently replaced.
    """
    current = optim_wrapper.get('type', 'OptimWrapper')
    if current in ('AmpOptimWrapper', 'CPUBF16OptimWrapper'):
        return optim_wrapper
    if current != 'OptimWrapper':
        raise ValueError(
            f'--amp only replaces optim_wrapper.type="OptimWrapper", but the config '
            f'sets "{current}"; set a mixed-precision wrapper in the config instead.')
    optim_wrapper = dict(optim_wrapper)
    if torch.cuda.is_available():
        optim_wrapper.update(type='AmpOptimWrapper', loss_scale='dynamic')
    else:
        optim_wrapper.update(type='CPUBF16OptimWrapper')
    return optim_wrapper
