#!/usr/bin/env bash
# report.sh MODE — postprocess/report (issue 6) on tiny runs (inputs/tiny.yaml, 24 steps, 2 ranks).
#   run       a one-run report: index.html whose images exist and are real PNGs; nothing written
#             outside the report folder; the balance-sheet and transactions-flow tables shown, each
#             column summing to zero
#   ensemble  3 members (seeds 1, 2, 3): images, and probabilities.csv in [0, 1] and equal to the
#             counts over the members
#   sweep     2 rows (--set clouds.neocloud.cash_usd=...; global attributes sweep_row and
#             sweep_index added with netCDF4): images and the design table
#   scenarios two runs side by side
#   errors    exit 2 and no report for a missing path, a file that is not NetCDF, a NetCDF file not
#             from aiecon, a folder without members, and a folder mixing scenarios as an ensemble
#   browser   headless Chromium opens a run's, an ensemble's and a comparison's index.html: every
#             image loads (naturalWidth > 0); screenshots kept in $BUILD_DIR/test-artefacts/
#             (report-screenshot-compare.png: two scenarios on shared axes, one legend, the
#             difference panels and the table of differing parameters)
source "$(dirname "$0")/common.sh"
scratch
mode=${1:?usage: report.sh run|ensemble|sweep|scenarios|errors|browser}
PY=/usr/bin/python3
REPORT="$SOURCE_DIR/postprocess/report"
CHECK="$SOURCE_DIR/tests/python/check_report.py"

tiny() { # tiny OUT.nc [aiecon options...]
  local out=$1; shift
  mpirun_n 2 "$AIECON" run inputs/tiny.yaml --quiet -o "$out" "$@" || fail "aiecon run $* failed"
}

# report DIR PATH... — run the report from an empty folder; check it wrote only DIR there
report() {
  local dir=$1; shift
  mkdir -p "$SCRATCH/cwd"
  local cache="$SOURCE_DIR/postprocess/aiecon_report/__pycache__" had=no
  [ -e "$cache" ] && had=yes
  (cd "$SCRATCH/cwd" && "$PY" "$REPORT" "$@" -o "$dir") >"$SCRATCH/report.out" 2>"$SCRATCH/report.err"
  local rc=$?
  cat "$SCRATCH/report.err"
  [ "$rc" = 0 ] || { fail "report $* exited $rc"; return 1; }
  [ "$(cat "$SCRATCH/report.out")" = "$dir/index.html" ] || fail "report printed $(cat "$SCRATCH/report.out"), not $dir/index.html"
  [ -z "$(ls -A "$SCRATCH/cwd")" ] || fail "report wrote into the working folder: $(ls -A "$SCRATCH/cwd")"
  [ "$had" = yes ] || [ ! -e "$cache" ] || fail "report wrote $cache"
  return 0
}

images() { "$PY" "$CHECK" images "$1" && pass "$2: images are real PNGs" || fail "$2: images"; }

ensemble() { # ensemble DIR — members 1..3 of tiny
  mkdir -p "$1"
  for s in 1 2 3; do tiny "$1/member_$s.nc" --seed "$s"; done
}

case "$mode" in
run)
  tiny "$SCRATCH/one.nc"
  report "$SCRATCH/rep" "$SCRATCH/one.nc" && images "$SCRATCH/rep" "one run"
  "$PY" "$CHECK" sfc "$SCRATCH/rep" && pass "one run: balance sheets and transactions-flow matrix, columns sum to zero" \
    || fail "one run: stock-flow tables"
  for f in outcomes.csv defaults.csv lab_revenue_by_year.csv provenance.csv; do
    [ -s "$SCRATCH/rep/$f" ] || fail "one run: no $f"
  done
  grep -q "seed 42" "$SCRATCH/rep/index.html" && grep -q "aiecon 0" "$SCRATCH/rep/index.html" \
    && pass "one run: provenance (seed, version) in the page" || fail "one run: provenance missing"
  ;;
