from .rssa import RegionDecoderLayer, RegionSemanticsActivation, SpatialEnhancer
from .semantics_bank import TextSemanticsBank
from .tracklet_aggregation import TrackletAggregator

__all__ = ['RegionDecoderLayer', 'RegionSemanticsActivation', 'SpatialEnhancer',
           'TextSemanticsBank', 'TrackletAggregator']
