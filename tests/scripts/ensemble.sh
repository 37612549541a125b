#!/usr/bin/env bash
# ensemble.sh CASE [ARGS] — `aiecon ensemble` (issue 19, part 4): an ensemble inside one MPI job.
#   identical RANKS [PER]  4 members of inputs/tiny.yaml on RANKS ranks in groups of PER (default 1)
#                          ranks: every member's data is bitwise the data of `aiecon run --seed S`
#                          alone on 1 rank (tests/tools/nc_data_hash), the files are named
#                          member_0000.nc .. member_0003.nc and the summary says done; a second
#                          run of the same command runs nothing and changes no file
#   failing                a member whose output cannot be written (its name is taken by a folder)
#                          is reported on stderr and in the summary, the other members complete
#                          (and are identical to separate runs), exit 1; once the obstacle is gone
#                          the same command runs that member only, exit 0
#   resume                 SIGUSR1 to mpirun after the first two members are published: exit 3,
#                          the running members leave checkpoints; the same command again reruns
#                          only the unfinished members (the finished files keep their mtime; the
#                          summary says done_earlier / resumed) and all four equal separate runs
#   killed                 one rank SIGKILLed mid-ensemble (mpirun ends the job; members checkpoint
#                          every 8 steps): the same command again, on 3 ranks, takes over the stale
#                          locks and runs the unfinished members again from step 0 (their output so
#                          far died with the job: a checkpoint alone would give a file that starts
#                          at its step), with outputs equal to separate runs
#   bad                    bad input at 2 ranks: exit 2, one message, nothing written
source "$(dirname "$0")/common.sh"
scratch
case=$1
scenario=inputs/tiny.yaml

# reference SEED [ARGS] — `aiecon run` of member SEED alone on 1 rank; its data hash in ref_SEED.hash
reference() {
  local seed=$1; shift
  [ -s "$SCRATCH/ref_$seed.hash" ] && return 0
  mpirun_n 1 "$AIECON" run "$scenario" "$@" --seed "$seed" --quiet -o "$SCRATCH/ref_$seed.nc" </dev/null \
    || fail "aiecon run --seed $seed"
  data_hash "$SCRATCH/ref_$seed.hash" "$SCRATCH/ref_$seed.nc"
}

# same_as_separate FOLDER MEMBERS [ARGS] — every member's data equals its separate run's
same_as_separate() {
  local folder=$1 members=$2 i seed; shift 2
  for ((i = 0; i < members; i++)); do
    seed=$((42 + i))   # tiny's run.seed is 42
    reference "$seed" "$@"
    local f; f=$folder/$(printf 'member_%04d.nc' "$i")
    data_hash "$SCRATCH/m.hash" "$f" || continue
    if cmp -s "$SCRATCH/ref_$seed.hash" "$SCRATCH/m.hash"; then pass "$(basename "$f") = aiecon run --seed $seed"
    else fail "$(basename "$f") differs from aiecon run --seed $seed:"; diff "$SCRATCH/ref_$seed.hash" "$SCRATCH/m.hash" | head -5; fi
  done
}

# status_of FOLDER MEMBER — the member's status column in the summary
status_of() { awk -F'\t' -v m="$2" '$1 == m { print $3 }' "$1/ensemble-summary.tsv" 2>/dev/null; }
mtimes() { stat -c '%n %Y.%y' "$@" 2>/dev/null; }

