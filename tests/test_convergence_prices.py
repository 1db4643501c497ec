"""Real against nominal convergence: the library's σ and β in constant and current prices, the
split of the nominal β into a real and a price part, convergence within groups and group growth,
each checked against values derived here from the raw CSV (tests/rawdata.py) by another route."""
from __future__ import annotations

import functools
import math

import numpy as np
import pandas as pd
import pytest

from inland_coastal import convergence, real
from inland_coastal.errors import DataError
import rawdata
from rawdata import groups

values = functools.lru_cache(maxsize=None)(rawdata.values)   # the raw CSV, read once per series and year


def raw_per_capita(start: int, end: int, real_prices: bool = False, vintage: str = "nbs_db_2021"):
    """(codes, y_start, y_end): per-capita GDP (元) from provinces.csv; with ``real_prices`` the end
    value in start-year prices, chaining the GDP index (previous year = 100) by hand."""
    g0, g1 = values("gdp", vintage, start), values("gdp", vintage, end)
    p0, p1 = values("population", "nbs_db", start), values("population", "nbs_db", end)
    codes = sorted(g0)
    index = {t: values("gdp_index", "nbs_db_2021", t) for t in range(start + 1, end + 1)} if real_prices else {}
    y1 = {}
    for c in codes:
        level = g1[c]
        if real_prices:
            level = g0[c]
            for t in range(start + 1, end + 1):
                level *= index[t][c] / 100
        y1[c] = level / p1[c] * 1e4
    return (np.array(codes), np.array([g0[c] / p0[c] * 1e4 for c in codes]), np.array([y1[c] for c in codes]))


@pytest.fixture(scope="module")
def raw_2005_2012():
    return {flag: raw_per_capita(2005, 2012, flag) for flag in (False, True)}


def slope(x, y):
    return float(np.polyfit(x, y, 1)[0])


@pytest.mark.parametrize("real_prices", [False, True])
def test_summary_table_beta_and_sigma_equal_a_hand_regression(raw_2005_2012, real_prices):
    _, y0, y1 = raw_2005_2012[real_prices]
    t = convergence.summary_table({"k": (2005, 2012, "nbs_db_2021", real_prices)})
    row = t.loc["k"]
    g = (np.log(y1) - np.log(y0)) / 7
    assert row["beta"] == pytest.approx(slope(np.log(y0), g), rel=1e-9)
    assert row["half_life"] == pytest.approx(math.log(2) / (-math.log(1 + row["beta"] * 7) / 7))
    assert row["sd_log_start"] == pytest.approx(np.log(y0).std())
    assert row["sd_log_end"] == pytest.approx(np.log(y1).std())
    assert (row["start"], row["end"], row["vintage"], bool(row["real"])) == (2005, 2012, "nbs_db_2021", real_prices)


def test_nominal_convergence_was_faster_than_real_in_2005_2012(raw_2005_2012):
    t = convergence.summary_table({"n": (2005, 2012, "nbs_db_2021", False), "r": (2005, 2012, "nbs_db_2021", True)})
    assert t.loc["n", "beta"] < t.loc["r", "beta"] < 0
    assert t.loc["n", "half_life"] < t.loc["r", "half_life"]
    assert t.loc["n", "sd_log_end"] < t.loc["r", "sd_log_end"]        # in 2005 prices dispersion stays wider


def test_price_split_adds_up_and_equals_the_deflator_slope(raw_2005_2012):
    s = convergence.price_split(2005, 2012)
    assert s["beta_nominal"] == pytest.approx(s["beta_real"] + s["beta_price"], abs=1e-14)
    codes, y0, yn = raw_2005_2012[False]
    _, _, yr = raw_2005_2012[True]
    p = (np.log(yn) - np.log(yr)) / 7                   # log deflator growth: population cancels
    assert s["beta_price"] == pytest.approx(slope(np.log(y0), p), rel=1e-9)
    assert s["price_growth_mean"] == pytest.approx(p.mean() * 100)
    assert s["price_share"] == pytest.approx(100 * s["beta_price"] / s["beta_nominal"])
    assert s["beta_price"] < 0                           # poorer provinces' prices rose faster
    # the three fastest deflators, named
    from inland_coastal.groupings import regions
    fastest = regions().loc[codes[np.argsort(-p)[:3]], "short_zh"].tolist()
    assert s["fastest_prices"] == "、".join(fastest)


def test_growth_components_match_the_library_deflator():
    d = convergence.growth_components(2012, 2019).set_index("adcode")
    D = real.deflator(2012)
    assert d["growth_price"].to_numpy() == pytest.approx((np.log(D.loc[2019] / 100) / 7).loc[d.index].to_numpy())
    assert (d["growth_nominal"] - d["growth_real"]).to_numpy() == pytest.approx(d["growth_price"].to_numpy())


def test_price_split_leaves_provinces_out():
    s = convergence.price_split(2005, 2012, exclude=["内蒙古", 120000])
    assert s["n"] == 29
    assert "内蒙古" not in s["fastest_prices"] + s["slowest_prices"]
    with pytest.raises(DataError, match="unknown province"):
        convergence.price_split(2005, 2012, exclude=["Atlantis"])


