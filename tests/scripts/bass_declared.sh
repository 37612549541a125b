#!/usr/bin/env bash
# bass_declared.sh — the Bass validation scenario recovers the p and q it declares (not only the
# curve's shape): within 0.05 of the discrete mean-field recursion with the declared p and q at
# every month, and fitted p and q within 10 % (tests/python/bass_declared.py says why these margins).
source "$(dirname "$0")/common.sh"
set -o pipefail
scratch
"$AIECON" run inputs/bass-validation.yaml --quiet -o "$SCRATCH/bass.nc" || { fail "run"; finish; }
if /usr/bin/python3 tests/python/bass_declared.py "$SCRATCH/bass.nc"; then
  pass "the diffusion recovers its declared p and q"
else
  fail "the diffusion does not recover its declared p and q"
fi
finish
