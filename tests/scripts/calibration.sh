#!/usr/bin/env bash
# calibration.sh — the baseline reproduces every fitted fact of inputs/facts/facts.csv within its
# tolerance: runs inputs/baseline.yaml at 2 ranks and prints the table (model vs fact, tolerance,
# ok/miss) with postprocess/calibration.py, which fails on any miss.
source "$(dirname "$0")/common.sh"
scratch
mpirun_n 2 "$AIECON" run inputs/baseline.yaml --quiet -o "$SCRATCH/baseline.nc" || { fail "baseline run"; finish; }
/usr/bin/python3 postprocess/calibration.py "$SCRATCH/baseline.nc" --csv "$SCRATCH/calibration.csv" \
  && pass "every calibration fact within its tolerance" || fail "calibration facts missed (table above)"
finish
