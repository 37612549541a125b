"""load — open aiecon outputs lazily and classify the command line's inputs.

A Run holds one output's provenance (global attributes), player names, start date and the few
time series the report needs (read from a lazily opened xarray dataset, which is then closed:
nothing else of the file, and no agent-level data, is read). The inputs are classified as
  run        one output file,
  ensemble   a folder of member_<i>.nc, members of one scenario with different seeds,
  sweep      a folder of row_<i>.nc whose global attributes `sweep_row` (the row's --set
             assignments, key=value, one a line) and `sweep_index` record the design,
  scenarios  several paths, each an output file or an ensemble folder.
Every problem with the inputs raises ReportError; the command line prints it and exits 2.
"""
import dataclasses
import os
import re

import numpy as np
import xarray as xr

# the variables the report reads (docs/OUTPUT.md, AI-economy run); all are time series
VARIABLES = (
    "households_adopted", "households_users", "businesses_adopted", "dc_power", "grid_dc_power_available",
    "lab_revenue", "lab_commitments", "lab_cash", "lab_default", "lab_users", "lab_paid_users",
    "cloud_capacity", "cloud_default", "cloud_cash",
    "chip_price", "chip_shipments",
    "investor_sentiment", "credit_spread", "accounting_residual",
)
DIMENSIONS = ("region", "lab", "cloud", "chipmaker")
ATTRIBUTES = ("title", "source", "history", "scenario", "seed", "mpi_ranks", "sweep_row", "sweep_index")
MEMBER = re.compile(r"^member_(\d+)\.nc$")
ROW = re.compile(r"^row_(\d+)\.nc$")


class ReportError(Exception):
    """A bad input (not an aiecon output, a mixed ensemble, ...): exit status 2."""


@dataclasses.dataclass(frozen=True)
class Run:
    """One aiecon AI-economy output, reduced to what the report needs."""
    path: str
    attrs: dict
    names: dict     # dimension -> tuple of names, in scenario order
    start: tuple    # (year, month) of the first simulated month
    data: dict      # variable -> ndarray (time,) or (time, n)
    units: dict     # variable -> units attribute

    @property
    def records(self):
        return self.data["lab_revenue"].shape[0]

    def years(self):
        """Decimal year of each record: record m is the end of month m (record 0: the start)."""
        return self.start[0] + (self.start[1] - 1) / 12 + np.arange(self.records) / 12.0

    @property
    def title(self):
        return str(self.attrs.get("title", os.path.basename(self.path)))


@dataclasses.dataclass(frozen=True)
class Source:
    """What one picture line (or fan) comes from: one run, or the members of an ensemble."""
    label: str
    path: str
    runs: tuple

    @property
    def is_ensemble(self):
        return len(self.runs) > 1 or os.path.isdir(self.path)


@dataclasses.dataclass(frozen=True)
class Inputs:
    kind: str        # "run", "ensemble", "sweep" or "scenarios"
    sources: tuple   # of Source


def _text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _names(ds, dim):
    if dim + "_name" not in ds:
        return tuple(f"{dim} {i}" for i in range(ds.sizes.get(dim, 0)))
    return tuple(_text(n).rstrip("\x00") for n in ds[dim + "_name"].values)


def _start(ds, path):
    units = ds["time"].attrs.get("units", "") if "time" in ds else ""
    m = re.match(r"\s*days since (\d{4})-(\d{2})", units)
    if not m:
        raise ReportError(f"{path}: time has units {units!r}, expected 'days since YYYY-MM-01 ...'")
    return int(m.group(1)), int(m.group(2))


def _attr(value):
    return value.item() if isinstance(value, np.generic) else value


def open_run(path):
    """Read one output lazily; ReportError if it is not an aiecon AI-economy output."""
    if not os.path.isfile(path):
        raise ReportError(f"{path}: no such file")
    try:
        ds = xr.open_dataset(path, decode_times=False, mask_and_scale=True)
    except Exception as e:  # netCDF4/HDF5/xarray raise several kinds for a file that is not NetCDF
        raise ReportError(f"{path}: not a NetCDF file ({type(e).__name__}: {e})") from None
    with ds:
        if not str(ds.attrs.get("source", "")).startswith("aiecon"):
            raise ReportError(f"{path}: not an aiecon output (no global attribute source = 'aiecon VERSION ...')")
        missing = [v for v in VARIABLES if v not in ds]
        if "lab_revenue" not in ds:
            raise ReportError(f"{path}: an aiecon diffusion run, not an AI-economy run: the report needs "
                              "labs, clouds and chipmakers (docs/OUTPUT.md)")
        if missing:
            raise ReportError(f"{path}: aiecon output without {', '.join(missing)} (older version?)")
        return Run(path=path,
                   attrs={k: _attr(ds.attrs[k]) for k in ATTRIBUTES if k in ds.attrs},
                   names={d: _names(ds, d) for d in DIMENSIONS},
                   start=_start(ds, path),
                   data={v: np.asarray(ds[v].values, dtype=float) for v in VARIABLES},
                   units={v: str(ds[v].attrs.get("units", "")) for v in VARIABLES})