def test_real_periods_are_limited_to_the_index_and_the_population_break():
    with pytest.raises(DataError, match="population break"):
        convergence.price_split(2003, 2010)
    with pytest.raises(DataError):
        convergence.growth_components(2015, 2022)          # no GDP index after 2019
    with pytest.raises(DataError, match="must come after"):
        convergence.growth_components(2012, 2012)


def test_sigma_panel_stacks_the_series_in_order():
    s = convergence.sigma_panel({"real": (2005, 2019, "nbs_db_2021", True),
                                 "fr": (2005, 2024, "first_release", False)})
    assert list(dict.fromkeys(s["series"])) == ["real", "fr"]
    r = s[s["series"] == "real"].set_index("year")["sd_log"]
    _, _, y19 = raw_per_capita(2005, 2019, True)
    assert r.loc[2019] == pytest.approx(np.log(y19).std())
    _, fr05, _ = raw_per_capita(2005, 2006, False, "first_release")
    assert s[s["series"] == "fr"].set_index("year").loc[2005, "sd_log"] == pytest.approx(np.log(fr05).std())
    # real values (in 2005 prices) end in 2019, and in 2005 they are the nominal ones
    _, y05, _ = raw_per_capita(2005, 2006)
    assert r.index.max() == 2019 and r.loc[2005] == pytest.approx(np.log(y05).std())


def test_within_groups_regresses_each_group_alone():
    t = convergence.within_groups(2005, 2012, real=True)
    assert list(t.index) == ["coastal", "inland", "all"]
    assert t["n"].tolist() == [11, 20, 31]
    codes, y0, y1 = raw_per_capita(2005, 2012, True)
    g = groups("coastal")
    inland = np.array([g[c] == "inland" for c in codes])
    want = slope(np.log(y0[inland]), (np.log(y1[inland]) - np.log(y0[inland])) / 7)
    assert t.loc["inland", "beta"] == pytest.approx(want, rel=1e-9)
    assert t.loc["all", "beta"] == pytest.approx(convergence.convergence_summary(2005, 2012, "nbs_db_2021", True)["beta"])


def test_beta_panel_stacks_nominal_real_and_price_panels():
    d = convergence.beta_panel({"n": (2005, 2012, "nbs_db_2021", "nominal"), "p": (2005, 2012, "nbs_db_2021", "price"),
                                "paper": (2012, 2022, "paper", "nominal")})
    assert d.groupby("panel").size().to_dict() == {"n": 31, "p": 31, "paper": 31}
    comp = convergence.growth_components(2005, 2012).set_index("adcode")
    p = d[d["panel"] == "p"].set_index("adcode")
    assert p["growth"].to_numpy() == pytest.approx(comp.loc[p.index, "growth_price"].to_numpy() * 100)
    with pytest.raises(DataError, match="unknown measure"):
        convergence.beta_panel({"x": (2005, 2012, "nbs_db_2021", "ppp")})
    with pytest.raises(DataError, match="population break"):
        convergence.beta_panel({"x": (2003, 2012, "nbs_db_2021", "nominal")})


def test_average_growth_nominal_is_the_ratio_of_sums_and_real_is_chained():
    t = real.average_growth(2012, 2019)
    g = groups("coastal")
    y12, y19 = values("gdp", "nbs_db_2021", 2012), values("gdp", "nbs_db_2021", 2019)
    inland = [c for c, x in g.items() if x == "inland"]
    assert t.loc["inland", "nominal"] == pytest.approx(
        ((sum(y19[c] for c in inland) / sum(y12[c] for c in inland)) ** (1 / 7) - 1) * 100)
    # real: each year the provinces' real growth weighted by last year's nominal GDP
    factor = 1.0
    for year in range(2013, 2020):
        prev, idx = values("gdp", "nbs_db_2021", year - 1), values("gdp_index", "nbs_db_2021", year)
        factor *= sum(prev[c] * idx[c] / 100 for c in inland) / sum(prev[c] for c in inland)
    assert t.loc["inland", "real"] == pytest.approx((factor ** (1 / 7) - 1) * 100)
    assert t.loc["national", "price"] == pytest.approx(t.loc["national", "nominal"] - t.loc["national", "real"])
    with pytest.raises(DataError):
        real.average_growth(2015, 2022)


def test_convergence_summary_restricted_to_some_provinces():
    all_ = convergence.convergence_summary(2005, 2019, "nbs_db_2021")
    some = convergence.convergence_summary(2005, 2019, "nbs_db_2021", adcodes=["北京", "上海", "贵州", "甘肃"])
    assert some["n"] == 4 and all_["n"] == 31
    assert some["beta"] != pytest.approx(all_["beta"])
    pd.testing.assert_series_equal(pd.Series(convergence.convergence_summary(2005, 2019, "nbs_db_2021")),
                                   pd.Series(all_))
