#!/usr/bin/env bash
# tests/slurm/requeue.sh — a run survives its time limit: jobs/run.sbatch on the local Slurm with a
# 2-minute limit and `--signal=B:USR1@80` (Slurm signals 10-40 s after each start) gets USR1,
# checkpoints, exits 3, requeues itself and resumes from its checkpoint until done; its output's
# data then equal those of an uninterrupted run (tests/tools/nc_data_hash).
# The run is inputs/tiny.yaml with 4 million households, its length calibrated here to about 60 s
# of work on 2 ranks, so the first start is always interrupted. Needs aiecon's --checkpoint and
# --restart (issue 4): exits 77 (ctest: skipped) when the binary lacks them.
# shellcheck disable=SC1091,SC2015  # lib.sh is found at run time; pass never fails
source "$(dirname "$0")/lib.sh"
if ! grep -q -- --checkpoint-every <("$AIECON" run --help 2>&1); then
  echo "SKIP: $AIECON has no --checkpoint/--restart yet (issue 4)"
  exit 77
fi
scratch
big=(--set regions.us.household_agents=2000000 --set regions.rest_of_world.household_agents=2000000 --quiet)
target=${REQUEUE_WORK_S:-60}

# calibrate: seconds per step from a 4-step and a 24-step run (the difference drops start-up)
t() { local s e; s=$(date +%s.%N); mpirun_n 2 "$AIECON" run inputs/tiny.yaml --steps "$1" "${big[@]}" -o "$SCRATCH/cal.nc" || return 1
      e=$(date +%s.%N); echo "$s $e" | awk '{ print $2 - $1 }'; }
t4=$(t 4) && t24=$(t 24) || { fail "calibration runs"; finish; }
steps=$(awk -v a="$t4" -v b="$t24" -v w="$target" 'BEGIN { p = (b - a) / 20; if (p < 0.001) p = 0.001
  n = int(w / p) + 1; if (n < 60) n = 60; if (n > 5000) n = 5000; print n }')
pass "calibrated: 4 steps ${t4}s, 24 steps ${t24}s: $steps steps for about ${target}s of work"
rm -f "$SCRATCH/cal.nc"

out=$SCRATCH/run
export AIECON_CHECKPOINT_EVERY=5
id=$(submit --time=2 --signal=B:USR1@80 jobs/run.sbatch inputs/tiny.yaml "$out" --steps "$steps" "${big[@]}") \
  || { fail "sbatch refused the run"; finish; }
pass "submitted job $id ($steps steps)"
# the uninterrupted run, meanwhile
mpirun_n 2 "$AIECON" run inputs/tiny.yaml --steps "$steps" "${big[@]}" -o "$SCRATCH/ref.nc" \
  && pass "uninterrupted run done" || fail "uninterrupted run"
wait_job "$id" 360 || fail "job $id did not finish in 360 s"

state=$(job_field "$id" JobState) restarts=$(job_field "$id" Restarts) code=$(job_field "$id" ExitCode)
[ "$state" = COMPLETED ] && [ "$code" = 0:0 ] && pass "job COMPLETED (exit $code)" \
  || fail "job state $state, exit $code"
[ "${restarts:-0}" -ge 1 ] && pass "requeued $restarts time(s)" || fail "never requeued (Restarts=$restarts)"
log=$out/run.log
[ "$(grep -c 'got SIGUSR1' "$log")" -ge 1 ] && [ "$(grep -c '^time limit near: requeueing' "$log")" -ge 1 ] \
  && pass "log: USR1 received, checkpoint written, requeued" || fail "log lacks the USR1 → requeue sequence"
grep -q -- "--restart $out/run.ckpt.nc" "$log" && pass "a later start resumed with --restart" \
  || fail "no start resumed from the checkpoint"
grep -E '^(===|got|time limit)' "$log" | sed 's/^/  /'

"$BUILD_DIR/nc_data_hash" "$SCRATCH/ref.nc" >"$SCRATCH/ref.hash" || fail "hash of the uninterrupted run"
"$BUILD_DIR/nc_data_hash" "$out/run.nc" >"$SCRATCH/run.hash" || fail "hash of the requeued run"
if [ -s "$SCRATCH/ref.hash" ] && cmp -s "$SCRATCH/ref.hash" "$SCRATCH/run.hash"; then
  pass "requeued run's data equal the uninterrupted run's ($(wc -l <"$SCRATCH/ref.hash") variables)"
else
  fail "requeued run's data differ from the uninterrupted run's:"
  diff "$SCRATCH/ref.hash" "$SCRATCH/run.hash" | head -20
  show_logs "$log" "$SCRATCH"/slurm-*.out
fi
finish
