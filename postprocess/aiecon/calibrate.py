"""calibrate — `aiecon-calibrate` (also `python3 -m aiecon.calibrate`): estimate a scenario's
parameters from facts by the method of simulated moments (aiecon.msm), with standard errors, an
identification check and forecast errors on the facts dated after a cut-off.

    aiecon-calibrate inputs/calibration/tiny.yaml -o out/cal-tiny --jobs 2
    aiecon-calibrate inputs/calibration/baseline.yaml --dry-run        # check, plan, run nothing
    aiecon-calibrate CAL.yaml --synthetic-facts facts.csv --at households.bass_p=0.005
    aiecon-calibrate CAL.yaml --executor slurm    # each batch of simulations: one Slurm array job
    aiecon-calibrate inputs/calibration/baseline.yaml -o out/cal-baseline --apply   # the fit becomes the baseline

It reads and checks the calibration file (aiecon.calibspec; the binary checks the parameters'
key paths and ranges), then in the output folder: cache.jsonl (every simulation's moments; a
second start with the same folder resumes from it), calibration.yaml (estimate, standard errors,
loss, identification, every fact's model value and error, evaluations, wall time), estimate.yaml
(a scenario that `extends:` the calibrated one with the estimate `set:`), forecast.csv and
forecast.png (errors on fitted and held-out facts, in tolerances). With --apply the estimate is
also written into the calibrated scenario itself, each value in place with its comments kept
(aiecon.apply), and calibration.yaml is kept beside the calibration file as NAME-fit.yaml: the
shipped scenario is then the fit, reproducible from the calibration file (its starts, seeds and
budget) with this command. Progress goes to stderr.
Exit status: 0 done, 2 bad input (one line naming file, line and key path; nothing written),
1 a simulation failed. Why a Python driver around the binary, not a subcommand in C: SciPy's
optimiser and the moments of postprocess/calibration.py are Python, and each evaluation is a
whole run that the binary already does in parallel; the driver only schedules runs.
"""
import argparse
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np

from . import apply as apply_mod
from . import moments as moments_mod
from . import msm
from .calibspec import SpecError, check_against_binary, read_calibration
from .runner import RunError, find_binary, run as run_model

UNCERTAINTY_METHOD = (
    "curvature of the loss (Gauss-Newton): covariance (1 + 1/S) (J'J)^-1 with J the Jacobian of the "
    "residuals (model - fact) / tolerance by central differences at the estimate, S the number of seeds; "
    "chosen over a bootstrap over facts or an ABC posterior because it costs 2k evaluations instead of "
    "a new minimisation per replicate, is positive semidefinite by construction, and its eigenvectors "
    "give the identification check")


def simulate(request):
    """One simulation: run the binary for request's set and seed, return its moments. Runs in a worker."""
    tmp = tempfile.mkdtemp(prefix="aiecon-calibrate-")
    try:
        out = os.path.join(tmp, "run.nc")
        ds = run_model(request["scenario"], set=request["set"], ranks=request.get("ranks", 1),
                       steps=request.get("steps"), seed=request["seed"], output=out, binary=request["binary"])
        ds.close()
        return moments_mod.load(request["moments"])(out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


class LocalRunner:
    """Simulations in a pool of `jobs` processes on this machine."""

    def __init__(self, base, jobs):
        self.base, self.jobs, self.pool = base, max(1, int(jobs)), None
        self.chunk = 4 * self.jobs   # Evaluator caches after each chunk (resume loses at most one)

    def map(self, tasks):
        requests = [dict(self.base, **t) for t in tasks]
        if self.jobs == 1:
            return [simulate(r) for r in requests]
        if self.pool is None:
            self.pool = concurrent.futures.ProcessPoolExecutor(self.jobs)
        return list(self.pool.map(simulate, requests))

    def close(self):
        if self.pool:
            self.pool.shutdown()


class SlurmRunner:
    """Each batch of simulations is one Slurm array job (jobs/calibrate.sbatch): task i reads
    DIR/task-i.json and writes DIR/task-i.result.json; sbatch --wait returns when all are done and
    this collector reads the results. At most `jobs` tasks run at once (--array=...%jobs)."""

    def __init__(self, base, jobs, workdir, script):
        self.base, self.jobs, self.workdir, self.script, self.batch = base, jobs, workdir, script, 0

    def map(self, tasks):
        self.batch += 1
        d = os.path.join(self.workdir, f"batch-{self.batch:04d}")
        os.makedirs(d, exist_ok=True)
        for i, t in enumerate(tasks):
            with open(os.path.join(d, f"task-{i}.json"), "w") as f:
                json.dump(dict(self.base, **t), f)
        cmd = ["sbatch", "--wait", f"--array=0-{len(tasks) - 1}%{max(1, self.jobs)}", self.script, d]
        try:
            r = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True)
        except OSError as e:
            raise RunError(f"cannot start sbatch ({e.strerror}): is this a Slurm login node?", 1, "")
        results = []
        for i in range(len(tasks)):
            p = os.path.join(d, f"task-{i}.result.json")
            if not os.path.isfile(p):
                raise RunError(f"Slurm task {i} of {d} left no result (sbatch: {r.stderr.strip() or r.returncode})",
                               1, r.stderr)
            with open(p) as f:
                results.append(json.load(f))
        return results

    def close(self):
        pass


