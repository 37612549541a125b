"""aiecon-calibrate as a command (needs a built aiecon: $AIECON, as ctest sets it, or build/aiecon):
every bad calibration of tests/bad-inputs/calibration/ is refused with one line, exit 2 and nothing
written; the baseline's calibration file passes a dry run (the binary checks its parameters'
ranges) that writes nothing; a worker request of the Slurm driver runs one simulation."""
import glob
import json
import os
import subprocess
import sys

import pytest

import aiecon
from conftest import SOURCE

CASES = sorted(glob.glob(os.path.join(SOURCE, "tests", "bad-inputs", "calibration", "*.yaml")))
try:
    BINARY = aiecon.find_binary()
except aiecon.RunError:
    BINARY = None
pytestmark = pytest.mark.skipif(BINARY is None, reason="no aiecon binary (set AIECON or build it)")


def calibrate(*args, cwd=None):
    env = {**os.environ, "PYTHONPATH": os.path.join(SOURCE, "postprocess"), "AIECON": BINARY}
    return subprocess.run([sys.executable, "-m", "aiecon.calibrate", *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=120)


@pytest.mark.parametrize("case", CASES, ids=[os.path.basename(c)[:-5] for c in CASES])
def test_bad_calibration_is_refused(case, tmp_path):
    out = tmp_path / "out"
    p = calibrate(case, "-o", str(out), cwd=tmp_path)
    expect = open(case[:-5] + ".expect").read().strip()
    lines = p.stderr.strip().splitlines()
    assert p.returncode == 2, p.stderr
    assert len(lines) == 1 and expect in lines[0], p.stderr
    assert not out.exists() and os.listdir(tmp_path) == []


def test_bad_cutoff_and_budget_on_the_command_line(tmp_path):
    tiny = os.path.join(SOURCE, "inputs", "calibration", "tiny.yaml")
    p = calibrate(tiny, "--cutoff", "June", "-o", str(tmp_path / "o"))
    assert p.returncode == 2 and "--cutoff: 'June' is not a month" in p.stderr
    p = calibrate(tiny, "--evaluations", "-1", "-o", str(tmp_path / "o"))
    assert p.returncode == 2 and "--evaluations" in p.stderr
    assert os.listdir(tmp_path) == []


def test_baseline_dry_run_checks_and_writes_nothing(tmp_path):
    p = calibrate(os.path.join(SOURCE, "inputs", "calibration", "baseline.yaml"), "--dry-run", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    # the shipped file fits every fact (cut-off 2026-01); its forecast validation is --cutoff 2025-06
    assert "13 parameter(s)" in p.stderr and "22 fitted fact(s)" in p.stderr and "nothing run" in p.stderr
    p = calibrate(os.path.join(SOURCE, "inputs", "calibration", "baseline.yaml"), "--dry-run", "--cutoff", "2025-06",
                  cwd=tmp_path)
    assert p.returncode == 0 and "held out: C3" in p.stderr, p.stderr
    assert os.listdir(tmp_path) == []


def test_worker_request_writes_its_result(tmp_path):
    request = {"binary": BINARY, "scenario": os.path.join(SOURCE, "inputs", "tiny.yaml"), "steps": None,
               "ranks": 1, "moments": "aiecon.moments:tiny", "set": {"households.bass_p": 0.005}, "seed": 1}
    path = tmp_path / "task-0.json"
    path.write_text(json.dumps(request))
    p = calibrate("--worker", str(path))
    assert p.returncode == 0, p.stderr
    result = json.loads((tmp_path / "task-0.result.json").read_text())
    # US adoption grows from its initial share (5 %) over the 24 months
    assert 5 <= result["T-hh-2024-03"] < result["T-hh-2025-12"] <= 100


def test_slurm_array_script_is_valid_shell():
    script = os.path.join(SOURCE, "jobs", "calibrate.sbatch")
    assert subprocess.run(["bash", "-n", script]).returncode == 0


def _resolved(doc, key):
    """The value at a parameter key path (named list items by their name) of `aiecon check`'s YAML."""
    for part in key.split("."):
        doc = next(x for x in doc if x.get("name") == part) if isinstance(doc, list) else doc[part]
    return doc


@pytest.mark.parametrize("name", ["baseline.yaml"])
def test_scenario_is_the_fit_or_the_starts(name):
    """Without a recorded fit (NAME-fit.yaml, written by `aiecon-calibrate ... --apply`), a
    calibration starts from the scenario as shipped: a hand refit that moves a parameter in the
    scenario must move the start here too (they drifted apart once, after the demand refit). With
    one, the scenario carries the fit: each value is its estimate (to the 6 digits written) and the
    fit started from this file's starts, so the command reproduces it."""
    import yaml
    from aiecon.calibspec import read_calibration
    from aiecon.calibrate import fit_path
    cal = read_calibration(os.path.join(SOURCE, "inputs", "calibration", name), need_facts=False)
    out = subprocess.run([BINARY, "check", cal.scenario], capture_output=True, text=True, check=True).stdout
    scenario = yaml.safe_load(out)
    fit_file = fit_path(cal.path)
    if os.path.exists(fit_file):
        with open(fit_file, encoding="utf-8") as f:
            fit = yaml.safe_load(f)["estimate"]
        assert sorted(fit) == sorted(p.key for p in cal.parameters), f"{fit_file} fits other parameters"
        moved = [(p.key, fit[p.key]["value"], _resolved(scenario, p.key)) for p in cal.parameters
                 if abs(float(_resolved(scenario, p.key)) - fit[p.key]["value"]) > 1e-5 * abs(fit[p.key]["value"])]
        assert moved == [], f"values of {cal.scenario} that are not {fit_file}'s estimate (key, fit, scenario): {moved}"
        restarted = [(p.key, fit[p.key]["start"], p.start) for p in cal.parameters if fit[p.key]["start"] != p.start]
        assert restarted == [], f"{fit_file} started elsewhere than {cal.path} (key, fit's start, file's): {restarted}"
    else:
        moved = [(p.key, p.start, _resolved(scenario, p.key)) for p in cal.parameters
                 if abs(float(_resolved(scenario, p.key)) - p.start) > 1e-12 * max(1.0, abs(p.start))]
        assert moved == [], f"starts that differ from {cal.scenario} (key, start, scenario): {moved}"


def test_study_of_every_parameter_of_tiny(tmp_path):
    """aiecon-study writes a study over tiny's real parameters that aiecon-morris accepts: each box
    ±25 % of the scenario's value (bass_q 0.12 -> [0.09, 0.15]), shares that must add up left out
    with the binary's reason, and the file passes the calibration checks against the binary."""
    import yaml
    from aiecon.calibspec import check_against_binary, read_calibration
    out = tmp_path / "every.yaml"
    p = subprocess.run([sys.executable, "-m", "aiecon.study", os.path.join(SOURCE, "inputs", "tiny.yaml"),
                        "-o", str(out), "--binary", BINARY], capture_output=True, text=True,
                       env={**os.environ, "PYTHONPATH": os.path.join(SOURCE, "postprocess")})
    assert p.returncode == 0, p.stderr
    doc = yaml.safe_load(out.read_text())
    q = doc["parameters"]["households.bass_q"]
    assert (q["lower"], q["start"], q["upper"]) == pytest.approx((0.09, 0.12, 0.15))
    assert "run.seed" not in doc["parameters"] and not any(k.endswith(".share") for k in doc["parameters"])
    assert "add up to" in out.read_text()      # the refused shares are named with the binary's words
    cal = read_calibration(str(out), need_facts=False)
    assert len(cal.parameters) > 50
    check_against_binary(cal, BINARY)           # raises SpecError if any box is refused


def test_study_top_of_morris_by_relative_mu_star(tmp_path):
    """Known answer: outcome A has μ* 10 (x), 5 (y), 0 (z); outcome B 0.1 (x), 0.3 (y), 0.27 (z).
    Relative to each outcome's largest: x 1.0, y max(0.5, 1.0) = 1.0, z max(0, 0.9) = 0.9. Top 2:
    x and y (tie kept in file order), top 3 adds z; a parameter with μ* 0 everywhere is never kept."""
    from aiecon.study import top_of_morris
    path = tmp_path / "morris.csv"
    path.write_text("parameter,outcome,mu_star,mu,sigma\n"
                    "x,A,10,10,0\ny,A,5,5,0\nz,A,0,0,0\nw,A,0,0,0\n"
                    "x,B,0.1,0.1,0\ny,B,0.3,0.3,0\nz,B,0.27,0.27,0\nw,B,0,0,0\n")
    assert top_of_morris(str(path), 2) == ["x", "y"]
    assert top_of_morris(str(path), 5) == ["x", "y", "z"]
