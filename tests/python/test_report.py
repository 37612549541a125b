"""The report (postprocess/report, package aiecon_report) on synthetic outputs: sensitivity of a
Latin-hypercube sweep, probabilities with Wilson intervals, split outcomes, extreme members named,
the comparison of scenarios, and what every page carries (PDF twins, footer)."""
import csv
import os

import numpy as np
import pytest

from aiecon_report import cli, ensemble, load, series
from synthetic import write_run

STRONG, INERT = "labs.frontier_a.ambition", "investors.rate"


def report(tmp_path, *paths):
    out = str(tmp_path / "report")
    assert cli.main([*map(str, paths), "-o", out]) == 0
    return out


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def lhs_sweep(folder, rows=20, with_attributes=True):
    """A Latin hypercube over STRONG in [1, 3] (revenue scales with its square) and INERT in
    [0.02, 0.08] (no effect), with 2 % noise; parameters in sweep_row, or only in design.csv."""
    rng = np.random.default_rng(3)
    a = 1 + 2 * (rng.permutation(rows) + rng.random(rows)) / rows
    b = 0.02 + 0.06 * (rng.permutation(rows) + rng.random(rows)) / rows
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "design.csv"), "w") as f:
        f.write(f"{STRONG},{INERT}\n" + "".join(f"{x!r},{y!r}\n" for x, y in zip(a, b)))
    for i in range(rows):
        attrs = {"sweep_row": f"{STRONG}={a[i]!r}\n{INERT}={b[i]!r}", "sweep_index": i} if with_attributes else {}
        write_run(os.path.join(folder, f"row_{i:04d}.nc"), months=24, scale=a[i] ** 2 * (1 + 0.02 * rng.standard_normal()),
                  attrs=attrs, params={STRONG: a[i], INERT: b[i]})
    return a, b


@pytest.mark.parametrize("with_attributes", [True, False])
def test_lhs_sweep_ranks_the_strong_parameter_first(tmp_path, with_attributes):
    lhs_sweep(str(tmp_path / "sweep"), with_attributes=with_attributes)
    out = report(tmp_path, tmp_path / "sweep")
    rows = [r for r in read_csv(os.path.join(out, "sensitivity.csv")) if r["outcome"] == "lab revenue, last 12 months"]
    by = {r["parameter"]: r for r in rows}
    assert by[STRONG]["method"] == "partial rank correlation"
    assert by[STRONG]["rank"] == "1" and by[INERT]["rank"] == "2"
    assert float(by[STRONG]["sensitivity"]) > 0.9
    assert abs(float(by[INERT]["sensitivity"])) < 0.5
    assert abs(float(by[STRONG]["src"])) > abs(float(by[INERT]["src"]))
    page = open(os.path.join(out, "index.html"), encoding="utf-8").read()
    assert "sampled design" in page and "most sensitive to labs.frontier_a.ambition" in page


def test_grid_sweep_uses_main_effects(tmp_path):
    folder = tmp_path / "grid"
    folder.mkdir()
    i = 0
    for a in (1.0, 2.0):
        for b in (0.02, 0.08):
            write_run(str(folder / f"row_{i}.nc"), months=12, scale=a,
                      attrs={"sweep_row": f"{STRONG}={a}\n{INERT}={b}"})
            i += 1
    out = report(tmp_path, folder)
    rows = [r for r in read_csv(os.path.join(out, "sensitivity.csv")) if r["outcome"] == "lab revenue, last 12 months"]
    assert {r["method"] for r in rows} == {"main effect (range of means)"}
    assert [r["parameter"] for r in sorted(rows, key=lambda r: r["rank"])] == [STRONG, INERT]
    assert os.path.isfile(os.path.join(out, "rows_revenue.pdf"))