def worker(request_path):
    """--worker: run one request file's simulation and write REQUEST.result.json (atomically)."""
    with open(request_path) as f:
        request = json.load(f)
    result = simulate(request)
    out = request_path[:-len(".json")] + ".result.json"
    with open(out + ".tmp", "w") as f:
        json.dump(result, f)
    os.replace(out + ".tmp", out)


def _write(path, text):
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(path + ".tmp", path)


def context_of(cal, binary):
    """What identifies the model of the cached simulations: the binary, the resolved scenario, the moments."""
    r = subprocess.run([binary, "check", cal.scenario], stdin=subprocess.DEVNULL, capture_output=True, text=True)
    return json.dumps({"binary": msm.file_hash(binary), "scenario": r.stdout, "moments": cal.moments,
                       "steps": cal.steps, "ranks": cal.ranks}, sort_keys=True)


def estimate_scenario(cal, out_dir, theta, result):
    rel = os.path.relpath(cal.scenario, out_dir)
    lines = [f"# estimate.yaml — {os.path.basename(cal.scenario)} with the parameters estimated by",
             f"# aiecon-calibrate {os.path.relpath(cal.path, out_dir)} (loss {result['loss']:.4g}, "
             f"cut-off {cal.cutoff}; standard errors in calibration.yaml).",
             f"extends: {rel}", "set:"]
    for p, v, se in zip(cal.parameters, theta, result["se"]):
        lines.append(f"  {p.key}: {float(v)!r}    # ± {se:.3g} (standard error)")
    return "\n".join(lines) + "\n"


