"""morris — Morris elementary-effects screening as a command: `aiecon-morris CAL.yaml -o OUT`
(also `python3 -m aiecon.morris`): which parameters move the outcomes at all, and which are inert.

The parameters, their ranges, the scenario and the seeds come from a calibration file (the format
of aiecon.calibspec; its `moments` function gives the outcomes screened, e.g.
aiecon.moments:outcomes: lab revenue, default, first default date, adoption). The design is r
Morris trajectories on a grid of `levels` levels in the box scaled to [0, 1]: each trajectory
starts at a base point whose levels come from SciPy's Latin hypercube (stats.qmc, so the r
starts spread over the box), then moves one parameter at a time by Δ = levels / (2 (levels − 1))
in a random order: r (k + 1) runs for k parameters. The elementary effect of parameter j on an
outcome is the change of the outcome per unit of scaled parameter; μ* (the mean of its absolute
values) ranks influence, σ (their standard deviation) shows interaction or non-linearity
(Campolongo, Cariboni & Saltelli 2007). A parameter whose μ* is 0 for every outcome is reported
as inert. Runs go through aiecon.msm.Evaluator (common random numbers: the file's seeds for every
point; a process pool; the cache OUT/cache.jsonl, so an interrupted screening resumes).
Outputs: OUT/morris.csv (parameter, outcome, mu_star, mu, sigma), OUT/morris.png (μ* per
outcome), OUT/morris.yaml (the same and the inert parameters). Exit status as aiecon-calibrate's.
"""
import argparse
import csv
import io
import os
import sys
import time

import numpy as np

from . import moments as moments_mod
from . import msm
from .calibrate import LocalRunner, _write, context_of
from .calibspec import SpecError, check_against_binary, read_calibration
from .runner import RunError, find_binary


SHOWN = 12   # parameters named per outcome on stderr (all of them are in morris.csv)


