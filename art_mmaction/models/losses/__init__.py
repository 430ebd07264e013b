from .mtc_loss import MTCLoss
from .text_bank_loss import TextBankLoss

__all__ = ['MTCLoss', 'TextBankLoss']
