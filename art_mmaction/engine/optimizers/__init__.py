from .vit_layer_decay import ViTLayerDecayOptimWrapperConstructor, vit_layer_id

__all__ = ['ViTLayerDecayOptimWrapperConstructor', 'vit_layer_id']
