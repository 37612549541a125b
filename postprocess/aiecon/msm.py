"""msm — the method of simulated moments: evaluate, minimise, and measure how sure the estimate is.

loss(θ) = Σ over the fitted facts i of ((m_i(θ) − f_i) / tol_i)², where m_i(θ) is the model's
value of fact i averaged over the calibration's seeds. Every evaluation uses the same seeds
(common random numbers), so two parameter vectors are compared on the same random draws and the
loss has no sampling noise between neighbouring points.

Evaluator runs the simulations: a batch of (θ, seed) pairs at a time, in a process pool
(`jobs` processes, each calling the binary) or through a Slurm array (a Runner with map()), and
keeps every result in a cache file (one JSON line per simulation, keyed by a hash of the binary,
the resolved scenario, the moments function, θ and the seed), so an interrupted calibration that
is started again re-uses what it had and resumes where it stopped.
minimise() searches the box of the parameters' bounds with SciPy's Nelder–Mead (derivative-free:
with common random numbers the loss is a fine staircase in θ, so gradients of it are useless) in
coordinates scaled to [0, 1]. uncertainty() takes the Jacobian J of the scaled residuals at the
estimate by central differences (2k more points, a step of 5 % of each range: wider than the
staircase's steps) and returns the Gauss–Newton covariance (1 + 1/S)(JᵀJ)⁻¹, S = seeds (the
simulated-moments correction for the ensemble's own noise), with an identification check from
the eigenvalues of JᵀJ in scaled units: an eigenvalue below 1 means that moving along that
direction across the whole box changes the loss by less than one tolerance on one fact.
Cost: (evaluations + 2k + 1) × S simulations, minus those already in the cache.
"""
import hashlib
import json
import math
import os
import time

import numpy as np

from .calibspec import tolerance

PENALTY = 1e12     # loss of a point whose moments are not finite
JACOBIAN_STEP = 0.05   # central-difference step [share of each parameter's range]
SIMPLEX_STEP = 0.15    # edge of Nelder-Mead's first simplex [share of each parameter's range]


