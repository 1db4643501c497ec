"""inland_coastal.paperchecks (the evidence of 勘误与说明) against values derived from the raw
CSV files (tests/rawchecks.py), and its refusals when the paper's text no longer matches."""
from __future__ import annotations

import pytest

import rawchecks as raw
from rawdata import printed, values

from inland_coastal import paperchecks
from inland_coastal.errors import DataError


def test_table4_is_fiscal_revenue_per_resident():
    e = paperchecks.table4_evidence()
    assert e["implied-pop-maxdiff-pct"] == pytest.approx(raw.implied_population_maxdiff_pct())
    assert e["implied-pop-maxdiff-pct"] < 1e-3
    assert e["t4-national-last"] == printed("T4", "fiscal_revenue_per_capita", 2022, "national") == 7718.99
    assert e["income-national-last"] == pytest.approx(raw.weighted_income(2022))
    assert e["income-ratio"] > 3   # a residents' income is several times the fiscal figure


def test_fiscal_figure_called_gdp_and_the_refusal(monkeypatch):
    e = paperchecks.fiscal_called_gdp_evidence()
    assert e["t3-inland-last"] == printed("T3", "fiscal_revenue", 2022, "inland") == e["quoted"]
    assert e["gdp-over-fiscal"] > 10                      # "相差十倍以上"
    assert e["t1-coastal-pct-min"] > 50 and e["t3-coastal-pct-min"] > 50
    monkeypatch.setitem(paperchecks.TEXT_FIGURES, "inland_fiscal_called_gdp_2022", 49214.0)
    with pytest.raises(DataError, match="no longer Table 3"):
        paperchecks.fiscal_called_gdp_evidence()


def test_national_is_the_sum_of_31_provinces():
    e = paperchecks.national_total_evidence()
    assert e["province-sum-last"] == pytest.approx(sum(values("gdp", "paper", 2022).values()))
    assert e["province-sum-last"] == pytest.approx(printed("T1", "gdp", 2022, "national"))
    assert e["sum-below-communique-pct"] == pytest.approx((1210207 - 1203462.2) / 1210207 * 100, abs=1e-6)


def test_reproduction_of_tables_3_to_8():
    e = paperchecks.reproduction_evidence()
    years = range(2012, 2020)
    assert e["t5-maxdiff"] == raw.max_table_diff("T5", "goods_trade", "trade_usd", "nbs_db_2021", years, 0) == 0
    assert e["t3-maxdiff"] == pytest.approx(raw.max_table_diff("T3", "fiscal_revenue", "fiscal_revenue",
                                                               "nbs_db_2021", years, 2))
    assert e["t68-maxdiff"] == pytest.approx(max(
        raw.max_table_diff(t, k, k, "nbs_db_2021", years, 1)
        for t, k in (("T6", "va_primary"), ("T7", "va_secondary"), ("T8", "va_tertiary"))))
    assert (e["t38-first"], e["t38-last"], e["t12-last"]) == (2012, 2019, 2022)


def test_later_vintages_of_tables_3_and_5():
    t3 = paperchecks.table3_vintage_evidence()
    later = sum(values("fiscal_revenue", "nbs_db_2025", 2022).values())
    assert t3["later-last"] == pytest.approx(later) == pytest.approx(108761.94)
    assert t3["diff-last"] == pytest.approx(later - 108818.52)
    assert (t3["same-first"], t3["same-last"], t3["differs"]) == (2016, 2021, "2022")
    t5 = paperchecks.table5_vintage_evidence()
    s21 = sum(values("trade_usd", "nbs_db_2026", 2021).values())
    p21 = printed("T5", "goods_trade", 2021, "national")
    assert t5["later-reldiff-2021"] == pytest.approx((s21 - p21) / p21 * 100)
    assert t5["rounded-year"] == 2021 and t5["later-agree-last"] == 2020


def test_value_added_vintages():
    e = paperchecks.value_added_vintage_evidence()
    rev22 = sum(values("va_secondary", "rev2025", 2022).values())
    assert e["va2-paper-last"] == printed("T7", "va_secondary", 2022, "national")
    assert e["va2-rev-last"] == pytest.approx(rev22)
    r19, d19 = (sum(values("va_secondary", v, 2019).values()) for v in ("rev2025", "nbs_db_2021"))
    assert e["va2-join-reldiff"] == pytest.approx((r19 - d19) / d19 * 100)
    assert e["va2-reldiff-last"] < 0 < e["va3-reldiff-last"]


