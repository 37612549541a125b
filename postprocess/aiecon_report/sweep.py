"""sweep — the design of a parameter sweep and the sensitivity of the key outcomes to it.

Each row_<i>.nc of a sweep folder records its design in two global attributes: `sweep_row`, the
row's --set assignments `key=value` one a line, and `sweep_index`, the row's number. design()
reads them back; sensitivity() gives, for each swept parameter and key outcome, the outcome's
mean at each value of the parameter (over the rows with that value) and the range of those means
(a main effect: the tornado's bar length).
"""
import os
import re

import numpy as np

from . import outcomes


def parse_row(text):
    """[(key, value)] of a sweep_row attribute; values as floats where they are numbers."""
    pairs = []
    for line in str(text).splitlines():
        if line.strip():
            key, _, value = line.strip().partition("=")
            pairs.append((key.strip(), _number(value.strip())))
    return pairs


def _number(text):
    try:
        return float(text)
    except ValueError:
        return text


def design(runs):
    """(parameters, [(index, {key: value})]) in row order."""
    rows, params = [], []
    for i, r in enumerate(runs):
        pairs = parse_row(r.attrs["sweep_row"])
        for k, _ in pairs:
            if k not in params:
                params.append(k)
        rows.append((int(r.attrs.get("sweep_index", i)), dict(pairs)))
    return params, rows


def outcome_table(runs):
    """Header and rows: sweep index, the row's parameter values, its key outcomes."""
    params, rows = design(runs)
    names = [f"{n} [{u}]" for n, u, _ in outcomes.key_outcomes(runs[0])]
    table = []
    for (index, values), r in zip(rows, runs):
        table.append([index] + [values.get(p, "") for p in params] + [v for _, _, v in outcomes.key_outcomes(r)])
    return ["sweep_index"] + params + names, table


def _means_by_value(xs, ys):
    groups = {}
    for x, y in zip(xs, ys):
        if np.isfinite(y):
            groups.setdefault(x, []).append(y)
    return {x: float(np.mean(v)) for x, v in groups.items()}


def _sort_key(x):
    return (0, x, "") if isinstance(x, float) else (1, 0.0, str(x))


def sensitivity(runs):
    """Rows: parameter, outcome, unit, values, mean outcome per value, range of the means."""
    params, rows = design(runs)
    table = [outcomes.key_outcomes(r) for r in runs]
    out = []
    for p in params:
        xs = [v.get(p) for _, v in rows]
        for j, (name, unit, _) in enumerate(table[0]):
            means = _means_by_value(xs, [t[j][2] for t in table])
            keys = sorted((k for k in means if k is not None), key=_sort_key)
            span = max(means.values()) - min(means.values()) if means else float("nan")
            out.append([p, name, unit, " ".join(fmt(k) for k in keys),
                        " ".join(f"{means[k]:.4g}" for k in keys), span])
    return ["parameter", "outcome", "unit", "values", "mean_outcome_per_value", "range_of_means"], out


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
