"""stats — the statistics of ensembles and sweeps that a paper needs, in numpy only.

wilson_interval: the Wilson score interval of a proportion k/n (Wilson 1927); unlike k/n ± z·se it
stays inside [0, 1] and is not empty at 0 % or 100 % (8 of 8 members: 68–100 % at 95 %).
members_needed: the smallest ensemble whose Wilson interval at probability p is at most ± a given
half-width (± 5 points at 50 % takes 381 members).
standardised_regression / partial_rank_correlation: sensitivity of an outcome to the parameters of
a sampled design (Latin hypercube, random): standardised regression coefficients (SRC, with the
fit's R²: they rank parameters when the response is near linear) and partial rank correlation
coefficients (PRCC: monotone responses; Saltelli et al. 2008, Global Sensitivity Analysis,
ch. 1.2; Marino et al. 2008, J. Theor. Biol. 254). Both need more rows than parameters + 1.
main_effects: for full grids, the mean outcome at each value of a parameter and their range.
Every function takes and returns plain numbers or numpy arrays; NaN where undefined.
"""
import math
from statistics import NormalDist

import numpy as np


def z_value(confidence=0.95):
    """The two-sided normal quantile: 1.959964 for 95 %."""
    return NormalDist().inv_cdf(0.5 + confidence / 2.0)


def wilson_interval(k, n, confidence=0.95):
    """(low, high) of the Wilson score interval for k events in n trials; (nan, nan) when n = 0."""
    if n <= 0:
        return float("nan"), float("nan")
    z = z_value(confidence)
    p = k / n
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z / denom * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def wilson_half_width(p, n, confidence=0.95):
    z = z_value(confidence)
    return z / (n + z * z) * math.sqrt(n * p * (1 - p) + z * z / 4)


def members_needed(p, half_width=0.05, confidence=0.95):
    """Smallest n whose Wilson interval at probability p is at most ± half_width (p=0.5: 381)."""
    if not 0.0 <= p <= 1.0 or not half_width > 0:
        return None
    lo, hi = 1, 1
    while wilson_half_width(p, hi, confidence) > half_width:
        lo, hi = hi, hi * 2
    while lo < hi:   # the half-width falls with n
        mid = (lo + hi) // 2
        if wilson_half_width(p, mid, confidence) > half_width:
            lo = mid + 1
        else:
            hi = mid
    return hi


def _clean(X, y):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    if X.ndim == 1:
        X = X[:, None]
    keep = np.isfinite(y) & np.all(np.isfinite(X), axis=1)
    return X[keep], y[keep]


def standardised_regression(X, y):
    """(coefficients per column, R²) of y on the columns of X, all standardised; NaN where a
    column or y does not vary or there are too few rows (need rows > columns + 1)."""
    X, y = _clean(X, y)
    n, k = X.shape
    coef = np.full(k, np.nan)
    if n < 2:
        return coef, float("nan")
    sx, sy = X.std(axis=0), y.std()
    varying = sx > 0
    if sy == 0 or n <= varying.sum() + 1:
        return coef, float("nan")
    Xs = (X[:, varying] - X[:, varying].mean(axis=0)) / sx[varying]
    ys = (y - y.mean()) / sy
    A = np.column_stack([np.ones(n), Xs])
    beta, *_ = np.linalg.lstsq(A, ys, rcond=None)
    coef[varying] = beta[1:]
    resid = ys - A @ beta
    return coef, float(1.0 - resid @ resid / (ys @ ys))


def ranks(v):
    """Ranks 1..n of v, ties given their average rank."""
    v = np.asarray(v, dtype=float)
    order = np.argsort(v, kind="mergesort")
    r = np.empty(len(v))
    r[order] = np.arange(1, len(v) + 1)
    for value in np.unique(v):
        tie = v == value
        if tie.sum() > 1:
            r[tie] = r[tie].mean()
    return r


def partial_rank_correlation(X, y):
    """PRCC of y with each column of X: the correlation of the ranks of x_j and y after removing
    the linear effect of the other columns' ranks. NaN where undefined (need rows > columns + 1)."""
    X, y = _clean(X, y)
    n, k = X.shape
    out = np.full(k, np.nan)
    if n < 2:
        return out
    R = np.column_stack([ranks(X[:, j]) for j in range(k)]) if k else np.empty((n, 0))
    ry = ranks(y)
    if n <= k + 1 or ry.std() == 0:
        return out
    for j in range(k):
        if R[:, j].std() == 0:
            continue
        Z = np.column_stack([np.ones(n), np.delete(R, j, axis=1)])
        ex = R[:, j] - Z @ np.linalg.lstsq(Z, R[:, j], rcond=None)[0]
        ey = ry - Z @ np.linalg.lstsq(Z, ry, rcond=None)[0]
        d = math.sqrt((ex @ ex) * (ey @ ey))
        out[j] = ex @ ey / d if d > 0 else np.nan
    return out


def main_effects(x, y):
    """({value: mean of y over the rows with that value}, range of those means) for one parameter."""
    groups = {}
    for a, b in zip(x, y):
        if b is not None and np.isfinite(b):
            groups.setdefault(a, []).append(b)
    means = {a: float(np.mean(b)) for a, b in groups.items()}
    span = max(means.values()) - min(means.values()) if means else float("nan")
    return means, span


def is_full_grid(columns):
    """True when the rows (tuples of the columns' values) are every combination of the distinct
    values of each column, each once: a full factorial design."""
    rows = list(zip(*columns))
    if not rows:
        return False
    size = 1
    for c in columns:
        size *= len(set(c))
    return size == len(rows) == len(set(rows))
