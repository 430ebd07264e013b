"""Send ART's tracklet figures and per-clip head figures to the config's visualizer."""
from typing import Dict, Optional

import torch
from mmaction.registry import HOOKS
from mmengine.dist import is_main_process
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from art_mmaction.apis import explain_clip
from art_mmaction.models.heads.art_head import normalised_entropy, topk_hit_rate
from art_mmaction.visualization import tracklet_figure_image


@HOOKS.register_module()
class TrackletVisualizationHook(Hook):
    """Every ``interval`` validation epochs (and after the last), explain the first
    ``num_clips`` validation clips and log to every backend of ``runner.visualizer``
    (``vis_backends`` in the config: local files, TensorBoard, W&B ...):

    * ``tracklets_clip{i}`` (an image): the tracklet figure (frames with each tracklet's
      response, its aggregation weights, the backbone's map and, for synthetic
      clips, the ground-truth limb box) as an image,
    * ``tracklets/clip{i}_topk_hit``: 1 if the clip's label is among the K picked
      class semantics,
    * ``tracklets/clip{i}_max_weight`` and ``_entropy``: the aggregation weights'
      largest value and normalised entropy (1 = mean pooling), over tracklets.

    Only the main process draws (no collective operation is involved, so the other
    ranks do not wait). The dataset-wide hit rate and entropy come from
    :class:`~art_mmaction.evaluation.ARTHeadMetric` with the validation metrics.

    Args:
        interval (int): Validation epochs between figures.
        num_clips (int): The first clips of the validation set to draw.
        frame_size (int): Panel height in pixels.
    """
    priority = 'LOW'

    def __init__(self, interval: int = 5, num_clips: int = 2, frame_size: int = 96):
        if interval < 1 or num_clips < 1:
            raise ValueError(f'interval and num_clips must be >= 1, got {interval}, {num_clips}')
        self.interval, self.num_clips, self.frame_size = interval, num_clips, frame_size

    def after_val_epoch(self, runner, metrics: Optional[Dict[str, float]] = None) -> None:
        epoch = runner.epoch
        last = epoch >= runner.max_epochs if hasattr(runner, 'max_epochs') else False
        if not is_main_process() or (epoch % self.interval and not last):
            return
        model = runner.model.module if is_model_wrapper(runner.model) else runner.model
        if not hasattr(model.cls_head, 'forward_art'):
            return
        dataset = runner.val_dataloader.dataset
        pipeline = runner.cfg.val_dataloader.dataset.pipeline
        was_training = model.training
        model.eval()
        try:
            for index in range(min(self.num_clips, len(dataset))):
                info = dataset.get_data_info(index)
                self._log_clip(runner, model, index, info, pipeline, epoch)
        finally:
            model.train(was_training)

    def _log_clip(self, runner, model, index: int, info: dict, pipeline, epoch: int) -> None:
        with torch.no_grad():
            explanation = explain_clip(model, info['filename'], pipeline)
        label = int(info['label'])
        predicted = int(explanation['scores'].argmax())
        title = f'epoch {epoch}, clip {index}: label {label}, predicted {predicted}'
        image = tracklet_figure_image(explanation, title, frame_size=self.frame_size)
        # no '/' in the name: LocalVisBackend writes it as a file name
        runner.visualizer.add_image(f'tracklets_clip{index}', image, step=epoch)
        weights = explanation['weights'].float()                      # [K, T']
        hit = topk_hit_rate(explanation['picked_classes'][None], torch.tensor([label]))
        runner.visualizer.add_scalars({
            f'tracklets/clip{index}_topk_hit': float(hit),
            f'tracklets/clip{index}_max_weight': float(weights.max()),
            f'tracklets/clip{index}_entropy': float(normalised_entropy(weights)),
        }, step=epoch)
