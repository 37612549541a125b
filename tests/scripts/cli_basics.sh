#!/usr/bin/env bash
# cli_basics.sh — the command line answers as documented: version, help, usage errors (exit 2),
# and `aiecon check` prints a resolved scenario that itself checks clean and resolves identically.
source "$(dirname "$0")/common.sh"
scratch

out=$("$AIECON" --version) && [[ $out =~ ^aiecon\ [0-9]+\.[0-9]+\.[0-9]+\ \(git\ .+\)$ ]] \
  && pass "--version: $out" || fail "--version printed '$out'"
for cmd in "" run check bench; do
  "$AIECON" $cmd --help >"$SCRATCH/help" 2>&1 && grep -q usage "$SCRATCH/help" \
    && pass "'$cmd --help' exits 0 with usage" || fail "'$cmd --help'"
done
"$AIECON" >/dev/null 2>&1; [ $? -eq 2 ] && pass "no command: exit 2" || fail "no command should exit 2"
"$AIECON" frobnicate >/dev/null 2>&1; [ $? -eq 2 ] && pass "unknown command: exit 2" || fail "unknown command"
"$AIECON" run >/dev/null 2>&1; [ $? -eq 2 ] && pass "run without scenario: exit 2" || fail "run without scenario"
"$AIECON" run inputs/bass-validation.yaml --bogus >/dev/null 2>&1; [ $? -eq 2 ] \
  && pass "unknown option: exit 2" || fail "unknown option"
"$AIECON" bench --households abc >/dev/null 2>&1; [ $? -eq 2 ] && pass "bench bad count: exit 2" || fail "bench bad count"

# check → YAML → check again: the same resolved text (a fixed point).
if mpirun_n 2 "$AIECON" check inputs/bass-validation.yaml --set households.bass_q=0.2 >"$SCRATCH/a.yaml" \
   && "$AIECON" check "$SCRATCH/a.yaml" >"$SCRATCH/b.yaml" && cmp -s "$SCRATCH/a.yaml" "$SCRATCH/b.yaml"; then
  grep -q "0.2" "$SCRATCH/a.yaml" && pass "check prints a resolved scenario that resolves to itself" \
    || fail "check did not apply --set"
else
  fail "check round trip"; diff "$SCRATCH/a.yaml" "$SCRATCH/b.yaml" | head
fi
# the run records the resolved scenario and the command line
mpirun_n 2 "$AIECON" run inputs/bass-validation.yaml --steps 3 --quiet -o "$SCRATCH/r.nc" \
  && ncdump -h "$SCRATCH/r.nc" >"$SCRATCH/h.txt" && grep -q ':history = ".*--steps 3' "$SCRATCH/h.txt" \
  && grep -q ':Conventions = "CF-1.10"' "$SCRATCH/h.txt" && pass "run writes CF attributes and history" \
  || fail "run attributes"
[ "$(ls -A "$SCRATCH" | grep -c partial)" -eq 0 ] && pass "no partial file left" || fail "partial file left"
finish
