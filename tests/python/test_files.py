"""aiecon.open_run on files laid out as aiecon writes them: names as coordinates, a time axis stamped
at the month each record covers, calendar-year sums, record 0, files already carrying bounds."""
import numpy as np
import pytest

import aiecon
from synthetic import LABS, REVENUE, raw, write_run


@pytest.fixture
def run36(tmp_path):
    return write_run(str(tmp_path / "run.nc"), months=36, lab_defaults={1: 30})


def test_sel_by_name(run36):
    ds = aiecon.open_run(run36)
    got = ds["lab_revenue"].sel(lab="china_lab").values
    np.testing.assert_array_equal(got, raw(run36, "lab_revenue")[1:, 1])
    assert list(ds["lab"].values) == list(LABS)
    assert list(ds["region"].values) == ["us", "china"]


def test_calendar_year_sum_of_a_flow(run36):
    """2024 = months 1..12 = records 1..12: the revenue of frontier_a in 2024 is
    300e6 × (1.05 + 1.05² + ... + 1.05¹²) = 300e6 × 1.05 × (1.05¹² − 1) / 0.05 = 5.0138e9 USD."""
    ds = aiecon.open_run(run36)
    by_year = ds["lab_revenue"].sel(lab="frontier_a").groupby("time.year").sum()
    assert list(by_year["year"].values) == [2024, 2025, 2026]          # no phantom 2027
    expected_2024 = REVENUE[0] * 1.05 * (1.05 ** 12 - 1) / 0.05
    assert by_year.sel(year=2024).item() == pytest.approx(expected_2024, rel=1e-12)
    assert by_year.sel(year=2024).item() == pytest.approx(5.0138e9, rel=1e-4)
    stored = raw(run36, "lab_revenue")[:, 0]
    for k, year in enumerate((2024, 2025, 2026)):
        assert by_year.sel(year=year).item() == pytest.approx(stored[12 * k + 1:12 * k + 13].sum(), rel=1e-12)


def test_time_labels_and_bounds(run36):
    ds = aiecon.open_run(run36)
    assert ds.sizes["time"] == 36
    first, last = ds["time"].values[0], ds["time"].values[-1]
    assert (first.year, first.month) == (2024, 1) and (last.year, last.month) == (2026, 12)
    lo, hi = ds["time_bnds"].values[0]
    assert (lo.year, lo.month, lo.day, hi.year, hi.month, hi.day) == (2024, 1, 1, 2024, 2, 1)
    assert ds["year"].values[0] == pytest.approx(2024 + 15 / 360)
    assert len(ds["lab_revenue"].sel(time="2025-06")) == 1


def test_initial_state_kept_and_flagged(run36):
    ds = aiecon.open_run(run36, initial=True)
    assert ds.sizes["time"] == 37
    assert ds["initial"].values.tolist() == [True] + [False] * 36
    assert aiecon.start_month(ds) == (2024, 1)
    np.testing.assert_array_equal(ds["households_adopted"].values, raw(run36, "households_adopted"))


def test_layout_1_and_2_open_alike(tmp_path):
    """A file of an older aiecon (record m stamped at the end of month m, names only in <dim>_name)
    opens as today's does: same labels, bounds, names and values, with and without record 0."""
    old = write_run(str(tmp_path / "old.nc"), months=14, layout=1)
    new = write_run(str(tmp_path / "new.nc"), months=14, layout=2)
    for initial in (False, True):
        a, b = aiecon.open_run(old, initial=initial), aiecon.open_run(new, initial=initial)
        assert a["time"].values.tolist() == b["time"].values.tolist()
        assert a["time_bnds"].values.tolist() == b["time_bnds"].values.tolist()
        assert list(a["lab"].values) == list(b["lab"].values) == list(LABS)
        assert "lab_name" not in b.variables and "initial_state" not in b.variables
        np.testing.assert_array_equal(a["lab_revenue"].values, b["lab_revenue"].values)
        if initial:
            assert b["initial"].values.tolist() == [True] + [False] * 14
    ds = aiecon.open_run(new)
    assert list(ds["lab_revenue"].sel(lab="frontier_a").groupby("time.year").sum()["year"].values) == [2024, 2025]


def test_file_with_bounds_left_alone(tmp_path):
    """A file that already stamps its records at the month (time_bnds) is not shifted again."""
    p = write_run(str(tmp_path / "cf.nc"), months=24, with_bounds=True)
    ds = aiecon.open_run(p)
    assert ds.sizes["time"] == 24
    assert (ds["time"].values[0].year, ds["time"].values[0].month) == (2024, 1)
    by_year = ds["lab_revenue"].sel(lab="frontier_a").groupby("time.year").sum()
    assert list(by_year["year"].values) == [2024, 2025]
    assert ds["lab_revenue"].sel(lab="frontier_a").values[0] == pytest.approx(REVENUE[0] * 1.05)


def test_plot_without_nc_time_axis(run36, tmp_path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    ds = aiecon.open_run(run36)
    ds["lab_revenue"].sel(lab="frontier_a").plot(x="year")
    plt.savefig(str(tmp_path / "p.png"))
    plt.close("all")
    assert (tmp_path / "p.png").stat().st_size > 1000


def test_not_aiecon(tmp_path):
    import netCDF4
    p = str(tmp_path / "other.nc")
    with netCDF4.Dataset(p, "w") as nc:
        nc.title = "not ours"
    with pytest.raises(aiecon.AiEconError, match="not an aiecon output"):
        aiecon.open_run(p)
    (tmp_path / "text.nc").write_text("hello")
    with pytest.raises(aiecon.AiEconError, match="not a NetCDF file"):
        aiecon.open_run(str(tmp_path / "text.nc"))
