"""series — what the pictures show: panels of time series with their units, and their extraction.

A Panel is one set of axes: a title, a y label with units, the dimension it runs over (one line
per lab, cloud, region or chipmaker; None for a single series) and its Series (variable, scale to
the plotted unit, line style). A Figure groups panels into one PNG of a one-run report; ensemble
and scenario reports draw each panel as small multiples, one subplot per lab, cloud, ...
extract() turns a Run into plain arrays, already in the plotted units.
"""
import dataclasses

import numpy as np


@dataclasses.dataclass(frozen=True)
class Series:
    var: str
    label: str
    scale: float = 1.0
    style: str = "-"
    skip_first: bool = False   # record 0 is not meaningful (flows; lab users are computed from month 1)


@dataclasses.dataclass(frozen=True)
class Panel:
    key: str
    title: str
    ylabel: str
    dim: object                 # "lab", "cloud", "region", "chipmaker" or None
    series: tuple
    default_flag: object = None  # "lab_default" / "cloud_default": mark defaults on the first series
    log: bool = False
    hline: object = None        # a reference level (sentiment 1, residual tolerance 1 USD)


@dataclasses.dataclass(frozen=True)
class Figure:
    key: str
    heading: str
    caption: str
    panels: tuple


def _panels():
    rev = Panel("revenue", "Labs: annualised revenue (solid) and compute commitments still to pay (dashed)",
                "billion USD, nominal (revenue: per year)", "lab",
                (Series("lab_revenue", "revenue, annualised", 12e-9, "-", True),
                 Series("lab_commitments", "commitments left", 1e-9, "--")), "lab_default", log=True)
    users = Panel("users", "People using each lab's assistant (dotted: paying)", "million people", "lab",
                  (Series("lab_users", "users", 1e-6, "-", True), Series("lab_paid_users", "paying", 1e-6, ":", True)))
    hh = Panel("households", "Households using AI, by region", "% of households", "region",
               (Series("households_adopted", "households using AI", 100.0),))
    biz = Panel("businesses", "Firms using AI (pilot or production), by region", "% of firms", "region",
                (Series("businesses_adopted", "firms using AI", 100.0),))
    cap = Panel("capacity", "Clouds: AI capacity in service (× = default)", "GW", "cloud",
                (Series("cloud_capacity", "capacity", 1e-3),), "cloud_default")
    power = Panel("power", "Data-centre power drawn (solid) and available to data centres (dashed), by region",
                  "GW", "region", (Series("dc_power", "drawn", 1e-3),
                                   Series("grid_dc_power_available", "available", 1e-3, "--")))
    price = Panel("chip_price", "Accelerator price, by chipmaker", "thousand USD (nominal) per accelerator", "chipmaker",
                  (Series("chip_price", "price", 1e-3),))
    ship = Panel("chip_shipments", "Accelerators shipped, by chipmaker", "thousand accelerators per month",
                 "chipmaker", (Series("chip_shipments", "shipments", 1e-3, "-", True),))
    sent = Panel("sentiment", "Investor sentiment (1 = neutral)", "sentiment [1]", None,
                 (Series("investor_sentiment", "sentiment"),), hline=1.0)
    spread = Panel("spread", "Credit spread over the risk-free rate", "% per year", None,
                   (Series("credit_spread", "credit spread", 100.0),))
    lab_cash = Panel("lab_cash", "Labs' cash (× = default)", "billion USD, nominal", "lab",
                     (Series("lab_cash", "cash", 1e-9),), "lab_default")
    cloud_cash = Panel("cloud_cash", "Clouds' cash (× = default)", "billion USD, nominal", "cloud",
                       (Series("cloud_cash", "cash", 1e-9),), "cloud_default")
    resid = Panel("residual", "Stock-flow accounting residual (tests require at most 1 USD)", "USD", None,
                  (Series("accounting_residual", "residual", 1.0, "-", True),), hline=1.0)
    return (
        Figure("revenue", "Does revenue catch up with the build-out?",
               "Labs' revenue (12 × the month's revenue) against the compute payments they have committed to.",
               (rev,)),
        Figure("users", "Users and paying users", "People using each lab's assistant, free or paid.", (users,)),
        Figure("adoption", "Adoption by region", "Weighted shares of households and of firms using AI.", (hh, biz)),
        Figure("capacity", "Cloud capacity and data-centre power",
               "AI capacity the clouds have in service; power drawn by data centres against what the grid offers.",
               (cap, power)),
        Figure("chips", "Chips", "Price of one accelerator (the month's) and accelerators shipped.", (price, ship)),
        Figure("investors", "Investors", "Investor sentiment and the credit spread it sets.", (sent, spread)),
        Figure("cash", "Cash of labs and clouds", "Cash at the end of each month; × marks the month of a default.",
               (lab_cash, cloud_cash)),
        Figure("residual", "Accounting check",
               "Σ over sectors of |Δcash − net inflow| + |Σ net flows| each month: zero up to rounding.", (resid,)),
    )


FIGURES = _panels()


def panels():
    return tuple(p for f in FIGURES for p in f.panels)


def entities(run, panel):
    """The names a panel runs over (None for a single series)."""
    return run.names[panel.dim] if panel.dim else (None,)


def values(run, series, index):
    """One series of one entity (index None: no dimension) in plotted units, NaN where meaningless."""
    raw = run.data[series.var]
    v = (raw if index is None else raw[:, index]) * series.scale
    if series.skip_first:
        v = v.copy()
        v[0] = np.nan
    return v


def extract(run, panel):
    """{entity: {series label: ndarray over time}} for one panel of one run."""
    out = {}
    for i, name in enumerate(entities(run, panel)):
        out[name] = {s.label: values(run, s, None if name is None else i) for s in panel.series}
    return out


def default_record(run, flag_var, index):
    """First record where the default flag is 1, or None."""
    hit = np.flatnonzero(run.data[flag_var][:, index] > 0.5)
    return int(hit[0]) if hit.size else None
