"""Validation figures of what the ART head does beside its accuracy."""
import math
from typing import Optional, Sequence

import torch
from mmaction.registry import METRICS
from mmengine.evaluator import BaseMetric


@METRICS.register_module()
class ARTHeadMetric(BaseMetric):
    """Top-K hit rate and aggregation-weight entropy over a validation set.

    Reads the fields ``ARTHead.predict`` adds to each data sample (first view):

    * ``art/topk_hit``: share of clips whose ground-truth class is among the K
      class semantics the head picked (chance: K / N_c).
    * ``art/agg_entropy``: entropy of the tracklet aggregation weights over time
      divided by log T, averaged over clips and tracklets (1: uniform, i.e.
      mean pooling; 0: one frame).
    * ``art/agg_max_weight``: mean of the largest weight of each tracklet (1/T
      when uniform).

    Use beside MMAction2's ``AccMetric``:
    ``val_evaluator = [dict(type='AccMetric'), dict(type='ARTHeadMetric')]``.
    """

    default_prefix = 'art'

    def __init__(self, collect_device: str = 'cpu', prefix: Optional[str] = None):
        super().__init__(collect_device=collect_device, prefix=prefix)

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        for sample in data_samples:
            if 'art_picked_classes' not in sample:
                raise KeyError('ARTHeadMetric needs the predictions of an ARTHead '
                               '(no art_picked_classes in the data sample)')
            label = int(torch.as_tensor(sample['gt_label']).flatten()[0])
            picked = torch.as_tensor(sample['art_picked_classes'])[0].cpu()
            weights = torch.as_tensor(sample['art_weights'])[0].float().cpu()  # [K, T]
            T = weights.shape[-1]
            entropy = -(weights * weights.clamp_min(1e-12).log()).sum(-1)
            self.results.append(dict(
                hit=float(label in picked.tolist()),
                entropy=float(entropy.mean()) / math.log(T) if T > 1 else 1.0,
                max_weight=float(weights.max(dim=-1).values.mean())))

    def compute_metrics(self, results: list) -> dict:
        count = max(len(results), 1)
        return dict(topk_hit=sum(r['hit'] for r in results) / count,
                    agg_entropy=sum(r['entropy'] for r in results) / count,
                    agg_max_weight=sum(r['max_weight'] for r in results) / count)
