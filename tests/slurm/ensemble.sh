#!/usr/bin/env bash
# tests/slurm/ensemble.sh — jobs/ensemble.sbatch as a 3-member job array on the local Slurm
# (inputs/tiny.yaml, 12 steps): every member completes, writes OUTDIR/member_000<i>.nc with seed
# 42 + i (tiny's run.seed is 42), and the members' data differ from each other.
# shellcheck disable=SC1091,SC2015  # lib.sh is found at run time; pass never fails
source "$(dirname "$0")/lib.sh"
scratch
out=$SCRATCH/ens
id=$(submit --array=0-2 jobs/ensemble.sbatch inputs/tiny.yaml "$out" --steps 12 --quiet) \
  || { fail "sbatch refused the ensemble"; finish; }
pass "submitted ensemble: job array $id"
wait_job "$id" 240 || fail "ensemble did not finish in 240 s"
states=$(job_field "$id" JobState | sort | uniq -c | tr -s ' ')
[ "$(job_field "$id" JobState | grep -c '^COMPLETED$')" = 3 ] && pass "3 members COMPLETED" \
  || { fail "member states: $states"; show_logs "$out"/member_*.log "$SCRATCH"/slurm-*.out; }
names=$(cd "$out" 2>/dev/null && printf '%s ' member_*.nc)
[ "$names" = "member_0000.nc member_0001.nc member_0002.nc " ] && pass "files: $names" || fail "files: '$names'"
for i in 0 1 2; do
  f=$out/member_000$i.nc
  [ -s "$f" ] || continue
  seed=$(ncdump -h "$f" | sed -n 's/^[[:space:]]*:seed = \([0-9]*\)U* ;/\1/p')
  [ "$seed" = $((42 + i)) ] && pass "member $i has seed $seed" || fail "member $i has seed '$seed', expected $((42 + i))"
  "$BUILD_DIR/nc_data_hash" "$f" >"$SCRATCH/m$i.hash" || fail "hash member $i"
done
for pair in "0 1" "0 2" "1 2"; do
  read -r a b <<<"$pair"
  if [ -s "$SCRATCH/m$a.hash" ] && [ -s "$SCRATCH/m$b.hash" ] && ! cmp -s "$SCRATCH/m$a.hash" "$SCRATCH/m$b.hash"; then
    pass "members $a and $b differ ($(diff "$SCRATCH/m$a.hash" "$SCRATCH/m$b.hash" | grep -c '^<') variables)"
  else
    fail "members $a and $b do not differ (or are missing)"
  fi
done
finish
