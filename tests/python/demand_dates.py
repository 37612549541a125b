"""demand_dates.py LOW.nc HIGH.nc — the defaults' months of two runs of demand-disappoints at two
demand levels (tests/scripts/demand_dates.sh): LOW must show defaults; none of them comes earlier
at HIGH, and at least one comes later or not at all. A player that defaults only at HIGH is printed
but not counted against (more demand, a bigger build-out, a later bust). One exception, named when
it applies: a lab that at LOW bought a failed rival's business before its own default (its
lab_users_acquired > 0; at HIGH that rival falls later or not at all) may fall earlier at HIGH, the
windfall of the rival's users having kept it going at LOW; so may a cloud that falls in the same
month as such a lab at HIGH (its lessee). Prints each player's months."""
import sys

import xarray as xr


def default_months(path):
    """{player: index of the first month flagged defaulted} for labs and clouds."""
    ds = xr.open_dataset(path)
    out = {}
    # a lab restructured after a default (lab_restructured) defaulted too
    for var, dim in (("lab_default", "lab"), ("lab_restructured", "lab"), ("cloud_default", "cloud")):
        if var not in ds:
            continue
        for name in ds[dim].values:
            flags = ds[var].sel({dim: name}).values
            hit = [i for i, f in enumerate(flags) if f >= 0.5]
            if hit:
                out[f"{dim} {name}"] = min(hit[0], out.get(f"{dim} {name}", hit[0]))
    return out, [str(t)[:7] for t in ds.time.values]


def bought_before(path, lab, month):
    """Whether lab took over a failed rival's users before record `month` of the run at path."""
    ds = xr.open_dataset(path)
    return bool((ds["lab_users_acquired"].sel(lab=lab).values[:month] > 0).any())


low, months = default_months(sys.argv[1])
high, _ = default_months(sys.argv[2])
for who in sorted(set(low) | set(high)):
    at = lambda d: months[d[who]] if who in d else "never"
    print(f"{who}: {at(low)} at the lower demand, {at(high)} at the higher")
ok = bool(low)
# a player that falls only at the higher demand (a bigger build-out that fails later) is printed,
# not counted against: the claim is that the defaults of the lower demand move with demand
earlier = [w for w in low if w in high and high[w] < low[w]]
windfall = {w for w in earlier if w.startswith("lab ") and bought_before(sys.argv[1], w[4:], low[w])}
windfall |= {w for w in earlier if w.startswith("cloud ") and any(high[w] == high[x] for x in windfall)}
for w in sorted(windfall):
    print(f"{w} falls earlier at the higher demand: " + ("at the lower it bought a failed rival's users first"
          if w.startswith("lab ") else "with its lessee, which bought a failed rival's users at the lower"))
earlier = [w for w in earlier if w not in windfall]
later = [w for w in low if w not in high or high[w] > low[w]]
if not low:
    print("no default at the lower demand")
if earlier:
    print("defaults earlier at the higher demand:", ", ".join(earlier))
if not later:
    print("no default moves later with more demand")
sys.exit(0 if ok and not earlier and later else 1)
