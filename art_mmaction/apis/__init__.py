from .i3d_weights import (UnsafeWeightsError, convert_i3d_state_dict, find_packaged_i3d_weights,
                          read_numpy_pickle)
from .inference import (CheckpointMismatchError, check_checkpoint, check_state_dict, check_video,
                        class_names, explain_clip, init_checked_recognizer,
                        init_frozen_recognizer, read_state_dict)
from .linear_probe import extract_features, fit_logistic_regression, probe_ceiling
from .tracking import evaluate_tracking, pipeline_with_regions, sample_with_regions

__all__ = ['CheckpointMismatchError', 'UnsafeWeightsError', 'check_checkpoint',
           'check_state_dict', 'check_video', 'class_names', 'convert_i3d_state_dict',
           'evaluate_tracking', 'explain_clip', 'extract_features', 'find_packaged_i3d_weights',
           'fit_logistic_regression', 'probe_ceiling',
           'init_checked_recognizer', 'init_frozen_recognizer', 'pipeline_with_regions', 'read_numpy_pickle',
           'read_state_dict', 'sample_with_regions']
