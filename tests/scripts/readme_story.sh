#!/usr/bin/env bash
# readme_story.sh — README's story of the baseline (who falls, in which order, when; lab A's revenue
# and commitments) and each variant file's promise, checked on the runs (tests/python/readme_story.py
# has the claims and margins: figures within 10 %, dates within 3 months). All at 1 rank.
source "$(dirname "$0")/common.sh"
set -o pipefail
scratch
for s in inputs/baseline.yaml inputs/variants/*.yaml; do
  name=$(basename "$s" .yaml)
  "$AIECON" run "$s" --quiet -o "$SCRATCH/$name.nc" </dev/null || fail "$name: run failed"
done
if /usr/bin/python3 tests/python/readme_story.py "$SCRATCH"; then
  pass "README and the variant files tell what the model does"
else
  fail "README or a variant file says something the model does not do"
fi
finish
