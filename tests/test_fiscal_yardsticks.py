"""finance: the four yardsticks of a regional gap, the decomposition of the revenue ratio, the
transfer view (expenditure − revenue) and the elasticities on production; indicators'
weighted-mean summary. Expected values are derived from the CSV files read with the csv module
(tests/rawdata.py), not from the library's loaders or groupings."""
from __future__ import annotations

import math

import numpy as np
import pytest

import rawdata
from inland_coastal import finance, indicators
from inland_coastal.errors import DataError


def values(indicator: str, vintage: str, year: int) -> dict[int, float]:
    found = rawdata.indexed().get((indicator, vintage, year))
    assert found, (indicator, vintage, year)
    return dict(found)


COASTAL = rawdata.groups("coastal")
FOUR = rawdata.groups("four_regions")


def pc(indicator, vintage, year, group, scheme_groups=COASTAL, exclude=()):
    """Σ X ÷ Σ N × 1e4 over the provinces of a group, from the raw files."""
    x, n = values(indicator, vintage, year), values("population", "nbs_db", year)
    codes = [c for c, g in scheme_groups.items() if g == group and c not in exclude]
    return sum(x[c] for c in codes) / sum(n[c] for c in codes) * 1e4


def weighted(indicator, vintage, year, group, scheme_groups=COASTAL, exclude=()):
    y, n = values(indicator, vintage, year), values("population", "nbs_db", year)
    codes = [c for c, g in scheme_groups.items() if g == group and c not in exclude]
    return sum(y[c] * n[c] for c in codes) / sum(n[c] for c in codes)


def ratio_of(df, pair, measure, year, vintage=None):
    sel = df[(df["pair"] == pair) & (df["measure"] == measure) & (df["year"] == year)]
    if vintage:
        sel = sel[sel["vintage"] == vintage]
    assert len(sel) == 1, (pair, measure, year, len(sel))
    return float(sel["ratio"].iloc[0])


# ---------------------------------------------------------------- yardsticks and gap ratios
def test_yardsticks_match_the_raw_files():
    y = finance.yardsticks("coastal").set_index(["year", "measure", "vintage", "unit"])["value"]
    assert y[(2024, "revenue", "nbs_db_2025", "inland")] == pytest.approx(
        pc("fiscal_revenue", "nbs_db_2025", 2024, "inland"), rel=1e-12)
    assert y[(2003, "expenditure", "nbs_db_2021", "coastal")] == pytest.approx(
        pc("fiscal_expenditure", "nbs_db_2021", 2003, "coastal"), rel=1e-12)
    assert y[(2024, "income", "nbs_db_2025", "coastal")] == pytest.approx(
        weighted("disposable_income_per_capita", "nbs_db_2025", 2024, "coastal"), rel=1e-12)
    assert y[(2010, "gdp", "nbs_db_2021", "inland")] == pytest.approx(
        pc("gdp", "nbs_db_2021", 2010, "inland"), rel=1e-12)


def test_yardstick_vintages_join_as_documented():
    y = finance.yardsticks("coastal")
    spans = y.groupby(["measure", "vintage"])["year"].agg(["min", "max"])
    assert tuple(spans.loc[("gdp", "nbs_db_2021")]) == (2000, 2019)
    assert tuple(spans.loc[("gdp", "rev2025")]) == (2019, 2024)          # the join year in both
    assert tuple(spans.loc[("revenue", "nbs_db_2021")]) == (2000, 2019)
    assert tuple(spans.loc[("revenue", "nbs_db_2025")]) == (2020, 2024)  # equal vintages: no overlap
    assert tuple(spans.loc[("income", "nbs_db_2025")]) == (2016, 2024)


