#!/usr/bin/env bash
# macro_effect.sh — AI's productivity effect raises output and incomes (issue 15, part 5, "Done
# when"): the baseline is run as it is and with --set macro.ai_productivity_scale=0, and
# tests/python/macro_effect.py checks that GDP grows less without the effect, household income
# rises with GDP, and the productivity and employment outputs answer the switch. 1 rank, ~10 s.
source "$(dirname "$0")/common.sh"
set -o pipefail
scratch
"$AIECON" run inputs/baseline.yaml --quiet -o "$SCRATCH/on.nc" </dev/null || fail "baseline: run failed"
"$AIECON" run inputs/baseline.yaml --quiet --set macro.ai_productivity_scale=0 -o "$SCRATCH/off.nc" </dev/null ||
  fail "ai_productivity_scale=0: run failed"
if /usr/bin/python3 tests/python/macro_effect.py "$SCRATCH/on.nc" "$SCRATCH/off.nc"; then
  pass "AI's productivity effect raises GDP growth and household income"
else
  fail "the macro loop does not answer AI's productivity effect as expected"
fi
finish
