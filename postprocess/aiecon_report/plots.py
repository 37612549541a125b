"""plots — every picture of the report, drawn with matplotlib (Agg), each saved as PNG (for the
page) and PDF (vector, for a paper) side by side.

run_figure: one run, the panels of a series.Figure with one line per lab/cloud/region and × at
defaults. ensemble_panel: one panel as small multiples (a subplot per lab/cloud/...), the members
split into groups (ensemble.groups) drawn as conditional fans (median, 50 % and 90 % bands) or, for
groups of fewer than FAN_MIN members, as the members' own paths. compare_panel: several scenarios
(or sweep rows) on shared axes, one legend for the figure, and a row of differences from the first
source. default_curves, first_default_hist, sweep_scatter and tornado draw the ensemble's and the
sweep's own pictures. Every time axis has readable year ticks (at most about seven labels) and the
calibration window shaded where the decor gives one; every figure carries a footer with the
version, seed and scenario hash. Each function writes its files and closes its figure.
"""
import dataclasses
import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)
import numpy as np  # noqa: E402
from matplotlib.ticker import FuncFormatter, MultipleLocator  # noqa: E402

from . import series as S  # noqa: E402

DPI = 100
TIME_LABEL = "date (end of month)"
FAN_MIN = 5          # a group of fewer members is drawn as its members' paths
WINDOW_COLOUR = "#efe6cc"


@dataclasses.dataclass(frozen=True)
class Decor:
    """What every picture of one report shares: its footer and the calibration window to shade
    (decimal years (start, end), or None)."""
    footer: str = ""
    window: object = None


def colours():
    return plt.rcParams["axes.prop_cycle"].by_key()["color"]


def _date(x, _pos=None):
    year = math.floor(x + 1e-6)
    month = int(round((x - year) * 12)) + 1
    return str(year) if month == 1 else f"{year}-{month:02d}"


def time_axis(ax, t, decor=None, label=True):
    """Dates on the x axis: whole years (every k-th, at most about seven labels), or half-years
    for runs of up to three years; the calibration window shaded."""
    span = t[-1] - t[0]
    if span <= 3:
        ax.xaxis.set_major_locator(MultipleLocator(0.5))
        ax.xaxis.set_minor_locator(MultipleLocator(1 / 12))
    else:
        step = max(1, math.ceil(span / 7))
        ax.xaxis.set_major_locator(MultipleLocator(step))
        ax.xaxis.set_minor_locator(MultipleLocator(0.25 if step == 1 else 1))
    ax.xaxis.set_major_formatter(FuncFormatter(_date))
    ax.tick_params(axis="x", labelsize=8)
    ax.set_xlim(t[0], t[-1])
    if label:
        ax.set_xlabel(TIME_LABEL, fontsize=8)
    if decor and decor.window:
        lo, hi = max(decor.window[0], t[0]), min(decor.window[1], t[-1])
        if hi > lo:
            ax.axvspan(lo, hi, color=WINDOW_COLOUR, zorder=0, lw=0)


def _finish(ax, panel, ylabel=True):
    if ylabel:
        ax.set_ylabel(panel.ylabel, fontsize=8)
    ax.tick_params(axis="y", labelsize=8)
    ax.grid(alpha=0.3)
    if panel.log:
        ax.set_yscale("log")
    if panel.hline is not None:
        ax.axhline(panel.hline, color="grey", lw=0.8)


def _footer(fig, decor, legend_rows=0):
    """The footer under everything else: under the x labels, and under a figure legend of
    `legend_rows` rows (about 0.22 inch a row at font size 8), placed without drawing the figure."""
    if decor and decor.footer:
        below = (0.22 * legend_rows + (0.08 if legend_rows else 0.0)) / fig.get_figheight()
        fig.text(0.005, -below, decor.footer, fontsize=6.5, color="0.45", ha="left", va="top")


def _window_handle(decor):
    if decor and decor.window:
        return [matplotlib.patches.Patch(color=WINDOW_COLOUR, label="calibration window")]
    return []


def _save(fig, path, decor=None, legend=None):
    """PNG at `path` and PDF beside it; legend: (handles, labels) for one legend under the axes."""
    fig.tight_layout()
    rows = 0
    if legend and legend[0]:
        handles, labels = legend
        ncol = min(len(labels), 4)
        rows = math.ceil(len(labels) / ncol)
        fig.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=ncol, fontsize=8,
                   frameon=False)
    _footer(fig, decor, rows)
    for p in (path, path[:-4] + ".pdf"):
        fig.savefig(p, dpi=DPI, bbox_inches="tight", pad_inches=0.15)
    plt.close(fig)


