"""Statistics over seeds: mean, spread and 95% intervals, alone and paired.

Seeds are few (5-10), so intervals use Student's t, not the normal 1.96. The
paired difference of two configs uses only the seeds both were run with: each
seed gives both the same data order and initial head, so the per-seed
differences are far less noisy than the two means are.
"""
import math
import statistics
from typing import Dict, Sequence

# two-sided 95% quantiles of Student's t, t_{0.975, df} for df = 1..30
_T975 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
         2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
         2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042)


def t_quantile_975(df: int) -> float:
    """t_{0.975, df}; the normal 1.960 beyond 30 degrees of freedom (error < 2%)."""
    if df < 1:
        raise ValueError(f'a t interval needs at least 2 values (df >= 1), got df={df}')
    return _T975[df - 1] if df <= len(_T975) else 1.960


def mean_interval(values: Sequence[float]) -> Dict[str, float]:
    """Mean, sample std and the 95% t interval of the mean of ``values``.

    One value gives std 0 and no interval (``ci95`` None)."""
    values = [float(v) for v in values]
    if not values:
        raise ValueError('no values to summarise')
    mean = statistics.mean(values)
    if len(values) == 1:
        return dict(mean=mean, std=0.0, ci95=None, n=1, values=values)
    std = statistics.stdev(values)
    half = t_quantile_975(len(values) - 1) * std / math.sqrt(len(values))
    return dict(mean=mean, std=std, ci95=[mean - half, mean + half], n=len(values),
                values=values)


def paired_difference(a: Dict[int, float], b: Dict[int, float]) -> Dict[str, float]:
    """``b - a`` over the seeds both dicts ({seed: value}) hold, with its 95% interval."""
    seeds = sorted(set(a) & set(b))
    if not seeds:
        raise ValueError('the two configs share no seed: nothing to pair')
    summary = mean_interval([b[s] - a[s] for s in seeds])
    summary['seeds'] = seeds
    return summary


def format_interval(summary: Dict[str, float], digits: int = 1) -> str:
    """'45.5 ± 2.2 [42.1, 48.9]' (mean ± std [95% interval]); one value alone ('45.5')
    when there is one seed, whose spread was never measured."""
    if summary.get('n') == 1:
        return f"{summary['mean']:.{digits}f}"
    text = f"{summary['mean']:.{digits}f} ± {summary['std']:.{digits}f}"
    if summary.get('ci95'):
        low, high = summary['ci95']
        text += f' [{low:.{digits}f}, {high:.{digits}f}]'
    return text
