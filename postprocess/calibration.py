#!/usr/bin/python3
"""calibration.py — compare a baseline run with the calibration facts in inputs/facts/facts.csv.

    /usr/bin/python3 postprocess/calibration.py BASELINE.nc [--csv TABLE.csv] [--facts FACTS.csv]

Prints one row per checked fact: model value, fact, tolerance, ok/miss (or "input" for facts that
are scenario inputs), writes the table as CSV if asked, and exits 1 if any fitted fact is missed, 2
if the file is not a baseline run or the facts file cannot be read. The targets, tolerances and
sources are in inputs/facts/ (CALIBRATION.md, facts.csv); this script only says how each fact's
model value is computed from the run (function model_values, keyed by the fact's id).

Conventions (docs/OUTPUT.md): record 0 is the state at the start of run.start (initial_state = 1;
the baseline starts 2023-01); record m (m >= 1) covers month m (its time_bnds; stamped at the
middle of the month): flow variables at record m are the month's flow, stocks the state at its
end. So with the baseline's start calendar 2024 is records 13..24, June 2025 is record 30. Records
are counted from record 0's date (the run's start), not looked up by label, so files of either
output layout give the same table. A fact whose period starts before the run's start is not
computed (it is then an input of the run, role "initial" in facts.csv).
"""
import argparse
import csv
import os
import sys

import numpy as np
import xarray as xr

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
from aiecon.facts import read_facts  # noqa: E402

LAB_A, LAB_B, LEADER, BIG_CLOUDS = "frontier_a", "frontier_b", "gpu_leader", ["hyperscalers"]


def run_start(ds):
    """(year, month) of the run's first month: the date of record 0 (the initial state)."""
    t0 = ds["time"].values[0]
    return int(t0.year), int(t0.month)


def month_index(start):
    """The function giving the record index of calendar month (year, m) for a run starting at start."""
    return lambda year, m: (year - start[0]) * 12 + (m - start[1]) + 1


def pick(ds, var, dim, name):
    names = [n.decode() if isinstance(n, bytes) else str(n) for n in ds[dim + "_name"].values]
    if name not in names:
        raise KeyError(f"no {dim} named {name!r} (have {names})")
    return ds[var].isel({dim: names.index(name)}).values


def model_values(ds):
    """{fact id of inputs/facts/facts.csv: the model's value in the fact's unit}."""
    rev_a = pick(ds, "lab_revenue", "lab", LAB_A)
    cost_a = pick(ds, "lab_costs", "lab", LAB_A)
    users_a = pick(ds, "lab_users", "lab", LAB_A)
    rev_b = pick(ds, "lab_revenue", "lab", LAB_B)
    chip_rev = pick(ds, "chip_revenue", "chipmaker", LEADER)
    chip_price = pick(ds, "chip_price", "chipmaker", LEADER)
    chip_cost = pick(ds, "chip_unit_cost", "chipmaker", LEADER)
    ship = pick(ds, "chip_shipments", "chipmaker", LEADER)
    capex = sum(pick(ds, "cloud_capex", "cloud", c) for c in BIG_CLOUDS)
    gpu_hour = ds["compute_price"].values   # the compute market's price per reference GPU-hour
    eu_biz = pick(ds, "businesses_adopted", "region", "eu")
    dc_mw = ds["dc_power"].values.sum(axis=1)
    start = run_start(ds)
    month = month_index(start)
    y23 = slice(month(2023, 1), month(2023, 12) + 1)
    y24 = slice(month(2024, 1), month(2024, 12) + 1)
    y25 = slice(month(2025, 1), month(2025, 12) + 1)
    fy = slice(month(2024, 2), month(2025, 1) + 1)
    margin = 1.0 - np.sum(ship[fy] * chip_cost[fy]) / max(np.sum(ship[fy] * chip_price[fy]), 1.0)
    values = {
        "C1": rev_a[y24].sum() / 1e9,
        "C2": 12 * rev_a[month(2025, 6)] / 1e9,
        "C3": 6 * (rev_a[month(2025, 7)] + rev_a[month(2025, 8)]) / 1e9,
        "C4": (cost_a[y24].sum() - rev_a[y24].sum()) / 1e9,
        "C5-2024": users_a[month(2024, 12)] / 1e6,
        "C5-2025a": users_a[month(2025, 3)] / 1e6,
        "C5-2025b": users_a[month(2025, 8)] / 1e6,
        "C6": pick(ds, "lab_paid_users", "lab", LAB_A)[month(2024, 12)] / 1e6,
        "C7": pick(ds, "lab_capacity", "lab", LAB_A)[month(2025, 12)] / 1e3,
        "C8": pick(ds, "lab_commitments", "lab", LAB_A)[month(2025, 11)] / 1e9,
        "C10a": 12 * rev_b[month(2025, 1)] / 1e9,
        "C10b": 12 * rev_b[month(2025, 6)] / 1e9,
        "C11": chip_rev[fy].sum() / 1e9,
        "C12": 100 * margin,
        "C13-2024": capex[y24].sum() / 1e9,
        "C13-2025": capex[y25].sum() / 1e9,
        "C15": gpu_hour[y25].mean(),
        "C18": dc_mw[y24].mean() * 8760 / 1e6,
        "C19-2024": 100 * eu_biz[month(2024, 12)],
    }
    if start <= (2023, 1):   # 2023 simulated: the 2023 facts are fitted
        values["C5-2023"] = users_a[month(2023, 11)] / 1e6
        values["C11-2023"] = chip_rev[month(2023, 2):month(2024, 1) + 1].sum() / 1e9
        values["C15-2023"] = gpu_hour[y23].mean()
        values["C19-2023"] = 100 * eu_biz[y23].mean()
    else:                    # the start's adoption is 2023's survey
        values["C19-2023"] = 100 * eu_biz[0]
    return values


