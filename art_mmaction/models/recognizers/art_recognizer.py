"""The ART recognizer: MMAction2's Recognizer3D with a token backbone and ARTHead."""
from typing import Dict

import torch
from mmaction.models.recognizers import Recognizer3D
from mmaction.registry import MODELS


@MODELS.register_module()
class ARTRecognizer(Recognizer3D):
    """Recognizer3D whose backbone returns ``(x_cls, tokens)`` and head is ARTHead.

    ``loss()`` returns ``loss_cls``, ``loss_cls_global``, ``loss_mtc_*`` and
    ``loss_text_*`` (plus top-k accuracy); ``predict()`` returns MMAction2 data
    samples whose ``pred_score`` comes from the fused classifier, averaged over
    views by the head's ``average_clips`` as in MMAction2.
    """

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
