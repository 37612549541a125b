"""sweep — the design of a parameter sweep and the sensitivity of the key outcomes to it.

Each run of a sweep carries its parameters (load.Run.params: from the row's sweep_row or overrides
attribute, or the folder's design.csv). sensitivity() measures, for each swept parameter and key
outcome, how much the outcome depends on the parameter, by the kind of design:
  full grid   (every combination of the values, each once): the main effect, the range of the
              outcome's mean over the parameter's values;
  sampled     (Latin hypercube, random): the partial rank correlation coefficient (PRCC, -1..1)
              and the standardised regression coefficient (SRC) with the fit's R². In a Latin
              hypercube every value is distinct, so the range of means per value only measures the
              outcome's spread and ranks nothing; PRCC ranks the parameters by their own effect
              with the others' removed.
Parameters with text values (true/false, names) get main effects in either design. A sampled
design needs more rows than numeric parameters + 1; with fewer, PRCC is left empty and the page
says so.
"""
import os
import re

import numpy as np

from aiecon import stats

from . import outcomes

HEADER = ("parameter", "outcome", "unit", "method", "sensitivity", "rank", "src", "r2_of_src_fit",
          "values", "mean_outcome_per_value")
PRCC = "partial rank correlation"
MAIN = "main effect (range of means)"


def design(runs):
    """(parameters, [(index, {key: value})]) in row order."""
    rows, params = [], []
    for i, r in enumerate(runs):
        values = dict(r.params or {})
        params += [k for k in values if k not in params]
        rows.append((int(r.attrs.get("sweep_index", i)), values))
    return params, rows


def outcome_table(runs):
    """Header and rows: sweep index, the row's parameter values, its key outcomes."""
    params, rows = design(runs)
    names = [f"{n} [{u}]" for n, u, _ in outcomes.key_outcomes(runs[0])]
    table = []
    for (index, values), r in zip(rows, runs):
        table.append([index] + [values.get(p, "") for p in params] + [v for _, _, v in outcomes.key_outcomes(r)])
    return ["sweep_index"] + params + names, table


def _sort_key(x):
    return (0, x, "") if isinstance(x, float) else (1, 0.0, str(x))


def numeric(values):
    return all(isinstance(v, float) for v in values)


def design_kind(runs):
    """'grid' (a full factorial), 'sampled', or 'one row'."""
    params, rows = design(runs)
    if len(rows) < 2:
        return "one row"
    columns = [[v.get(p) for _, v in rows] for p in params]
    return "grid" if stats.is_full_grid(columns) else "sampled"


def sensitivity(runs):
    """(HEADER, rows, kind): per parameter and outcome the method, its sensitivity and the rank of
    the parameter for that outcome (1 = most influential, by |sensitivity|)."""
    params, rows = design(runs)
    kind = design_kind(runs)
    table = [outcomes.key_outcomes(r) for r in runs]
    columns = {p: [v.get(p) for _, v in rows] for p in params}
    sampled = [p for p in params if kind == "sampled" and numeric(columns[p])]
    X = np.array([[columns[p][i] for p in sampled] for i in range(len(rows))], dtype=float) \
        if sampled else np.empty((len(rows), 0))
    out = []
    for j, (name, unit, _) in enumerate(table[0]):
        y = np.array([t[j][2] for t in table], dtype=float)
        prcc = stats.partial_rank_correlation(X, y) if sampled else []
        src, r2 = stats.standardised_regression(X, y) if sampled else ([], float("nan"))
        block = []
        for p in params:
            means, span = stats.main_effects(columns[p], y)
            keys = sorted((k for k in means if k is not None), key=_sort_key)
            if p in sampled or len(keys) > 12:   # every value distinct: means per value say nothing
                values = f"{len(keys)} values from {fmt(keys[0])} to {fmt(keys[-1])}" if keys else ""
                per = ""
            else:
                values = " ".join(fmt(k) for k in keys)
                per = " ".join(f"{means[k]:.4g}" for k in keys)
            if p in sampled:
                i = sampled.index(p)
                block.append([p, name, unit, PRCC, float(prcc[i]), 0, float(src[i]), r2, values, per])
            else:
                block.append([p, name, unit, MAIN, span, 0, float("nan"), float("nan"), values, per])
        finite = sorted((r for r in block if np.isfinite(r[4])), key=lambda r: -abs(r[4]))
        for rank, r in enumerate(finite, 1):
            r[5] = rank
        for r in block:
            if not r[5]:
                r[5] = ""
        out += block
    return HEADER, out, kind


def ranking(rows, outcome):
    """[(parameter, sensitivity, method)] for one outcome, most influential first."""
    sel = [r for r in rows if r[1] == outcome and np.isfinite(r[4])]
    return [(r[0], r[4], r[3]) for r in sorted(sel, key=lambda r: -abs(r[4]))]


def fmt(x):
    return f"{x:g}" if isinstance(x, float) else str(x)


def scatter_data(runs):
    """(parameters, outcome names with units, xs per parameter, ys per outcome) for the scatter grid."""
    params, rows = design(runs)
    table = [outcomes.key_outcomes(r) for r in runs]
    names = [f"{n} [{u}]" for n, u, _ in table[0]]
    xs = {p: [v.get(p) for _, v in rows] for p in params}
    ys = {name: [t[j][2] for t in table] for j, name in enumerate(names)}
    return params, names, xs, ys


def parameter_units(params, folder=None):
    """{key: unit} from the `# ... [unit]` comments of the scenario files in inputs/ (best effort)."""
    folder = folder or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "inputs")
    text = ""
    for name in ("baseline.yaml", "tiny.yaml"):
        try:
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                text += f.read()
        except OSError:
            pass
    units = {}
    for p in params:
        leaf = re.sub(r"\[\d+\]$", "", p.rsplit(".", 1)[-1])
        m = re.search(rf"(?m)^\s*-?\s*{re.escape(leaf)}:[^#\n]*#.*\[([^\]\n]+)\]\s*$", text)
        if m:
            units[p] = m.group(1)
    return units
