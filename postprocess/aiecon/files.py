"""files — open aiecon outputs as xarray datasets an economist can index, sum and plot directly.

open_run() turns one output file into a Dataset with
  * string coordinates `region`, `lab`, `cloud`, `chipmaker` (aiecon's own since output layout 2,
    its `<dim>_name` copies dropped; made from `<dim>_name` for older files), so that
    `ds.sel(lab="frontier_a")` works;
  * a time axis stamped at the period each record covers: record m >= 1 (month m) is labelled
    with the middle of month m (day 16 of the 360-day calendar) and has `time_bnds` = [first day
    of month m, first day of month m + 1]. aiecon writes its files so (output layout 2); files
    of layout 1 label record m with the first day of month m + 1, so `groupby("time.year").sum()`
    of a flow would shift every December into the next year, and are restamped here; files that
    carry `time_bnds` themselves are taken as they are;
  * record 0, the initial state (aiecon's `initial_state` = 1), left out (initial=False, the
    default) or kept with the boolean coordinate `initial` true on it (initial=True), so that sums
    over time never mix the state before the first month with monthly flows;
  * a coordinate `year` (decimal year of each label) for plotting without nc-time-axis:
    `da.plot(x="year")`.
open_ensemble() stacks a folder of member_<i>.nc along `member` (coordinates member and seed);
open_sweep() stacks row_<i>.nc along `row` with each design parameter as a coordinate, read from the
row's `sweep_row` or `overrides` attribute, else from the folder's design.csv.
Datasets are opened lazily (nothing is read until used); call .load() to keep one after its file
changes. Every problem with an input raises AiEconError (a ValueError) naming the file.
"""
import csv
import os
import re

import cftime
import numpy as np
import xarray as xr

NAMED_DIMS = ("region", "lab", "cloud", "chipmaker", "generation", "sector", "account", "instrument", "flow")
MEMBER = re.compile(r"^member_(\d+)\.nc$")
ROW = re.compile(r"^row_(\d+)\.nc$")
# global attributes that record a run's --set assignments (key=value lines): sweep_row from
# jobs/sweep.sbatch and jobs/run-local, overrides from aiecon.run() and from aiecon itself
ASSIGNMENT_ATTRS = ("sweep_row", "overrides")
DESIGN_NAMES = ("design.csv", "DESIGN.csv")


class AiEconError(ValueError):
    """An input that is not what the function needs (not an aiecon output, a mixed ensemble, ...)."""


def _text(value):
    if isinstance(value, bytes):
        value = value.decode("utf-8")
    if isinstance(value, np.ndarray):   # an undecoded char array
        value = b"".join(value.tolist()).decode("utf-8")
    return str(value).rstrip("\x00")


def _month_add(year, month, k):
    n = year * 12 + month - 1 + k
    return n // 12, n % 12 + 1


def _raw_start(ds, path):
    """(year, month) of the first simulated month from today's 'days since YYYY-MM-01' units."""
    units = ds["time"].encoding.get("units") or ds["time"].attrs.get("units", "")
    m = re.match(r"\s*days since (\d{1,4})-(\d{1,2})", str(units))
    if not m:
        raise AiEconError(f"{path}: time has units {units!r}, expected 'days since YYYY-MM-01 ...'")
    return int(m.group(1)), int(m.group(2))


def _restamp(ds, path, initial):
    """Today's files: record m (end of month m) relabelled to month m, with bounds; record 0 flagged."""
    year, month = _raw_start(ds, path)
    days = np.asarray(ds["time"].values if not np.issubdtype(ds["time"].dtype, np.object_)
                      else [(t.year - year) * 360 + (t.month - month) * 30 + t.day - 1 for t in ds["time"].values],
                      dtype=float)
    records = np.rint(days / 30.0).astype(int)   # record m at 30 m days (m = months since the start)
    labels, bounds = [], []
    for m in records:
        if m == 0:
            t = cftime.Datetime360Day(year, month, 1, has_year_zero=True)
            labels.append(t)
            bounds.append((t, t))
        else:
            y, mo = _month_add(year, month, int(m) - 1)
            y1, mo1 = _month_add(year, month, int(m))
            labels.append(cftime.Datetime360Day(y, mo, 16, has_year_zero=True))
            bounds.append((cftime.Datetime360Day(y, mo, 1, has_year_zero=True),
                           cftime.Datetime360Day(y1, mo1, 1, has_year_zero=True)))
    attrs = dict(ds["time"].attrs)
    attrs["long_name"] = "month the record covers (middle of the month; bounds in time_bnds)"
    attrs["bounds"] = "time_bnds"
    ds = ds.assign_coords(time=xr.Variable("time", np.array(labels, dtype=object), attrs),
                          time_bnds=(("time", "nv"), np.array(bounds, dtype=object)),
                          initial=("time", records == 0))
    ds["initial"].attrs["long_name"] = "true for record 0, the state before the first month"
    if not initial:
        ds = ds.isel(time=~ds["initial"].values).drop_vars("initial")
    return ds


