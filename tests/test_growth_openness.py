"""Growth with provinces left out, the real/price split of a catch-up, shock-year growth, relative
and provincial openness, vintages joined as one series, the population break: the library's
results against values worked out here from the raw CSV files (``tests/rawdata.py``), by other
routes than the library's (levels instead of chained growth, shares instead of ratios)."""
from __future__ import annotations

import functools
import math

import pytest

import rawdata
from inland_coastal import charts, indicators, loading, real, trade
from inland_coastal.errors import DataError

HUBEI, BEIJING = 420000, 110000
COASTAL = rawdata.groups("coastal")
INLAND = [c for c, g in COASTAL.items() if g == "inland"]
COAST = [c for c, g in COASTAL.items() if g == "coastal"]


@functools.lru_cache(maxsize=None)
def raw(indicator, vintage, year):
    """rawdata.values, kept: the CSV file is read once per series and year in this module."""
    return rawdata.values(indicator, vintage, year)


def total(indicator, vintage, year, codes, skip=()):
    v = raw(indicator, vintage, year)
    return sum(v[c] for c in codes if c not in skip)


def rate(year):
    return {int(r["year"]): float(r["value"]) for r in rawdata.rows("national.csv")
            if r["indicator"] == "cny_per_usd"}[year]


# ---------------------------------------------------------------- growth with provinces left out
def test_nominal_growth_without_hubei_from_the_sums():
    g = real.growth("coastal", "rev2025", exclude=["湖北"])
    expected = total("gdp", "rev2025", 2020, INLAND, {HUBEI}) / total("gdp", "rev2025", 2019, INLAND, {HUBEI}) - 1
    assert g.loc[2020, "inland"] == pytest.approx(expected * 100)
    assert g.loc[2020, "coastal"] == pytest.approx(real.growth("coastal", "rev2025").loc[2020, "coastal"])
    everyone = [c for c in COASTAL if c != HUBEI]
    nat = total("gdp", "rev2025", 2020, everyone) / total("gdp", "rev2025", 2019, everyone) - 1
    assert g.loc[2020, "national"] == pytest.approx(nat * 100)          # national = provinces kept


def test_real_growth_without_a_province_weights_by_last_years_gdp():
    g = real.growth("coastal", "nbs_db_2021", real=True, exclude=["Hubei"])   # English name resolves too
    y0, y1 = raw("gdp", "nbs_db_2021", 2011), raw("gdp_index", "nbs_db_2021", 2012)
    num = sum(y0[c] * y1[c] / 100 for c in INLAND if c != HUBEI)
    den = sum(y0[c] for c in INLAND if c != HUBEI)
    assert g.loc[2012, "inland"] == pytest.approx((num / den - 1) * 100)


def test_growth_default_unchanged_and_unknown_province():
    a, b = real.growth("coastal", "rev2025"), real.growth("coastal", "rev2025", exclude=None)
    assert a.equals(b)
    full = total("gdp", "rev2025", 2021, INLAND) / total("gdp", "rev2025", 2020, INLAND) - 1
    assert a.loc[2021, "inland"] == pytest.approx(full * 100)
    with pytest.raises(DataError, match="unknown province 'Atlantis'"):
        real.growth(exclude=["Atlantis"])


# ---------------------------------------------------------------- volume index and catch-up
def chained_volume(codes, first, last):
    """Q_last / Q_first for a group: the product of Σ Y_{t-1}·I_t/100 ÷ Σ Y_{t-1}."""
    q = 1.0
    for t in range(first + 1, last + 1):
        y, i = raw("gdp", "nbs_db_2021", t - 1), raw("gdp_index", "nbs_db_2021", t)
        q *= sum(y[c] * i[c] / 100 for c in codes) / sum(y[c] for c in codes)
    return q


