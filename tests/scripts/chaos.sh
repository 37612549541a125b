#!/usr/bin/env bash
# chaos.sh [N] [SEED] — N seeded random accidents to one run (issue 18), each followed by checks:
#   kill    a run is sent a random signal (KILL, TERM, INT, USR1) at a random moment, to mpirun or to
#           a random rank, then resumed (--restart when a checkpoint exists) on 1, 2 or 3 ranks;
#   rival   while the run holds its files, a run with another seed on the same output or the same
#           checkpoint is started;
#   flipck  1 to 8 random bytes of the checkpoint are changed, then the run resumes;
#   flipout 1 to 8 random bytes of the output kept by a stop (or of the published output) are
#           changed, then the run resumes.
# After each accident: a published output is never a bad one (its data hash is the uninterrupted
# run's, unless it is a file this script itself damaged), every run that ends 0 leaves an output
# bitwise identical to the uninterrupted run (tests/tools/nc_data_hash), every refusal is exit 2
# with exactly one line on stderr, and nothing hangs (every run under a time limit). When a resume
# is refused (the damage was found), the run starts over from scratch, as a user would.
# The accident count per kind and the verdict are printed at the end. Default: 30 accidents, seed 1.
source "$(dirname "$0")/common.sh"
scratch
N=${1:-30}
SEED=${2:-1}
RANDOM=$SEED
scenario=(inputs/tiny.yaml --set regions.us.household_agents=30000 --set regions.rest_of_world.household_agents=30000
          --steps 240)
D="$SCRATCH/run"
mkdir -p "$D"
out="$D/out.nc" ck="$D/ck.nc"
hash() { "$BUILD_DIR/nc_data_hash" "$1" 2>/dev/null; }
declare -A tried=()

mpirun_n 2 "$AIECON" run "${scenario[@]}" --quiet -o "$SCRATCH/ref.nc" || { fail "reference run"; finish; }
ref=$(hash "$SCRATCH/ref.nc")

# launch NP [extra args] — the run in the background (pid in $run_pid), resuming from the checkpoint
# when there is one; stderr in $D/err.
launch() {
  local np=$1; shift
  local restart=()
  [ -f "$ck" ] && restart=(--restart "$ck")
  timeout -k 5 120 "$MPIEXEC" -n "$np" "$AIECON" run "${scenario[@]}" --quiet -o "$out" --checkpoint "$ck" \
    --checkpoint-every 24 "${restart[@]}" "$@" 2>"$D/err" &
  run_pid=$!
}

# published_ok WHAT — if the output exists and was not damaged by this script, it is the good one
published_ok() {
  if [ -f "$out" ] && [ "$damaged" = 0 ] && [ "$(hash "$out")" != "$ref" ]; then
    fail "$1: a bad output was published: $(cat "$D/err")"
    return 1
  fi
  return 0
}

# settle WHAT — resume until the run completes (at most 3 tries); each try must end 0 with the good
# output or be refused with exit 2 and one line, after which the run starts over from scratch.
settle() {
  local what=$1 try status
  for try in 1 2 3; do
    launch $((RANDOM % 3 + 1))
    wait "$run_pid"
    status=$?
    if [ $status = 0 ]; then
      damaged=0
      # the run is complete: its final checkpoint would make the next run end at once, so the next
      # accident starts a fresh run (over the published good output)
      rm -f "$ck"
      [ "$(hash "$out")" = "$ref" ] && return 0
      fail "$what: resumed run exited 0 but its output differs from the uninterrupted run"
      return 1
    elif [ $status = 2 ] && grep -q "in use by another run" "$D/err"; then
      sleep 3   # a killed mpirun's ranks may still be finishing (they then publish a good file)
    elif [ $status = 2 ]; then
      if [ "$(grep -c . "$D/err")" != 1 ]; then fail "$what: refusal of $(grep -c . "$D/err") lines: $(cat "$D/err")"; fi
      published_ok "$what (refused)"
      rm -f "$ck" "$D/.out.nc.partial"   # start over, as the message tells a user
      [ "$damaged" = 1 ] && rm -f "$out" && damaged=0
    else
      fail "$what: resume exited $status: $(cat "$D/err")"
      return 1
    fi
  done
  fail "$what: no completed run after 3 tries"
}

