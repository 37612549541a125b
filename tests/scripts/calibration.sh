#!/usr/bin/env bash
# calibration.sh — the baseline reproduces every fitted fact of inputs/facts/facts.csv within its
# tolerance: runs inputs/baseline.yaml at 2 ranks and prints the table (model vs fact, tolerance,
# ok/miss) with postprocess/calibration.py, which fails on any miss. Then the same run against a
# copy of the facts with one target moved (lab A's 2024 revenue 100 times larger): a miss, exit 1,
# so the targets are those of the facts file.
source "$(dirname "$0")/common.sh"
scratch
mpirun_n 2 "$AIECON" run inputs/baseline.yaml --quiet -o "$SCRATCH/baseline.nc" || { fail "baseline run"; finish; }
/usr/bin/python3 postprocess/calibration.py "$SCRATCH/baseline.nc" --csv "$SCRATCH/calibration.csv" \
  && pass "every calibration fact within its tolerance" || fail "calibration facts missed (table above)"
sed 's/^C1,1,lab A revenue,calendar 2024,2024-01,2024-12,3.7,/C1,1,lab A revenue,calendar 2024,2024-01,2024-12,370,/' \
  inputs/facts/facts.csv >"$SCRATCH/moved.csv"
cmp -s inputs/facts/facts.csv "$SCRATCH/moved.csv" && fail "could not move the C1 target in a copy of facts.csv"
/usr/bin/python3 postprocess/calibration.py "$SCRATCH/baseline.nc" --facts "$SCRATCH/moved.csv" >"$SCRATCH/moved.out"
rc=$?
[ "$rc" = 1 ] && grep -q "lab A revenue, calendar 2024 .* 370 .*MISS" "$SCRATCH/moved.out" \
  && pass "a moved target in the facts file is missed (exit 1)" || { fail "moved target: exit $rc"; cat "$SCRATCH/moved.out"; }
finish
