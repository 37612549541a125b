"""macro_effect.py — AI's productivity effect on output, jobs and incomes (docs/ODD.md 3.3.12).

    macro_effect.py ON.nc OFF.nc     (the baseline, and the same with macro.ai_productivity_scale=0)

Expected: with the effect off, ai_productivity is 0 and employment stays at its start in every
region and sector, and each region's GDP grows at its trend only; with it on, ai_productivity is
positive and higher at the end (2035) than in the first year (more firms have AI in production),
and each region's GDP grows more from 2024 to 2035 than with it off. Household income rises with
GDP: it grows from 2024 to 2035 in every region, and more with the effect on. Exit 1 naming each
claim that fails."""
import sys

import netCDF4
import numpy as np


def yearly(path, name, year):
    """The mean of the months of `year` (records 1 on; record 0 is the start)."""
    with netCDF4.Dataset(path) as d:
        t = d.variables["time"]
        dates = netCDF4.num2date(t[:], t.units, getattr(t, "calendar", "standard"))
        rows = [k for k, x in enumerate(dates) if k > 0 and x.year == year]
        return np.asarray(d.variables[name][rows], dtype=float).mean(axis=0)


on, off = sys.argv[1:3]
failed = []


def check(claim, ok, detail):
    print(f"{'ok' if ok else 'FAIL'}: {claim} ({detail})")
    if not ok:
        failed.append(claim)


growth = {p: yearly(p, "gdp", 2035) / yearly(p, "gdp", 2024) for p in (on, off)}
check("GDP grows more from 2024 to 2035 with AI's productivity effect than without, in every region",
      bool(np.all(growth[on] > growth[off])),
      "growth on / off: " + ", ".join(f"{a:.4f} / {b:.4f}" for a, b in zip(growth[on], growth[off])))
prod_on, prod_off = (yearly(on, "ai_productivity", y) for y in (2024, 2035)), yearly(off, "ai_productivity", 2035)
first, last = prod_on
check("ai_productivity is positive and rises from 2024 to 2035 with the effect on",
      bool(np.all(first > 0) and np.all(last > first)), f"2024 max {first.max():.4f}, 2035 max {last.max():.4f}")
check("ai_productivity is 0 with the effect off", bool(np.all(prod_off == 0)), f"max {np.abs(prod_off).max():.3g}")
emp0, emp35 = yearly(off, "employment", 2024), yearly(off, "employment", 2035)
check("employment stays at its start with the effect off", bool(np.allclose(emp0, emp35, rtol=1e-12)),
      f"largest change {np.abs(emp35 - emp0).max():.3g} workers")
income = {p: yearly(p, "household_income", 2035) / yearly(p, "household_income", 2024) for p in (on, off)}
check("household income grows from 2024 to 2035 in every region", bool(np.all(income[on] > 1)),
      ", ".join(f"{x:.3f}" for x in income[on]))
check("household income grows more with AI's productivity effect than without, in every region",
      bool(np.all(income[on] > income[off])),
      ", ".join(f"{a:.4f} / {b:.4f}" for a, b in zip(income[on], income[off])))
if failed:
    sys.exit(1)
