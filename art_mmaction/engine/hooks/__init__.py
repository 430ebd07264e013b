from .text_bank_ema_hook import TextBankEMAHook

__all__ = ['TextBankEMAHook']
