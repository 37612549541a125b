#!/usr/bin/env bash
# safety.sh CASE — issue 18 "Nothing lost, nothing spliced": each of the issue's seven cases at 2
# ranks, one ctest test per case:
#   splice    a restart whose output is another seed's finished file is refused (exit 2, naming the
#             seed), and the file is left as it was;
#   rival     a second run on the same output (or the same checkpoint) is refused with exit 2 and one
#             line naming the holder, before it writes anything; the first run finishes and its file
#             is good; a stale lock (this host, a pid that is gone) is taken over;
#   stopnew   a new run to an existing complete output, stopped by a signal, leaves that output as it
#             was, keeps its own as .NAME.partial (run_status incomplete), and the resume continues
#             it to a file bitwise identical to an uninterrupted run;
#   badpaths  a checkpoint in a missing folder, a folder, "", the output itself, a read-only folder
#             (when a read-only bind mount is possible) → exit 2 at once, one line, nothing written;
#   signals   SIGTERM and Ctrl-C (SIGINT) to mpirun: mpirun's own exit status 1 (Open MPI 4.1 turns
#             both into SIGTERM to the ranks and exits 1), the checkpoint's `stopped` record, the
#             message naming SIGINT; SIGINT to a run without mpirun and SIGTERM to a rank: exit 3;
#             the resume identical;
#   scenario  -o equal to the scenario, or to a file it extends, or a link to it → exit 2, the YAML intact;
#   small     a symlinked -o is written through to its target; kept records that were altered are
#             refused; a usage error is one line; a --steps error names --steps; SIGUSR1 at once
#             stops a run (exit 3), it does not kill it.
source "$(dirname "$0")/common.sh"
scratch
tiny=inputs/tiny.yaml
big=(--set regions.us.household_agents=300000 --set regions.rest_of_world.household_agents=300000)
hash() { "$BUILD_DIR/nc_data_hash" "$1"; }
lines() { grep -c . "$1"; }

# one_line NAME FILE STATUS PATTERN — exit 2, exactly one line on stderr matching PATTERN
one_line() {
  local name=$1 file=$2 status=$3 pattern=$4
  if [ "$status" = 2 ] && [ "$(lines "$file")" = 1 ] && grep -q -- "$pattern" "$file"; then
    pass "$name: exit 2, $(cat "$file")"
  else
    fail "$name: exit $status, $(lines "$file") line(s) (expected 2, one line /$pattern/): $(cat "$file")"
  fi
}

# wait_for FILE [SECONDS] — until FILE exists
wait_for() { local i; for i in $(seq $((${2:-60} * 10))); do [ -e "$1" ] && return 0; sleep 0.1; done; return 1; }

case_splice() {
  mpirun_n 2 "$AIECON" run $tiny "${big[@]}" --steps 200 --seed 42 --quiet -o "$SCRATCH/run.nc" || fail "seed-42 run"
  sha256sum "$SCRATCH/run.nc" >"$SCRATCH/before"
  "$MPIEXEC" -n 2 "$AIECON" run $tiny "${big[@]}" --steps 200 --seed 7 --quiet -o "$SCRATCH/run.nc" \
    --checkpoint "$SCRATCH/run.ckpt.nc" --checkpoint-every 12 2>/dev/null &
  local pid=$!
  wait_for "$SCRATCH/run.ckpt.nc" || fail "no checkpoint written"
  kill -9 "$(pgrep -P "$pid" | tail -1)"
  wait "$pid"
  mpirun_n 2 "$AIECON" run $tiny "${big[@]}" --steps 200 --seed 7 --quiet -o "$SCRATCH/run.nc" \
    --checkpoint "$SCRATCH/run.ckpt.nc" --checkpoint-every 12 --restart "$SCRATCH/run.ckpt.nc" 2>"$SCRATCH/err"
  one_line "restart into another seed's output" "$SCRATCH/err" $? "seed 42, this run has seed 7"
  sha256sum -c --quiet "$SCRATCH/before" && pass "the seed-42 file is untouched" || fail "the seed-42 file changed"
  mpirun_n 2 "$AIECON" run $tiny "${big[@]}" --steps 200 --seed 7 --quiet -o "$SCRATCH/new.nc" \
    --restart "$SCRATCH/run.ckpt.nc" && pass "the same checkpoint resumes into a new file" || fail "resume into a new file"
}

