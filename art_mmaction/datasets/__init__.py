from .per_class_subset import clips_per_class_indices
from .safe_video_dataset import BadVideoError, SafeVideoDataset
from .synthetic import (REGION_NAMES, ClassSpec, RenderOptions, class_vocabulary, make_dataset,
                        read_classnames, read_regions, regions_path, render_clip,
                        render_clip_with_regions, write_video)

__all__ = ['BadVideoError', 'SafeVideoDataset', 'clips_per_class_indices', 'ClassSpec',
           'RenderOptions', 'REGION_NAMES',
           'class_vocabulary', 'make_dataset', 'read_classnames', 'read_regions', 'regions_path',
           'render_clip', 'render_clip_with_regions', 'write_video']
