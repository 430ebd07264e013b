from .frozen_feature_cache import FrozenFeatureCache
from .inception_i3d import InceptionI3D
from .onnx_frame_vit import ONNXFrameViT
from .token_adapter import FeatureMapTokenAdapter
from .uniformerv2_checkpointed import UniFormerV2WithCP
from .uniformerv2_tokens import UniFormerV2WithTokens

__all__ = ['FeatureMapTokenAdapter', 'FrozenFeatureCache', 'InceptionI3D', 'ONNXFrameViT',
           'UniFormerV2WithCP', 'UniFormerV2WithTokens']
