from .token_adapter import FeatureMapTokenAdapter
from .uniformerv2_tokens import UniFormerV2WithTokens

__all__ = ['FeatureMapTokenAdapter', 'UniFormerV2WithTokens']
