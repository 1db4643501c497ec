"""The library functions behind the readings of the paper's Tables 1-5 (内在逻辑): hand-worked cases
(numbers worked out in the comments), identities, checks against the raw CSV files read with the
csv module (tests/rawdata.py), and bad input. None needs the built book."""
from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

import rawdata
from conftest import ROOT
from inland_coastal import book, charts, finance, groupings, indicators, inequality, real, reproduction
from inland_coastal import spatial, trade
from inland_coastal.errors import DataError

COAST = {c for c, grp in rawdata.groups("coastal").items() if grp == "coastal"}
CODES = groupings.regions().index.tolist()
BEIJING = 110000


def raw(indicator: str, vintage: str, year: int) -> dict[int, float]:
    return rawdata.values(indicator, vintage, year)


def raw_pc_ratio(indicator: str, vintage: str, year: int) -> float:
    x, p = raw(indicator, vintage, year), raw("population", "nbs_db", year)
    c = sum(x[i] for i in COAST) / sum(p[i] for i in COAST)
    n = sum(x[i] for i in x if i not in COAST) / sum(p[i] for i in p if i not in COAST)
    return c / n


@pytest.fixture
def toy_data(tmp_path, monkeypatch):
    """A data folder whose provinces.csv holds a toy panel (the other files copied):
    {(indicator, vintage, unit): {year: {adcode: value}}}; provinces not given copy the first one."""
    def use(series: dict):
        d = tmp_path / "data"
        d.mkdir(exist_ok=True)
        for name in ("regions.csv", "groups.csv", "national.csv", "paper_tables.csv", "capitals.csv"):
            shutil.copy(ROOT / "data" / name, d / name)
        rows = []
        for (ind, vintage, unit), by_year in series.items():
            for year, vals in by_year.items():
                first = next(iter(vals.values()))
                rows += [(c, "", "", year, ind, vals.get(c, first), unit, vintage) for c in CODES]
        pd.DataFrame(rows, columns=["adcode", "province_zh", "province_en", "year", "indicator", "value",
                                    "unit", "vintage"]).to_csv(d / "provinces.csv", index=False)
        monkeypatch.setenv("INLAND_COASTAL_DATA", str(d))
    return use


# ---------------------------------------------------------------- indicators
def test_vintage_labels():
    assert indicators.vintage_label("nbs_db_2021") == "国家统计局数据库约2021年版"
    assert indicators.vintage_label("rev2025", short=True) == "2025年修订后"
    assert indicators.vintage_label("no_such") == "no_such"


def test_province_per_capita_long_and_ranking():
    d = indicators.province_per_capita_long("gdp", "rev2025", years=[2024])
    assert len(d) == 31 and set(d["group"]) == {"coastal", "inland"}
    gdp, pop = raw("gdp", "rev2025", 2024), raw("population", "nbs_db", 2024)
    pc = {c: gdp[c] / pop[c] * 1e4 for c in gdp}
    row = d.set_index("adcode").loc[BEIJING]
    assert row["value"] == round(pc[BEIJING]) and row["province"] == "北京"
    r = indicators.per_capita_ranking(2024, "rev2025")
    order = sorted(pc, key=pc.get, reverse=True)
    short = groupings.regions()["short_zh"]
    assert (r["top"], r["bottom"]) == (short[order[0]], short[order[-1]])
    assert r["top-poor-n"] == sum(c not in COAST for c in order[:10])
    assert r["bottom-rich-n"] == sum(c in COAST for c in order[-10:])


def test_above_national_and_group_ratio():
    gdp, pop = raw("gdp", "paper", 2012), raw("population", "nbs_db", 2012)
    nat = sum(gdp.values()) / sum(pop.values())
    expected = {c for c in gdp if c not in COAST and gdp[c] / pop[c] > nat}
    names = indicators.above_national(2012, "paper")
    short = groupings.regions()["short_zh"]
    assert set(names) == {short[c] for c in expected} and "北京" in names
    assert indicators.group_ratio("gdp", "rev2025")[2024] == pytest.approx(raw_pc_ratio("gdp", "rev2025", 2024))
    with pytest.raises(DataError, match="not a group"):
        indicators.above_national(2012, "paper", group="south")
    with pytest.raises(DataError, match="not a group"):
        indicators.group_ratio("gdp", "paper", "east", "west")