ensemble)
  ensemble "$SCRATCH/ens"
  report "$SCRATCH/rep" "$SCRATCH/ens" && images "$SCRATCH/rep" "ensemble"
  "$PY" "$CHECK" probabilities "$SCRATCH/rep" "$SCRATCH"/ens/member_*.nc \
    && pass "ensemble: probabilities in [0, 1], consistent with the members" || fail "ensemble: probabilities"
  grep -q "falls first\|no default" "$SCRATCH/rep/index.html" && grep -q "probabilities.csv" "$SCRATCH/rep/index.html" \
    && pass "ensemble: probability table in the page" || fail "ensemble: probability table not in the page"
  ;;
sweep)
  mkdir -p "$SCRATCH/sweep"
  i=0
  for cash in 2e9 0.3e9; do
    row="$SCRATCH/sweep/row_$i.nc"
    tiny "$row" --seed 5 --set "clouds.neocloud.cash_usd=$cash"
    "$PY" - "$row" "clouds.neocloud.cash_usd=$cash" "$i" <<'PY' || fail "cannot add the sweep attributes"
import sys, netCDF4
with netCDF4.Dataset(sys.argv[1], "a") as d:
    d.setncattr("sweep_row", sys.argv[2])
    d.setncattr("sweep_index", int(sys.argv[3]))
PY
    i=$((i + 1))
  done
  report "$SCRATCH/rep" "$SCRATCH/sweep" && images "$SCRATCH/rep" "sweep"
  "$PY" "$CHECK" sweep "$SCRATCH/rep" "$SCRATCH"/sweep/row_*.nc && pass "sweep: design table" || fail "sweep: design"
  [ -f "$SCRATCH/rep/sweep_scatter.png" ] && [ -s "$SCRATCH/rep/sensitivity.csv" ] \
    && pass "sweep: sensitivity picture and table" || fail "sweep: no sensitivity picture or table"
  ;;
scenarios)
  tiny "$SCRATCH/a.nc"
  tiny "$SCRATCH/b.nc" --set labs.frontier_a.ambition=3
  report "$SCRATCH/rep" "$SCRATCH/a.nc" "$SCRATCH/b.nc" && images "$SCRATCH/rep" "scenarios"
  [ "$(wc -l <"$SCRATCH/rep/scenarios.csv")" = 3 ] && pass "scenarios: one row each" || fail "scenarios.csv"
  ;;
errors)
  expect2() { # expect2 WHAT PATH... — exit 2, one message naming the problem, no report written
    local what=$1; shift
    "$PY" "$REPORT" "$@" -o "$SCRATCH/bad" 2>"$SCRATCH/err"; local rc=$?
    if [ "$rc" = 2 ] && grep -q "^report: " "$SCRATCH/err" && [ ! -e "$SCRATCH/bad" ]; then
      pass "$what: exit 2: $(head -c 160 "$SCRATCH/err")"
    else
      fail "$what: exit $rc, stderr: $(cat "$SCRATCH/err")"
    fi
  }
  expect2 "missing path" "$SCRATCH/nothing.nc"
  echo "not netcdf" >"$SCRATCH/text.nc"
  expect2 "not a NetCDF file" "$SCRATCH/text.nc"
  "$PY" -c "import netCDF4, sys; d = netCDF4.Dataset(sys.argv[1], 'w'); d.title = 'x'; d.close()" "$SCRATCH/other.nc"
  expect2 "NetCDF not from aiecon" "$SCRATCH/other.nc"
  mkdir -p "$SCRATCH/empty"
  expect2 "folder without members" "$SCRATCH/empty"
  mkdir -p "$SCRATCH/mixed"
  tiny "$SCRATCH/mixed/member_1.nc" --seed 1
  tiny "$SCRATCH/mixed/member_2.nc" --seed 2 --set labs.frontier_a.ambition=3
  expect2 "folder mixing scenarios as an ensemble" "$SCRATCH/mixed"
  grep -q "one scenario" "$SCRATCH/err" || fail "mixed folder: the message does not say the scenarios differ"
  ;;