def forecast_figure(rows, cutoff, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(8, 0.35 * len(rows) + 1.5))
    y = np.arange(len(rows))
    colours = ["tab:blue" if r["role"] == "fitted" else "tab:orange" for r in rows]
    ax.barh(y, [r["error_in_tolerances"] for r in rows], color=colours)
    ax.axvspan(-1, 1, color="0.9", zorder=0)
    ax.axvline(0, color="k", lw=0.8)
    ax.set_yticks(y, [f"{r['fact'][:40]}, {r['period']}" for r in rows], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("model − fact [tolerances]  (grey: within tolerance)")
    ax.set_title(f"Fit (blue: facts by {cutoff}) and forecast errors\n(orange: facts after {cutoff}, not fitted)",
                 fontsize=10)
    fig.tight_layout()
    fig.savefig(path + ".tmp.png", dpi=100)
    plt.close(fig)
    os.replace(path + ".tmp.png", path)


def parse_at(items, cal):
    values = {}
    keys = {p.key for p in cal.parameters}
    for item in items or ():
        k, sep, v = item.partition("=")
        if not sep:
            raise SpecError(f"--at: {item!r} (expected KEY.PATH=VALUE)")
        try:
            values[k] = float(v)
        except ValueError:
            raise SpecError(f"--at: {k}: {v!r} is not a number (expected a real number)")
        if k not in keys:
            raise SpecError(f"--at: {k}: not a parameter of {cal.path} (expected one of: {', '.join(sorted(keys))})")
    return values


def arguments(argv):
    ap = argparse.ArgumentParser(prog="aiecon-calibrate", description=__doc__.splitlines()[0])
    ap.add_argument("calibration", nargs="?", help="the calibration file (inputs/calibration/*.yaml)")
    ap.add_argument("-o", "--output", help="output folder (default: calibration-NAME); also the resume cache")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="simulations at once (default: cores)")
    ap.add_argument("--evaluations", type=int, help="most loss evaluations of the optimiser (default: the file's, else 60)")
    ap.add_argument("--cutoff", help="fit facts whose period ends by this month, YYYY-MM (default: the file's, else 2025-06)")
    ap.add_argument("--facts", help="the facts file (default: the calibration file's)")
    ap.add_argument("--dry-run", action="store_true", help="check the inputs and print the plan; run and write nothing")
    ap.add_argument("--no-uncertainty", action="store_true", help="skip the Jacobian (2k evaluations)")
    ap.add_argument("--apply", action="store_true",
                    help="write the estimate into the calibrated scenario (in place, comments kept) and the fit "
                         "beside the calibration file as NAME-fit.yaml")
    ap.add_argument("--binary", help="the aiecon binary (default: $AIECON, PATH, build/aiecon)")
    ap.add_argument("--executor", choices=("local", "slurm"), default="local")
    ap.add_argument("--sbatch", help="the array script for --executor slurm (default: jobs/calibrate.sbatch)")
    ap.add_argument("--synthetic-facts", metavar="FACTS.csv",
                    help="write the model's moments at the start (changed by --at) as a facts file, and stop")
    ap.add_argument("--at", action="append", metavar="KEY=VALUE", help="with --synthetic-facts: a parameter's value")
    ap.add_argument("--worker", metavar="REQUEST.json", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if not a.worker and not a.calibration:
        ap.error("the calibration file is required")
    return a


def checked_inputs(a):
    """(calibration, binary, --at values, sbatch script or None); SpecError/RunError/ImportError if unusable."""
    if a.evaluations is not None and a.evaluations < 0:
        raise SpecError(f"--evaluations: {a.evaluations} (expected a whole number >= 0)")
    if a.jobs < 1:
        raise SpecError(f"--jobs: {a.jobs} (expected a whole number >= 1)")
    binary = find_binary(a.binary)
    cal = read_calibration(a.calibration, cutoff=a.cutoff, facts=a.facts, need_facts=not a.synthetic_facts)
    check_against_binary(cal, binary)
    try:
        moments_mod.load(cal.moments)
    except (ImportError, AttributeError) as e:
        raise SpecError(f"{cal.path}:{cal.lines.get('moments', 0)}: moments: {e}")
    at = parse_at(a.at, cal)
    if a.at and not a.synthetic_facts:
        raise SpecError("--at: only with --synthetic-facts (expected --synthetic-facts FACTS.csv)")
    script = None
    if a.executor == "slurm":
        script = a.sbatch or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                          "jobs", "calibrate.sbatch")
        if not os.path.isfile(script):
            raise SpecError(f"--sbatch: no file {script} (expected jobs/calibrate.sbatch)")
    return cal, binary, at, script


def dry_run(cal, evaluations, say):
    k = len(cal.parameters)
    say(f"{cal.path}: {k} parameter(s), {len(cal.fitted())} fitted fact(s) (by {cal.cutoff}), "
        f"{len(cal.held_out())} held out, {len(cal.seeds)} seed(s)")
    for p in cal.parameters:
        say(f"  {p.key}: start {p.start:g} in [{p.lower:g}, {p.upper:g}]")
    say(f"  fitted: {', '.join(cal.fitted())}")
    say(f"  held out: {', '.join(cal.held_out()) or '(none)'}")
    if k > len(cal.fitted()):
        say(f"warning: {k} parameters and {len(cal.fitted())} fitted facts: at least {k - len(cal.fitted())} "
            "direction(s) of the parameters cannot be pinned down (the identification check will name them)")
    say(f"plan: at most {(evaluations + 2 * k) * len(cal.seeds)} simulations "
        f"({evaluations} evaluations + {2 * k} for the Jacobian, × {len(cal.seeds)} seeds); nothing run")


