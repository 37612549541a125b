"""apply — write a calibration's estimate into the scenario it calibrated, in place, so that the
shipped scenario *is* the fit (`aiecon-calibrate CAL.yaml -o OUT --apply`).

Each parameter's value is found in the scenario's own text by its key path (maps by key, lists
of named items by their `name`: `labs.frontier_a.brand`, `regions.eu.grid.other_dc_load_mw`)
from PyYAML's node marks, and only that scalar's characters are replaced: comments, order,
layout and every other value stay as written. Values are written to 6 significant digits (the
fit's standard errors are far wider), and the recorded fit (NAME-fit.yaml beside the calibration
file) holds the estimate to full precision. Why not load and dump the YAML: a dump would drop
every comment, and the scenario's comments are its sources ([Cn] marks, units, reasons).
A parameter that the scenario does not write (it takes its default) cannot be placed; that is an
error naming the key, nothing is written. Cost: one parse of the scenario.
"""
import os

import yaml


class ApplyError(ValueError):
    """A key the scenario does not write, or one that is not a scalar; names the file and key."""


def _child(node, part):
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == part:
                return v
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            if isinstance(item, yaml.MappingNode) and any(
                    isinstance(k, yaml.ScalarNode) and k.value == "name" and isinstance(v, yaml.ScalarNode)
                    and v.value == part for k, v in item.value):
                return item
    return None


def locate(text, key, path="scenario"):
    """(start, end): the character span of the scalar value at `key` in the YAML `text`."""
    node = yaml.compose(text)
    for part in key.split("."):
        node = _child(node, part) if node is not None else None
        if node is None:
            raise ApplyError(f"{path}: {key}: not written in the scenario (it takes its default); "
                             "write it there first")
    if not isinstance(node, yaml.ScalarNode):
        raise ApplyError(f"{path}:{node.start_mark.line + 1}: {key}: not a single value")
    return node.start_mark.index, node.end_mark.index


def format_value(v):
    """6 significant digits, as YAML and the binary read them (1.5e+06 -> 1.5e6)."""
    s = f"{float(v):.6g}"
    return s.replace("e+0", "e").replace("e+", "e").replace("e-0", "e-")


def apply_values(path, values):
    """Rewrite the scenario at `path` with each {key: value}; returns [(key, old text, new text)].
    Every key is located before anything is written; the file is replaced whole (a crash leaves
    the old one)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    spans = sorted(((*locate(text, key, path), key, v) for key, v in values.items()), reverse=True)
    changes = []
    for start, end, key, v in spans:   # from the end, so earlier spans keep their offsets
        new = format_value(v)
        changes.append((key, text[start:end], new))
        text = text[:start] + new + text[end:]
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)
    return sorted(changes)