case_rival() {
  mpirun_n 2 "$AIECON" run $tiny --quiet -o "$SCRATCH/good.nc" || fail "good run"
  cp "$SCRATCH/good.nc" "$SCRATCH/out.nc"
  # long enough (about 15 s at 2 ranks here) to hold its locks while the two rivals start and are
  # refused; at 300 steps (4 s) a loaded machine let it finish first and the checkpoint's rival ran
  "$MPIEXEC" -n 2 "$AIECON" run $tiny "${big[@]}" --steps 1200 --quiet -o "$SCRATCH/out.nc" \
    --checkpoint "$SCRATCH/ck.nc" 2>"$SCRATCH/err1" &
  local pid=$!
  wait_for "$SCRATCH/.out.nc.lock" || fail "no lock seen"
  mpirun_n 2 "$AIECON" run $tiny --seed 7 --quiet -o "$SCRATCH/out.nc" 2>"$SCRATCH/err2"
  one_line "a second run on the same output" "$SCRATCH/err2" $? "in use by another run (host .* pid [0-9]"
  mpirun_n 2 "$AIECON" run $tiny --seed 7 --quiet -o "$SCRATCH/other.nc" --checkpoint "$SCRATCH/ck.nc" 2>"$SCRATCH/err3"
  one_line "a second run on the same checkpoint" "$SCRATCH/err3" $? "checkpoint is in use by another run"
  [ ! -e "$SCRATCH/other.nc" ] && [ ! -e "$SCRATCH/.other.nc.writing" ] && pass "the refused run wrote nothing" \
    || fail "the refused run wrote a file"
  wait "$pid" && pass "the first run exits 0" || fail "the first run failed: $(cat "$SCRATCH/err1")"
  ncdump -h "$SCRATCH/out.nc" >/dev/null && pass "its output is a good NetCDF file" || fail "corrupt output"
  [ ! -e "$SCRATCH/.out.nc.lock" ] && pass "the lock is gone after the run" || fail "lock left behind"
  echo "host $(hostname) pid 999999 started 2026-01-01T00:00:00Z" >"$SCRATCH/.out.nc.lock"
  mpirun_n 2 "$AIECON" run $tiny --quiet -o "$SCRATCH/out.nc" && pass "a stale lock (pid gone) is taken over" \
    || fail "a stale lock blocked the run"
  echo "host elsewhere.example pid 1 started 2026-01-01T00:00:00Z" >"$SCRATCH/.out.nc.lock"
  mpirun_n 2 "$AIECON" run $tiny --quiet -o "$SCRATCH/out.nc" 2>"$SCRATCH/err4"
  one_line "a lock held on another host" "$SCRATCH/err4" $? "host elsewhere.example pid 1"
  rm -f "$SCRATCH/.out.nc.lock"
}

# stop_run SIGNAL WHO OUT ARGS... — start a run on 2 ranks into OUT, send SIGNAL to mpirun (WHO=mpirun)
# or to one rank (WHO=rank) once it reports progress; returns the run's exit status.
stop_run() {
  local sig=$1 who=$2 out=$3; shift 3
  "$MPIEXEC" -n 2 "$AIECON" run $tiny "${big[@]}" -o "$out" "$@" 2>"$out.err" &
  local pid=$!
  for _ in $(seq 600); do grep -q "step [0-9]" "$out.err" 2>/dev/null && break; sleep 0.1; done
  if [ "$who" = mpirun ]; then kill -s "$sig" "$pid"; else kill -s "$sig" "$(pgrep -P "$pid" | head -1)"; fi
  wait "$pid"
}

case_stopnew() {
  mpirun_n 2 "$AIECON" run $tiny "${big[@]}" --steps 300 --seed 7 --quiet -o "$SCRATCH/out.nc" || fail "seed-7 run"
  mpirun_n 2 "$AIECON" run $tiny "${big[@]}" --steps 300 --seed 42 --quiet -o "$SCRATCH/straight.nc" || fail "straight"
  sha256sum "$SCRATCH/out.nc" >"$SCRATCH/before"
  stop_run USR1 mpirun "$SCRATCH/out.nc" --steps 300 --seed 42
  local status=$?
  [ $status = 3 ] && pass "stopped: exit 3" || fail "stopped: exit $status: $(cat "$SCRATCH/out.nc.err")"
  sha256sum -c --quiet "$SCRATCH/before" && pass "the previous complete output is untouched" \
    || fail "the previous output changed"
  grep -q 'run_status = "incomplete: stopped cleanly after step' <(ncdump -h "$SCRATCH/.out.nc.partial") \
    && pass "the stopped run's file is .out.nc.partial, marked incomplete" || fail "no marked partial file"
  local resume; resume=$(grep -A1 "to resume" "$SCRATCH/out.nc.err" | tail -1)
  mpirun_n 2 $resume --quiet || fail "resume: $resume"
  [ "$(hash "$SCRATCH/out.nc")" = "$(hash "$SCRATCH/straight.nc")" ] \
    && pass "the resumed output is identical to the uninterrupted run" || fail "the resumed output differs"
  [ ! -e "$SCRATCH/.out.nc.partial" ] && pass "the partial is gone once the run completed" || fail "partial left"
}

