"""reports — assemble the report of each kind of input: pictures, tables, summary, provenance.

make(inputs, folder) draws the pictures (PNG + PDF) and returns the html.Page for a run, an
ensemble, a sweep or several scenarios; the page's tables are written as CSV by html.write.
Everything goes into `folder`. The pictures share a plots.Decor: the footer (aiecon version,
seeds, scenario hashes) and the calibration window (inputs/facts/facts.csv) shaded on time axes.
"""
import os

import numpy as np

from aiecon import facts as aifacts

from . import accounts, deals, ensemble, fit, html, outcomes, params, plots, series, summary, sweep

BAND_NOTE = ("Members split by whether the player defaults: each group is a fan (median, 50 % and 90 % "
             f"bands) or, below {plots.FAN_MIN} members, the members' own paths.")
WINDOW_NOTE = "Shaded: the calibration window, the months the baseline's calibration facts cover (inputs/facts)."
NOMINAL = "US dollars are nominal (dollars of each month, not deflated)."


def decor(runs):
    window = None
    try:
        w = aifacts.calibration_window(aifacts.read_facts())
        if w:
            window = (w[0][0] + (w[0][1] - 1) / 12, w[1][0] + w[1][1] / 12)
    except (OSError, ValueError, KeyError):
        window = None
    return plots.Decor(footer=summary.footer_text(runs), window=window)


def _provenance(runs):
    header, rows = summary.provenance_rows(runs)
    return html.Section("Provenance", "The inputs: scenario title, seed, version of aiecon (global attribute "
                        "source), scenario hash and the command line that made each file (history).",
                        (html.Table("provenance.csv", "Inputs", tuple(header), tuple(rows), shown=13),))


def _outcome_table(runs, file, caption):
    rows = [[n, u, v] for n, u, v in outcomes.key_outcomes(runs[0])]
    return html.Table(file, caption, ("outcome", "unit", "value"), tuple(rows))


def run_page(src, folder):
    run = src.runs[0]
    dec = decor(src.runs)
    sections = []
    for fig in series.FIGURES:
        name = f"run_{fig.key}.png"
        plots.run_figure(run, fig, os.path.join(folder, name), dec)
        sections.append(html.Section(fig.heading, f"{fig.caption} {WINDOW_NOTE if dec.window else ''}",
                                     (html.Image(name, fig.heading),)))
    if "vintage_capacity" in run.data:
        plots.vintage_figure(run, os.path.join(folder, "run_vintages.png"), dec)
        sections.append(html.Section(
            "Capacity by vintage",
            "AI capacity in service by the year its chips entered service (its generation; stacked, GW): a "
            "vintage keeps its chips' performance and leaves when it no longer earns its running cost "
            f"(docs/ODD.md, Vintages). {WINDOW_NOTE if dec.window else ''}",
            (html.Image("run_vintages.png", "Capacity by vintage"),)))
    d = outcomes.defaults(run)
    defaults = html.Table("defaults.csv", "Defaults (month of the default)", ("kind", "name", "month"),
                          tuple((k, n, outcomes.date_label(run, m)) for m, k, n in d))
    years = outcomes.full_years(run)
    revenue = html.Table("lab_revenue_by_year.csv", "Labs' revenue by calendar year [billion USD, nominal]",
                         ("lab",) + tuple(str(y) for y in years),
                         tuple([n] + [float(run.data["lab_revenue"][outcomes.year_slice(run, y), i].sum() / 1e9)
                                      for y in years] for i, n in enumerate(run.names["lab"])))
    sections.append(html.Section("Tables", NOMINAL, (_outcome_table(src.runs, "outcomes.csv", "Key outcomes"),
                                                     revenue, defaults)))
    matrices = accounts.section(run)   # balance sheets and transactions-flow matrix (issue 14)
    if matrices is not None:
        sections.append(matrices)
    round_trip = deals.section(run, folder, dec)   # vendor and circular finance (issue 14 part 3)
    if round_trip is not None:
        sections.append(round_trip)
    sections.append(_provenance(src.runs))
    return html.Page(f"{run.title} (seed {run.attrs.get('seed', '?')})", "one run",
                     tuple(summary.run_lines(run)), tuple(sections), dec.footer)


