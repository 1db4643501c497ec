"""chapters/mechanisms.md: the numbers it glues, derived again from the data files read with the
csv module (tests/rawdata.py) or from the paper's printed tables, by other formulas than the
library's; every glue role of the page exists; the page shows the corrected readings."""
from __future__ import annotations

import json
import math
import re

import numpy as np
import pytest

import conftest
import rawdata

CHAPTER = conftest.ROOT / "chapters" / "mechanisms.md"
COASTAL = rawdata.groups("coastal")
FOUR = rawdata.groups("four_regions")
NAMES = {int(r["adcode"]): r["short_zh"] for r in rawdata.rows("regions.csv")}
COAL = (140000, 150000, 610000, 650000)


def glued_markdown(chapter: str) -> dict:
    """name -> text of every Markdown value a chapter glued (``book.glue_text``: province names,
    yardstick names), whose text/plain is only the object's repr."""
    out = {}
    nb = json.loads((conftest.EXECUTED / f"{chapter}.ipynb").read_text())
    outputs = [o for cell in nb["cells"] for o in cell.get("outputs", [])]
    for o in outputs:
        meta = o.get("metadata", {}).get("scrapbook")
        if meta and "text/markdown" in o.get("data", {}):
            out[meta["name"]] = o["data"]["text/markdown"]
    store = conftest.EXECUTED / f"{chapter}.glue.json"
    if store.exists():
        for name, o in json.loads(store.read_text()).items():
            if "text/markdown" in o.get("data", {}):
                out.setdefault(name, o["data"]["text/markdown"])
    return out


@pytest.fixture(scope="module")
def g(built_book):
    return {**conftest.glued("mechanisms"), **glued_markdown("mechanisms")}


@pytest.fixture(scope="module")
def html(built_book):
    return (built_book.html / "chapters" / "mechanisms.html").read_text(encoding="utf-8")


def v(indicator, vintage, year):
    return rawdata.indexed()[(indicator, vintage, year)]


def members(group, scheme=COASTAL, exclude=()):
    return [c for c, k in scheme.items() if k == group and c not in exclude]


def per_resident(indicator, vintage, year, group, scheme=COASTAL, exclude=()):
    x, n = v(indicator, vintage, year), v("population", "nbs_db", year)
    cs = members(group, scheme, exclude)
    return sum(x[c] for c in cs) / sum(n[c] for c in cs) * 1e4


def weighted(indicator, vintage, year, group, scheme=COASTAL, exclude=()):
    y, n = v(indicator, vintage, year), v("population", "nbs_db", year)
    cs = members(group, scheme, exclude)
    return sum(y[c] * n[c] for c in cs) / sum(n[c] for c in cs)


def fiscal_vintage(year):
    return "nbs_db_2021" if year <= 2019 else "nbs_db_2025"


def revenue_ratio(year, exclude=()):
    vin = fiscal_vintage(year)
    return (per_resident("fiscal_revenue", vin, year, "coastal", exclude=exclude)
            / per_resident("fiscal_revenue", vin, year, "inland", exclude=exclude))


def approx(x, rel=1e-9):
    return pytest.approx(float(x), rel=rel, abs=1e-9)


# ---------------------------------------------------------------- reading 4: fiscal convergence
def test_yardsticks_and_the_narrow_lead(g):
    y = g["mechanisms-ladder-year"]
    assert y == 2024
    ratios = {
        "gdp": per_resident("gdp", "rev2025", y, "coastal") / per_resident("gdp", "rev2025", y, "inland"),
        "revenue": revenue_ratio(y),
        "expenditure": per_resident("fiscal_expenditure", "nbs_db_2025", y, "coastal")
        / per_resident("fiscal_expenditure", "nbs_db_2025", y, "inland"),
        "income": weighted("disposable_income_per_capita", "nbs_db_2025", y, "coastal")
        / weighted("disposable_income_per_capita", "nbs_db_2025", y, "inland")}
    for m, r in ratios.items():
        assert g[f"mechanisms-ladder-coastal-inland-{m}"] == approx(r)
    top, second = sorted(ratios.values(), reverse=True)[:2]
    assert max(ratios, key=ratios.get) == "revenue"
    assert g["mechanisms-ladder-coastal-inland-margin"] == approx(top - second)
    assert g["mechanisms-ladder-coastal-inland-margin"] < 0.03          # "only narrowly"
    east_central = (per_resident("fiscal_revenue", "nbs_db_2025", y, "east", FOUR)
                    / per_resident("fiscal_revenue", "nbs_db_2025", y, "central", FOUR))
    assert g["mechanisms-ladder-east-central-revenue"] == approx(east_central)
    assert g["mechanisms-ladder-south-north-largest"] == "人均地区生产总值"
    # "the smallest is expenditure everywhere, below 1 except east÷central" (exercise 1)
    for pair in ("coastal-inland", "east-west", "east-central", "east-northeast", "south-north"):
        assert g[f"mechanisms-ladder-{pair}-smallest"] == "人均地方财政支出"
        assert (g[f"mechanisms-ladder-{pair}-expenditure"] < 1) == (pair != "east-central")


