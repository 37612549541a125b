"""aiecon.run: the binary called from Python (needs a built aiecon: $AIECON, as ctest sets it, or
build/aiecon). A loop that reads its input while it runs aiecon gets every line (mpirun reads no
input), and the outputs carry their overrides, so open_sweep takes them."""
import os
import subprocess
import sys

import pytest

import aiecon
from conftest import SOURCE

TINY = os.path.join(SOURCE, "inputs", "tiny.yaml")
try:
    BINARY = aiecon.find_binary()
except aiecon.RunError:
    BINARY = None
pytestmark = pytest.mark.skipif(BINARY is None, reason="no aiecon binary (set AIECON or build it)")


def test_run_returns_a_named_dataset():
    ds = aiecon.run(TINY, set={"labs.frontier_a.ambition": 2.5}, ranks=2, steps=6)
    assert ds.sizes["time"] == 6
    assert ds["lab_revenue"].sel(lab="frontier_a").shape == (6,)
    assert ds.attrs["overrides"] == "labs.frontier_a.ambition=2.5"
    assert "ambition: 2.5" in ds.attrs["scenario"]


def test_bad_override_raises_with_aiecon_message():
    with pytest.raises(aiecon.RunError) as e:
        aiecon.run(TINY, set={"labs.nobody.ambition": 2}, steps=2)
    assert e.value.status == 2 and "nobody" in str(e.value)


def test_loop_over_input_runs_every_line(tmp_path):
    script = (
        "import sys, aiecon\n"
        "for i, line in enumerate(sys.stdin):\n"
        "    aiecon.run(sys.argv[1], set={'labs.frontier_a.ambition': float(line)}, steps=3,\n"
        "               output=f'{sys.argv[2]}/row_{i}.nc')\n"
        "    print('ran', i, flush=True)\n")
    p = subprocess.run([sys.executable, "-c", script, TINY, str(tmp_path)], input="1.5\n2.0\n3.0\n",
                       capture_output=True, text=True, timeout=300,
                       env={**os.environ, "PYTHONPATH": os.path.join(SOURCE, "postprocess")})
    assert p.returncode == 0, p.stderr
    assert p.stdout.split("\n")[:3] == ["ran 0", "ran 1", "ran 2"]
    ds = aiecon.open_sweep(str(tmp_path))
    assert ds["labs.frontier_a.ambition"].values.tolist() == [1.5, 2.0, 3.0]
