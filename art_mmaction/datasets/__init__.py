from .safe_video_dataset import BadVideoError, SafeVideoDataset
from .synthetic import (ClassSpec, RenderOptions, class_vocabulary, make_dataset,
                        read_classnames, render_clip, write_video)

__all__ = ['BadVideoError', 'SafeVideoDataset', 'ClassSpec', 'RenderOptions', 'class_vocabulary', 'make_dataset',
           'read_classnames', 'render_clip', 'write_video']
