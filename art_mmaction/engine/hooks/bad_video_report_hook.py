"""End-of-epoch report of the videos a decode-safe dataset skipped."""
import torch
from mmaction.registry import HOOKS
from mmengine.dist import all_reduce
from mmengine.hooks import Hook


@HOOKS.register_module()
class BadVideoReportHook(Hook):
    """Logs, after every training epoch, how many clips were skipped as bad,
    summed over all ranks (every rank takes part in the sum, so call it on all).

    Works with any training dataset that has ``pop_skipped_count()``
    (:class:`SafeVideoDataset`); a no-op otherwise. Each skipped file was
    already named in a warning when it was met.
    """

    def after_train_epoch(self, runner) -> None:
        dataset = runner.train_dataloader.dataset
        if not hasattr(dataset, 'pop_skipped_count'):
            return
        count = torch.tensor(float(dataset.pop_skipped_count()))
        all_reduce(count, op='sum')
        skipped = int(count)
        if skipped:
            runner.logger.warning(
                f'epoch {runner.epoch}: {skipped} training clip(s) were skipped as bad '
                'videos (each named in a warning above); mmengine drew another random clip '
                'in place of each')
        runner.message_hub.update_scalar('train/bad_videos_skipped', skipped)