def synthesize(cal, base, jobs, at, path, say):
    """--synthetic-facts: the moments at the start changed by --at, written as a facts file."""
    theta = [at.get(p.key, p.start) for p in cal.parameters]
    runner = LocalRunner(base, jobs)
    try:
        values = msm.Evaluator(cal, runner, "synthetic").moments([np.array(theta)])[0]
    finally:
        runner.close()
    known = [i for i in moments_mod.TINY_FACTS if i in values]
    moments_mod.synthetic_facts({i: values[i] for i in known}, path)
    say(f"wrote {path}: {len(known)} facts at " + ", ".join(f"{p.key}={v:g}" for p, v in zip(cal.parameters, theta)))


def estimate(cal, ev, evaluations, uncertainty, say):
    """Minimise, then the uncertainty at the estimate; (result dict, θ̂, fact rows)."""
    t0 = time.monotonic()
    k = len(cal.parameters)
    start = np.array([p.start for p in cal.parameters])
    loss_start = msm.loss_of(msm.residuals(cal, ev.moments([start])[0], cal.fitted()))
    theta, loss, trace = msm.minimise(cal, ev, evaluations, progress=say)
    unc = msm.uncertainty(cal, ev, theta) if uncertainty else None
    rows = msm.fact_table(cal, ev.moments([theta])[0])
    se = unc["se"] if unc else np.full(k, np.nan)
    result = {
        "calibration": os.path.abspath(cal.path), "scenario": cal.scenario, "facts": cal.facts_path,
        "moments": cal.moments, "seeds": cal.seeds, "cutoff": cal.cutoff, "loss": float(loss),
        "loss_at_start": float(loss_start),
        "loss_definition": "sum over fitted facts of ((model - fact) / tolerance)^2, model averaged over the seeds",
        "evaluations": len(trace), "simulations_run": ev.simulations, "simulations_from_cache": ev.cached,
        "wall_time_s": round(time.monotonic() - t0, 1), "uncertainty_method": UNCERTAINTY_METHOD if unc else "skipped",
        "estimate": {p.key: {"value": float(v), "se": float(s), "start": p.start, "lower": p.lower, "upper": p.upper}
                     for p, v, s in zip(cal.parameters, theta, se)},
        "identification": None if not unc else {
            "not_pinned_down": unc["flat"],
            "eigenvalues_scaled": [float(x) for x in unc["eigenvalues"]],
            "rule": "a direction is flat when crossing the whole box along it changes the loss by less "
                    "than 1 (eigenvalue of J'J in coordinates scaled to [0, 1] below 1); its parameters "
                    "with loadings of at least 0.3 are named"},
        "facts_table": rows,
    }
    return result, theta, rows


def write_outputs(cal, out_dir, result, theta, rows):
    """calibration.yaml, estimate.yaml, forecast.csv, forecast.png in out_dir (each written whole)."""
    import csv
    import io
    import yaml
    _write(os.path.join(out_dir, "calibration.yaml"), yaml.safe_dump(result, sort_keys=False, width=110))
    se = [v["se"] for v in result["estimate"].values()]
    _write(os.path.join(out_dir, "estimate.yaml"), estimate_scenario(cal, out_dir, theta, dict(result, se=se)))
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["id", "fact", "period_end", "role", "model", "fact_value", "unit", "tolerance", "error",
                "error_in_tolerances"])
    for r in rows:
        w.writerow([r["id"], r["fact"], r["period_end"], r["role"], f"{r['model']:.6g}", f"{r['value']:.6g}",
                    r["unit"], f"{r['tolerance']:.6g}", f"{r['error']:.6g}", f"{r['error_in_tolerances']:.3f}"])
    _write(os.path.join(out_dir, "forecast.csv"), buf.getvalue())
    forecast_figure(rows, cal.cutoff, os.path.join(out_dir, "forecast.png"))


def summary(cal, result, out_dir, say):
    say(f"estimate (loss {result['loss']:.4g} from {result['loss_at_start']:.4g}; {result['evaluations']} evaluations, "
        f"{result['simulations_run']} simulations run, {result['simulations_from_cache']} from cache, "
        f"{result['wall_time_s']:.0f} s):")
    for key, v in result["estimate"].items():
        say(f"  {key} = {v['value']:.5g} ± {v['se']:.2g} (standard error)")
    if result["identification"] and result["identification"]["not_pinned_down"]:
        say(f"  not pinned down by the facts: {', '.join(result['identification']['not_pinned_down'])}")
    held = [r for r in result["facts_table"] if r["role"] == "held out"]
    if held:
        say(f"forecast errors after {cal.cutoff} (model − fact, in tolerances): "
            + ", ".join(f"{r['id']} {r['error_in_tolerances']:+.2f}" for r in held))
    say(f"wrote {out_dir}/calibration.yaml, estimate.yaml, forecast.csv, forecast.png")