damaged=0
for i in $(seq "$N"); do
  kinds=(kill kill rival flipck flipout)
  kind=${kinds[RANDOM % ${#kinds[@]}]}
  tried[$kind]=$((${tried[$kind]:-0} + 1))
  case $kind in
  kill)
    sigs=(KILL TERM INT USR1)
    sig=${sigs[RANDOM % 4]}
    launch $((RANDOM % 3 + 1))
    sleep "$((RANDOM % 25 / 10)).$((RANDOM % 10))"
    mpirun_pid=$(pgrep -P "$run_pid" | head -1)   # $run_pid is timeout(1)'s; its child is mpirun
    victims=($mpirun_pid $(pgrep -P "$mpirun_pid" 2>/dev/null))
    if [ ${#victims[@]} -gt 0 ]; then   # none: the run already ended
      victim=${victims[RANDOM % ${#victims[@]}]}
      kill -s "$sig" "$victim" 2>/dev/null
    fi
    wait "$run_pid"
    status=$?
    [ $status = 124 ] && fail "accident $i: SIG$sig to $victim: the run hung"
    published_ok "accident $i (SIG$sig, exit $status)"
    what="accident $i: SIG$sig at a random moment, exit $status"
    ;;
  rival)
    launch $((RANDOM % 3 + 1))
    for _ in $(seq 400); do [ -f "$D/.out.nc.lock" ] && [ -f "$D/.ck.nc.lock" ] && break; sleep 0.05; done
    if [ $((RANDOM % 2)) = 0 ]; then rival=(-o "$out"); else rival=(-o "$SCRATCH/other.nc" --checkpoint "$ck"); fi
    # freeze the run while the rival starts (it still holds its files), so that the two overlap
    mpirun_pid=$(pgrep -P "$run_pid" | head -1)
    frozen=($mpirun_pid $(pgrep -P "$mpirun_pid" 2>/dev/null))
    [ ${#frozen[@]} -gt 0 ] && kill -STOP "${frozen[@]}" 2>/dev/null
    timeout -k 5 60 "$MPIEXEC" -n 2 "$AIECON" run "${scenario[@]}" --seed $((RANDOM + 100)) --quiet "${rival[@]}" \
      2>"$SCRATCH/rival.err"
    status=$?
    [ ${#frozen[@]} -gt 0 ] && kill -CONT "${frozen[@]}" 2>/dev/null
    if [ $status = 2 ]; then
      [ "$(grep -c . "$SCRATCH/rival.err")" = 1 ] || fail "accident $i: rival refused in $(grep -c . "$SCRATCH/rival.err") lines"
    elif [ $status = 0 ]; then
      # the first run had ended before the rival took the files: a legitimate run of another seed,
      # whose output (or checkpoint) now stands there
      [ "${rival[1]}" = "$out" ] && damaged=1
      tried[rival_after_end]=$((${tried[rival_after_end]:-0} + 1))
    else
      fail "accident $i: rival run exit $status: $(cat "$SCRATCH/rival.err")"
    fi
    rm -f "$SCRATCH/other.nc"
    wait "$run_pid"
    status=$?
    { [ $status = 0 ] || { [ $status = 2 ] && [ "$(grep -c . "$D/err")" = 1 ]; }; } \
      || fail "accident $i: the first run exit $status: $(cat "$D/err")"
    published_ok "accident $i (rival)"
    what="accident $i: rival, run exit $status"
    ;;
  flipck | flipout)
    if [ ! -f "$ck" ] || [ $((RANDOM % 2)) = 0 ]; then   # half the time, damage what a stop leaves
      launch 2
      sleep "0.$((RANDOM % 9 + 1))"
      kill -USR1 "$(pgrep -P "$run_pid" | head -1)" 2>/dev/null
      wait "$run_pid"
    fi
    if [ "$kind" = flipck ]; then target=$ck; else target="$D/.out.nc.partial"; [ -f "$target" ] || target=$out; fi
    if [ -f "$target" ]; then
      size=$(stat -c %s "$target")
      for _ in $(seq $((RANDOM % 8 + 1))); do
        offset=$(( (RANDOM * 32768 + RANDOM) % size ))
        printf "\\x$(printf %02x $((RANDOM % 256)))" | dd of="$target" bs=1 seek="$offset" conv=notrunc status=none
      done
      [ "$target" = "$out" ] && damaged=1
    fi
    what="accident $i: bytes changed in $(basename "$target")"
    ;;
  esac
  settle "$what" && pass "$what; resumed to the uninterrupted run's output"
done
echo "accidents by kind:"
for k in "${!tried[@]}"; do echo "  $k ${tried[$k]}"; done
finish