def scenario_key(run):
    """The scenario without its seed (members of an ensemble differ only there), else the title."""
    text = run.attrs.get("scenario")
    if text is None:
        return ("title", run.title)
    return ("scenario", re.sub(r"(?m)^[ \t]*seed:.*(\n|$)", "", str(text)))


def _numbered(folder, pattern):
    found = []
    for name in os.listdir(folder):
        m = pattern.match(name)
        if m:
            found.append((int(m.group(1)), os.path.join(folder, name)))
    return [p for _, p in sorted(found)]


def _check_one_scenario(folder, runs):
    first = runs[0]
    for run in runs[1:]:
        if scenario_key(run) != scenario_key(first):
            raise ReportError(
                f"{folder}: an ensemble folder must hold members of one scenario, but "
                f"{os.path.basename(run.path)} ({run.title!r}) is not the scenario of "
                f"{os.path.basename(first.path)} ({first.title!r}) (scenario attribute compared without its seed)")
    if len(runs) > 1 and len({r.records for r in runs}) > 1:
        raise ReportError(f"{folder}: members have different numbers of records")


def _ensemble(folder):
    paths = _numbered(folder, MEMBER)
    if not paths:
        raise ReportError(f"{folder}: no member_<i>.nc in the folder (an ensemble folder holds "
                          "member_<i>.nc, a sweep folder row_<i>.nc)")
    runs = tuple(open_run(p) for p in paths)
    _check_one_scenario(folder, runs)
    return runs


def _sweep(folder):
    runs = tuple(open_run(p) for p in _numbered(folder, ROW))
    for run in runs:
        if "sweep_row" not in run.attrs:
            raise ReportError(f"{run.path}: a sweep row without the global attribute sweep_row "
                              "(the row's key=value assignments, one a line)")
    if len({r.records for r in runs}) > 1:
        raise ReportError(f"{folder}: sweep rows have different numbers of records")
    return runs


def _folder_kind(folder):
    has_members, has_rows = bool(_numbered(folder, MEMBER)), bool(_numbered(folder, ROW))
    if has_members and has_rows:
        raise ReportError(f"{folder}: holds both member_<i>.nc and row_<i>.nc; give one kind per folder")
    if not (has_members or has_rows):
        raise ReportError(f"{folder}: not an aiecon output folder (no member_<i>.nc or row_<i>.nc)")
    return "ensemble" if has_members else "sweep"


def _labels(runs_per_path, paths):
    titles = [runs[0].title for runs in runs_per_path]
    if len(set(titles)) == len(titles):
        return titles
    return [os.path.basename(os.path.normpath(p)) for p in paths]


def classify(paths):
    """Inputs from the command line's paths; ReportError when they are not aiecon outputs."""
    for p in paths:
        if not os.path.exists(p):
            raise ReportError(f"{p}: no such file or folder")
    if len(paths) == 1:
        path = paths[0]
        if os.path.isfile(path):
            run = open_run(path)
            return Inputs("run", (Source(run.title, path, (run,)),))
        kind = _folder_kind(path)
        runs = _ensemble(path) if kind == "ensemble" else _sweep(path)
        return Inputs(kind, (Source(runs[0].title, path, runs),))
    runs_per_path = []
    for p in paths:
        if os.path.isdir(p):
            if _folder_kind(p) != "ensemble":
                raise ReportError(f"{p}: a sweep folder cannot be compared with other scenarios; report it alone")
            runs_per_path.append(_ensemble(p))
        else:
            runs_per_path.append((open_run(p),))
    labels = _labels(runs_per_path, paths)
    return Inputs("scenarios", tuple(Source(lab, p, runs) for lab, p, runs in zip(labels, paths, runs_per_path)))
