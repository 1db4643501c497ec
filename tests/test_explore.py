"""inland_coastal.explore: the pure compute() and the thin widget layers (no browser)."""
from __future__ import annotations

import pandas as pd
import pytest

from inland_coastal import explore as E
from inland_coastal import indicators as I
from inland_coastal import scenario as S
from inland_coastal.errors import DataError
from inland_coastal.groupings import groups


@pytest.mark.parametrize("key", list(E.INDICATORS))
def test_every_indicator_and_vintage_computes(key):
    for v in E.available_vintages(key):
        t = E.compute(key, "coastal", v)
        assert list(t.columns) == ["year", "national", "coastal", "inland", "coastal_pct", "inland_pct"]
        assert t["year"].tolist() == E.available_years(key, v)
        ind = E.INDICATORS[key]
        if ind.kind == "total":
            assert (t["coastal"] + t["inland"]).to_numpy() == pytest.approx(t["national"].to_numpy())
            assert (t["coastal_pct"] + t["inland_pct"]).to_numpy() == pytest.approx(100.0)


@pytest.mark.parametrize("scheme", ["coastal", "four_regions", "north_south"])
def test_totals_and_shares_equal_the_library(scheme):
    t = E.compute("gdp", scheme, "paper").set_index("year")
    want = I.totals("gdp", "paper", scheme)
    pct = I.shares(want)
    for g in groups(scheme):
        assert t[g].to_numpy() == pytest.approx(want[g].to_numpy())
        assert t[f"{g}_pct"].to_numpy() == pytest.approx(pct[g].to_numpy())


def test_per_capita_is_index_to_national():
    t = E.compute("gdp_per_capita", "coastal", "rev2025", (2010, 2020)).set_index("year")
    pc = I.per_capita("gdp", "rev2025", "coastal", years=range(2010, 2021))
    assert t.index.tolist() == list(range(2010, 2021))
    assert t["inland"].to_numpy() == pytest.approx(pc["inland"].to_numpy())
    assert t["inland_pct"].to_numpy() == pytest.approx(I.index_to_national(pc)["inland"].to_numpy())


def test_paper_vintage_reproduces_table_2_index():
    t = E.compute("gdp_per_capita", "coastal", "paper", (2012, 2022)).set_index("year")
    paper = I.table_from_paper(2).set_index("year")
    assert t["inland_pct"].round(2).to_numpy() == pytest.approx(paper["inland_pct"].to_numpy(), abs=0.011)


def test_fiscal_revenue_per_capita_is_table_4_kind():
    t = E.compute("fiscal_revenue_per_capita", "coastal", "nbs_db_2025", [2022]).set_index("year")
    rev = I.totals("fiscal_revenue", "nbs_db_2025", years=[2022])
    pop = I.totals("population", "nbs_db", years=[2022])
    assert t.loc[2022, "inland"] == pytest.approx(rev.loc[2022, "inland"] / pop.loc[2022, "inland"] * 1e4)


def test_weighted_mean_uses_population_weights():
    t = E.compute("disposable_income_per_capita", "coastal", years=[2020]).set_index("year")
    val = I.wide("disposable_income_per_capita", "nbs_db_2025").loc[2020]
    pop = I.wide("population", "nbs_db").loc[2020]
    assert t.loc[2020, "national"] == pytest.approx((val * pop).sum() / pop.sum())


def test_default_vintage_and_year_selection():
    assert E.available_vintages("gdp")[0] == "paper"
    assert E.available_vintages("trade_usd") == ["paper", "nbs_db_2026", "nbs_db_2021"]
    t = E.compute("gdp")
    assert t["year"].min() == 2011 and t["year"].max() == 2022
    # a range keeps only covered years (trade has no 2015)
    t = E.compute("trade_usd", vintage="nbs_db_2026", years=(2010, 2030))
    assert t["year"].tolist() == list(range(2016, 2025))


@pytest.mark.parametrize("args,msg", [
    (("nope",), "unknown indicator"),
    (("gdp", "nope"), "unknown grouping scheme"),
    (("gdp", "coastal", "nbs_db_2025"), "no vintage"),
    (("gdp", "coastal", "paper", (2030, 2040)), "no figures"),
    (("gdp", "coastal", "paper", (2020, 2015)), "reversed"),
    (("gdp", "coastal", "paper", [2005]), "no complete figures"),
])
def test_bad_choices_raise(args, msg):
    with pytest.raises(DataError, match=msg):
        E.compute(*args)


def test_display_frame_headers():
    t = E.compute("fiscal_revenue", "four_regions")
    d = E.display_frame(t, "fiscal_revenue", "four_regions")
    assert d.columns[0] == "年份" and "全国（亿元）" in d.columns and "东部地区占比（%）" in d.columns


# ------------------------------------------------------------------ widget layers
def test_explorer_recomputes_through_compute():
    ex = E.Explorer()
    pd.testing.assert_frame_equal(ex.result, E.compute("gdp", "coastal", "paper"))
    ex.indicator.value = "fiscal_revenue"
    assert ex.vintage.value == "nbs_db_2025" and ex.years.value == (2016, 2024)
    pd.testing.assert_frame_equal(ex.result, E.compute("fiscal_revenue", "coastal", "nbs_db_2025"))
    ex.scheme.value = "north_south"
    assert {"north", "south"} <= set(ex.result.columns)
    ex.years.value = (2018, 2020)
    assert ex.result["year"].tolist() == [2018, 2019, 2020]
    assert "2019" in ex.table.value and "北方地区" in ex.table.value


def test_explorer_vintage_switch_keeps_a_valid_range():
    ex = E.Explorer(indicator="trade_usd")
    assert ex.years.value == (2005, 2014)
    ex.vintage.value = "nbs_db_2026"                # no overlap: the whole new range
    assert ex.years.value == (2016, 2024)
    assert ex.result["year"].tolist() == list(range(2016, 2025))


def test_scenario_widget_uses_the_library():
    w = E.ScenarioWidget(gc=5.0, gi=6.0)
    pd.testing.assert_frame_equal(w.result, S.project(0.05, 0.06, target=2035))
    assert w.closing == S.gap_closing_year(0.05, 0.06)
    w.gi.value = 8.0
    w.ni.value = -0.5
    assert w.closing == S.gap_closing_year(0.05, 0.08, 0.0, -0.005)
    w.target.value = 2040
    assert w.result["year"].iloc[-1] == 2040
    w.vintage.value = "rev2025"
    assert w.result["year"].iloc[0] == 2024
    assert "弥合" in w.summary.value
