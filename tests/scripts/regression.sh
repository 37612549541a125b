#!/usr/bin/env bash
# regression.sh [--update] — the numbers do not move unless we mean them to.
# Every shipped scenario (inputs/*.yaml, inputs/variants/*.yaml) is run at 1 and 3 ranks and the
# bytes of every data variable are hashed (tests/tools/nc_data_hash); both must equal the hashes
# checked in under tests/regression/NAME.hash. The rumour benchmark's count is pinned the same way
# (tests/regression/rumour.txt). A refactoring must leave all of them unchanged; a deliberate change
# of the model regenerates them with --update, and the commit says why the numbers moved.
set -o pipefail
source "$(dirname "$0")/common.sh"
scratch
update=0
[ "${1:-}" = "--update" ] && update=1
want_dir="$SOURCE_DIR/tests/regression"
for scenario in inputs/*.yaml inputs/variants/*.yaml; do
  name=$(basename "$scenario" .yaml)
  for n in 1 3; do
    mpirun_n $n "$AIECON" run "$scenario" --quiet -o "$SCRATCH/$name.np$n.nc" </dev/null \
      || { fail "$name: run at $n ranks"; continue; }
    "$BUILD_DIR/nc_data_hash" "$SCRATCH/$name.np$n.nc" >"$SCRATCH/$name.np$n.hash" \
      || { fail "$name: hash at $n ranks"; continue; }
    if [ $update = 1 ] && [ $n = 1 ]; then cp "$SCRATCH/$name.np1.hash" "$want_dir/$name.hash"; fi
    if [ ! -s "$want_dir/$name.hash" ]; then fail "$name: no checked-in hash ($want_dir/$name.hash)"; continue; fi
    if cmp -s "$want_dir/$name.hash" "$SCRATCH/$name.np$n.hash"; then
      pass "$name at $n ranks: $(wc -l <"$want_dir/$name.hash") variables as checked in"
    else
      fail "$name at $n ranks: data differ from tests/regression/$name.hash:"
      diff "$want_dir/$name.hash" "$SCRATCH/$name.np$n.hash" | head -20
    fi
  done
done
for n in 1 3; do
  mpirun_n $n "$AIECON" bench --kind rumour --households 200000 --steps 200 --quiet </dev/null \
    | grep '^rumour: informed' >"$SCRATCH/rumour.np$n" || { fail "rumour at $n ranks"; continue; }
  [ $update = 1 ] && [ $n = 1 ] && cp "$SCRATCH/rumour.np1" "$want_dir/rumour.txt"
  if cmp -s "$want_dir/rumour.txt" "$SCRATCH/rumour.np$n"; then pass "rumour at $n ranks: $(cat "$SCRATCH/rumour.np$n")"
  else fail "rumour at $n ranks: $(cat "$SCRATCH/rumour.np$n"), checked in: $(cat "$want_dir/rumour.txt")"; fi
done
finish