# ---------------------------------------------------------------- the paper's tables
def test_table_facts_read_the_printed_cells():
    f = reproduction.table_facts(3)
    assert (f["y0"], f["y1"]) == (2012, 2022)
    assert f["coastal-y1"] == rawdata.printed("T3", "fiscal_revenue", 2022, "coastal")
    shares = {y: rawdata.printed("T3", "fiscal_revenue_share", y, "coastal") for y in range(2012, 2023)}
    assert f["coastal-pct-max"] == max(shares.values())
    assert f["coastal-pct-argmax"] == max(shares, key=shares.get)
    assert f["ratio-y1"] == pytest.approx(f["coastal-y1"] / f["inland-y1"])
    assert f["diff-y0"] == pytest.approx(f["coastal-y0"] - f["inland-y0"])
    r = reproduction.reproduce(3)
    assert (f["rep-vintage"], f["rep-maxdiff"], f["rep-cells"]) == ("nbs_db_2021", r.max_abs_diff, 40)


def test_vintage_summary_tables_and_coverage():
    s = reproduction.vintage_summary(5, ["nbs_db_2021", "nbs_db_2026"])
    assert list(s["覆盖年份"]) == ["2000—2019", "2016—2024"]
    assert list(s["与论文共同年份"]) == ["2012—2019", "2016—2022"]
    assert s.loc[0, "最大绝对差（千美元）"] == 0
    # the 2026 copy differs in 2022: by hand from the raw rows
    x = raw("trade_usd", "nbs_db_2026", 2022)
    worst = max(abs(sum(v for c, v in x.items() if c in COAST) - rawdata.printed("T5", "goods_trade", 2022, "coastal")),
                abs(sum(x.values()) - rawdata.printed("T5", "goods_trade", 2022, "national")))
    assert s.loc[1, "最大绝对差（千美元）"] >= worst > 0 and s.loc[1, "最大差所在年份"] == 2022
    t = reproduction.vintage_tables(3, ["nbs_db_2021", "nbs_db_2025"], first=2012)
    assert list(t) == ["论文表3", "分省：2021年版数据库", "分省：2025年取数"]
    assert t["分省：2021年版数据库"]["year"].min() == 2012
    assert reproduction.coverage(3, ["nbs_db_2025"]) == {"nbs_db_2025-y0": 2016, "nbs_db_2025-y1": 2024}
    note = reproduction.source_note(3, ["nbs_db_2021", "nbs_db_2025"])
    assert len(note) == 3 and "2000—2019年" in note[1] and note[-1].endswith("作者计算。")
    with pytest.raises(DataError):
        reproduction.vintage_tables(3, ["nbs_db_2021"], first=2030)


def test_printed_table_md_and_vintages_chart():
    md = book.printed_table_md(4, "tbl-x", note="原题“人均收入”。").data
    assert ":name: tbl-x" in md and "论文表4，2012—2022年" in md and "9,367.47" in md and "原题“人均收入”。" in md
    tables = reproduction.vintage_tables(4, ["nbs_db_2021"], first=2012)
    spec = charts.paper_vintages_chart(4, tables, value_title="人均地方一般公共预算收入",
                                       source=["第一行", "第二行"]).to_dict()
    text = str(spec)
    assert "人均地方一般公共预算收入（元）" in text and "第二行" in text


# ---------------------------------------------------------------- finance
def test_revenue_series_joins_two_equal_vintages():
    r = finance.revenue_series(2005)
    assert r.index.min() == 2005 and r.index.max() == 2024
    assert r.loc[2019, BEIJING] == raw("fiscal_revenue", "nbs_db_2021", 2019)[BEIJING]
    assert r.loc[2020, BEIJING] == raw("fiscal_revenue", "nbs_db_2025", 2020)[BEIJING]
    for y in (2016, 2019):  # where both exist they agree
        a, b = raw("fiscal_revenue", "nbs_db_2021", y), raw("fiscal_revenue", "nbs_db_2025", y)
        assert max(abs(a[c] - b[c]) for c in a) <= 0.005 + 1e-9


