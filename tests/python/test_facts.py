"""inputs/facts: facts.csv says what the table of CALIBRATION.md says (row, tolerance, source),
and postprocess/calibration.py reads its targets from it."""
import os
import re
import subprocess

from aiecon import facts
from conftest import SOURCE
from synthetic import write_run

FOLDER = os.path.join(SOURCE, "inputs", "facts")


def table_rows():
    """{row number: [cells]} of the tables in CALIBRATION.md."""
    rows = {}
    with open(os.path.join(FOLDER, "CALIBRATION.md"), encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^\| (\d+) \|(.*)\|\s*$", line)
            if m:
                rows[int(m.group(1))] = [c.strip() for c in m.group(2).split("|")]
    return rows


def test_facts_csv_matches_the_table():
    table = table_rows()
    rows = facts.read_facts(os.path.join(FOLDER, "facts.csv"))
    assert len(table) == 27
    assert {int(r["row"]) for r in rows} == set(table)          # every row of the table, nothing else
    for r in rows:
        cells = table[int(r["row"])]
        tolerance = cells[3]
        if r["tolerance_kind"] == "rel":
            assert f"±{r['tolerance'] * 100:g}" in tolerance.replace(" ", ""), (r["id"], tolerance)
        elif r["tolerance_kind"] == "abs":
            assert f"±{r['tolerance']:g} points" in tolerance, (r["id"], tolerance)
        source = cells[-1]
        assert r["source"].split(" (")[0].split(";")[0][:20] in source, (r["id"], source)


def test_calibration_window():
    w = facts.calibration_window(facts.read_facts(os.path.join(FOLDER, "facts.csv")))
    assert w == ((2023, 1), (2025, 12))


def test_calibration_reads_its_targets_from_the_facts(tmp_path):
    """A facts file whose target for C1 is far off makes calibration.py report that fact missed."""
    text = open(os.path.join(FOLDER, "facts.csv"), encoding="utf-8").read()
    bad = tmp_path / "facts.csv"
    bad.write_text(text.replace("C1,1,lab A revenue,calendar 2024,2024-01,2024-12,3.7,",
                                "C1,1,lab A revenue,calendar 2024,2024-01,2024-12,370,"))
    assert bad.read_text() != text
    run = write_run(str(tmp_path / "r.nc"), months=24)     # not the baseline: calibration.py refuses it
    p = subprocess.run(["/usr/bin/python3", os.path.join(SOURCE, "postprocess", "calibration.py"), run,
                        "--facts", str(bad)], capture_output=True, text=True)
    assert p.returncode == 2 and "not a baseline run" in p.stderr
    p = subprocess.run(["/usr/bin/python3", os.path.join(SOURCE, "postprocess", "calibration.py"), run,
                        "--facts", str(tmp_path / "none.csv")], capture_output=True, text=True)
    assert p.returncode == 2 and "cannot read the facts" in p.stderr
