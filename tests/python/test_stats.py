"""aiecon.stats against hand-computed values and synthetic designs with known effects."""
import math

import numpy as np
import pytest

from aiecon import stats


def test_wilson_4_of_8():
    """k = 4, n = 8, 95 %: z = 1.9599640, z² = 3.8414588, p = 0.5.
    denominator 1 + z²/n = 1 + 0.4801824 = 1.4801824
    centre (p + z²/(2n)) / denominator = (0.5 + 0.2400912) / 1.4801824 = 0.5
    half-width z / denominator × sqrt(p(1-p)/n + z²/(4n²))
      = 1.9599640 / 1.4801824 × sqrt(0.03125 + 3.8414588 / 256)
      = 1.3241368 × sqrt(0.03125 + 0.0150057) = 1.3241368 × 0.2150714 = 0.2847839
    interval 0.5 ± 0.2847839 = [0.2152161, 0.7847839]."""
    lo, hi = stats.wilson_interval(4, 8)
    assert lo == pytest.approx(0.2152161, abs=2e-7)
    assert hi == pytest.approx(0.7847839, abs=2e-7)


def test_wilson_8_of_8():
    """k = n = 8: p = 1, so the half-width is z / 1.4801824 × sqrt(z²/256) = 1.3241368 × 0.1224977
    = 0.1622038, the centre (1 + 0.2400912) / 1.4801824 = 0.8377962: [0.6755924, 1]. Not 100 % ± 0."""
    lo, hi = stats.wilson_interval(8, 8)
    assert lo == pytest.approx(0.6755924, abs=2e-7)
    assert hi == 1.0
    assert stats.wilson_interval(0, 0)[0] != stats.wilson_interval(0, 0)[0]   # NaN


def test_members_needed():
    """At p = 0.5 the Wilson half-width is z / (2 sqrt(n + z²)); at most 0.05 when
    n + z² >= (z / 0.1)² = 384.146, n >= 380.30: 381 members. At p = 0 it is z² / (2 (n + z²)):
    n >= z² / 0.1 - z² = 34.57: 35 members."""
    assert stats.members_needed(0.5) == 381
    assert stats.members_needed(0.0) == 35
    assert stats.members_needed(1.0) == 35
    assert stats.members_needed(0.5, 0.10) < stats.members_needed(0.5, 0.05)


def _lhs(n, k, rng):
    return np.column_stack([(rng.permutation(n) + rng.random(n)) / n for _ in range(k)])


def test_prcc_and_src_rank_the_strong_parameter_first():
    rng = np.random.default_rng(7)
    X = _lhs(40, 3, rng)
    y = np.exp(3 * X[:, 0]) + 0.3 * X[:, 2] + 0.05 * rng.standard_normal(40)   # x1 inert
    prcc = stats.partial_rank_correlation(X, y)
    src, r2 = stats.standardised_regression(X, y)
    assert prcc[0] > 0.95 and abs(prcc[1]) < 0.4
    assert abs(src[0]) > abs(src[2]) > abs(src[1]) and r2 > 0.8


def test_too_few_rows_give_nan():
    X = np.array([[1.0, 2.0], [2.0, 1.0], [3.0, 3.0]])
    assert np.isnan(stats.partial_rank_correlation(X, [1.0, 2.0, 3.0])).all()


def test_ranks_ties():
    assert stats.ranks([10, 20, 20, 5]).tolist() == [2.0, 3.5, 3.5, 1.0]


def test_full_grid():
    assert stats.is_full_grid([[1, 1, 2, 2], ["a", "b", "a", "b"]])
    assert not stats.is_full_grid([[1, 2, 3, 4], [4, 3, 2, 1]])      # Latin hypercube
    assert not stats.is_full_grid([[1, 1, 2], ["a", "b", "a"]])       # incomplete


def test_main_effects():
    means, span = stats.main_effects([1, 1, 2, 2], [1.0, 3.0, 10.0, 12.0])
    assert means == {1: 2.0, 2: 11.0} and span == 9.0
    assert math.isnan(stats.main_effects([1], [float("nan")])[1])