def test_revenue_ratio_falls_in_2022(g):
    for year in (2005, 2012, 2021, 2022, 2024):
        assert g[f"mechanisms-revenue-revenue-{year}"] == approx(revenue_ratio(year))
    r = {y: revenue_ratio(y) for y in (2012, 2021, 2022, 2024)}
    assert g["mechanisms-revenue-step-share-paper"] == approx((r[2021] - r[2022]) / (r[2012] - r[2022]) * 100)
    assert g["mechanisms-revenue-step-share-last"] == approx((r[2021] - r[2022]) / (r[2012] - r[2024]) * 100)
    t4 = {y: rawdata.printed("T4", "fiscal_revenue_per_capita", y, "coastal")
          / rawdata.printed("T4", "fiscal_revenue_per_capita", y, "inland") for y in (2012, 2021, 2022)}
    assert g["mechanisms-revenue-t4-step-share"] == approx((t4[2021] - t4[2022]) / (t4[2012] - t4[2022]) * 100)
    assert g["mechanisms-revenue-step-share-paper"] > 90 and g["mechanisms-revenue-t4-step-share"] > 90
    # the decomposition: its parts, each from the raw revenue by another route (sums of shares of
    # the group's log change), add up to the log change of the ratio
    r0, r1 = v("fiscal_revenue", "nbs_db_2025", 2021), v("fiscal_revenue", "nbs_db_2025", 2022)
    assert g["mechanisms-revenue-dln"] == approx(math.log(r[2022] / r[2021]) * 100)
    coast, inland = members("coastal"), members("inland")
    dln_c = math.log(sum(r1[c] for c in coast) / sum(r0[c] for c in coast))
    assert g["mechanisms-revenue-high-revenue"] == approx(dln_c * 100)
    dln_i = math.log(sum(r1[c] for c in inland) / sum(r0[c] for c in inland))
    coal_share = sum(r1[c] - r0[c] for c in COAL) / sum(r1[c] - r0[c] for c in inland)
    assert g["mechanisms-revenue-low-coal"] == approx(-dln_i * coal_share * 100)
    assert g["mechanisms-revenue-high-fell-n"] == sum(r1[c] < r0[c] for c in coast) == 11
    assert g["mechanisms-revenue-coal-growth"] == approx((sum(r1[c] for c in COAL) / sum(r0[c] for c in COAL) - 1) * 100)
    assert g["mechanisms-revenue-coal-names"] == "山西、陕西、内蒙古、新疆"
    assert g["mechanisms-revenue-high-top"] == "、".join(
        NAMES[c] for c in sorted(coast, key=lambda c: r1[c] - r0[c])[:3])
    assert g["mechanisms-revenue-high-gap-pc-2022"] == approx(
        per_resident("fiscal_expenditure", "nbs_db_2025", 2022, "coastal")
        - per_resident("fiscal_revenue", "nbs_db_2025", 2022, "coastal"))


