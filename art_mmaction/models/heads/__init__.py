from .art_head import ARTHead

__all__ = ['ARTHead']
