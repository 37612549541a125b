"""sobol — Sobol variance-based sensitivity indices as a command: `aiecon-sobol CAL.yaml -o OUT`
(also `python3 -m aiecon.sobol`): how much of each outcome's variance each parameter explains,
alone (first order, S1) and with its interactions (total, ST).

Morris (aiecon-morris) screens every parameter cheaply; Sobol then quantifies the few that matter,
for the outcomes users ask about (the calibration file's `moments`, e.g. aiecon.moments:outcomes:
lab A's revenue in the last year, its default, the first default's month, adoption at the end).
Design (Saltelli 2002; Saltelli et al. 2010): two independent N × k matrices A and B of scaled
parameters, from one scrambled Sobol' sequence of dimension 2k (SciPy's stats.qmc.Sobol; the first
k columns are A, the last k are B), and for each parameter i the matrix AB_i, A with its column i
taken from B: N (k + 2) runs. Estimators, f the outcome and V the variance of f over A and B:
    S1_i = mean(f(B) (f(AB_i) − f(A))) / V              (Saltelli et al. 2010, their (b))
    ST_i = mean((f(A) − f(AB_i))²) / (2 V)              (Jansen 1999)
Confidence intervals: a bootstrap over the N rows (--bootstrap, default 200 resamples), 95 %.
SciPy 1.11's stats.sobol_indices does the same; Debian 12's SciPy (1.10) does not have it, so the
two estimators are written here (tests/python/test_sobol.py checks them against the Ishigami
function's analytic indices). An outcome constant over the design has V = 0: its indices are
reported as 0 (nothing to explain), flagged `constant`.
Runs go through aiecon.morris.evaluate (aiecon.msm.Evaluator: common random numbers, the file's
seeds for every point; a process pool; the cache OUT/cache.jsonl, so an interrupted study
resumes). Outputs: OUT/sobol.csv
(parameter, outcome, S1, S1_low, S1_high, ST, ST_low, ST_high), OUT/sobol.yaml, OUT/sobol.png.
Cost: N (k + 2) runs × seeds; N a power of 2 (the Sobol' sequence's balance).
"""
import argparse
import csv
import io
import os
import sys
import time

import numpy as np

from . import moments as moments_mod
from .calibrate import _write
from .calibspec import SpecError
from .morris import evaluate, load_study
from .runner import RunError


def design(k, n, seed=1):
    """The Saltelli design in [0, 1]^k: (A, B, AB) with A, B of shape (n, k) and AB of shape
    (k, n, k), AB[i] = A with column i from B. The caller owns the arrays."""
    from scipy.stats import qmc
    base = qmc.Sobol(d=2 * k, scramble=True, seed=seed).random(n)
    a, b = base[:, :k], base[:, k:]
    ab = np.repeat(a[None, :, :], k, axis=0)
    for i in range(k):
        ab[i, :, i] = b[:, i]
    return a, b, ab


def indices(fa, fb, fab):
    """(S1, ST) arrays of length k from the outcome at A (n), B (n) and AB (k, n); zeros when
    the outcome does not vary."""
    var = np.var(np.concatenate([fa, fb]))
    if var == 0:
        return np.zeros(len(fab)), np.zeros(len(fab))
    s1 = np.mean(fb[None, :] * (fab - fa[None, :]), axis=1) / var
    st = 0.5 * np.mean((fa[None, :] - fab) ** 2, axis=1) / var
    return s1, st


def bootstrap(fa, fb, fab, resamples, seed=1, level=0.95):
    """Percentile intervals ((S1_low, S1_high), (ST_low, ST_high)), each an array of length k,
    from resampling the n rows of the design with replacement."""
    rng = np.random.default_rng(seed)
    n = len(fa)
    s1s, sts = [], []
    for _ in range(resamples):
        r = rng.integers(0, n, n)
        s1, st = indices(fa[r], fb[r], fab[:, r])
        s1s.append(s1)
        sts.append(st)
    q = [(1 - level) / 2 * 100, (1 + level) / 2 * 100]
    s1_lo, s1_hi = np.percentile(np.array(s1s), q, axis=0)
    st_lo, st_hi = np.percentile(np.array(sts), q, axis=0)
    return (s1_lo, s1_hi), (st_lo, st_hi)


def figure(table, names, outcomes, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, len(outcomes), figsize=(3.2 * len(outcomes), 0.45 * len(names) + 1.6), sharey=True)
    axes = np.atleast_1d(axes)
    y = np.arange(len(names))
    for ax, o in zip(axes, outcomes):
        st = [table[(n, o)]["ST"] for n in names]
        s1 = [table[(n, o)]["S1"] for n in names]
        ax.barh(y + 0.2, st, height=0.4, color="tab:orange", label="total ST",
                xerr=[[max(0, table[(n, o)]["ST"] - table[(n, o)]["ST_low"]) for n in names],
                      [max(0, table[(n, o)]["ST_high"] - table[(n, o)]["ST"]) for n in names]])
        ax.barh(y - 0.2, s1, height=0.4, color="tab:blue", label="first order S1")
        ax.set_title(o, fontsize=8)
        ax.set_xlim(-0.05, 1.05)
        ax.set_xlabel("share of the outcome's variance [1]", fontsize=8)
    axes[0].set_yticks(y, names, fontsize=8)
    axes[0].invert_yaxis()
    axes[0].legend(fontsize=7, loc="lower right")
    fig.suptitle("Sobol indices: variance explained by each parameter alone (S1) and with its interactions (ST)",
                 fontsize=9)
    fig.tight_layout()
    fig.savefig(path + ".tmp.png", dpi=100)
    plt.close(fig)
    os.replace(path + ".tmp.png", path)