case $case in
identical)
  ranks=$2 per=${3:-1}
  out=$SCRATCH/ens
  mpirun_n "$ranks" "$AIECON" ensemble "$scenario" -n 4 --ranks-per-member "$per" -o "$out" 2>"$SCRATCH/err" </dev/null
  status=$?
  [ "$status" = 0 ] && pass "ensemble on $ranks ranks, groups of $per: exit 0" || { fail "exit $status"; cat "$SCRATCH/err"; }
  names=$(cd "$out" 2>/dev/null && printf '%s ' member_*.nc)
  [ "$names" = "member_0000.nc member_0001.nc member_0002.nc member_0003.nc " ] && pass "files: $names" \
    || fail "files: '$names'"
  same_as_separate "$out" 4
  for m in 0 1 2 3; do
    [ "$(status_of "$out" $m)" = done ] || fail "summary: member $m is '$(status_of "$out" $m)', not done"
  done
  groups=$(cut -f5 "$out/ensemble-summary.tsv" | tail -n +2 | sort -u | wc -l)
  [ "$groups" = $((ranks / per)) ] && pass "members ran in $groups groups" || fail "members ran in $groups groups, not $((ranks / per))"
  grep -q "4/4 members done" "$SCRATCH/err" && pass "progress: 4/4 members done" || { fail "no progress line"; cat "$SCRATCH/err"; }
  grep -q "ETA" "$SCRATCH/err" || fail "no ETA in the progress"
  before=$(mtimes "$out"/member_*.nc)
  mpirun_n "$ranks" "$AIECON" ensemble "$scenario" -n 4 --ranks-per-member "$per" -o "$out" 2>"$SCRATCH/err2" </dev/null \
    || fail "second run: exit $?"
  grep -q "4 complete already, 0 to run" "$SCRATCH/err2" && pass "second run: nothing to run" || { fail "second run ran members"; cat "$SCRATCH/err2"; }
  [ "$before" = "$(mtimes "$out"/member_*.nc)" ] && pass "second run: no file rewritten" || fail "second run rewrote files"
  [ "$(status_of "$out" 3)" = done_earlier ] || fail "second run's summary: member 3 is '$(status_of "$out" 3)'"
  # the Python package reads the folder as one ensemble
  if /usr/bin/python3 -c 'import xarray' 2>/dev/null; then
    seeds=$(PYTHONPATH=$SOURCE_DIR/postprocess /usr/bin/python3 -c "
import aiecon, sys
ds = aiecon.open_ensemble(sys.argv[1]); print(' '.join(str(int(s)) for s in ds.seed.values))" "$out")
    [ "$seeds" = "42 43 44 45" ] && pass "aiecon.open_ensemble: seeds $seeds" || fail "aiecon.open_ensemble: seeds '$seeds'"
  fi
  ;;
failing)
  out=$SCRATCH/ens
  mkdir -p "$out/member_0001.nc"   # the member's output name is taken: its run cannot write it
  mpirun_n 2 "$AIECON" ensemble "$scenario" -n 4 -o "$out" 2>"$SCRATCH/err" </dev/null
  status=$?
  [ "$status" = 1 ] && pass "a failing member: exit 1" || fail "a failing member: exit $status, not 1"
  grep -q "member_0001.nc (seed 43) FAILED.*it is a folder" "$SCRATCH/err" && pass "stderr names the failed member and why" \
    || { fail "stderr does not name the failed member"; cat "$SCRATCH/err"; }
  grep -q "1 of 4 members failed (member_0001" "$SCRATCH/err" && pass "the last line counts the failure" \
    || { fail "no failure count"; cat "$SCRATCH/err"; }
  [ "$(status_of "$out" 1)" = failed ] && pass "summary: member 1 failed" || fail "summary: member 1 is '$(status_of "$out" 1)'"
  for m in 0 2 3; do
    [ "$(status_of "$out" $m)" = done ] || fail "summary: member $m is '$(status_of "$out" $m)', not done"
  done
  # member 1's group (group 1) went on to member 3 after the failure
  [ "$(awk -F'\t' '$1 == 3 { print $5 }' "$out/ensemble-summary.tsv")" = 1 ] && pass "the failing member's group ran its next member" \
    || fail "member 3 was not run by group 1"
  for m in 0 2 3; do
    f=$out/$(printf 'member_%04d.nc' $m); reference $((42 + m)); data_hash "$SCRATCH/m.hash" "$f"
    cmp -s "$SCRATCH/ref_$((42 + m)).hash" "$SCRATCH/m.hash" && pass "member $m = aiecon run --seed $((42 + m))" || fail "member $m differs"
  done
  before=$(mtimes "$out"/member_0000.nc "$out"/member_0002.nc "$out"/member_0003.nc)
  rmdir "$out/member_0001.nc"
  mpirun_n 2 "$AIECON" ensemble "$scenario" -n 4 -o "$out" 2>"$SCRATCH/err2" </dev/null
  status=$?
  [ "$status" = 0 ] && pass "retry: exit 0" || { fail "retry: exit $status"; cat "$SCRATCH/err2"; }
  grep -q "3 complete already, 1 to run" "$SCRATCH/err2" && pass "retry: only the failed member ran" || { fail "retry plan"; cat "$SCRATCH/err2"; }
  [ "$before" = "$(mtimes "$out"/member_0000.nc "$out"/member_0002.nc "$out"/member_0003.nc)" ] \
    && pass "retry: the complete members were not rewritten" || fail "retry rewrote complete members"
  same_as_separate "$out" 4
  ;;
