from .art_head import ARTHead
from .i3d_logits_head import I3DLogitsHead

__all__ = ['ARTHead', 'I3DLogitsHead']
