"""load — open aiecon outputs with the aiecon package and classify the command line's inputs.

A Run holds one output's provenance (global attributes), player names, start date and the few
time series the report needs, read through aiecon.open_run (which names the players and keeps
record 0, the initial state, flagged) and then closed: nothing else of the file, and no
agent-level data, is read. The inputs are classified as
  run        one output file,
  ensemble   a folder of member_<i>.nc, members of one scenario with different seeds,
  sweep      a folder of row_<i>.nc; each row's parameters come from its global attribute
             `sweep_row` or `overrides` (the row's --set assignments, key=value, one a line),
             else from row i of the folder's design.csv (jobs/run-local writes it),
  scenarios  several paths, each an output file or an ensemble folder,
  calibration  a folder aiecon-calibrate wrote (calibration.yaml, forecast.csv): the estimate and the
             forecast validation by date (fit.py).
Every problem with the inputs raises ReportError; the command line prints it and exits 2.
"""
import dataclasses
import os
import re

import numpy as np

import aiecon
from aiecon import files as aifiles

from . import fit

# the variables the report reads (docs/OUTPUT.md, AI-economy run); all are time series
VARIABLES = (
    "households_adopted", "households_users", "businesses_adopted", "dc_power", "grid_dc_power_available",
    "lab_revenue", "lab_commitments", "lab_cash", "lab_default", "lab_users", "lab_paid_users",
    "cloud_capacity", "cloud_default", "cloud_cash",
    "chip_price", "chip_shipments",
    "investor_sentiment", "credit_spread", "accounting_residual",
)
# read when the output has them (older outputs do not): capacity by vintage (time, cloud,
# generation); the open-weight option's users, firms and compute; a lab restructured after a
# default (lab_default stays 0 for it: outcomes.defaults counts it); the stock-flow matrices
# (time, account, instrument) and (time, account, flow); the round-trip revenue of the vendor deals
# and the revenues it is part of
OPTIONAL = ("vintage_capacity", "open_weight_users", "open_weight_firms", "open_weight_compute", "lab_restructured",
            "balance_sheet", "flows", "chip_round_trip_revenue", "cloud_round_trip_revenue", "chip_revenue",
            "cloud_revenue")
DIMENSIONS = ("region", "lab", "cloud", "chipmaker", "generation", "sector", "account", "instrument", "flow")
ATTRIBUTES = ("title", "source", "history", "scenario", "seed", "mpi_ranks", "sweep_row", "sweep_index",
              "scenario_hash", "overrides", "segments")
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
    data: dict      # variable -> ndarray (time,), (time, n) or (time, n, m): record 0 the initial state, record m month m
    units: dict     # variable -> units attribute
    params: dict = None   # a sweep row's parameters {key: value}

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
    kind: str        # "run", "ensemble", "sweep", "scenarios" or "calibration" (no runs: fit.py reads it)
    sources: tuple   # of Source


def _attr(value):
    return value.item() if isinstance(value, np.generic) else value


def _records(ds, var):
    """Values by record, record 0 the initial state (NaN where the file keeps it elsewhere)."""
    v = np.asarray(ds[var].values, dtype=float)
    if "initial" in ds.coords and bool(ds["initial"].values[0]):
        return v
    return np.concatenate([np.full((1,) + v.shape[1:], np.nan), v])


def open_run(path, params=None):
    """Read one output; ReportError if it is not an aiecon AI-economy output."""
    try:
        ds = aiecon.open_run(path, initial=True)
    except aiecon.AiEconError as e:
        raise ReportError(str(e)) from None
    with ds:
        missing = [v for v in VARIABLES if v not in ds]
        if "lab_revenue" not in ds:
            raise ReportError(f"{path}: an aiecon diffusion run, not an AI-economy run: the report needs "
                              "labs, clouds and chipmakers (docs/OUTPUT.md)")
        if missing:
            raise ReportError(f"{path}: aiecon output without {', '.join(missing)} (older version?)")
        return Run(path=path,
                   attrs={k: _attr(ds.attrs[k]) for k in ATTRIBUTES if k in ds.attrs},
                   names={d: tuple(str(n) for n in ds[d].values) if d in ds.coords
                          else tuple(f"{d} {i}" for i in range(ds.sizes.get(d, 0))) for d in DIMENSIONS},
                   start=aiecon.start_month(ds),
                   data={v: _records(ds, v) for v in VARIABLES + OPTIONAL if v in ds},
                   units={v: str(ds[v].attrs.get("units", "")) for v in VARIABLES + OPTIONAL if v in ds},
                   params=params)


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
    design = aifiles.find_design(folder)
    try:
        design_rows = aifiles.read_design(design)[1] if design else None
    except (OSError, aiecon.AiEconError) as e:
        raise ReportError(f"{design}: {e}") from None
    runs = []
    for number, path in aifiles.numbered(folder, ROW):
        run = open_run(path)
        params = aifiles.row_assignments(run.attrs, number, design_rows)
        if params is None:
            raise ReportError(f"{path}: a sweep row without its parameters: no global attribute sweep_row "
                              f"or overrides (the row's key=value assignments, one a line) and no row "
                              f"{number} in a design.csv beside it")
        runs.append(dataclasses.replace(run, params=params, attrs={**run.attrs, "sweep_index": number}))
    runs = tuple(runs)
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
        if fit.is_calibration(path):
            try:
                fit.read(path)
            except (ValueError, KeyError, TypeError) as e:
                raise ReportError(str(e))
            return Inputs("calibration", (Source(os.path.basename(os.path.normpath(path)), path, ()),))
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