resume | killed)
  out=$SCRATCH/ens
  # members that take a second or two each: household agents and steps enough to stop in the middle
  slow=(--set regions.us.household_agents=150000 --steps 96)
  extra=()
  [ "$case" = killed ] && extra=(--checkpoint-every 8)
  "$MPIEXEC" -n 2 "$AIECON" ensemble "$scenario" -n 4 -o "$out" "${slow[@]}" "${extra[@]}" 2>"$SCRATCH/err" </dev/null &
  pid=$!
  # members 0 and 1 run first (one per group); stop once both are published, while 2 and 3 run
  for _ in $(seq 1200); do [ -f "$out/member_0000.nc" ] && [ -f "$out/member_0001.nc" ] && break; sleep 0.05; done
  sleep 0.3
  if [ "$case" = resume ]; then kill -USR1 "$pid"; else kill -KILL "$(pgrep -P "$pid" | head -1)"; fi
  wait "$pid"
  status=$?
  if [ "$case" = resume ]; then
    [ "$status" = 3 ] && pass "SIGUSR1 mid-ensemble: exit 3" || { fail "SIGUSR1: exit $status, not 3"; cat "$SCRATCH/err"; }
    grep -q "run the same command again" "$SCRATCH/err" && pass "stderr says how to finish" || { fail "no resume hint"; cat "$SCRATCH/err"; }
    [ "$(status_of "$out" 0)" = done ] && [ "$(status_of "$out" 2)" = stopped ] && pass "summary: 0 done, 2 stopped" \
      || { fail "summary after the stop:"; cat "$out/ensemble-summary.tsv"; }
    [ -s "$out/checkpoints/member_0002.ckpt.nc" ] && pass "member 2 left its checkpoint" || fail "no checkpoint of member 2"
  else
    [ "$status" != 0 ] && pass "a rank killed: the job ended (exit $status)" || fail "a rank killed, yet exit 0"
  fi
  unfinished=$(for m in 0 1 2 3; do [ -f "$out/$(printf 'member_%04d.nc' $m)" ] || echo $m; done | tr '\n' ' ')
  [ -n "$unfinished" ] && pass "unfinished after the interruption: $unfinished" || fail "every member finished before the interruption (slow the members)"
  had_checkpoint=" " had_partial=" "
  for m in 0 1 2 3; do
    [ -s "$out/checkpoints/$(printf 'member_%04d.ckpt.nc' $m)" ] && had_checkpoint+="$m "
    [ -f "$out/$(printf '.member_%04d.nc.partial' $m)" ] && had_partial+="$m "
  done
  done_files=()
  for m in 0 1 2 3; do f=$out/$(printf 'member_%04d.nc' $m); [ -f "$f" ] && done_files+=("$f"); done
  before=$(mtimes "${done_files[@]}")
  mpirun_n 3 "$AIECON" ensemble "$scenario" -n 4 -o "$out" "${slow[@]}" "${extra[@]}" 2>"$SCRATCH/err2" </dev/null
  status=$?
  [ "$status" = 0 ] && pass "rerun (3 ranks): exit 0" || { fail "rerun: exit $status"; cat "$SCRATCH/err2"; }
  grep -q "${#done_files[@]} complete already, $((4 - ${#done_files[@]})) to run" "$SCRATCH/err2" \
    && pass "rerun: only the $((4 - ${#done_files[@]})) unfinished members ran" || { fail "rerun plan:"; cat "$SCRATCH/err2"; }
  [ "$before" = "$(mtimes "${done_files[@]}")" ] && pass "rerun: finished members not rewritten" || fail "rerun rewrote finished members"
  for m in $unfinished; do
    s=$(status_of "$out" "$m") r=$(awk -F'\t' -v m="$m" '$1 == m { print $6 }' "$out/ensemble-summary.tsv")
    [ "$s" = done ] || fail "member $m: status '$s' after the rerun"
    if [ "$case" = resume ]; then
      [ "$r" = 1 ] && pass "member $m resumed from its checkpoint" || fail "member $m did not resume (resumed=$r)"
    elif [[ $had_partial == *" $m "* ]]; then
      # mpirun stopped the other rank's member with SIGTERM: a clean stop, resumed
      [ "$r" = 1 ] && pass "member $m (stopped by mpirun's SIGTERM) resumed from its checkpoint" \
        || fail "member $m did not resume (resumed=$r) though its stop left a checkpoint and .partial"
    elif [[ $had_checkpoint == *" $m "* ]]; then
      # its output so far died with the job: from its checkpoint alone it would start at that step
      [ "$r" = 0 ] && pass "member $m (killed: checkpoint, no output so far) ran again from step 0" \
        || fail "member $m resumed (resumed=$r) without its output so far"
    fi
  done
  same_as_separate "$out" 4 "${slow[@]}"
  if compgen -G "$out/.*.lock" >/dev/null; then fail "a lock file is left in $out: $(ls -a "$out")"; fi
  ;;
