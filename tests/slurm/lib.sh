#!/usr/bin/env bash
# tests/slurm/lib.sh — sourced by the Slurm tests (label `slurm`): tests/scripts/common.sh, plus the
# local cluster's SLURM_CONF and helpers to submit and wait for jobs. The cluster itself is started
# and stopped by the ctest fixture (slurm_start / slurm_stop: cluster/local-slurm start|stop) with
# AIECON_SLURM_DIR and AIECON_SLURM_PORT from the test's environment.
# shellcheck source=tests/scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
set -o pipefail
export AIECON_SLURM_DIR=${AIECON_SLURM_DIR:-/tmp/aiecon-slurm}
export SLURM_CONF=$AIECON_SLURM_DIR/slurm.conf
if ! cluster/local-slurm status >/dev/null 2>&1; then
  echo "FAIL: the local Slurm in $AIECON_SLURM_DIR does not run (ctest starts it with the slurm_start test;"
  echo "      by hand: AIECON_SLURM_DIR=$AIECON_SLURM_DIR cluster/local-slurm start)"
  exit 1
fi
# the jobs run this build's binary
export AIECON

# submit SBATCH_ARGS... — sbatch, job id on stdout; Slurm's own output files go to $SCRATCH
submit() { sbatch --parsable --output="$SCRATCH/slurm-%A_%a.out" "$@" | cut -d';' -f1; }

# wait_job ID SECONDS — wait until job ID (all its array tasks) has left the queue; on timeout
# cancel it, show the queue and return 1
wait_job() {
  local id=$1 limit=$2 i
  for ((i = 0; i < limit; i++)); do
    if [ -z "$(squeue -h -j "$id" -o %i 2>/dev/null)" ]; then return 0; fi
    sleep 1
  done
  echo "job $id still queued or running after $limit s:"; squeue
  scancel "$id" || true
  return 1
}

# job_field ID FIELD — FIELD=value of each task of job ID (scontrol show job), one a line
job_field() { scontrol -o show job "$1" | grep -o "\b$2=[^ ]*" | cut -d= -f2-; }

# show_logs FILES... — print files for a failure's diagnosis
show_logs() { local f; for f in "$@"; do [ -f "$f" ] && { echo "--- $f"; tail -n 30 "$f"; }; done; return 0; }
