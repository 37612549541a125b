"""`pip install ./postprocess` without network, the documented way (README.md, "Python"): a venv
that sees Debian's packages, pip with --no-build-isolation (setuptools from Debian). Installs a copy
of postprocess/ (pip builds in the source folder) and uses the installed package."""
import os
import shutil
import subprocess
import sys

import pytest

from conftest import HERE, SOURCE

PYTHON = "/usr/bin/python3"


def test_pip_install_in_a_venv(tmp_path):
    if subprocess.run([PYTHON, "-c", "import ensurepip, venv"], capture_output=True).returncode != 0:
        pytest.skip("python3-venv not installed (cluster/install-deps installs it)")
    src = tmp_path / "postprocess"
    shutil.copytree(os.path.join(SOURCE, "postprocess"), src,
                    ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    venv = tmp_path / "venv"
    subprocess.run([PYTHON, "-m", "venv", "--system-site-packages", str(venv)], check=True, timeout=300)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env.update(PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1", PYTHONDONTWRITEBYTECODE="1")
    p = subprocess.run([str(venv / "bin" / "pip"), "install", "--no-build-isolation", str(src)],
                       capture_output=True, text=True, env=env, timeout=600, cwd=str(tmp_path))
    assert p.returncode == 0, p.stdout + p.stderr
    check = (
        "import sys, aiecon, aiecon_report\n"
        "sys.path.insert(0, sys.argv[2])\n"
        "from synthetic import write_run\n"
        "assert aiecon.__file__.startswith(sys.argv[1]), aiecon.__file__\n"
        "p = write_run(sys.argv[3] + '/r.nc', months=12)\n"
        "ds = aiecon.open_run(p)\n"
        "print(float(ds.lab_revenue.sel(lab='frontier_a').groupby('time.year').sum()[0]))\n")
    p = subprocess.run([str(venv / "bin" / "python"), "-c", check, str(venv), HERE, str(tmp_path)],
                       capture_output=True, text=True, env=env, cwd=str(tmp_path), timeout=120)
    assert p.returncode == 0, p.stderr
    assert float(p.stdout) > 0
    p = subprocess.run([str(venv / "bin" / "aiecon-report"), "--help"], capture_output=True, text=True,
                       env=env, cwd=str(tmp_path), timeout=120)
    assert p.returncode == 0 and "PATH" in p.stdout
    p = subprocess.run([str(venv / "bin" / "aiecon-calibrate"), "--help"], capture_output=True, text=True,
                       env=env, cwd=str(tmp_path), timeout=120)
    assert p.returncode == 0 and "--cutoff" in p.stdout
    p = subprocess.run([str(venv / "bin" / "aiecon-morris"), "--help"], capture_output=True, text=True,
                       env=env, cwd=str(tmp_path), timeout=120)
    assert p.returncode == 0 and "--trajectories" in p.stdout
    p = subprocess.run([str(venv / "bin" / "python"), "-c", "import aiecon.moments as m; "
                        "print(m._calibration_module().__file__)"], capture_output=True, text=True,
                       env=env, cwd=str(tmp_path), timeout=120)
    assert p.returncode == 0 and p.stdout.startswith(str(venv)), p.stdout + p.stderr
    assert sys.version_info >= (3, 9)
