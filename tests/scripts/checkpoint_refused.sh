#!/usr/bin/env bash
# checkpoint_refused.sh — a checkpoint of another run, or not a checkpoint at all, is refused with
# exit 2 and a message naming what differs; nothing is written (issue 4). Changing only --steps or
# -o is accepted.
source "$(dirname "$0")/common.sh"
scratch
scenario=inputs/tiny.yaml
run() { mpirun_n 2 "$AIECON" run "$scenario" --quiet "$@"; }
run --steps 6 -o "$SCRATCH/a.nc" --checkpoint "$SCRATCH/ck.nc" || fail "writing the checkpoint"
head -c $(($(stat -c %s "$SCRATCH/ck.nc") / 2)) "$SCRATCH/ck.nc" >"$SCRATCH/truncated.nc"
head -c 100000 /dev/urandom >"$SCRATCH/random.nc"
# a checkpoint whose data were altered after it was written (one byte of the agent states)
cp "$SCRATCH/ck.nc" "$SCRATCH/altered.nc"
/usr/bin/python3 - "$SCRATCH/altered.nc" <<'PY' || fail "could not alter the checkpoint (python3-netcdf4)"
import sys, netCDF4
with netCDF4.Dataset(sys.argv[1], "a") as d:
    d["household_state"][5] = (int(d["household_state"][5]) + 1) % 256
PY
cmp -s "$SCRATCH/ck.nc" "$SCRATCH/altered.nc" && fail "the altered checkpoint is the same as the original"

# expect_refused NAME PATTERN ARGS... — exit 2, PATTERN on stderr, no output file
expect_refused() {
  local name=$1 pattern=$2; shift 2
  rm -f "$SCRATCH/out.nc"
  run -o "$SCRATCH/out.nc" "$@" 2>"$SCRATCH/err"
  local status=$?
  if [ "$status" -eq 2 ] && grep -q -- "$pattern" "$SCRATCH/err" && [ ! -e "$SCRATCH/out.nc" ]; then
    pass "$name: exit 2, \"$(head -1 "$SCRATCH/err")\""
  else
    fail "$name: exit $status (expected 2 and /$pattern/):"; cat "$SCRATCH/err"
  fi
}
expect_refused "another scenario" "households.*neighbour_weight: 2" --steps 12 --restart "$SCRATCH/ck.nc" \
  --set households.choice.neighbour_weight=2
expect_refused "another seed" "seed 42, this run has seed 7" --steps 12 --restart "$SCRATCH/ck.nc" --seed 7
expect_refused "truncated" "not a usable checkpoint" --steps 12 --restart "$SCRATCH/truncated.nc"
expect_refused "random bytes" "not a usable checkpoint" --steps 12 --restart "$SCRATCH/random.nc"
expect_refused "altered data" "corrupt checkpoint\|not a usable" --steps 12 --restart "$SCRATCH/altered.nc"
expect_refused "missing" "No such file" --steps 12 --restart "$SCRATCH/none.nc"
expect_refused "after the last step" "after the run's last step" --steps 4 --restart "$SCRATCH/ck.nc"
mpirun_n 2 "$AIECON" run inputs/bass-validation.yaml --quiet -o "$SCRATCH/out.nc" --restart "$SCRATCH/ck.nc" \
  2>"$SCRATCH/err"
[ $? -eq 2 ] && grep -q "another scenario" "$SCRATCH/err" && pass "another scenario file: exit 2" \
  || { fail "another scenario file"; cat "$SCRATCH/err"; }
# an existing output of another run is not continued
mpirun_n 2 "$AIECON" run inputs/bass-validation.yaml --steps 3 --quiet -o "$SCRATCH/other.nc" || fail "other run"
run --steps 12 -o "$SCRATCH/other.nc" --restart "$SCRATCH/ck.nc" 2>"$SCRATCH/err"
[ $? -eq 2 ] && grep -q "another run" "$SCRATCH/err" && pass "output of another run: exit 2" \
  || { fail "output of another run continued"; cat "$SCRATCH/err"; }
# only the length and the output changed: accepted
run --steps 9 -o "$SCRATCH/b.nc" --restart "$SCRATCH/ck.nc" && pass "--steps and -o changed: accepted" \
  || fail "--steps and -o changed: refused"
finish
