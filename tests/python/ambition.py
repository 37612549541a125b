"""ambition.py — lab A's ambition moves its commitments and the clouds' capacity.

    ambition.py LOW.nc BASE.nc HIGH.nc     (the baseline at labs.frontier_a.ambition 0, 0.5, 2)

Expected (docs/ODD.md, Commitments): the contracts lab A signs after the start are signed at
mw × ambition / schedule_ambition (0.5 in the baseline), and its own commitments stop at
ambition × 60 months of revenue, so at 2025-12 lab A's commitments are ordered LOW < BASE < HIGH,
HIGH at least 3× BASE and LOW below half of BASE; the clouds build for those contracts, so the
capacity in service of all clouds at 2026-12 is ordered LOW < BASE < HIGH, each step at least 2 %.
Exit 1 naming each claim that fails."""
import sys

import netCDF4
import numpy as np


def at(path, name, month):
    with netCDF4.Dataset(path) as d:
        t = d.variables["time"]
        dates = netCDF4.num2date(t[:], t.units, getattr(t, "calendar", "standard"))
        i = [k for k, x in enumerate(dates) if (x.year, x.month) == month][0]
        return np.asarray(d.variables[name][i], dtype=float)


low, base, high = sys.argv[1:4]
failed = []
c = [float(at(p, "lab_commitments", (2025, 12))[0]) for p in (low, base, high)]
print(f"lab A commitments 2025-12 [USD bn] at ambition 0 / 0.5 / 2: {c[0]/1e9:.0f} / {c[1]/1e9:.0f} / {c[2]/1e9:.0f}")
if not (c[0] < 0.5 * c[1] and c[2] > 3.0 * c[1]):
    failed.append("lab A's commitments: expected LOW < BASE/2 and HIGH > 3 BASE")
k = [float(at(p, "cloud_capacity", (2026, 12)).sum()) for p in (low, base, high)]
print(f"clouds' capacity 2026-12 [GW] at ambition 0 / 0.5 / 2: {k[0]/1e3:.1f} / {k[1]/1e3:.1f} / {k[2]/1e3:.1f}")
if not (k[0] < 0.98 * k[1] and k[2] > 1.02 * k[1]):
    failed.append("clouds' capacity: expected LOW < BASE < HIGH by 2 % each")
for f in failed:
    print("FAIL:", f)
sys.exit(1 if failed else 0)
