#!/usr/bin/env bash
# tests/slurm/ensemble_in_job.sh — jobs/ensemble-in-job.sbatch on the local Slurm: one job of 2
# tasks runs 4 members of inputs/tiny.yaml (12 steps) in 2 groups of 1 rank; the job COMPLETES,
# OUTDIR holds member_0000.nc .. member_0003.nc with seeds 42 .. 45 (tiny's run.seed is 42), the
# summary says every member is done, the log has the progress, and each member's data equal those
# of `aiecon run --seed S` alone (tests/tools/nc_data_hash).
# shellcheck disable=SC1091,SC2015  # lib.sh is found at run time; pass never fails
source "$(dirname "$0")/lib.sh"
scratch
out=$SCRATCH/ens
id=$(submit --ntasks=2 jobs/ensemble-in-job.sbatch inputs/tiny.yaml "$out" 4 --steps 12) \
  || { fail "sbatch refused the ensemble"; finish; }
pass "submitted the ensemble: job $id"
wait_job "$id" 240 || fail "the ensemble did not finish in 240 s"
state=$(job_field "$id" JobState) code=$(job_field "$id" ExitCode)
[ "$state" = COMPLETED ] && [ "$code" = 0:0 ] && pass "job COMPLETED (exit $code)" \
  || { fail "job state $state, exit $code"; show_logs "$out/ensemble.log" "$SCRATCH"/slurm-*.out; }
names=$(cd "$out" 2>/dev/null && printf '%s ' member_*.nc)
[ "$names" = "member_0000.nc member_0001.nc member_0002.nc member_0003.nc " ] && pass "files: $names" || fail "files: '$names'"
[ "$(awk -F'\t' 'NR > 1 && $3 == "done"' "$out/ensemble-summary.tsv" 2>/dev/null | wc -l)" = 4 ] \
  && pass "summary: 4 members done" || fail "summary: $(cat "$out/ensemble-summary.tsv" 2>/dev/null)"
[ "$(awk -F'\t' 'NR > 1 { print $5 }' "$out/ensemble-summary.tsv" 2>/dev/null | sort -u | wc -l)" = 2 ] \
  && pass "members ran in 2 groups" || fail "members did not run in 2 groups"
grep -q "4/4 members done" "$out/ensemble.log" && pass "log: progress to 4/4" || { fail "log: no progress"; show_logs "$out/ensemble.log"; }
for i in 0 1 2 3; do
  f=$out/member_000$i.nc
  [ -s "$f" ] || continue
  seed=$(ncdump -h "$f" | sed -n 's/^[[:space:]]*:seed = \([0-9]*\)U* ;/\1/p')
  [ "$seed" = $((42 + i)) ] && pass "member $i has seed $seed" || fail "member $i has seed '$seed', expected $((42 + i))"
  mpirun_n 1 "$AIECON" run inputs/tiny.yaml --steps 12 --seed $((42 + i)) --quiet -o "$SCRATCH/ref$i.nc" </dev/null \
    || fail "aiecon run --seed $((42 + i))"
  data_hash "$SCRATCH/ref$i.hash" "$SCRATCH/ref$i.nc"
  data_hash "$SCRATCH/m$i.hash" "$f"
  cmp -s "$SCRATCH/ref$i.hash" "$SCRATCH/m$i.hash" && pass "member $i = aiecon run --seed $((42 + i))" \
    || fail "member $i differs from aiecon run --seed $((42 + i))"
done
finish