def test_transfers(g):
    def gap_pc(year, group):
        vin = fiscal_vintage(year)
        return per_resident("fiscal_expenditure", vin, year, group) - per_resident("fiscal_revenue", vin, year, group)

    for year in (2005, 2019, 2024):
        assert g[f"mechanisms-transfer-inland-gap-pc-{year}"] == approx(gap_pc(year, "inland"))
    e, r = v("fiscal_expenditure", "nbs_db_2025", 2024), v("fiscal_revenue", "nbs_db_2025", 2024)
    y = v("gdp", "rev2025", 2024)
    inland = members("inland")
    assert g["mechanisms-transfer-inland-gap-gdp-new-2024"] == approx(
        (sum(e[c] for c in inland) - sum(r[c] for c in inland)) / sum(y[c] for c in inland) * 100)
    assert g["mechanisms-transfer-inland-gap-gdp-2019-old"] > g["mechanisms-transfer-inland-gap-gdp-2019-new"]
    dep = {c: (e[c] - r[c]) / e[c] * 100 for c in e}
    order = sorted(dep, key=dep.get, reverse=True)
    for i, code in enumerate((540000, 630000, 640000, 650000), 1):     # the four provinces the paper names
        assert g[f"mechanisms-transfer-dep-{i}"] == approx(dep[code])
        assert g[f"mechanisms-transfer-rank-{i}"] == order.index(code) + 1
    assert g["mechanisms-transfer-top4"] == "、".join(NAMES[c] for c in order[:4])
    ratio = {yr: per_resident("fiscal_expenditure", fiscal_vintage(yr), yr, "coastal")
             / per_resident("fiscal_expenditure", fiscal_vintage(yr), yr, "inland") for yr in range(2000, 2025)}
    assert g["mechanisms-transfer-exp-cross-year"] == min(
        yr for yr in ratio if all(ratio[z] < 1 for z in ratio if z >= yr))


# ---------------------------------------------------------------- reading 1: "manufacturing moves inland"
def lq(code, year):
    parts = [v(f"va_{k}", "rev2025", year) for k in ("primary", "secondary", "tertiary")]
    own = parts[1][code] / sum(p[code] for p in parts)
    return own / (sum(parts[1].values()) / sum(sum(p.values()) for p in parts))


def test_location_quotients_follow_the_coal_price(g):
    for y in (2020, 2022, 2024):
        assert g[f"mechanisms-industry-lq-Shanxi-{y}"] == approx(lq(140000, y))
    assert g["mechanisms-industry-lq-Shanxi-2022"] > g["mechanisms-industry-lq-Shanxi-2020"]
    assert g["mechanisms-industry-lq-Shanxi-2024"] < g["mechanisms-industry-lq-Shanxi-2022"]
    rise = {c: lq(c, 2022) - lq(c, 2020) for c in members("inland")}
    assert g["mechanisms-industry-lq-risers"] == "、".join(NAMES[c] for c in sorted(rise, key=rise.get, reverse=True)[:5])


def test_industry_shares_real_and_nominal(g):
    inland = members("inland")
    for k in ("industry", "secondary"):
        for y in (2000, 2019):
            x = v(f"va_{k}", "nbs_db_2021", y)
            assert g[f"mechanisms-industry-share-{k}-{y}"] == approx(sum(x[c] for c in inland) / sum(x.values()) * 100)
    # constant 2000 prices: 2000 value added grown by the product of the real indices
    base = v("va_secondary", "nbs_db_2021", 2000)
    growth = {c: np.prod([v("va_secondary_index", "nbs_db_2021", y)[c] / 100 for y in range(2001, 2020)])
              for c in base}
    real19 = {c: base[c] * growth[c] for c in base}
    assert g["mechanisms-industry-share-secondary-real-2019"] == approx(
        sum(real19[c] for c in inland) / sum(real19.values()) * 100)
    assert g["mechanisms-industry-paper-t7-2022"] == rawdata.printed("T7", "va_secondary_share", 2022, "inland")