def test_volume_index_is_the_chained_laspeyres_volume():
    q = real.volume_index("coastal")
    assert q.index.min() == 2000 and q.loc[2000].eq(100).all()
    assert q.loc[2019, "inland"] == pytest.approx(100 * chained_volume(INLAND, 2000, 2019))
    rebased = real.volume_index("coastal", base_year=2010)
    assert rebased.loc[2010, "coastal"] == pytest.approx(100)
    assert rebased.loc[2019, "coastal"] / rebased.loc[2000, "coastal"] == pytest.approx(
        q.loc[2019, "coastal"] / q.loc[2000, "coastal"])
    with pytest.raises(DataError, match="base year 2030 not covered"):
        real.volume_index(base_year=2030)


@pytest.mark.parametrize("start,end", [(2000, 2019), (2000, 2011), (2011, 2019)])
def test_catch_up_splits_into_real_and_prices(start, end):
    c = real.catch_up(start, end)
    # nominal from the levels (not from chained growth rates)
    ratio = lambda y: total("gdp", "nbs_db_2021", y, INLAND) / total("gdp", "nbs_db_2021", y, COAST)  # noqa: E731
    assert c["gap-nominal"] == pytest.approx(100 * math.log(ratio(end) / ratio(start)))
    q = chained_volume(INLAND, start, end) / chained_volume(COAST, start, end)
    assert c["gap-real"] == pytest.approx(100 * math.log(q))
    assert c["gap-nominal"] == pytest.approx(c["gap-real"] + c["gap-prices"])
    assert c["prices-share"] == pytest.approx(c["gap-prices"] / c["gap-nominal"] * 100)
    n = end - start
    growth = (total("gdp", "nbs_db_2021", end, INLAND) / total("gdp", "nbs_db_2021", start, INLAND)) ** (1 / n) - 1
    assert c["growth-nominal-inland"] == pytest.approx(growth * 100)
    assert c["growth-real-coastal"] == pytest.approx((chained_volume(COAST, start, end) ** (1 / n) - 1) * 100)


def test_catch_up_on_the_data_reads_as_the_chapter_says():
    c = real.catch_up(2000, 2019)
    assert 0 < c["gap-real"] < c["gap-nominal"]               # real catch-up, smaller than nominal
    assert 40 < c["prices-share"] < 65                        # about half of it is relative prices
    assert c["faster-real-since"] == 2007                     # inland faster every year from 2007 to 2019
    assert c["faster-real-years"] == 13 and c["n-years"] == 19
    early, late = real.catch_up(2000, 2011), real.catch_up(2011, 2019)
    assert early["prices-share"] > 70 > 30 > late["prices-share"]


def test_catch_up_nominal_only_and_refusals():
    c = real.catch_up(2019, 2024, vintage="rev2025", real=False)
    ratio = lambda y: total("gdp", "rev2025", y, INLAND) / total("gdp", "rev2025", y, COAST)  # noqa: E731
    assert c["gap-nominal"] == pytest.approx(100 * math.log(ratio(2024) / ratio(2019)))
    assert "gap-real" not in c and "growth-real-inland" not in c
    with pytest.raises(DataError, match="real values need a GDP index"):
        real.catch_up(2019, 2024, vintage="rev2025")
    with pytest.raises(DataError, match="2020"):
        real.catch_up(2015, 2020)
    with pytest.raises(DataError, match="end > start"):
        real.catch_up(2010, 2010)
    with pytest.raises(DataError, match="'west' is not a group"):
        real.catch_up(2000, 2019, group="west")