def pdf_name(png):
    return png[:-4] + ".pdf"


def _mark_default(ax, t, v, record, colour):
    if record is not None:
        finite = v[np.isfinite(v)]
        y = v[record] if np.isfinite(v[record]) else (finite.max() if finite.size else np.nan)
        ax.plot(t[record], y, "x", ms=9, mew=2, color=colour)


def _unique(handles, labels):
    seen, h2, l2 = set(), [], []
    for h, lab in zip(handles, labels):
        if lab and not lab.startswith("_") and lab not in seen:
            seen.add(lab)
            h2.append(h)
            l2.append(lab)
    return h2, l2


def _legend_of(axes, decor=None):
    handles, labels = [], []
    for ax in axes:
        h, lab = ax.get_legend_handles_labels()
        handles += h
        labels += lab
    h, lab = _unique(handles + _window_handle(decor), labels + [p.get_label() for p in _window_handle(decor)])
    return h, lab


def _run_panel(ax, run, panel, decor):
    t = run.years()
    cols = colours()
    for i, (name, by_series) in enumerate(S.extract(run, panel).items()):
        c = cols[i % len(cols)] if name is not None else "k"
        for s in panel.series:
            label = s.label if name is None else (name if s is panel.series[0] else None)
            ax.plot(t, by_series[s.label], s.style, color=c, label=label)
        if panel.default_flag:
            _mark_default(ax, t, by_series[panel.series[0].label], S.default_record(run, panel.default_flag, i), c)
    ax.set_title(panel.title, fontsize=9)
    time_axis(ax, t, decor)
    _finish(ax, panel)
    h, lab = ax.get_legend_handles_labels()
    if h:
        ax.legend(*_unique(h + _window_handle(decor), lab + ["calibration window"] * len(_window_handle(decor))),
                  fontsize=7, ncol=2)


def run_figure(run, figure, path, decor=None):
    """One run: the figure's panels side by side."""
    n = len(figure.panels)
    fig, axes = plt.subplots(1, n, figsize=(6.5 * n, 4.2), squeeze=False)
    for ax, panel in zip(axes[0], figure.panels):
        _run_panel(ax, run, panel, decor)
    _save(fig, path, decor)


def vintage_figure(run, path, decor=None):
    """Capacity in service by vintage (the year its chips entered service), stacked: all clouds
    together, then one panel per cloud. Generations never in service are left out."""
    t = run.years()
    mw = np.nan_to_num(run.data["vintage_capacity"]) * 1e-3          # (time, cloud, generation) in GW
    names = run.names["generation"]
    used = [g for g in range(mw.shape[2]) if mw[:, :, g].max() > 0]
    cmap = plt.get_cmap("viridis")
    cols = [cmap(i / max(1, len(used) - 1)) for i in range(len(used))]
    clouds = run.names["cloud"]
    panels = [("all clouds", mw.sum(axis=1))] + [(c, mw[:, k, :]) for k, c in enumerate(clouds)]
    fig, grid, _ = _grid(len(panels))
    axes = list(grid.flat)
    for ax, (title, by_gen) in zip(axes, panels):
        if used:
            ax.stackplot(t, *(by_gen[:, g] for g in used), colors=cols, labels=[names[g] for g in used])
        ax.set_title(title, fontsize=9)
        ax.set_ylabel("GW in service", fontsize=8)
        time_axis(ax, t, decor)
    for ax in axes[len(panels):]:
        ax.set_visible(False)
    _save(fig, path, decor, _unique(*axes[0].get_legend_handles_labels()))


def _grid(n, width=4.2, height=3.0):
    """Small multiples: up to 3 columns, shared time axis."""
    cols = min(n, 3)
    rows = math.ceil(n / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(width * cols, height * rows + 0.4), squeeze=False, sharex=True)
    return fig, axes, cols


def _draw_band(ax, t, q, colour, style, label, alpha=1.0):
    if q.ndim == 1:
        ax.plot(t, q, style, color=colour, label=label, alpha=alpha)
        return
    ax.fill_between(t, q[0], q[4], color=colour, alpha=0.15, lw=0)
    ax.fill_between(t, q[1], q[3], color=colour, alpha=0.3, lw=0)
    ax.plot(t, q[2], style, color=colour, label=label)


def _quantiles(stack):
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanquantile(stack, (0.05, 0.25, 0.5, 0.75, 0.95), axis=0)


