from .synthetic import (ClassSpec, RenderOptions, class_vocabulary, make_dataset,
                        read_classnames, render_clip, write_video)

__all__ = ['ClassSpec', 'RenderOptions', 'class_vocabulary', 'make_dataset',
           'read_classnames', 'render_clip', 'write_video']
