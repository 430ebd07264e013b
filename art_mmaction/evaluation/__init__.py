from .art_head_metric import ARTHeadMetric
from .seed_statistics import format_interval, mean_interval, paired_difference, t_quantile_975

__all__ = ['ARTHeadMetric', 'format_interval', 'mean_interval', 'paired_difference',
           't_quantile_975']
