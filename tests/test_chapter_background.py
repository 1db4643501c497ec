"""chapters/background.md (背景): each corrected reading's glued numbers, worked out again here from
the raw CSV files (``tests/rawdata.py``) by other routes than the chapter's calls; every glue
reference of the text exists; the page shows its charts and numbered items; the chapter teaches
by visible code (hidden code only imports and gluing)."""
from __future__ import annotations

import functools
import math
import re

import pytest

import conftest
import rawdata

CHAPTER = "background"
SOURCE = (conftest.ROOT / "chapters" / f"{CHAPTER}.md").read_text(encoding="utf-8")
HUBEI, BEIJING = 420000, 110000
COASTAL = rawdata.groups("coastal")
INLAND = [c for c, g in COASTAL.items() if g == "inland"]
COAST = [c for c, g in COASTAL.items() if g == "coastal"]


@functools.lru_cache(maxsize=None)
def raw(indicator, vintage, year):
    return rawdata.values(indicator, vintage, year)


def total(indicator, vintage, year, codes, skip=()):
    v = raw(indicator, vintage, year)
    return sum(v[c] for c in codes if c not in skip)


def growth(vintage, year, codes, skip=()):
    return (total("gdp", vintage, year, codes, skip) / total("gdp", vintage, year - 1, codes, skip) - 1) * 100


def inland_share(vintage, year):
    return total("gdp", vintage, year, INLAND) / total("gdp", vintage, year, COASTAL) * 100


RATE = {int(r["year"]): float(r["value"]) for r in rawdata.rows("national.csv") if r["indicator"] == "cny_per_usd"}


def openness(indicator, year, codes, skip=()):
    """Σ flow (千美元) × 元/美元 × 1e3 / 1e8 ÷ Σ GDP (亿元) × 100, nbs_db_2021."""
    return total(indicator, "nbs_db_2021", year, codes, skip) * RATE[year] * 1e-5 / total(
        "gdp", "nbs_db_2021", year, codes, skip) * 100


@pytest.fixture(scope="module")
def g(built_book):
    return conftest.glued(CHAPTER)


def close(x, rel=1e-9):
    return pytest.approx(float(x), rel=rel, abs=1e-9)


# ---------------------------------------------------------------- reading 3: 2020 and Hubei
def test_2020_with_and_without_hubei(g):
    p = "background-shock-"
    assert g[p + "coastal-2020"] == close(growth("rev2025", 2020, COAST))
    assert g[p + "inland-2020"] == close(growth("rev2025", 2020, INLAND))
    assert g[p + "inland-ex-2020"] == close(growth("rev2025", 2020, INLAND, {HUBEI}))
    assert g[p + "excluded-2020"] == close(growth("rev2025", 2020, [HUBEI]))
    for k, codes, skip in (("coastal", COAST, ()), ("inland", INLAND, ()), ("inland-ex", INLAND, {HUBEI})):
        assert g[f"{p}{k}-2021"] == close(growth("rev2025", 2021, codes, skip))
        two = (total("gdp", "rev2025", 2021, codes, skip) / total("gdp", "rev2025", 2019, codes, skip)) ** 0.5
        assert g[f"{p}{k}-two-year"] == close((two - 1) * 100)
    assert g[p + "excluded-share"] == close(raw("gdp", "rev2025", 2019)[HUBEI] / total("gdp", "rev2025", 2019, INLAND)
                                            * 100)
    gaps = [abs(growth("rev2025", y, COAST) - growth("rev2025", y, INLAND)) for y in range(2015, 2020)]
    assert g[p + "abs-gap-before"] == close(sum(gaps) / len(gaps))
    # what the text says: Hubei is nearly all of the 2020 gap; the two-year gap without Hubei is
    # smaller than the usual distance between the groups
    assert g[p + "gap-ex-2020"] < g[p + "gap-2020"] / 4
    assert g[p + "coastal-two-year"] - g[p + "inland-ex-two-year"] < g[p + "abs-gap-before"]
    assert "论文对内陆经济韧性的担忧" not in SOURCE and "担忧一致" not in SOURCE


