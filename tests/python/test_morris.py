"""aiecon.morris: the trajectory design (unit, no binary) and the screening of the tiny scenario
(ctest morris; needs a built aiecon; 3 trajectories × 8 points = 24 tiny runs)."""
import csv
import os
import subprocess
import sys

import numpy as np
import pytest
import yaml

import aiecon
from aiecon import morris
from conftest import SOURCE


def test_design_moves_one_parameter_per_step_by_delta():
    k, r, levels = 5, 6, 4
    points, steps = morris.design(k, r, levels, seed=3)
    assert points.shape == (r * (k + 1), k) and len(steps) == r * k
    assert points.min() >= 0 and points.max() <= 1 + 1e-12
    for a, b, j in steps:
        diff = points[b] - points[a]
        assert np.count_nonzero(np.abs(diff) > 1e-12) == 1 and abs(abs(diff[j]) - 2 / 3) < 1e-12
    # each trajectory moves every parameter once
    for t in range(r):
        assert sorted(j for a, b, j in steps[t * k:(t + 1) * k]) == list(range(k))


def test_effects_of_a_known_function():
    # y = 3 x0 - 2 x1 (linear: every elementary effect is the slope, sigma 0) and x2 inert
    points, steps = morris.design(3, 4, 4, seed=1)
    y = 3 * points[:, 0] - 2 * points[:, 1]
    eff = morris.effects(points, steps, y, 3)
    assert eff[0] == pytest.approx((3.0, 3.0, 0.0), abs=1e-9)
    assert eff[1] == pytest.approx((2.0, -2.0, 0.0), abs=1e-9)
    assert eff[2] == (0.0, 0.0, 0.0)


try:
    BINARY = aiecon.find_binary()
except aiecon.RunError:
    BINARY = None


@pytest.mark.skipif(BINARY is None, reason="no aiecon binary (set AIECON or build it)")
def test_screening_of_the_tiny_scenario(tmp_path):
    env = {**os.environ, "PYTHONPATH": os.path.join(SOURCE, "postprocess"), "AIECON": BINARY}
    cal = os.path.join(SOURCE, "inputs", "calibration", "tiny-morris.yaml")
    p = subprocess.run([sys.executable, "-m", "aiecon.morris", cal, "-o", str(tmp_path / "m"), "--trajectories", "3",
                        "--jobs", "2"], capture_output=True, text=True, env=env, timeout=600)
    assert p.returncode == 0, p.stderr
    result = yaml.safe_load((tmp_path / "m" / "morris.yaml").read_text())
    assert result["runs"] == 3 * 8
    eff = result["effects"]
    # adoption at the end: imitation (bass_q) moves it, the lab's brand and price (choice among labs) hardly
    adoption = {k: v["households_adopted_end"]["mu_star"] for k, v in eff.items()}
    assert adoption["households.bass_q"] > 0
    assert adoption["households.bass_q"] > 5 * adoption["labs.frontier_a.brand"]
    rows = list(csv.DictReader(open(tmp_path / "m" / "morris.csv")))
    assert len(rows) == 7 * 4
    assert (tmp_path / "m" / "morris.png").stat().st_size > 10000
