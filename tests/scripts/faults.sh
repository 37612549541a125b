#!/usr/bin/env bash
# faults.sh CASE — runtime faults of issue 7, one case per ctest test:
#   readonly   the output folder is a read-only mount: exit 1 or 2 within 10 s, one message naming
#              the path, nothing written;
#   diskfull   the output folder is a tiny tmpfs that fills while the run writes: exit 1, a message
#              naming the path, the previous output and checkpoint there byte-identical, no
#              .partial file left;
#   killrank   one rank is killed with SIGKILL mid-run: the whole mpirun ends within 30 s with a
#              non-zero exit (no hang).
# The mount cases need root and mount(8); where mounting is refused they report themselves skipped
# (exit 77). Every mount is undone by the EXIT trap, even when a check fails.
source "$(dirname "$0")/common.sh"
scratch
MOUNTS=()
cleanup() {
  local m
  for m in "${MOUNTS[@]}"; do umount -l "$m" 2>/dev/null; done
  rm -rf "$SCRATCH"
}
trap cleanup EXIT

skip() { echo "SKIP: $*"; exit 77; }

# try_mount DIR ARGS... — mount(8) ARGS on DIR, remembered for cleanup; non-zero if refused.
try_mount() {
  local dir=$1; shift
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] || return 1
  mount "$@" "$dir" 2>/dev/null || return 1
  MOUNTS=("$dir" "${MOUNTS[@]}")
}

case_readonly() {
  local dir="$SCRATCH/ro"
  mkdir -p "$dir"
  try_mount "$dir" --bind "$dir" || skip "cannot bind-mount here (needs root and mount): read-only folder case not run"
  mount -o remount,ro,bind "$dir" 2>/dev/null || skip "cannot remount read-only here"
  touch "$dir/probe" 2>/dev/null && skip "the read-only mount still accepts writes"
  local start=$SECONDS
  timeout -k 5 10 "$MPIEXEC" -n 3 "$AIECON" run inputs/tiny.yaml --quiet -o "$dir/out.nc" 2>"$SCRATCH/err"
  local rc=$? took=$((SECONDS - start))
  { [ $rc = 1 ] || [ $rc = 2 ]; } && pass "read-only folder: exit $rc after ${took}s" \
    || fail "read-only folder: exit $rc after ${took}s (expected 1 or 2): $(cat "$SCRATCH/err")"
  grep -qF "$dir" "$SCRATCH/err" && pass "message names the path: $(cat "$SCRATCH/err")" \
    || fail "message does not name $dir: $(cat "$SCRATCH/err")"
  [ -z "$(ls -A "$dir")" ] && pass "nothing written" || fail "files appeared: $(ls -A "$dir")"
}

case_diskfull() {
  # a previous run's output and checkpoint, made outside, then copied into a tmpfs that leaves
  # 48 KiB free: a baseline run (1.4 MB of output) cannot fit
  mpirun_n 2 "$AIECON" run inputs/tiny.yaml --steps 3 --quiet -o "$SCRATCH/prev.nc" \
    --checkpoint "$SCRATCH/prev.ckpt.nc" || { fail "the previous run failed"; return; }
  local need; need=$(du -k -c "$SCRATCH/prev.nc" "$SCRATCH/prev.ckpt.nc" | tail -1 | cut -f1)
  local dir="$SCRATCH/full"
  try_mount "$dir" -t tmpfs -o "size=$((need + 48))k" tmpfs \
    || skip "cannot mount a tmpfs here (needs root and mount): disk-full case not run"
  cp "$SCRATCH/prev.nc" "$dir/out.nc" && cp "$SCRATCH/prev.ckpt.nc" "$dir/ck.nc" \
    || { fail "cannot copy the previous files into the tmpfs"; return; }
  (cd "$dir" && sha256sum out.nc ck.nc) >"$SCRATCH/before"
  timeout -k 5 120 "$MPIEXEC" -n 2 "$AIECON" run inputs/baseline.yaml --quiet -o "$dir/out.nc" \
    --checkpoint "$dir/ck.nc" 2>"$SCRATCH/err"
  local rc=$?
  [ $rc = 1 ] && pass "disk full: exit 1" || fail "disk full: exit $rc (expected 1): $(cat "$SCRATCH/err")"
  grep -qF "$dir/" "$SCRATCH/err" && pass "message names the path: $(head -2 "$SCRATCH/err")" \
    || fail "message does not name a path in $dir: $(cat "$SCRATCH/err")"
  (cd "$dir" && sha256sum -c --quiet "$SCRATCH/before") && pass "previous output and checkpoint untouched" \
    || fail "the previous output or checkpoint changed"
  local left; left=$(ls -A "$dir" | grep -v '^out.nc$\|^ck.nc$')
  [ -z "$left" ] && pass "no partial file left" || fail "left behind: $left"
}

case_killrank() {
  # started directly (not through a function) so that $! is mpirun's pid and its children the ranks
  "$MPIEXEC" -n 2 "$AIECON" run inputs/baseline.yaml --steps 20000 --quiet -o "$SCRATCH/out.nc" \
    2>"$SCRATCH/err" &
  local pid=$! ranks="" i
  for i in $(seq 200); do   # until both ranks run (and have had a moment to start stepping)
    ranks=$(pgrep -P "$pid" -x aiecon)
    [ "$(echo "$ranks" | grep -c .)" = 2 ] && break
    sleep 0.1
  done
  [ "$(echo "$ranks" | grep -c .)" = 2 ] || { kill -9 "$pid" $ranks 2>/dev/null; fail "ranks not seen: $ranks"; return; }
  sleep 2
  kill -0 "$pid" 2>/dev/null || { fail "the run ended before the kill: $(cat "$SCRATCH/err")"; return; }
  local victim; victim=$(echo "$ranks" | tail -1)
  local start=$SECONDS
  kill -9 "$victim"
  for i in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    fail "mpirun still running 30 s after a rank was killed (hang)"
    kill -9 "$pid" $ranks 2>/dev/null
  fi
  wait "$pid"
  local rc=$? took=$((SECONDS - start))
  [ $rc -ne 0 ] && pass "killed rank $victim: mpirun ended after ${took}s with exit $rc" \
    || fail "mpirun exited 0 after a rank was killed"
  [ -f "$SCRATCH/out.nc" ] && fail "an output file was published by a killed run" || pass "no output published"
  local r
  for r in $ranks; do   # the other rank is killed by mpirun; give it 10 s to be gone
    for i in $(seq 100); do kill -0 "$r" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$r" 2>/dev/null && { fail "rank $r survives the job by 10 s"; kill -9 "$r"; }
  done
  return 0
}

case "${1:-}" in
  readonly) case_readonly ;;
  diskfull) case_diskfull ;;
  killrank) case_killrank ;;
  *) echo "usage: faults.sh readonly|diskfull|killrank"; exit 2 ;;
esac
finish
