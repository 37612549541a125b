#!/usr/bin/env bash
# ambition.sh — lab A's ambition matters (issue 13, part 3): the baseline run with
# --set labs.frontier_a.ambition=0 and =2 (the baseline has 0.5), and tests/python/ambition.py
# checks that lab A's commitments and the clouds' capacity move in the expected directions. 1 rank.
source "$(dirname "$0")/common.sh"
set -o pipefail
scratch
"$AIECON" run inputs/baseline.yaml --quiet -o "$SCRATCH/a0.5.nc" </dev/null || fail "baseline: run failed"
for a in 0 2; do
  "$AIECON" run inputs/baseline.yaml --quiet --set labs.frontier_a.ambition=$a -o "$SCRATCH/a$a.nc" </dev/null ||
    fail "ambition=$a: run failed"
done
if /usr/bin/python3 tests/python/ambition.py "$SCRATCH/a0.nc" "$SCRATCH/a0.5.nc" "$SCRATCH/a2.nc"; then
  pass "lab A's ambition sizes its commitments and the clouds' build-out"
else
  fail "lab A's ambition does not move its commitments or the clouds' capacity as expected"
fi
finish
