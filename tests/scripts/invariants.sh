#!/usr/bin/env bash
# invariants.sh — `aiecon run --check` (issue 7): every scenario in inputs/ passes its invariants
# at 2 ranks; a broken invariant (AIECON_TEST_BREAK_INVARIANT=STEP, test only: it sets lab 0's
# served share to 1.5 after that step) stops the run on 3 ranks with exit 1 and one line naming
# the invariant, the step and the player, and no output file; --no-check lets it run on. Cash
# outside the ledger (AIECON_TEST_BREAK_ACCOUNTS=STEP: cloud 0 is given 1000 USD after that step)
# stops the run with exit 1 naming the account, the instrument, the step and the gap (accounts.c).
source "$(dirname "$0")/common.sh"
scratch
for scenario in inputs/*.yaml inputs/variants/*.yaml; do
  name=$(basename "$scenario" .yaml)
  mpirun_n 2 "$AIECON" run "$scenario" --check --quiet -o "$SCRATCH/$name.nc" 2>"$SCRATCH/err" \
    && pass "$name: invariants hold" || fail "$name: $(cat "$SCRATCH/err")"
done
AIECON_TEST_BREAK_INVARIANT=5 mpirun_n 3 "$AIECON" run inputs/tiny.yaml --quiet -o "$SCRATCH/broken.nc" \
  2>"$SCRATCH/err"
rc=$?
[ $rc = 1 ] && pass "broken invariant: exit 1" || fail "broken invariant: exit $rc: $(cat "$SCRATCH/err")"
grep -q 'after step 5: lab frontier_a: served_share = 1.5 (a share must be in \[0, 1\])' "$SCRATCH/err" \
  && pass "message: $(cat "$SCRATCH/err")" || fail "message: $(cat "$SCRATCH/err")"
[ "$(grep -cv '^\s*$' "$SCRATCH/err")" = 1 ] || fail "more than one line on stderr"
[ -z "$(ls -A "$SCRATCH" | grep broken)" ] && pass "no output file" || fail "output left: $(ls -A "$SCRATCH")"
AIECON_TEST_BREAK_ACCOUNTS=4 mpirun_n 2 "$AIECON" run inputs/tiny.yaml --quiet -o "$SCRATCH/leak.nc" \
  2>"$SCRATCH/err"
rc=$?
[ $rc = 1 ] && pass "cash outside the ledger: exit 1" || fail "cash outside the ledger: exit $rc: $(cat "$SCRATCH/err")"
grep -q 'after step 4: stock-flow: cloud:hyperscaler_us cash changed by .* (gap 1e+03 USD)' "$SCRATCH/err" \
  && pass "message: $(cat "$SCRATCH/err")" || fail "message: $(cat "$SCRATCH/err")"
[ -z "$(ls -A "$SCRATCH" | grep leak)" ] && pass "no output file" || fail "output left: $(ls -A "$SCRATCH")"
AIECON_TEST_BREAK_INVARIANT=5 mpirun_n 2 "$AIECON" run inputs/tiny.yaml --no-check --quiet \
  -o "$SCRATCH/unchecked.nc" && pass "--no-check runs on" || fail "--no-check run failed"
finish
