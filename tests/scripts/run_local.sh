#!/usr/bin/env bash
# run_local.sh — jobs/run-local (issue 17): batches on one machine that the report accepts.
#   * a 4-row Latin-hypercube design over inputs/tiny.yaml, run with --jobs 2 from inside a shell
#     `while read` loop (the loop must see both its lines: nothing reads the loop's input), gives
#     row_0000 ... row_0003.nc whose parameters the report's design table shows
#   * the same rows without their attributes (sweep_row and aiecon's own `overrides`, as files of an
#     aiecon older than the `overrides` attribute are) are
#     accepted with the folder's design.csv, and refused (exit 2, naming the row) without it
#   * a 3-member ensemble with --jobs 2: seeds 42, 43, 44 (tiny's run.seed + i), the report accepts it
#   * a row that fails (an unknown key) makes run-local exit 1 and name it
source "$(dirname "$0")/common.sh"
scratch
PY=/usr/bin/python3
CHECK="$SOURCE_DIR/tests/python/check_report.py"
export AIECON

jobs/make-design lhs -n 4 labs.frontier_a.ambition=1:3 clouds.neocloud.cash_usd=0.3e9:2e9 \
  -o "$SCRATCH/design.csv" 2>/dev/null || fail "make-design"
seen=0
while read -r line; do
  seen=$((seen + 1))
  jobs/run-local sweep --jobs 2 "$SCRATCH/design.csv" inputs/tiny.yaml "$SCRATCH/sweep" --steps 12 \
    2>>"$SCRATCH/run-local.err" || fail "run-local sweep (loop line $line): $(tail -3 "$SCRATCH/run-local.err")"
done <<<"first
second"
[ "$seen" = 2 ] && pass "the loop read both its lines (run-local and mpirun read no input)" \
  || fail "the loop read $seen of its 2 lines"
n=$(ls "$SCRATCH"/sweep/row_*.nc 2>/dev/null | wc -l)
[ "$n" = 4 ] && pass "4 rows: $(cd "$SCRATCH/sweep" && echo row_*.nc)" || fail "$n row files, not 4"
grep -q "exists, skipped" "$SCRATCH/run-local.err" && pass "the second pass skipped finished rows" \
  || fail "the second pass did not skip finished rows"
"$PY" postprocess/report "$SCRATCH/sweep" -o "$SCRATCH/rep" >/dev/null 2>"$SCRATCH/report.err" \
  && pass "the report accepts the 4 rows" || fail "report on the rows: $(cat "$SCRATCH/report.err")"
"$PY" "$CHECK" sweep "$SCRATCH/rep" "$SCRATCH"/sweep/row_*.nc && pass "design table: each row's parameters" \
  || fail "design table"

# rows without their attributes: parameters from design.csv
mkdir -p "$SCRATCH/bare"
for f in "$SCRATCH"/sweep/row_*.nc; do
  cp "$f" "$SCRATCH/bare/"
  "$PY" -c "import sys, netCDF4
with netCDF4.Dataset(sys.argv[1], 'a') as d:
    for a in ('sweep_row', 'sweep_index', 'sweep_design', 'overrides'): d.delncattr(a)" "$SCRATCH/bare/$(basename "$f")"
done
"$PY" postprocess/report "$SCRATCH/bare" -o "$SCRATCH/rep-bare" >/dev/null 2>"$SCRATCH/err"; rc=$?
[ "$rc" = 2 ] && grep -q "row_0000.nc: a sweep row without its parameters" "$SCRATCH/err" \
  && pass "rows without attributes or design.csv: exit 2: $(head -c 120 "$SCRATCH/err")" \
  || fail "rows without parameters: exit $rc, $(cat "$SCRATCH/err")"
cp "$SCRATCH/design.csv" "$SCRATCH/bare/design.csv"
"$PY" postprocess/report "$SCRATCH/bare" -o "$SCRATCH/rep-bare" >/dev/null 2>"$SCRATCH/err" \
  && cmp -s <(cut -d, -f2- "$SCRATCH/rep/sweep_design.csv") <(cut -d, -f2- "$SCRATCH/rep-bare/sweep_design.csv") \
  && pass "rows without attributes: parameters from design.csv, the same design table" \
  || fail "rows with design.csv: $(cat "$SCRATCH/err")"

# an ensemble
jobs/run-local ensemble -n 3 --jobs 2 inputs/tiny.yaml "$SCRATCH/ens" --steps 12 2>"$SCRATCH/err" \
  || fail "run-local ensemble: $(cat "$SCRATCH/err")"
seeds=$("$PY" -c "import sys, netCDF4
print(' '.join(str(netCDF4.Dataset(p).getncattr('seed')) for p in sorted(sys.argv[1:])))" "$SCRATCH"/ens/member_*.nc)
[ "$seeds" = "42 43 44" ] && pass "ensemble: 3 members, seeds $seeds" || fail "ensemble seeds '$seeds'"
"$PY" postprocess/report "$SCRATCH/ens" -o "$SCRATCH/rep-ens" >/dev/null 2>"$SCRATCH/err" \
  && [ -s "$SCRATCH/rep-ens/probabilities.csv" ] && pass "the report accepts the ensemble" \
  || fail "report on the ensemble: $(cat "$SCRATCH/err")"

# a failing row
printf 'labs.nobody.ambition\n2\n' >"$SCRATCH/bad.csv"
jobs/run-local sweep "$SCRATCH/bad.csv" inputs/tiny.yaml "$SCRATCH/bad" 2>"$SCRATCH/err"; rc=$?
[ "$rc" = 1 ] && grep -q "row_0000 failed" "$SCRATCH/err" && grep -q -- "--only 0" "$SCRATCH/err" \
  && pass "a failing row: exit 1, named, with the command to rerun it" || fail "failing row: exit $rc, $(cat "$SCRATCH/err")"
jobs/run-local sweep 2>/dev/null; [ $? = 2 ] && pass "no arguments: exit 2" || fail "no arguments"
finish