def test_gap_ratios_exclude_and_series_breaks():
    r = finance.gap_ratios(pairs=[("coastal", "coastal", "inland"), ("four_regions", "east", "west")],
                           exclude=["北京", "天津", "上海"])
    drop = (110000, 120000, 310000)
    expected = (pc("fiscal_revenue", "nbs_db_2025", 2022, "coastal", exclude=drop)
                / pc("fiscal_revenue", "nbs_db_2025", 2022, "inland", exclude=drop))
    assert ratio_of(r, "沿海地区÷内陆地区", "revenue", 2022) == pytest.approx(expected, rel=1e-12)
    expected = (weighted("disposable_income_per_capita", "nbs_db_2025", 2016, "east", FOUR, drop)
                / weighted("disposable_income_per_capita", "nbs_db_2025", 2016, "west", FOUR, drop))
    assert ratio_of(r, "东部地区÷西部地区", "income", 2016) == pytest.approx(expected, rel=1e-12)
    cl = r[(r["pair"] == "沿海地区÷内陆地区")]
    rev = cl[cl["measure"] == "revenue"].set_index("year")["series"]
    assert rev[2004] != rev[2005] and rev[2019] == rev[2020]           # population break; equal vintages
    gdp = cl[cl["measure"] == "gdp"]
    assert gdp[gdp["year"] == 2019]["series"].nunique() == 2           # the GDP revision shows at 2019
    with pytest.raises(DataError, match="unknown province"):
        finance.gap_ratios(exclude=["Atlantis"])


def test_yardstick_table_and_summary_agree_with_raw_ratios():
    t = finance.yardstick_table()
    assert list(t.index) == ["沿海地区÷内陆地区", "东部地区÷西部地区", "东部地区÷中部地区", "东部地区÷东北地区",
                             "南方地区÷北方地区"]
    raw = {m: pc(ind, v, 2024, "coastal") / pc(ind, v, 2024, "inland")
           for m, ind, v in (("gdp", "gdp", "rev2025"), ("revenue", "fiscal_revenue", "nbs_db_2025"),
                             ("expenditure", "fiscal_expenditure", "nbs_db_2025"))}
    raw["income"] = (weighted("disposable_income_per_capita", "nbs_db_2025", 2024, "coastal")
                     / weighted("disposable_income_per_capita", "nbs_db_2025", 2024, "inland"))
    for m, v in raw.items():
        assert t.loc["沿海地区÷内陆地区", m] == pytest.approx(v, rel=1e-12)
    s = finance.yardstick_summary()
    assert s["year"] == 2024 and s["first-year"] == 2016
    ordered = sorted(raw.values(), reverse=True)
    assert s["coastal-inland-margin"] == pytest.approx(ordered[0] - ordered[1], rel=1e-9)
    assert s["coastal-inland-largest"] == finance.YARDSTICKS[max(raw, key=raw.get)] == "人均地方财政收入"
    assert s["coastal-inland-smallest"] == "人均地方财政支出"
    # the reading of the chapter: revenue leads only narrowly between coastal and inland, and
    # the lead is gone once the three municipalities are set apart
    assert 0 < s["coastal-inland-margin"] < 0.05 < s["coastal-inland-margin-first"]
    apart = finance.yardstick_table(pairs=[("coastal", "coastal", "inland")], exclude=["北京", "天津", "上海"])
    assert apart.iloc[0].idxmax() == "gdp"
    assert s["south-north-largest"] == "人均地区生产总值"
    assert s["revenue-largest-of"] == s["expenditure-below-1-of"] == 45
    with pytest.raises(DataError, match="not in 2010"):
        finance.yardstick_table(2010)


# ---------------------------------------------------------------- the revenue ratio, year by year
def test_decomposition_is_exact_and_matches_its_formula():
    d = finance.revenue_ratio_decomposition(2021, 2022)
    r0, r1 = (values("fiscal_revenue", "nbs_db_2025", y) for y in (2021, 2022))
    n0, n1 = (values("population", "nbs_db", y) for y in (2021, 2022))
    coast = [c for c, g in COASTAL.items() if g == "coastal"]
    inland = [c for c, g in COASTAL.items() if g == "inland"]

    def ratio(r, n):
        return (sum(r[c] for c in coast) / sum(n[c] for c in coast)) / (sum(r[c] for c in inland)
                                                                       / sum(n[c] for c in inland))

    dln = math.log(ratio(r1, n1) / ratio(r0, n0))
    assert d["contribution"].sum() == pytest.approx(dln, abs=1e-12)
    # one province by the formula: sign × ΔR_i × Δln R_G / ΔR_G
    R0, R1 = sum(r0[c] for c in coast), sum(r1[c] for c in coast)
    gd = d[d["unit"] == 440000].iloc[0]
    assert gd["contribution"] == pytest.approx((r1[440000] - r0[440000]) * math.log(R1 / R0) / (R1 - R0), rel=1e-12)
    sx = d[d["unit"] == 140000].iloc[0]
    I0, I1 = sum(r0[c] for c in inland), sum(r1[c] for c in inland)
    assert sx["contribution"] == pytest.approx(-(r1[140000] - r0[140000]) * math.log(I1 / I0) / (I1 - I0), rel=1e-12)
    assert set(d["part"]) == {"revenue", "population"} and len(d) == 33
    with pytest.raises(DataError, match="2030"):
        finance.revenue_ratio_decomposition(2021, 2030)
    with pytest.raises(DataError, match="two different groups"):
        finance.revenue_ratio_decomposition(2021, 2022, high="inland", low="inland")


