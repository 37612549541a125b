"""summary — the short text summary at the top of the page (numbers) and the provenance table.

Each function returns plain strings or rows; html.py renders them. Amounts are nominal US dollars
(dollars of each month, as in the output); dates are months (YYYY-MM). Probabilities carry their
95 % Wilson interval.
"""
import datetime
import os

import numpy as np

from . import ensemble, outcomes

B = 1e9


def _who(run, kind, index):
    return f"{kind} {run.names[kind][index]}"


def run_lines(run):
    last = run.records - 1
    lines = [f"Simulated {outcomes.date_label(run, 1)} to {outcomes.date_label(run, last)} "
             f"({last} months), seed {run.attrs.get('seed', '?')}."]
    years = outcomes.full_years(run)
    if years:
        lines.append("Labs' revenue, all labs: " + "; ".join(
            f"{y}: {outcomes.revenue_in_year(run, y) / B:.1f} billion USD" for y in years) + " (nominal).")
    rev = run.data["lab_revenue"][last] * 12 / B
    com = run.data["lab_commitments"][last] / B
    lines.append("At the end, annualised revenue against commitments left [billion USD]: " + "; ".join(
        f"{n} {r:.1f} / {c:.1f}" for n, r, c in zip(run.names["lab"], rev, com)) + ".")
    lines.append(f"People using AI at the end: {run.data['households_users'][last].sum() / 1e6:.1f} million "
                 f"(paying a lab: {np.nansum(run.data['lab_paid_users'][last]) / 1e6:.1f} million).")
    if "open_weight_users" in run.data and np.nansum(run.data["open_weight_users"]) > 0:
        ow_peak = int(np.nanargmax(np.nansum(run.data["open_weight_users"], axis=1)))
        lines.append(f"Using free open-weight models at the end: "
                     f"{np.nansum(run.data['open_weight_users'][last]) / 1e6:.1f} million people "
                     f"(most: {np.nansum(run.data['open_weight_users'][ow_peak]) / 1e6:.1f} million in "
                     f"{outcomes.date_label(run, ow_peak)}), "
                     f"{np.nansum(run.data['open_weight_firms'][last]) / 1e3:.1f} thousand firms, "
                     f"firms rent {float(run.data['open_weight_compute'][last]) / 1e3:.1f} GW of compute for open models.")
    lines.append("Households / firms using AI at the end: " + "; ".join(
        f"{n} {100 * h:.1f} % / {100 * f:.1f} %" for n, h, f in
        zip(run.names["region"], run.data["households_adopted"][last], run.data["businesses_adopted"][last])) + ".")
    cap = run.data["cloud_capacity"]
    lines.append(f"Clouds' AI capacity: {np.nansum(cap[0]) / 1e3:.1f} GW at the start, "
                 f"{np.nansum(cap[last]) / 1e3:.1f} GW at the end; data centres draw "
                 f"{np.nansum(run.data['dc_power'][last]) / 1e3:.1f} GW at the end.")
    d = outcomes.defaults(run)
    lines.append("Defaults: " + ("; ".join(f"{k} {n} in {outcomes.date_label(run, m)}" for m, k, n in d)
                                 if d else f"no lab or cloud defaults by {outcomes.date_label(run, last)}") + ".")
    s = run.data["investor_sentiment"]
    low = int(np.nanargmin(s))
    lines.append(f"Investor sentiment: {s[last]:.2f} at the end, lowest {s[low]:.2f} "
                 f"({'start' if low == 0 else outcomes.date_label(run, low)}).")
    lines.append(f"Largest accounting residual: {np.nanmax(run.data['accounting_residual'][1:]):.3g} USD.")
    return lines


def _p(rows, event, subject, by):
    for r in rows:
        if r[0] == event and r[1] == subject and r[2] == by:
            return ensemble.interval_text(r)
    return "not simulated"


