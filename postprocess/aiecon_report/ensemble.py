"""ensemble — statistics over the members of an ensemble (one scenario, different seeds).

bands(): per panel, entity and series the 5/25/50/75/95 % quantiles over members at each record
(the fan charts' median and 50 %/90 % bands). probabilities(): the table of probabilities — each
lab or cloud in default by the end of each year, lab revenue reaching $100B a year by 2027 and by
2030, the year of the first default and who falls first — each as members with the event over
members that simulate the date, with its 95 % Wilson interval and the members an ensemble would
need for ± 5 points at that probability. groups(): members split by an outcome that splits them
(a lab defaults in some members only), so that the pictures show conditional fans or the members'
own paths instead of a median band across two different worlds. extremes(): the members at the
ends of the key outcomes, named. Everything is computed from the members' time series, never from
agent-level data.
"""
import collections
import warnings

import numpy as np

from aiecon import stats

from . import outcomes, series

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
PROB_HEADER = ("event", "subject", "by", "probability", "members_with_event", "members",
               "ci95_low", "ci95_high", "members_for_5_points")
CONFIDENCE = 0.95
HALF_WIDTH = 0.05


def quantiles(stack):
    """(5, time) quantiles over axis 0 of (members, time), NaN where no member has a value."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanquantile(stack, QUANTILES, axis=0)


def bands(runs, panel):
    """{entity: {series label: (5, time) quantiles}} for one panel."""
    per_run = [series.extract(r, panel) for r in runs]
    out = {}
    for name, by_series in per_run[0].items():
        out[name] = {lab: quantiles(np.stack([p[name][lab] for p in per_run])) for lab in by_series}
    return out


def default_share(runs, kind):
    """{name: share of members in default at each record} for kind 'lab' or 'cloud'."""
    flags = np.stack([r.data[kind + "_default"] > 0.5 for r in runs])   # (members, time, n)
    return {name: flags[:, :, i].mean(axis=0) for i, name in enumerate(runs[0].names[kind])}


def _row(event, subject, by, hits, members):
    """A probabilities row: k of n, its Wilson interval and the members needed for ± 5 points."""
    if members == 0:
        return (event, subject, by, "", hits, members, "", "", "")
    p = hits / members
    lo, hi = stats.wilson_interval(hits, members, CONFIDENCE)
    return (event, subject, by, round(p, 6), hits, members, round(lo, 4), round(hi, 4),
            stats.members_needed(p, HALF_WIDTH, CONFIDENCE))


def interval_text(row):
    """'50 % (95 % CI 22–78 %, 4 of 8)' for a probabilities row."""
    if row[3] == "":
        return "not simulated"
    return f"{100 * row[3]:.0f} % (95 % CI {100 * row[6]:.0f}–{100 * row[7]:.0f} %, {row[4]} of {row[5]} members)"


def groups(runs, panel, index):
    """[(label, [member indices])] splitting the members for one entity of a panel: by the entity's
    own default (lab and cloud panels) or by whether any lab or cloud defaulted (other panels);
    one group when every member falls on the same side."""
    n = len(runs)
    if panel.dim in ("lab", "cloud") and index is not None:
        hit = [bool((r.data[panel.dim + "_default"][:, index] > 0.5).any()) for r in runs]
        what = f"this {panel.dim} defaults"
    else:
        hit = [outcomes.first_default(r) is not None for r in runs]
        what = "a lab or cloud defaults"
    k = sum(hit)
    if k in (0, n):
        return [(f"all {n} members", list(range(n)))]
    return [(f"{what} ({k} of {n})", [i for i in range(n) if hit[i]]),
            (f"no such default ({n - k} of {n})", [i for i in range(n) if not hit[i]])]


def extremes(runs):
    """Rows (what, member file, seed, value, unit): the members at the ends of the key outcomes."""
    rows = []
    table = [dict((name, (unit, v)) for name, unit, v in outcomes.key_outcomes(r)) for r in runs]
    file = [r.path.rsplit("/", 1)[-1] for r in runs]
    seed = [r.attrs.get("seed", "") for r in runs]
    n_players = len(runs[0].names["lab"]) + len(runs[0].names["cloud"])
    for name, how in (("labs and clouds in default at the end", "most"),
                      ("labs and clouds in default at the end", "fewest"),
                      ("first default", "earliest"),
                      ("lab revenue, last 12 months", "highest"), ("lab revenue, last 12 months", "lowest"),
                      ("lowest investor sentiment", "lowest")):
        if name not in table[0]:
            continue
        v = np.array([t[name][1] for t in table], dtype=float)
        if not np.isfinite(v).any() or np.nanmax(v) == np.nanmin(v):   # no member stands out
            continue
        i = int(np.nanargmax(v) if how in ("most", "highest") else np.nanargmin(v))
        what = f"{how} {name}"
        if name.startswith("labs and clouds in default") and how == "most":
            last = runs[i].records - 1
            labs = int((runs[i].data["lab_default"][last] > 0.5).sum())
            what += (f": every lab defaults ({labs} of {len(runs[i].names['lab'])})"
                     if labs == len(runs[i].names["lab"]) else f": {int(v[i])} of {n_players}")
        rows.append((what, file[i], seed[i], float(v[i]), table[i][name][0]))
    return rows


def default_rows(runs):
    rows = []
    years = sorted({y for r in runs for y in outcomes.years_ending(r)})
    for kind in ("lab", "cloud"):
        for i, name in enumerate(runs[0].names[kind]):
            for y in years:
                hits = members = 0
                for r in runs:
                    m = outcomes.record_of_december(r, y)
                    if m is not None:
                        members += 1
                        hits += int(r.data[kind + "_default"][m, i] > 0.5)
                rows.append(_row("defaulted", f"{kind} {name}", f"{y}-12", hits, members))
    return rows


def revenue_rows(runs, years=(2027, 2030)):
    rows = []
    subjects = [("all labs", lambda r: outcomes.annualised_revenue(r))]
    for i, name in enumerate(runs[0].names["lab"]):
        subjects.append((f"lab {name}", lambda r, i=i: _lab_annualised(r, i)))
    for y in years:
        for subject, get in subjects:
            answers = [outcomes.reaches_by(get(r), r, y) for r in runs]
            known = [a for a in answers if a is not None]
            rows.append(_row("annualised revenue >= 100 billion USD/year", subject, f"{y}-12", sum(known), len(known)))
    return rows


def _lab_annualised(run, i):
    r = 12 * run.data["lab_revenue"][:, i].copy()
    r[0] = np.nan
    return r


def first_default_rows(runs):
    """Year of the first default (or none by the end of the run) and who falls first."""
    n = len(runs)
    firsts = [outcomes.first_default(r) for r in runs]
    end = outcomes.date_label(runs[0], runs[0].records - 1)
    years = collections.Counter(outcomes.month_of_record(r, f[0])[0] for r, f in zip(runs, firsts) if f)
    rows = [_row("first default in year", "any lab or cloud", str(y), c, n) for y, c in sorted(years.items())]
    rows.append(_row("no default", "any lab or cloud", end, sum(f is None for f in firsts), n))
    who = collections.Counter(" & ".join(f[1]) for f in firsts if f)
    rows += [_row("falls first", w, end, c, n) for w, c in who.most_common()]
    return rows


def probabilities(runs):
    """The probabilities table: rows of PROB_HEADER."""
    return default_rows(runs) + revenue_rows(runs) + first_default_rows(runs)


def member_rows(runs):
    """One row per member: file, seed, first default (date, who), then the key outcomes."""
    header = ["member", "seed", "first_default", "falls_first"]
    header += [f"{name} [{unit}]" for name, unit, _ in outcomes.key_outcomes(runs[0])]
    rows = []
    for r in runs:
        f = outcomes.first_default(r)
        rows.append([r.path.rsplit("/", 1)[-1], r.attrs.get("seed", ""),
                     outcomes.date_label(r, f[0]) if f else "none", " & ".join(f[1]) if f else ""]
                    + [v for _, _, v in outcomes.key_outcomes(r)])
    return header, rows


def first_default_years(runs):
    """Decimal years of the members' first defaults (members without one are left out)."""
    return [outcomes.decimal_month(r, f[0]) for r in runs for f in [outcomes.first_default(r)] if f]


def outcome_quantile_rows(runs):
    """Key outcomes over members: median and the 5 %, 25 %, 75 %, 95 % quantiles."""
    table = [outcomes.key_outcomes(r) for r in runs]
    rows = []
    for j, (name, unit, _) in enumerate(table[0]):
        v = np.array([t[j][2] for t in table], dtype=float)
        q = quantiles(v[:, None])[:, 0] if np.isfinite(v).any() else [np.nan] * 5
        rows.append([name, unit, int(np.isfinite(v).sum())] + [float(x) for x in q])
    return ["outcome", "unit", "members_with_value", "q05", "q25", "median", "q75", "q95"], rows