def _ensemble_sections(runs, folder, dec):
    out = []
    t = runs[0].years()
    for fig in series.FIGURES:
        images = []
        for panel in fig.panels:
            name = f"fan_{panel.key}.png"
            per_run = [series.extract(r, panel) for r in runs]
            entities = []
            for i, entity in enumerate(series.entities(runs[0], panel)):
                groups = []
                for label, members in ensemble.groups(runs, panel, None if entity is None else i):
                    groups.append((label, {s.label: np.stack([per_run[m][entity][s.label] for m in members])
                                           for s in panel.series}))
                entities.append((entity, groups))
            plots.ensemble_panel(panel, t, entities, os.path.join(folder, name), dec)
            images.append(html.Image(name, panel.title))
        out.append(html.Section(fig.heading, f"{fig.caption} {BAND_NOTE} {WINDOW_NOTE if dec.window else ''}",
                                tuple(images)))
    return out


def _compare_sections(sources, folder, prefix, text, dec, diff=True):
    out = []
    for fig in series.FIGURES:
        images = []
        for panel in fig.panels:
            name = f"{prefix}_{panel.key}.png"
            data = [(src.label, src.runs[0].years(), _aggregate(src, panel)) for src in sources]
            plots.compare_panel(panel, data, os.path.join(folder, name), dec, diff=diff,
                                markers=[_markers(src, panel) for src in sources])
            images.append(html.Image(name, panel.title))
        out.append(html.Section(fig.heading, f"{fig.caption} {text} {WINDOW_NOTE if dec.window else ''}",
                                tuple(images)))
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
    dec = decor(runs)
    t = runs[0].years()
    probs = ensemble.probabilities(runs)
    shares = {f"{k} {n}": s for k in ("lab", "cloud") for n, s in ensemble.default_share(runs, k).items()}
    plots.default_curves(t, shares, os.path.join(folder, "ens_default_probability.png"), dec)
    firsts = ensemble.first_default_years(runs)
    plots.first_default_hist(t, firsts, len(runs), os.path.join(folder, "ens_first_default.png"), dec)
    mh, mrows = ensemble.member_rows(runs)
    qh, qrows = ensemble.outcome_quantile_rows(runs)
    extremes = ensemble.extremes(runs)
    prob_section = html.Section(
        "Probabilities",
        "Each probability is members with the event / members that simulate the date (columns members_with_event, "
        "members), with its 95 % Wilson score interval (ci95_low, ci95_high) and the members an ensemble needs "
        f"for ± {100 * ensemble.HALF_WIDTH:.0f} points at that probability (members_for_5_points: 381 at 50 %). "
        "Annualised revenue is 12 × one month's revenue (nominal USD); 'by 2027-12' means in some month up to "
        "December 2027. 'falls first' lists the players defaulting in the month of the first default.",
        (html.Table("probabilities.csv", "Probabilities over the members", ensemble.PROB_HEADER, tuple(probs),
                    shown=200),
         html.Image("ens_default_probability.png", "Share of members in default by date"),
         html.Image("ens_first_default.png", "Distribution of the first default's date"),
         html.Table("extreme_members.csv", "Extreme members: the members at the ends of the key outcomes",
                    ("member outcome", "file", "seed", "value", "unit"), tuple(extremes)),
         html.Table("outcome_quantiles.csv", "Key outcomes over the members", tuple(qh), tuple(qrows)),
         html.Table("members.csv", "Members", tuple(mh), tuple(mrows), shown=20)))
    sections = [prob_section] + _ensemble_sections(runs, folder, dec) + [_provenance(runs)]
    return html.Page(f"{runs[0].title}: ensemble of {len(runs)}", "ensemble",
                     tuple(summary.ensemble_lines(runs, probs, extremes)), tuple(sections), dec.footer)


SWEEP_TEXT = {
    "sampled": "A sampled design (Latin hypercube or random): each parameter's partial rank correlation "
               "coefficient (PRCC, -1..1: the outcome's monotone dependence on the parameter with the other "
               "parameters' effects removed) ranks the parameters; the standardised regression coefficient "
               "(src) and the linear fit's R² are beside it. Text-valued parameters get main effects.",
    "grid": "A full grid: each parameter's main effect, the range of the outcome's mean over the "
            "parameter's values (in the outcome's unit), ranks the parameters.",
    "one row": "One row: no sensitivity to measure.",
}


