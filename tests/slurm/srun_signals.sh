#!/usr/bin/env bash
# tests/slurm/srun_signals.sh — what a user sees when a run under `srun` is stopped, per signal and
# per way of sending it (issue 18: "exit 3 for a stop, whatever the launcher"), measured on the
# local Slurm (22.05) with `srun --mpi=pmix -n 2`, the baseline and a checkpoint every 100 steps:
#   scancel JOB (as at the time limit), scancel --signal=TERM|INT|USR1: slurmstepd signals the
#       tasks themselves: exit 3, the checkpoint records the clean stop and names the signal;
#   kill -USR1 SRUN: forwarded to the tasks: exit 3;
#   kill -INT SRUN once: srun prints the step's state and the run goes on (a Ctrl-C);
#   kill -TERM SRUN, or two SIGINT within 1 s: srun kills the step (SIGKILL, exit 137): no clean
#       stop, the last periodic checkpoint remains and resumes (its lock files are stale, not live).
# docs/RESTART.md's launcher table states these results.
# shellcheck disable=SC1091,SC2015  # lib.sh is found at run time; pass never fails
source "$(dirname "$0")/lib.sh"
scratch
D=$SCRATCH/run
mkdir -p "$D"
args=(inputs/baseline.yaml --steps 20000 --quiet -o "$D/out.nc" --checkpoint "$D/ck.nc" --checkpoint-every 100)

# start NAME — the run under srun in the background ($pid), once its first checkpoint exists
start() {
  rm -f "$D"/* "$D"/.[!.]*
  srun --mpi=pmix -n 2 -J "$1" "$AIECON" run "${args[@]}" 2>"$SCRATCH/err" </dev/null &
  pid=$!
  local i
  for i in $(seq 300); do [ -f "$D/ck.nc" ] && break; sleep 0.1; done
  [ -f "$D/ck.nc" ] || { fail "$1: no checkpoint after 30 s: $(cat "$SCRATCH/err")"; kill -9 $pid; return 1; }
  sleep 0.5
}

# finish_run SECONDS — wait up to SECONDS for srun; rc in $rc (124 if it still runs, then stopped)
finish_run() {
  local i
  for ((i = 0; i < $1 * 10; i++)); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
  if kill -0 $pid 2>/dev/null; then kill -USR1 $pid; wait $pid; rc=124; else wait $pid; rc=$?; fi
}

stopped() { ncdump -h "$D/ck.nc" 2>/dev/null | sed -n 's/.*:stopped = "\(.*\)" ;/\1/p'; }

expect_clean_stop() {  # WHAT SIGNAME
  if [ "$rc" = 3 ] && stopped | grep -q "stopped cleanly after step [0-9]* of 20000 by SIG$2"; then
    pass "$1: exit 3, checkpoint: $(stopped)"
  else
    fail "$1: exit $rc, checkpoint '$(stopped)' (expected exit 3 and a clean stop by SIG$2): $(cat "$SCRATCH/err")"
  fi
  [ -f "$D/.out.nc.partial" ] && [ ! -e "$D/out.nc" ] && pass "$1: the output kept as the partial" \
    || fail "$1: files after the stop: $(ls -A "$D")"
}

for how in plain TERM INT USR1; do
  name=srunsig_$how
  start $name || continue
  job=$(squeue -h -n $name -o %i | head -1)
  if [ $how = plain ]; then scancel "$job"; sig=TERM; else scancel --signal=$how "$job"; sig=$how; fi
  finish_run 30
  expect_clean_stop "scancel ${how/plain/(no signal)}" $sig
done

start srunsig_usr1 && { kill -USR1 $pid; finish_run 30; expect_clean_stop "kill -USR1 srun" USR1; }

if start srunsig_int1; then
  kill -INT $pid
  finish_run 3
  [ "$rc" = 124 ] && grep -q "interrupt (one more within 1 sec to abort)" "$SCRATCH/err" \
    && pass "one SIGINT to srun: the state is printed and the run goes on" \
    || fail "one SIGINT to srun: exit $rc within 3 s: $(cat "$SCRATCH/err")"
fi

for how in TERM INTINT; do
  start srunsig_kill_$how || continue
  before=$(stopped)
  if [ $how = TERM ]; then kill -TERM $pid; else kill -INT $pid; sleep 0.3; kill -INT $pid; fi
  finish_run 30
  [ "$rc" = 137 ] && [ -z "$(stopped)" ] && [ -z "$before" ] \
    && pass "kill -$how srun: the step is killed (exit 137), no clean stop recorded" \
    || fail "kill -$how srun: exit $rc, checkpoint '$(stopped)' (measured before: 137, none)"
  step=$(ncdump -h "$D/ck.nc" | sed -n 's/.*:step = \([0-9]*\)U.*/\1/p')
  srun --mpi=pmix -n 1 "$AIECON" run inputs/baseline.yaml --steps $((step + 1)) --quiet -o "$D/out.nc" \
    --checkpoint "$D/ck.nc" --restart "$D/ck.nc" 2>"$SCRATCH/err2" </dev/null && [ -f "$D/out.nc" ] \
    && pass "kill -$how srun: the periodic checkpoint (step $step) resumes past its stale locks" \
    || fail "kill -$how srun: the checkpoint does not resume: $(cat "$SCRATCH/err2")"
done
finish
