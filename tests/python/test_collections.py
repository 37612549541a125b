"""aiecon.open_ensemble and aiecon.open_sweep: member/seed coordinates, design parameters as
coordinates from the rows' attributes, from `overrides`, or from the folder's design.csv."""
import os

import netCDF4
import numpy as np
import pytest

import aiecon
from synthetic import raw, write_run


def test_ensemble_member_and_seed(tmp_path):
    for i, seed in enumerate((11, 12, 13)):
        write_run(str(tmp_path / f"member_{i:04d}.nc"), seed=seed, months=12)
    ds = aiecon.open_ensemble(str(tmp_path))
    assert ds.sizes["member"] == 3
    assert ds["member"].values.tolist() == [0, 1, 2]
    assert ds["seed"].values.tolist() == [11, 12, 13]
    assert ds["lab_revenue"].sel(member=2, lab="frontier_a").shape == (12,)
    assert ds["lab_revenue"].groupby("seed").sum(...).sizes["seed"] == 3
    assert "seed" not in ds.attrs          # per member, not one value for all


def test_ensemble_refuses_mixed_scenarios(tmp_path):
    write_run(str(tmp_path / "member_0000.nc"), seed=1)
    write_run(str(tmp_path / "member_0001.nc"), seed=2, params={"investors.rate": 0.07})
    with pytest.raises(aiecon.AiEconError, match="one scenario"):
        aiecon.open_ensemble(str(tmp_path))


def test_sweep_parameters_from_attributes(tmp_path):
    for i, (a, r) in enumerate(((1.0, 0.02), (2.0, 0.05), (3.0, 0.08))):
        write_run(str(tmp_path / f"row_{i:04d}.nc"), attrs={
            "sweep_row": f"labs.frontier_a.ambition={a}\ninvestors.rate={r}", "sweep_index": np.int32(i)})
    ds = aiecon.open_sweep(str(tmp_path))
    assert ds.sizes["row"] == 3
    assert ds["labs.frontier_a.ambition"].values.tolist() == [1.0, 2.0, 3.0]
    assert ds["investors.rate"].values.tolist() == [0.02, 0.05, 0.08]
    picked = ds["lab_revenue"].where(ds["labs.frontier_a.ambition"] == 2.0, drop=True)
    np.testing.assert_array_equal(picked.sel(lab="frontier_a").values[0],
                                  raw(str(tmp_path / "row_0001.nc"), "lab_revenue")[1:, 0])


def test_sweep_parameters_from_design_csv(tmp_path):
    """Rows run by a loop that records nothing: the folder's design.csv names their parameters."""
    (tmp_path / "design.csv").write_text("a.b,c\n1.5,x\n2.5,y\n")
    for i in range(2):
        write_run(str(tmp_path / f"row_{i:04d}.nc"))
    ds = aiecon.open_sweep(str(tmp_path))
    assert ds["a.b"].values.tolist() == [1.5, 2.5]
    assert ds["c"].values.tolist() == ["x", "y"]


def test_sweep_parameters_from_overrides(tmp_path):
    for i in range(2):
        write_run(str(tmp_path / f"row_{i}.nc"), attrs={"overrides": f"k={i + 1}"})
    assert aiecon.open_sweep(str(tmp_path))["k"].values.tolist() == [1.0, 2.0]


def test_sweep_row_without_parameters(tmp_path):
    write_run(str(tmp_path / "row_0.nc"))
    with pytest.raises(aiecon.AiEconError, match="without its parameters"):
        aiecon.open_sweep(str(tmp_path))


def test_empty_folders(tmp_path):
    with pytest.raises(aiecon.AiEconError):
        aiecon.open_ensemble(str(tmp_path))
    with pytest.raises(aiecon.AiEconError):
        aiecon.open_sweep(str(tmp_path))
    assert not os.listdir(str(tmp_path))


def test_overrides_recorded_once(tmp_path):
    from aiecon.runner import record_overrides
    p = write_run(str(tmp_path / "r.nc"))
    record_overrides(p, {"labs.frontier_a.ambition": 2.0, "flag": True})
    record_overrides(p, {"other": 1})            # aiecon (or an earlier call) already recorded them
    with netCDF4.Dataset(p) as nc:
        assert nc.getncattr("overrides") == "labs.frontier_a.ambition=2.0\nflag=true"
