"""synthetic — small NetCDF files laid out as aiecon writes them today (docs/OUTPUT.md), for the
Python tests: char name variables with `coordinates`, time in 'days since START-01' on the 360_day
calendar with record 0 the initial state and record m the end of month m, and the global
attributes (source, scenario, seed, scenario_hash). The values are simple closed forms so a test
knows what to expect without the code under test: lab i's revenue in month m is
REVENUE[i] × growth^m × scale (0 at record 0 and from its default on).
"""
import numpy as np
import netCDF4

LABS = ("frontier_a", "china_lab")
CLOUDS = ("hyperscalers", "neoclouds")
CHIPMAKERS = ("gpu_leader",)
REGIONS = ("us", "china")
REVENUE = (300e6, 50e6)    # USD/month in month 0 (before growth)


def _names(nc, dim, names):
    nc.createDimension(dim, len(names))
    v = nc.createVariable(f"{dim}_name", "S1", (dim, "name_strlen"))
    v.long_name = f"name of each {dim}"
    v._Encoding = "utf-8"
    v[:] = netCDF4.stringtochar(np.array([n.ljust(32, "\0") for n in names], dtype="S32"))


def scenario_text(title, seed, months, params=None):
    params = params or {}
    labs = "\n".join(f"  - name: {n}\n    ambition: {params.get(f'labs.{n}.ambition', 1.5)}" for n in LABS)
    return (f"title: {title}\nrun:\n  start: \"2024-01\"\n  steps: {months}\n  seed: {seed}\n"
            f"labs:\n{labs}\ninvestors:\n  rate: {params.get('investors.rate', 0.05)}\n")


def write_run(path, *, months=36, start=(2024, 1), seed=1, title="synthetic economy", scale=1.0,
              growth=1.05, lab_defaults=None, cloud_defaults=None, attrs=None, params=None, with_bounds=False):
    """Write one synthetic aiecon output. lab_defaults / cloud_defaults: {index: month of default}.
    with_bounds: write the time axis as a future aiecon would (stamped mid-month with time_bnds,
    no record 0) instead of today's."""
    lab_defaults = lab_defaults or {}
    cloud_defaults = cloud_defaults or {}
    n = months + 1
    m = np.arange(n)
    with netCDF4.Dataset(path, "w") as nc:
        nc.createDimension("time", None)
        nc.createDimension("name_strlen", 32)
        for dim, names in (("region", REGIONS), ("lab", LABS), ("cloud", CLOUDS), ("chipmaker", CHIPMAKERS)):
            _names(nc, dim, names)
        t = nc.createVariable("time", "f8", ("time",))
        t.units = f"days since {start[0]:04d}-{start[1]:02d}-01 00:00:00"
        t.calendar = "360_day"
        t.standard_name = "time"
        t.axis = "T"
        if with_bounds:
            nc.createDimension("nv", 2)
            t.bounds = "time_bnds"
            tb = nc.createVariable("time_bnds", "f8", ("time", "nv"))
            t[:] = 30.0 * (m[1:] - 1) + 15.0
            tb[:] = np.stack([30.0 * (m[1:] - 1), 30.0 * m[1:]], axis=1)
        else:
            t[:] = 30.0 * m

        def var(name, dims, units, values):
            v = nc.createVariable(name, "f8", ("time",) + dims, fill_value=np.nan)
            v.units = units
            v.long_name = name.replace("_", " ")
            if dims:
                v.coordinates = f"{dims[0]}_name"
            v[:] = values[1:] if with_bounds else values

        rev = np.zeros((n, len(LABS)))
        ldef = np.zeros((n, len(LABS)))
        for i, base in enumerate(REVENUE):
            rev[1:, i] = base * growth ** m[1:] * scale
            if i in lab_defaults:
                rev[lab_defaults[i]:, i] = 0.0
                ldef[lab_defaults[i]:, i] = 1.0
        cdef = np.zeros((n, len(CLOUDS)))
        for i, month in cloud_defaults.items():
            cdef[month:, i] = 1.0
        ones = lambda k: np.ones((n, k))  # noqa: E731
        share = np.clip(0.05 + 0.01 * m, 0, 1)[:, None] * ones(len(REGIONS))
        var("households_adopted", ("region",), "1", share)
        var("households_users", ("region",), "households", share * 1e8)
        var("businesses_adopted", ("region",), "1", share / 2)
        var("dc_power", ("region",), "MW", 1e4 * ones(len(REGIONS)))
        var("grid_dc_power_available", ("region",), "MW", 2e4 * ones(len(REGIONS)))
        var("lab_revenue", ("lab",), "USD/month", rev)
        var("lab_commitments", ("lab",), "USD", 1e11 * ones(len(LABS)))
        var("lab_cash", ("lab",), "USD", 1e10 * ones(len(LABS)) * (1 - ldef))
        var("lab_default", ("lab",), "1", ldef)
        users = 1e7 * ones(len(LABS))
        users[0] = 0.0
        var("lab_users", ("lab",), "people", users)
        var("lab_paid_users", ("lab",), "people", users / 20)
        var("cloud_capacity", ("cloud",), "MW", 1e3 * ones(len(CLOUDS)))
        var("cloud_default", ("cloud",), "1", cdef)
        var("cloud_cash", ("cloud",), "USD", 1e9 * ones(len(CLOUDS)))
        var("chip_price", ("chipmaker",), "USD", 3e4 * ones(len(CHIPMAKERS)))
        var("chip_shipments", ("chipmaker",), "units/month", 1e5 * ones(len(CHIPMAKERS)))
        var("investor_sentiment", (), "1", np.ones(n))
        var("credit_spread", (), "1/year", 0.02 * np.ones(n))
        var("accounting_residual", (), "USD", np.zeros(n))
        nc.setncatts({"title": title, "Conventions": "CF-1.10", "source": "aiecon 0.1.0 (git synthetic)",
                      "history": "synthetic (tests/python/synthetic.py)", "scenario":
                      scenario_text(title, seed, months, params), "seed": np.uint32(seed),
                      "scenario_hash": "0123456789abcdef", "mpi_ranks": np.int32(1)})
        for k, v in (attrs or {}).items():
            nc.setncattr(k, v)
    return path


def raw(path, var):
    """A variable's values as stored, read with netCDF4 (not with the code under test)."""
    with netCDF4.Dataset(path) as nc:
        return np.array(nc[var][:])
