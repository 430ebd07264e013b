from .label_smoothing import smoothed_targets
from .map_overlap_loss import MapOverlapLoss, map_overlap
from .mtc_loss import MTCLoss
from .text_bank_loss import TextBankLoss

__all__ = ['MapOverlapLoss', 'MTCLoss', 'TextBankLoss', 'map_overlap', 'smoothed_targets']
