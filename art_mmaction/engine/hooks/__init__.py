from .bad_video_report_hook import BadVideoReportHook
from .rng_state_hook import RNGStateHook, capture_rng_state, restore_rng_state
from .text_bank_ema_hook import TextBankEMAHook
from .tracklet_visualization_hook import TrackletVisualizationHook

__all__ = ['BadVideoReportHook', 'RNGStateHook', 'TextBankEMAHook', 'TrackletVisualizationHook',
           'capture_rng_state', 'restore_rng_state']
