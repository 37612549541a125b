#!/usr/bin/env bash
# inert_params.sh — every parameter of the table moves the output of some shipped scenario, or is
# listed with its reason in tests/inert-parameters.yaml (issue 16). tests/python/inert_params.py
# does the work: one --set perturbation at a time on 1 rank, data hashes compared with nc_data_hash.
source "$(dirname "$0")/common.sh"
set -o pipefail
if /usr/bin/python3 tests/python/inert_params.py "$AIECON" "$BUILD_DIR/nc_data_hash" --jobs 2; then
  pass "every parameter moves the output or is listed as inert with its reason"
else
  fail "a parameter moves no output without a listed reason, or the list of inert parameters is stale"
fi
finish
