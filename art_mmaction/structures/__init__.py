from .token_geometry import AxisChain, TokenGeometry

__all__ = ['AxisChain', 'TokenGeometry']