def sweep_page(src, folder):
    runs = src.runs
    dec = decor(runs)
    params_, rows_ = sweep.design(runs)
    sh, srows, kind = sweep.sensitivity(runs)
    oh, orows = sweep.outcome_table(runs)
    p, names, xs, ys = sweep.scatter_data(runs)
    plots.sweep_scatter(p, names, xs, ys, sweep.parameter_units(p), os.path.join(folder, "sweep_scatter.png"), dec)
    items = [html.Image("sweep_scatter.png", "Key outcomes against each swept parameter")]
    for key in ("lab revenue, last 12 months", "labs and clouds in default at the end", "first default"):
        unit = next((r[2] for r in srows if r[1] == key), "")
        ranked = sweep.ranking(srows, key)
        if not ranked:
            continue
        name = f"sweep_tornado_{len(items)}.png"
        plots.tornado(ranked, (key, unit), os.path.join(folder, name), dec)
        items.append(html.Image(name, f"Sensitivity of {key} to each parameter"))
    items += [html.Table("sensitivity.csv", "Sensitivity of each key outcome to each parameter "
                         "(rank 1 = most influential for that outcome)", tuple(sh), tuple(srows), shown=100),
              html.Table("sweep_design.csv", "The design (each row's parameters) and each row's key outcomes",
                         tuple(oh), tuple(orows), shown=50)]
    sections = [html.Section("Sensitivity", SWEEP_TEXT[kind] + " " + NOMINAL, tuple(items))]
    if len(runs) <= 8:
        from . import load
        rows = tuple(load.Source(f"row {i}", r.path, (r,)) for (i, _), r in zip(rows_, runs))
        legend = html.Table("sweep_rows.csv", "The rows in the pictures below", ("row",) + tuple(params_),
                            tuple([i] + [v.get(k, "") for k in params_] for i, v in rows_))
        sections.append(html.Section("Rows", "Each sweep row in its colour; the table says what each row sets.",
                                     (legend,)))
        sections += _compare_sections(rows, folder, "rows", "Each sweep row in its colour.", dec, diff=False)
    sections.append(_provenance(runs))
    return html.Page(f"{runs[0].title}: sweep of {len(runs)} rows", "sweep",
                     tuple(summary.sweep_lines(runs, params_, srows, kind)), tuple(sections), dec.footer)


def _differing_table(sources):
    from .load import scenario_key
    texts = [scenario_key(s.runs[0])[1] if scenario_key(s.runs[0])[0] == "scenario" else "" for s in sources]
    diff = params.differing(texts)
    if diff is None:
        return None
    rows = tuple([k] + [str(v) if v != "" else "(absent)" for v in values] for k, values in diff)
    return html.Table("differing_parameters.csv",
                      f"Parameters that differ between the scenarios ({len(rows)}; run.seed left out)",
                      ("parameter",) + tuple(s.label for s in sources), rows, shown=80)


def scenarios_page(sources, folder):
    runs = [r for s in sources for r in s.runs]
    dec = decor(runs)
    header = ["scenario", "members"] + [f"{n} [{u}]" for n, u, _ in outcomes.key_outcomes(sources[0].runs[0])]
    rows = []
    for src in sources:
        values = [[v for _, _, v in outcomes.key_outcomes(r)] for r in src.runs]
        med = [_median(col) for col in zip(*values)]
        rows.append([src.label, len(src.runs)] + med)
    items = [html.Table("scenarios.csv", "Key outcomes by scenario (ensembles: median over members)",
                        tuple(header), tuple(rows))]
    diff = _differing_table(sources)
    if diff is not None:
        items.append(diff)
    sections = [html.Section("Scenarios", f"The first scenario ({sources[0].label}) is the baseline of the "
                             "difference panels. " + NOMINAL, tuple(items))]
    sections += _compare_sections(sources, folder, "cmp", "Each scenario in its colour (ensembles: median and "
                                  "50 %/90 % bands); the lower row: the difference from the first scenario.", dec)
    sections.append(_provenance(runs))
    return html.Page("aiecon scenarios: " + " vs ".join(s.label for s in sources), "scenarios",
                     tuple(summary.scenario_lines(sources)), tuple(sections), dec.footer)


def _median(col):
    v = np.array(col, dtype=float)
    return float(np.nanmedian(v)) if np.isfinite(v).any() else float("nan")


def make(inputs, folder):
    if inputs.kind == "calibration":
        return fit.page(inputs.sources[0].path, folder)
    if inputs.kind == "run":
        return run_page(inputs.sources[0], folder)
    if inputs.kind == "ensemble":
        return ensemble_page(inputs.sources[0], folder)
    if inputs.kind == "sweep":
        return sweep_page(inputs.sources[0], folder)
    return scenarios_page(inputs.sources, folder)
