"""calibspec — read and check a calibration file (inputs/calibration/*.yaml) and the facts it targets.

A calibration file names the scenario, the facts file, the moments (the function that turns a
run into the model's value of each fact), the seeds of the ensemble and the parameters to
estimate with their bounds and start:

    scenario: ../tiny.yaml                 # relative to this file
    facts: ../facts/facts.csv
    moments: aiecon.moments:tiny           # MODULE:FUNCTION, the function takes the run's path
    seeds: [1, 2]                          # common random numbers: every evaluation uses these
    targets: [T1, T2]                      # optional; default: every `fitted` fact of the file
    cutoff: 2025-06                        # optional; fit facts whose period ends by this month
    parameters:
      households.bass_p: {lower: 0.001, upper: 0.02, start: 0.008}    # key paths as for --set

read_calibration() returns a Calibration; every problem raises SpecError, whose text is the one
line the command prints: FILE:LINE: key.path: what is wrong (what was expected), as aiecon's own
messages read (tests/bad-inputs/README.md). The parameter ranges are checked by the binary itself
(`aiecon check SCENARIO --set key=lower ...`), which knows each parameter's allowed range
(check_against_binary), so this module holds no copy of the parameter table.
Cost: reading two small files; check_against_binary starts the binary three times (no simulation).
"""
import math
import os
import re
import subprocess
from dataclasses import dataclass, field

import yaml

from .facts import read_facts

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
KEYS = ("scenario", "facts", "moments", "seeds", "targets", "cutoff", "parameters", "steps", "ranks",
        "evaluations", "title")
DEFAULT_CUTOFF = "2025-06"


class SpecError(ValueError):
    """A calibration file or facts file that cannot be used; str() is the whole message line."""


@dataclass
class Parameter:
    key: str        # key path as for `aiecon run --set`
    lower: float
    upper: float
    start: float
    line: int       # line of the key in the calibration file (1-based)


@dataclass
class Calibration:
    path: str                   # the calibration file
    scenario: str               # absolute path of the scenario
    facts_path: str
    facts: list                 # every line of the facts file (dicts, aiecon.facts.read_facts)
    moments: str                # MODULE:FUNCTION
    seeds: list
    parameters: list            # [Parameter]
    targets: list               # ids of the facts fitted or held out (both: checked to have value and date)
    cutoff: str                 # YYYY-MM
    steps: int = None
    ranks: int = 1
    evaluations: int = 60       # default budget of the optimiser [evaluations]
    title: str = ""
    lines: dict = field(default_factory=dict)    # key path in the file -> line

    def fact(self, fact_id):
        return next(f for f in self.facts if f["id"] == fact_id)

    def fitted(self):
        """Target ids whose period ends by the cut-off: the ones the loss counts."""
        return [t for t in self.targets if self.fact(t)["period_end"] <= self.cutoff]

    def held_out(self):
        """Target ids whose period ends after the cut-off: reported as forecast errors."""
        return [t for t in self.targets if self.fact(t)["period_end"] > self.cutoff]


def _lines(root):
    """{top-level key: line, ("parameters", key): line, "targets[i]": line} (1-based) of a composed file."""
    out = {}
    if not isinstance(root, yaml.MappingNode):
        return out
    for k, v in root.value:
        out.setdefault(str(k.value), k.start_mark.line + 1)
        if k.value == "parameters" and isinstance(v, yaml.MappingNode):
            for pk, _ in v.value:
                out.setdefault(("parameters", pk.value), pk.start_mark.line + 1)
        if k.value == "targets" and isinstance(v, yaml.SequenceNode):
            for i, item in enumerate(v.value):
                out.setdefault(f"targets[{i}]", item.start_mark.line + 1)
    return out


def _number(value, where):
    if isinstance(value, str):   # PyYAML reads 5e4 (no dot) as text; aiecon reads it as a number
        try:
            value = float(value)
        except ValueError:
            pass
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise SpecError(f"{where}: {value!r} is not a finite number (expected a real number)")
    return float(value)


