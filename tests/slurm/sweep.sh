#!/usr/bin/env bash
# tests/slurm/sweep.sh — jobs/make-design writes a 2-point Latin hypercube over two keys, and
# jobs/sweep.sbatch runs it as a job array on the local Slurm (inputs/tiny.yaml, 12 steps): both
# rows complete, row_000<i>.nc records exactly its row in the global attributes sweep_row,
# sweep_index and sweep_design, the run used those values (its history), and the rows' data differ.
# shellcheck disable=SC1091,SC2015  # lib.sh is found at run time; pass never fails
source "$(dirname "$0")/lib.sh"
scratch
design=$SCRATCH/design.csv
out=$SCRATCH/sweep
jobs/make-design lhs -n 2 --seed 7 households.bass_q=0.05:0.3 labs.frontier_a.ambition=1:2 -o "$design" 2>/dev/null \
  && [ "$(wc -l <"$design")" = 3 ] && pass "make-design wrote $(tr '\n' ' ' <"$design")" \
  || { fail "make-design"; finish; }
id=$(submit --array=0-1 jobs/sweep.sbatch "$design" inputs/tiny.yaml "$out" --steps 12 --quiet) \
  || { fail "sbatch refused the sweep"; finish; }
pass "submitted sweep: job array $id"
wait_job "$id" 240 || fail "sweep did not finish in 240 s"
[ "$(job_field "$id" JobState | grep -c '^COMPLETED$')" = 2 ] && pass "2 rows COMPLETED" \
  || { fail "row states: $(job_field "$id" JobState | tr '\n' ' ')"; show_logs "$out"/row_*.log "$SCRATCH"/slurm-*.out; }
# each file's attributes against the design's rows, and its history against its --set values
if /usr/bin/python3 - "$design" "$out" <<'PY'; then pass "each row records its values and ran with them"; else fail "row attributes"; fi
import csv, sys
from netCDF4 import Dataset
design, out = sys.argv[1], sys.argv[2]
rows = list(csv.reader(open(design)))
keys, ok = rows[0], True
for i, values in enumerate(rows[1:]):
    want = "\n".join(f"{k}={v}" for k, v in zip(keys, values))
    with Dataset(f"{out}/row_{i:04d}.nc") as ds:
        got = {a: ds.getncattr(a) for a in ("sweep_row", "sweep_index", "sweep_design") if a in ds.ncattrs()}
        history = ds.getncattr("history")
    checks = [("sweep_row", got.get("sweep_row") == want),
              ("sweep_index", got.get("sweep_index") == i),
              ("sweep_design", got.get("sweep_design") == design),
              ("history", all(f"--set {k}={v}" in history for k, v in zip(keys, values)))]
    for name, good in checks:
        print(f"row {i}: {name}: {'ok' if good else 'WRONG'} ({got.get(name, history)!r})")
        ok = ok and good
sys.exit(0 if ok else 1)
PY
for i in 0 1; do "$BUILD_DIR/nc_data_hash" "$out/row_000$i.nc" >"$SCRATCH/r$i.hash" 2>/dev/null || fail "hash row $i"; done
[ -s "$SCRATCH/r0.hash" ] && ! cmp -s "$SCRATCH/r0.hash" "$SCRATCH/r1.hash" \
  && pass "rows 0 and 1 differ ($(diff "$SCRATCH/r0.hash" "$SCRATCH/r1.hash" | grep -c '^<') variables)" \
  || fail "rows 0 and 1 do not differ"
finish
