from .art_recognizer import ARTRecognizer

__all__ = ['ARTRecognizer']