def ensemble_panel(panel, t, entities, path, decor=None):
    """One panel of an ensemble as small multiples.

    entities: [(name, [(group label, {series label: (members, time) array})])]. A group of at
    least FAN_MIN members is drawn as a fan (median, 50 % and 90 % bands), a smaller one as its
    members' paths; each group has its colour, shared by all subplots and named in one legend.
    """
    n = len(entities)
    fig, axes, cols = _grid(n)
    flat = list(axes.flat)
    for ax in flat[n:]:
        ax.set_visible(False)
    palette = colours()
    group_colour = {}
    for ax, (name, groups) in zip(flat, entities):
        for label, by_series in groups:
            key = label.split(" (")[0]
            c = group_colour.setdefault(key, palette[len(group_colour) % len(palette)])
            for j, s in enumerate(panel.series):
                stack = by_series[s.label]
                text = f"{key}" if j == 0 else None
                if stack.shape[0] >= FAN_MIN:
                    _draw_band(ax, t, _quantiles(stack), c, s.style, text)
                else:
                    for k, path_values in enumerate(stack):
                        ax.plot(t, path_values, s.style, color=c, lw=0.9, alpha=0.85,
                                label=text if k == 0 else None)
        ax.set_title(panel.title if name is None else f"{name}", fontsize=9)
    for i, ax in enumerate(flat[:n]):
        time_axis(ax, t, decor, label=i >= n - cols)
        _finish(ax, panel, ylabel=(i % cols == 0))
    if n > 1 or entities[0][0] is not None:
        fig.suptitle(panel.title, fontsize=10)
    _save(fig, path, decor, _legend_of(flat[:n], decor))


def compare_panel(panel, sources, path, decor=None, diff=True, markers=None):
    """Several sources (scenarios, sweep rows) on shared axes, one column per entity (lab, ...).

    sources: [(label, t, {entity: {series label: (time,) values or (5, time) quantiles}})]; the
    first source is the baseline. Row 1: each source in its colour (ensembles: median and bands);
    row 2 (diff and more than one source): each other source's first series (its median) minus the
    baseline's, in the panel's unit. markers: [{entity: default record}] per source (one-run
    sources), drawn as ×. One legend for the whole figure, under the axes.
    """
    names = list(sources[0][2].keys())
    n = len(names)
    diff = diff and len(sources) > 1
    cols = min(n, 5)
    blocks = math.ceil(n / cols)
    rows = blocks * (2 if diff else 1)
    fig, axes = plt.subplots(rows, cols, figsize=(3.5 * cols + 0.6, 2.8 * rows + 0.5), squeeze=False,
                             sharex=True)
    palette = colours()
    first = panel.series[0]
    value_axes, diff_axes = [], []
    for e, name in enumerate(names):
        r, c = divmod(e, cols)
        ax = axes[r * (2 if diff else 1), c]
        value_axes.append(ax)
        for k, (label, t, data) in enumerate(sources):
            if name not in data:
                continue
            for j, s in enumerate(panel.series):
                _draw_band(ax, t, data[name][s.label], palette[k % len(palette)], s.style, label if j == 0 else None)
            rec = (markers[k] if markers else {}).get(name)
            if rec is not None:
                q = data[name][first.label]
                _mark_default(ax, t, q if q.ndim == 1 else q[2], rec, palette[k % len(palette)])
        ax.set_title(panel.title if name is None else str(name), fontsize=9)
        if diff:
            dax = axes[r * 2 + 1, c]
            diff_axes.append(dax)
            base = sources[0][2][name][first.label]
            base = base if base.ndim == 1 else base[2]
            for k, (label, t, data) in enumerate(sources[1:], 1):
                if name in data:
                    v = data[name][first.label]
                    dax.plot(t, (v if v.ndim == 1 else v[2]) - base, "-", color=palette[k % len(palette)])
            dax.axhline(0, color=palette[0], lw=1.0)
            dax.grid(alpha=0.3)
            dax.tick_params(axis="y", labelsize=8)
    used = set(map(id, value_axes + diff_axes))
    for ax in axes.flat:
        if id(ax) not in used:
            ax.set_visible(False)
    t0 = sources[0][1]
    all_axes = value_axes + diff_axes
    bottom = {}
    for ax in all_axes:
        bottom[ax.get_subplotspec().colspan.start] = ax
    for ax in value_axes:
        _finish(ax, panel, ylabel=ax.get_subplotspec().colspan.start == 0)
    _share_y(value_axes)
    _share_y(diff_axes)
    for ax in diff_axes:
        if ax.get_subplotspec().colspan.start == 0:
            ax.set_ylabel(f"{first.label} minus\n{sources[0][0][:28]}", fontsize=8)
    for ax in all_axes:
        time_axis(ax, t0, decor, label=ax is bottom[ax.get_subplotspec().colspan.start])
    fig.suptitle(panel.title + ("" if not diff else " — and the difference from " + sources[0][0]), fontsize=10)
    _save(fig, path, decor, _legend_of(value_axes, decor))


