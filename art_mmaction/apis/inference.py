"""Checked model loading and per-clip explanations on top of ``mmaction.apis``."""
import os.path as osp
from typing import Dict, List, Optional, Union

import torch
from mmaction.apis import init_recognizer
from mmengine.config import Config
from mmengine.dataset import Compose, pseudo_collate

from art_mmaction.compat import load_local_checkpoint
from art_mmaction.datasets import BadVideoError

BANK_KEY = 'cls_head.bank.bank'


class CheckpointMismatchError(RuntimeError):
    """The checkpoint does not belong to the config it is loaded with."""


def check_video(path: str) -> int:
    """Open ``path`` with decord; return its frame count or raise naming the file."""
    import decord
    if not osp.isfile(path):
        raise BadVideoError(f'video not found: {path}')
    try:
        frames = len(decord.VideoReader(path))
    except Exception as error:  # decord raises RuntimeError or DECORDError
        raise BadVideoError(f'cannot read video {path}: {str(error).strip()[:200]}') from None
    if frames == 0:
        raise BadVideoError(f'video {path} has zero frames')
    return frames


def read_state_dict(path: str) -> Dict[str, torch.Tensor]:
    """The model state dict of a checkpoint file (safe loader, ``module.`` stripped)."""
    checkpoint = load_local_checkpoint(path, map_location='cpu')
    state = checkpoint.get('state_dict', checkpoint) if isinstance(checkpoint, dict) else None
    if not isinstance(state, dict) or not all(isinstance(v, torch.Tensor) for v in state.values()):
        raise CheckpointMismatchError(f'{path} holds no model state dict')
    return {k[len('module.'):] if k.startswith('module.') else k: v for k, v in state.items()}


def check_checkpoint(model: torch.nn.Module, path: str) -> Dict[str, torch.Tensor]:
    """The state dict of ``path`` after :func:`check_state_dict`."""
    return check_state_dict(model, read_state_dict(path), path)


def check_state_dict(model: torch.nn.Module, state: Dict[str, torch.Tensor],
                     source: str) -> Dict[str, torch.Tensor]:
    """``state`` after checking it fits ``model`` exactly.

    Raises :class:`CheckpointMismatchError` naming ``source`` and the first
    disagreeing keys (missing, unexpected or of another shape); for an ART model
    a state without the text bank gets its own message.
    """
    expected = model.state_dict()
    if BANK_KEY in expected and BANK_KEY not in state:
        raise CheckpointMismatchError(
            f'checkpoint {source} has no text bank ({BANK_KEY}): it was not saved from an '
            'ART model, so the class semantics the head was trained with are unknown')
    missing = sorted(set(expected) - set(state))
    unexpected = sorted(set(state) - set(expected))
    reshaped = sorted(k for k in set(expected) & set(state)
                      if expected[k].shape != state[k].shape)
    if missing or unexpected or reshaped:
        parts = []
        if missing:
            parts.append(f'{len(missing)} missing (e.g. {", ".join(missing[:3])})')
        if unexpected:
            parts.append(f'{len(unexpected)} unexpected (e.g. {", ".join(unexpected[:3])})')
        if reshaped:
            parts.append('other shapes: ' + ', '.join(
                f'{k} {tuple(state[k].shape)} vs {tuple(expected[k].shape)}'
                for k in reshaped[:3]))
        raise CheckpointMismatchError(
            f'checkpoint {source} does not match the config\'s model: ' + '; '.join(parts) +
            '. Was it trained with another config?')
    return state


def init_checked_recognizer(config: Union[str, Config], checkpoint: str,
                            device: str = 'cpu') -> torch.nn.Module:
    """``mmaction.apis.init_recognizer`` that refuses a checkpoint of another model.

    MMAction2 loads with ``strict=False``, so a wrong checkpoint would run with
    random weights; here every key and shape must match.
    """
    if not osp.isfile(checkpoint):
        raise FileNotFoundError(f'checkpoint file not found: {checkpoint}')
    model = init_recognizer(config, None, device='cpu')
    model.load_state_dict(check_checkpoint(model, checkpoint), strict=True)
    return model.to(device).eval()


