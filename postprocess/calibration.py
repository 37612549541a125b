#!/usr/bin/python3
"""calibration.py — compare a baseline run with the public figures of shared/CALIBRATION.md.

    /usr/bin/python3 postprocess/calibration.py BASELINE.nc [--csv TABLE.csv]

Prints one row per fact: model value, fact, tolerance, ok/miss (or "input"/"initial" for facts
that are scenario inputs or set the initial state), writes the table as CSV if asked, and exits 1
if any fitted fact is missed, 2 if the file is not a baseline run.

Conventions (docs/OUTPUT.md): record 0 is the state at the start of 2024-01; record m (m >= 1) is
the end of month m, and flow variables at record m are the month's flow. So calendar 2024 is
records 1..12, June 2025 is record 18.
"""
import argparse
import csv
import sys

import numpy as np
import xarray as xr

LAB_A, LAB_B, LEADER, BIG_CLOUDS = "frontier_a", "frontier_b", "gpu_leader", ["hyperscalers"]


def month(year, m):
    """Record index of calendar month (year, m) for a run starting 2024-01."""
    return (year - 2024) * 12 + m


def pick(ds, var, dim, name):
    names = [n.decode() if isinstance(n, bytes) else str(n) for n in ds[dim + "_name"].values]
    if name not in names:
        raise KeyError(f"no {dim} named {name!r} (have {names})")
    return ds[var].isel({dim: names.index(name)}).values


def facts(ds):
    """Rows: (number, fact, model value, target, tolerance kind, tolerance, unit)."""
    rev_a = pick(ds, "lab_revenue", "lab", LAB_A)
    cost_a = pick(ds, "lab_costs", "lab", LAB_A)
    users_a = pick(ds, "lab_users", "lab", LAB_A)
    rev_b = pick(ds, "lab_revenue", "lab", LAB_B)
    chip_rev = pick(ds, "chip_revenue", "chipmaker", LEADER)
    chip_price = pick(ds, "chip_price", "chipmaker", LEADER)
    chip_cost = pick(ds, "chip_unit_cost", "chipmaker", LEADER)
    ship = pick(ds, "chip_shipments", "chipmaker", LEADER)
    capex = sum(pick(ds, "cloud_capex", "cloud", c) for c in BIG_CLOUDS)
    gpu_hour = pick(ds, "cloud_gpu_hour_price", "cloud", BIG_CLOUDS[0])
    eu_biz = pick(ds, "businesses_adopted", "region", "eu")
    dc_mw = ds["dc_power"].values.sum(axis=1)
    y24 = slice(month(2024, 1), month(2024, 12) + 1)
    y25 = slice(month(2025, 1), month(2025, 12) + 1)
    fy = slice(month(2024, 2), month(2025, 1) + 1)
    margin = 1.0 - np.sum(ship[fy] * chip_cost[fy]) / max(np.sum(ship[fy] * chip_price[fy]), 1.0)
    return [
        (1, "lab A revenue, 2024", rev_a[y24].sum() / 1e9, 3.7, "rel", 0.25, "billion USD"),
        (2, "lab A annualised revenue, June 2025", 12 * rev_a[month(2025, 6)] / 1e9, 10.0, "rel", 0.25, "billion USD/yr"),
        (3, "lab A annualised revenue, Jul-Aug 2025", 6 * (rev_a[month(2025, 7)] + rev_a[month(2025, 8)]) / 1e9,
         12.5, "rel", 0.25, "billion USD/yr"),
        (4, "lab A net loss, 2024", (cost_a[y24].sum() - rev_a[y24].sum()) / 1e9, 5.0, "rel", 0.40, "billion USD"),
        (5, "lab A users, Dec 2024", users_a[month(2024, 12)] / 1e6, 300, "rel", 0.25, "million people"),
        (5, "lab A users, Mar 2025", users_a[month(2025, 3)] / 1e6, 500, "rel", 0.25, "million people"),
        (5, "lab A users, Aug 2025", users_a[month(2025, 8)] / 1e6, 700, "rel", 0.25, "million people"),
        (6, "lab A paying subscribers, end 2024", pick(ds, "lab_paid_users", "lab", LAB_A)[month(2024, 12)] / 1e6,
         15.5, "rel", 0.30, "million people"),
        (7, "lab A compute capacity, end 2025", pick(ds, "lab_capacity", "lab", LAB_A)[month(2025, 12)] / 1e3,
         1.9, "rel", 0.30, "GW"),
        (8, "lab A commitments, Nov 2025", pick(ds, "lab_commitments", "lab", LAB_A)[month(2025, 11)] / 1e9,
         1400, "input", 0, "billion USD"),
        (10, "lab B annualised revenue, Jan 2025", 12 * rev_b[month(2025, 1)] / 1e9, 1.0, "rel", 0.30, "billion USD/yr"),
        (10, "lab B annualised revenue, mid 2025", 12 * rev_b[month(2025, 6)] / 1e9, 4.5, "rel", 0.30, "billion USD/yr"),
        (11, "chipmaker data-centre revenue, Feb 2024-Jan 2025", chip_rev[fy].sum() / 1e9, 115.2, "rel", 0.25,
         "billion USD"),
        (12, "chipmaker gross margin, Feb 2024-Jan 2025", 100 * margin, 75, "abs", 5, "%"),
        (13, "big cloud capex, 2024", capex[y24].sum() / 1e9, 230, "rel", 0.30, "billion USD"),
        (13, "big cloud capex, 2025", capex[y25].sum() / 1e9, 400, "rel", 0.30, "billion USD"),
        (15, "GPU-hour rental price, 2025", gpu_hour[y25].mean(), 2.5, "rel", 0.30, "USD/h"),
        (18, "global data-centre electricity, 2024", dc_mw[y24].mean() * 8760 / 1e6, 415, "rel", 0.25, "TWh"),
        (19, "EU enterprises using AI, 2024", 100 * eu_biz[month(2024, 12)], 13.5, "abs", 3, "%"),
        (19, "EU enterprises using AI, start (2023 survey)", 100 * eu_biz[0], 8.0, "abs", 3, "%"),
    ]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("run")
    ap.add_argument("--csv")
    a = ap.parse_args()
    try:
        ds = xr.open_dataset(a.run)
        rows = facts(ds)
    except (OSError, KeyError, ValueError) as e:
        print(f"calibration.py: {a.run}: not a baseline run ({e})", file=sys.stderr)
        return 2
    misses = 0
    out = []
    print(f"{'#':>3} {'fact':<48} {'model':>10} {'fact':>10} {'tolerance':>10} {'unit':<16} verdict")
    for num, name, model, target, kind, tol, unit in rows:
        if kind == "input":
            verdict, tol_text = "input", "-"
        else:
            low, high = (target * (1 - tol), target * (1 + tol)) if kind == "rel" else (target - tol, target + tol)
            ok = bool(np.isfinite(model) and low <= model <= high)
            verdict = "ok" if ok else "MISS"
            misses += not ok
            tol_text = f"±{tol:.0%}" if kind == "rel" else f"±{tol:g}"
        print(f"{num:>3} {name:<48} {model:>10.3g} {target:>10.3g} {tol_text:>10} {unit:<16} {verdict}")
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
