"""plots — every picture of the report, drawn with matplotlib (Agg) into PNG files.

run_figure: one run, the panels of a series.Figure with one line per lab/cloud/region and × at
defaults. panel_multiples: one panel as small multiples (a subplot per lab/cloud/...), each
source drawn as a median line with 50 % and 90 % bands (an ensemble) or a line (one run): fan
charts of an ensemble, several scenarios on the same axes. default_curves, first_default_hist and
sweep_scatter draw the ensemble's and the sweep's own pictures. Time axes show dates (a run's
record m is the end of month m); every axis has its unit. Each function writes one PNG and closes
its figure.
"""
import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)
import numpy as np  # noqa: E402
from matplotlib.ticker import FuncFormatter, MultipleLocator  # noqa: E402

from . import series as S  # noqa: E402

DPI = 90
TIME_LABEL = "date (end of month)"


def colours():
    return plt.rcParams["axes.prop_cycle"].by_key()["color"]


def _date(x, _pos=None):
    year = math.floor(x + 1e-6)
    month = int(round((x - year) * 12)) + 1
    return str(year) if month == 1 else f"{year}-{month:02d}"


def time_axis(ax, t):
    """Dates on the x axis: years, or half-years for runs of up to four years."""
    span = t[-1] - t[0]
    ax.xaxis.set_major_locator(MultipleLocator(1.0 if span > 4 else 0.5))
    ax.xaxis.set_minor_locator(MultipleLocator(0.25 if span > 4 else 1 / 12))
    ax.xaxis.set_major_formatter(FuncFormatter(_date))
    ax.set_xlim(t[0], t[-1])
    ax.set_xlabel(TIME_LABEL)


def _finish(ax, panel, legend=True):
    ax.set_ylabel(panel.ylabel)
    ax.grid(alpha=0.3)
    if panel.log:
        ax.set_yscale("log")
    if panel.hline is not None:
        ax.axhline(panel.hline, color="grey", lw=0.8)
    if legend and ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=7, ncol=2)


def _save(fig, path):
    fig.tight_layout()
    fig.savefig(path, dpi=DPI)
    plt.close(fig)


def _mark_default(ax, t, v, record, colour):
    if record is not None:
        y = v[record] if np.isfinite(v[record]) else np.nanmax(np.where(np.isfinite(v), v, np.nan))
        ax.plot(t[record], y, "x", ms=10, mew=2, color=colour)


def _run_panel(ax, run, panel):
    t = run.years()
    cols = colours()
    for i, (name, by_series) in enumerate(S.extract(run, panel).items()):
        c = cols[i % len(cols)] if name is not None else "k"
        for s in panel.series:
            label = s.label if name is None else (name if s is panel.series[0] else None)
            ax.plot(t, by_series[s.label], s.style, color=c, label=label)
        if panel.default_flag:
            _mark_default(ax, t, by_series[panel.series[0].label], S.default_record(run, panel.default_flag, i), c)
    ax.set_title(panel.title, fontsize=10)
    time_axis(ax, t)
    _finish(ax, panel)


def run_figure(run, figure, path):
    """One run: the figure's panels side by side."""
    n = len(figure.panels)
    fig, axes = plt.subplots(1, n, figsize=(6.5 * n, 4.2), squeeze=False)
    for ax, panel in zip(axes[0], figure.panels):
        _run_panel(ax, run, panel)
    _save(fig, path)


def _grid(n):
    cols = min(n, 3)
    rows = math.ceil(n / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4.6 * cols, 3.3 * rows), squeeze=False, sharey=False)
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    return fig, list(axes.flat[:n])


def _draw_band(ax, t, q, colour, style, label):
    if q.ndim == 1:
        ax.plot(t, q, style, color=colour, label=label)
        return
    ax.fill_between(t, q[0], q[4], color=colour, alpha=0.15, lw=0)
    ax.fill_between(t, q[1], q[3], color=colour, alpha=0.3, lw=0)
    ax.plot(t, q[2], style, color=colour, label=label)


