"""aiecon.convergence: the convergence rule on hand-made rows (known answers) and a small study of
the tiny scenario (2 agent counts × 2 seeds: 4 tiny runs; needs a built aiecon)."""
import os
import subprocess
import sys

import pytest
import yaml

import aiecon
from aiecon import convergence
from conftest import SOURCE


def rows(values):
    """Rows of {scale, seed, outcome...} from {scale: [(revenue, first default month, adoption, defaulted)]}."""
    out = []
    for s, runs in values.items():
        for seed, (rev, month, adopt, dflt) in enumerate(runs, 1):
            out.append({"scale": s, "seed": seed, "lab0_revenue_last_year": rev, "first_default_month": month,
                        "households_adopted_end": adopt, "lab0_defaulted": dflt})
    return out


def test_rule_on_known_rows():
    # scale 1: revenue 100 and 104 (mean 102, sd 2.83 > 1 % of the top's mean 100.5): not converged;
    # scale 10: revenue 100.4, 100.6 (sd 0.14, mean 100.5 = the top's): converged; first default
    # month agrees everywhere; adoption 30 ± 0 at every scale; lab A defaults in every seed.
    r = rows({1: [(100, 40, 30, 1), (104, 40, 30, 1)], 10: [(100.4, 40, 30, 1), (100.6, 40, 30, 1)]})
    table, needed = convergence.summarise(r, [1, 10], convergence.PRECISION)
    assert table[1]["lab0_revenue_last_year"]["mean"] == pytest.approx(102)
    assert table[1]["lab0_revenue_last_year"]["sd"] == pytest.approx(2 * 2 ** 0.5)
    assert not table[1]["lab0_revenue_last_year"]["converged"]
    assert table[10]["lab0_revenue_last_year"]["converged"]
    assert needed == 10


def test_a_default_the_seeds_disagree_on_is_not_converged():
    # at scale 1 one seed defaults and the other does not: not converged, even though the top agrees
    r = rows({1: [(100, 40, 30, 1), (100, 40, 30, 0)], 10: [(100, 40, 30, 0), (100, 40, 30, 0)]})
    table, needed = convergence.summarise(r, [1, 10], convergence.PRECISION)
    assert not table[1]["lab0_defaulted"]["converged"] and table[10]["lab0_defaulted"]["converged"]
    assert needed == 10


def test_a_bias_is_not_converged():
    # no noise at scale 1, but its mean adoption (28) is 2 points from the top's (30): a bias
    r = rows({1: [(100, 40, 28, 0), (100, 40, 28, 0)], 10: [(100, 40, 30, 0), (100, 40, 30, 0)]})
    table, _ = convergence.summarise(r, [1, 10], convergence.PRECISION)
    assert table[1]["households_adopted_end"]["sd"] == 0 and not table[1]["households_adopted_end"]["converged"]


def test_assignments_scale_every_region():
    pops = {"us": (1000, 200), "cn": (3, 0)}
    assert convergence.assignments(pops, 0.1) == {"regions.us.household_agents": 100,
                                                  "regions.us.business_agents": 20, "regions.cn.household_agents": 1}


try:
    BINARY = aiecon.find_binary()
except aiecon.RunError:
    BINARY = None


@pytest.mark.skipif(BINARY is None, reason="no aiecon binary (set AIECON or build it)")
def test_study_of_the_tiny_scenario(tmp_path):
    env = {**os.environ, "PYTHONPATH": os.path.join(SOURCE, "postprocess"), "AIECON": BINARY}
    p = subprocess.run([sys.executable, "-m", "aiecon.convergence", os.path.join(SOURCE, "inputs", "tiny.yaml"),
                        "-o", str(tmp_path / "c"), "--scales", "0.5,2", "--seeds", "2", "--jobs", "2"],
                       capture_output=True, text=True, env=env, timeout=600)
    assert p.returncode == 0, p.stderr
    assert "HDF5-DIAG" not in p.stderr
    result = yaml.safe_load((tmp_path / "c" / "convergence.yaml").read_text())
    assert sorted(result["scales"]) == [0.5, 2.0]
    # tiny has 4500 household and business agents: 2250 and 9000 at the two scales
    assert [result["scales"][s]["agents"] for s in (0.5, 2.0)] == [2250, 9000]
    assert (tmp_path / "c" / "convergence.png").stat().st_size > 10000
    # a second call finds every run recorded and repeats none
    p = subprocess.run([sys.executable, "-m", "aiecon.convergence", os.path.join(SOURCE, "inputs", "tiny.yaml"),
                        "-o", str(tmp_path / "c"), "--scales", "0.5,2", "--seeds", "2"],
                       capture_output=True, text=True, env=env, timeout=600)
    assert p.returncode == 0 and "0 runs to do, 4 recorded" in p.stderr, p.stderr