def main(argv=None):
    a = arguments(argv)
    say = lambda text: print(f"aiecon-calibrate: {text}", file=sys.stderr, flush=True)   # noqa: E731
    if a.worker:
        worker(a.worker)
        return 0
    try:
        cal, binary, at, script = checked_inputs(a)
    except (SpecError, RunError) as e:
        print(f"aiecon-calibrate: {e}", file=sys.stderr)
        return 2
    evaluations = cal.evaluations if a.evaluations is None else a.evaluations
    base = {"binary": binary, "scenario": cal.scenario, "steps": cal.steps, "ranks": cal.ranks,
            "moments": cal.moments}
    if a.apply:   # every parameter must be written in the scenario: checked before any run
        try:
            with open(cal.scenario, encoding="utf-8") as f:
                text = f.read()
            for p in cal.parameters:
                apply_mod.locate(text, p.key, cal.scenario)
        except (OSError, apply_mod.ApplyError) as e:
            print(f"aiecon-calibrate: {e}", file=sys.stderr)
            return 2
    if a.dry_run:
        dry_run(cal, evaluations, say)
        return 0
    if a.synthetic_facts:
        try:
            synthesize(cal, base, a.jobs, at, a.synthetic_facts, say)
        except RunError as e:
            say(str(e))
            return 1
        return 0
    out_dir = a.output or f"calibration-{os.path.splitext(os.path.basename(a.calibration))[0]}"
    os.makedirs(out_dir, exist_ok=True)
    out_dir = os.path.abspath(out_dir)
    if a.executor == "slurm":
        runner = SlurmRunner(base, a.jobs, os.path.join(out_dir, "slurm"), os.path.abspath(script))
    else:
        runner = LocalRunner(base, a.jobs)
    ev = msm.Evaluator(cal, runner, context_of(cal, binary), os.path.join(out_dir, "cache.jsonl"))
    if ev.cache:
        say(f"resuming: {len(ev.cache)} simulation(s) in {out_dir}/cache.jsonl")
    try:
        result, theta, rows = estimate(cal, ev, evaluations, not a.no_uncertainty, say)
    except RunError as e:
        say(f"a simulation failed: {e}")
        return 1
    except KeyError as e:
        say(f"{cal.path}:{cal.lines.get('moments', 0)}: moments: {e.args[0]}")
        return 2
    finally:
        runner.close()
    write_outputs(cal, out_dir, result, theta, rows)
    summary(cal, result, out_dir, say)
    if a.apply:
        apply_fit(cal, out_dir, theta, say)
    return 0


def fit_path(calibration_path):
    """NAME-fit.yaml beside the calibration file NAME.yaml: the fit the scenario carries."""
    return os.path.splitext(calibration_path)[0] + "-fit.yaml"


def apply_fit(cal, out_dir, theta, say):
    """The estimate into cal.scenario (aiecon.apply) and calibration.yaml to NAME-fit.yaml."""
    changes = apply_mod.apply_values(cal.scenario, {p.key: float(v) for p, v in zip(cal.parameters, theta)})
    with open(os.path.join(out_dir, "calibration.yaml"), encoding="utf-8") as f:
        record = f.read()
    head = (f"# {os.path.basename(fit_path(cal.path))} — the fit that {os.path.relpath(cal.scenario, os.path.dirname(cal.path))} carries, written by\n"
            f"#   aiecon-calibrate {os.path.relpath(cal.path)} -o OUT --apply\n"
            "# (calibration.yaml of that run; tests/python/test_calibrate_cli.py checks that the scenario's values\n"
            "# are its estimate and that its starts are the calibration file's).\n")
    _write(fit_path(cal.path), head + record)
    for key, old, new in changes:
        say(f"  {cal.scenario}: {key}: {old} -> {new}")
    say(f"wrote the estimate into {cal.scenario} and the fit to {fit_path(cal.path)}")


if __name__ == "__main__":
    sys.exit(main())