def test_revenue_gradient_and_its_population_break():
    g = finance.revenue_gradient(first=2005)
    rev = g[g["vintage"] == "nbs_db_2021+nbs_db_2025"].set_index("year")["ratio"]
    assert rev[2005] == pytest.approx(raw_pc_ratio("fiscal_revenue", "nbs_db_2021", 2005), abs=5e-5)
    assert rev[2024] == pytest.approx(raw_pc_ratio("fiscal_revenue", "nbs_db_2025", 2024), abs=5e-5)
    both = g[g["year"] == 2019]
    assert set(both["vintage"]) == {"nbs_db_2021+nbs_db_2025", "nbs_db_2021", "rev2025"}  # the revision shows
    with pytest.raises(DataError, match="2004/05"):
        finance.revenue_gradient(first=2000)


def test_revenue_change_and_facts():
    c = finance.revenue_change(2021, 2022)
    a, b = raw("fiscal_revenue", "nbs_db_2025", 2021), raw("fiscal_revenue", "nbs_db_2025", 2022)
    assert c.loc["山西", "变化（亿元）"] == pytest.approx(round(b[140000] - a[140000], 1))
    assert list(c["变化（%）"]) == sorted(c["变化（%）"], reverse=True)
    f = finance.revenue_gradient_facts()
    assert f["fall-last"] + (f["ratio-y0"] - f["ratio-prev"]) == pytest.approx(f["fall-total"])
    assert f["share-gap-y1"] < f["share-gap-prev"] and f["later-share-gap"] < f["share-gap-y1"]
    with pytest.raises(DataError, match="2015"):
        finance.revenue_change(2015, 2016)


# ---------------------------------------------------------------- trade with a province apart
def test_province_apart_identities():
    t = trade.province_apart("trade", "北京")
    assert np.allclose(t["group_share"], t["province_share"] + t["rest_share"])
    assert t["year"].min() == 2000 and t["year"].max() == 2024 and (t["year"].diff().dropna() == 1).all()
    assert set(t.loc[t["year"] <= 2019, "vintage"]) == {"nbs_db_2021"}
    # the share without Beijing is trade.shares with Beijing excluded, in each vintage
    s21 = trade.shares("trade", vintage="nbs_db_2021", exclude=["北京"])["inland"]
    s26 = trade.shares("trade", vintage="nbs_db_2026", exclude=["北京"])["inland"]
    w = t.set_index("year")["group_share_without"]
    assert w.loc[2005] == pytest.approx(s21.loc[2005]) and w.loc[2022] == pytest.approx(s26.loc[2022])
    assert s21.loc[2017] == pytest.approx(s26.loc[2017])  # the two vintages agree where they overlap
    # by hand from the raw rows, imports 2019
    x = raw("imports_usd", "nbs_db_2021", 2019)
    nat, inl = sum(x.values()), sum(v for c, v in x.items() if c not in COAST)
    i = trade.province_apart("imports", "北京").set_index("year").loc[2019]
    assert i["province_share"] == pytest.approx(x[BEIJING] / nat * 100)
    assert i["group_share_without"] == pytest.approx((inl - x[BEIJING]) / (nat - x[BEIJING]) * 100)


def test_share_change_by_hand():
    # shares (%): 2014 group 24 = province 10 + rest 14; 2016 group 21 = 8 + 13
    split = pd.DataFrame({"year": [2014, 2016], "vintage": ["v", "v"], "group_share": [24.0, 21.0],
                          "province_share": [10.0, 8.0], "rest_share": [14.0, 13.0],
                          "group_share_without": [15.5, 14.1]})
    d = trade.share_change(split, 2014, 2016)
    assert (d["group"], d["province"], d["rest"]) == (-3.0, -2.0, -1.0)
    assert d["province-part"] == pytest.approx(200 / 3)
    assert (d["without-y0"], d["without-y1"]) == (15.5, 14.1)
    with pytest.raises(DataError, match="2030"):
        trade.share_change(split, 2014, 2030)


