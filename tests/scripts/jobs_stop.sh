#!/usr/bin/env bash
# jobs_stop.sh — jobs/run.sbatch (run as a plain script, launcher mpirun, 2 tasks) decides on a stop
# whatever mpirun's exit status (issue 18): SIGTERM to the job script is passed on to mpirun as
# SIGUSR1 (exit 3); SIGTERM to the script and to mpirun at once, as Slurm's time limit and scancel
# send it to every process of the job, leaves mpirun's own exit 1, and the script still reports the
# clean stop from the checkpoint's `stopped` record; running the script again resumes, and the
# output is bitwise identical to an uninterrupted run.
source "$(dirname "$0")/common.sh"
scratch
export AIECON_LAUNCHER=mpirun SLURM_NTASKS=2
args=(--set regions.us.household_agents=300000 --set regions.rest_of_world.household_agents=300000 --steps 900)
mpirun_n 2 "$AIECON" run inputs/tiny.yaml "${args[@]}" --quiet -o "$SCRATCH/straight.nc" || fail "straight run"

# stop_job DIR WHO — start the job script into DIR, then SIGTERM to the script (WHO=script) or to the
# script and mpirun at once (WHO=both) once aiecon reports progress; returns the script's status
stop_job() {
  local dir=$1 who=$2
  mkdir -p "$dir"
  bash jobs/run.sbatch inputs/tiny.yaml "$dir" "${args[@]}" &
  local pid=$!
  for _ in $(seq 600); do grep -q "step [0-9]" "$dir/run.log" 2>/dev/null && break; sleep 0.1; done
  local mpirun_pid; mpirun_pid=$(pgrep -P "$pid" -x mpirun | head -1)
  kill -TERM "$pid"
  [ "$who" = both ] && kill -TERM "$mpirun_pid"
  wait "$pid"
  local status=$?
  while kill -0 "$pid" 2>/dev/null; do wait "$pid"; status=$?; done
  return $status
}

for who in script both; do
  dir="$SCRATCH/$who"
  stop_job "$dir" "$who"
  status=$?
  grep -q "stopped by SIGTERM after a checkpoint" "$dir/run.log" \
    && pass "SIGTERM to the $who: exit $status, the job script reports the clean stop" \
    || { fail "SIGTERM to the $who: exit $status, no clean stop reported:"; tail -5 "$dir/run.log"; }
  bash jobs/run.sbatch inputs/tiny.yaml "$dir" "${args[@]}" && pass "$who: the job script resumes" \
    || { fail "$who: resuming"; tail -5 "$dir/run.log"; }
  if [ "$("$BUILD_DIR/nc_data_hash" "$dir/run.nc")" = "$("$BUILD_DIR/nc_data_hash" "$SCRATCH/straight.nc")" ]; then
    pass "$who: resumed output identical to the uninterrupted run"
  else
    fail "$who: resumed output differs"
  fi
done
finish
