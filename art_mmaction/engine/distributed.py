"""Multi-process training and testing on machines without a GPU."""
import gc

import torch
import torch.distributed as dist


def prepare_cpu_distributed(cfg) -> bool:
    """Make a ``--launcher pytorch`` run work on CPU (gloo); no-op with CUDA.

    mmengine's ``init_dist`` calls ``torch.cuda.set_device`` and its default
    DDP wrapper pins ``device_ids=[LOCAL_RANK]``, both of which fail without a
    GPU. Here the process group is initialised with gloo from torchrun's
    environment (mmengine then skips its own ``init_dist``), and DDP is told
    to run on CPU (``device_ids=None``) unless the config chose a wrapper.

    Returns:
        bool: Whether the CPU path was set up.
    """
    if cfg.get('launcher', 'none') != 'pytorch' or torch.cuda.is_available():
        return False
    backend = cfg.get('env_cfg', {}).get('dist_cfg', {}).get('backend', 'gloo')
    if backend != 'gloo':
        print(f'[art_mmaction] no GPU: using the gloo backend instead of {backend!r}')
    if not dist.is_initialized():
        dist.init_process_group(backend='gloo')
    if cfg.get('model_wrapper_cfg') is None:
        cfg.model_wrapper_cfg = dict(
            type='MMDistributedDataParallel', device_ids=None, broadcast_buffers=False,
            find_unused_parameters=cfg.get('find_unused_parameters', False))
    return True


def finish_distributed() -> None:
    """Shut the process group down after a run that ended normally on every rank.

    Leaving it to interpreter exit lets the gloo worker threads be destroyed
    while still joinable, which aborts a rank ("terminate called without an
    active exception", SIGABRT) after a successful run. The barrier makes sure
    no rank tears its end down while another is still in a collective. Not
    called after an exception: that rank exits and torchrun stops the others.
    """
    if dist.is_available() and dist.is_initialized():
        gc.collect()  # wrappers and groups dropped by the caller release their gloo threads
        dist.barrier()
        dist.destroy_process_group()
