"""aiecon — the Python door to aiecon's outputs: open a run, an ensemble or a sweep as one
xarray.Dataset, run the model from Python, and the statistics the reports use.

    import aiecon
    ds  = aiecon.open_run("out/baseline.nc")        # lab, cloud, chipmaker, region: string coordinates
    ds.lab_revenue.sel(lab="frontier_a").groupby("time.year").sum()   # calendar-year totals
    ens = aiecon.open_ensemble("out/ens")           # dimension member, coordinates member and seed
    sw  = aiecon.open_sweep("out/sweep")            # dimension row, the design's parameters as coordinates
    ds  = aiecon.run("inputs/tiny.yaml", set={"labs.frontier_a.ambition": 2}, ranks=2)

Modules: files (opening outputs and the time axis), runner (calling the binary), stats (Wilson
intervals, members needed, sensitivity coefficients). Installed with `pip install ./postprocess`
(README.md, "Post-processing in Python"); the package needs only numpy, xarray and netCDF4.
"""
from .files import (AiEconError, decimal_years, open_ensemble, open_run, open_sweep, parse_assignments,
                    read_design, scenario_without_seed, start_month)
from .runner import RunError, find_binary, run
from .stats import members_needed, partial_rank_correlation, standardised_regression, wilson_interval

__version__ = "0.1.0"
__all__ = ["AiEconError", "RunError", "decimal_years", "find_binary", "members_needed", "open_ensemble",
           "open_run", "open_sweep", "parse_assignments", "partial_rank_correlation", "read_design", "run",
           "scenario_without_seed", "standardised_regression", "start_month", "wilson_interval"]