# ---------------------------------------------------------------- reading 5: vintages
def test_census_step_is_in_the_first_release_only(g):
    p = "background-share-"
    assert g[p + "step-fr"] == close(inland_share("first_release", 2019) - inland_share("first_release", 2018))
    assert g[p + "step-p"] == close(inland_share("paper", 2019) - inland_share("paper", 2018))
    assert g[p + "step-rev"] == close(inland_share("rev2025", 2019) - inland_share("rev2025", 2018))
    assert g[p + "step-p"] < 0.3 < 1.0 < g[p + "step-fr"]        # about 0.2 against about 1.3
    assert "部分是统计口径变化造成的" not in SOURCE and "有一部分是统计口径变化" not in SOURCE


def test_paper_2022_above_the_2025_revision(g):
    p = "background-share-"
    printed = rawdata.printed("T1", "gdp_share", 2022, "inland")
    assert round(g[p + "p-2022"], 2) == printed == 47.18
    assert g[p + "rev-2022"] == close(inland_share("rev2025", 2022))
    assert g[p + "rev-2022-gap"] == close(inland_share("paper", 2022) - inland_share("rev2025", 2022))
    assert g[p + "rev-2022-gap"] > 0.2
    assert g[p + "rev-change-2019-2024"] == close(inland_share("rev2025", 2024) - inland_share("rev2025", 2019))


def test_long_run_shares_in_the_paper_vintage(g):
    p = "background-share-"
    assert g[p + "p-first"] == 2000 and g[p + "p-last"] == 2022
    assert g[p + "p-2000"] == close(inland_share("nbs_db_2021", 2000))
    lows = {y: inland_share("nbs_db_2021", y) for y in range(2000, 2011)}
    assert g[p + "p-min-year"] == min(lows, key=lows.get)
    four = rawdata.groups("four_regions")
    for region in ("east", "central", "west", "northeast"):
        codes = [c for c, r in four.items() if r == region]
        share = total("gdp", "nbs_db_2021", 2019, codes) / total("gdp", "nbs_db_2021", 2019, COASTAL) * 100
        assert g[f"{p}four-{region}-p-2019"] == close(share)


# ---------------------------------------------------------------- reading 5: openness
def test_national_openness_rises_to_the_mid_2000s_and_falls(g):
    p = "background-open-"
    for flow, ind in (("trade", "trade_usd"), ("exports", "exports_usd"), ("imports", "imports_usd")):
        series = {y: openness(ind, y, COASTAL) for y in range(2000, 2020)}
        peak = max(series, key=series.get)
        assert g[f"{p}{flow}-national-peak-year"] == peak
        assert g[f"{p}{flow}-national-peak"] == close(series[peak])
        assert g[f"{p}{flow}-national-2000"] == close(series[2000])
        assert g[f"{p}{flow}-national-2019"] == close(series[2019])
        assert 2004 <= peak <= 2007 and series[2019] < series[2008] < series[peak]
    cny = {y: total("trade_cny", "nbs_db_2025", y, COASTAL) / total("gdp", "rev2025", y, COASTAL) * 100
           for y in range(2016, 2025)}
    assert g[p + "cny-national-2016"] == close(cny[2016]) and g[p + "cny-national-max"] == close(max(cny.values()))


def test_relative_openness_with_and_without_beijing(g):
    p = "background-open-"

    def rel(year, skip=()):
        keep = [c for c in COASTAL if c not in skip]
        t = total("trade_usd", "nbs_db_2021", year, INLAND, skip) / total("trade_usd", "nbs_db_2021", year, keep)
        y = total("gdp", "nbs_db_2021", year, INLAND, skip) / total("gdp", "nbs_db_2021", year, keep)
        return t / y * 100

    assert g[p + "rel-inland-2000"] == close(rel(2000))
    assert g[p + "rel-inland-2019"] == close(rel(2019))
    assert g[p + "rel-inland-exbj-2019"] == close(rel(2019, {BEIJING}))
    assert g[p + "rel-inland-exbj-2019"] > 1.8 * g[p + "rel-inland-exbj-2000"]      # "about doubled"
    assert g[p + "trade-inland-exbj-2019"] == close(openness("trade_usd", 2019, INLAND, {BEIJING}))
    assert g[p + "ratio-2019"] == close(openness("trade_usd", 2019, COAST) / openness("trade_usd", 2019, INLAND))


