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
    assert "26 parameter(s)" in p.stderr and "held out: C3" in p.stderr and "nothing run" in p.stderr
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
def test_calibration_starts_are_the_scenarios_values(name):
    """A calibration starts from the scenario as shipped: a refit that moves a parameter in the
    scenario must move the start here too (they drifted apart once, after the demand refit)."""
    import yaml
    from aiecon.calibspec import read_calibration
    cal = read_calibration(os.path.join(SOURCE, "inputs", "calibration", name), need_facts=False)
    out = subprocess.run([BINARY, "check", cal.scenario], capture_output=True, text=True, check=True).stdout
    scenario = yaml.safe_load(out)
    moved = [(p.key, p.start, _resolved(scenario, p.key)) for p in cal.parameters
             if abs(float(_resolved(scenario, p.key)) - p.start) > 1e-12 * max(1.0, abs(p.start))]
    assert moved == [], f"starts that differ from {cal.scenario} (key, start, scenario): {moved}"
