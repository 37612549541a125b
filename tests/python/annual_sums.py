"""annual_sums.py OUTPUT_MD RUN.nc [RUN.nc ...] — the time axis is one an economist can sum.

For each file (an aiecon output of a run from step 0), with Debian's xarray alone (no aiecon
package, no set_index):
  * every variable's kind comes from docs/OUTPUT.md's tables (the "Kind" column: flow, stock, rate,
    next, cumulative, flag), not from the code under test, and its `cell_methods` must say the same
    ("time: sum" for a flow, "time: mean" for a rate, "time: point" for the others); a variable
    of the file missing from the document fails;
  * for every flow, `ds[v].groupby("time.year").sum()` must equal the calendar-year totals computed
    here from the raw records and their step numbers alone (record m >= 1 is month m counted from
    run.start; record 0 is the initial state), and the years must be exactly the calendar years
    the run covers (no year after its last month: a run ending in December 2035 has no 2036);
  * record 0 is flagged (initial_state = 1 there, 0 elsewhere) with bounds [0, 0], every flow is 0
    on it, and time_bnds of record m is [30 (m - 1), 30 m] days;
  * `.sel(<dim>="<first name>")` works for every named dimension and gives the first entry.
Prints one line per failure and exits 1 if any.
"""
import re
import sys

import netCDF4
import numpy as np
import xarray as xr

KINDS = {"flow": "time: sum", "rate": "time: mean", "stock": "time: point", "next": "time: point",
         "cumulative": "time: point", "flag": "time: point"}
NAMED = ("region", "lab", "cloud", "chipmaker")

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)


def documented_kinds(path):
    """{variable: kind} from the tables of docs/OUTPUT.md (rows `| \\`name\\` | ... | kind | ...`)."""
    kinds = {}
    for line in open(path, encoding="utf-8"):
        m = re.match(r"\|\s*`([a-z_0-9]+)`\s*\|(.*)", line)
        if not m:
            continue
        cells = [c.strip() for c in m.group(2).split("|")]
        found = [c for c in cells if c in KINDS]
        if found:
            kinds.setdefault(m.group(1), found[0])
    return kinds


def check(path, kinds):
    raw = netCDF4.Dataset(path)
    raw.set_auto_mask(False)
    start = re.match(r"days since (\d+)-(\d+)", raw["time"].units)
    y0, m0 = int(start.group(1)), int(start.group(2))
    records = raw.dimensions["time"].size
    # calendar year of record m >= 1 from its step number alone
    year_of = np.array([0] + [y0 + (m0 - 1 + m - 1) // 12 for m in range(1, records)])
    want_years = sorted(set(year_of[1:].tolist()))
    flag = np.asarray(raw["initial_state"][:])
    if flag.tolist() != [1] + [0] * (records - 1):
        fail(f"{path}: initial_state is {flag.tolist()[:4]}..., expected 1 on record 0 only")
    bounds = np.asarray(raw["time_bnds"][:])
    want_bounds = np.array([[0.0, 0.0]] + [[30.0 * (m - 1), 30.0 * m] for m in range(1, records)])
    if not np.array_equal(bounds, want_bounds):
        fail(f"{path}: time_bnds differ from [30 (m - 1), 30 m] (record 0: [0, 0])")
    if raw["time"].bounds != "time_bnds":
        fail(f"{path}: time has no bounds attribute time_bnds")
    ds = xr.open_dataset(path)
    for dim in NAMED:
        if dim not in ds.dims:
            continue
        name = raw[dim + "_name"][:][0]   # netCDF4 joins the chars (the variable has _Encoding)
        first = name.decode() if isinstance(name, bytes) else str(name)
        try:
            got = ds.sel({dim: first})[dim].item()
            if got != first:
                fail(f"{path}: .sel({dim}={first!r}) gave {got!r}")
        except Exception as e:  # noqa: BLE001 - any failure of the idiom is the finding
            fail(f"{path}: .sel({dim}={first!r}) fails: {type(e).__name__}: {e}")
    data = [v for v in raw.variables if raw[v].dimensions[:1] == ("time",)
            and v not in ("time", "time_bnds", "initial_state")]
    flows = 0
    for v in data:
        kind = kinds.get(v)
        if kind is None:
            fail(f"{path}: {v} is not in docs/OUTPUT.md's tables (no kind)")
            continue
        cm = getattr(raw[v], "cell_methods", None)
        if cm != KINDS[kind]:
            fail(f"{path}: {v} is a {kind} in docs/OUTPUT.md but has cell_methods {cm!r}")
        if kind != "flow":
            continue
        flows += 1
        values = np.asarray(raw[v][:], dtype=float)
        if np.any(values[0] != 0):
            fail(f"{path}: flow {v} is not 0 on record 0 (the initial state): {values[0]}")
        want = np.array([values[1:][year_of[1:] == y].sum(axis=0) for y in want_years])
        got = ds[v].groupby("time.year").sum()
        years = got["year"].values.tolist()
        if years != want_years:
            fail(f"{path}: {v}: groupby('time.year') gives years {years}, the run covers {want_years}")
            continue
        g = got.transpose("year", ...).values
        if not np.allclose(g, want, rtol=1e-12, atol=0.0):
            worst = np.max(np.abs(g - want) / np.maximum(np.abs(want), 1e-300))
            fail(f"{path}: {v}: groupby('time.year').sum() differs from the calendar-year totals "
                 f"(worst relative difference {worst:.3g})")
    if flows == 0:
        fail(f"{path}: no flow checked")
    print(f"ok: {path}: {flows} flows summed by calendar year over {want_years[0]}-{want_years[-1]}, "
          f"{len(data)} variables' cell_methods as documented")


def main():
    kinds = documented_kinds(sys.argv[1])
    if "lab_revenue" not in kinds or kinds["lab_revenue"] != "flow":
        fail(f"{sys.argv[1]}: the tables do not say lab_revenue is a flow (parse failed?)")
    for path in sys.argv[2:]:
        check(path, kinds)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