def ensemble8(folder):
    """8 members: china_lab (lab 1) defaults in members 0-3 (month 20) and 5; in member 5 every lab
    defaults (month 10)."""
    os.makedirs(folder, exist_ok=True)
    for i in range(8):
        d = {1: 20} if i < 4 else ({0: 10, 1: 10} if i == 5 else {})
        write_run(os.path.join(folder, f"member_{i:04d}.nc"), seed=100 + i, months=36, lab_defaults=d,
                  cloud_defaults={1: 12} if i == 5 else None)


@pytest.fixture(scope="module")
def ens_report(tmp_path_factory):
    """The report of ensemble8, made once for the tests that read it."""
    tmp = tmp_path_factory.mktemp("ensemble")
    ensemble8(str(tmp / "ens"))
    return report(tmp, tmp / "ens")


def test_ensemble_probabilities_with_wilson_intervals(ens_report):
    out = ens_report
    rows = read_csv(os.path.join(out, "probabilities.csv"))
    r = next(r for r in rows if r["event"] == "defaulted" and r["subject"] == "lab china_lab" and r["by"] == "2026-12")
    assert (r["members_with_event"], r["members"]) == ("5", "8")
    # Wilson, 5 of 8 at 95 %: p = 0.625, z²/n = 0.4801824, centre (0.625 + 0.2400912) / 1.4801824
    # = 0.5844491; half-width 1.3241368 × sqrt(0.625 × 0.375 / 8 + 0.0150057) = 1.3241368 ×
    # 0.2104818 = 0.2787067: [0.3057424, 0.8631557]
    assert float(r["ci95_low"]) == pytest.approx(0.3057, abs=1e-4)
    assert float(r["ci95_high"]) == pytest.approx(0.8632, abs=1e-4)
    assert int(r["members_for_5_points"]) > 300
    page = open(os.path.join(out, "index.html"), encoding="utf-8").read()
    assert "95 % CI" in page and "members" in page
    assert "member_0005.nc" in page and "every lab defaults" in page
    extremes = read_csv(os.path.join(out, "extreme_members.csv"))
    assert any(e["file"] == "member_0005.nc" and e["seed"] == "105" for e in extremes)


def test_split_outcome_is_two_groups(tmp_path):
    ensemble8(str(tmp_path / "ens"))
    runs = load.classify([str(tmp_path / "ens")]).sources[0].runs
    panel = next(p for p in series.panels() if p.key == "revenue")
    groups = ensemble.groups(runs, panel, 1)                    # china_lab
    assert [len(m) for _, m in groups] == [5, 3]
    assert sorted(groups[0][1]) == [0, 1, 2, 3, 5]
    assert [len(m) for _, m in ensemble.groups(runs, panel, 0)] == [1, 7]    # frontier_a: member 5 only


def test_every_figure_has_a_pdf_and_the_page_a_footer(ens_report):
    out = ens_report
    pngs = [f for f in os.listdir(out) if f.endswith(".png")]
    assert pngs and all(os.path.isfile(os.path.join(out, f[:-4] + ".pdf")) for f in pngs)
    page = open(os.path.join(out, "index.html"), encoding="utf-8").read()
    footer = page[page.index("<footer>"):]
    assert "aiecon 0.1.0" in footer and "scenario hash 0123456789abcdef" in footer and "seed 100" in footer
    assert "nominal" in footer


def test_comparison_lists_the_differing_parameters(tmp_path):
    a = write_run(str(tmp_path / "a.nc"), title="base", months=24)
    b = write_run(str(tmp_path / "b.nc"), title="ambitious", months=24, scale=2.0,
                  params={STRONG: 3.0, INERT: 0.07})
    out = report(tmp_path, a, b)
    diff = read_csv(os.path.join(out, "differing_parameters.csv"))
    assert {r["parameter"]: (r["base"], r["ambitious"]) for r in diff} == {
        "title": ("base", "ambitious"), STRONG: ("1.5", "3.0"), INERT: ("0.05", "0.07")}
    assert os.path.isfile(os.path.join(out, "cmp_revenue.pdf"))


