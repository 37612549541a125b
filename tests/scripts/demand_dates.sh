#!/usr/bin/env bash
# demand_dates.sh — in demand-disappoints, defaults answer demand (issue 13, "Done when"): the
# variant is run at its own paid share (households.paid_base 0.04) and at a higher one (0.06),
# and tests/python/demand_dates.py checks that there are defaults at the lower demand and that the
# defaults' months move with demand: none of them comes earlier at the higher demand, and at least
# one comes later or not at all (players that fall only at the higher demand are printed). 1 rank.
source "$(dirname "$0")/common.sh"
set -o pipefail
scratch
for paid in 0.04 0.06; do
  "$AIECON" run inputs/variants/demand-disappoints.yaml --quiet --set households.paid_base=$paid \
    -o "$SCRATCH/paid$paid.nc" </dev/null || fail "paid_base=$paid: run failed"
done
if /usr/bin/python3 tests/python/demand_dates.py "$SCRATCH/paid0.04.nc" "$SCRATCH/paid0.06.nc"; then
  pass "demand-disappoints: the defaults' dates move with demand"
else
  fail "demand-disappoints: the defaults' dates do not move with demand"
fi
finish
