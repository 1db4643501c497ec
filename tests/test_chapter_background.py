"""The numbers glued into chapters/background.md equal what the library computes."""
from __future__ import annotations

import pandas as pd
import pytest

from inland_coastal import indicators as I
from inland_coastal.groupings import membership

import conftest

BJ = 110000



@pytest.fixture(scope="module")
def g(built_book):
    return conftest.glued("background")


def approx(x):
    return pytest.approx(float(x), rel=1e-9, abs=1e-9)


def test_years_follow_the_data(g):
    share = I.shares(I.totals("gdp", "first_release", "coastal"))
    assert g["background-gdp-first-year"] == share.index.min() == 2005
    assert g["background-gdp-last-year"] == share.index.max()
    trade = I.totals("trade_cny", "nbs_db_2025", "coastal")
    assert g["background-open-first-year"] == trade.index.min()
    assert g["background-open-last-year"] == trade.index.max()


def test_inland_gdp_share_by_vintage(g):
    fr = I.shares(I.totals("gdp", "first_release", "coastal"))["inland"]
    rev = I.shares(I.totals("gdp", "rev2025", "coastal"))["inland"]
    paper = I.shares(I.totals("gdp", "paper", "coastal"))["inland"]
    last = int(fr.index.max())
    for y in (2005, 2012, 2014, 2018, 2019, 2022, last):
        assert g[f"background-inland-share-{y}"] == approx(fr.loc[y])
    for y in (2012, 2018, 2019, last):
        assert g[f"background-inland-share-rev-{y}"] == approx(rev.loc[y])
    assert g["background-inland-share-paper-2022"] == approx(paper.loc[2022])
    # the paper's Table 1 prints 47.18 for the inland share in 2022
    assert round(g["background-inland-share-paper-2022"], 2) == 47.18
    assert g["background-inland-share-rise-early"] == approx(fr.loc[2014] - fr.loc[2005])
    assert g["background-inland-share-rise-late"] == approx(fr.loc[last] - fr.loc[2012])
    assert g["background-inland-share-rise-late-rev"] == approx(rev.loc[last] - rev.loc[2012])
    assert g["background-inland-share-jump-2019"] == approx(fr.loc[2019] - fr.loc[2018])
    assert g["background-inland-share-jump-2019-rev"] == approx(rev.loc[2019] - rev.loc[2018])
    # the point the chapter makes: the 2019 jump is a vintage effect
    assert g["background-inland-share-jump-2019"] > 5 * g["background-inland-share-jump-2019-rev"]


def test_four_region_shares(g):
    sh = I.shares(I.totals("gdp", "first_release", "four_regions"))
    last = int(sh.index.max())
    for grp in ("east", "central", "west", "northeast"):
        assert g[f"background-share-{grp}-2005"] == approx(sh.loc[2005, grp])
        assert g[f"background-share-{grp}-{last}"] == approx(sh.loc[last, grp])


def test_growth(g):
    gc = I.totals("gdp", "rev2025", "coastal").pct_change().mul(100).dropna()
    faster = gc["inland"] > gc["coastal"]
    assert g["background-growth-first-year"] == gc.index.min()
    assert g["background-inland-faster-years"] == faster.sum()
    assert g["background-inland-faster-years-post2012"] == faster.loc[2013:].sum()
    assert g["background-years-post2012"] == len(faster.loc[2013:])
    for grp in ("coastal", "inland"):
        assert g[f"background-growth-{grp}-2020"] == approx(gc.loc[2020, grp])
        assert g[f"background-growth-{grp}-1519"] == approx(gc.loc[2015:2019, grp].mean())
        assert g[f"background-growth-{grp}-0712"] == approx(gc.loc[:2012, grp].mean())
        assert g[f"background-growth-{grp}-1324"] == approx(gc.loc[2013:, grp].mean())
        assert g[f"background-growth-{grp}-drop2020"] == approx(
            gc.loc[2015:2019, grp].mean() - gc.loc[2020, grp])


def test_openness(g):
    trade = I.totals("trade_cny", "nbs_db_2025", "coastal")
    gdp = I.totals("gdp", "first_release", "coastal").loc[trade.index]
    o = trade / gdp * 100
    first, last = int(o.index.min()), int(o.index.max())
    for col in ("national", "coastal", "inland"):
        assert g[f"background-open-{col}-{first}"] == approx(o.loc[first, col])
        assert g[f"background-open-{col}-{last}"] == approx(o.loc[last, col])
    assert g["background-open-national-max"] == approx(o["national"].max())
    assert g["background-open-ratio-last"] == approx(o.loc[last, "coastal"] / o.loc[last, "inland"])


def test_relative_openness_and_trade_shares(g):
    usd = pd.concat([I.totals("trade_usd", "paper", "coastal"), I.totals("trade_usd", "nbs_db_2026", "coastal")])
    gdp = I.totals("gdp", "first_release", "coastal")
    assert g["background-usd-sum-2006"] == approx(usd.loc[2006, "national"] / 1e5)
    usd = usd.drop(index=2006)
    rel = I.shares(usd) / I.shares(gdp).loc[usd.index] * 100
    last = int(rel.index.max())
    for y in (2005, 2014, 2016, last):
        assert g[f"background-rel-inland-{y}"] == approx(rel.loc[y, "inland"])
        assert g[f"background-rel-coastal-{y}"] == approx(rel.loc[y, "coastal"])
    ts = I.shares(usd)
    assert g["background-trade-coastal-share-first"] == approx(ts.loc[2005, "coastal"])
    assert g["background-trade-coastal-share-last"] == approx(ts.loc[last, "coastal"])


def test_beijing(g):
    tc = I.wide("trade_cny", "nbs_db_2025")
    gdp = I.wide("gdp", "first_release").loc[tc.index]
    last = int(tc.index.max())
    m = membership("coastal")
    inland = list(m[m == "inland"].index)
    ex = [c for c in inland if c != BJ]
    assert g["background-n-coastal"] == 11 and g["background-n-inland"] == len(inland) == 20
    assert g["background-open-beijing-last"] == approx(tc.loc[last, BJ] / gdp.loc[last, BJ] * 100)
    assert g["background-beijing-share-inland-trade"] == approx(tc.loc[last, BJ] / tc.loc[last, inland].sum() * 100)
    assert g["background-open-inland-exbj-last"] == approx(tc.loc[last, ex].sum() / gdp.loc[last, ex].sum() * 100)
