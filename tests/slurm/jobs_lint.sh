#!/usr/bin/env bash
# tests/slurm/jobs_lint.sh — the batch scripts without a cluster: each parses (bash -n), the part
# common to jobs/*.sbatch is identical in all of them, shellcheck finds nothing (when installed),
# each refuses missing arguments with exit 2, and jobs/make-design writes a grid as documented.
# shellcheck disable=SC1091,SC2015  # common.sh is found at run time; pass never fails
source "$(dirname "$0")/../scripts/common.sh"
scratch
common() { sed -n '/^# ---- common to jobs/,/^# ---- end of the common part ----$/p' "$1"; }
common jobs/run.sbatch >"$SCRATCH/run.common"
[ "$(wc -l <"$SCRATCH/run.common")" -gt 20 ] && pass "run.sbatch has the common part" || fail "no common part in run.sbatch"
for f in jobs/run.sbatch jobs/ensemble.sbatch jobs/sweep.sbatch jobs/ensemble-in-job.sbatch; do
  bash -n "$f" && pass "$f parses" || fail "$f does not parse"
  common "$f" | cmp -s - "$SCRATCH/run.common" && pass "$f: common part as in run.sbatch" \
    || { fail "$f: common part differs from run.sbatch's:"; common "$f" | diff "$SCRATCH/run.common" - | head; }
  env -u SLURM_ARRAY_TASK_ID bash "$f" >/dev/null 2>&1; [ $? = 2 ] && pass "$f without arguments: exit 2" \
    || fail "$f without arguments should exit 2"
done
if command -v shellcheck >/dev/null; then
  shellcheck -x jobs/*.sbatch cluster/local-slurm tests/slurm/*.sh && pass "shellcheck clean" || fail "shellcheck"
else
  echo "shellcheck not installed: not run"
fi
jobs/make-design grid a.b=1:2:3 c=x,y -o "$SCRATCH/d.csv" 2>/dev/null \
  && [ "$(tr '\n' ' ' <"$SCRATCH/d.csv")" = "a.b,c 1,x 1,y 1.5,x 1.5,y 2,x 2,y " ] \
  && pass "make-design grid" || fail "make-design grid wrote: $(cat "$SCRATCH/d.csv" 2>/dev/null)"
jobs/make-design grid a=1:2 >/dev/null 2>&1; [ $? = 2 ] && pass "make-design refuses a bad range" || fail "make-design bad range"
finish
