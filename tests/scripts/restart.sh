#!/usr/bin/env bash
# restart.sh SCENARIO HALF — checkpoint and restart on another rank count give the uninterrupted
# run's data, bitwise (issue 4). HALF steps on 2 ranks with checkpoints, then a restart to 2×HALF
# steps: on 3 ranks continuing the old output, on 1 rank continuing it, and on 3 and 1 ranks into
# a new file (which starts at the checkpoint's step). Every variable's bytes of the shared records
# are compared with 2×HALF straight steps on 2 ranks (tests/tools/nc_data_hash --records).
source "$(dirname "$0")/common.sh"
scratch
scenario=$1 half=$2 full=$(($2 * 2))
run() { local n=$1; shift; mpirun_n "$n" "$AIECON" run "$scenario" --quiet "$@"; }

run 2 --steps "$full" -o "$SCRATCH/straight.nc" || fail "straight run"
run 2 --steps "$half" -o "$SCRATCH/first.nc" --checkpoint "$SCRATCH/ck.nc" --checkpoint-every 5 \
  || fail "first segment with checkpoints"
[ -f "$SCRATCH/ck.nc" ] || fail "no checkpoint written"
data_hash "$SCRATCH/straight.hash" "$SCRATCH/straight.nc"
data_hash "$SCRATCH/tail.hash" --records "$half:$full" "$SCRATCH/straight.nc"
for n in 3 1; do
  cp "$SCRATCH/first.nc" "$SCRATCH/cont$n.nc"
  run $n --steps "$full" -o "$SCRATCH/cont$n.nc" --restart "$SCRATCH/ck.nc" || fail "restart on $n ranks (old file)"
  data_hash "$SCRATCH/cont$n.hash" "$SCRATCH/cont$n.nc"
  if cmp -s "$SCRATCH/straight.hash" "$SCRATCH/cont$n.hash"; then pass "restart on $n ranks, old output continued: identical"
  else fail "restart on $n ranks, old output continued, differs:"; diff "$SCRATCH/straight.hash" "$SCRATCH/cont$n.hash" | head; fi
  run $n --steps "$full" -o "$SCRATCH/new$n.nc" --restart "$SCRATCH/ck.nc" || fail "restart on $n ranks (new file)"
  data_hash "$SCRATCH/new$n.hash" --records "0:$half" "$SCRATCH/new$n.nc"
  if cmp -s "$SCRATCH/tail.hash" "$SCRATCH/new$n.hash"; then pass "restart on $n ranks, new file: identical steps $half..$full"
  else fail "restart on $n ranks, new file, differs:"; diff "$SCRATCH/tail.hash" "$SCRATCH/new$n.hash" | head; fi
done
# an old output with steps after the checkpoint: they are dropped and computed again
cp "$SCRATCH/straight.nc" "$SCRATCH/longer.nc"
run 3 --steps "$full" -o "$SCRATCH/longer.nc" --restart "$SCRATCH/ck.nc" || fail "restart into a file with later steps"
data_hash "$SCRATCH/longer.hash" "$SCRATCH/longer.nc"
cmp -s "$SCRATCH/straight.hash" "$SCRATCH/longer.hash" && pass "later steps of the old output replaced" \
  || fail "old output with later steps: differs"
grep -q "restarted from" <(ncdump -h "$SCRATCH/cont3.nc") && pass "segments recorded" || fail "no segments attribute"
echo "variables compared: $(wc -l <"$SCRATCH/straight.hash")"
finish
