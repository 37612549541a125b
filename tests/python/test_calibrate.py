"""aiecon.msm and aiecon.calibspec on a model with known answers (no binary): a linear model of
the moments, whose least-squares estimate and Gauss-Newton standard errors are computed here by
hand (numpy's lstsq on the design), a parameter no moment depends on (the identification check
must name it), the resume cache, and the split of facts at the cut-off."""
import csv
import json
import os

import numpy as np
import pytest

from aiecon import msm
from aiecon.calibspec import SpecError, read_calibration

# moments of the fake model: m_i = A[i] · θ, with each fact's period and tolerance (abs)
A = np.array([[1.0, 2.0, 0.0],
              [3.0, -1.0, 0.0],
              [0.5, 0.5, 0.0],
              [2.0, 1.0, 0.0],     # dated after the cut-off: held out
              [1.0, 1.0, 0.0]])    # dated after the cut-off: held out
PERIODS = ["2024-03", "2024-12", "2025-06", "2025-09", "2025-12"]
TOL = np.array([0.5, 0.4, 0.2, 0.5, 0.5])
TRUTH = np.array([1.2, 0.7, 0.0])
OBSERVED = A @ TRUTH + np.array([0.3, -0.2, 0.1, 0.4, -0.3])   # facts off the model: a non-zero minimum


def write_case(tmp_path, facts_rows=None, params=None, extra=""):
    facts = tmp_path / "facts.csv"
    with open(facts, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "row", "fact", "period", "period_start", "period_end", "value", "unit",
                    "tolerance_kind", "tolerance", "role", "source"])
        for row in facts_rows or [[f"F{i}", i, f"fact {i}", p, p, p, f"{OBSERVED[i]:.12g}", "1", "abs",
                                   f"{TOL[i]:g}", "fitted", "test"] for i, p in enumerate(PERIODS)]:
            w.writerow(row)
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text("title: not run\n")
    params = params or ("  a: {lower: -1, upper: 3, start: 0.2}\n"
                        "  b: {lower: -1, upper: 3, start: 2.0}\n"
                        "  inert: {lower: 0, upper: 1, start: 0.5}\n")
    cal = tmp_path / "cal.yaml"
    cal.write_text("scenario: scenario.yaml\nfacts: facts.csv\nmoments: fake:linear\nseeds: [1, 2, 3]\n"
                   + extra + "parameters:\n" + params)
    return str(cal)


class FakeRunner:
    """The linear model; each seed adds nothing (common random numbers with no noise)."""
    def __init__(self):
        self.calls = 0

    def map(self, tasks):
        self.calls += len(tasks)
        out = []
        for t in tasks:
            theta = np.array([t["set"]["a"], t["set"]["b"], t["set"]["inert"]])
            out.append({f"F{i}": float(v) for i, v in enumerate(A @ theta)})
        return out


def test_estimate_and_standard_errors_match_least_squares(tmp_path):
    cal = read_calibration(write_case(tmp_path))
    assert cal.fitted() == ["F0", "F1", "F2"] and cal.held_out() == ["F3", "F4"]
    ev = msm.Evaluator(cal, FakeRunner(), "fake", str(tmp_path / "cache.jsonl"))
    theta, loss, trace = msm.minimise(cal, ev, 300)
    # by hand: weighted least squares on the fitted rows, the inert parameter out of the design
    w = 1 / TOL[:3]
    design = A[:3, :2] * w[:, None]
    expect, *_ = np.linalg.lstsq(design, OBSERVED[:3] * w, rcond=None)
    assert theta[:2] == pytest.approx(expect, abs=2e-3)
    assert loss == pytest.approx(np.sum((design @ expect - OBSERVED[:3] * w) ** 2), abs=1e-3)
    unc = msm.uncertainty(cal, ev, theta)
    se_expect = np.sqrt(np.diag(np.linalg.inv(design.T @ design)) * (1 + 1 / 3))
    assert unc["se"][:2] == pytest.approx(se_expect, rel=1e-6)
    # the inert parameter changes no moment: the identification check names it, its error is infinite
    assert unc["flat"] == ["inert"] and np.isinf(unc["se"][2])
    rows = msm.fact_table(cal, ev.moments([theta])[0])
    held = [r for r in rows if r["role"] == "held out"]
    assert [r["id"] for r in held] == ["F3", "F4"]
    assert held[0]["error"] == pytest.approx(A[3] @ theta - OBSERVED[3], abs=1e-9)