def test_beijing_books_imports(g):
    p = "background-bj-"
    for flow, ind in (("exports", "exports_usd"), ("imports", "imports_usd"), ("trade", "trade_usd")):
        v = raw(ind, "nbs_db_2021", 2019)
        assert g[f"{p}share-{flow}-2019"] == close(v[BEIJING] / sum(v[c] for c in INLAND) * 100)
    cny = raw("trade_cny", "nbs_db_2025", 2024)
    assert g[p + "share-cny-2024"] == close(cny[BEIJING] / sum(cny[c] for c in INLAND) * 100)
    assert g[p + "open-2024"] == close(cny[BEIJING] / raw("gdp", "rev2025", 2024)[BEIJING] * 100)
    gdp = raw("gdp", "rev2025", 2024)
    national = sum(cny.values()) / sum(gdp.values())
    above = [c for c in INLAND if cny[c] / gdp[c] > national]
    assert above == [BEIJING] and g[p + "above-national-n-2024"] == 1
    html = (conftest.HTML / "chapters" / f"{CHAPTER}.html").read_text(encoding="utf-8")
    assert re.search(r"的只有\s*(?:<[^>]+>\s*)*北京", html)      # the glued name is on the page


# ---------------------------------------------------------------- growth momentum: real and nominal
def chained(codes, first, last):
    q = 1.0
    for t in range(first + 1, last + 1):
        y, i = raw("gdp", "nbs_db_2021", t - 1), raw("gdp_index", "nbs_db_2021", t)
        q *= sum(y[c] * i[c] / 100 for c in codes) / sum(y[c] for c in codes)
    return q


def test_real_against_nominal_catch_up(g):
    p = "background-catch-"
    ratio = lambda y: total("gdp", "nbs_db_2021", y, INLAND) / total("gdp", "nbs_db_2021", y, COAST)  # noqa: E731
    nominal = 100 * math.log(ratio(2019) / ratio(2000))
    real = 100 * math.log(chained(INLAND, 2000, 2019) / chained(COAST, 2000, 2019))
    assert g[p + "gap-nominal"] == close(nominal)
    assert g[p + "gap-real"] == close(real)
    assert g[p + "prices-share"] == close((nominal - real) / nominal * 100)
    assert g[p + "growth-real-inland"] == close((chained(INLAND, 2000, 2019) ** (1 / 19) - 1) * 100)
    assert g[p + "faster-real-since"] == 2007
    ratio_rev = lambda y: total("gdp", "rev2025", y, INLAND) / total("gdp", "rev2025", y, COAST)  # noqa: E731
    assert g["background-after-gap-nominal"] == close(100 * math.log(ratio_rev(2024) / ratio_rev(2019)))
    assert g["background-cover-index-last"] == 2019
    # the coal-price years: Shanxi's and Inner Mongolia's nominal growth far above the 31 provinces'
    for key, code in (("shanxi", 140000), ("neimenggu", 150000)):
        for year in (2021, 2022):
            assert g[f"background-coal-{key}-{year}"] == close(growth("rev2025", year, [code]))
            assert g[f"background-coal-{key}-{year}"] > g[f"background-coal-national-{year}"] + 5
    assert g["background-coal-national-2021"] == close(growth("rev2025", 2021, list(COASTAL)))


def test_exercise_3_periods(g):
    for key, (a, b) in (("early", (2000, 2011)), ("late", (2011, 2019))):
        real = 100 * math.log(chained(INLAND, a, b) / chained(COAST, a, b))
        assert g[f"background-ex3-{key}-gap-real"] == close(real)
    assert g["background-ex3-early-prices-share"] > g["background-ex3-late-prices-share"]


def test_exercise_2_exports_and_imports_without_beijing(g):
    def rel(ind, year, skip=()):
        keep = [c for c in COASTAL if c not in skip]
        t = total(ind, "nbs_db_2021", year, INLAND, skip) / total(ind, "nbs_db_2021", year, keep)
        y = total("gdp", "nbs_db_2021", year, INLAND, skip) / total("gdp", "nbs_db_2021", year, keep)
        return t / y * 100

    assert g["background-ex2-imp-exbj-2019"] == close(rel("imports_usd", 2019, {BEIJING}))
    assert g["background-ex2-exp-2000"] == close(rel("exports_usd", 2000))
    assert g["background-ex2-imp-2019"] - g["background-ex2-imp-exbj-2019"] > (
        g["background-ex2-exp-2019"] - g["background-ex2-exp-exbj-2019"])               # Beijing lifts imports


