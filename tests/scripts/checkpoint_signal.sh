#!/usr/bin/env bash
# checkpoint_signal.sh — SIGUSR1 to mpirun (as Slurm's --signal=B:USR1 forwarded by a batch
# script) and SIGTERM to one rank only: every rank stops at the same step boundary, writes a
# checkpoint (the default OUT.ckpt.nc beside the output), closes the output, exits 3 and says how
# to resume; the resumed run's output equals the uninterrupted run's, bitwise (issue 4).
source "$(dirname "$0")/common.sh"
scratch
scenario=inputs/baseline.yaml
# big enough to run for a few seconds at 2 ranks
bigger=(--set regions.us.household_agents=300000 --set regions.us.business_agents=50000)
run() { local n=$1; shift; mpirun_n "$n" "$AIECON" run "$scenario" "${bigger[@]}" "$@"; }

run 2 --quiet -o "$SCRATCH/straight.nc" || fail "straight run"
data_hash "$SCRATCH/straight.hash" "$SCRATCH/straight.nc"

# stop_early SIGNAL WHO OUT — start a run on 2 ranks, send SIGNAL to mpirun (WHO=mpirun) or to one
# rank (WHO=rank) once it reports progress; returns the run's exit status.
stop_early() {
  local sig=$1 who=$2 out=$3
  # started directly (not through a shell function) so that $! is mpirun's pid
  "$MPIEXEC" -n 2 "$AIECON" run "$scenario" "${bigger[@]}" -o "$out" 2>"$out.err" &
  local pid=$!
  # wait for the first progress line (the handler is installed by then), at most 60 s
  for _ in $(seq 600); do grep -q "^step\|step [0-9]" "$out.err" 2>/dev/null && break; sleep 0.1; done
  if [ "$who" = mpirun ]; then kill -s "$sig" "$pid"
  else kill -s "$sig" "$(pgrep -P "$pid" | head -1)"; fi
  wait "$pid"
}

for how in "USR1 mpirun" "TERM rank"; do
  set -- $how
  out="$SCRATCH/stopped_$1.nc"
  stop_early "$1" "$2" "$out"
  status=$?
  [ "$status" -eq 3 ] && pass "SIG$1 to $2: exit 3" || { fail "SIG$1 to $2: exit $status, not 3"; cat "$out.err"; }
  ckpt="${out%.nc}.ckpt.nc"
  [ -f "$ckpt" ] && pass "SIG$1: checkpoint $ckpt written" || fail "SIG$1: no checkpoint at $ckpt"
  grep -q -- "--restart $ckpt" "$out.err" && pass "SIG$1: stderr says how to resume" \
    || { fail "SIG$1: no resume command on stderr"; cat "$out.err"; }
  # resume with the command it printed, on 3 ranks
  resume=$(grep -A1 "to resume" "$out.err" | tail -1)
  mpirun_n 3 $resume --quiet || fail "SIG$1: resuming with: $resume"
  data_hash "$out.hash" "$out"
  if cmp -s "$SCRATCH/straight.hash" "$out.hash"; then pass "SIG$1: resumed output identical to the uninterrupted run"
  else fail "SIG$1: resumed output differs:"; diff "$SCRATCH/straight.hash" "$out.hash" | head; fi
done
finish