def main(argv=None):
    ap = argparse.ArgumentParser(prog="aiecon-sobol", description=__doc__.splitlines()[0])
    ap.add_argument("calibration", help="a calibration file: parameters with bounds, scenario, seeds, moments")
    ap.add_argument("-o", "--output", help="output folder (default: sobol-NAME); also the resume cache")
    ap.add_argument("--samples", type=int, default=64, help="N, a power of 2 (default 64): N (k+2) points")
    ap.add_argument("--bootstrap", type=int, default=200, help="bootstrap resamples for the 95 %% intervals")
    ap.add_argument("--seed", type=int, default=1, help="seed of the design's scrambling (default 1)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--binary")
    a = ap.parse_args(argv)
    say = lambda text: print(f"aiecon-sobol: {text}", file=sys.stderr, flush=True)   # noqa: E731
    try:
        if a.samples < 4 or a.samples & (a.samples - 1) or a.bootstrap < 0 or a.jobs < 1:
            raise SpecError("--samples, --bootstrap, --jobs: expected a power of 2 >= 4, bootstrap >= 0, jobs >= 1")
        binary, cal = load_study(a.calibration, a.binary)
    except (SpecError, RunError, ImportError, AttributeError) as e:
        print(f"aiecon-sobol: {e}", file=sys.stderr)
        return 2
    t0 = time.monotonic()
    k, n = len(cal.parameters), a.samples
    sa, sb, sab = design(k, n, a.seed)
    points = np.concatenate([sa, sb, sab.reshape(k * n, k)])
    out_dir = os.path.abspath(a.output or f"sobol-{os.path.splitext(os.path.basename(a.calibration))[0]}")
    os.makedirs(out_dir, exist_ok=True)
    say(f"{k} parameters, N = {n}: {len(points)} points × {len(cal.seeds)} seed(s)")
    try:
        ms, simulations = evaluate(cal, binary, points, out_dir, a.jobs)
    except RunError as e:
        say(f"a simulation failed: {e}")
        return 1
    outcomes = sorted(set.intersection(*(set(m) for m in ms)))
    names = [p.key for p in cal.parameters]
    table, constant = {}, []
    for o in outcomes:
        y = np.array([m[o] for m in ms], dtype=float)
        fa, fb, fab = y[:n], y[n:2 * n], y[2 * n:].reshape(k, n)
        s1, st = indices(fa, fb, fab)
        (s1_lo, s1_hi), (st_lo, st_hi) = bootstrap(fa, fb, fab, a.bootstrap, a.seed) if a.bootstrap else ((s1, s1), (st, st))
        if np.var(y[:2 * n]) == 0:
            constant.append(o)
        for j, name in enumerate(names):
            table[(name, o)] = {"S1": float(s1[j]), "S1_low": float(s1_lo[j]), "S1_high": float(s1_hi[j]),
                                "ST": float(st[j]), "ST_low": float(st_lo[j]), "ST_high": float(st_hi[j])}
    cols = ["S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high"]
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["parameter", "outcome", *cols])
    for name in names:
        for o in outcomes:
            w.writerow([name, o, *(f"{table[(name, o)][c]:.6g}" for c in cols)])
    _write(os.path.join(out_dir, "sobol.csv"), buf.getvalue())
    import yaml
    _write(os.path.join(out_dir, "sobol.yaml"), yaml.safe_dump({
        "calibration": os.path.abspath(cal.path), "scenario": cal.scenario, "seeds": cal.seeds,
        "samples": n, "runs": len(points) * len(cal.seeds), "simulations_run": simulations,
        "bootstrap": a.bootstrap, "wall_time_s": round(time.monotonic() - t0, 1),
        "outcomes": {o: moments_mod.OUTCOMES.get(o, o) for o in outcomes}, "constant": constant,
        "indices": {name: {o: table[(name, o)] for o in outcomes} for name in names}}, sort_keys=False, width=110))
    figure(table, names, outcomes, os.path.join(out_dir, "sobol.png"))
    for o in outcomes:
        ranked = sorted(names, key=lambda x: -table[(x, o)]["ST"])
        say(f"{o}: ST " + ", ".join(f"{x} {table[(x, o)]['ST']:.2f}" for x in ranked))
    if constant:
        say(f"constant over the design (indices 0): {', '.join(constant)}")
    say(f"wrote {out_dir}/sobol.csv, sobol.yaml, sobol.png ({simulations} simulations, "
        f"{time.monotonic() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
