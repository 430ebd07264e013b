"""Intervals over seeds, checked against numbers computed by hand."""
import math

import pytest

from art_mmaction.evaluation import (format_interval, mean_interval, paired_difference,
                                     t_quantile_975)


def test_mean_interval_by_hand():
    s = mean_interval([1.0, 2.0, 3.0])
    half = 4.303 * 1.0 / math.sqrt(3)  # t_{0.975,2} * std / sqrt(n)
    assert s['mean'] == 2.0 and s['std'] == 1.0
    assert s['ci95'] == pytest.approx([2.0 - half, 2.0 + half])
    assert format_interval(s) == '2.0 ± 1.0 [-0.5, 4.5]'


def test_single_value_has_no_interval_and_t_falls_back_to_normal():
    assert mean_interval([5.0])['ci95'] is None
    assert format_interval(mean_interval([59.375])) == '59.4'   # no spread for one seed
    assert format_interval(mean_interval([26.5] * 5)) == '26.5 ± 0.0 [26.5, 26.5]'
    assert t_quantile_975(4) == 2.776 and t_quantile_975(100) == 1.960
    with pytest.raises(ValueError):
        t_quantile_975(0)


def test_paired_difference_uses_shared_seeds_only():
    baseline = {0: 30.0, 1: 40.0, 2: 35.0, 3: 99.0}
    art = {0: 35.0, 1: 44.0, 2: 41.0}
    d = paired_difference(baseline, art)
    assert d['seeds'] == [0, 1, 2] and d['values'] == [5.0, 4.0, 6.0]
    assert d['mean'] == 5.0 and d['std'] == 1.0
    # the unpaired means differ by the same 5 points, but their spread is far wider
    assert d['ci95'][0] > 0
    with pytest.raises(ValueError, match='share no seed'):
        paired_difference({0: 1.0}, {1: 2.0})