def _flag_initial(ds, initial):
    """Files that stamp their records themselves: aiecon's `initial_state` flag (1 on record 0, the
    state before the first month) becomes the boolean coordinate `initial`, and the record is left
    out unless `initial`."""
    if "initial_state" not in ds.variables:
        return ds
    flag = np.asarray(ds["initial_state"].values) == 1
    ds = ds.drop_vars("initial_state").assign_coords(initial=("time", flag))
    ds["initial"].attrs["long_name"] = "true for record 0, the state before the first month"
    if not initial:
        ds = ds.isel(time=~flag).drop_vars("initial")
    return ds


def decimal_years(times):
    """Decimal years of cftime 360-day dates: year + (30 (month - 1) + day - 1) / 360."""
    return np.array([t.year + (30 * (t.month - 1) + t.day - 1) / 360.0 for t in np.ravel(times)])


def _name_coords(ds):
    for dim in NAMED_DIMS:
        var = dim + "_name"
        if dim in ds.coords and var in ds.variables:   # aiecon's own string coordinate: the copy goes
            ds = ds.drop_vars(var)
            continue
        if dim in ds.coords or var not in ds.variables:
            continue
        names = [_text(v) for v in np.asarray(ds[var].values).reshape(ds.sizes[dim], -1)[:, 0]] \
            if ds[var].dtype.kind == "S" and ds[var].ndim == 2 else [_text(v) for v in ds[var].values]
        ds = ds.drop_vars(var).assign_coords({dim: np.array(names, dtype=object)})
        ds[dim].attrs["long_name"] = f"name of each {dim}"
    return ds


def open_run(path, *, initial=False):
    """One aiecon output as an xarray.Dataset (lazily read; see the module's comment).

    initial: keep record 0 (the state as created, before the first month) on the time axis,
    flagged by the coordinate `initial`; by default it is left out. Raises AiEconError when path
    is not an aiecon output.
    """
    if not os.path.isfile(path):
        raise AiEconError(f"{path}: no such file")
    try:
        ds = xr.open_dataset(path, use_cftime=True)
    except Exception as e:   # netCDF4, HDF5 and xarray raise several kinds for a file that is not NetCDF
        raise AiEconError(f"{path}: not a NetCDF file ({type(e).__name__}: {e})") from None
    if not str(ds.attrs.get("source", "")).startswith("aiecon"):
        ds.close()
        raise AiEconError(f"{path}: not an aiecon output (no global attribute source = 'aiecon VERSION ...')")
    if "time" not in ds.variables:
        ds.close()
        raise AiEconError(f"{path}: an aiecon output without a time variable")
    ds = _name_coords(ds)
    if "time_bnds" not in ds.variables and "bounds" not in ds["time"].attrs:
        ds = _restamp(ds, path, initial)
    else:
        if "time_bnds" in ds.data_vars:
            ds = ds.set_coords("time_bnds")
        ds = _flag_initial(ds, initial)
    ds = ds.assign_coords(year=("time", decimal_years(ds["time"].values)))
    ds["year"].attrs.update(long_name="decimal year of the time label (for plotting)", units="year")
    ds.encoding["source"] = path
    return ds


def start_month(ds):
    """(year, month) of the first simulated month of a dataset from open_run()."""
    months = ds["time"].values
    if "initial" in ds.coords:
        months = months[~ds["initial"].values]
    t = months[0]
    return t.year, t.month


def parse_assignments(text):
    """{key: value} of `key=value` lines (a sweep_row or overrides attribute); numbers as floats."""
    out = {}
    for line in str(text or "").splitlines():
        if line.strip() and "=" in line:
            key, _, value = line.strip().partition("=")
            out[key.strip()] = _number(value.strip())
    return out


def _number(text):
    try:
        return float(text)
    except ValueError:
        return text


def scenario_without_seed(ds):
    """The resolved scenario text without its seed line (members of an ensemble differ only there)."""
    return re.sub(r"(?m)^[ \t]*seed:.*(\n|$)", "", str(ds.attrs.get("scenario", ds.attrs.get("title", ""))))


def numbered(folder, pattern):
    """[(number, path)] of the files in folder whose names match pattern, by number."""
    found = []
    for name in os.listdir(folder):
        m = pattern.match(name)
        if m:
            found.append((int(m.group(1)), os.path.join(folder, name)))
    return sorted(found)


