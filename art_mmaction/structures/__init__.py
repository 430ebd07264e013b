from .token_features import time_ordered_features
from .token_geometry import AxisChain, TokenGeometry

__all__ = ['AxisChain', 'TokenGeometry', 'time_ordered_features']
