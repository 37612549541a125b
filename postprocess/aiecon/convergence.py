"""convergence — how many agents a scenario needs: `aiecon-convergence SCENARIO -o OUT` (also
`python3 -m aiecon.convergence`) runs it at several agent counts and seeds and reports, for the
outcomes users ask about, their mean and spread over seeds against the number of agents.

Each population is simulated by agents that stand for many real households or firms
(regions.*.household_agents, business_agents); too few agents and an outcome depends on the seed
(sampling noise) or drifts with the count (a bias: a tail event such as a default that happens only
when few agents make the adoption path noisy). The study multiplies every region's household and
business agents by each factor of --scales (so the shares between regions stay), runs --seeds
seeds at each, and computes aiecon.moments:outcomes on every run (lab A's revenue in the last year,
its default, the first default's month, adoption at the end). An outcome is *converged* at a scale
when (a) its standard deviation over seeds is within its precision and (b) its mean is within its
precision of the mean at the largest scale; the precisions are --precision (defaults below: 1 %
of lab A's revenue, 1 month, 0.5 percentage points of adoption, and a default that every seed
agrees on). The agent count needed is the smallest scale at which every outcome has converged.
Outputs: OUT/convergence.csv (one row per run), OUT/convergence.yaml (per scale and outcome: mean,
standard deviation, converged; the agent count needed), OUT/convergence.png (mean ± one standard
deviation over seeds against the number of agents, log scale). Runs already in OUT/runs.jsonl are
not repeated, so an interrupted study resumes. Cost: scales × seeds runs, each as long as the
scenario at that count (the baseline: about 4e-6 core-seconds per agent-month).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from concurrent import futures

import numpy as np

from . import moments
from .runner import QUIET_ENV, ROOT_ENV, RunError, command, find_binary

# outcome: (kind, default precision): "rel" a share of the largest scale's mean, "abs" the
# outcome's unit, "agree" every seed gives the same value (a probability of 0 or 1)
PRECISION = {
    "lab0_revenue_last_year": ("rel", 0.01),
    "first_default_month": ("abs", 1.0),
    "households_adopted_end": ("abs", 0.5),
    "lab0_defaulted": ("agree", 0.0),
}


def populations(binary, scenario):
    """{region name: (household_agents, business_agents)} of the scenario, as aiecon resolves it."""
    import yaml
    out = subprocess.run([binary, "check", scenario], capture_output=True, text=True, check=True).stdout
    return {r["name"]: (int(r["household_agents"]), int(r.get("business_agents") or 0))
            for r in yaml.safe_load(out)["regions"]}


def assignments(pops, scale):
    """The --set assignments that multiply every region's agents by scale (at least 1 household
    agent; a region without firms keeps none)."""
    sets = {}
    for name, (hh, biz) in pops.items():
        sets[f"regions.{name}.household_agents"] = max(1, int(round(hh * scale)))
        if biz:
            sets[f"regions.{name}.business_agents"] = max(1, int(round(biz * scale)))
    return sets


def summarise(rows, scales, precision):
    """{scale: {outcome: {mean, sd, converged}}} and the smallest scale at which every outcome has
    converged (None if none): rows are {scale, seed, outcome...} dicts."""
    top = max(scales)
    table = {}
    for s in scales:
        table[s] = {}
        for o, (kind, tol) in precision.items():
            x = np.array([r[o] for r in rows if r["scale"] == s], dtype=float)
            ref = np.array([r[o] for r in rows if r["scale"] == top], dtype=float).mean()
            mean, sd = float(x.mean()), float(x.std(ddof=1)) if len(x) > 1 else 0.0
            if kind == "agree":
                ok = bool(np.all(x == x[0])) and x[0] == np.array([r[o] for r in rows if r["scale"] == top])[0]
            else:
                bound = tol * abs(ref) if kind == "rel" else tol
                ok = sd <= bound and abs(mean - ref) <= bound
            table[s][o] = {"mean": mean, "sd": sd, "converged": bool(ok)}
    needed = None
    for s in sorted(scales):
        if all(table[t][o]["converged"] for t in scales if t >= s for o in precision):
            needed = s
            break
    return table, needed


def figure(rows, scales, agents, table, needed, path, title):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    names = list(PRECISION)
    fig, axes = plt.subplots(1, len(names), figsize=(3.4 * len(names), 3.6))
    x = np.array([agents[s] for s in scales], dtype=float)
    for ax, o in zip(axes, names):
        for s in scales:
            ys = [r[o] for r in rows if r["scale"] == s]
            ax.plot([agents[s]] * len(ys), ys, ".", color="0.6", ms=4)
        m = np.array([table[s][o]["mean"] for s in scales])
        sd = np.array([table[s][o]["sd"] for s in scales])
        ax.fill_between(x, m - sd, m + sd, color="tab:blue", alpha=0.25, lw=0)
        ax.plot(x, m, "o-", color="tab:blue")
        if needed is not None:
            ax.axvline(agents[needed], color="tab:green", ls="--", lw=1)
        ax.set_xscale("log")
        ax.set_xlabel("agents (households + firms)", fontsize=8)
        ax.set_title("\n".join(textwrap.wrap(moments.OUTCOMES[o], 42)), fontsize=7)
        ax.tick_params(labelsize=7)
    fig.suptitle(f"{title}: mean ± 1 s.d. over seeds (dots: seeds; dashed: agents needed)", fontsize=9)
    fig.tight_layout()
    fig.savefig(path + ".tmp.png", dpi=100)
    plt.close(fig)
    os.replace(path + ".tmp.png", path)


def main(argv=None):
    ap = argparse.ArgumentParser(prog="aiecon-convergence", description=__doc__.splitlines()[0])
    ap.add_argument("scenario")
    ap.add_argument("-o", "--output", help="output folder (default convergence-NAME); also the resume record")
    ap.add_argument("--scales", default="0.04,0.2,1,4", help="factors on every region's agents (default 0.04,0.2,1,4)")
    ap.add_argument("--seeds", type=int, default=4, help="seeds 1..N at each scale (default 4)")
    ap.add_argument("--ranks", type=int, default=1, help="MPI ranks per run (default 1)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="runs at a time")
    ap.add_argument("--precision", action="append", default=[], metavar="OUTCOME=VALUE",
                    help="override a precision (rel outcomes: a share; abs: the outcome's unit)")
    ap.add_argument("--binary")
    a = ap.parse_args(argv)
    say = lambda text: print(f"aiecon-convergence: {text}", file=sys.stderr, flush=True)   # noqa: E731
    precision = dict(PRECISION)
    try:
        binary = find_binary(a.binary)
        scales = sorted(float(s) for s in a.scales.split(","))
        if len(scales) < 2 or min(scales) <= 0 or a.seeds < 2 or a.jobs < 1 or a.ranks < 1:
            raise ValueError("expected at least 2 positive --scales, --seeds >= 2, --jobs and --ranks >= 1")
        for p in a.precision:
            k, _, v = p.partition("=")
            if k not in precision:
                raise ValueError(f"--precision {p}: unknown outcome (one of {', '.join(precision)})")
            precision[k] = (precision[k][0], float(v))
        pops = populations(binary, a.scenario)
    except (ValueError, RunError, subprocess.CalledProcessError) as e:
        print(f"aiecon-convergence: {e}", file=sys.stderr)
        return 2
    out_dir = os.path.abspath(a.output or f"convergence-{os.path.splitext(os.path.basename(a.scenario))[0]}")
    os.makedirs(out_dir, exist_ok=True)
    record = os.path.join(out_dir, "runs.jsonl")
    done = {}
    if os.path.exists(record):
        with open(record) as f:
            for line in f:
                try:
                    r = json.loads(line)
                    done[(r["scale"], r["seed"])] = r
                except (json.JSONDecodeError, KeyError):
                    pass   # a line cut by an interruption: that run is repeated
    agents = {s: sum(assignments(pops, s).values()) for s in scales}
    todo = [(s, seed) for s in scales for seed in range(1, a.seeds + 1) if (s, seed) not in done]
    say(f"{len(scales)} agent counts ({', '.join(f'{agents[s]:.3g}' for s in scales)}) × {a.seeds} seeds: "
        f"{len(todo)} runs to do, {len(done)} recorded")
    t0 = time.monotonic()

    env = {**os.environ, **QUIET_ENV, **(ROOT_ENV if os.geteuid() == 0 else {})}

    def simulate(job, tmp):
        """Run one (scale, seed) into tmp; (job, path, wall seconds). Runs in a worker thread, so
        it only starts the process: HDF5 is not thread-safe, the files are read in the main thread."""
        s, seed = job
        path = os.path.join(tmp, f"run-{s}-{seed}.nc")
        t = time.monotonic()
        cmd = command(a.scenario, path, assignments(pops, s), a.ranks, seed=seed, binary=binary)
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True, env=env)
        if p.returncode != 0:
            said = p.stderr.strip().splitlines()
            raise RunError(f"aiecon run exited {p.returncode}: {said[0] if said else '(no message)'}",
                           p.returncode, p.stderr)
        return job, path, round(time.monotonic() - t, 2)

    try:
        with tempfile.TemporaryDirectory(prefix="aiecon-conv-") as tmp, \
                futures.ThreadPoolExecutor(max_workers=a.jobs) as pool, open(record, "a") as rec:
            for i, ((s, seed), path, wall) in enumerate(pool.map(lambda j: simulate(j, tmp), todo)):
                r = {"scale": s, "seed": seed, "agents": agents[s], "wall_s": wall}
                r.update(moments.outcomes(path))
                os.remove(path)
                done[(s, seed)] = r
                rec.write(json.dumps(r) + "\n")
                rec.flush()
                say(f"run {i + 1}/{len(todo)}: {agents[s]:.3g} agents, seed {seed}, {wall} s")
    except RunError as e:
        say(f"a simulation failed: {e}")
        return 1
    rows = sorted(done.values(), key=lambda r: (r["scale"], r["seed"]))
    rows = [r for r in rows if r["scale"] in scales and r["seed"] <= a.seeds]
    table, needed = summarise(rows, scales, precision)
    import csv
    import io
    buf = io.StringIO()
    w = csv.writer(buf)
    cols = ["scale", "agents", "seed", "wall_s", *PRECISION]
    w.writerow(cols)
    for r in rows:
        w.writerow([r[c] for c in cols])
    from .calibrate import _write
    _write(os.path.join(out_dir, "convergence.csv"), buf.getvalue())
    import yaml
    _write(os.path.join(out_dir, "convergence.yaml"), yaml.safe_dump({
        "scenario": os.path.abspath(a.scenario), "seeds": a.seeds, "ranks": a.ranks,
        "precision": {o: {"kind": k, "value": v} for o, (k, v) in precision.items()},
        "outcomes": {o: moments.OUTCOMES[o] for o in PRECISION},
        "scales": {float(s): {"agents": agents[s], **{o: table[s][o] for o in PRECISION}} for s in scales},
        "agents_needed": agents[needed] if needed is not None else None,
        "scale_needed": needed, "wall_time_s": round(time.monotonic() - t0, 1)}, sort_keys=False, width=110))
    figure(rows, scales, agents, table, needed, os.path.join(out_dir, "convergence.png"),
           os.path.basename(a.scenario))
    for s in scales:
        say(f"{agents[s]:.3g} agents: " + "; ".join(
            f"{o} {table[s][o]['mean']:.4g} ± {table[s][o]['sd']:.2g}{'' if table[s][o]['converged'] else ' (not converged)'}"
            for o in PRECISION))
    say(f"agents needed: {agents[needed]:.3g} (scale {needed})" if needed is not None else
        "agents needed: more than the largest count tried (no scale converged on every outcome)")
    say(f"wrote {out_dir}/convergence.csv, convergence.yaml, convergence.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
