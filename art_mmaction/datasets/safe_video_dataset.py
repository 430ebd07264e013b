"""MMAction2's VideoDataset with a decode-safe path for bad videos."""
import ctypes
import multiprocessing
import os.path as osp
import warnings
from typing import Optional

import numpy as np
from mmaction.datasets import VideoDataset
from mmaction.registry import DATASETS

from .per_class_subset import clips_per_class_indices


class BadVideoError(RuntimeError):
    """A video that could not be read or decoded; the message names the file."""


@DATASETS.register_module()
class SafeVideoDataset(VideoDataset):
    """``VideoDataset`` that never lets a bad video pass unnoticed.

    A video is bad when the pipeline raises while reading it (missing, corrupt,
    truncated, zero frames) or produces an empty clip. With
    ``on_bad_video='skip'`` the clip is dropped with a warning that names the
    file, and mmengine's dataset fetches another index in its place, drawn
    among the clips not yet found bad (so a replacement never lands on a known
    bad clip again, and the number skipped is the number of times the sampler
    itself, or a replacement's first visit, met a bad clip);
    :class:`BadVideoReportHook` logs how many were skipped at the end of each
    epoch. With ``'raise'`` the error names the file and the original cause.

    Args:
        on_bad_video (str, optional): ``'skip'`` or ``'raise'``. None (default):
            ``'skip'`` for training, ``'raise'`` when ``test_mode`` (an
            evaluation that silently drops clips would report a wrong accuracy,
            so ``'skip'`` is refused there).
        clips_per_class (int, optional): Keep only n clips of each class of the
            annotation file, chosen by ``subset_seed`` (for learning curves and
            few-clip training; see :func:`clips_per_class_indices`: the same seed keeps
            the same clips, a smaller n a subset of a larger one's). None (default):
            every clip. A class with fewer than n clips is an error naming it.
        subset_seed (int): The seed of that choice, independent of the training seed,
            so that every model trained on the subset sees the same clips. Default 0.
        **kwargs: Everything ``VideoDataset`` takes.
    """

    def __init__(self, *args, on_bad_video: Optional[str] = None,
                 clips_per_class: Optional[int] = None, subset_seed: int = 0, **kwargs):
        test_mode = kwargs.get('test_mode', False)
        if on_bad_video is None:
            on_bad_video = 'raise' if test_mode else 'skip'
        if on_bad_video not in ('skip', 'raise'):
            raise ValueError(f"on_bad_video must be 'skip' or 'raise', got {on_bad_video!r}")
        if on_bad_video == 'skip' and test_mode:
            raise ValueError("on_bad_video='skip' is for training only: evaluation must "
                             "see every clip (use 'raise' with test_mode=True)")
        self.on_bad_video = on_bad_video
        self.clips_per_class, self.subset_seed = clips_per_class, subset_seed
        # Shared with DataLoader workers (inherited at worker start) so the main
        # process can report a per-epoch count.
        self._skipped = multiprocessing.Value('i', 0)
        self._known_bad = None  # one flag a clip, shared the same way (see full_init)
        super().__init__(*args, **kwargs)

    def filter_data(self) -> list:
        data_list = super().filter_data()
        if self.clips_per_class is None:
            return data_list
        labels = []
        for info in data_list:
            label = info.get('label')
            if not isinstance(label, (int, np.integer)):
                raise ValueError(f'{self.ann_file}: clips_per_class needs one class index a '
                                 f'clip, got {label!r} for {info.get("filename")}')
            labels.append(int(label))
        kept = clips_per_class_indices(labels, self.clips_per_class, self.subset_seed,
                                       str(self.ann_file))
        return [data_list[i] for i in kept]

    def full_init(self) -> None:
        super().full_init()
        if self._known_bad is None or len(self._known_bad) != len(self):
            self._known_bad = multiprocessing.Array(ctypes.c_bool, len(self), lock=False)

    def _bad(self, idx: int, cause: str) -> None:
        filename = self.get_data_info(idx).get('filename', f'index {idx}')
        message = f'bad video {filename} (annotation line {idx + 1} of ' \
                  f'{osp.basename(str(self.ann_file))}): {cause}'
        if self.on_bad_video == 'raise':
            raise BadVideoError(message)
        with self._skipped.get_lock():
            self._skipped.value += 1
        if self._known_bad is not None:
            self._known_bad[idx] = True
        warnings.warn(f'skipped {message}', stacklevel=2)

    def prepare_data(self, idx: int):
        try:
            results = super().prepare_data(idx)
        except Exception as error:  # decord, OpenCV and pipeline errors alike
            self._bad(idx, f'{type(error).__name__}: {str(error).strip()[:300]}')
            return None
        inputs = results.get('inputs') if isinstance(results, dict) else None
        if inputs is not None and inputs.numel() == 0:
            self._bad(idx, 'the decoded clip is empty (zero frames)')
            return None
        return results

    def _rand_another(self) -> int:
        """A random index among the clips not found bad so far (mmengine's draws
        among all, and could land on the same bad clip again)."""
        if self._known_bad is None:
            return super()._rand_another()
        good = np.flatnonzero(~np.frombuffer(self._known_bad, dtype=np.bool_))
        if not len(good):
            raise BadVideoError(f'every clip of {self.ann_file} was found bad')
        return int(good[np.random.randint(0, len(good))])

    def pop_skipped_count(self) -> int:
        """How many clips were skipped since the last call (all workers)."""
        with self._skipped.get_lock():
            count, self._skipped.value = self._skipped.value, 0
        return count
