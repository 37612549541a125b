"""reports — assemble the report of each kind of input: pictures, tables, summary, provenance.

make(inputs, folder) draws the PNGs and returns the html.Page for a run, an ensemble, a sweep or
several scenarios; the page's tables are written as CSV by html.write. Everything goes into
`folder`.
"""
import os

import numpy as np

from . import ensemble, html, load, outcomes, plots, series, summary, sweep

BAND_NOTE = "Median (line), 50 % (dark) and 90 % (light) bands over the members."


def _provenance(runs):
    header, rows = summary.provenance_rows(runs)
    return html.Section("Provenance", "The inputs: scenario title, seed, version of aiecon (global attribute "
                        "source) and the command line that made each file (history).",
                        (html.Table("provenance.csv", "Inputs", tuple(header), tuple(rows), shown=13),))


def _outcome_table(runs, file, caption):
    rows = [[n, u, v] for n, u, v in outcomes.key_outcomes(runs[0])]
    return html.Table(file, caption, ("outcome", "unit", "value"), tuple(rows))


def run_page(src, folder):
    run = src.runs[0]
    sections = []
    for fig in series.FIGURES:
        name = f"run_{fig.key}.png"
        plots.run_figure(run, fig, os.path.join(folder, name))
        sections.append(html.Section(fig.heading, fig.caption, (html.Image(name, fig.heading),)))
    d = outcomes.defaults(run)
    defaults = html.Table("defaults.csv", "Defaults (month of the default)", ("kind", "name", "month"),
                          tuple((k, n, outcomes.date_label(run, m)) for m, k, n in d))
    years = outcomes.full_years(run)
    revenue = html.Table("lab_revenue_by_year.csv", "Labs' revenue by calendar year [billion USD]",
                         ("lab",) + tuple(str(y) for y in years),
                         tuple([n] + [float(run.data["lab_revenue"][outcomes.year_slice(run, y), i].sum() / 1e9)
                                      for y in years] for i, n in enumerate(run.names["lab"])))
    sections.append(html.Section("Tables", "", (_outcome_table(src.runs, "outcomes.csv", "Key outcomes"),
                                                revenue, defaults)))
    sections.append(_provenance(src.runs))
    return html.Page(f"{run.title} (seed {run.attrs.get('seed', '?')})", "one run",
                     tuple(summary.run_lines(run)), tuple(sections))


def _fan_sections(sources, folder, prefix, text):
    out = []
    for fig in series.FIGURES:
        images = []
        for panel in fig.panels:
            name = f"{prefix}_{panel.key}.png"
            data = [(src.label, src.runs[0].years(), _aggregate(src, panel), _markers(src, panel))
                    for src in sources]
            plots.panel_multiples(panel, data, os.path.join(folder, name))
            images.append(html.Image(name, panel.title))
        out.append(html.Section(fig.heading, f"{fig.caption} {text}", tuple(images)))
    return out


def _aggregate(src, panel):
    return ensemble.bands(src.runs, panel) if src.is_ensemble else series.extract(src.runs[0], panel)


def _markers(src, panel):
    if src.is_ensemble or not panel.default_flag:
        return {}
    run = src.runs[0]
    return {n: series.default_record(run, panel.default_flag, i) for i, n in enumerate(run.names[panel.dim])}


def ensemble_page(src, folder):
    runs = src.runs
    t = runs[0].years()
    probs = ensemble.probabilities(runs)
    shares = {f"{k} {n}": s for k in ("lab", "cloud") for n, s in ensemble.default_share(runs, k).items()}
    plots.default_curves(t, shares, os.path.join(folder, "ens_default_probability.png"))
    firsts = ensemble.first_default_years(runs)
    plots.first_default_hist(t, firsts, len(runs), os.path.join(folder, "ens_first_default.png"))
    mh, mrows = ensemble.member_rows(runs)
    qh, qrows = ensemble.outcome_quantile_rows(runs)
    prob_section = html.Section(
        "Probabilities",
        "Each probability is members with the event / members that simulate the date (column members). "
        "Annualised revenue is 12 × one month's revenue; 'by 2027-12' means in some month up to December 2027. "
        "'falls first' lists the players defaulting in the month of the first default.",
        (html.Table("probabilities.csv", "Probabilities over the members", ensemble.PROB_HEADER, tuple(probs),
                    shown=200),
         html.Image("ens_default_probability.png", "Probability of default by date"),
         html.Image("ens_first_default.png", "Distribution of the first default's date"),
         html.Table("outcome_quantiles.csv", "Key outcomes over the members", tuple(qh), tuple(qrows)),
         html.Table("members.csv", "Members", tuple(mh), tuple(mrows), shown=20)))
    sections = [prob_section] + _fan_sections((src,), folder, "fan", BAND_NOTE) + [_provenance(runs)]
    return html.Page(f"{runs[0].title}: ensemble of {len(runs)}", "ensemble",
                     tuple(summary.ensemble_lines(runs, probs)), tuple(sections))


