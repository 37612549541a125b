"""moments — the model's value of each fact, computed from one run: what `aiecon-calibrate` fits.

A moments function takes the path of one output file and returns {fact id: model value in the
fact's unit}. A calibration file names one as MODULE:FUNCTION (load()):
  * `aiecon.moments:baseline` — the baseline's facts (inputs/facts/facts.csv), computed by
    postprocess/calibration.py's model_values, the same numbers the calibration table prints;
  * `aiecon.moments:tiny` — moments of the tiny scenario (adoption, lab A's share of users and
    its revenue), for synthetic-truth tests: the tiny scenario has no real facts. TINY_FACTS
    describes them (text, period, unit) so that synthetic_facts() can write a facts file in the
    format of inputs/facts/facts.csv from a run at known parameter values.
Runs are read with aiecon.open_run (months are picked by their time label), so a change of the
output's time axis is followed in files.py alone. Cost: one file opened per call.
"""
import csv
import importlib
import os
import sys

import numpy as np

from .files import open_run

FACT_COLUMNS = ("id", "row", "fact", "period", "period_start", "period_end", "value", "unit",
                "tolerance_kind", "tolerance", "role", "source")


def _months(ds, first, last):
    """Boolean mask of the records whose label lies in the months first..last (YYYY-MM, inclusive)."""
    key = ds["time"].dt.year.values * 100 + ds["time"].dt.month.values
    a, b = (int(t[:4]) * 100 + int(t[5:7]) for t in (first, last))
    mask = (key >= a) & (key <= b)
    if not mask.any():
        raise KeyError(f"the run has no month in {first}..{last}")
    return mask


def _at(da, ds, month):
    return float(da.values[_months(ds, month, month)][-1])


# id: (fact, period_start, period_end, unit, tolerance_kind, tolerance, function(ds) -> value)
def _households_share(ds, month, region="us"):
    return 100 * _at(ds["households_adopted"].sel(region=region), ds, month)


def _lab_share(ds, month, lab="frontier_a"):
    users = ds["lab_users"]
    return 100 * _at(users.sel(lab=lab), ds, month) / max(_at(users.sum("lab"), ds, month), 1.0)


def _lab_revenue(ds, first, last, lab="frontier_a"):
    return float(ds["lab_revenue"].sel(lab=lab).values[_months(ds, first, last)].sum()) / 1e9


def _tiny_facts():
    facts = {}
    adoption = ["2024-03", "2024-06", "2024-09", "2024-12", "2025-03", "2025-06", "2025-09", "2025-12"]
    for i, m in enumerate(adoption):
        facts[f"T-hh-{m}"] = ("US households using AI", m, m, "%", "abs", 0.5,
                              lambda ds, m=m: _households_share(ds, m))
    for m in ("2024-06", "2024-12", "2025-06", "2025-12"):
        facts[f"T-share-{m}"] = ("lab A share of AI users", m, m, "%", "abs", 1.0, lambda ds, m=m: _lab_share(ds, m))
    for first, last in (("2024-01", "2024-12"), ("2025-07", "2025-12")):
        facts[f"T-rev-{last}"] = ("lab A revenue", first, last, "billion USD", "rel", 0.05,
                                  lambda ds, a=first, b=last: _lab_revenue(ds, a, b))
    return facts


# id: (fact, period_start, period_end, unit, tolerance_kind, tolerance, function(ds) -> value)
TINY_FACTS = _tiny_facts()


def tiny(path):
    """{T-...: value} of a run of inputs/tiny.yaml (TINY_FACTS says what each is)."""
    with open_run(path) as ds:
        ds = ds.load()
        return {k: float(spec[-1](ds)) for k, spec in TINY_FACTS.items()}


def _calibration_module():
    """postprocess/calibration.py: installed as a top-level module, or from the source tree."""
    try:
        return importlib.import_module("calibration")
    except ImportError:
        here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        if os.path.isfile(os.path.join(here, "calibration.py")):
            sys.path.insert(0, here)
            return importlib.import_module("calibration")
        raise


def baseline(path):
    """{fact id of inputs/facts/facts.csv: value} of a baseline run, by calibration.model_values."""
    import xarray as xr
    cal = _calibration_module()
    with xr.open_dataset(path) as ds:
        return {k: float(v) for k, v in cal.model_values(ds.load()).items()}


def load(spec):
    """The function a MODULE:FUNCTION spec names. ImportError/AttributeError if there is none."""
    module, _, name = spec.partition(":")
    fn = getattr(importlib.import_module(module), name)
    if not callable(fn):
        raise AttributeError(f"{spec} is not a function")
    return fn


def synthetic_facts(values, out, source="synthetic: aiecon-calibrate --synthetic-facts", specs=None):
    """Write a facts file (columns of inputs/facts/facts.csv) holding `values` ({id: value}) as
    fitted facts, with the text, period, unit and tolerance of TINY_FACTS (or `specs`)."""
    specs = specs or TINY_FACTS
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(FACT_COLUMNS)
        for i, (k, v) in enumerate(values.items()):
            fact, first, last, unit, kind, tol = specs[k][:6]
            period = first if first == last else f"{first} to {last}"
            w.writerow([k, i + 1, fact, period, first, last, f"{v:.10g}", unit, kind, tol, "fitted", source])


def _lab_defaults(ds):
    """1 once a lab has defaulted, liquidated (lab_default) or restructured (lab_restructured: its
    lab_default goes back to 0, but it stopped paying and its owners and lenders took losses)."""
    flags = ds["lab_default"].values
    return np.maximum(flags, ds["lab_restructured"].values) if "lab_restructured" in ds else flags


def _first_default_month(ds):
    """Months from the start to the first default of any lab (restructured or not) or cloud; steps
    + 1 if none (censored)."""
    flags = np.concatenate([_lab_defaults(ds), ds["cloud_default"].values], axis=1)
    hit = np.nonzero((flags > 0).any(axis=1))[0]
    return float(hit[0] + 1) if hit.size else float(flags.shape[0] + 1)


OUTCOMES = {
    "lab0_revenue_last_year": "revenue of the first lab in the run's last calendar year [billion USD]",
    "lab0_defaulted": "the first lab has defaulted (liquidated or restructured) by the end [probability over the seeds]",
    "first_default_month": "months from the start to the first default of a lab (liquidated or restructured) or cloud (none: steps + 1) [months]",
    "households_adopted_end": "households using AI at the end, mean over regions [%]",
}


def outcomes(path):
    """The outcomes users ask about, for any AI-economy run (Morris screening, aiecon.morris):
    OUTCOMES says what each is. The first lab is frontier_a in the shipped scenarios."""
    with open_run(path) as ds:
        ds = ds.load()
        years = ds["time"].dt.year.values
        last = years == years.max()
        rev = ds["lab_revenue"].isel(lab=0).values
        return {
            "lab0_revenue_last_year": float(rev[last].sum()) / 1e9,
            "lab0_defaulted": float(_lab_defaults(ds)[-1, 0] > 0),
            "first_default_month": _first_default_month(ds),
            "households_adopted_end": 100 * float(ds["households_adopted"].values[-1].mean()),
        }
