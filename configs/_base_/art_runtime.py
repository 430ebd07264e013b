# What every ART config adds to the runtime: the text-bank EMA hook. ART configs
# append it to the schedule's hooks: custom_hooks = _base_.reliability_hooks + _base_.art_hooks
# (The data base files import art_mmaction with custom_imports.)
text_bank_momentum = 0.999
art_hooks = [dict(type='TextBankEMAHook', momentum=text_bank_momentum)]
# Accuracy plus what the head does (art_mmaction.evaluation.ARTHeadMetric): the top-K hit
# rate and the aggregation weights' entropy, logged every validation. ART configs set
# val_evaluator = _base_.art_evaluator
art_evaluator = [dict(type='AccMetric'), dict(type='ARTHeadMetric')]