def _share_y(axes):
    """One y range for all the axes (the same scale in every subplot of a row kind)."""
    if len(axes) < 2:
        return
    lows, highs = zip(*(ax.get_ylim() for ax in axes))
    lo, hi = min(lows), max(highs)
    for ax in axes:
        ax.set_ylim(lo, hi)


def default_curves(t, shares, path, decor=None):
    """Share of members in default at each date, one line per lab and cloud."""
    fig, ax = plt.subplots(figsize=(9, 4.2))
    cols = colours()
    for i, (name, share) in enumerate(shares.items()):
        ax.plot(t, 100 * share, "-" if name.startswith("lab") else "--", color=cols[i % len(cols)], label=name)
    ax.set_ylim(-2, 102)
    ax.set_ylabel("% of members in default", fontsize=8)
    ax.set_title("Share of members in which each lab (solid) or cloud (dashed) has defaulted, by date", fontsize=10)
    time_axis(ax, t, decor)
    ax.grid(alpha=0.3)
    _save(fig, path, decor, _legend_of([ax], decor))


def first_default_hist(t, years, members, path, decor=None):
    """Histogram of the first default's date over members (a bar per quarter)."""
    fig, ax = plt.subplots(figsize=(9, 3.6))
    edges = np.arange(math.floor(t[0]), math.ceil(t[-1]) + 0.25, 0.25)
    if years:
        counts, _ = np.histogram(years, bins=edges)
        ax.bar(edges[:-1], 100 * counts / members, width=0.25, align="edge", color=colours()[3], edgecolor="k")
    none = members - len(years)
    ax.set_title(f"Date of the first default of a lab or cloud ({none} of {members} members: none)", fontsize=10)
    ax.set_ylabel("% of members per quarter", fontsize=8)
    time_axis(ax, t, decor)
    ax.grid(alpha=0.3)
    _save(fig, path, decor)


def _xlim(ax, pos):
    lo, hi = min(pos), max(pos)
    pad = 0.1 * (hi - lo) if hi > lo else 0.5
    ax.set_xlim(lo - pad, hi + pad)


def sweep_scatter(params, names, xs, ys, units, path, decor=None):
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
        ax.plot(pos, ys[name], "o", color=colours()[0], ms=4)
        if not numeric:
            ax.set_xticks(range(len(cats)), cats)
        _xlim(ax, pos)
        title, _, unit = name.partition(" [")
        ax.set_title(title, fontsize=9)
        ax.set_ylabel("[" + unit if unit else "", fontsize=8)
        ax.set_xlabel(f"{p} [{units.get(p, 'as in the scenario')}]", fontsize=8)
        ax.tick_params(labelsize=8)
        ax.grid(alpha=0.3)
    fig.suptitle("Key outcomes against each swept parameter (one point per sweep row)", fontsize=11)
    _save(fig, path, decor)


def tornado(ranked, outcome, path, decor=None):
    """Bars of each parameter's sensitivity for one outcome, the most influential on top.

    ranked: [(parameter, sensitivity, method)] (sweep.ranking). Partial rank correlations are
    signed (blue: the outcome rises with the parameter, red: it falls); main effects are ranges.
    """
    rows = list(reversed(ranked))
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(rows) + 1.8))
    cols = colours()
    ax.barh([r[0] for r in rows], [r[1] for r in rows],
            color=[cols[0] if r[1] >= 0 else cols[3] for r in rows])
    methods = sorted({r[2] for r in rows})
    if methods == ["partial rank correlation"]:
        ax.set_xlim(-1.05, 1.05)
        ax.axvline(0, color="k", lw=0.8)
        ax.set_xlabel(f"partial rank correlation with {outcome[0]} [-1..1]", fontsize=8)
    else:
        ax.set_xlabel(f"{' / '.join(methods)} of {outcome[0]} [{outcome[1]}; PRCC: -1..1]", fontsize=8)
    ax.set_ylabel("swept parameter", fontsize=8)
    ax.tick_params(labelsize=8)
    ax.set_title(f"Sensitivity: {outcome[0]}", fontsize=10)
    ax.grid(alpha=0.3, axis="x")
    _save(fig, path, decor)
