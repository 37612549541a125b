#!/usr/bin/python3
"""Plot the share of households that adopted, per region, from an aiecon output file.

Usage: plot_adoption.py RUN.nc [-o PLOT.png] [--bass-fit P,Q,T0]

Reads households_adopted(time, region) with xarray and draws one line per region (legend from
region_name) against the date as a decimal year. The file's calendar is 360_day, so a date is
year + (30 * (month - 1) + day - 1) / 360; no nc-time-axis needed. With --bass-fit the Bass
closed form F(t) = (1 - exp(-(p+q)(t-T0))) / (1 + (q/p) exp(-(p+q)(t-T0))) is overlaid, with p and
q per year and T0 the decimal year where F = 0. Prints the path of the PNG on stdout.
Exit status: 0; 2 when the file cannot be read or is not an aiecon output.
Debian's python3-xarray, python3-netcdf4 and python3-matplotlib live under /usr/bin/python3.
"""
import argparse
import math
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)
import numpy as np  # noqa: E402
import xarray as xr  # noqa: E402

VARIABLE = "households_adopted"


def fail(message):
    print(f"plot_adoption.py: {message}", file=sys.stderr)
    sys.exit(2)


def decimal_year(t):
    """A date (cftime object or numpy datetime64) as a decimal year."""
    if isinstance(t, np.datetime64):
        t = t.astype("datetime64[s]").item()
        start = type(t)(t.year, 1, 1)
        end = type(t)(t.year + 1, 1, 1)
        return t.year + (t - start).total_seconds() / (end - start).total_seconds()
    seconds = t.hour * 3600 + t.minute * 60 + t.second
    if getattr(t, "calendar", "") == "360_day":
        return t.year + (30 * (t.month - 1) + t.day - 1 + seconds / 86400) / 360
    days = 366 if t.dayofyr > 365 or (t.year % 4 == 0 and t.year % 100 != 0) or t.year % 400 == 0 else 365
    return t.year + (t.dayofyr - 1 + seconds / 86400) / days


def bass(t, p, q, t0):
    if t <= t0:
        return 0.0
    e = math.exp(-(p + q) * (t - t0))
    return (1 - e) / (1 + (q / p) * e)


def parse_bass(text):
    try:
        p, q, t0 = (float(x) for x in text.split(","))
    except ValueError:
        fail(f"--bass-fit wants P,Q,T0 (three numbers), not {text!r}")
    if not (p > 0 and q >= 0 and math.isfinite(t0)):
        fail(f"--bass-fit: need P > 0, Q >= 0 and a finite T0, not {text!r}")
    return p, q, t0


def region_labels(ds, count):
    if "region_name" not in ds:
        return [f"region {i}" for i in range(count)]
    names = ds["region_name"].values
    return [n.decode("utf-8") if isinstance(n, bytes) else str(n) for n in names]


def plot(ds, out, bass_fit):
    adopted = ds[VARIABLE]
    if adopted.dims != ("time", "region"):
        fail(f"{VARIABLE} has dimensions {adopted.dims}, expected (time, region)")
    years = np.array([decimal_year(t) for t in ds["time"].values])
    fig, ax = plt.subplots(figsize=(8, 5))
    for i, label in enumerate(region_labels(ds, adopted.sizes["region"])):
        ax.plot(years, adopted.isel(region=i).values, label=label)
    if bass_fit is not None:
        p, q, t0 = bass_fit
        fine = np.linspace(years.min(), years.max(), 400) if len(years) else np.array([])
        ax.plot(fine, [bass(t, p, q, t0) for t in fine], "k--",
                label=f"Bass fit (p={p:g}/yr, q={q:g}/yr, T0={t0:g})")
    calendar = ds["time"].encoding.get("calendar", "")
    ax.set_xlabel(f"year ({calendar} calendar)" if calendar else "year")
    units = adopted.attrs.get("units", "1")
    ax.set_ylabel(f"{adopted.attrs.get('long_name', VARIABLE)} [{units}]")
    title = ds.attrs.get("title", "aiecon run")
    seed = ds.attrs.get("seed")
    ax.set_title(f"{title} (seed {seed})" if seed is not None else title)
    ax.grid(True, alpha=0.3)
    ax.legend(title="region")
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    plt.close(fig)


def main():
    parser = argparse.ArgumentParser(description="Plot households_adopted per region from an aiecon run.")
    parser.add_argument("run", help="aiecon output file (NetCDF-4)")
    parser.add_argument("-o", "--output", help="PNG to write (default: RUN with .png)")
    parser.add_argument("--bass-fit", metavar="P,Q,T0", help="overlay the Bass closed form")
    args = parser.parse_args()
    bass_fit = parse_bass(args.bass_fit) if args.bass_fit else None
    out = args.output or os.path.splitext(args.run)[0] + ".png"
    try:
        ds = xr.open_dataset(args.run)
    except Exception as e:  # xarray raises many kinds for unreadable files
        fail(f"{args.run}: cannot read: {e}")
    with ds:
        if VARIABLE not in ds or "time" not in ds:
            fail(f"{args.run}: not an aiecon output (no {VARIABLE} variable)")
        try:
            plot(ds, out, bass_fit)
        except OSError as e:
            fail(f"{out}: cannot write the plot: {e}")
    print(out)


if __name__ == "__main__":
    main()
