"""Fixed-size feature vectors made from a token backbone's output."""
import torch


def time_ordered_features(x_cls: torch.Tensor, tokens: torch.Tensor) -> torch.Tensor:
    """[x_cls; token mean over space of frame 1; ...; of frame T].

    Args:
        x_cls (Tensor): [N, C_b].
        tokens (Tensor): [N, T, L, C_tok].

    Returns:
        Tensor: [N, C_b + T * C_tok]: the frames stay in order (concatenated, not
        averaged over time), so early and late events land on different weights.
    """
    return torch.cat([x_cls, tokens.mean(dim=2).flatten(1)], dim=1)
