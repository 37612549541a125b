#!/usr/bin/env bash
# identical_ranks.sh SCENARIO [STEPS] — the promise: same scenario and seed give bitwise-identical
# output data at 1, 2 and 3 ranks. Every variable's bytes are hashed (tests/tools/nc_data_hash) and
# compared; global attributes (which record the rank count and command line) are not.
source "$(dirname "$0")/common.sh"
scratch
scenario=$1
steps_args=()
[ $# -ge 2 ] && steps_args=(--steps "$2")
for n in 1 2 3; do
  mpirun_n $n "$AIECON" run "$scenario" "${steps_args[@]}" --quiet -o "$SCRATCH/np$n.nc" || fail "run at $n ranks"
  data_hash "$SCRATCH/np$n.hash" "$SCRATCH/np$n.nc"
done
[ -s "$SCRATCH/np1.hash" ] || fail "empty hash"
for n in 2 3; do
  if cmp -s "$SCRATCH/np1.hash" "$SCRATCH/np$n.hash"; then pass "1 rank and $n ranks: identical data"
  else fail "1 rank and $n ranks differ:"; diff "$SCRATCH/np1.hash" "$SCRATCH/np$n.hash" | head -20; fi
done
echo "variables compared: $(wc -l <"$SCRATCH/np1.hash")"
finish