def test_revenue_gap_summary_reads_the_2022_step():
    s = finance.revenue_gap_summary()

    def ratio(year, vintage):
        return (pc("fiscal_revenue", vintage, year, "coastal")
                / pc("fiscal_revenue", vintage, year, "inland"))

    r = {2012: ratio(2012, "nbs_db_2021"), 2021: ratio(2021, "nbs_db_2025"), 2022: ratio(2022, "nbs_db_2025"),
         2024: ratio(2024, "nbs_db_2025")}
    for y, v in r.items():
        assert s[f"revenue-{y}"] == pytest.approx(v, rel=1e-12)
    assert s["step-share-paper"] == pytest.approx((r[2021] - r[2022]) / (r[2012] - r[2022]) * 100, rel=1e-9)
    assert s["step-share-last"] == pytest.approx((r[2021] - r[2022]) / (r[2012] - r[2024]) * 100, rel=1e-9)
    # the same from the printed Table 4: coastal ÷ inland per-resident revenue
    t4 = {y: rawdata.printed("T4", "fiscal_revenue_per_capita", y, "coastal")
          / rawdata.printed("T4", "fiscal_revenue_per_capita", y, "inland") for y in (2012, 2021, 2022)}
    assert s["t4-step-share"] == pytest.approx((t4[2021] - t4[2022]) / (t4[2012] - t4[2022]) * 100, rel=1e-9)
    # the reading: most of the paper period's fall is in 2021→2022, all eleven coastal provinces
    # lost revenue and the four coal provinces gained
    assert s["step-share-paper"] > 90 and s["t4-step-share"] > 90 and 50 < s["step-share-last"] < 70
    assert s["high-fell-n"] == s["high-n"] == 11
    coal = [140000, 150000, 610000, 650000]
    r0, r1 = (values("fiscal_revenue", "nbs_db_2025", y) for y in (2021, 2022))
    assert s["coal-growth"] == pytest.approx((sum(r1[c] for c in coal) / sum(r0[c] for c in coal) - 1) * 100)
    assert s["dln"] == pytest.approx(math.log(r[2022] / r[2021]) * 100, rel=1e-9)
    assert s["dln"] == pytest.approx(s["high-revenue"] + s["low-coal"] + s["low-other"] + s["population"], rel=1e-9)
    assert s["coal-names"] == "山西、陕西、内蒙古、新疆" and s["high-top"].startswith("广东")