def test_cache_resumes_without_simulating(tmp_path):
    cal = read_calibration(write_case(tmp_path))
    first = FakeRunner()
    ev = msm.Evaluator(cal, first, "fake", str(tmp_path / "cache.jsonl"))
    theta1, loss1, _ = msm.minimise(cal, ev, 40)
    assert first.calls == ev.simulations > 0
    with open(tmp_path / "cache.jsonl", "a") as f:
        f.write('{"key": "cut short by a')    # an interrupted write: ignored on resume
    again = FakeRunner()
    ev2 = msm.Evaluator(cal, again, "fake", str(tmp_path / "cache.jsonl"))
    theta2, loss2, _ = msm.minimise(cal, ev2, 40)
    assert again.calls == 0 and ev2.cached > 0
    assert loss2 == loss1 and np.array_equal(theta1, theta2)
    # another model (context) shares nothing with the cache
    ev3 = msm.Evaluator(cal, FakeRunner(), "another binary", str(tmp_path / "cache.jsonl"))
    ev3.moments([theta1])
    assert ev3.simulations == 3


class KilledRunner(FakeRunner):
    """Takes batches in chunks of 4 simulations and is killed during its third chunk."""
    chunk = 4

    def map(self, tasks):
        if self.calls >= 8:
            raise KeyboardInterrupt("killed")
        return super().map(tasks)


def test_interrupted_batch_keeps_its_finished_chunks(tmp_path):
    """5 points × 3 seeds = 15 simulations in one batch, in chunks of 4: killed in the third chunk,
    the cache holds the first two chunks (8); the resumed batch runs only the other 7."""
    cal = read_calibration(write_case(tmp_path))
    points = [np.array([0.1 * i, 1.0, 0.5]) for i in range(5)]
    ev = msm.Evaluator(cal, KilledRunner(), "fake", str(tmp_path / "cache.jsonl"))
    with pytest.raises(KeyboardInterrupt):
        ev.moments(points)
    assert len(open(tmp_path / "cache.jsonl").read().splitlines()) == 8
    again = FakeRunner()
    ev2 = msm.Evaluator(cal, again, "fake", str(tmp_path / "cache.jsonl"))
    got = ev2.moments(points)
    assert again.calls == 7 and ev2.cached == 8
    assert got[4]["F0"] == pytest.approx(A[0] @ points[4])


def test_cutoff_moves_facts_between_fit_and_forecast(tmp_path):
    path = write_case(tmp_path)
    assert read_calibration(path, cutoff="2024-12").fitted() == ["F0", "F1"]
    assert read_calibration(path, cutoff="2025-12").held_out() == []
    with pytest.raises(SpecError, match="no target dated by the cut-off 2023-01"):
        read_calibration(path, cutoff="2023-01")


@pytest.mark.parametrize("params,extra,message", [
    ("  a: {lower: 2, upper: 2}\n", "", r"cal.yaml:6: a: empty range \[2, 2\]"),
    ("  a: {lower: 0, upper: 1, start: 3}\n", "", r"cal.yaml:6: a.start: 3 is outside \[0, 1\]"),
    ("  a: {lower: 0, upper: .nan}\n", "", r"cal.yaml:6: a.upper: nan is not a finite number"),
    ("  a: {lower: 0, upper: 1}\n", "targets: []\n", r"cal.yaml:5: targets: no target"),
    ("  a: {lower: 0, upper: 1}\n", "targets: [F0, F9]\n", r"cal.yaml:5: targets: 'F9' is not a fact"),
    ("  a: {lower: 0, upper: 1}\n", "wrong: 1\n", r"cal.yaml:5: wrong: unknown key"),
    ("  a: {lower: 0, upper: 1}\n", "cutoff: 2025-13\n", r"cal.yaml:5: cutoff: '2025-13' is not a month"),
])
def test_bad_calibration_names_file_line_and_key(tmp_path, params, extra, message):
    with pytest.raises(SpecError, match=message):
        read_calibration(write_case(tmp_path, params=params, extra=extra))


