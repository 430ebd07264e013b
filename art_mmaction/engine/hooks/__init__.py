from .bad_video_report_hook import BadVideoReportHook
from .rng_state_hook import RNGStateHook, capture_rng_state, restore_rng_state
from .text_bank_ema_hook import TextBankEMAHook

__all__ = ['BadVideoReportHook', 'RNGStateHook', 'TextBankEMAHook', 'capture_rng_state',
           'restore_rng_state']