# ---------------------------------------------------------------- a shock year
def test_shock_growth_with_and_without_hubei():
    s = real.shock_growth(2020, exclude=["湖北"])
    g = lambda codes, y, skip=(): total("gdp", "rev2025", y, codes, skip) / total("gdp", "rev2025", y - 1, codes, skip) - 1  # noqa: E731,E501
    assert s["inland-2020"] == pytest.approx(g(INLAND, 2020) * 100)
    assert s["inland-ex-2020"] == pytest.approx(g(INLAND, 2020, {HUBEI}) * 100)
    assert s["excluded-2020"] == pytest.approx(g([HUBEI], 2020) * 100)
    assert s["coastal-2021"] == pytest.approx(g(COAST, 2021) * 100)
    assert s["gap-ex-2020"] == pytest.approx(s["coastal-2020"] - s["inland-ex-2020"])
    share = raw("gdp", "rev2025", 2019)[HUBEI] / total("gdp", "rev2025", 2019, INLAND) * 100
    assert s["excluded-share"] == pytest.approx(share)
    two = (total("gdp", "rev2025", 2021, INLAND, {HUBEI}) / total("gdp", "rev2025", 2019, INLAND, {HUBEI})) ** 0.5
    assert s["inland-ex-two-year"] == pytest.approx((two - 1) * 100)
    before = [g(COAST, y) - g(INLAND, y) for y in range(2015, 2020)]
    assert s["abs-gap-before"] == pytest.approx(sum(abs(b) for b in before) / 5 * 100)
    assert s["excluded-names"] == "湖北" and s["before-first"] == 2015
    # the reading: Hubei is nearly all of the inland shortfall in 2020
    assert s["excluded-2020"] < 0 < s["gap-ex-2020"] < s["gap-2020"] / 4


def test_shock_growth_refuses_a_province_outside_the_group():
    with pytest.raises(DataError, match="广东 not in group 'inland'"):
        real.shock_growth(2020, exclude=["广东"])
    with pytest.raises(DataError, match="2025"):
        real.shock_growth(2024, exclude=["湖北"])


# ---------------------------------------------------------------- openness
def test_relative_openness_is_share_over_share():
    r = trade.relative_openness("coastal")
    t, y = raw("trade_usd", "nbs_db_2021", 2010), raw("gdp", "nbs_db_2021", 2010)
    share_t = sum(t[c] for c in INLAND) / sum(t.values())
    share_y = sum(y[c] for c in INLAND) / sum(y.values())
    assert r.loc[2010, "inland"] == pytest.approx(share_t / share_y * 100)   # no exchange rate needed
    ex = trade.relative_openness("coastal", exclude=["北京"])
    keep = [c for c in t if c != BEIJING]
    share_t = sum(t[c] for c in INLAND if c != BEIJING) / sum(t[c] for c in keep)
    share_y = sum(y[c] for c in INLAND if c != BEIJING) / sum(y[c] for c in keep)
    assert ex.loc[2010, "inland"] == pytest.approx(share_t / share_y * 100)
    imp = trade.relative_openness("coastal", flow="imports", exclude=["北京"])
    m = raw("imports_usd", "nbs_db_2021", 2019)
    y = raw("gdp", "nbs_db_2021", 2019)
    keep = [c for c in m if c != BEIJING]
    expected = (sum(m[c] for c in INLAND if c != BEIJING) / sum(m[c] for c in keep)) / (
        sum(y[c] for c in INLAND if c != BEIJING) / sum(y[c] for c in keep)) * 100
    assert imp.loc[2019, "inland"] == pytest.approx(expected)
    assert "national" not in r.columns


def test_province_openness():
    p = trade.province_openness(currency="cny")
    expected = raw("trade_cny", "nbs_db_2025", 2024)[BEIJING] / raw("gdp", "rev2025", 2024)[BEIJING]
    assert p.loc[2024, BEIJING] == pytest.approx(expected * 100)
    u = trade.province_openness(flow="exports", currency="usd")
    e = raw("exports_usd", "nbs_db_2021", 2005)[440000] * rate(2005) * 1e3 / 1e8
    assert u.loc[2005, 440000] == pytest.approx(e / raw("gdp", "nbs_db_2021", 2005)[440000] * 100)
    with pytest.raises(DataError, match="dollars only"):
        trade.province_openness(flow="imports", currency="cny")


