"""The ART recognizer: MMAction2's Recognizer3D with a token backbone and ARTHead."""
from collections import OrderedDict
from typing import Dict, Tuple

import torch
from mmaction.models.recognizers import Recognizer3D
from mmaction.registry import MODELS
from mmengine.dist import all_gather, all_gather_object, get_rank
from mmengine.logging import MessageHub
from torch import nn


class NonFiniteLossError(FloatingPointError):
    """A loss term became NaN or infinite; raised before the optimizer step."""


class LabelRangeError(ValueError):
    """A training label lies outside [0, num_classes)."""


@MODELS.register_module()
class ARTRecognizer(Recognizer3D):
    """Recognizer3D whose backbone returns ``(x_cls, tokens)`` and head is ARTHead.

    Faults found on one rank stop every rank with the same message: the label
    range check (before the forward pass; out-of-range labels are clamped for
    that one forward so it cannot crash first) and the finite check of the summed
    loss travel in one small ``all_gather`` per step, read once on the host;
    the per-term diagnosis is gathered only after a failure. No rank is left
    waiting in the gradient all-reduce.

    ``loss()`` returns ``loss_cls``, ``loss_cls_global``, ``loss_mtc_*`` and
    ``loss_text_*`` (plus top-k accuracy); ``predict()`` returns MMAction2 data
    samples whose ``pred_score`` comes from the fused classifier, averaged over
    views by the head's ``average_clips`` as in MMAction2.

    Args:
        check_finite_loss (bool): Stop training with :class:`NonFiniteLossError`
            naming the iteration and every non-finite loss term, before the
            optimizer step can write NaN into the weights. BatchNorm running
            statistics, which the forward pass itself updates, are put back as
            they were, so the model in memory and the last checkpoint stay intact.
            Costs one device sync a step and a copy of the BatchNorm statistics.
        **kwargs: Everything ``Recognizer3D`` takes.
    """

    def __init__(self, *args, check_finite_loss: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.check_finite_loss = check_finite_loss

    def _running_stats(self):
        for module in self.modules():
            if isinstance(module, nn.modules.batchnorm._BatchNorm) and \
                    module.track_running_stats:
                yield from (module.running_mean, module.running_var,
                            module.num_batches_tracked)

    def loss(self, inputs: torch.Tensor, data_samples, **kwargs) -> dict:
        if self.check_finite_loss:
            self._stats_before_forward = [(stat, stat.clone()) for stat in self._running_stats()
                                          if stat is not None]
        self._label_fault = self._check_label_range(data_samples)
        return super().loss(inputs, data_samples, **kwargs)

    def _check_label_range(self, data_samples) -> torch.Tensor:
        """[flag, first bad label] of this batch, without a host sync; bad labels
        are clamped in the data samples so the forward pass runs to the check."""
        num_classes = self.cls_head.num_classes
        labels = torch.stack([s.gt_label.reshape(-1)[0] for s in data_samples]
                             if data_samples[0].gt_label.numel() == 1 else
                             [s.gt_label.new_zeros(()) for s in data_samples])
        bad = (labels < 0) | (labels >= num_classes)
        first = labels.gather(0, bad.int().argmax().reshape(1))[0]  # no host sync
        for sample, label in zip(data_samples, labels.clamp(0, num_classes - 1)):
            if sample.gt_label.numel() == 1:
                sample.gt_label = label.reshape(sample.gt_label.shape)
        return torch.stack([bad.any(), first]).float()

    def _restore_running_stats(self) -> None:
        with torch.no_grad():
            for stat, saved in getattr(self, '_stats_before_forward', []):
                stat.copy_(saved)

    def parse_losses(self, losses: Dict[str, torch.Tensor]) -> Tuple[torch.Tensor, dict]:
        """MMAction2's loss sum, with every logged value and both fault checks read
        from the device in one transfer: [non-finite flag, label fault, label,
        *logged values] of every rank, one ``all_gather`` and one ``tolist()``.
        The logged values come back as Python floats, so the logger does not wait
        for the device once per value."""
        loss, log_vars = super().parse_losses(losses)
        label_fault = getattr(self, '_label_fault', None)
        self._label_fault = None
        total = loss.detach().float()
        nonfinite = (~torch.isfinite(total)).float() if self.check_finite_loss else \
            total.new_zeros(())
        if label_fault is None:
            label_fault = total.new_tensor([0.0, 0.0])
        values = [value.detach().float().reshape(()) for value in log_vars.values()]
        local = torch.stack([nonfinite.reshape(()), *label_fault.to(total), *values])
        table = torch.stack(all_gather(local)).tolist()  # the one host sync of the step
        bad_labels = [(rank, int(row[2])) for rank, row in enumerate(table) if row[1]]
        bad_losses = [rank for rank, row in enumerate(table) if row[0]]
        if bad_labels or bad_losses:
            self._restore_running_stats()
        if bad_labels:
            rank, label = bad_labels[0]
            num_classes = self.cls_head.num_classes
            raise LabelRangeError(
                f'label {label} is out of range for num_classes={num_classes} (labels must '
                f'be in [0, {num_classes - 1}]; found on rank {rank}, ranks with bad labels: '
                f'{[r for r, _ in bad_labels]}). Training stopped on every rank.')
        if bad_losses:
            terms = {name: value for name, value in losses.items()
                     if 'loss' in name and isinstance(value, torch.Tensor)}
            local_terms = ', '.join(f'{name}={value.detach().float().mean().item()}'
                                    for name, value in terms.items()
                                    if not torch.isfinite(value.detach()).all())
            per_rank = all_gather_object(local_terms)
            hub = MessageHub.get_current_instance()
            where = (f'iteration {hub.get_info("iter", -1) + 1} '
                     f'(epoch {hub.get_info("epoch", -1) + 1})')
            detail = '; '.join(f'rank {r}: {per_rank[r]}' for r in bad_losses)
            raise NonFiniteLossError(
                f'non-finite loss at {where}: {detail}. Training stopped on every rank '
                'before the optimizer step; the weights and the last checkpoint are '
                'unchanged. Lower the learning rate, check the inputs, or set '
                'model.check_finite_loss=False to let it run on.')
        own = table[get_rank()][3:]
        return loss, OrderedDict(zip(log_vars, own))

    def extract_feat(self, inputs: torch.Tensor, stage: str = 'neck', data_samples=None,
                     test_mode: bool = False):
        feats, kwargs = super().extract_feat(inputs, stage=stage, data_samples=data_samples,
                                             test_mode=test_mode)
        if stage != 'head' and not (isinstance(feats, (tuple, list)) and len(feats) == 2):
            raise TypeError(
                f'ARTRecognizer needs a backbone that returns (x_cls, tokens), but '
                f'{type(self.backbone).__name__} returned {type(feats).__name__}. Use '
                'UniFormerV2WithTokens or wrap the backbone in FeatureMapTokenAdapter.')
        return feats, kwargs

    @torch.no_grad()
    def forward_tracklets(self, inputs: torch.Tensor) -> Dict[str, torch.Tensor]:
        """Head internals for one batch of preprocessed clips [N, V, C, T, H, W].

        Returns the dict of :meth:`ARTHead.forward_art` over the N*V views
        (response maps, aggregation weights, picked classes, logits).
        """
        feats, _ = self.extract_feat(inputs, test_mode=True)
        return self.cls_head.forward_art(feats)