def design(k, r, levels=4, seed=1):
    """(r (k + 1), k) points in [0, 1]^k, r trajectories of k + 1 points one after the other, and
    [(row, row + 1, j)]: the pairs of consecutive points that differ in parameter j only."""
    from scipy.stats import qmc
    delta = levels / (2.0 * (levels - 1))
    starts = np.floor(qmc.LatinHypercube(d=k, seed=seed).random(r) * (levels // 2)) / (levels - 1)
    rng = np.random.default_rng(seed)
    points, steps = [], []
    for base in starts:
        x = base.copy()
        points.append(x.copy())
        for j in rng.permutation(k):
            x[j] = x[j] + delta if x[j] + delta <= 1 + 1e-12 else x[j] - delta
            points.append(x.copy())
            steps.append((len(points) - 2, len(points) - 1, int(j)))
    return np.array(points), steps


def effects(points, steps, y, k):
    """{parameter index: (mu_star, mu, sigma)} of the outcome values y (one per point)."""
    ee = {j: [] for j in range(k)}
    for a, b, j in steps:
        ee[j].append((y[b] - y[a]) / (points[b, j] - points[a, j]))
    out = {}
    for j, e in ee.items():
        e = np.array(e)
        out[j] = (float(np.mean(np.abs(e))), float(np.mean(e)), float(np.std(e, ddof=1)) if len(e) > 1 else 0.0)
    return out


FIGURE_MAX = 30   # parameters drawn at most


def ranked_by_relative_mu_star(table, names, outcomes):
    """names by their largest μ* relative to the largest μ* of the same outcome, most influential first."""
    top = {o: max(table[(n, o)][0] for n in names) for o in outcomes}
    score = {n: max((table[(n, o)][0] / top[o] if top[o] > 0 else 0.0) for o in outcomes) for n in names}
    return sorted(names, key=lambda n: -score[n])


def figure(table, names, outcomes, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    title = "Morris screening: mean absolute elementary effect per unit of the scaled range"
    if len(names) > FIGURE_MAX:   # a screening of every parameter: the most influential only
        names = ranked_by_relative_mu_star(table, names, outcomes)[:FIGURE_MAX]
        title += f"\n(the {FIGURE_MAX} largest relative to each outcome's largest; all in morris.csv)"
    fig, axes = plt.subplots(1, len(outcomes), figsize=(3.2 * len(outcomes), 0.4 * len(names) + 1.6), sharey=True)
    axes = np.atleast_1d(axes)
    y = np.arange(len(names))
    for ax, o in zip(axes, outcomes):
        ax.barh(y, [table[(n, o)][0] for n in names], color="tab:blue", label="μ*")
        ax.plot([table[(n, o)][2] for n in names], y, "o", color="tab:orange", label="σ")
        ax.set_title(o, fontsize=8)
        ax.set_xlabel("μ* (bar), σ (dot) [outcome's unit]", fontsize=8)
    axes[0].set_yticks(y, names, fontsize=8)
    axes[0].invert_yaxis()
    fig.suptitle(title, fontsize=9)
    fig.tight_layout()
    fig.savefig(path + ".tmp.png", dpi=100)
    plt.close(fig)
    os.replace(path + ".tmp.png", path)


def load_study(path, binary=None):
    """(binary, calibration) for a design study (Morris here, Sobol in aiecon.sobol): the binary
    found, the calibration file read (no facts needed) and checked against it, its moments
    function importable. Raises SpecError, RunError, ImportError or AttributeError (exit 2)."""
    binary = find_binary(binary)
    cal = read_calibration(path, need_facts=False)
    check_against_binary(cal, binary)
    moments_mod.load(cal.moments)
    return binary, cal


def evaluate(cal, binary, points, out_dir, jobs):
    """The moments ({outcome: value}, one dict per point) of the scaled design points in [0, 1]^k,
    run through msm.Evaluator (common random numbers over the file's seeds, a pool of `jobs`,
    the resume cache OUT/cache.jsonl), and the number of simulations actually run. Raises RunError."""
    lo, hi = msm.scale(cal)
    runner = LocalRunner({"binary": binary, "scenario": cal.scenario, "steps": cal.steps, "ranks": cal.ranks,
                          "moments": cal.moments}, jobs)
    say = lambda text: print(f"{os.path.basename(out_dir)}: {text}", file=sys.stderr, flush=True)   # noqa: E731
    ev = msm.Evaluator(cal, runner, context_of(cal, binary), os.path.join(out_dir, "cache.jsonl"), progress=say)
    try:
        ms = ev.moments([lo + p * (hi - lo) for p in points])
        return ms, ev.simulations
    finally:
        runner.close()


def main(argv=None):
    ap = argparse.ArgumentParser(prog="aiecon-morris", description=__doc__.splitlines()[0])
    ap.add_argument("calibration", help="a calibration file: parameters with bounds, scenario, seeds, moments")
    ap.add_argument("-o", "--output", help="output folder (default: morris-NAME); also the resume cache")
    ap.add_argument("--trajectories", type=int, default=4, help="Morris trajectories r (default 4): r (k+1) points")
    ap.add_argument("--levels", type=int, default=4, help="grid levels (even, default 4)")
    ap.add_argument("--seed", type=int, default=1, help="seed of the design (default 1)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--binary")
    a = ap.parse_args(argv)
    say = lambda text: print(f"aiecon-morris: {text}", file=sys.stderr, flush=True)   # noqa: E731
    try:
        if a.trajectories < 2 or a.levels < 2 or a.levels % 2 or a.jobs < 1:
            raise SpecError("--trajectories, --levels, --jobs: expected trajectories >= 2, an even levels >= 2, jobs >= 1")
        binary, cal = load_study(a.calibration, a.binary)
    except (SpecError, RunError, ImportError, AttributeError) as e:
        print(f"aiecon-morris: {e}", file=sys.stderr)
        return 2
    t0 = time.monotonic()
    k = len(cal.parameters)
    points, steps = design(k, a.trajectories, a.levels, a.seed)
    out_dir = os.path.abspath(a.output or f"morris-{os.path.splitext(os.path.basename(a.calibration))[0]}")
    os.makedirs(out_dir, exist_ok=True)
    say(f"{k} parameters, {a.trajectories} trajectories: {len(points)} points × {len(cal.seeds)} seed(s)")
    try:
        ms, simulations = evaluate(cal, binary, points, out_dir, a.jobs)
    except RunError as e:
        say(f"a simulation failed: {e}")
        return 1
    outcomes = sorted(set.intersection(*(set(m) for m in ms)))
    names = [p.key for p in cal.parameters]
    table = {}
    for o in outcomes:
        y = np.array([m[o] for m in ms])
        for j, v in effects(points, steps, y, k).items():
            table[(names[j], o)] = v
    inert = [n for n in names if all(table[(n, o)][0] == 0 for o in outcomes)]
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["parameter", "outcome", "mu_star", "mu", "sigma"])
    for n in names:
        for o in outcomes:
            w.writerow([n, o, *(f"{x:.6g}" for x in table[(n, o)])])
    _write(os.path.join(out_dir, "morris.csv"), buf.getvalue())
    import yaml
    _write(os.path.join(out_dir, "morris.yaml"), yaml.safe_dump({
        "calibration": os.path.abspath(cal.path), "scenario": cal.scenario, "seeds": cal.seeds,
        "trajectories": a.trajectories, "levels": a.levels, "runs": len(points) * len(cal.seeds),
        "simulations_run": simulations, "wall_time_s": round(time.monotonic() - t0, 1),
        "outcomes": {o: moments_mod.OUTCOMES.get(o, o) for o in outcomes},
        "effects": {n: {o: dict(zip(("mu_star", "mu", "sigma"), table[(n, o)])) for o in outcomes} for n in names},
        "inert": inert}, sort_keys=False, width=110))
    figure(table, names, outcomes, os.path.join(out_dir, "morris.png"))
    for o in outcomes:
        ranked = sorted(names, key=lambda n: -table[(n, o)][0])
        more = f" and {len(ranked) - SHOWN} more (morris.csv)" if len(ranked) > SHOWN else ""
        say(f"{o}: " + ", ".join(f"{n} {table[(n, o)][0]:.3g}" for n in ranked[:SHOWN]) + more)
    more = f" and {len(inert) - SHOWN} more (morris.yaml)" if len(inert) > SHOWN else ""
    say(f"inert (no effect on any outcome): {', '.join(inert[:SHOWN]) or 'none'}{more}")
    say(f"wrote {out_dir}/morris.csv, morris.yaml, morris.png ({simulations} simulations, "
        f"{time.monotonic() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
