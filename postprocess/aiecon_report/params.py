"""params — the parameters in which scenarios differ, from the resolved scenario each output
carries (global attribute `scenario`, YAML with every default and --set applied).

flatten() turns a scenario into {key path: value} with key paths as `aiecon run --set` takes them:
list items that have a `name` are addressed by it (labs.frontier_a.ambition), others by index
(labs.frontier_a.contracts[0].mw). differing() lists the key paths whose values are not the same
in every scenario (run.seed left out: seeds are in the provenance table). Costs one YAML parse
per scenario (python3-yaml); without it, or for an output without the attribute, returns None.
"""
try:
    import yaml
except ImportError:   # python3-yaml missing: no table of differing parameters
    yaml = None

SKIP = ("run.seed",)


def flatten(node, prefix=""):
    out = {}
    if isinstance(node, dict):
        for k, v in node.items():
            out.update(flatten(v, f"{prefix}.{k}" if prefix else str(k)))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            key = f"{prefix}.{v['name']}" if isinstance(v, dict) and "name" in v else f"{prefix}[{i}]"
            if isinstance(v, dict) and "name" in v:
                v = {k: x for k, x in v.items() if k != "name"}
            out.update(flatten(v, key))
    else:
        out[prefix] = node
    return out


def differing(scenarios):
    """[(key path, [value per scenario, '' where absent])] of the keys that differ; None if unknown."""
    if yaml is None or any(not s for s in scenarios):
        return None
    try:
        flat = [flatten(yaml.safe_load(s)) for s in scenarios]
    except yaml.YAMLError:
        return None
    keys = []
    for f in flat:
        keys += [k for k in f if k not in keys]
    rows = []
    for k in keys:
        if k in SKIP:
            continue
        values = [f.get(k, "") for f in flat]
        if any(v != values[0] for v in values[1:]):
            rows.append((k, values))
    return rows