def test_exercise_4_population_from_2005(g):
    share = lambda y: total("population", "nbs_db", y, COAST) / total("population", "nbs_db", y, COASTAL) * 100  # noqa: E731
    assert g["background-ex4-share-2005"] == close(share(2005))
    assert g["background-ex4-step-break"] == close(share(2005) - share(2004))
    assert g["background-ex4-change-break-last"] == close(share(2024) - share(2005))
    assert g["background-ex4-national-2005"] < g["background-ex4-national-2004"]


# ---------------------------------------------------------------- the page
def test_every_glue_reference_exists(g):
    names = set(re.findall(r"\{glue:(?:text|md)\}`([^`:]+)", SOURCE))
    names |= set(re.findall(r"```\{glue:figure\} (\S+)", SOURCE))
    missing = sorted(n for n in names if n not in g and not n.startswith("fig-"))
    assert not missing, missing
    html = (conftest.HTML / "chapters" / f"{CHAPTER}.html").read_text(encoding="utf-8")
    for fig in (n for n in names if n.startswith("fig-")):
        assert f'id="{fig}"' in html, fig


def test_page_draws_its_charts_and_references_every_numbered_item(built_book):
    html = (built_book.html / "chapters" / f"{CHAPTER}.html").read_text(encoding="utf-8")
    assert len(re.findall(r'class="ic-chart', html)) >= 9
    labels = set(re.findall(r":name: ((?:fig|tbl)-background-[\w-]+)", SOURCE))
    labels |= set(re.findall(r'"(tbl-background-[\w-]+)"\)', SOURCE))
    assert len(labels) >= 12
    for label in labels:
        assert f"{{numref}}`{label}`" in SOURCE, f"{label} is never referenced"
    # the shown values of the corrected readings
    assert "湖北" in html and "不含北京" in html and "初次发布数" in html


# ---------------------------------------------------------------- teaching by visible code
def code_cells(text):
    out = []
    for body in re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", text, re.S):
        lines = body.split("\n")
        tags = next((l for l in lines if l.startswith(":tags:")), "")
        code = [l for l in lines if l.strip() and not l.startswith(":tags:")]
        out.append(("remove-cell" in tags or "remove-input" in tags, code))
    return out


def test_hidden_code_is_short_and_at_most_a_quarter():
    cells = code_cells(SOURCE)
    hidden = sum(len(c) for h, c in cells if h)
    visible = sum(len(c) for h, c in cells if not h)
    assert hidden <= (hidden + visible) / 4, (hidden, visible)
    assert max(len(c) for h, c in cells if h) <= 40
    first_hidden, first_code = cells[0]
    assert not first_hidden and all(l.startswith(("import", "from")) for l in first_code)
    for h, code in cells:
        if h:   # hidden cells only glue (or name what they glue)
            assert any("glue" in l for l in code), code


def test_learning_goals_and_exercises_follow_the_pattern():
    goals = SOURCE.index("```{admonition} 学习目标")
    assert SOURCE.index("```{admonition} 本章对应论文的哪一部分") < goals
    assert ":class: tip" in SOURCE[goals:goals + 60] and "读完本章，你应当能够：" in SOURCE[goals:goals + 120]
    titles = re.findall(r"```\{exercise\} (.+)", SOURCE)
    assert len(titles) == 4 and all(re.search(r"（约 \d+ 分钟）", t) for t in titles)
    assert SOURCE.count("**评分要点**") == 4


def test_deflators_by_province(g):
    # 2011 nominal GDP ÷ (2000 nominal GDP × the chained index) = the implied deflator, 2000 = 1
    def deflator(code):
        level = raw("gdp", "nbs_db_2021", 2000)[code]
        for t in range(2001, 2012):
            level *= raw("gdp_index", "nbs_db_2021", t)[code] / 100
        return raw("gdp", "nbs_db_2021", 2011)[code] / level

    values = {c: deflator(c) for c in COASTAL}
    ranked = sorted(values.values(), reverse=True)
    assert g["background-deflator-top-1"] == close(ranked[0], rel=1e-9)
    assert g["background-deflator-top-3"] == close(ranked[2], rel=1e-9)
    assert g["background-deflator-neimenggu"] == close(values[150000])
    assert g["background-deflator-neimenggu"] < g["background-deflator-median"]