def test_report_reads_both_time_layouts_alike(tmp_path):
    """Today's files (record 0 = initial state, record m labelled at the end of month m) and files
    stamped at the month with time_bnds and no record 0 give the report the same months."""
    today = load.open_run(write_run(str(tmp_path / "today.nc"), months=24, lab_defaults={1: 14}))
    future = load.open_run(write_run(str(tmp_path / "cf.nc"), months=24, lab_defaults={1: 14}, with_bounds=True))
    assert today.start == future.start == (2024, 1)
    assert today.records == future.records == 25
    np.testing.assert_array_equal(today.data["lab_revenue"][1:], future.data["lab_revenue"][1:])
    from aiecon_report import outcomes
    assert outcomes.revenue_in_year(today, 2024) == outcomes.revenue_in_year(future, 2024) > 0
    assert outcomes.first_default(today) == outcomes.first_default(future) == (14, ["lab china_lab"])


def calibration_folder(folder):
    """What aiecon-calibrate writes, by hand: two fitted facts and two held out after 2025-06."""
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "calibration.yaml"), "w") as f:
        f.write("calibration: cal.yaml\nscenario: tiny.yaml\nseeds: [1, 2]\ncutoff: 2025-06\nloss: 0.5\n"
                "loss_at_start: 40.0\nevaluations: 30\nuncertainty_method: curvature\n"
                "estimate:\n  households.bass_q: {value: 0.12, se: 0.01, start: 0.17, lower: 0.05, upper: 0.3}\n"
                "identification: {not_pinned_down: [labs.frontier_a.brand]}\n")
    rows = [("F1", "2024-12", "fitted", 10.0, 10.5, 1.0), ("F2", "2025-06", "fitted", 20.0, 19.0, 2.0),
            ("H1", "2025-12", "held out", 30.0, 33.0, 1.0), ("H2", "2026-06", "held out", 40.0, 36.0, 1.0)]
    with open(os.path.join(folder, "forecast.csv"), "w") as f:
        f.write("id,fact,period_end,role,model,fact_value,unit,tolerance,error,error_in_tolerances\n")
        for i, end, role, fact, model, tol in rows:
            f.write(f"{i},fact {i},{end},{role},{model},{fact},%,{tol},{model - fact},{(model - fact) / tol}\n")


def test_calibration_folder_shows_forecast_errors(tmp_path):
    calibration_folder(str(tmp_path / "cal"))
    out = report(tmp_path, tmp_path / "cal")
    page = open(os.path.join(out, "index.html"), encoding="utf-8").read()
    # held out: errors +3 and -4 tolerances: RMS sqrt((9 + 16) / 2) = 3.54, none within one tolerance;
    # fitted: +0.5 and -0.5: RMS 0.50
    assert "Forecast: 2 facts after 2025-06, root-mean-square error 3.54 tolerances; 0 of 2" in page
    assert "Fitted: 2 facts dated by 2025-06, root-mean-square error 0.50" in page
    assert "Not pinned down by the facts: labs.frontier_a.brand" in page
    shown = read_csv(os.path.join(out, "fit_forecast.csv"))
    assert [r["role"] for r in shown] == ["fitted", "fitted", "held out", "held out"]
    assert os.path.getsize(os.path.join(out, "fit_forecast.png")) > 5000
    est = read_csv(os.path.join(out, "fit_estimate.csv"))
    assert est[0]["parameter"] == "households.bass_q" and float(est[0]["standard error"]) == 0.01


def test_broken_calibration_folder_is_one_error(tmp_path, capsys):
    calibration_folder(str(tmp_path / "cal"))
    with open(tmp_path / "cal" / "calibration.yaml", "w") as f:
        f.write("loss: [unclosed\n")
    assert cli.main([str(tmp_path / "cal"), "-o", str(tmp_path / "report")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "calibration.yaml" in err