case_badpaths() {
  local name args
  mkdir -p "$SCRATCH/afolder"
  for name in missing folder empty same; do
    case $name in
    missing) args=(--checkpoint "$SCRATCH/nowhere/ck.nc") ;;
    folder) args=(--checkpoint "$SCRATCH/afolder") ;;
    empty) args=(--checkpoint "") ;;
    same) args=(--checkpoint "$SCRATCH/out.nc") ;;
    esac
    local start=$SECONDS
    mpirun_n 2 "$AIECON" run $tiny "${big[@]}" --steps 600 --quiet -o "$SCRATCH/out.nc" "${args[@]}" 2>"$SCRATCH/err"
    one_line "checkpoint path $name (after $((SECONDS - start)) s)" "$SCRATCH/err" $? "checkpoint"
    [ -z "$(ls -A "$SCRATCH" | grep -v '^afolder$\|^err$')" ] && pass "$name: nothing written" \
      || fail "$name: files written: $(ls -A "$SCRATCH")"
  done
  local ro="$SCRATCH/ro"
  mkdir -p "$ro"
  if [ "$(id -u)" = 0 ] && mount --bind "$ro" "$ro" 2>/dev/null; then
    if mount -o remount,ro,bind "$ro" 2>/dev/null; then
      mpirun_n 2 "$AIECON" run $tiny --quiet -o "$SCRATCH/out.nc" --checkpoint "$ro/ck.nc" 2>"$SCRATCH/err"
      one_line "read-only checkpoint folder" "$SCRATCH/err" $? "not writable"
    fi
    umount -l "$ro"
  else
    echo "note: no read-only bind mount here; that case not run"
  fi
  # the final checkpoint does not fit (the disk filled after the start): the completed output is
  # published all the same, then the failure reported (exit 1)
  local small="$SCRATCH/small"
  mkdir -p "$small"
  if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=4m tmpfs "$small" 2>/dev/null; then
    "$MPIEXEC" -n 2 "$AIECON" run $tiny "${big[@]}" --steps 300 --quiet -o "$SCRATCH/done.nc" \
      --checkpoint "$small/ck.nc" 2>"$SCRATCH/err" &
    local pid=$!
    wait_for "$small/.ck.nc.lock"
    fallocate -l $(($(df -B1 --output=avail "$small" | tail -1) - 4096)) "$small/filler" 2>/dev/null \
      || dd if=/dev/zero of="$small/filler" bs=64k 2>/dev/null
    wait "$pid"
    local status=$?
    [ $status = 1 ] && grep -q "is complete and was written" "$SCRATCH/err" && ncdump -h "$SCRATCH/done.nc" >/dev/null \
      && pass "final checkpoint that does not fit: exit 1, the output published: $(cat "$SCRATCH/err")" \
      || fail "final checkpoint that does not fit: exit $status: $(cat "$SCRATCH/err")"
    umount -l "$small"
  else
    echo "note: no tmpfs mount here; the final-checkpoint case not run"
  fi
}

case_signals() {
  mpirun_n 2 "$AIECON" run $tiny "${big[@]}" --steps 900 --quiet -o "$SCRATCH/straight.nc" || fail "straight"
  local sig out status
  # mpirun passes SIGTERM/SIGINT on as SIGTERM odls_base_sigkill_timeout seconds later and SIGKILLs the
  # ranks as long again after that (1 s by default: too short for a step and a checkpoint on a busy
  # machine); 5 s, as jobs/ set 10 (docs/RESTART.md)
  export OMPI_MCA_odls_base_sigkill_timeout=5
  for sig in TERM INT; do
    out="$SCRATCH/mpirun_$sig.nc"
    stop_run "$sig" mpirun "$out" --steps 900
    status=$?
    [ $status = 1 ] && pass "SIG$sig to mpirun: exit 1 (mpirun's, documented)" || fail "SIG$sig to mpirun: exit $status"
    grep -q 'stopped = "stopped cleanly after step' <(ncdump -h "${out%.nc}.ckpt.nc") \
      && pass "SIG$sig to mpirun: the checkpoint records the clean stop" || fail "SIG$sig: no stop record"
    grep -q "SIGINT" "$out.err" && pass "SIG$sig to mpirun: the message names SIGINT: $(grep stopped "$out.err")" \
      || fail "SIG$sig: message: $(cat "$out.err")"
    local resume; resume=$(grep -A1 "to resume" "$out.err" | tail -1)
    mpirun_n 2 $resume --quiet || fail "SIG$sig: resume"
    [ "$(hash "$out")" = "$(hash "$SCRATCH/straight.nc")" ] && pass "SIG$sig: resumed output identical" \
      || fail "SIG$sig: resumed output differs"
  done
  unset OMPI_MCA_odls_base_sigkill_timeout
  stop_run TERM rank "$SCRATCH/rank.nc" --steps 600
  status=$?
  [ $status = 3 ] && pass "SIGTERM to a rank: exit 3" || fail "SIGTERM to a rank: exit $status"
  "$AIECON" run $tiny "${big[@]}" --steps 600 -o "$SCRATCH/alone.nc" 2>"$SCRATCH/alone.err" &
  local pid=$!
  for _ in $(seq 600); do grep -q "step [0-9]" "$SCRATCH/alone.err" 2>/dev/null && break; sleep 0.1; done
  kill -INT "$pid"
  wait "$pid"
  status=$?
  [ $status = 3 ] && grep -q "stopped by SIGINT" "$SCRATCH/alone.err" \
    && pass "Ctrl-C (SIGINT) without mpirun: exit 3, $(grep stopped "$SCRATCH/alone.err")" \
    || fail "SIGINT without mpirun: exit $status: $(cat "$SCRATCH/alone.err")"
}