# ---------------------------------------------------------------- the other mechanisms
def test_income_and_elasticities(g):
    y0, y1 = g["mechanisms-income-first-year"], g["mechanisms-income-last-year"]
    assert (y0, y1) == (2016, 2024)
    n = v("population", "nbs_db", y1)
    inc = v("disposable_income_per_capita", "nbs_db_2025", y1)
    national = sum(inc[c] * n[c] for c in n) / sum(n.values())
    assert g["mechanisms-income-national-last"] == approx(national)
    assert g["mechanisms-income-simple-mean-last"] == approx(sum(inc.values()) / 31)
    assert g["mechanisms-income-index-northeast-last"] == approx(
        weighted("disposable_income_per_capita", "nbs_db_2025", y1, "northeast", FOUR) / national * 100)
    assert g["mechanisms-income-index-northeast-last"] < g["mechanisms-income-index-northeast-first"]
    gdp, pop, rev = v("gdp", "rev2025", y1), v("population", "nbs_db", y1), v("fiscal_revenue", "nbs_db_2025", y1)
    codes = sorted(gdp)
    x = np.log([gdp[c] / pop[c] for c in codes])
    assert g["mechanisms-follow-revenue-slope"] == approx(np.polyfit(x, np.log([rev[c] / pop[c] for c in codes]), 1)[0])
    assert g["mechanisms-follow-income-slope"] == approx(np.polyfit(x, np.log([inc[c] for c in codes]), 1)[0])
    assert g["mechanisms-follow-income-slope"] < g["mechanisms-follow-income-slope-first"]   # "slowly falling"
    exp = v("fiscal_expenditure", "nbs_db_2025", y1)
    top = sorted(exp, key=lambda c: exp[c] / pop[c], reverse=True)
    assert g["mechanisms-follow-expenditure-top4"] == "、".join(NAMES[c] for c in top[:4])


def test_exercises(g):
    apart = (110000, 120000, 310000)
    assert g["mechanisms-ex2-apart-revenue"] == approx(revenue_ratio(2024, apart))
    gdp_apart = (per_resident("gdp", "rev2025", 2024, "coastal", exclude=apart)
                 / per_resident("gdp", "rev2025", 2024, "inland", exclude=apart))
    assert g["mechanisms-ex2-apart-gdp"] == approx(gdp_apart)
    assert g["mechanisms-ex2-apart-largest"] == "人均地区生产总值"       # the lead is gone
    assert g["mechanisms-ex2-apart-revenue-2022"] < g["mechanisms-ex2-apart-revenue-2021"]
    # exercise 3: simple means of the provinces against population-weighted ones
    inc = v("disposable_income_per_capita", "nbs_db_2025", 2024)
    simple = (np.mean([inc[c] for c in members("east", FOUR)]) / np.mean([inc[c] for c in members("west", FOUR)]))
    assert g["mechanisms-ex3-col3"] == approx(simple)
    assert g["mechanisms-ex3-col3"] > g["mechanisms-ex3-col2"]
    # exercise 4: the revenue difference left on the expenditure side
    def left(y):
        vin = fiscal_vintage(y)
        d_exp = (per_resident("fiscal_expenditure", vin, y, "coastal")
                 - per_resident("fiscal_expenditure", vin, y, "inland"))
        d_rev = per_resident("fiscal_revenue", vin, y, "coastal") - per_resident("fiscal_revenue", vin, y, "inland")
        return d_exp / d_rev * 100

    assert g["mechanisms-ex4-left-first"] == approx(left(2000))
    assert g["mechanisms-ex4-left-last"] == approx(left(2024))
    assert g["mechanisms-ex4-left-2012"] < 0 and all(left(y) < 0 for y in range(2012, 2025))


# ---------------------------------------------------------------- the page
def test_every_glue_reference_exists(g):
    text = CHAPTER.read_text(encoding="utf-8")
    names = set(re.findall(r"\{glue:(?:text|md)\}`([^`:]+)", text))
    names |= set(re.findall(r"```\{glue:figure\} (\S+)", text))
    missing = sorted(n for n in names if n not in g)
    assert not missing, missing


def test_page_shows_the_corrected_readings(g, html):
    text = re.sub(r"<[^>]+>", "", html)
    # reading 4: the 2022 step, the narrow lead, the coal provinces, the transfers
    assert f"{g['mechanisms-revenue-step-share-paper']:.0f}% 发生在 2021→2022" in text
    assert "留抵退税" in text and "煤炭" in text and "总部" in text and "五五分享" in text
    assert f"{g['mechanisms-ladder-coastal-inland-margin']:.3f}" in text
    assert f"{g['mechanisms-transfer-inland-gap-pc-2024']:,.0f}" in text
    assert "地方政府一般债券" in text                                      # the gap is a proxy
    # reading 1: secondary industry is not manufacturing; Shanxi up and back down
    assert "第二产业不等于制造业" in text
    assert f"{g['mechanisms-industry-lq-Shanxi-2024']:.2f}" in text
    # no claim that the paper gives the reason for ordering the mechanisms
    assert "论文把中央—地方关系放在第一位的原因" not in text
    assert "ic-chart" in html and html.count('class="ic-chart') >= 8
