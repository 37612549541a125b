#!/usr/bin/env bash
# pricing.sh — labs that set prices (issue 15 part 2; docs/ODD.md 3.3.11), on the model as a whole:
# the baseline, the price-war variant and the baseline with every lab's conduct at 1 (joint
# profit, a cartel), each over its first 48 months on 1 rank (the labs set prices from 2026, month
# 25); tests/python/pricing.py checks that every lab's subscription and API price moves in the
# baseline, that the price war lowers prices and raises adoption and token use against it, and that
# the cartel's prices lie above it. (Spending rising as prices fall with an elasticity above 1 is
# ctest demand_rebound's.)
source "$(dirname "$0")/common.sh"
set -o pipefail
scratch
cartel=()
for lab in frontier_a frontier_b big_tech china_lab; do cartel+=(--set "labs.$lab.conduct=1"); done
"$AIECON" run inputs/baseline.yaml --quiet --steps 48 -o "$SCRATCH/baseline.nc" </dev/null || fail "baseline: run failed"
"$AIECON" run inputs/variants/price-war.yaml --quiet --steps 48 -o "$SCRATCH/price-war.nc" </dev/null \
  || fail "price-war: run failed"
"$AIECON" run inputs/baseline.yaml --quiet --steps 48 "${cartel[@]}" -o "$SCRATCH/cartel.nc" </dev/null \
  || fail "cartel: run failed"
if /usr/bin/python3 tests/python/pricing.py "$SCRATCH/baseline.nc" "$SCRATCH/price-war.nc" "$SCRATCH/cartel.nc"; then
  pass "prices move in the baseline; the price war lowers them and raises adoption and tokens; the cartel raises them"
else
  fail "labs' prices (see above)"
fi
finish
