"""inert_params.py — every parameter in the table changes the output, or says why it does not.

    inert_params.py AIECON NC_DATA_HASH [--jobs N] [--list]

A parameter that changes no outcome is a defect (issue 16): either a mechanism that does nothing,
or a knob users turn in vain. For each key path of the parameter table (`aiecon params`), this test
perturbs one instance of it at a time with `--set` and compares the output's data hashes
(tests/tools/nc_data_hash: every variable's type, shape and bytes) with the unperturbed run:
  1. in inputs/tiny.yaml (24 months, 1 rank, about 0.1 s a run), the first instance;
  2. if nothing moved, in inputs/baseline.yaml (144 months, 1 rank, about 1 s), every instance;
  3. if still nothing moved, in each of inputs/variants/ in turn, every instance.
A key is *inert* when no perturbation moved any variable. Every inert key must be listed, with a
reason, in tests/inert-parameters.yaml; the test fails (exit 1) naming
  * each inert key that is not listed (a parameter that does nothing, undocumented), and
  * each listed key that is not inert any more (the list must stay true).
Keys present in no scenario's resolved form (optional blocks every scenario leaves out) cannot be
perturbed here; they are printed as "not exercised" and must be listed too.

The perturbation (chosen without looking at the model): a real or whole number v becomes 1.5 v
(0.1 or 1 when v is 0); if the run refuses it (exit 2: out of the allowed range) 0.5 v, then
v + 1, then v - 1 (a whole number also 2 v); shares that must sum to 1 move jointly with a sibling
(see moves); a boolean is flipped; a month is moved 3 months later, then earlier. Names,
text and structure (lists, mappings) are not perturbed. --list prints each key's verdict.
Cost: some 150 tiny runs, then a baseline or variant run (3-4 s each) for every instance of every key
the tiny scenario leaves unmoved: about 26 min on 2 cores (1544 s, measured 2026-12-02; the timeout is 3000 s)."""
import concurrent.futures as futures
import os
import re
import subprocess
import sys
import tempfile

import yaml

# the scenario as `aiecon check` resolves it, and its scalar leaves by --set path and table path:
# the same walk aiecon-study makes to write a study over every parameter
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "postprocess"))
from aiecon.study import leaves, resolved  # noqa: E402

SCENARIOS = ["inputs/tiny.yaml", "inputs/baseline.yaml"] + sorted(
    os.path.join("inputs/variants", f) for f in os.listdir("inputs/variants") if f.endswith(".yaml"))
LIST = "tests/inert-parameters.yaml"


MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def candidates(value):
    """Perturbed values to try in order (strings as --set takes them); [] when not perturbed."""
    if isinstance(value, bool):
        return ["false" if value else "true"]
    if isinstance(value, int):
        return [str(v) for v in ([1, 2] if value == 0 else [value * 3 // 2 or value + 1, value * 2, value // 2, value + 1, value - 1])]
    if isinstance(value, float):
        return [repr(v) for v in ([0.1, 1.0, -0.1] if value == 0 else [1.5 * value, 0.5 * value, value + 1, value - 1])]
    if isinstance(value, str) and MONTH.match(value):
        y, m = map(int, MONTH.match(value).groups())
        later, earlier = y * 12 + m - 1 + 3, y * 12 + m - 1 - 3
        return [f"{later // 12:04d}-{later % 12 + 1:02d}", f"{earlier // 12:04d}-{earlier % 12 + 1:02d}"]
    return []


def data_hash(tool, path):
    out = subprocess.run([tool, path], capture_output=True, text=True, check=True)
    return out.stdout


def run(aiecon, tool, scenario, sets, workdir, tag):
    """Run the scenario with the --set list; the data hash, or None when the run refused (exit 2)."""
    out = os.path.join(workdir, f"{tag}.nc")
    cmd = [aiecon, "run", scenario, "--quiet", "-o", out]
    for s in sets:
        cmd += ["--set", s]
    p = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if p.returncode == 2:
        return None
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}: exit {p.returncode}: {p.stderr.strip()[-400:]}")
    h = data_hash(tool, out)
    os.remove(out)
    return h


def moves(aiecon, tool, scenario, base, set_path, value, sibling, workdir, tag):
    """True when some accepted perturbation of set_path changes the data; False when none does;
    None when every candidate was refused. When every single change is refused and the key has a
    sibling instance (p2, v2) — shares that must sum to 1 — a quarter of the smaller share moves
    from the sibling to this one, keeping the sum."""
    accepted = False
    tries = [[f"{set_path}={v}"] for v in candidates(value)]
    if sibling and isinstance(value, float) and isinstance(sibling[1], float):
        d = 0.25 * min(value, sibling[1])
        tries.append([f"{set_path}={value + d!r}", f"{sibling[0]}={sibling[1] - d!r}"])
    for i, sets in enumerate(tries):
        h = run(aiecon, tool, scenario, sets, workdir, f"{tag}-{i}")
        if h is None:
            continue
        accepted = True
        if h != base:
            return True
    return False if accepted else None


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    aiecon, tool = args[0], args[1]
    jobs = int(args[args.index("--jobs") + 1]) if "--jobs" in args else os.cpu_count() or 1
    show = "--list" in args

    table = subprocess.run([aiecon, "params"], capture_output=True, text=True, check=True).stdout
    keys = []
    for line in table.splitlines()[1:]:
        f = line.split()
        if len(f) >= 2 and f[1] in ("real", "whole", "boolean", "month"):
            keys.append(f[0])
    with open(LIST) as fh:
        documented = yaml.safe_load(fh) or {}

    instances = {}   # scenario -> table_path -> [(set_path, value)]
    for sc in SCENARIOS:
        instances[sc] = {}
        for set_path, star, value in leaves(resolved(aiecon, sc)):
            instances[sc].setdefault(star, []).append((set_path, value))

    verdict = {}
    with tempfile.TemporaryDirectory(prefix="aiecon-inert.") as work, \
            futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        base = {sc: run(aiecon, tool, sc, [], work, f"base{i}") for i, sc in enumerate(SCENARIOS)}
        pending = list(keys)
        for si, sc in enumerate(SCENARIOS):
            todo = []
            for k in pending:
                inst = instances[sc].get(k, [])
                if si == 0:
                    inst = inst[:1]
                every = instances[sc].get(k, [])
                for j, (p, v) in enumerate(inst):
                    if candidates(v):
                        sibling = every[(j + 1) % len(every)] if len(every) > 1 else None
                        todo.append((k, p, v, sibling, f"s{si}-{len(todo)}"))
            results = pool.map(lambda t: (t[0], t[1], moves(aiecon, tool, sc, base[sc], t[1], t[2], t[3], work, t[4])), todo)
            for k, p, moved in results:
                if moved:
                    verdict[k] = f"moves ({os.path.basename(sc)}: {p})"
                elif moved is False:
                    verdict.setdefault(k, "inert")
            pending = [k for k in pending if not verdict.get(k, "").startswith("moves")]
        for k in keys:
            verdict.setdefault(k, "not exercised")

    failed = []
    for k in keys:
        v = verdict[k]
        if show:
            print(f"{k:55s} {v}")
        if not v.startswith("moves") and k not in documented:
            failed.append(f"{k}: {v} in every scenario of inputs/ (tiny, baseline, variants), "
                          f"and not listed with a reason in {LIST}")
        if v.startswith("moves") and k in documented:
            failed.append(f"{k}: listed in {LIST} as inert ({documented[k]}) but it {v}: remove it from the list")
    for k in documented:
        if k not in keys:
            failed.append(f"{k}: listed in {LIST} but not a parameter (any more)")
    n_moves = sum(v.startswith("moves") for v in verdict.values())
    print(f"{len(keys)} numeric, boolean and month parameters: {n_moves} move the output, "
          f"{len(keys) - n_moves} listed as inert or not exercised, with reasons")
    for f in failed:
        print("FAIL:", f)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
