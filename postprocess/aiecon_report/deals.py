"""deals — vendor and circular finance in one run's report: the round-trip revenue of each
chipmaker and each cloud, the part of its revenue paid with money it invested in labs (docs/ODD.md
3.3.14; chip_round_trip_revenue(time, chipmaker), cloud_round_trip_revenue(time, cloud)).

One figure of two panels, billion USD a month, one line per chipmaker and per cloud that has any,
beside its revenue's scale in the caption's words; a table of the totals over the run. Left out
(None) when the output has no round-trip variables (older versions) or no deal ever paid anything.
"""
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from . import html, plots  # noqa: E402

UNIT = 1e9
PANELS = (("chip_round_trip_revenue", "chip_revenue", "chipmaker", "Chipmakers"),
          ("cloud_round_trip_revenue", "cloud_revenue", "cloud", "Clouds"))


def available(run):
    return all(v in run.data for v in ("chip_round_trip_revenue", "cloud_round_trip_revenue"))


def figure(run, path, decor=None):
    """Round-trip revenue per chipmaker and per cloud, billion USD/month; returns the totals
    [(kind, name, round trip, revenue)] in billion USD over the run."""
    t = run.years()
    fig, axes = plt.subplots(1, 2, figsize=(13.0, 4.2), squeeze=False)
    cols = plots.colours()
    totals = []
    for ax, (var, revenue, dim, title) in zip(axes[0], PANELS):
        x = np.nan_to_num(run.data[var]) / UNIT
        rev = np.nan_to_num(run.data[revenue]) / UNIT if revenue in run.data else None
        for i, name in enumerate(run.names[dim]):
            total = float(x[:, i].sum())
            if total > 0:
                ax.plot(t, x[:, i], color=cols[i % len(cols)], label=name)
            totals.append((dim, name, total, float(rev[:, i].sum()) if rev is not None else float("nan")))
        ax.set_title(f"{title}: revenue paid with money they invested", fontsize=9)
        ax.set_ylabel("billion USD/month", fontsize=8)
        plots.time_axis(ax, t, decor)
        h, lab = ax.get_legend_handles_labels()
        if h:
            ax.legend(h, lab, fontsize=7)
    plots._save(fig, path, decor)
    return totals


def section(run, folder, decor=None):
    if not available(run) or not any(np.nansum(run.data[var]) > 0 for var, _, _, _ in PANELS):
        return None
    name = "run_round_trip.png"
    totals = figure(run, os.path.join(folder, name), decor)
    table = html.Table("round_trip.csv", "Round-trip revenue over the run [billion USD, nominal]",
                       ("kind", "name", "round trip", "revenue", "share"),
                       tuple((k, n, rt, rev, rt / rev if rev > 0 else 0.0) for k, n, rt, rev in totals))
    return html.Section(
        "Vendor and circular finance",
        "Round-trip revenue: the part of each chipmaker's and cloud's revenue paid with money it invested in "
        "labs (docs/ODD.md 3.3.14). A cloud's is the compute credits it gave for equity, used by the lab to "
        "pay it; a chipmaker's is its equity tranches, traced in proportion through the labs' cash to their "
        "payments to clouds and through the clouds' cash to their payments for its chips. Billion USD a "
        "month, nominal.",
        (html.Image(name, "Round-trip revenue"), table))
