from .art_recognizer import ARTRecognizer, LabelRangeError, NonFiniteLossError

__all__ = ['ARTRecognizer', 'LabelRangeError', 'NonFiniteLossError']
