"""study — a sensitivity study over every real parameter of a scenario, written as a calibration file:
`aiecon-study SCENARIO -o STUDY.yaml [--spread 0.25]` (also `python3 -m aiecon.study`).

Morris screening is meant to run over every parameter (issue 16: screen all, then Sobol on the few
that matter), but a study file that lists hundreds of key paths by hand would rot with each new
parameter. This writes it from the two sources of truth: the scenario as `aiecon check` resolves it
(every default filled in, each lab, cloud and region by name) and the parameter table as `aiecon
params` prints it (each key's type and allowed range). Every real-valued leaf v ≠ 0 gets the box
[v (1 − s), v (1 + s)] (ordered when v < 0), clipped to its allowed range; the box is then checked by
the binary itself (`aiecon check --set` with all lowers, then all uppers), and a key the binary
refuses (a share that must sum to 1 with its siblings, say) is left out and named in the file's
header with the reason. Left out as well, and counted: whole numbers (agent counts, months, seeds),
booleans, months, names, and real parameters whose value is 0 (a switch that is off: no relative
box exists; screen them with a hand-written study). The output is a calibration file
(aiecon.calibspec) that aiecon-morris and aiecon-sobol read; jobs/sensitivity.sbatch runs both on a
node. Cost: two `aiecon check` runs per refusal, seconds.
"""
import argparse
import os
import re
import subprocess
import sys

import yaml

from .runner import RunError, find_binary

ALLOWED_IN_LINE = re.compile(r"\s([\[(])(-?[0-9.e+]+|-?inf), (-?[0-9.e+]+|inf)\]\s")
SKIPPED_TOP = ("run",)   # the period and the seed are not parameters of the economy


def resolved(binary, scenario):
    """The scenario as `aiecon check` resolves it (every default filled in), as Python data."""
    r = subprocess.run([binary, "check", scenario], capture_output=True, text=True)
    if r.returncode != 0:
        raise RunError(f"{scenario}: {(r.stderr.strip().splitlines() or ['aiecon check failed'])[-1]}", 2, r.stderr)
    return yaml.safe_load(r.stdout)


def leaves(node, path="", star=""):
    """Yield (set_path, table_path, value) for every scalar leaf. set_path names list entries by
    their `name` (or index), as --set does; table_path uses `*` as the parameter table does."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from leaves(v, f"{path}.{k}" if path else k, f"{star}.{k}" if star else k)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            if isinstance(v, dict) and "name" in v:
                yield from leaves(v, f"{path}.{v['name']}", f"{star}.*")
            elif isinstance(v, dict):
                yield from leaves(v, f"{path}[{i}]", f"{star}.*")
    else:
        yield path, star, node


def real_ranges(binary):
    """{table key path: (lowest, highest)} of every real parameter, from `aiecon params`."""
    out = subprocess.run([binary, "params"], capture_output=True, text=True, check=True).stdout
    ranges = {}
    for line in out.splitlines()[1:]:
        parts = line.split()
        if len(parts) < 3 or parts[1] != "real":
            continue
        m = ALLOWED_IN_LINE.search(line)
        if m:
            ranges[parts[0]] = (float(m.group(2)), float(m.group(3)))
    return ranges


def boxes(scenario_doc, ranges, spread):
    """([(set_path, value, lower, upper)], {reason: count}) for the scenario's real leaves."""
    chosen, skipped = [], {}
    for set_path, star, value in leaves(scenario_doc):
        if set_path.split(".")[0] in SKIPPED_TOP or star not in ranges or isinstance(value, bool) \
                or not isinstance(value, (int, float)):
            reason = "not a real parameter (whole number, month, name or switch)"
        elif value == 0:
            reason = "value 0 (a switch that is off)"
        else:
            lo, hi = sorted((value * (1 - spread), value * (1 + spread)))
            lo, hi = max(lo, ranges[star][0]), min(hi, ranges[star][1])
            if hi > lo:
                chosen.append((set_path, float(value), lo, hi))
                continue
            reason = "no room in its allowed range"
        skipped[reason] = skipped.get(reason, 0) + 1
    return chosen, skipped


def refused(binary, scenario, chosen):
    """{set_path: message} of the keys whose lower or upper `aiecon check` refuses."""
    out = {}
    for which in (2, 3):
        left = [c for c in chosen if c[0] not in out]
        while left:
            cmd = [binary, "check", scenario] + [a for c in left for a in ("--set", f"{c[0]}={c[which]!r}")]
            r = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True)
            if r.returncode == 0:
                break
            said = (r.stderr.strip().splitlines() or ["refused"])[-1]
            key = next((c[0] for c in left if c[0] in said), None)
            if key is None:   # the message names a block (shares that must add up): test its keys one by one
                m = re.search(r": ([a-z0-9_.]+): ", said)
                block = [c for c in left if m and c[0].startswith(m.group(1) + ".")] or left
                for c in block:
                    one = subprocess.run([binary, "check", scenario, "--set", f"{c[0]}={c[which]!r}"],
                                         stdin=subprocess.DEVNULL, capture_output=True, text=True)
                    if one.returncode != 0:
                        out[c[0]] = (one.stderr.strip().splitlines() or ["refused"])[-1]
                if block is left or not any(c[0] in out for c in block):
                    break
                left = [c for c in left if c[0] not in out]
                continue
            out[key] = said
            left = [c for c in left if c[0] != key]
    return out


