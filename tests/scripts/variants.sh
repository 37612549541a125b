#!/usr/bin/env bash
# variants.sh — each variant in inputs/variants/ behaves as its name says, against the baseline
# (all at 2 ranks): demand-disappoints shows at least one default and less lab A revenue;
# bet-pays-off has lab A at about $100B a year (>= $75B annualised) in 2027-2028 and no default;
# energy-crunch has less data-centre power and dearer electricity; export-controls leaves China's
# clouds without new capacity; price-war has cheaper subscriptions, more users, less revenue;
# stargate-spv has Stargate build nothing beyond its lease and default no later than in the baseline,
# lab A (its lessee) not defaulting.
source "$(dirname "$0")/common.sh"
scratch
for s in inputs/baseline.yaml inputs/variants/*.yaml; do
  name=$(basename "$s" .yaml)
  mpirun_n 2 "$AIECON" run "$s" --check --quiet -o "$SCRATCH/$name.nc" || fail "$name: run failed"
done
/usr/bin/python3 - "$SCRATCH" <<'PY' || fail "a variant does not behave as named"
import sys, numpy as np, xarray as xr
folder = sys.argv[1]
def load(n): return xr.open_dataset(f"{folder}/{n}.nc", decode_times=False)
def idx(d, dim, name): return [x.decode() if isinstance(x, bytes) else str(x) for x in d[dim + "_name"].values].index(name)
b = load("baseline")
Y0 = int(b["time"].attrs["units"].split("since")[1].strip()[:4])   # the runs start in January of Y0
def rec(y, m=1): return 1 + 12 * (y - Y0) + (m - 1)                  # the record of calendar month (y, m)
A = idx(b, "lab", "frontier_a")
def defaults(d): return int(d["lab_default"].values[-1].sum() + d["cloud_default"].values[-1].sum())
def year(d, v, y, i=None):
    x = d[v].values[rec(y):rec(y + 1)]
    return x.sum(axis=0) if i is None else x[:, i].sum()
checks = []
dd = load("demand-disappoints")
checks.append(("demand-disappoints: at least one default", defaults(dd) >= 1))
checks.append(("demand-disappoints: lab A earns less in 2026 than in the baseline",
               year(dd, "lab_revenue", 2026, A) < year(b, "lab_revenue", 2026, A)))
bp = load("bet-pays-off")
run_rate = 12 * bp["lab_revenue"].values[rec(2027):rec(2029), A].max() / 1e9
print(f"bet-pays-off: lab A's best annualised revenue in 2027-2028: {run_rate:.0f} billion USD; defaults {defaults(bp)}")
checks.append(("bet-pays-off: lab A reaches about $100B a year in 2027-2028", run_rate >= 75))
checks.append(("bet-pays-off: nobody defaults", defaults(bp) == 0))
ec = load("energy-crunch")
us = idx(b, "region", "us")
# at the build-out's peak: after it the baseline's glut retires more capacity than the crunch let be built
checks.append(("energy-crunch: less data-centre power at its peak",
               ec["dc_power"].values[1:].sum(axis=1).max() < b["dc_power"].values[1:].sum(axis=1).max()))
checks.append(("energy-crunch: dearer electricity in the US in 2027",
               ec["electricity_price"].values[rec(2027, 12), us] > b["electricity_price"].values[rec(2027, 12), us]))
ex = load("export-controls")
cc = idx(b, "cloud", "china_clouds")
cap0 = ex["cloud_capacity"].values[0, cc]
checks.append(("export-controls: China's clouds add no capacity", np.all(ex["cloud_capacity"].values[:, cc] <= cap0 + 1e-6)))
# (in the baseline they add capacity, which retires in time: its peak, not its last value)
checks.append(("export-controls: China's clouds grow in the baseline", b["cloud_capacity"].values[:, cc].max() > cap0))
pw = load("price-war")
checks.append(("price-war: cheaper subscription", pw["lab_subscription_price"].values[rec(2024, 12), A] < b["lab_subscription_price"].values[rec(2024, 12), A]))
checks.append(("price-war: more people use AI by 2026", pw["lab_users"].values[rec(2026, 12)].sum() > b["lab_users"].values[rec(2026, 12)].sum()))
checks.append(("price-war: lab A earns less in 2025", year(pw, "lab_revenue", 2025, A) < year(b, "lab_revenue", 2025, A)))
sp = load("stargate-spv")
sg = idx(b, "cloud", "stargate")
def first_default(d): return int(np.argmax(d["cloud_default"].values[:, sg] > 0)) if d["cloud_default"].values[-1, sg] > 0 else 10**6
checks.append(("stargate-spv: Stargate builds nothing beyond its lease", np.all(sp["cloud_invested"].values[:, sg] == 0)))
checks.append(("stargate-spv: Stargate defaults, no later than in the baseline",
               first_default(sp) <= first_default(b) and first_default(sp) < 10**6))
checks.append(("stargate-spv: lab A, its lessee, does not default", sp["lab_default"].values[-1, A] == 0))
# Claims the model does not bear out today, reported to the lead rather than loosened (as in
# tests/python/readme_story.py): printed, not failing, until one starts to hold (then it fails, to be
# taken off). None at present.
KNOWN_DISAGREEMENTS = set()
bad = 0
for text, ok in checks:
    if text in KNOWN_DISAGREEMENTS:
        print(("DISAGREES (known): " if not ok else "FAIL: now holds, take it off KNOWN_DISAGREEMENTS: ") + text)
        bad += bool(ok)
        continue
    print(("ok: " if ok else "FAIL: ") + text)
    bad += not ok
sys.exit(1 if bad else 0)
PY
finish
