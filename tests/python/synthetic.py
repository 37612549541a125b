"""synthetic — small NetCDF files laid out as aiecon writes them (docs/OUTPUT.md), for the Python
tests. Output layout 2 (today's, the default): char name variables `<dim>` and `<dim>_name`, time in
'days since START-01' on the 360_day calendar with record 0 the initial state at 0 (flagged by
`initial_state`, bounds [0, 0]) and record m stamped at the middle of month m with `time_bnds`;
layout 1 (files of older aiecons): only `<dim>_name`, record m stamped at the end of month m, no
bounds, no flag. Both with the global attributes (source, scenario, seed, scenario_hash). The values are simple closed forms so a test
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


def _names(nc, dim, names, layout):
    nc.createDimension(dim, len(names))
    for var in ((dim, f"{dim}_name") if layout >= 2 else (f"{dim}_name",)):
        v = nc.createVariable(var, "S1", (dim, "name_strlen"))
        v.long_name = f"name of each {dim}"
        v._Encoding = "utf-8"
        v[:] = netCDF4.stringtochar(np.array([n.ljust(32, "\0") for n in names], dtype="S32"))


def scenario_text(title, seed, months, params=None):
    params = params or {}
    labs = "\n".join(f"  - name: {n}\n    ambition: {params.get(f'labs.{n}.ambition', 1.5)}" for n in LABS)
    return (f"title: {title}\nrun:\n  start: \"2024-01\"\n  steps: {months}\n  seed: {seed}\n"
            f"labs:\n{labs}\ninvestors:\n  rate: {params.get('investors.rate', 0.05)}\n")


def write_run(path, *, months=36, start=(2024, 1), seed=1, title="synthetic economy", scale=1.0,
              growth=1.05, lab_defaults=None, cloud_defaults=None, attrs=None, params=None, with_bounds=False,
              layout=2):
    """Write one synthetic aiecon output. lab_defaults / cloud_defaults: {index: month of default}.
    layout: 2 as aiecon writes today, 1 as older aiecons wrote. with_bounds: a file of another
    tool, stamped mid-month with time_bnds and without record 0."""
    lab_defaults = lab_defaults or {}
    cloud_defaults = cloud_defaults or {}
    n = months + 1
    m = np.arange(n)
    with netCDF4.Dataset(path, "w") as nc:
        nc.createDimension("time", None)
        nc.createDimension("name_strlen", 32)
        for dim, names in (("region", REGIONS), ("lab", LABS), ("cloud", CLOUDS), ("chipmaker", CHIPMAKERS)):
            _names(nc, dim, names, layout)
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
        elif layout >= 2:
            nc.createDimension("nv", 2)
            t.bounds = "time_bnds"
            tb = nc.createVariable("time_bnds", "f8", ("time", "nv"))
            t[:] = np.where(m == 0, 0.0, 30.0 * m - 15.0)
            tb[:] = np.stack([np.maximum(30.0 * (m - 1), 0.0), 30.0 * m], axis=1)
            flag = nc.createVariable("initial_state", "i1", ("time",))
            flag[:] = (m == 0).astype(np.int8)
        else:
            t[:] = 30.0 * m

        def var(name, dims, units, values):
            v = nc.createVariable(name, "f8", ("time",) + dims, fill_value=np.nan)
            v.units = units
            v.long_name = name.replace("_", " ")
            if layout >= 2 and not with_bounds:
                v.coordinates = " ".join(["initial_state"] + [f"{d}_name" for d in dims])
                v.cell_methods = "time: sum" if units.endswith("/month") else "time: point"
            elif dims:
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
                      "scenario_hash": "0123456789abcdef", "mpi_ranks": np.int32(1),
                      "output_layout_version": np.int32(layout)})
        for k, v in (attrs or {}).items():
            nc.setncattr(k, v)
    return path


def raw(path, var):
    """A variable's values as stored, read with netCDF4 (not with the code under test)."""
    with netCDF4.Dataset(path) as nc:
        return np.array(nc[var][:])