def test_province_apart_bad_input_and_long_form():
    with pytest.raises(DataError, match="not in the group"):
        trade.province_apart("trade", "上海")
    with pytest.raises(DataError, match="unknown province"):
        trade.province_apart("trade", "火星")
    with pytest.raises(DataError, match="unknown flow"):
        trade.province_apart("oil", "北京")
    long = trade.province_apart_long(["exports", "imports"], "北京")
    assert set(long["序列"]) == {"出口：内陆合计", "出口：内陆不含北京", "进口：内陆合计", "进口：内陆不含北京"}
    assert long["year"].max() == 2019


def test_beijing_facts():
    f = trade.beijing_facts()
    assert (f["low"], f["peak-before"], f["cover-join"]) == (2016, 2014, 2019)
    assert f["fall-group"] == pytest.approx(f["fall-province"] + f["fall-rest"])
    assert f["rise-without-y0"] == pytest.approx(f["fall-without-y1"])
    assert f["exports-fastest-y1"] - f["exports-fastest-y0"] == 5


# ---------------------------------------------------------------- real against nominal
# Toy panel: coastal provinces copy 天津 (B), inland ones copy 北京 (A); population 10 everywhere.
#   year  A: GDP idx    B: GDP idx
#   2005   100   -       200   -
#   2006   120  110      210  104
# nominal ratio 2006 = 210/120 = 1.75; real (2005 prices): A 100·1.10 = 110, B 200·1.04 = 208,
# ratio 208/110 = 1.890909…; in 2005 both are 200/100 = 2.
A, B = 110000, 120000


def test_real_group_ratio_by_hand(toy_data):
    def fill(a, b):
        return {c: (b if c in COAST else a) for c in CODES}
    toy_data({("gdp", "nbs_db_2021", "亿元"): {2005: fill(100.0, 200.0), 2006: fill(120.0, 210.0)},
              ("gdp_index", "nbs_db_2021", "上年=100"): {2006: fill(110.0, 104.0)},
              ("population", "nbs_db", "万人"): {2005: {A: 10.0}, 2006: {A: 10.0}}})
    r = real.real_group_ratio(2005)
    assert r[2005] == pytest.approx(2.0)
    assert r[2006] == pytest.approx(208 / 110)
    assert indicators.group_ratio("gdp", "nbs_db_2021")[2006] == pytest.approx(1.75)
    with pytest.raises(DataError, match="2004/05"):
        real.real_group_ratio(2004)


def test_per_capita_gap_on_the_data():
    gap = real.per_capita_gap(2005)
    assert gap["year"].min() == 2005
    assert set(gap["口径"]) == {"名义：论文口径", "名义：各年初次发布数", "名义：2025年修订后", "实际：2005年价格"}
    paper = gap[gap["口径"] == "名义：论文口径"].set_index("year")["ratio"]
    assert paper[2012] == pytest.approx(raw_pc_ratio("gdp", "paper", 2012), abs=5e-5)
    assert paper[2022] == pytest.approx(raw_pc_ratio("gdp", "paper", 2022), abs=5e-5)
    f = real.per_capita_gap_facts()
    assert f["nominal-base"] == pytest.approx(raw_pc_ratio("gdp", "nbs_db_2021", 2005))
    assert f["real-fall"] + f["nominal-fall"] * f["price-part"] / 100 == pytest.approx(f["nominal-fall"])
    assert "内蒙古" in f["deflator-inland-low"]


# ---------------------------------------------------------------- Theil split
def test_theil_split_by_grouping():
    t = inequality.inequality_table("coastal", "rev2025").set_index("year").loc[2024]
    s = inequality.theil_split("coastal", "rev2025")
    assert s["year"] == 2024 and s["total"] == pytest.approx(t["theil_t"])
    assert s["between"] + s["within"] == pytest.approx(s["total"])
    moved = groupings.membership("coastal").copy()
    moved[BEIJING] = "coastal"
    m = inequality.theil_split(moved, "rev2025", 2024)
    assert m["total"] == pytest.approx(s["total"]) and m["between-share"] > s["between-share"]
    with pytest.raises(DataError, match="北京"):
        inequality.theil_split(moved.drop(BEIJING), "rev2025", 2024)


