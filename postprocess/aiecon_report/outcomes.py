"""outcomes — dates and the scalar key outcomes of one run.

Time convention (docs/OUTPUT.md): record m >= 1 is the end of month m, month 1 being the run's
start month; flows at record m are the month's total, so a calendar year is the sum of its 12
records. A default flag that rises at record m means a default in month m.
"""
import numpy as np

BILLION = 1e9
REVENUE_TARGET = 100e9   # USD per year: "does lab revenue reach $100B a year?"


def month_of_record(run, m):
    """(year, month) of month m (record m's month); m >= 1."""
    k = run.start[0] * 12 + run.start[1] - 1 + m - 1
    return k // 12, k % 12 + 1


def date_label(run, m):
    y, mo = month_of_record(run, m)
    return f"{y}-{mo:02d}"


def decimal_month(run, m):
    """Decimal year at the start of month m (so a default in January 2027 is 2027.0)."""
    y, mo = month_of_record(run, m)
    return y + (mo - 1) / 12


def record_of_december(run, year):
    """The record of December `year`, or None when the run does not reach it."""
    m = (year - run.start[0]) * 12 + 12 - (run.start[1] - 1)
    return m if 1 <= m < run.records else None


def year_slice(run, year):
    """Records of calendar `year` (all 12 months simulated), or None."""
    last = record_of_december(run, year)
    if last is None or last - 11 < 1:
        return None
    return slice(last - 11, last + 1)


def full_years(run):
    first = run.start[0] if run.start[1] == 1 else run.start[0] + 1
    return [y for y in range(first, month_of_record(run, run.records - 1)[0] + 1) if year_slice(run, y)]


def years_ending(run):
    """Calendar years whose December the run reaches."""
    return [y for y in range(run.start[0], month_of_record(run, run.records - 1)[0] + 1)
            if record_of_december(run, y) is not None]


def defaults(run):
    """[(record, 'lab'/'cloud', name)] of every default, in time order. A lab restructured after a
    default (lab_restructured 1, lab_default 0 from then) defaulted too: it stopped paying and its
    owners and lenders took losses, so it counts here, in its default month."""
    out = []
    for kind in ("lab", "cloud"):
        flags = run.data[kind + "_default"]
        if kind == "lab" and "lab_restructured" in run.data:
            flags = np.maximum(flags, run.data["lab_restructured"])
        for i, name in enumerate(run.names[kind]):
            hit = np.flatnonzero(flags[:, i] > 0.5)
            if hit.size:
                out.append((int(hit[0]), kind, name))
    return sorted(out)


def first_default(run):
    """(record, [who, ...]) of the first default month (several fall in the same month), or None."""
    d = defaults(run)
    if not d:
        return None
    m = d[0][0]
    return m, [f"{kind} {name}" for r, kind, name in d if r == m]


def revenue_in_year(run, year):
    """All labs' revenue in calendar `year` [USD], NaN when not simulated."""
    s = year_slice(run, year)
    return float(np.nansum(run.data["lab_revenue"][s])) if s else float("nan")


def annualised_revenue(run):
    """12 × each month's revenue of all labs together [USD/year] (record 0 NaN)."""
    r = 12 * np.nansum(run.data["lab_revenue"], axis=1)
    r[0] = np.nan
    return r


def reaches_by(series, run, year, target=REVENUE_TARGET):
    """True/False: the annualised series reaches target in a month up to December `year`; None if not simulated."""
    m = record_of_december(run, year)
    if m is None:
        return None
    return bool(np.nanmax(np.where(np.isfinite(series[1:m + 1]), series[1:m + 1], -np.inf)) >= target)


def key_outcomes(run):
    """[(name, unit, value)]: the figures a sweep or a comparison of scenarios is judged by."""
    last = run.records - 1
    first = first_default(run)
    users = run.data["households_users"][last].sum()
    rows = [
        ("lab revenue, last 12 months", "billion USD, nominal", float(np.nansum(run.data["lab_revenue"][max(1, last - 11):])) / BILLION),
        ("peak annualised lab revenue", "billion USD/year, nominal", float(np.nanmax(annualised_revenue(run)[1:])) / BILLION),
    ]
    for year in (2027, 2030):
        if year_slice(run, year):
            rows.append((f"lab revenue {year}", "billion USD, nominal", revenue_in_year(run, year) / BILLION))
    rows += [
        ("commitments left at the end", "billion USD, nominal", float(np.nansum(run.data["lab_commitments"][last])) / BILLION),
        ("first default", "decimal year", decimal_month(run, first[0]) if first else float("nan")),
        ("labs and clouds in default at the end", "count",
         float((run.data["lab_default"][last] > 0.5).sum() + (run.data["cloud_default"][last] > 0.5).sum())),
        ("people using AI at the end", "million", float(users) / 1e6),
        ("clouds' AI capacity at the end", "GW", float(np.nansum(run.data["cloud_capacity"][last])) / 1e3),
        ("investor sentiment at the end", "1", float(run.data["investor_sentiment"][last])),
        ("lowest investor sentiment", "1", float(np.nanmin(run.data["investor_sentiment"]))),
    ]
    return rows
