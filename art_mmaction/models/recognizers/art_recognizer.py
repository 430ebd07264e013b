"""The ART recognizer: MMAction2's Recognizer3D with a token backbone and ARTHead."""
from typing import Dict, Tuple

import torch
from mmaction.models.recognizers import Recognizer3D
from mmaction.registry import MODELS
from mmengine.logging import MessageHub
from torch import nn


class NonFiniteLossError(FloatingPointError):
    """A loss term became NaN or infinite; raised before the optimizer step."""


@MODELS.register_module()
class ARTRecognizer(Recognizer3D):
    """Recognizer3D whose backbone returns ``(x_cls, tokens)`` and head is ARTHead.

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
        return super().loss(inputs, data_samples, **kwargs)

    def parse_losses(self, losses: Dict[str, torch.Tensor]) -> Tuple[torch.Tensor, dict]:
        if self.check_finite_loss:
            bad = {name: value for name, value in losses.items()
                   if 'loss' in name and isinstance(value, torch.Tensor)
                   and not torch.isfinite(value.detach()).all()}
            if bad:
                with torch.no_grad():
                    for stat, saved in getattr(self, '_stats_before_forward', []):
                        stat.copy_(saved)
                hub = MessageHub.get_current_instance()
                where = (f'iteration {hub.get_info("iter", -1) + 1} '
                         f'(epoch {hub.get_info("epoch", -1) + 1})')
                terms = ', '.join(f'{name}={value.detach().float().mean().item()}'
                                  for name, value in bad.items())
                raise NonFiniteLossError(
                    f'non-finite loss at {where}: {terms}. Training stopped before the '
                    'optimizer step; the weights and the last checkpoint are unchanged. '
                    'Lower the learning rate, check the inputs, or set '
                    'model.check_finite_loss=False to let it run on.')
        return super().parse_losses(losses)

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