# ---------------------------------------------------------------- transfers
def test_transfer_summary_from_raw_files():
    t = finance.transfer_summary()

    def gap(y, v, g):
        return pc("fiscal_expenditure", v, y, g) - pc("fiscal_revenue", v, y, g)

    assert t["inland-gap-pc-2005"] == pytest.approx(gap(2005, "nbs_db_2021", "inland"), rel=1e-12)
    assert t["coastal-gap-pc-2024"] == pytest.approx(gap(2024, "nbs_db_2025", "coastal"), rel=1e-12)
    e, r, y = (values(i, "nbs_db_2021", 2000) for i in ("fiscal_expenditure", "fiscal_revenue", "gdp"))
    inland = [c for c, g in COASTAL.items() if g == "inland"]
    assert t["inland-gap-gdp-2000"] == pytest.approx(
        (sum(e[c] for c in inland) - sum(r[c] for c in inland)) / sum(y[c] for c in inland) * 100, rel=1e-12)
    # the first year from which the interior spends more per resident every year
    years = list(range(2000, 2025))
    spend = {yr: pc("fiscal_expenditure", "nbs_db_2021" if yr <= 2019 else "nbs_db_2025", yr, "coastal")
             / pc("fiscal_expenditure", "nbs_db_2021" if yr <= 2019 else "nbs_db_2025", yr, "inland")
             for yr in years}
    assert t["exp-cross-year"] == min(yr for yr in years if all(spend[z] < 1 for z in years if z >= yr))
    # dependence on transfers in 2024: the paper's four provinces, ranked among 31
    e, r = (values(i, "nbs_db_2025", 2024) for i in ("fiscal_expenditure", "fiscal_revenue"))
    dep = {c: (e[c] - r[c]) / e[c] * 100 for c in e}
    order = sorted(dep, key=dep.get, reverse=True)
    for i, code in enumerate((540000, 630000, 640000, 650000), 1):
        assert t[f"dep-{i}"] == pytest.approx(dep[code], rel=1e-12)
        assert t[f"rank-{i}"] == order.index(code) + 1
    assert t["rank-1"] == 1 and t["top4"].startswith("西藏、青海")
    # the 2019 join: the same gap over GDP of two vintages
    assert t["inland-gap-gdp-2019-old"] > t["inland-gap-gdp-2019-new"]


def test_fiscal_series_keeps_both_vintages():
    f = finance.fiscal_series("coastal")
    both = f[(f["year"] == 2018) & (f["unit"] == "inland")].set_index("vintage")
    assert set(both.index) == {"nbs_db_2021", "nbs_db_2025"}
    assert both.loc["nbs_db_2021", "gap_pc"] == pytest.approx(both.loc["nbs_db_2025", "gap_pc"], abs=0.01)
    assert both.loc["nbs_db_2021", "gap_pct_gdp"] != pytest.approx(both.loc["nbs_db_2025", "gap_pct_gdp"], abs=0.01)
    assert f["year"].min() == 2000 and f["year"].max() == 2024


def test_production_elasticities_against_polyfit():
    t = finance.production_elasticities([2020]).set_index("measure")
    gdp, pop = values("gdp", "rev2025", 2020), values("population", "nbs_db", 2020)
    rev = values("fiscal_revenue", "nbs_db_2025", 2020)
    inc = values("disposable_income_per_capita", "nbs_db_2025", 2020)
    codes = sorted(gdp)
    x = np.log([gdp[c] / pop[c] * 1e4 for c in codes])
    b_rev = np.polyfit(x, np.log([rev[c] / pop[c] * 1e4 for c in codes]), 1)[0]
    b_inc = np.polyfit(x, np.log([inc[c] for c in codes]), 1)[0]
    assert t.loc["revenue", "slope"] == pytest.approx(b_rev, rel=1e-9)
    assert t.loc["income", "slope"] == pytest.approx(b_inc, rel=1e-9)
    assert t.loc["income", "max_min"] == pytest.approx(max(inc.values()) / min(inc.values()), rel=1e-12)
    assert t.loc["revenue", "slope"] > 1 > t.loc["income", "slope"] > t.loc["expenditure", "slope"]
    with pytest.raises(DataError, match="2010"):
        finance.production_elasticities([2010])


def test_weighted_mean_summary_from_raw_files():
    s = indicators.weighted_mean_summary("disposable_income_per_capita", "nbs_db_2025")
    assert (s["first-year"], s["last-year"]) == (2016, 2024)
    inc = values("disposable_income_per_capita", "nbs_db_2025", 2024)
    assert s["simple-mean-last"] == pytest.approx(sum(inc.values()) / 31, rel=1e-12)
    assert s["west-last"] == pytest.approx(weighted("disposable_income_per_capita", "nbs_db_2025", 2024,
                                                    "west", FOUR), rel=1e-12)
    n = values("population", "nbs_db", 2016)
    y16 = values("disposable_income_per_capita", "nbs_db_2025", 2016)
    nat = sum(y16[c] * n[c] for c in n) / sum(n.values())
    assert s["index-northeast-first"] == pytest.approx(
        weighted("disposable_income_per_capita", "nbs_db_2025", 2016, "northeast", FOUR) / nat * 100, rel=1e-12)