def init_frozen_recognizer(config: Config, checkpoint: Optional[str] = None,
                           device: str = 'cpu') -> torch.nn.Module:
    """A recognizer in eval mode with the weights a frozen-feature tool must read:
    ``checkpoint`` (checked like :func:`init_checked_recognizer`), or without one
    the config's own initialisation (``init_weights()``: its pretrained backbone
    from ``init_cfg``, its text bank). MMAction2's ``init_recognizer`` alone
    leaves a model without a checkpoint at random initialisation."""
    if checkpoint:
        return init_checked_recognizer(config, checkpoint, device)
    model = init_recognizer(config, None, device='cpu')
    model.init_weights()
    return model.to(device).eval()


def class_names(cfg: Config, label_file: Optional[str] = None) -> Optional[List[str]]:
    """Class names for printing: ``label_file``, else the config's
    ``class_names_file`` (a file or ``dataset:NAME`` of a shipped label map), else the names recorded in the config's text-bank file."""
    from art_mmaction.datasets import read_classnames
    from art_mmaction.text import load_bank, load_class_names
    for path in (label_file, cfg.get('class_names_file')):
        if path and path.startswith('dataset:'):
            return load_class_names(path)
        if path and osp.isfile(path):
            return read_classnames(path)
    if label_file:
        raise FileNotFoundError(f'label file not found: {label_file}')
    bank = cfg.get('model', {}).get('cls_head', {}).get('bank', {})
    if bank.get('bank_file') and osp.isfile(bank['bank_file']):
        return load_bank(bank['bank_file'])[1].get('class_names')
    return None


@torch.no_grad()
def explain_clip(model: torch.nn.Module, video: str,
                 pipeline_cfg: Optional[List[dict]] = None) -> Dict[str, torch.Tensor]:
    """Everything needed to draw what ART looked at in ``video``.

    Uses ``pipeline_cfg`` (default: the model config's test pipeline) and the
    first view (clip/crop).

    Returns:
        dict: ``frames`` [T, H, W, 3] uint8 (the crop the model saw),
        ``response_maps`` [T', K, h, w] (each map sums to 1), ``weights`` [K, T'],
        ``cam`` [T', h, w] in [0, 1] and ``cam_kind`` (see
        :func:`~art_mmaction.visualization.backbone_token_map`: the backbone
        tokens through the global classifier fc_v for the predicted class, or
        their feature norm when the widths differ), ``scores`` [N_c] (all views,
        as in ``inference_recognizer``), ``picked_classes`` [K]; and ``regions``
        (see :func:`~art_mmaction.apis.tracking.sample_with_regions`: the ground-
        truth limb and figure boxes on the frames) when the video has a
        ``.regions.json`` side file. ``frames`` has the clip's T input frames,
        the maps the backbone's T' token frames (T' <= T).
    """
    from art_mmaction.datasets import regions_path
    from art_mmaction.visualization import backbone_token_map, response_maps_grid

    from .tracking import pipeline_with_regions, sample_with_regions
    check_video(video)
    item = dict(filename=video, label=-1, start_index=0, modality='RGB')
    pipeline_cfg = pipeline_cfg or model.cfg.test_pipeline
    regions = None
    if osp.isfile(regions_path(video)):
        data, regions = sample_with_regions(
            pipeline_with_regions(pipeline_cfg, single_view=False), item)
    else:
        data = Compose(pipeline_cfg)(item)
    batch = model.data_preprocessor(pseudo_collate([data]), False)
    inputs = batch['inputs']                                   # [1, V, C, T, H, W]
    scores = model.test_step(pseudo_collate([data]))[0].pred_score
    view = inputs[:, :1]
    feats, _ = model.extract_feat(view, test_mode=True)
    out = model.cls_head.forward_art(feats)
    _, tokens = feats  # (x_cls, patch tokens [N, T, L, C])
    predicted = int(scores.argmax())
    cam, cam_kind = backbone_token_map(tokens[0], model.cls_head.fc_global.weight[predicted])
    frames = data['inputs'][0].permute(1, 2, 3, 0).clamp(0, 255).to(torch.uint8)
    explanation = dict(frames=frames, response_maps=response_maps_grid(out['response_maps'])[0],
                       weights=out['weights'][0], cam=cam, cam_kind=cam_kind, scores=scores,
                       picked_classes=out['picked_classes'][0])
    if regions is not None:
        explanation['regions'] = regions
    return explanation
