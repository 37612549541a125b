"""fit — the report of a calibration: what aiecon-calibrate estimated and how well the fit forecasts.

`postprocess/report OUT` where OUT is the folder aiecon-calibrate wrote (it holds calibration.yaml and
forecast.csv) gives this page: the estimate with its standard errors and the parameters the facts do
not pin down; then the forecast validation by date, the question forecasters ask of a fitted model:
the facts whose period ends by the cut-off (default 2025-06) were fitted, the later ones were not, and
their errors (model − fact, in the fact's tolerances) are forecast errors. One picture (the errors as
bars, fitted in blue, held out in orange, the tolerance band grey) and the table of every fact.
Everything is read from the two files; nothing is simulated. Cost: reading two small text files.
"""
import csv
import math
import os

import numpy as np

from . import html

FILES = ("calibration.yaml", "forecast.csv")
TEXT = ("Forecast validation by date: the facts whose period ends by the cut-off were fitted (blue), the "
        "later ones were held out (orange) and their errors are the fit's forecast errors. Errors are "
        "model − fact in the fact's tolerances (inputs/facts: the tolerance column); grey is within one "
        "tolerance. Model values are averages over the calibration's seeds at the estimate.")


def is_calibration(folder):
    """True when `folder` holds what aiecon-calibrate writes (calibration.yaml and forecast.csv)."""
    return all(os.path.isfile(os.path.join(folder, f)) for f in FILES)


def read(folder):
    """(result dict of calibration.yaml, forecast rows as dicts with floats); ValueError if malformed."""
    import yaml
    try:
        with open(os.path.join(folder, "calibration.yaml"), encoding="utf-8") as f:
            result = yaml.safe_load(f)
    except yaml.YAMLError as e:
        raise ValueError(f"{folder}/calibration.yaml: not YAML: {e}".replace("\n", " "))
    if not isinstance(result, dict) or "estimate" not in result or "cutoff" not in result:
        raise ValueError(f"{folder}/calibration.yaml: not written by aiecon-calibrate (no estimate or cutoff)")
    with open(os.path.join(folder, "forecast.csv"), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        for k in ("model", "fact_value", "tolerance", "error", "error_in_tolerances"):
            try:
                r[k] = float(r[k])
            except (KeyError, ValueError):
                raise ValueError(f"{folder}/forecast.csv: fact {r.get('id', '?')}: {k} is not a number")
    return result, rows


def rms(rows, role):
    """Root mean square of the errors in tolerances of the rows with this role (NaN if none)."""
    e = [r["error_in_tolerances"] for r in rows if r["role"] == role and math.isfinite(r["error_in_tolerances"])]
    return float(np.sqrt(np.mean(np.square(e)))) if e else float("nan")


def _summary(result, rows):
    fitted = [r for r in rows if r["role"] == "fitted"]
    held = [r for r in rows if r["role"] != "fitted"]
    within = sum(abs(r["error_in_tolerances"]) <= 1 for r in held)
    lines = [f"Calibration {os.path.basename(str(result.get('calibration', '?')))} of "
             f"{os.path.basename(str(result.get('scenario', '?')))}: loss {result.get('loss', float('nan')):.4g} "
             f"(from {result.get('loss_at_start', float('nan')):.4g} at the start), "
             f"{result.get('evaluations', '?')} evaluations, seeds {result.get('seeds', '?')}.",
             f"Fitted: {len(fitted)} facts dated by {result['cutoff']}, root-mean-square error "
             f"{rms(rows, 'fitted'):.2f} tolerances.",
             f"Forecast: {len(held)} facts after {result['cutoff']}, root-mean-square error "
             f"{rms(rows, 'held out'):.2f} tolerances; {within} of {len(held)} within one tolerance."]
    ident = result.get("identification") or {}
    flat = ident.get("not_pinned_down") or []
    if flat:
        lines.append("Not pinned down by the facts: " + ", ".join(map(str, flat)) + ".")
    lines.append(f"Uncertainty: {result.get('uncertainty_method', 'not computed')}.")
    return lines


def page(folder, out):
    """The html.Page of the calibration in `folder`; its picture and tables are written into `out`."""
    from aiecon.calibrate import forecast_figure
    result, rows = read(folder)
    est = result["estimate"]
    estimate = html.Table("fit_estimate.csv", "The estimate (standard errors from the curvature of the loss)",
                          ("parameter", "start", "estimate", "standard error", "lower bound", "upper bound"),
                          tuple((k, float(v.get("start", math.nan)), float(v["value"]), float(v.get("se", math.nan)),
                                 float(v.get("lower", math.nan)), float(v.get("upper", math.nan)))
                                for k, v in est.items()), shown=100)
    figure_rows = [dict(r, fact=r["fact"], period=r["period_end"], role=r["role"]) for r in rows]
    forecast_figure(figure_rows, result["cutoff"], os.path.join(out, "fit_forecast.png"))
    table = html.Table("fit_forecast.csv", f"Every fact: fitted (by {result['cutoff']}) or held out (after it)",
                       ("id", "fact", "period end", "role", "model", "fact value", "unit", "tolerance",
                        "model − fact", "error [tolerances]"),
                       tuple((r["id"], r["fact"], r["period_end"], r["role"], r["model"], r["fact_value"], r["unit"],
                              r["tolerance"], r["error"], r["error_in_tolerances"]) for r in rows), shown=200)
    sections = (html.Section("Estimate", "Parameters the calibration file names, at the minimum of the loss "
                             f"({result.get('loss_definition', 'weighted squared errors')}).", (estimate,)),
                html.Section("Fit and forecast errors", TEXT,
                             (html.Image("fit_forecast.png", "Fit and forecast errors", pdf=False), table)))
    return html.Page(f"Calibration: {os.path.basename(os.path.normpath(folder))}", "calibration",
                     tuple(_summary(result, rows)), sections,
                     f"aiecon-calibrate output {os.path.abspath(folder)}")