def top_of_morris(morris_csv, n):
    """The n parameters with the largest μ* relative to the largest of each outcome (max over outcomes)."""
    import csv
    best = {}
    with open(morris_csv, newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f)]
    top = {}
    for r in rows:
        top[r["outcome"]] = max(top.get(r["outcome"], 0.0), float(r["mu_star"]))
    for r in rows:
        if top[r["outcome"]] > 0:
            best[r["parameter"]] = max(best.get(r["parameter"], 0.0), float(r["mu_star"]) / top[r["outcome"]])
    return [k for k, v in sorted(best.items(), key=lambda kv: -kv[1]) if v > 0][:n]


def write(path, scenario_rel, chosen, skipped, refusals, spread, seeds, moments, title):
    lines = [f"# {path.rsplit('/', 1)[-1]} — every real parameter of {scenario_rel} within ±{spread:g} of its value",
             "# (written by aiecon-study; screen with aiecon-morris, then Sobol on the few that matter).",
             f"# {len(chosen) - len(refusals)} parameters; left out: " +
             "; ".join(f"{n} {why}" for why, n in sorted(skipped.items())) +
             (f"; {len(refusals)} refused by aiecon check (below)" if refusals else "")]
    lines += [f"#   {k}: {why}" for k, why in sorted(refusals.items())]
    lines += [f"title: {title!r}", f"scenario: {scenario_rel}", f"moments: {moments}",
              f"seeds: [{', '.join(map(str, seeds))}]", "parameters:"]
    for key, value, lo, hi in chosen:
        if key not in refusals:
            lines.append(f"  {key}: {{lower: {lo!r}, upper: {hi!r}, start: {value!r}}}")
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(path + ".tmp", path)


def main(argv=None):
    ap = argparse.ArgumentParser(prog="aiecon-study", description=__doc__.splitlines()[0])
    ap.add_argument("scenario")
    ap.add_argument("-o", "--output", required=True, help="the study file to write (a calibration file)")
    ap.add_argument("--spread", type=float, default=0.25, help="relative half-width of each box (default 0.25)")
    ap.add_argument("--seeds", default="1", help="comma-separated seeds (default 1)")
    ap.add_argument("--moments", default="aiecon.moments:outcomes", help="outcomes screened (default: aiecon.moments:outcomes)")
    ap.add_argument("--top", type=int, metavar="N", help="with --morris: only the N most influential parameters")
    ap.add_argument("--morris", metavar="MORRIS.csv", help="aiecon-morris's morris.csv, for --top")
    ap.add_argument("--binary")
    a = ap.parse_args(argv)
    if (a.top is None) != (a.morris is None) or (a.top is not None and a.top < 1):
        print("aiecon-study: --top N and --morris MORRIS.csv go together (N >= 1)", file=sys.stderr)
        return 2
    if not 0 < a.spread < 1:
        print(f"aiecon-study: --spread: {a.spread} (expected a number in (0, 1))", file=sys.stderr)
        return 2
    try:
        seeds = [int(s) for s in a.seeds.split(",")]
        binary = find_binary(a.binary)
        doc = resolved(binary, a.scenario)
    except ValueError:
        print(f"aiecon-study: --seeds: {a.seeds!r} (expected whole numbers separated by commas)", file=sys.stderr)
        return 2
    except RunError as e:
        print(f"aiecon-study: {e}", file=sys.stderr)
        return 2
    chosen, skipped = boxes(doc, real_ranges(binary), a.spread)
    if a.top:
        try:
            keep = top_of_morris(a.morris, a.top)
        except (OSError, KeyError, ValueError) as e:
            print(f"aiecon-study: --morris: {a.morris}: not aiecon-morris's morris.csv ({e})", file=sys.stderr)
            return 2
        skipped[f"outside the {a.top} most influential in {a.morris}"] = len(chosen) - len(keep)
        chosen = [c for c in chosen if c[0] in keep]
    refusals = refused(binary, a.scenario, chosen)
    rel = os.path.relpath(os.path.abspath(a.scenario), os.path.dirname(os.path.abspath(a.output)))
    write(a.output, rel, chosen, skipped, refusals, a.spread, seeds, a.moments,
          f"{doc.get('title', a.scenario)}: every real parameter ±{a.spread:g}")
    print(f"aiecon-study: wrote {a.output}: {len(chosen) - len(refusals)} parameters", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
