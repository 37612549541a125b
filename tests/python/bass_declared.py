"""bass_declared.py — the diffusion run against the p and q its scenario declares.

    bass_declared.py RUN.nc

Reads households_adopted (record 0 = the start) and the declared households.bass_p and bass_q from
the file's `scenario` attribute (the file alone). The model's step is discrete: a non-adopter
adopts with chance p + q·a/d (a of its d neighbours adopted last month), so the mean field is the
recursion F(t+1) = F(t) + (1 − F(t))·(p + q·F(t)), F(0) = the run's record 0. Checks:
  1. the run stays within 0.05 of that recursion with the declared p and q, at every month;
  2. p and q fitted to the run (the same recursion, no free time offset; Levenberg–Marquardt in
     numpy) are within 10 % of the declared ones.
The network biases q's recovery downwards: a non-adopter's neighbours are less often adopters
than the population (adoption spreads along links, so the mean field overstates a/d). On
bass-validation.yaml (degree 20, rewire 1) the fitted q is 5-6 % low and the largest gap is
0.033-0.042 over four seeds; both limits hold with that bias, and a q off by a tenth fails.
Exit 0 when both hold, 1 when not, 2 when the file cannot be read."""
import re
import sys

import numpy as np
import netCDF4


def recursion(p, q, f0, n):
    f = np.empty(n)
    f[0] = f0
    for t in range(n - 1):
        f[t + 1] = f[t] + (1.0 - f[t]) * (p + q * f[t])
    return f


def fit(run):
    x = np.array([0.01, 0.1])
    lam = 1e-3
    def res(x):
        return recursion(x[0], x[1], run[0], run.size) - run
    r = res(x)
    for _ in range(200):
        jac = np.empty((run.size, 2))
        for i in range(2):
            h = 1e-7 * max(abs(x[i]), 1e-6)
            d = x.copy()
            d[i] += h
            jac[:, i] = (res(d) - r) / h
        a = jac.T @ jac
        g = jac.T @ r
        step = np.linalg.solve(a + lam * np.diag(np.diag(a)), -g)
        trial = x + step
        if trial[0] > 0 and trial[1] >= 0 and np.sum(res(trial) ** 2) < np.sum(r ** 2):
            x, r, lam = trial, res(trial), lam / 3
            if np.max(np.abs(step)) < 1e-12:
                break
        else:
            lam *= 4
            if lam > 1e12:
                break
    return x


def declared(text, key):
    block = re.search(r"^households:\n((?:[ \t].*\n|\n)*)", text, re.M)
    m = block and re.search(rf"^\s+{key}:\s*([0-9.eE+-]+)", block.group(1), re.M)
    if not m:
        raise KeyError(key)
    return float(m.group(1))


def main():
    try:
        d = netCDF4.Dataset(sys.argv[1])
        run = np.asarray(d["households_adopted"][:, 0], dtype=float)
        text = d.getncattr("scenario")
        p, q = declared(text, "bass_p"), declared(text, "bass_q")
    except Exception as exc:  # noqa: BLE001 - any unreadable file is exit 2
        print(f"bass_declared: {sys.argv[1]}: {exc}", file=sys.stderr)
        return 2
    mean_field = recursion(p, q, run[0], run.size)
    gap = np.abs(run - mean_field)
    worst = int(np.argmax(gap))
    fp, fq = fit(run)
    ok = True
    print(f"declared p = {p:g}, q = {q:g} /month; {run.size - 1} months; final share {run[-1]:.4f}")
    print(f"largest gap to the mean-field recursion with the declared p, q: {gap[worst]:.4f} at month {worst} "
          f"(limit 0.05)")
    if not gap[worst] <= 0.05:
        print("FAIL: the diffusion does not follow its declared p and q (gap above 0.05)")
        ok = False
    print(f"fitted p = {fp:.5f} ({100 * (fp / p - 1):+.1f} %), q = {fq:.5f} ({100 * (fq / q - 1):+.1f} %) "
          f"(limit 10 %)")
    if not abs(fq / q - 1) <= 0.10:
        print("FAIL: the fitted imitation coefficient q is not within 10 % of the declared one")
        ok = False
    if not abs(fp / p - 1) <= 0.10:
        print("FAIL: the fitted innovation coefficient p is not within 10 % of the declared one")
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
