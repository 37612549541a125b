#!/usr/bin/python3
"""plot_economy.py — the one picture of an AI-economy run: does revenue catch up with the build-out?

    /usr/bin/python3 postprocess/plot_economy.py RUN.nc [-o RUN.png]

Four panels on a calendar time axis: labs' annualised revenue against their remaining compute
commitments (log scale, a cross where a lab defaults); people using each lab and paying;
clouds' AI capacity in service (a cross where a cloud defaults) and data-centre power; investor
sentiment. Prints the path of the PNG. Exit 2 if RUN.nc is not an AI-economy output.
"""
import argparse
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import xarray as xr  # noqa: E402


def names(ds, dim):
    return [n.decode() if isinstance(n, bytes) else str(n) for n in ds[dim + "_name"].values]


def years(ds):
    """Decimal years of the 360_day time axis (units 'days since YYYY-MM-01')."""
    start = ds["time"].attrs.get("units", "days since 2024-01-01").split("since")[1].strip()
    y, m = int(start[:4]), int(start[5:7])
    return y + (m - 1) / 12 + ds["time"].values.astype(float) / 360.0


def mark_defaults(ax, t, flag, values, colour):
    hit = np.flatnonzero(np.diff(np.concatenate([[0], flag])) > 0)
    for i in hit:
        ax.plot(t[i], values[i] if np.isfinite(values[i]) and values[i] > 0 else np.nan, "x", ms=10, mew=2,
                color=colour)


def fell(ds):
    """1 from a lab's default on, whether it was liquidated (lab_default) or restructured and went
    on (lab_restructured, in files from the insolvency change on)."""
    flags = ds["lab_default"].values
    return np.maximum(flags, ds["lab_restructured"].values) if "lab_restructured" in ds else flags


def summarise(ds, t):
    """On stderr: who defaults when, and lab revenue by year — the figures README quotes."""
    for kind in ("lab", "cloud"):
        flags = fell(ds) if kind == "lab" else ds[kind + "_default"].values
        for i, name in enumerate(names(ds, kind)):
            hit = np.flatnonzero(flags[:, i] > 0)
            when = f"defaults in month {t[hit[0]] - 1 / 12:.2f} (decimal year)" if hit.size else "no default"
            if hit.size and kind == "lab" and "lab_restructured" in ds and ds["lab_restructured"].values[-1, i] > 0:
                when += ", restructured"
            print(f"{kind} {name}: {when}", file=sys.stderr)
    rev = ds["lab_revenue"].values
    start = int(np.floor(t[0]))
    for y in range(start, start + (len(t) - 1) // 12):
        months = slice(1 + 12 * (y - start), 13 + 12 * (y - start))
        per_lab = ", ".join(f"{n} {rev[months, i].sum() / 1e9:.1f}" for i, n in enumerate(names(ds, "lab")))
        print(f"revenue {y} [billion USD]: {per_lab}", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("run")
    ap.add_argument("-o", "--output")
    a = ap.parse_args()
    out = a.output or (a.run[:-3] if a.run.endswith(".nc") else a.run) + ".png"
    try:
        ds = xr.open_dataset(a.run, decode_times=False)
        for v in ("lab_revenue", "lab_commitments", "lab_users", "cloud_capacity", "investor_sentiment"):
            ds[v]
    except (OSError, KeyError, ValueError) as e:
        print(f"plot_economy.py: {a.run}: not an aiecon AI-economy output ({e})", file=sys.stderr)
        return 2
    t = years(ds)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    fig, ax = plt.subplots(2, 2, figsize=(13, 8.5), sharex=True)
    rev, com = ax[0, 0], ax[0, 1]
    for i, lab in enumerate(names(ds, "lab")):
        c = colours[i % len(colours)]
        r = 12 * ds["lab_revenue"].values[:, i] / 1e9
        rev.plot(t[1:], r[1:], color=c, label=f"{lab} revenue (annualised)")
        rev.plot(t, ds["lab_commitments"].values[:, i] / 1e9, "--", color=c, label=f"{lab} commitments left")
        mark_defaults(rev, t, fell(ds)[:, i], r, c)
        users = ds["lab_users"].values[:, i] / 1e6
        com.plot(t[1:], users[1:], color=c, label=f"{lab} users")
        com.plot(t[1:], ds["lab_paid_users"].values[1:, i] / 1e6, ":", color=c, label=f"{lab} paying")
    rev.set_yscale("log")
    rev.set_ylim(bottom=0.1)
    rev.set_ylabel("billion USD (revenue per year; commitments in total)")
    rev.set_title("Labs: revenue against remaining compute commitments (× = default)")
    com.set_ylabel("million people")
    com.set_title("People using each lab's assistant (dotted: paying)")
    cap = ax[1, 0]
    for k, cloud in enumerate(names(ds, "cloud")):
        c = colours[k % len(colours)]
        gw = ds["cloud_capacity"].values[:, k] / 1e3
        cap.plot(t, gw, color=c, label=cloud)
        mark_defaults(cap, t, ds["cloud_default"].values[:, k], gw, c)
    cap.plot(t, ds["dc_power"].values.sum(axis=1) / 1e3, "k--", label="all data centres' power")
    cap.set_ylabel("GW")
    cap.set_title("Clouds: AI capacity in service (× = default)")
    sen = ax[1, 1]
    sen.plot(t[1:], ds["investor_sentiment"].values[1:], color="k", label="investor sentiment")
    sen.axhline(1.0, color="grey", lw=0.8)
    sen.set_ylabel("sentiment [1] (1 = neutral)")
    sen.set_title("Investors")
    for axis in ax.flat:
        axis.grid(alpha=0.3)
        axis.legend(fontsize=7, ncol=2)
    for axis in ax[1]:
        axis.set_xlabel("year (360_day calendar)")
    fig.suptitle(f"{ds.attrs.get('title', 'aiecon run')} (seed {ds.attrs.get('seed', '?')})")
    fig.tight_layout()
    try:
        fig.savefig(out, dpi=110)
    except OSError as e:
        print(f"plot_economy.py: cannot write {out}: {e}", file=sys.stderr)
        return 2
    print(out)
    summarise(ds, t)
    return 0


if __name__ == "__main__":
    sys.exit(main())
