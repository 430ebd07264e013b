from .inference import (CheckpointMismatchError, check_checkpoint, check_video, class_names,
                        explain_clip, init_checked_recognizer, read_state_dict)

__all__ = ['CheckpointMismatchError', 'check_checkpoint', 'check_video', 'class_names',
           'explain_clip', 'init_checked_recognizer', 'read_state_dict']
