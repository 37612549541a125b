#!/usr/bin/env bash
# demand_rebound.sh — firms' token use answers price with a constant elasticity (docs/ODD.md 3.3.4):
# with an elasticity above 1 total spending on tokens rises when prices fall (the rebound, Jevons),
# below 1 it falls. Two --set runs per elasticity: the baseline's first month with every lab's API
# price as written and halved (no price decline, a fixed reference of 8 USD/Mtok, no household
# tokens, no ROI price term, so the first month's users are the same in both runs and only use per
# firm moves). Spending = sum over labs of tokens demanded × API price in record 1. 1 rank.
source "$(dirname "$0")/common.sh"
set -o pipefail
scratch
common=(--steps 2 --set households.tokens_free_mtok=0 --set households.tokens_paid_mtok=0
        --set businesses.choice.price_reference_usd_per_mtok=8 --set businesses.choice.price_reference_decline=0
        --set businesses.roi_price_elasticity=0)
# every lab of the baseline with its API list price as written there (name:price)
labs=$(/usr/bin/python3 - <<'PY'
import yaml
print(" ".join(f"{lab['name']}:{lab['api_usd_per_mtok']}" for lab in yaml.safe_load(open("inputs/baseline.yaml"))["labs"]))
PY
) || fail "cannot read the labs' API prices from inputs/baseline.yaml"
[ -n "$labs" ] || fail "no labs in inputs/baseline.yaml"
for lab in $labs; do
  common+=(--set "labs.${lab%%:*}.api_price_decline=0")
done
for eps in 1.5 0.5; do
  half=()
  for lab in $labs; do
    half+=(--set "labs.${lab%%:*}.api_usd_per_mtok=$(/usr/bin/python3 -c "print(${lab##*:} / 2)")")
  done
  "$AIECON" run inputs/baseline.yaml --quiet "${common[@]}" --set businesses.choice.use_price_elasticity=$eps \
    -o "$SCRATCH/full$eps.nc" </dev/null || fail "elasticity $eps: run failed"
  "$AIECON" run inputs/baseline.yaml --quiet "${common[@]}" "${half[@]}" --set businesses.choice.use_price_elasticity=$eps \
    -o "$SCRATCH/half$eps.nc" </dev/null || fail "elasticity $eps, half prices: run failed"
done
# expected ratio half/full: (1/2)^(1 - eps) for every lab: 2^0.5 = 1.414 at 1.5, 2^-0.5 = 0.707 at 0.5
/usr/bin/python3 - "$SCRATCH" <<'PY' && pass "spending rises as prices fall above elasticity 1 and falls below it" || fail "spending does not answer prices as the elasticity says"
import sys, netCDF4, numpy as np
d = sys.argv[1]
def spend(name):
    x = netCDF4.Dataset(f"{d}/{name}.nc")
    return float((np.asarray(x["lab_tokens"][1]) * np.asarray(x["lab_api_price"][1])).sum())
ok = True
for eps, want in ((1.5, 2 ** 0.5), (0.5, 2 ** -0.5)):
    full, half = spend(f"full{eps}"), spend(f"half{eps}")
    print(f"elasticity {eps}: spending {full:.4g} USD at the prices as written, {half:.4g} at half; "
          f"ratio {half / full:.4f} (expected {want:.4f})")
    ok &= abs(half / full / want - 1) < 1e-6
sys.exit(0 if ok else 1)
PY
finish
