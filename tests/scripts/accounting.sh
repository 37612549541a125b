#!/usr/bin/env bash
# accounting.sh — the accounting closes every step for every AI-economy scenario in inputs/ (and
# its variants): |accounting_residual| at most 1 USD in every step (flows reach 1e11 USD a month,
# so this is zero up to floating-point rounding), and the stock-flow matrices close
# (tests/python/sfc_identities.py; --check has checked them every step too, accounts.c), at 2 ranks.
source "$(dirname "$0")/common.sh"
scratch
count=0
for scenario in inputs/*.yaml inputs/variants/*.yaml; do
  [ -f "$scenario" ] || continue
  grep -q '^labs:\|^extends:' "$scenario" || continue      # pure diffusion scenarios have no accounts
  name=$(basename "$scenario" .yaml)
  if ! mpirun_n 2 "$AIECON" run "$scenario" --check --quiet -o "$SCRATCH/$name.nc" 2>"$SCRATCH/err"; then
    fail "$name: run failed: $(cat "$SCRATCH/err")"; continue
  fi
  count=$((count + 1))
  /usr/bin/python3 - "$SCRATCH/$name.nc" "$name" <<'PY' && pass "$name: accounting closes every step" || fail "$name"
import sys, numpy as np, xarray as xr
d = xr.open_dataset(sys.argv[1])
r = np.abs(d["accounting_residual"].values)
print(f"  {sys.argv[2]}: {r.size} steps, largest |residual| {r.max():.3g} USD "
      f"against monthly lab revenue up to {np.nanmax(d['lab_revenue'].values):.3g} USD")
sys.exit(0 if np.all(np.isfinite(r)) and r.max() <= 1.0 else 1)
PY
  /usr/bin/python3 tests/python/sfc_identities.py "$SCRATCH/$name.nc" "$name at 2 ranks" \
    && pass "$name at 2 ranks: the stock-flow matrices close" || fail "$name at 2 ranks: stock-flow matrices"
done
[ "$count" -ge 2 ] || fail "only $count economy scenarios found"
finish
