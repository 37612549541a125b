#!/usr/bin/env bash
# checkpoint_kill.sh — kill -9 while a checkpoint is being written: the previous checkpoint is
# still complete and restartable (issue 4). AIECON_TEST_CHECKPOINT_DELAY_MS holds every checkpoint
# between its partial file and the rename; the ranks are killed when a complete checkpoint and
# the next one's partial file both exist.
source "$(dirname "$0")/common.sh"
scratch
scenario=inputs/tiny.yaml
mpirun_n 2 "$AIECON" run "$scenario" --steps 24 --quiet -o "$SCRATCH/straight.nc" || fail "straight run"
# started directly (not through a shell function) so that $! is mpirun's pid and its children the ranks
AIECON_TEST_CHECKPOINT_DELAY_MS=700 "$MPIEXEC" -n 2 "$AIECON" run "$scenario" --steps 24 --quiet \
  -o "$SCRATCH/run.nc" --checkpoint "$SCRATCH/ck.nc" --checkpoint-every 4 &
pid=$!
for _ in $(seq 300); do
  [ -f "$SCRATCH/ck.nc" ] && [ -f "$SCRATCH/.ck.nc.partial" ] && break
  sleep 0.05
done
[ -f "$SCRATCH/.ck.nc.partial" ] && pass "caught a checkpoint being written" || fail "no checkpoint write seen"
ranks=$(pgrep -P "$pid")
kill -9 $ranks "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
[ -f "$SCRATCH/ck.nc" ] && pass "previous checkpoint still there" || fail "previous checkpoint lost"
step=$(ncdump -h "$SCRATCH/ck.nc" | sed -n 's/.*:step = \([0-9]*\)U.*/\1/p')
echo "checkpoint at step $step"
mpirun_n 3 "$AIECON" run "$scenario" --steps 24 --quiet -o "$SCRATCH/resumed.nc" --restart "$SCRATCH/ck.nc" \
  && pass "restarted from it" || fail "restart from the previous checkpoint"
data_hash "$SCRATCH/a.hash" --records "$step:24" "$SCRATCH/straight.nc"
data_hash "$SCRATCH/b.hash" --records "0:$((24 - step))" "$SCRATCH/resumed.nc"
cmp -s "$SCRATCH/a.hash" "$SCRATCH/b.hash" && pass "its output equals the uninterrupted run's" \
  || fail "resumed output differs"
finish
