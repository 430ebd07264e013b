from .art_recognizer import ARTRecognizer, NonFiniteLossError

__all__ = ['ARTRecognizer', 'NonFiniteLossError']