def panel_multiples(panel, sources, path):
    """One panel as small multiples; sources: [(label, t, {entity: {series label: values}}, markers)].

    values: (time,) for one run, (5, time) quantiles for an ensemble (median, 50 % and 90 % bands).
    markers: {entity: record of default} for one run, else {}. With one source the colour tells
    the series apart; with several, the colour is the source and the line style the series.
    """
    names = list(sources[0][2].keys())
    fig, axes = _grid(len(names))
    cols = colours()
    for ax, name in zip(axes, names):
        for k, (label, t, data, markers) in enumerate(sources):
            if name not in data:
                continue
            for j, s in enumerate(panel.series):
                c = cols[(j if len(sources) == 1 else k) % len(cols)]
                text = s.label if len(sources) == 1 else (label if j == 0 else None)
                _draw_band(ax, t, data[name][s.label], c, s.style, text)
            if markers.get(name) is not None:
                q = data[name][panel.series[0].label]
                _mark_default(ax, t, q if q.ndim == 1 else q[2], markers[name], cols[0 if len(sources) == 1 else k])
        ax.set_title(panel.title if name is None else f"{name}", fontsize=10)
        time_axis(ax, sources[0][1])
        _finish(ax, panel, legend=(ax is axes[0]))
        ax.yaxis.label.set_fontsize(8)
    if names != [None]:
        fig.suptitle(panel.title, fontsize=11)
    _save(fig, path)


def default_curves(t, shares, path):
    """Share of members in default at each date, one line per lab and cloud."""
    fig, ax = plt.subplots(figsize=(9, 4.2))
    cols = colours()
    for i, (name, share) in enumerate(shares.items()):
        ax.plot(t, 100 * share, "-" if name.startswith("lab") else "--", color=cols[i % len(cols)], label=name)
    ax.set_ylim(-2, 102)
    ax.set_ylabel("% of members in default")
    ax.set_title("Probability that each lab (solid) or cloud (dashed) has defaulted, by date", fontsize=10)
    time_axis(ax, t)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, ncol=3)
    _save(fig, path)


def first_default_hist(t, years, members, path):
    """Histogram of the first default's date over members (a bar per quarter)."""
    fig, ax = plt.subplots(figsize=(9, 3.6))
    edges = np.arange(math.floor(t[0]), math.ceil(t[-1]) + 0.25, 0.25)
    if years:
        counts, _ = np.histogram(years, bins=edges)
        ax.bar(edges[:-1], 100 * counts / members, width=0.25, align="edge", color=colours()[3], edgecolor="k")
    none = members - len(years)
    ax.set_title(f"Date of the first default of a lab or cloud ({none} of {members} members: none)", fontsize=10)
    ax.set_ylabel("% of members per quarter")
    time_axis(ax, t)
    ax.grid(alpha=0.3)
    _save(fig, path)


def _xlim(ax, pos):
    lo, hi = min(pos), max(pos)
    pad = 0.1 * (hi - lo) if hi > lo else 0.5
    ax.set_xlim(lo - pad, hi + pad)


def sweep_scatter(params, names, xs, ys, units, path):
    """Each key outcome against each swept parameter, one point per sweep row (a subplot per pair)."""
    pairs = [(p, n) for p in params for n in names]
    cols = min(len(pairs), 3)
    rows = math.ceil(len(pairs) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4.4 * cols, 3.0 * rows), squeeze=False)
    for ax in axes.flat[len(pairs):]:
        ax.set_visible(False)
    for ax, (p, name) in zip(axes.flat, pairs):
        x = xs[p]
        numeric = all(isinstance(v, float) for v in x)
        cats = sorted(set(map(str, x)))
        pos = x if numeric else [cats.index(str(v)) for v in x]
        ax.plot(pos, ys[name], "o", color=colours()[0])
        if not numeric:
            ax.set_xticks(range(len(cats)), cats)
        _xlim(ax, pos)
        title, _, unit = name.partition(" [")
        ax.set_title(title, fontsize=9)
        ax.set_ylabel("[" + unit if unit else "", fontsize=8)
        ax.set_xlabel(f"{p} [{units.get(p, 'as in the scenario')}]", fontsize=8)
        ax.grid(alpha=0.3)
    fig.suptitle("Key outcomes against each swept parameter (one point per sweep row)", fontsize=11)
    _save(fig, path)


def tornado(rows, outcome, path):
    """Range of the outcome's mean over each parameter's values (bars sorted by length)."""
    rows = sorted((r for r in rows if r[1] == outcome[0] and np.isfinite(r[5])), key=lambda r: r[5])
    fig, ax = plt.subplots(figsize=(8, 0.5 * len(rows) + 1.6))
    ax.barh([r[0] for r in rows], [r[5] for r in rows], color=colours()[1])
    ax.set_xlabel(f"range of the mean {outcome[0]} over the parameter's values [{outcome[1]}]")
    ax.set_ylabel("swept parameter")
    ax.set_title(f"Tornado: {outcome[0]}", fontsize=10)
    ax.grid(alpha=0.3, axis="x")
    _save(fig, path)
