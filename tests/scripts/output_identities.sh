#!/usr/bin/env bash
# output_identities.sh — every player's stocks recomputed from the flows in the output file alone
# (tests/python/output_identities.py lists the identities), and the stock-flow matrices' rows,
# columns and stocks (tests/python/sfc_identities.py), for every scenario in inputs/ and
# inputs/variants/ at 1 rank; and inputs/tiny.yaml at 4 and 5 ranks, whose data must also equal the
# 1-rank run's (tests/tools/nc_data_hash).
source "$(dirname "$0")/common.sh"
set -o pipefail
scratch
count=0
for scenario in inputs/*.yaml inputs/variants/*.yaml; do
  name=$(basename "$scenario" .yaml)
  if ! "$AIECON" run "$scenario" --quiet -o "$SCRATCH/$name.nc" 2>"$SCRATCH/err" </dev/null; then
    fail "$name: run failed: $(cat "$SCRATCH/err")"; continue
  fi
  count=$((count + 1))
  if /usr/bin/python3 tests/python/output_identities.py "$SCRATCH/$name.nc" "$name"; then
    pass "$name: every stock follows its flows in the output"
  else
    fail "$name: a stock does not follow the flows written to the output"
  fi
  if /usr/bin/python3 tests/python/sfc_identities.py "$SCRATCH/$name.nc" "$name"; then
    pass "$name: the transactions-flow matrix's rows and columns sum to zero, every stock follows its flows"
  else
    fail "$name: the stock-flow matrices do not close"
  fi
done
# the check must see a broken cell: 1000 USD more written off one lab's loans than its stock moved
if [ -f "$SCRATCH/tiny.nc" ]; then
  cp "$SCRATCH/tiny.nc" "$SCRATCH/spoilt.nc"
  /usr/bin/python3 -c "import netCDF4, sys; d = netCDF4.Dataset(sys.argv[1], 'a'); v = d.variables['revaluations']
v[5, 2, 1] = v[5, 2, 1] + 1000.0; d.close()" "$SCRATCH/spoilt.nc"
  if /usr/bin/python3 tests/python/sfc_identities.py "$SCRATCH/spoilt.nc" spoilt >"$SCRATCH/spoilt.out"; then
    fail "a revaluation of 1000 USD more than the stock moved passed sfc_identities.py"
  else
    grep -q "loans = new debt + repayment + revaluations: lab:.* at record 5" "$SCRATCH/spoilt.out" \
      && pass "a spoilt revaluation is caught: $(head -1 "$SCRATCH/spoilt.out")" \
      || fail "a spoilt revaluation is caught, but not named: $(head -1 "$SCRATCH/spoilt.out")"
  fi
fi
[ "$count" -ge 3 ] || fail "only $count scenarios found"
"$BUILD_DIR/nc_data_hash" "$SCRATCH/tiny.nc" >"$SCRATCH/tiny.np1.hash" || fail "hash of tiny at 1 rank"
for n in 4 5; do
  if ! mpirun_n "$n" "$AIECON" run inputs/tiny.yaml --quiet -o "$SCRATCH/tiny.np$n.nc" </dev/null; then
    fail "tiny at $n ranks: run failed"; continue
  fi
  /usr/bin/python3 tests/python/output_identities.py "$SCRATCH/tiny.np$n.nc" "tiny at $n ranks" \
    && /usr/bin/python3 tests/python/sfc_identities.py "$SCRATCH/tiny.np$n.nc" "tiny at $n ranks" \
    && pass "tiny at $n ranks: identities hold" || fail "tiny at $n ranks: identities"
  if "$BUILD_DIR/nc_data_hash" "$SCRATCH/tiny.np$n.nc" >"$SCRATCH/tiny.np$n.hash" \
     && [ -s "$SCRATCH/tiny.np1.hash" ] && cmp -s "$SCRATCH/tiny.np1.hash" "$SCRATCH/tiny.np$n.hash"; then
    pass "tiny at $n ranks: the same data as at 1 rank"
  else
    fail "tiny at $n ranks: data differ from the 1-rank run (or could not be hashed)"
  fi
done
finish
