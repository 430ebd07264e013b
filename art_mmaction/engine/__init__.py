from .config_checks import check_cfg_options, check_data_paths
from .optim_wrappers import CPUBF16OptimWrapper, amp_optim_wrapper_cfg

__all__ = ['CPUBF16OptimWrapper', 'amp_optim_wrapper_cfg', 'check_cfg_options',
           'check_data_paths']
from .hooks import TextBankEMAHook  # noqa: E402

__all__ += ['TextBankEMAHook']