def national_openness(indicator, year):
    flows, gdp = raw(indicator, "nbs_db_2021", year), raw("gdp", "nbs_db_2021", year)
    return sum(flows.values()) * rate(year) * 1e3 / 1e8 / sum(gdp.values()) * 100


def test_openness_summary_against_the_raw_files():
    s = trade.openness_summary()
    years = range(2000, 2020)
    for flow, ind in (("trade", "trade_usd"), ("exports", "exports_usd"), ("imports", "imports_usd")):
        series = {y: national_openness(ind, y) for y in years}
        peak = max(series, key=series.get)
        assert s[f"{flow}-national-peak-year"] == peak
        assert s[f"{flow}-national-peak"] == pytest.approx(series[peak])
        assert s[f"{flow}-national-2019"] == pytest.approx(series[2019])
    assert s["trade-national-peak-year"] == 2006 and s["trade-national-2019"] < s["trade-national-2000"]
    cny = {y: total("trade_cny", "nbs_db_2025", y, COASTAL) / total("gdp", "rev2025", y, COASTAL) * 100
           for y in range(2016, 2025)}
    assert s["cny-national-max-year"] == max(cny, key=cny.get)
    assert s["cny-national-2024"] == pytest.approx(cny[2024])
    assert s["rate-min-year"] == 2014 and s["rate-2005"] == pytest.approx(rate(2005))
    assert s["rel-overlap-maxdiff"] < 0.5                     # the two vintages agree where they overlap


def test_head_office_summary_beijing():
    s = trade.head_office_summary("北京")
    for flow, ind in (("exports", "exports_usd"), ("imports", "imports_usd"), ("trade", "trade_usd")):
        v = raw(ind, "nbs_db_2021", 2019)
        assert s[f"share-{flow}-2019"] == pytest.approx(v[BEIJING] / sum(v[c] for c in INLAND) * 100)
    assert s["share-imports-2019"] > 3 * s["share-exports-2019"]       # head offices book imports
    assert s["above-national-2024"] == "北京" and s["above-national-n-2024"] == 1
    with pytest.raises(DataError, match="not in group 'inland'"):
        trade.head_office_summary("上海")


# ---------------------------------------------------------------- vintages and shares
def test_wide_joined_takes_the_paper_vintage_back_to_2000():
    w = indicators.wide_joined("gdp", indicators.PAPER_GDP_SERIES)
    assert w.index.min() == 2000 and w.index.max() == 2022
    assert w.loc[2005, BEIJING] == raw("gdp", "nbs_db_2021", 2005)[BEIJING]
    assert w.loc[2022, BEIJING] == raw("gdp", "paper", 2022)[BEIJING]
    with pytest.raises(DataError, match="cannot be joined"):
        indicators.wide_joined("gdp", ("first_release", "rev2025"))


def test_shares_by_vintage_reproduce_the_printed_table_1():
    d = indicators.shares_by_vintage({"论文口径": indicators.PAPER_GDP_SERIES})
    s = d.set_index("year")["share"]
    for year in range(2012, 2023):
        assert s.loc[year] == pytest.approx(rawdata.printed("T1", "gdp_share", year, "inland"), abs=0.006)


def inland_share(vintage, year):
    return total("gdp", vintage, year, INLAND) / total("gdp", vintage, year, COASTAL) * 100


def test_gdp_share_summary_steps_across_the_census():
    s = indicators.gdp_share_summary()
    assert s["step-fr"] == pytest.approx(inland_share("first_release", 2019) - inland_share("first_release", 2018))
    assert s["step-p"] == pytest.approx(inland_share("paper", 2019) - inland_share("paper", 2018))
    assert s["step-fr"] > 1.0 and s["step-p"] < 0.3          # the splice is in the first release only
    assert s["rev-2022-gap"] == pytest.approx(inland_share("paper", 2022) - inland_share("rev2025", 2022))
    assert s["rev-2022-gap"] > 0                              # the paper's 2022 sits above the revision
    assert s["p-2000"] == pytest.approx(inland_share("nbs_db_2021", 2000))
    assert s["four-northeast-p-2019"] < s["four-northeast-p-2000"]


