"""aiecon.sobol: the Saltelli design (unit), the estimators against the Ishigami function's
analytic indices (a known answer from the formula, not from the code), and a small study of the
tiny scenario (ctest sobol; needs a built aiecon; N = 8, 3 parameters: 40 tiny runs)."""
import csv
import math
import os
import subprocess
import sys

import numpy as np
import pytest
import yaml

import aiecon
from aiecon import sobol
from conftest import SOURCE


def test_design_shapes_and_columns():
    k, n = 4, 16
    a, b, ab = sobol.design(k, n, seed=2)
    assert a.shape == (n, k) and b.shape == (n, k) and ab.shape == (k, n, k)
    assert a.min() >= 0 and b.max() <= 1
    for i in range(k):
        others = [j for j in range(k) if j != i]
        assert np.array_equal(ab[i][:, i], b[:, i]) and np.array_equal(ab[i][:, others], a[:, others])


def test_ishigami_analytic_indices():
    # Ishigami: f = sin x1 + a sin^2 x2 + b x3^4 sin x1, x uniform on [-pi, pi]^3, a = 7, b = 0.1.
    # Analytic partial variances (Sobol' & Levitan 1999; Saltelli et al. 2008, §4.8):
    #   V1 = (1 + b pi^4 / 5)^2 / 2, V2 = a^2 / 8, V3 = 0,
    #   V13 = b^2 pi^8 (1/18 - 1/50) = 8 b^2 pi^8 / 225, V = V1 + V2 + V13,
    # so S1 = (0.3139, 0.4424, 0) and ST = ((V1 + V13) / V, V2 / V, V13 / V) = (0.5576, 0.4424, 0.2437).
    a_, b_ = 7.0, 0.1
    v1 = (1 + b_ * math.pi ** 4 / 5) ** 2 / 2
    v2 = a_ ** 2 / 8
    v13 = 8 * b_ ** 2 * math.pi ** 8 / 225
    v = v1 + v2 + v13
    want_s1 = np.array([v1 / v, v2 / v, 0.0])
    want_st = np.array([(v1 + v13) / v, v2 / v, v13 / v])
    assert want_s1 == pytest.approx([0.3139, 0.4424, 0.0], abs=1e-4)
    assert want_st == pytest.approx([0.5576, 0.4424, 0.2437], abs=1e-4)

    def f(x):
        x = -math.pi + 2 * math.pi * x
        return np.sin(x[:, 0]) + a_ * np.sin(x[:, 1]) ** 2 + b_ * x[:, 2] ** 4 * np.sin(x[:, 0])

    n = 8192
    sa, sb, sab = sobol.design(3, n, seed=1)
    s1, st = sobol.indices(f(sa), f(sb), np.array([f(m) for m in sab]))
    assert s1 == pytest.approx(want_s1, abs=0.03)
    assert st == pytest.approx(want_st, abs=0.03)
    # the bootstrap interval covers the analytic value
    (s1_lo, s1_hi), (st_lo, st_hi) = sobol.bootstrap(f(sa), f(sb), np.array([f(m) for m in sab]), 100)
    assert np.all(st_lo <= want_st + 0.01) and np.all(want_st - 0.01 <= st_hi)


def test_constant_outcome_has_zero_indices():
    s1, st = sobol.indices(np.ones(8), np.ones(8), np.ones((2, 8)))
    assert list(s1) == [0, 0] and list(st) == [0, 0]


try:
    BINARY = aiecon.find_binary()
except aiecon.RunError:
    BINARY = None


@pytest.mark.skipif(BINARY is None, reason="no aiecon binary (set AIECON or build it)")
def test_study_of_the_tiny_scenario(tmp_path):
    env = {**os.environ, "PYTHONPATH": os.path.join(SOURCE, "postprocess"), "AIECON": BINARY}
    cal = os.path.join(SOURCE, "inputs", "calibration", "tiny-sobol.yaml")
    p = subprocess.run([sys.executable, "-m", "aiecon.sobol", cal, "-o", str(tmp_path / "s"), "--samples", "8",
                        "--bootstrap", "50", "--jobs", "2"], capture_output=True, text=True, env=env, timeout=900)
    assert p.returncode == 0, p.stderr
    result = yaml.safe_load((tmp_path / "s" / "sobol.yaml").read_text())
    assert result["runs"] == 8 * (3 + 2)
    idx = result["indices"]
    # adoption at the end: imitation (bass_q) explains more of its variance than the lab's brand
    st = {k: v["households_adopted_end"]["ST"] for k, v in idx.items()}
    assert st["households.bass_q"] > st["labs.frontier_a.brand"]
    assert st["households.bass_q"] > 0.2
    rows = list(csv.DictReader(open(tmp_path / "s" / "sobol.csv")))
    assert len(rows) == 3 * len(result["outcomes"])
    assert (tmp_path / "s" / "sobol.png").stat().st_size > 10000
