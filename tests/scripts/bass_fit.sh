#!/usr/bin/env bash
# bass_fit.sh — the validation scenario's adopted share must fit the Bass closed form
# (p, q and a time offset fitted) with a worst absolute residual of at most 0.01, and more than
# half of the households must have adopted by the end.
source "$(dirname "$0")/common.sh"
scratch
mpirun_n 2 "$AIECON" run inputs/bass-validation.yaml --quiet -o "$SCRATCH/bass.nc" || { fail "run"; finish; }
if "$BUILD_DIR/bass_fit" "$SCRATCH/bass.nc" --tolerance 0.01 | tee "$SCRATCH/fit.txt"; then
  pass "fits the Bass closed form within 0.01"
else
  fail "does not fit the Bass closed form within 0.01"
fi
final=$(sed -n 's/.*final share \([0-9.]*\).*/\1/p' "$SCRATCH/fit.txt")
awk -v f="$final" 'BEGIN { exit !(f > 0.5) }' && pass "final share $final > 0.5" || fail "final share $final <= 0.5"
finish