browser)
  CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
  [ -x "$CHROMIUM" ] || { fail "no $CHROMIUM: install Debian's chromium (sh cluster/install-deps)"; finish; }
  tiny "$SCRATCH/one.nc"
  tiny "$SCRATCH/ambitious.nc" --set labs.frontier_a.ambition=3
  ensemble "$SCRATCH/ens"
  report "$SCRATCH/rep-run" "$SCRATCH/one.nc"
  report "$SCRATCH/rep-ens" "$SCRATCH/ens"
  report "$SCRATCH/rep-cmp" "$SCRATCH/one.nc" "$SCRATCH/ambitious.nc"
  grep -q "labs.frontier_a.ambition" "$SCRATCH/rep-cmp/differing_parameters.csv" \
    && pass "comparison: the differing parameter in its table" || fail "comparison: no table of differing parameters"
  mkdir -p "$BUILD_DIR/test-artefacts"
  browse() { timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
    --user-data-dir="$SCRATCH/chromium" --run-all-compositor-stages-before-draw --virtual-time-budget=5000 "$@" \
    2>>"$SCRATCH/chromium.log"; }
  for kind in run ens cmp; do
    # a copy of the page that writes into its title whether every image loaded
    cp -r "$SCRATCH/rep-$kind" "$SCRATCH/check-$kind"
    "$PY" - "$SCRATCH/check-$kind/index.html" <<'PY'
import sys
p = sys.argv[1]
js = ("<script>window.addEventListener('load', function () {"
      " var all = Array.prototype.slice.call(document.images);"
      " var broken = all.filter(function (i) { return !(i.complete && i.naturalWidth > 0); });"
      " document.title = 'IMAGES ' + all.length + ' BROKEN ' + broken.length; });</script>")
text = open(p, encoding="utf-8").read().replace("</body>", js + "</body>")
open(p, "w", encoding="utf-8").write(text)
PY
    browse --dump-dom "file://$SCRATCH/check-$kind/index.html" >"$SCRATCH/dom-$kind.html"
    n=$(grep -o "<img " "$SCRATCH/rep-$kind/index.html" | wc -l)
    "$PY" "$CHECK" title "$SCRATCH/dom-$kind.html" "$n" && pass "browser ($kind): all $n images render" \
      || { fail "browser ($kind): broken images"; tail -5 "$SCRATCH/chromium.log"; }
    if [ "$kind" = run ]; then # the check itself sees a missing picture
      rm "$SCRATCH/check-run/run_revenue.png"
      browse --dump-dom "file://$SCRATCH/check-run/index.html" >"$SCRATCH/dom-broken.html"
      grep -q "<title>IMAGES $n BROKEN 1</title>" "$SCRATCH/dom-broken.html" \
        && pass "browser: a missing picture is seen as broken" || fail "browser: a missing picture went unseen"
    fi
    case $kind in run) suffix="" ;; ens) suffix=-ensemble ;; *) suffix=-compare ;; esac
    shot="$BUILD_DIR/test-artefacts/report-screenshot$suffix.png"
    rm -f "$shot"
    browse --screenshot="$shot" --window-size=1280,4000 --hide-scrollbars "file://$SCRATCH/rep-$kind/index.html"
    if [ -s "$shot" ] && "$PY" -c "import sys, matplotlib.image as m; assert m.imread(sys.argv[1]).shape[:2] == (4000, 1280)" "$shot"; then
      pass "browser ($kind): screenshot $shot"
    else
      fail "browser ($kind): no screenshot"; tail -5 "$SCRATCH/chromium.log"
    fi
  done
  ;;
*)
  echo "report.sh: unknown mode $mode" >&2; exit 2 ;;
esac
finish
