#!/usr/bin/env bash
# overrides.sh — what a run's --set did, in the file and on the terminal (issue 17, parts 4 and 6).
#   * `aiecon run` with two --set values (and --seed, --steps) records the two, `key=value` lines in
#     command-line order, as the global attribute `overrides` (seed and steps have their own places)
#   * a plain shell loop of `aiecon run --set ...` (no jobs/ script, no design.csv) gives row files
#     that postprocess's open_sweep takes, each parameter a coordinate with the row's value, and that
#     the report accepts
#   * overrides that cannot act are named on stderr with the reason, exit 0, by `check` and `run`:
#     the EU's electricity price in the baseline (no cloud in the EU), a token-growth half-life when
#     that growth is 0, and a variant's set: entry (named by its file and line); an override that
#     acts (the US grid's price, where the clouds are) gives no warning
source "$(dirname "$0")/common.sh"
scratch
PY=/usr/bin/python3

# ---- the attribute
mpirun_n 2 "$AIECON" run inputs/tiny.yaml --quiet --steps 6 --seed 9 -o "$SCRATCH/one.nc" \
  --set labs.frontier_a.ambition=2 --set clouds.neocloud.cash_usd=1e9 </dev/null || fail "run with two --set"
got=$("$PY" -c "import sys, netCDF4; print(netCDF4.Dataset(sys.argv[1]).getncattr('overrides'))" "$SCRATCH/one.nc")
want=$'labs.frontier_a.ambition=2\nclouds.neocloud.cash_usd=1e9'
[ "$got" = "$want" ] && pass "overrides attribute lists the two --set values in order" \
  || fail "overrides attribute is '$got', expected '$want'"
mpirun_n 1 "$AIECON" run inputs/tiny.yaml --quiet --steps 2 -o "$SCRATCH/none.nc" </dev/null || fail "run without --set"
got=$("$PY" -c "import sys, netCDF4; print(repr(netCDF4.Dataset(sys.argv[1]).getncattr('overrides')))" "$SCRATCH/none.nc")
[ "$got" = "''" ] && pass "no --set: overrides is empty" || fail "no --set: overrides is $got"

# ---- a plain local loop, then open_sweep and the report
mkdir -p "$SCRATCH/loop"
i=0
for ambition in 0.5 1.5 3; do
  mpirun_n 1 "$AIECON" run inputs/tiny.yaml --quiet --steps 6 -o "$SCRATCH/loop/row_$i.nc" \
    --set labs.frontier_a.ambition=$ambition --set clouds.neocloud.cash_usd=$((i + 1))e9 </dev/null || fail "loop row $i"
  i=$((i + 1))
done
PYTHONPATH="$SOURCE_DIR/postprocess" "$PY" - "$SCRATCH/loop" <<'PYEOF' && pass "open_sweep: the loop's rows with their parameters" || fail "open_sweep on the loop"
import sys
import aiecon
sw = aiecon.open_sweep(sys.argv[1])
assert sw.sizes["row"] == 3, sw.sizes
assert sw["labs.frontier_a.ambition"].values.tolist() == [0.5, 1.5, 3.0], sw["labs.frontier_a.ambition"].values
assert sw["clouds.neocloud.cash_usd"].values.tolist() == [1e9, 2e9, 3e9]
assert sw.attrs["sweep_parameters"].split() == ["labs.frontier_a.ambition", "clouds.neocloud.cash_usd"]
PYEOF
"$PY" postprocess/report "$SCRATCH/loop" -o "$SCRATCH/rep" >/dev/null 2>"$SCRATCH/report.err" \
  && pass "the report accepts the loop's rows" || fail "report on the loop: $(cat "$SCRATCH/report.err")"

# ---- overrides that cannot act
warns() { grep -c '^warning: .*has no effect in this scenario' "$1"; }
"$AIECON" check inputs/baseline.yaml --set regions.eu.grid.price_usd_per_mwh=200 \
  --set households.token_growth=0 --set households.token_growth_halflife=3 \
  --set regions.us.grid.price_usd_per_mwh=80 >/dev/null 2>"$SCRATCH/check.err"; rc=$?
[ "$rc" = 0 ] || fail "check with inert overrides exited $rc: $(cat "$SCRATCH/check.err")"
[ "$(warns "$SCRATCH/check.err")" = 2 ] && pass "check: two warnings" || fail "check: warnings: $(cat "$SCRATCH/check.err")"
grep -q '^warning: --set: regions.eu.grid.price_usd_per_mwh: has no effect in this scenario: no cloud is in region eu' \
  "$SCRATCH/check.err" && pass "check names the EU's price and why" || fail "EU price not named: $(cat "$SCRATCH/check.err")"
grep -q '^warning: --set: households.token_growth_halflife: .*households.token_growth is 0' "$SCRATCH/check.err" \
  && pass "check names the half-life of no growth" || fail "half-life not named: $(cat "$SCRATCH/check.err")"
grep -q 'regions.us\|households.token_growth:' "$SCRATCH/check.err" && fail "an override that acts was warned about: $(cat "$SCRATCH/check.err")"
# open-weight settings act only when open weights are offered (lag > 0): not in the baseline, in open-weights.yaml
"$AIECON" check inputs/baseline.yaml --set businesses.open_weight_brand=-1 >/dev/null 2>"$SCRATCH/open.err"
grep -q '^warning: --set: businesses.open_weight_brand: .*open_weight_lag_months is 0' "$SCRATCH/open.err" \
  && pass "check names an open-weight setting with no open weights" || fail "open-weight brand not named: $(cat "$SCRATCH/open.err")"
"$AIECON" check inputs/variants/open-weights.yaml --set businesses.open_weight_brand=-1 >/dev/null 2>"$SCRATCH/open.err"
[ "$(warns "$SCRATCH/open.err")" = 0 ] && pass "no warning where open weights are offered" || fail "open weights offered, yet: $(cat "$SCRATCH/open.err")"
# a variant's set: entry, and run (two ranks: one warning, from rank 0)
cat >"$SCRATCH/eu-grid.yaml" <<YAML
extends: $SOURCE_DIR/inputs/baseline.yaml
set:
  regions.us.grid.supply_growth: 0.2
  regions.eu.grid.supply_growth: 0.2
YAML
mpirun_n 2 "$AIECON" run "$SCRATCH/eu-grid.yaml" --quiet --steps 2 -o "$SCRATCH/v.nc" </dev/null 2>"$SCRATCH/run.err"; rc=$?
[ "$rc" = 0 ] && [ -s "$SCRATCH/v.nc" ] || fail "run of the variant exited $rc: $(cat "$SCRATCH/run.err")"
[ "$(warns "$SCRATCH/run.err")" = 1 ] && grep -q "^warning: $SCRATCH/eu-grid.yaml:4: regions.eu.grid.supply_growth: has no effect" \
  "$SCRATCH/run.err" && pass "run: the variant's line 4 named once: $(head -c 150 "$SCRATCH/run.err")" \
  || fail "run: variant warning: $(cat "$SCRATCH/run.err")"
finish
