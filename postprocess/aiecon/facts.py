"""facts — the calibration facts of the baseline (inputs/facts/facts.csv) for programs.

read_facts() returns the CSV's lines as dicts (value and tolerance as floats); the file is found at
`path`, else $AIECON_FACTS, else inputs/facts/facts.csv of the source tree this package lies in
(an installed package has no source tree: pass the path or set AIECON_FACTS). calibration_window()
is the span of months the fitted facts cover, which the report shades on its time axes.
"""
import csv
import os

FACTS_ENV = "AIECON_FACTS"


def default_path():
    """The facts file: $AIECON_FACTS, else the source tree's inputs/facts/facts.csv; None if neither exists."""
    here = os.path.dirname(os.path.abspath(__file__))
    for p in (os.environ.get(FACTS_ENV), os.path.join(here, "..", "..", "inputs", "facts", "facts.csv")):
        if p and os.path.isfile(p):
            return os.path.normpath(p)
    return None


def _float(text):
    try:
        return float(text)
    except ValueError:
        return float("nan")


def read_facts(path=None):
    """[dict] of the facts file's lines; value and tolerance as floats. OSError if there is none."""
    path = path or default_path()
    if not path:
        raise OSError(f"no facts file: inputs/facts/facts.csv not found and ${FACTS_ENV} not set")
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        r["value"] = _float(r["value"])
        r["tolerance"] = _float(r["tolerance"])
    return rows


def _month(text):
    y, m = text.split("-")
    return int(y), int(m)


def calibration_window(rows):
    """((year, month), (year, month)): first and last month of the fitted facts' periods, or None."""
    spans = [(_month(r["period_start"]), _month(r["period_end"])) for r in rows
             if r["role"] == "fitted" and r["period_start"] and r["period_end"]]
    if not spans:
        return None
    return min(s for s, _ in spans), max(e for _, e in spans)