def facts(ds, facts_rows):
    """Rows: (number, fact, model value, target, tolerance kind, tolerance, unit), in the facts file's order."""
    model = model_values(ds)
    rows = []
    for f in facts_rows:
        if f["id"] in model:
            name = f"{f['fact']}, {f['period']}" if f["period"] not in f["fact"] else f["fact"]
            rows.append((int(f["row"]), name, float(model[f["id"]]), f["value"], f["tolerance_kind"],
                         f["tolerance"], f["unit"]))
    missing = sorted(set(model) - {f["id"] for f in facts_rows})
    if missing:
        raise KeyError(f"facts file lacks {', '.join(missing)}")
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("run")
    ap.add_argument("--csv")
    ap.add_argument("--facts", help="the facts file (default: inputs/facts/facts.csv)")
    a = ap.parse_args()
    try:
        facts_rows = read_facts(a.facts)
    except (OSError, KeyError, ValueError) as e:
        print(f"calibration.py: cannot read the facts: {e}", file=sys.stderr)
        return 2
    try:
        ds = xr.open_dataset(a.run)
        rows = facts(ds, facts_rows)
    except (OSError, KeyError, ValueError) as e:
        print(f"calibration.py: {a.run}: not a baseline run ({e})", file=sys.stderr)
        return 2
    misses = 0
    out = []
    print(f"{'#':>3} {'fact':<58} {'model':>10} {'fact':>10} {'tolerance':>10} {'unit':<16} verdict")
    for num, name, model, target, kind, tol, unit in rows:
        if kind == "input":
            verdict, tol_text = "input", "-"
        else:
            low, high = (target * (1 - tol), target * (1 + tol)) if kind == "rel" else (target - tol, target + tol)
            ok = bool(np.isfinite(model) and low <= model <= high)
            verdict = "ok" if ok else "MISS"
            misses += not ok
            tol_text = f"±{tol:.0%}" if kind == "rel" else f"±{tol:g}"
        print(f"{num:>3} {name[:58]:<58} {model:>10.3g} {target:>10.3g} {tol_text:>10} {unit:<16} {verdict}")
        out.append([num, name, f"{model:.6g}", target, tol_text, unit, verdict])
    if a.csv:
        with open(a.csv, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["fact", "name", "model", "target", "tolerance", "unit", "verdict"])
            w.writerows(out)
    print(f"{misses} fact(s) missed" if misses else "every fact within its tolerance")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
