"""A fixed intra-op thread count, so a CPU run repeats exactly on its machine."""
import torch


def apply_thread_count(cfg) -> int:
    """``torch.set_num_threads(cfg.num_threads)`` when the config sets it.

    The order of a float reduction follows how PyTorch splits it over threads,
    so the same config and seed give bit-identical runs only at a fixed thread
    count (and on the same CPU kind and PyTorch build). Returns the count in use.
    """
    threads = cfg.get('num_threads')
    if threads:
        if int(threads) < 1:
            raise ValueError(f'num_threads must be >= 1, got {threads}')
        torch.set_num_threads(int(threads))
    return torch.get_num_threads()
