#!/usr/bin/python3
"""investment.py — the build-out of an AI-economy run, year by year (issue 13, part 3).

    /usr/bin/python3 postprocess/investment.py RUN.nc

Prints on stdout: each cloud's capex per calendar year [billion USD] and its Tobin's q and
capacity in service in December; each chipmaker's orders, shipments [thousand units] and
capacity [thousand units/month]; the defaults (first month); lab A's commitments and the
clouds' total capacity in December; the compute market's price in December [USD per reference
GPU-hour]. The figures of docs/ODD.md 3.3.5 and 3.3.6 ("Investment", "Capacity expansion") are
from `build/aiecon run inputs/baseline.yaml -o b.nc` and this script. Exit 2 if RUN.nc is not an
AI-economy output.
"""
import sys

import numpy as np
import xarray as xr

if len(sys.argv) != 2:
    sys.exit("usage: investment.py RUN.nc")
d = xr.open_dataset(sys.argv[1])
if "cloud_capex" not in d or "chip_orders" not in d:
    print(f"{sys.argv[1]}: not an AI-economy output with chip_orders (expected an aiecon run of an economy scenario)",
          file=sys.stderr)
    sys.exit(2)
t = d["time"].values
yrs = np.array([int(str(x)[:4]) for x in t])
years = [y for y in range(yrs[1], yrs[-1] + 1)]
clouds = [str(x) for x in d["cloud"].values]
chips = [str(x) for x in d["chipmaker"].values]
labs = [str(x) for x in d["lab"].values]
dec = {y: np.where(yrs == y)[0][-1] for y in years}
body = np.arange(len(t)) > 0   # record 0 is the state as created


def table(title, names, rows):
    print(title)
    print("year  " + " ".join(f"{n[:12]:>12}" for n in names))
    for y, row in rows:
        print(f"{y}  " + " ".join(f"{v:12.2f}" for v in row))
    print()


table("capex per year [billion USD]", clouds,
      [(y, d["cloud_capex"].values[(yrs == y) & body].sum(axis=0) / 1e9) for y in years])
table("Tobin's q in December [1]", clouds, [(y, d["cloud_q"].values[dec[y]]) for y in years])
table("capacity in service in December [GW]", clouds, [(y, d["cloud_capacity"].values[dec[y]] / 1e3) for y in years])
names = [f"{c} {w}" for c in chips for w in ("orders", "shipped", "cap/mo")]
rows = []
for y in years:
    m = (yrs == y) & body
    row = []
    for k in range(len(chips)):
        row += [d["chip_orders"].values[m, k].sum() / 1e3, d["chip_shipments"].values[m, k].sum() / 1e3,
                d["chip_capacity"].values[dec[y], k] / 1e3]
    rows.append((y, row))
table("chips [thousand units; capacity thousand units/month in December]", names, rows)


def first(var, names):
    v = d[var].values
    return ", ".join(f"{n} {str(t[int(np.argmax(v[:, i] > 0))])[:7]}" for i, n in enumerate(names) if v[-1, i] > 0) or "none"


print("cloud defaults:", first("cloud_default", clouds))
print("lab defaults:", first("lab_default", labs))
print(f"{labs[0]} commitments in December [billion USD]:",
      " ".join(f"{y}:{d['lab_commitments'].values[dec[y], 0] / 1e9:.0f}" for y in years))
print("clouds' capacity in December [GW]:",
      " ".join(f"{y}:{d['cloud_capacity'].values[dec[y]].sum() / 1e3:.1f}" for y in years))
print("compute price in December [USD/h]:", " ".join(f"{y}:{d['compute_price'].values[dec[y]]:.2f}" for y in years))