bad)
  # expect_refused NAME FOLDER ARGS... — exit 2 within 20 s, one message naming PATTERN ($pattern), nothing written
  expect_refused() {
    local name=$1 folder=$2; shift 2
    local existed=0; [ -e "$folder" ] && existed=1
    local before; before=$(ls -A "$folder" 2>/dev/null)
    timeout 20 "$MPIEXEC" -n "${ranks:-2}" "$AIECON" ensemble "$@" 2>"$SCRATCH/err" </dev/null
    local status=$?
    [ "$status" = 2 ] && pass "$name: exit 2" || fail "$name: exit $status, not 2"
    [ "$(grep -c . "$SCRATCH/err")" = 1 ] && grep -q -- "$pattern" "$SCRATCH/err" && pass "$name: one message: $(cat "$SCRATCH/err")" \
      || { fail "$name: message"; cat "$SCRATCH/err"; }
    if [ "$existed" = 0 ]; then [ ! -e "$folder" ] || fail "$name: $folder was made"
    else [ "$before" = "$(ls -A "$folder")" ] || fail "$name: $folder changed"; fi
  }
  pattern="household_agents: '-5' is negative" expect_refused "a bad --set" "$SCRATCH/a" "$scenario" -n 3 -o "$SCRATCH/a" --set regions.us.household_agents=-5
  pattern="--steps" expect_refused "bad --steps" "$SCRATCH/a" "$scenario" -n 3 -o "$SCRATCH/a" --steps 1x
  pattern="--members" expect_refused "-n 0" "$SCRATCH/a" "$scenario" -n 0 -o "$SCRATCH/a"
  pattern="-n MEMBERS" expect_refused "no -n" "$SCRATCH/a" "$scenario" -o "$SCRATCH/a"
  pattern="no/such" expect_refused "a missing scenario" "$SCRATCH/a" no/such.yaml -n 2 -o "$SCRATCH/a"
  pattern="does not exist" expect_refused "a folder in a missing folder" "$SCRATCH/no/a" "$scenario" -n 2 -o "$SCRATCH/no/a"
  ranks=3 pattern="does not divide the job's 3" expect_refused "groups of 2 on 3 ranks" "$SCRATCH/a" "$scenario" -n 2 --ranks-per-member 2 -o "$SCRATCH/a"
  : >"$SCRATCH/file"
  pattern="not a folder" expect_refused "-o names a file" "$SCRATCH/file" "$scenario" -n 2 -o "$SCRATCH/file"
  # a member file of another scenario in the folder: refused, naming the file and the difference
  mkdir -p "$SCRATCH/mixed"
  mpirun_n 1 "$AIECON" run "$scenario" --seed 43 --set regions.us.adoption_scale=1.5 --quiet -o "$SCRATCH/mixed/member_0001.nc" </dev/null \
    || fail "making a member of another scenario"
  pattern="member_0001.nc is of another scenario.*adoption_scale" expect_refused "a member file of another scenario" \
    "$SCRATCH/mixed" "$scenario" -n 3 -o "$SCRATCH/mixed"
  # another ensemble holds the folder: refused, naming the holder (a live process of this host)
  mkdir -p "$SCRATCH/held"
  sleep 30 &
  holder=$!
  echo "host $(hostname) pid $holder started 2026-01-01T00:00:00Z" >"$SCRATCH/held/.ensemble-summary.tsv.lock"
  pattern="in use by another run" expect_refused "a folder another ensemble holds" "$SCRATCH/held" "$scenario" -n 2 -o "$SCRATCH/held"
  kill "$holder" 2>/dev/null
  ;;
*) echo "ensemble.sh: unknown case '$case'"; exit 2 ;;
esac
finish