def test_bad_fact_names_facts_file_line(tmp_path):
    rows = [["F0", 1, "fact", "2024-03", "2024-03", "2024-03", "1", "1", "abs", "0.5", "fitted", "t"],
            ["F1", 2, "fact", "2024-04", "2024-04", "", "2", "1", "abs", "0.5", "fitted", "t"]]
    with pytest.raises(SpecError, match=r"facts.csv:3: F1: period_end: no date"):
        read_calibration(write_case(tmp_path, facts_rows=rows, params="  a: {lower: 0, upper: 1}\n"))
    rows[1] = ["F1", 2, "fact", "2024-04", "2024-04", "2024-04", "", "1", "abs", "0.5", "fitted", "t"]
    with pytest.raises(SpecError, match=r"facts.csv:3: F1: value: no value"):
        read_calibration(write_case(tmp_path, facts_rows=rows, params="  a: {lower: 0, upper: 1}\n"))


def test_cache_lines_are_json_with_the_assignments(tmp_path):
    cal = read_calibration(write_case(tmp_path))
    ev = msm.Evaluator(cal, FakeRunner(), "fake", str(tmp_path / "cache.jsonl"))
    ev.moments([np.array([0.5, 0.5, 0.5])])
    lines = [json.loads(x) for x in open(tmp_path / "cache.jsonl")]
    assert [x["seed"] for x in lines] == [1, 2, 3]
    assert lines[0]["set"] == {"a": 0.5, "b": 0.5, "inert": 0.5}
    assert os.path.getsize(tmp_path / "cache.jsonl") > 0


def test_budget_is_a_hard_limit_even_inside_the_first_simplex(tmp_path):
    cal = read_calibration(write_case(tmp_path))
    runner = FakeRunner()
    ev = msm.Evaluator(cal, runner, "fake", None)
    theta, loss, trace = msm.minimise(cal, ev, 2)    # 3 parameters: the first simplex has 4 points
    assert len(trace) == 2 and runner.calls == 2 * 3


SCENARIO_TEXT = """# a scenario with comments that must survive
households:
  bass_p: 0.003          # [1/month] [C5]
  income:
    - name: low
      budget_usd: 5      # [USD/month]
    - name: middle
      budget_usd: 20
labs:
  - name: frontier_a
    brand: 1.8           # [1]; refitted
    markets: [{region: us}]
"""


def test_apply_writes_each_value_in_place_and_keeps_comments(tmp_path):
    """aiecon.apply: only the named scalars change (6 significant digits), found through maps and
    named list items; every comment and every other byte stays."""
    from aiecon.apply import apply_values
    path = tmp_path / "s.yaml"
    path.write_text(SCENARIO_TEXT)
    changes = apply_values(str(path), {"households.bass_p": 0.00213758391, "labs.frontier_a.brand": 2.5,
                                       "households.income.middle.budget_usd": 1.5e6})
    want = (SCENARIO_TEXT.replace("bass_p: 0.003 ", "bass_p: 0.00213758 ")
            .replace("budget_usd: 20", "budget_usd: 1.5e6").replace("brand: 1.8 ", "brand: 2.5 "))
    assert path.read_text() == want
    assert changes == [("households.bass_p", "0.003", "0.00213758"),
                       ("households.income.middle.budget_usd", "20", "1.5e6"),
                       ("labs.frontier_a.brand", "1.8", "2.5")]


@pytest.mark.parametrize("key, message", [("households.bass_q", "not written in the scenario"),
                                          ("labs.frontier_b.brand", "not written in the scenario"),
                                          ("households.income", "not a single value")])
def test_apply_refuses_a_key_it_cannot_place_and_writes_nothing(tmp_path, key, message):
    from aiecon.apply import ApplyError, apply_values
    path = tmp_path / "s.yaml"
    path.write_text(SCENARIO_TEXT)
    with pytest.raises(ApplyError, match=message):
        apply_values(str(path), {"households.bass_p": 0.002, key: 1.0})
    assert path.read_text() == SCENARIO_TEXT
