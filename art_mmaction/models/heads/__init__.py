from .art_head import ARTHead
from .attentive_probe_head import AttentiveProbeHead
from .i3d_logits_head import I3DLogitsHead
from .time_ordered_linear_head import TimeOrderedLinearHead

__all__ = ['ARTHead', 'AttentiveProbeHead', 'I3DLogitsHead', 'TimeOrderedLinearHead']