def file_hash(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class Evaluator:
    """Model moments averaged over the seeds, for batches of parameter vectors, with a disk cache.

    runner: an object with map(tasks) -> [moments dict], each task a dict with `set` ({key path:
    value}) and `seed`; context: text that identifies the model (binary, scenario, moments);
    cache_path: the cache file (None: no cache)."""

    def __init__(self, cal, runner, context, cache_path=None, progress=None):
        self.cal, self.runner, self.context = cal, runner, context
        self.cache_path, self.progress = cache_path, progress
        self.cache = {}
        self.simulations = 0     # simulations run by this process
        self.cached = 0          # simulations found in the cache
        self.points = 0          # parameter vectors evaluated
        if cache_path and os.path.isfile(cache_path):
            with open(cache_path, encoding="utf-8") as f:
                for line in f:
                    try:
                        entry = json.loads(line)
                        self.cache[entry["key"]] = entry["moments"]
                    except (ValueError, KeyError):
                        continue   # a line cut by an interruption: that simulation runs again

    def assignments(self, theta):
        return {p.key: float(v) for p, v in zip(self.cal.parameters, theta)}

    def key(self, theta, seed):
        text = json.dumps({"context": self.context, "set": {k: repr(v) for k, v in self.assignments(theta).items()},
                           "seed": int(seed)}, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()

    def moments(self, thetas):
        """[{fact id: mean over seeds}] for each θ of `thetas` (parameter units)."""
        todo, seen = [], set()
        for theta in thetas:
            for s in self.cal.seeds:
                k = self.key(theta, s)
                if k in self.cache:
                    self.cached += k not in seen
                elif k not in seen:
                    todo.append((k, {"set": self.assignments(theta), "seed": int(s)}))
                seen.add(k)
        # a runner may take the batch in chunks (LocalRunner: a few rounds of its pool), each
        # cached as soon as it is done, so an interrupted screening of hundreds of runs loses at
        # most one chunk; a Slurm runner takes the batch whole (one array job)
        step = getattr(self.runner, "chunk", None) or max(1, len(todo))
        started = time.monotonic()
        for first in range(0, len(todo), step):
            part = todo[first:first + step]
            results = self.runner.map([t for _, t in part])
            with open(self.cache_path, "a", encoding="utf-8") if self.cache_path else _Null() as f:
                for (k, task), m in zip(part, results):
                    self.cache[k] = m
                    f.write(json.dumps({"key": k, "set": task["set"], "seed": task["seed"], "moments": m}) + "\n")
                f.flush()
                if self.cache_path:
                    os.fsync(f.fileno())
            self.simulations += len(part)
            done = first + len(part)
            if self.progress and len(todo) > step:
                left = (time.monotonic() - started) / done * (len(todo) - done)
                self.progress(f"{done} of {len(todo)} simulations of this batch done, about {left / 60:.0f} min left")
        self.points += len(thetas)
        out = []
        for theta in thetas:
            runs = [self.cache[self.key(theta, s)] for s in self.cal.seeds]
            ids = set.intersection(*(set(r) for r in runs))
            out.append({i: float(np.mean([r[i] for r in runs])) for i in ids})
        return out


class _Null:
    def __enter__(self):
        return self

    def __exit__(self, *a):
        return False

    def write(self, _):
        pass

    def flush(self):
        pass


def residuals(cal, moments, ids):
    """(model − fact) / tolerance for each fact id of `ids`; KeyError naming a fact the moments lack."""
    missing = [i for i in ids if i not in moments]
    if missing:
        raise KeyError(f"the moments function {cal.moments} gives no value for {', '.join(missing)}")
    return np.array([(moments[i] - cal.fact(i)["value"]) / tolerance(cal.fact(i)) for i in ids])


def loss_of(r):
    return float(r @ r) if np.all(np.isfinite(r)) else PENALTY


def scale(cal):
    lo = np.array([p.lower for p in cal.parameters])
    hi = np.array([p.upper for p in cal.parameters])
    return lo, hi


class _Budget(Exception):
    """The optimiser has used its evaluations."""


def minimise(cal, evaluator, evaluations, progress=None):
    """Nelder–Mead over the box in scaled coordinates from the calibration's start; at most
    `evaluations` loss evaluations. Returns (θ̂, loss, trace: [(θ, loss)])."""
    from scipy.optimize import minimize
    lo, hi = scale(cal)
    fitted = cal.fitted()
    trace = []
    t0 = time.monotonic()

    def f(u):
        if len(trace) >= evaluations:   # SciPy evaluates the whole first simplex (k + 1 points) before maxfev counts
            raise _Budget
        u = np.clip(u, 0.0, 1.0)
        theta = lo + u * (hi - lo)
        value = loss_of(residuals(cal, evaluator.moments([theta])[0], fitted))
        trace.append((theta.copy(), value))
        if progress:
            best = min(v for _, v in trace)
            shown = " ".join(f"{p.key.rsplit('.', 1)[-1]}={x:.4g}" for p, x in zip(cal.parameters, theta))
            progress(f"evaluation {len(trace)}/{evaluations}: loss {value:.4g} (best {best:.4g}) {shown} "
                     f"[{evaluator.simulations} simulations run, {evaluator.cached} from cache, "
                     f"{time.monotonic() - t0:.0f} s]")
        return value

    u0 = np.array([(p.start - p.lower) / (p.upper - p.lower) for p in cal.parameters])
    k = len(u0)
    simplex = [u0]
    for j in range(k):
        v = u0.copy()
        v[j] = v[j] + SIMPLEX_STEP if v[j] + SIMPLEX_STEP <= 1 else v[j] - SIMPLEX_STEP
        simplex.append(v)
    if evaluations <= 0:
        return lo + u0 * (hi - lo), f(u0), trace
    try:
        minimize(f, u0, method="Nelder-Mead", bounds=[(0.0, 1.0)] * k,
                 options={"maxfev": int(evaluations), "initial_simplex": np.array(simplex),
                          "xatol": 2e-3, "fatol": 1e-3})
    except _Budget:
        pass
    theta, value = min(trace, key=lambda t: t[1])
    return theta, value, trace


def uncertainty(cal, evaluator, theta):
    """Standard errors and the identification check at θ̂ (see the module's text). Returns a dict:
    se (parameter units; inf where the facts do not pin the parameter down), covariance,
    eigenvalues and eigenvectors of JᵀJ (scaled units), flat (parameter keys in flat directions),
    jacobian (scaled units), step."""
    lo, hi = scale(cal)
    width = hi - lo
    u = (np.asarray(theta) - lo) / width
    k, fitted = len(u), cal.fitted()
    points, steps = [], []
    for j in range(k):
        a, b = u.copy(), u.copy()
        a[j], b[j] = min(u[j] + JACOBIAN_STEP, 1.0), max(u[j] - JACOBIAN_STEP, 0.0)
        points += [lo + a * width, lo + b * width]
        steps.append(a[j] - b[j])
    ms = evaluator.moments(points)
    jac = np.column_stack([(residuals(cal, ms[2 * j], fitted) - residuals(cal, ms[2 * j + 1], fitted)) / steps[j]
                           for j in range(k)])
    a = jac.T @ jac
    eigval, eigvec = np.linalg.eigh(a)
    correction = 1.0 + 1.0 / len(cal.seeds)
    flat_dirs = [i for i, lam in enumerate(eigval) if not lam >= 1.0]
    flat = sorted({cal.parameters[j].key for i in flat_dirs for j in range(k) if abs(eigvec[j, i]) >= 0.3})
    if flat_dirs:
        cov_u = np.full((k, k), np.nan)
        se_u = np.array([math.inf if cal.parameters[j].key in flat else math.nan for j in range(k)])
        good = [j for j in range(k) if cal.parameters[j].key not in flat]
        if good:   # the pinned-down parameters' errors, the flat ones held at their estimate
            sub = np.linalg.inv(a[np.ix_(good, good)]) * correction
            se_u[good] = np.sqrt(np.diag(sub))
    else:
        cov_u = np.linalg.inv(a) * correction
        se_u = np.sqrt(np.diag(cov_u))
    return {
        "se": se_u * width,
        "covariance": cov_u * np.outer(width, width),
        "eigenvalues": eigval,
        "eigenvectors": eigvec,
        "flat": flat,
        "jacobian": jac,
        "step": JACOBIAN_STEP,
    }


def fact_table(cal, moments):
    """Rows (dict) for every target: id, fact, period, role (fitted / held out), model, value,
    tolerance, error (model − fact) and error in tolerances."""
    rows = []
    fitted = set(cal.fitted())
    for i in cal.targets:
        f = cal.fact(i)
        m = moments.get(i, math.nan)
        tol = tolerance(f)
        rows.append({"id": i, "fact": f["fact"], "period": f["period"], "period_end": f["period_end"], "unit": f["unit"],
                     "role": "fitted" if i in fitted else "held out",
                     "model": float(m), "value": float(f["value"]), "tolerance": float(tol),
                     "error": float(m - f["value"]), "error_in_tolerances": float((m - f["value"]) / tol)})
    return rows
