"""Industry shares, tertiary ÷ secondary ratio and location quotients."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import rawdata
from inland_coastal.errors import DataError
from inland_coastal.indicators import wide
from inland_coastal.structure import (INDUSTRIES, industry_shares, location_quotients, quotients,
                                      upgrading_ratio, value_added)


def _at(t, year, group):
    return t[(t["year"] == year) & (t["group"] == group)].iloc[0]


# ---------------------------------------------------------------- the paper's Tables 6-8
def test_paper_ratio_2022():
    r = upgrading_ratio()
    # Table 8 ÷ Table 7, 2022: coastal 342035.8 / 258582.5, inland 292359.7 / 222224.6
    assert _at(r, 2022, "coastal")["ratio"] == pytest.approx(342035.8 / 258582.5, rel=1e-12)
    assert _at(r, 2022, "inland")["ratio"] == pytest.approx(292359.7 / 222224.6, rel=1e-12)
    assert _at(r, 2022, "national")["ratio"] == pytest.approx(634395.5 / 480807.1, rel=1e-12)
    assert sorted(r["year"].unique()) == list(range(2012, 2023))
    assert r["group"].head(3).tolist() == ["national", "coastal", "inland"]


def test_paper_shares_2022():
    s = industry_shares()
    c = _at(s, 2022, "coastal")
    # coastal 2022: 35065 + 258582.5 + 342035.8 = 635683.3 (= Table 1's coastal GDP)
    assert c["primary"] == pytest.approx(35065 / 635683.3 * 100, rel=1e-12)
    assert c["tertiary"] == pytest.approx(342035.8 / 635683.3 * 100, rel=1e-12)      # 53.806 %
    assert np.allclose(s[INDUSTRIES].sum(axis=1), 100)
    # coastal economies are less agricultural than inland ones, every year
    for y in range(2012, 2023):
        assert _at(s, y, "coastal")["primary"] < _at(s, y, "inland")["primary"]


def test_paper_national_is_coastal_plus_inland():
    va = value_added().set_index(["year", "group"])
    for y in (2012, 2022):
        assert np.allclose(va.loc[(y, "national")], va.loc[(y, "coastal")] + va.loc[(y, "inland")], atol=0.11)


# ---------------------------------------------------------------- the province panel
def test_provinces_any_scheme():
    r = upgrading_ratio("provinces", "four_regions")
    assert r["group"].unique().tolist() == ["national", "east", "central", "west", "northeast"]
    assert sorted(r["year"].unique()) == list(range(2019, 2025))
    sec, ter = wide("va_secondary", "rev2025").loc[2022], wide("va_tertiary", "rev2025").loc[2022]
    assert _at(r, 2022, "national")["ratio"] == pytest.approx(ter.sum() / sec.sum(), rel=1e-12)
    s = industry_shares("provinces", "north_south")
    assert np.allclose(s[INDUSTRIES].sum(axis=1), 100)
    # rev2025, 2022: the 31 provinces' secondary value added read from the file (459,917.6;
    # data/README: not the paper's 480,807.1)
    total = sum(rawdata.values("va_secondary", "rev2025", 2022).values())
    assert total == pytest.approx(459917.6, abs=0.05)
    assert _at(value_added("provinces"), 2022, "national")["secondary"] == pytest.approx(total, rel=1e-12)


# ---------------------------------------------------------------- location quotients
def test_quotients_by_hand():
    # A: 10 / 30 / 60 (total 100); B: 30 / 70 / 100 (total 200); whole: 40 / 100 / 160 of 300
    #   LQ_A,primary = (10/100) / (40/300) = 0.1 / 0.1333 = 0.75
    #   LQ_B,primary = (30/200) / (40/300) = 0.15 / 0.1333 = 1.125
    #   LQ_A,tertiary = 0.6 / (160/300) = 1.125
    va = pd.DataFrame({"primary": [10, 30], "secondary": [30, 70], "tertiary": [60, 100]}, index=["A", "B"])
    q = quotients(va)
    assert q.loc["A", "primary"] == pytest.approx(0.75)
    assert q.loc["B", "primary"] == pytest.approx(1.125)
    assert q.loc["A", "tertiary"] == pytest.approx(1.125)


def test_location_quotients_real():
    lq = location_quotients(2022)
    assert lq.shape == (31, 3) and lq.index.name == "adcode"
    v = pd.DataFrame({k: wide(f"va_{k}", "rev2025").loc[2022] for k in INDUSTRIES})
    # Beijing's tertiary LQ by hand
    bj = (v.loc[110000, "tertiary"] / v.loc[110000].sum()) / (v["tertiary"].sum() / v.to_numpy().sum())
    assert lq.loc[110000, "tertiary"] == pytest.approx(bj, rel=1e-12)
    # the VA-weighted mean of each industry's LQ is 1
    weights = v.sum(axis=1) / v.to_numpy().sum()
    assert np.allclose((lq.mul(weights, axis=0)).sum(), 1.0)
    assert lq["tertiary"].idxmax() == 110000


@pytest.mark.parametrize("call, words", [
    (lambda: industry_shares("yearbook"), "unknown source 'yearbook'"),
    (lambda: upgrading_ratio("paper", "four_regions"), "only the coastal/inland grouping"),
    (lambda: upgrading_ratio("provinces", "rivers"), "unknown grouping scheme 'rivers'"),
    (lambda: industry_shares("provinces", vintage="paper"), "no vintage 'paper'"),
    (lambda: location_quotients(2015), "2015 not covered: value added \\(rev2025\\) .* covers 2019-2024"),
    (lambda: quotients(pd.DataFrame({"a": [-1, 2], "b": [1, 1]})), "non-negative"),
])
def test_bad_input(call, words):
    with pytest.raises(DataError, match=words):
        call()