def test_the_papers_gdp_series_is_not_a_census_splice():
    e = paperchecks.paper_vintage_evidence()
    assert e["paper-step"] == pytest.approx(raw.share("gdp", "paper", 2019) - raw.share("gdp", "paper", 2018))
    assert e["first-step"] == pytest.approx(raw.share("gdp", "first_release", 2019)
                                            - raw.share("gdp", "first_release", 2018))
    assert abs(e["paper-step"]) < 0.5 < 1.0 < e["first-step"]        # about 0.2 against about 1.3
    assert e["paper-vs-db-maxabs"] == 0
    assert e["paper-minus-rev-last"] == pytest.approx(raw.share("gdp", "paper", 2022) - raw.share("gdp", "rev2025", 2022))
    assert e["paper-minus-rev-last"] > 0


def test_north_south_and_population_declines():
    e = paperchecks.north_south_evidence()
    fr = raw.group_sum("gdp", "first_release", 2021, "north_south")
    assert (e["first-north"], e["first-south"]) == (pytest.approx(fr["north"]), pytest.approx(fr["south"]))
    assert e["text-north"] == pytest.approx(fr["north"], abs=0.05)
    d = paperchecks.population_decline_evidence()
    for y in (2021, 2022):
        assert (d[f"{y}-n"], d[f"{y}-south"]) == raw.population_declines(y)
        assert d[f"{y}-south"] > 0       # not all in the north


def test_industry_gap_three_readings():
    e = paperchecks.industry_gap_evidence()
    for t, k, key in (("T7", "va_secondary", "va2"), ("T8", "va_tertiary", "va3")):
        assert e[f"{key}-pc-ratio-first"] == pytest.approx(raw.per_capita_ratio(t, k, 2012))
        assert e[f"{key}-pc-ratio-last"] == pytest.approx(raw.per_capita_ratio(t, k, 2022))
        gap = printed(t, k, 2022, "coastal") - printed(t, k, 2022, "inland")
        assert e[f"{key}-gap-last"] == pytest.approx(gap)
        # share and per-capita ratio fall while the nominal absolute gap widens
        assert e[f"{key}-coastal-pct-last"] < e[f"{key}-coastal-pct-first"]
        assert e[f"{key}-pc-ratio-last"] < e[f"{key}-pc-ratio-first"]
        assert e[f"{key}-gap-last"] > e[f"{key}-gap-first"]


def test_free_trade_zones_from_the_timeline():
    e = paperchecks.free_trade_zone_evidence()
    assert e["hunan-year"] == raw.timeline_ftz_year("湖南") == 2020
    assert e["xinjiang-year"] == raw.timeline_ftz_year("新疆") == 2023
    assert e["neimenggu-year"] == 0 and raw.timeline_ftz_year("内蒙古") is None
    assert "国发〔2020〕10号" in e["hunan-source"]


def test_inland_share_by_vintage_is_long_and_labelled():
    t = paperchecks.inland_share_by_vintage(["paper", "first_release"])
    assert set(t["vintage"]) == {"paper", "first_release"}
    row = t[(t["vintage"] == "paper") & (t["year"] == 2019)].iloc[0]
    assert row["share"] == pytest.approx(raw.share("gdp", "paper", 2019))
    assert row["数据版本"].startswith("paper（")


def test_headline_gradient():
    e = paperchecks.gradient_headline()
    pop = raw.group_sum("population", "nbs_db", 2022)
    assert e["coastal-pop-share-last"] == pytest.approx(pop["coastal"] / pop["national"] * 100)
    assert e["coastal-gdp-share-last"] == printed("T1", "gdp_share", 2022, "coastal")


def test_groupings_tables_for_the_data_page():
    from rawdata import groups
    from inland_coastal import groupings

    counts = groupings.group_counts()
    for scheme in ("coastal", "four_regions", "north_south"):
        g = groups(scheme)
        for grp in set(g.values()):
            assert counts[f"n-{scheme}-{grp}"] == sum(v == grp for v in g.values())
    t = groupings.membership_table()
    assert t["省份数"].sum() == 31 * len(groupings.schemes())
    assert len(groupings.province_table()) == 31