def sweep_page(src, folder):
    runs = src.runs
    params, _ = sweep.design(runs)
    sh, srows = sweep.sensitivity(runs)
    oh, orows = sweep.outcome_table(runs)
    p, names, xs, ys = sweep.scatter_data(runs)
    plots.sweep_scatter(p, names, xs, ys, sweep.parameter_units(p), os.path.join(folder, "sweep_scatter.png"))
    items = [html.Image("sweep_scatter.png", "Key outcomes against each swept parameter")]
    for key in ("lab revenue, last 12 months", "labs and clouds in default at the end"):
        unit = next((r[2] for r in srows if r[1] == key), "")
        name = f"sweep_tornado_{len(items)}.png"
        plots.tornado(srows, (key, unit), os.path.join(folder, name))
        items.append(html.Image(name, f"Tornado: {key}"))
    items += [html.Table("sensitivity.csv", "Main effects: mean outcome at each value of each parameter",
                         tuple(sh), tuple(srows), shown=100),
              html.Table("sweep_design.csv", "The design (sweep_row of each row) and each row's key outcomes",
                         tuple(oh), tuple(orows), shown=50)]
    sections = [html.Section("Sensitivity", "One point per sweep row; the tornado's bars are the range of the "
                             "outcome's mean over the values of each parameter.", tuple(items))]
    if len(runs) <= 8:
        rows = tuple(load.Source(f"row {i}: " + ", ".join(f"{k}={sweep.fmt(v)}" for k, v in vals.items()),
                                   r.path, (r,)) for (i, vals), r in zip(sweep.design(runs)[1], runs))
        sections += _fan_sections(rows, folder, "rows", "Each sweep row in its colour.")
    sections.append(_provenance(runs))
    return html.Page(f"{runs[0].title}: sweep of {len(runs)} rows", "sweep",
                     tuple(summary.sweep_lines(runs, params, srows)), tuple(sections))


def scenarios_page(sources, folder):
    header = ["scenario", "members"] + [f"{n} [{u}]" for n, u, _ in outcomes.key_outcomes(sources[0].runs[0])]
    rows = []
    for src in sources:
        values = [[v for _, _, v in outcomes.key_outcomes(r)] for r in src.runs]
        med = [_median(col) for col in zip(*values)]
        rows.append([src.label, len(src.runs)] + med)
    table = html.Table("scenarios.csv", "Key outcomes by scenario (ensembles: median over members)",
                       tuple(header), tuple(rows))
    sections = [html.Section("Scenarios", "", (table,))]
    sections += _fan_sections(sources, folder, "cmp", "Each scenario in its colour (ensembles: median and 50 %/90 % bands).")
    sections.append(_provenance([r for s in sources for r in s.runs]))
    return html.Page("aiecon scenarios: " + " vs ".join(s.label for s in sources), "scenarios",
                     tuple(summary.scenario_lines(sources)), tuple(sections))


def _median(col):
    v = np.array(col, dtype=float)
    return float(np.nanmedian(v)) if np.isfinite(v).any() else float("nan")


def make(inputs, folder):
    if inputs.kind == "run":
        return run_page(inputs.sources[0], folder)
    if inputs.kind == "ensemble":
        return ensemble_page(inputs.sources[0], folder)
    if inputs.kind == "sweep":
        return sweep_page(inputs.sources[0], folder)
    return scenarios_page(inputs.sources, folder)