def test_decomposition_long_and_facts():
    d = inequality.decomposition_long(("coastal", "north_south"), "rev2025")
    assert set(d["分组方式"]) == {groupings.scheme_label("coastal"), groupings.scheme_label("north_south")}
    y = d[(d["year"] == 2024) & (d["分组方式"] == groupings.scheme_label("coastal"))]
    assert y["value"].sum() == pytest.approx(inequality.theil_split("coastal", "rev2025")["total"], abs=1e-5)
    f = inequality.theil_facts("rev2025")
    assert f["turn"] < f["y1"] and f["after-min"] == pytest.approx(f["total-turn"])
    assert f["between-share-y1"] + f["within-share-y1"] == pytest.approx(100)


# ---------------------------------------------------------------- gravity
def test_gravity_exponent_by_hand():
    # masses √(PG): 2, 3, 6 (P·G = 4, 9, 36); distances 10 (1-2), 20 (1-3), 30 (2-3)
    P, G = np.array([1.0, 1.0, 1.0]), np.array([4.0, 9.0, 36.0])
    D = np.array([[0, 10, 20], [10, 0, 30], [20, 30, 0]], dtype=float)
    r2 = spatial.gravity_matrix(P, G, D)
    assert r2[0, 1] == pytest.approx(6 / 100) and r2[1, 2] == pytest.approx(18 / 900)
    r1 = spatial.gravity_matrix(P, G, D, exponent=1)
    assert r1[0, 2] == pytest.approx(12 / 20) and r1[2, 2] == 0


def test_decay_slopes_recover_the_exponent():
    # synthetic pairs: large masses close together, so the simple slope is steeper than −b
    rng = np.random.default_rng(1)
    d = rng.uniform(100, 3000, 200)
    mass = 1e6 / d * rng.uniform(0.5, 2, 200)
    pairs = pd.DataFrame({"distance_km": d, "mass_product": mass, "linkage": mass / d ** 2})
    s = spatial.decay_slopes(pairs)
    assert s["controlled"] == pytest.approx(-2.0, abs=1e-9) and s["r2-controlled"] == pytest.approx(1.0)
    assert s["simple"] == pytest.approx(-2.0 + s["masses"]) and s["simple"] < -2.5


def test_partner_table_and_exponent_facts():
    t = spatial.partner_table(2022, exponents=(1, 2))
    assert len(t) == 20 and sorted(t["rank_1"]) == list(range(1, 21))
    assert t.loc["四川", "partner_2"] == "广东" and t.loc["四川", "nearest"] == "广西"
    ties = spatial.coastal_ties(2022).set_index("province")
    assert t.loc["安徽", "share_2"] == pytest.approx(ties.loc["安徽", "coastal_share"])
    f = spatial.exponent_facts(2022, exponents=(1, 2, 3))
    assert f["nearest-1"] < f["nearest-2"] < f["nearest-3"]
    assert f["mover-rank-lo"] != f["mover-rank-hi"]


def test_gravity_facts_and_pairs():
    f = spatial.gravity_facts(2022, first=2012)
    assert (f["pairs"], f["pairs-ci"]) == (465, 220)
    assert f["same-partner"] + f["other-partner"] == f["ties-n"] == 20
    assert (f["far-top"], f["far-nearest"]) == ("广东", "广西")
    assert f["slope-controlled"] == pytest.approx(-2.0)
    p = spatial.coastal_inland_pairs(2022)
    assert len(p) == 220
    assert all((a in COAST) != (b in COAST) for a, b in zip(p["a_adcode"], p["b_adcode"]))
    z = spatial.coastal_ties_zh(spatial.coastal_ties(2022))
    assert list(z.columns)[:3] == ["省份", "与沿海联系之和", "沿海联系占比（%）"] and z.iloc[0]["省份"] == "安徽"
