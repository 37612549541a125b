"""runner — run the aiecon binary from Python and get its output as an xarray.Dataset.

run() starts `mpirun -n RANKS aiecon run SCENARIO --quiet -o OUT --set k=v ...` with standard input
from /dev/null (mpirun otherwise reads the caller's input: a loop over a file would run once), waits
for it and opens OUT with files.open_run. The run's --set assignments are recorded in OUT's global
attribute `overrides` (key=value lines) unless aiecon wrote that attribute itself, so any loop's
outputs carry their parameters and feed the report. Without `output` the file goes to a temporary
folder and the dataset is loaded into memory before the folder is removed.
Cost: one process start of mpirun per call (about a second) on top of the simulation.
"""
import os
import shutil
import subprocess
import tempfile

from .files import open_run

ROOT_ENV = {"OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1"}
QUIET_ENV = {
    # PMIx 4.2's shared-memory store (gds ds21) can hang mpirun at exit when ranks end quickly
    # (Debian 12); the hash store does not
    "PMIX_MCA_gds": "hash",
    # aiecon says on one line what went wrong; mpirun's own notice adds nothing
    "OMPI_MCA_orte_execute_quiet": "1",
    # more ranks than cores: ranks waiting in MPI give the core away
    "OMPI_MCA_rmaps_base_oversubscribe": "1",
}


class RunError(RuntimeError):
    """aiecon exited non-zero; .status is its exit status, .stderr what it said."""
    def __init__(self, message, status, stderr):
        super().__init__(message)
        self.status, self.stderr = status, stderr


def find_binary(binary=None):
    """The aiecon binary: `binary`, else $AIECON, else `aiecon` on PATH, else build/aiecon of the
    source tree this package lies in. Raises RunError when none is executable."""
    here = os.path.dirname(os.path.abspath(__file__))
    for c in (binary, os.environ.get("AIECON"), shutil.which("aiecon"),
              os.path.join(here, "..", "..", "build", "aiecon")):
        if c and os.path.isfile(c) and os.access(c, os.X_OK):
            return os.path.abspath(c)
    raise RunError("no aiecon binary: pass binary=..., set AIECON, put aiecon on PATH or build it in build/",
                   127, "")


def _value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    return repr(v) if isinstance(v, float) else str(v)


def command(scenario, output, set=None, ranks=1, steps=None, seed=None, binary=None, mpirun="mpirun",
            args=()):
    """The command line run() starts (a list)."""
    cmd = [mpirun, "-n", str(int(ranks)), find_binary(binary), "run", str(scenario), "--quiet", "-o", str(output)]
    if steps is not None:
        cmd += ["--steps", str(int(steps))]
    if seed is not None:
        cmd += ["--seed", str(int(seed))]
    for k, v in (set or {}).items():
        cmd += ["--set", f"{k}={_value(v)}"]
    return cmd + [str(a) for a in args]


def record_overrides(path, assignments):
    """Write the key=value lines into the file's global attribute `overrides` unless it has one."""
    import netCDF4
    with netCDF4.Dataset(path, "a") as nc:
        if "overrides" not in nc.ncattrs():
            nc.setncattr("overrides", "\n".join(f"{k}={_value(v)}" for k, v in assignments.items()))


def run(scenario, set=None, ranks=1, *, steps=None, seed=None, output=None, binary=None, initial=False,
        mpirun="mpirun", args=(), timeout=None):
    """Run aiecon on `scenario` with the --set assignments `set` ({key path: value}) on `ranks` MPI
    ranks and return the output as an xarray.Dataset (files.open_run; `initial` as there).

    output: where to keep the NetCDF file (default: a temporary file, removed after loading).
    steps, seed: --steps and --seed. args: further `aiecon run` options. Raises RunError with
    aiecon's message when it exits non-zero (2: bad scenario or --set; 1: a runtime failure).
    """
    env = dict(os.environ)
    for k, v in QUIET_ENV.items():
        env.setdefault(k, v)
    if os.geteuid() == 0:
        env.update(ROOT_ENV)
    tmp = None
    if output is None:
        tmp = tempfile.mkdtemp(prefix="aiecon-run-")
        output = os.path.join(tmp, "run.nc")
    try:
        cmd = command(scenario, output, set, ranks, steps, seed, binary, mpirun, args)
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, env=env, timeout=timeout)
        if p.returncode != 0:
            said = p.stderr.strip().splitlines()
            raise RunError(f"aiecon run exited {p.returncode}: {said[0] if said else '(no message)'}",
                           p.returncode, p.stderr)
        if set:
            record_overrides(output, set)
        ds = open_run(output, initial=initial)
        if tmp:
            ds = ds.load()
            ds.close()
        return ds
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