def read_design(path):
    """(keys, rows) of a design CSV as jobs/make-design writes it (blank and # lines skipped)."""
    with open(path, newline="", encoding="utf-8") as f:
        lines = [r for r in csv.reader(f) if r and any(c.strip() for c in r) and not r[0].lstrip().startswith("#")]
    if not lines:
        raise AiEconError(f"{path}: empty design")
    keys = [k.strip() for k in lines[0]]
    rows = []
    for i, r in enumerate(lines[1:]):
        if len(r) != len(keys):
            raise AiEconError(f"{path}: row {i} has {len(r)} values for {len(keys)} keys")
        rows.append({k: _number(v.strip()) for k, v in zip(keys, r)})
    return keys, rows


def _stack(datasets, dim, index, folder):
    lengths = {d.sizes["time"] for d in datasets}
    if len(lengths) > 1:
        raise AiEconError(f"{folder}: the files have different numbers of records ({sorted(lengths)})")
    out = xr.concat(datasets, dim=dim, data_vars="all", coords="minimal", compat="override",
                    combine_attrs="drop_conflicts")
    return out.assign_coords({dim: np.asarray(index)})


def open_ensemble(folder, *, initial=False):
    """The members of an ensemble folder (member_<i>.nc: one scenario, different seeds) as one
    Dataset with dimension `member`; coordinates `member` (the file's number) and `seed`."""
    found = numbered(folder, MEMBER) if os.path.isdir(folder) else []
    if not found:
        raise AiEconError(f"{folder}: no member_<i>.nc in the folder (an ensemble folder holds member_<i>.nc)")
    runs = [open_run(p, initial=initial) for _, p in found]
    first = scenario_without_seed(runs[0])
    for (_, p), r in zip(found, runs):
        if scenario_without_seed(r) != first:
            raise AiEconError(f"{folder}: an ensemble folder must hold members of one scenario, but "
                              f"{os.path.basename(p)} ({r.attrs.get('title')!r}) is not the scenario of "
                              f"{os.path.basename(found[0][1])} (scenario attribute compared without its seed)")
    seeds = [int(r.attrs.get("seed", -1)) for r in runs]
    ds = _stack(runs, "member", [n for n, _ in found], folder)
    ds = ds.assign_coords(seed=("member", np.array(seeds, dtype=np.int64)),
                          file=("member", np.array([os.path.basename(p) for _, p in found], dtype=object)))
    ds.attrs.pop("overrides", None)
    return ds


def row_assignments(attrs, number, design_rows):
    """{key: value} of sweep row `number` from its global attributes: sweep_row or overrides, else
    the design's row `number` (design_rows from read_design); None when neither says."""
    for attr in ASSIGNMENT_ATTRS:
        if str(attrs.get(attr, "")).strip():
            return parse_assignments(attrs[attr])
    if design_rows is not None and 0 <= number < len(design_rows):
        return dict(design_rows[number])
    return None


def find_design(folder):
    for name in DESIGN_NAMES:
        p = os.path.join(folder, name)
        if os.path.isfile(p):
            return p
    return None


def open_sweep(folder, *, design=None, initial=False):
    """The rows of a sweep folder (row_<i>.nc) as one Dataset with dimension `row` (coordinate: the
    row's number) and each design parameter as a coordinate along `row` (float where every value is
    a number, else text). A row's parameters come from its sweep_row or overrides attribute, else
    from row i of `design` (default: design.csv in the folder, which jobs/run-local writes)."""
    found = numbered(folder, ROW) if os.path.isdir(folder) else []
    if not found:
        raise AiEconError(f"{folder}: no row_<i>.nc in the folder (a sweep folder holds row_<i>.nc)")
    design = design or find_design(folder)
    design_rows = read_design(design)[1] if design else None
    runs = [open_run(p, initial=initial) for _, p in found]
    params, values = [], []
    for (n, p), r in zip(found, runs):
        v = row_assignments(r.attrs, n, design_rows)
        if v is None:
            raise AiEconError(f"{p}: a sweep row without its parameters: no global attribute sweep_row or "
                              f"overrides (key=value lines) and no design.csv row {n} in the folder")
        values.append(v)
        params += [k for k in v if k not in params]
    ds = _stack(runs, "row", [n for n, _ in found], folder)
    for k in params:
        col = [v.get(k) for v in values]
        numeric = all(isinstance(x, float) for x in col)
        ds = ds.assign_coords({k: ("row", np.array(col, dtype=float if numeric else object))})
    ds.attrs["sweep_parameters"] = "\n".join(params)
    ds.attrs.pop("overrides", None)
    ds.attrs.pop("sweep_row", None)
    return ds