def test_population_share_summary_handles_the_break():
    s = indicators.population_share_summary()
    share = lambda y: total("population", "nbs_db", y, COAST) / total("population", "nbs_db", y, COASTAL) * 100  # noqa: E731
    assert s["share-2005"] == pytest.approx(share(2005))
    assert s["step-break"] == pytest.approx(share(2005) - share(2004))
    assert s["change-break-last"] == pytest.approx(share(2024) - share(2005))
    p4, p5 = raw("population", "nbs_db", 2004), raw("population", "nbs_db", 2005)
    fell = sorted((c for c in p4 if p5[c] / p4[c] - 1 < -0.01), key=lambda c: p5[c] / p4[c])
    names = {int(r["adcode"]): r["short_zh"] for r in rawdata.rows("regions.csv")}
    assert s["fell"] == "、".join(names[c] for c in fell) and s["fell-n"] == len(fell) >= 3
    assert s["step-break"] > 1.5 * s["mean-step-break-last"]      # the break is larger than a normal year


def test_coverage():
    assert indicators.coverage("gdp_index", "nbs_db_2021") == (2000, 2019)
    assert indicators.coverage("trade_cny", "nbs_db_2025") == (2016, 2024)
    with pytest.raises(DataError, match="no vintage"):
        indicators.coverage("gdp", "nbs_db_2099")


# ---------------------------------------------------------------- charts
def test_dashed_lines_and_scheme_lines_with_events():
    import altair as alt

    frames = {"名义": real.growth("coastal", "nbs_db_2021"), "实际": real.growth("coastal", "nbs_db_2021", real=True)}
    long = charts.long_by_measure(frames)
    assert set(long["地区"]) == {"沿海地区", "内陆地区"} and set(long["口径"]) == {"名义", "实际"}
    ev = loading.timeline_events((2001, 2019), kinds=["strategy"])
    spec = charts.dashed_lines(long, "value", "增长率（%）", scheme="coastal", events=ev).to_dict()
    layers = spec["vconcat"][0]["layer"]
    assert layers[0]["mark"]["type"] == "rule" and layers[0]["mark"]["strokeDash"]     # the events
    color = layers[1]["encoding"]["color"]["scale"]
    assert color["domain"] == ["沿海地区", "内陆地区"] and color["range"] == ["#1f5fa8", "#d9822b"]
    assert layers[1]["encoding"]["strokeDash"]["scale"]["domain"] == ["名义", "实际"]
    # scheme_lines: with events, each layer of the groups' data is filtered by the scheme switch
    shares = {s: indicators.shares(indicators.totals("gdp", "rev2025", s)) for s in ("coastal", "four_regions")}
    chart = charts.scheme_lines(charts.long_by_scheme(shares, "share"), "share", "比重", events=ev)
    inner = chart.to_dict()["vconcat"][0]
    filtered = [lyr for lyr in inner["layer"] if lyr.get("mark", {}).get("type") != "rule" or "transform" in lyr]
    assert all(any(t.get("filter") == "(datum.scheme === scheme)" for t in lyr.get("transform", []))
               for lyr in filtered)
    assert "transform" not in inner
    plain = charts.scheme_lines(charts.long_by_scheme(shares, "share"), "share", "比重").to_dict()["vconcat"][0]
    assert plain["transform"] == [{"filter": "(datum.scheme === scheme)"}]           # without events: as before
    assert isinstance(chart, alt.VConcatChart)
    assert charts.nbs_source("“地区生产总值”", "2000—2019年") == "资料来源：国家统计局分省年度数据“地区生产总值”；2000—2019年；作者计算。"