def ensemble_lines(runs, prob_rows, extremes=()):
    n = len(runs)
    seeds = [r.attrs.get("seed", "?") for r in runs]
    end = outcomes.date_label(runs[0], runs[0].records - 1)
    lines = [f"{n} members of one scenario, seeds {', '.join(map(str, seeds[:8]))}{' …' if n > 8 else ''}; "
             f"{outcomes.date_label(runs[0], 1)} to {end}. Probabilities with their 95 % Wilson interval."]
    firsts = ensemble.first_default_years(runs)
    k = len(firsts)
    lines.append(f"Probability of at least one lab or cloud default by {end}: "
                 + ensemble.interval_text(ensemble._row("", "", "", k, n))
                 + (f"; median date of the first default {np.median(firsts):.2f} (decimal year)" if firsts else "")
                 + ".")
    p = k / n
    lines.append(f"For ± {100 * ensemble.HALF_WIDTH:.0f} points at that probability an ensemble needs "
                 f"{ensemble.stats.members_needed(p, ensemble.HALF_WIDTH)} members (this one has {n}; "
                 f"at 50 %: {ensemble.stats.members_needed(0.5, ensemble.HALF_WIDTH)}).")
    who = [r for r in prob_rows if r[0] == "falls first"]
    if who:
        lines.append(f"Most often first to fall: {who[0][1]} ({ensemble.interval_text(who[0])}).")
    for y in (2027, 2030):
        lines.append(f"Probability that the labs together reach an annualised revenue of 100 billion USD/year "
                     f"(nominal) by December {y}: "
                     f"{_p(prob_rows, 'annualised revenue >= 100 billion USD/year', 'all labs', f'{y}-12')}.")
    last12 = [o[0][2] for o in (outcomes.key_outcomes(r) for r in runs)]
    lines.append(f"Labs' revenue in the last 12 months: median {np.median(last12):.1f} billion USD, nominal "
                 f"(90 % of members between {np.quantile(last12, 0.05):.1f} and {np.quantile(last12, 0.95):.1f}).")
    for what, file, seed, value, unit in extremes:
        if what.startswith("most labs") or what.startswith("earliest"):
            shown = f"{value:.4g}" if unit in ("count", "1") else f"{value:.4g} {unit}"
            lines.append(f"Extreme member {file} (seed {seed}): {what} ({shown}).")
    return lines


def sweep_lines(runs, params, sens_rows, kind):
    values = {p: sorted({str(r.params.get(p, "")) for r in runs}) for p in params}
    lines = [f"{len(runs)} sweep rows over {len(params)} parameter(s), a {kind} design: " + "; ".join(
        f"{p} = {', '.join(v) if len(v) <= 6 else f'{len(v)} values from {min(v)} to {max(v)}'}"
        for p, v in values.items()) + "."]
    from . import sweep
    for name in ("lab revenue, last 12 months", "labs and clouds in default at the end", "people using AI at the end"):
        ranked = sweep.ranking(sens_rows, name)
        if ranked:
            lines.append(f"{name}: most sensitive to " + "; ".join(
                f"{p} ({m} {v:.3g})" for p, v, m in ranked[:3]) + ".")
    return lines


def footer_text(runs):
    """Version, seeds and scenario hashes of the inputs, and when the report was made."""
    versions = sorted({str(r.attrs.get("source", "aiecon ?")) for r in runs})
    seeds = [str(r.attrs.get("seed", "?")) for r in runs]
    hashes = sorted({str(r.attrs.get("scenario_hash", "?")) for r in runs})
    seed_text = ", ".join(seeds) if len(seeds) <= 6 else f"{', '.join(seeds[:5])} … ({len(seeds)} seeds)"
    made = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (f"{'; '.join(versions)} · seed {seed_text} · scenario hash {', '.join(hashes[:4])}"
            f"{' …' if len(hashes) > 4 else ''} · nominal USD · report {made}")


def scenario_lines(sources):
    lines = []
    for src in sources:
        r = src.runs[0]
        if len(src.runs) == 1:
            d = outcomes.defaults(r)
            lines.append(f"{src.label}: labs' revenue in the last 12 months {outcomes.key_outcomes(r)[0][2]:.1f} "
                         f"billion USD (nominal); " + (("defaults: " + ", ".join(f"{k} {n} {outcomes.date_label(r, m)}"
                                                                         for m, k, n in d)) if d else "no default") + ".")
        else:
            firsts = ensemble.first_default_years(src.runs)
            last12 = [outcomes.key_outcomes(x)[0][2] for x in src.runs]
            p = ensemble.interval_text(ensemble._row("", "", "", len(firsts), len(src.runs)))
            lines.append(f"{src.label} ({len(src.runs)} members): median labs' revenue in the last 12 months "
                         f"{np.median(last12):.1f} billion USD (nominal); P(a default by the end) {p}.")
    return lines


def provenance_rows(runs, limit=12):
    """Header and rows (file, title, seed, version, history, ranks); long lists are cut to `limit`."""
    rows = [[os.path.basename(r.path), r.title, r.attrs.get("seed", ""), r.attrs.get("source", ""),
             r.attrs.get("scenario_hash", ""), r.attrs.get("history", ""), r.attrs.get("mpi_ranks", "")]
            for r in runs[:limit]]
    if len(runs) > limit:
        rows.append([f"… and {len(runs) - limit} more", "", "", "", "", "", ""])
    return ["file", "scenario title", "seed", "version (source)", "scenario hash", "history", "MPI ranks"], rows
