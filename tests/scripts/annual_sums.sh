#!/usr/bin/env bash
# annual_sums.sh — the CF time axis an economist sums over (issue 17): for the baseline (2023-01 to
# 2035-12, one rank), tiny (two ranks) and the diffusion run, tests/python/annual_sums.py checks
# that every flow of docs/OUTPUT.md sums by calendar year with `groupby("time.year").sum()` to the
# totals of its records counted by step number, that no year after the run appears, that record 0
# is flagged and holds no flow, that cell_methods match the document's kinds and that
# `.sel(lab="frontier_a")` works with Debian's xarray alone.
source "$(dirname "$0")/common.sh"
scratch
PY=/usr/bin/python3
mpirun_n 1 "$AIECON" run inputs/baseline.yaml --quiet -o "$SCRATCH/baseline.nc" </dev/null || fail "baseline run"
mpirun_n 2 "$AIECON" run inputs/tiny.yaml --quiet -o "$SCRATCH/tiny.nc" </dev/null || fail "tiny run"
mpirun_n 1 "$AIECON" run inputs/bass-validation.yaml --quiet --steps 30 -o "$SCRATCH/bass.nc" </dev/null || fail "bass run"
"$PY" tests/python/annual_sums.py docs/OUTPUT.md "$SCRATCH/baseline.nc" "$SCRATCH/tiny.nc" "$SCRATCH/bass.nc" \
  || fail "annual sums (above)"
# The run ends in December 2035 and 2024 has twelve months: the idiom the issue tried, by name.
"$PY" - "$SCRATCH/baseline.nc" <<'PYEOF' || fail "baseline: lab A's years"
import sys
import xarray as xr
ds = xr.open_dataset(sys.argv[1])
rev = ds.lab_revenue.sel(lab="frontier_a").groupby("time.year")
years = sorted(rev.groups)
assert years == list(range(2023, 2036)), years
months = ds.time.dt.year.values[ds.initial_state.values == 0]
assert all((months == y).sum() == 12 for y in years), months
total = float(rev.sum().sel(year=2024))
by_hand = float(ds.lab_revenue.sel(lab="frontier_a").isel(time=slice(13, 25)).sum())   # records 13..24 = 2024
assert abs(total - by_hand) <= 1e-12 * abs(by_hand), (total, by_hand)   # the same 12 numbers, summed in another order
# the calibration's own yearly figures (postprocess/calibration.py counts records, not labels)
sys.path.insert(0, "postprocess")
from calibration import model_values
own = model_values(ds)
assert abs(own["C1"] - total / 1e9) <= 1e-12 * abs(own["C1"]), (own["C1"], total)
capex = ds.cloud_capex.sel(cloud="hyperscalers").groupby("time.year").sum()
for fact, year in (("C13-2024", 2024), ("C13-2025", 2025)):
    assert abs(own[fact] - float(capex.sel(year=year)) / 1e9) <= 1e-12 * abs(own[fact]), (fact, own[fact])
print(f"ok: baseline: frontier_a's 2024 revenue {total / 1e9:.3f} billion USD = records 13-24 = calibration's C1; "
      f"hyperscalers' capex 2024, 2025 = C13; years 2023-2035, 12 months each")
PYEOF
finish
