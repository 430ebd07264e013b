from .config_checks import apply_cfg_options, check_cfg_options, check_data_paths, load_config
from .distributed import finish_distributed, prepare_cpu_distributed
from .optim_wrappers import CPUBF16OptimWrapper, amp_optim_wrapper_cfg, optim_wrapper_for_device
from .optimizers import ViTLayerDecayOptimWrapperConstructor, vit_layer_id
from .reproducibility import apply_thread_count

__all__ = ['CPUBF16OptimWrapper', 'amp_optim_wrapper_cfg', 'optim_wrapper_for_device',
           'apply_cfg_options', 'apply_thread_count',
           'check_cfg_options', 'check_data_paths', 'finish_distributed', 'load_config',
           'prepare_cpu_distributed', 'ViTLayerDecayOptimWrapperConstructor', 'vit_layer_id']
from .hooks import (BadVideoReportHook, RNGStateHook, TextBankEMAHook,  # noqa: E402
                    TrackletVisualizationHook, capture_rng_state, restore_rng_state)

__all__ += ['BadVideoReportHook', 'RNGStateHook', 'TextBankEMAHook', 'TrackletVisualizationHook',
            'capture_rng_state', 'restore_rng_state']