def read_calibration(path, cutoff=None, facts=None, need_facts=True):
    """The checked Calibration of the file at `path`; cutoff (YYYY-MM) and facts (a path) override the file's."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise SpecError(f"{path}: cannot read the calibration file ({e.strerror})")
    try:
        doc = yaml.safe_load(text)
        lines = _lines(yaml.compose(text)) if doc is not None else {}
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        at = f"{path}:{mark.line + 1}" if mark else path
        raise SpecError(f"{at}: not valid YAML ({getattr(e, 'problem', e)})")
    if not isinstance(doc, dict):
        raise SpecError(f"{path}: the calibration is not a mapping (expected keys {', '.join(KEYS)})")

    def at(key):
        line = lines.get(key)
        return f"{path}:{line}: {key}" if line else f"{path}: {key}"

    for k in doc:
        if k not in KEYS:
            raise SpecError(f"{at(str(k))}: unknown key (expected one of: {', '.join(KEYS)})")
    for k in ("scenario", "moments", "parameters"):
        if k not in doc:
            raise SpecError(f"{path}: {k}: missing (expected the key {k})")
    base = os.path.dirname(os.path.abspath(path))
    scenario = os.path.normpath(os.path.join(base, str(doc["scenario"])))
    if not os.path.isfile(scenario):
        raise SpecError(f"{at('scenario')}: no file {scenario} (expected a scenario, relative to this file)")
    facts_path = (os.path.abspath(facts) if facts
                  else os.path.normpath(os.path.join(base, str(doc.get("facts", "../facts/facts.csv")))))
    moments = doc["moments"]
    if not isinstance(moments, str) or ":" not in moments:
        raise SpecError(f"{at('moments')}: {moments!r} is not MODULE:FUNCTION (expected e.g. aiecon.moments:tiny)")
    seeds = doc.get("seeds", [1])
    if (not isinstance(seeds, list) or not seeds
            or not all(isinstance(s, int) and not isinstance(s, bool) and 0 <= s < 2**32 for s in seeds)
            or len(set(seeds)) != len(seeds)):
        raise SpecError(f"{at('seeds')}: {seeds!r} (expected a list of distinct whole numbers in [0, 4294967295])")
    cut = str(cutoff if cutoff is not None else doc.get("cutoff", DEFAULT_CUTOFF))
    if not MONTH.match(cut):
        where = "--cutoff" if cutoff is not None else at("cutoff")
        raise SpecError(f"{where}: {cut!r} is not a month (expected YYYY-MM)")

    params = doc["parameters"]
    if not isinstance(params, dict) or not params:
        raise SpecError(f"{at('parameters')}: no parameters (expected a mapping KEY.PATH: {{lower, upper, start}})")
    parameters = []
    for key, spec in params.items():
        line = lines.get(("parameters", key))
        where = f"{path}:{line}: {key}" if line else f"{path}: {key}"
        if not isinstance(spec, dict) or set(spec) - {"lower", "upper", "start"} or not {"lower", "upper"} <= set(spec):
            raise SpecError(f"{where}: {spec!r} (expected a mapping with lower, upper and optional start)")
        lo, hi = _number(spec["lower"], f"{where}.lower"), _number(spec["upper"], f"{where}.upper")
        if not lo < hi:
            raise SpecError(f"{where}: empty range [{lo:g}, {hi:g}] (expected lower < upper)")
        start = _number(spec.get("start", (lo + hi) / 2), f"{where}.start")
        if not lo <= start <= hi:
            raise SpecError(f"{where}.start: {start:g} is outside [{lo:g}, {hi:g}] (expected a start within the bounds)")
        parameters.append(Parameter(str(key), lo, hi, start, line or 0))

    if not need_facts:   # --synthetic-facts writes the facts file: only the rest is checked
        return Calibration(path=path, scenario=scenario, facts_path=facts_path, facts=[],
                           moments=moments, seeds=list(seeds), parameters=parameters, targets=[], cutoff=cut,
                           steps=doc.get("steps"), ranks=int(doc.get("ranks", 1)), lines=lines)
    try:
        facts = read_facts(facts_path)
    except (OSError, KeyError) as e:
        raise SpecError(f"{at('facts')}: cannot read the facts file {facts_path} ({e})")
    by_id = {f["id"]: (i, f) for i, f in enumerate(facts)}
    targets = doc.get("targets")
    if targets is None:
        targets = [f["id"] for f in facts if f["role"] == "fitted"]
        if not targets:
            raise SpecError(f"{facts_path}: no fact has role fitted (expected at least one target)")
    elif not isinstance(targets, list) or not targets:
        raise SpecError(f"{at('targets')}: no target (expected a list of fact ids of {facts_path})")
    for j, t in enumerate(targets):
        if str(t) not in by_id:
            line = lines.get(f"targets[{j}]")
            where = f"{path}:{line}" if line else path
            raise SpecError(f"{where}: targets: {t!r} is not a fact of {facts_path} (expected one of its ids)")
    targets = [str(t) for t in targets]
    for t in targets:
        i, f = by_id[t]
        where = f"{facts_path}:{i + 2}: {t}"   # line 1 is the header; facts hold no line breaks
        if not math.isfinite(f["value"]):
            raise SpecError(f"{where}: value: no value (expected a number)")
        if not (MONTH.match(f["period_start"] or "") and MONTH.match(f["period_end"] or "")):
            raise SpecError(f"{where}: period_end: no date (expected period_start and period_end as YYYY-MM)")
        if f["tolerance_kind"] not in ("rel", "abs") or not (math.isfinite(f["tolerance"]) and f["tolerance"] > 0):
            raise SpecError(f"{where}: tolerance: {f['tolerance_kind']} {f['tolerance']:g} "
                            "(expected tolerance_kind rel or abs and a tolerance above 0)")
        if f["tolerance_kind"] == "rel" and f["value"] == 0:
            raise SpecError(f"{where}: tolerance: relative to a value of 0 (expected tolerance_kind abs)")
    cal = Calibration(path=path, scenario=scenario, facts_path=facts_path, facts=facts,
                      moments=moments, seeds=list(seeds), parameters=parameters, targets=targets, cutoff=cut,
                      steps=doc.get("steps"), ranks=int(doc.get("ranks", 1)),
                      evaluations=int(doc.get("evaluations", 60)), title=str(doc.get("title", "")), lines=lines)
    if not cal.fitted():
        where = "--cutoff" if cutoff is not None else (at("cutoff") if "cutoff" in doc else facts_path)
        raise SpecError(f"{where}: no target dated by the cut-off {cut} "
                        "(expected at least one fact whose period ends by it)")
    return cal


def tolerance(fact):
    """The fact's tolerance in its own unit (rel: a share of the value)."""
    return fact["tolerance"] * abs(fact["value"]) if fact["tolerance_kind"] == "rel" else fact["tolerance"]


def check_against_binary(cal, binary):
    """Let the binary check every parameter's key path and bounds (and start): `aiecon check` with
    all lowers, then all uppers, then all starts. Raises SpecError naming the calibration file's line."""
    env = dict(os.environ)
    for which in ("lower", "upper", "start"):
        cmd = [binary, "check", cal.scenario]
        for p in cal.parameters:
            cmd += ["--set", f"{p.key}={getattr(p, which)!r}"]
        r = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           text=True, env=env)
        if r.returncode == 0:
            continue
        said = (r.stderr.strip().splitlines() or ["(no message)"])[-1]
        m = re.match(r"^--set: ([^:]+): (.*)$", said)
        if m:
            key, what = m.group(1), m.group(2)
            p = next((p for p in cal.parameters if p.key == key), None)
            if p is not None:
                value = getattr(p, which)
                if "unknown" in what or "no " in what[:3]:
                    raise SpecError(f"{cal.path}:{p.line}: {p.key}: not a parameter of {cal.scenario}: {what}")
                raise SpecError(f"{cal.path}:{p.line}: {p.key}.{which}: {value:g} is outside the parameter's "
                                f"allowed range: {what}")
        raise SpecError(f"{cal.path}: aiecon check refused the parameters: {said}")