case_scenario() {
  cp inputs/tiny.yaml "$SCRATCH/base.yaml"
  printf 'extends: base.yaml\ntitle: a variant\nset:\n  run.steps: 3\n' >"$SCRATCH/variant.yaml"
  ln -s base.yaml "$SCRATCH/link.yaml"
  sha256sum "$SCRATCH/base.yaml" "$SCRATCH/variant.yaml" >"$SCRATCH/before"
  local o
  for o in variant.yaml base.yaml link.yaml; do
    mpirun_n 2 "$AIECON" run "$SCRATCH/variant.yaml" --quiet -o "$SCRATCH/$o" 2>"$SCRATCH/err"
    one_line "-o $o" "$SCRATCH/err" $? "over the scenario file"
  done
  mpirun_n 2 "$AIECON" run "$SCRATCH/variant.yaml" --quiet -o "$SCRATCH/x.nc" --checkpoint "$SCRATCH/base.yaml" \
    2>"$SCRATCH/err"
  one_line "--checkpoint on the extended file" "$SCRATCH/err" $? "which the scenario extends"
  sha256sum -c --quiet "$SCRATCH/before" && pass "the YAML files are intact" || fail "a YAML file changed"
}

case_small() {
  mkdir -p "$SCRATCH/real"
  ln -s real/target.nc "$SCRATCH/link.nc"
  mpirun_n 2 "$AIECON" run $tiny --quiet -o "$SCRATCH/link.nc" || fail "run to a symlink"
  [ -L "$SCRATCH/link.nc" ] && ncdump -h "$SCRATCH/real/target.nc" >/dev/null \
    && pass "a symlinked -o is written through to its target" || fail "the symlink was replaced"
  # kept records altered after the stop: refused
  stop_run USR1 mpirun "$SCRATCH/out.nc" --steps 600
  /usr/bin/python3 - "$SCRATCH/.out.nc.partial" <<'PY' || fail "cannot alter the partial file"
import sys, netCDF4
with netCDF4.Dataset(sys.argv[1], "a") as d:
    # the first data variable (time_bnds and initial_state follow from time and are rewritten from it)
    v = [n for n in d.variables if d[n].dimensions and d[n].dimensions[0] == "time"
         and n not in ("time", "time_bnds", "initial_state")][0]
    d[v][1] = d[v][1] + 1.0
PY
  local resume; resume=$(grep -A1 "to resume" "$SCRATCH/out.nc.err" | tail -1)
  mpirun_n 2 $resume --quiet 2>"$SCRATCH/err"
  one_line "altered kept records" "$SCRATCH/err" $? "not the ones the checkpoint recorded"
  "$AIECON" run $tiny --bogus 2>"$SCRATCH/err"
  one_line "usage error" "$SCRATCH/err" $? "unknown or incomplete option"
  "$AIECON" run $tiny --steps -4 -o "$SCRATCH/s.nc" 2>"$SCRATCH/err"
  one_line "--steps error" "$SCRATCH/err" $? "^--steps (run.steps)"
  "$AIECON" run $tiny "${big[@]}" --steps 600 --quiet -o "$SCRATCH/early.nc" 2>"$SCRATCH/early.err" &
  local pid=$!
  sleep 0.2
  kill -USR1 "$pid"
  wait "$pid"
  local status=$?
  [ $status = 3 ] && pass "SIGUSR1 0.2 s after the start: exit 3" || fail "SIGUSR1 at once: exit $status"
}

case "${1:-}" in
  splice | rival | stopnew | badpaths | signals | scenario | small) "case_$1" ;;
  *) echo "usage: safety.sh splice|rival|stopnew|badpaths|signals|scenario|small"; exit 2 ;;
esac
finish
