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


def optim_wrapper_for_device(optim_wrapper: dict) -> dict:
    """The config's optim wrapper, runnable on this machine.

    mmengine's fp16 ``AmpOptimWrapper`` (what MMAction2's Swin recipes and our
    Swin-B and VideoMAE V2 configs train with) asserts a GPU. Without CUDA it is
    replaced by :class:`CPUBF16OptimWrapper`, mixed precision in bfloat16, with a
    warning that names both; every other wrapper is returned as it is.
    """
    if optim_wrapper.get('type') != 'AmpOptimWrapper' or torch.cuda.is_available():
        return optim_wrapper
    from mmengine.logging import print_log
    print_log('optim_wrapper.type="AmpOptimWrapper" (fp16 mixed precision) needs CUDA; '
              'this machine has none, so training runs in bfloat16 autocast '
              '(CPUBF16OptimWrapper) instead.', logger='current', level=30)
    optim_wrapper = dict(optim_wrapper, type='CPUBF16OptimWrapper')
    for fp16_only in ('loss_scale', 'dtype', 'use_fsdp'):
        optim_wrapper.pop(fp16_only, None)
    return optim_wrapper
