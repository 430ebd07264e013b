# What every ART config adds to MMAction2's runtime: the text-bank EMA hook.
# (The data base files import art_mmaction with custom_imports.)
text_bank_momentum = 0.999
custom_hooks = [dict(type='TextBankEMAHook', momentum=text_bank_momentum)]
