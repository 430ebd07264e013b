"""Space and time embeddings of frame tokens, resized to the grid a clip gives."""
import math

import torch
import torch.nn.functional as F


def resize_positions(pos_embed: torch.Tensor, num_tokens: int, owner: str) -> torch.Tensor:
    """A learned positional embedding [L0, d] for ``num_tokens`` tokens a frame.

    The embedding is returned as it is when L0 == ``num_tokens``; otherwise both
    must be square grids and it is resampled bicubically. ``owner`` names the
    head in the error.
    """
    if num_tokens == pos_embed.shape[0]:
        return pos_embed
    side, new_side = math.isqrt(pos_embed.shape[0]), math.isqrt(num_tokens)
    if side * side != pos_embed.shape[0] or new_side * new_side != num_tokens:
        raise ValueError(f'{owner} was built for num_tokens={pos_embed.shape[0]} '
                         f'but got {num_tokens} tokens a frame, and they are not both '
                         'square grids to interpolate between')
    grid = pos_embed.t().reshape(1, -1, side, side)
    grid = F.interpolate(grid, size=(new_side, new_side), mode='bicubic', align_corners=False)
    return grid.reshape(-1, num_tokens).t()


def resize_times(time_embed: torch.Tensor, num_frames: int) -> torch.Tensor:
    """A learned temporal embedding [T0, d] as [T, 1, d] for ``num_frames`` frames,
    linearly resampled when T differs from T0."""
    if num_frames != time_embed.shape[0]:
        time_embed = F.interpolate(time_embed.t().unsqueeze(0), size=num_frames,
                                   mode='linear', align_corners=True)[0].t()
    return time_embed.unsqueeze(1)
