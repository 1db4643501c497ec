"""chapters/pathways.md (突破路径): the numbers glued into the prose, recomputed here from the raw
CSV files (tests/rawdata.py) or by another formula where the chapter called the library; every
glue reference in the text exists; the corrected readings say what the data show; the built page
carries the tables, the charts, the sliders and the saved widget state."""
from __future__ import annotations

import functools
import json
import math
import re

import numpy as np
import pytest

import conftest
import rawdata
from inland_coastal import scenario
from rawdata import groups

CHAPTER = "pathways"
SOURCE = (conftest.ROOT / "chapters" / f"{CHAPTER}.md").read_text(encoding="utf-8")
values = functools.lru_cache(maxsize=None)(rawdata.values)
COAST = groups("coastal")
INLAND = sorted(c for c, g in COAST.items() if g == "inland")
BEIJING = 110000


@pytest.fixture(scope="module")
def g(built_book):
    return conftest.glued(CHAPTER)


@pytest.fixture(scope="module")
def md(built_book):
    """name -> text of the pieces of text the chapter glued (Markdown outputs), from the executed
    notebook and from myst-nb's <chapter>.glue.json beside it."""
    outputs = [o for cell in json.loads((conftest.EXECUTED / f"{CHAPTER}.ipynb").read_text())["cells"]
               for o in cell.get("outputs", [])]
    store = conftest.EXECUTED / f"{CHAPTER}.glue.json"
    if store.exists():
        outputs += list(json.loads(store.read_text()).values())
    out = {}
    for o in outputs:
        name = o.get("metadata", {}).get("scrapbook", {}).get("name")
        data = {k.removeprefix("application/papermill.record/"): v for k, v in o.get("data", {}).items()}
        if name and "text/markdown" in data:
            out[name] = "".join(data["text/markdown"])
    return out


def approx(x, rel=1e-9):
    return pytest.approx(float(x), rel=rel, abs=1e-12)


# ------------------------------------------------------------------ raw recomputations
def share(indicator, vintage, year, drop=()):
    v = {c: x for c, x in values(indicator, vintage, year).items() if c not in drop}
    return 100 * sum(x for c, x in v.items() if c in INLAND) / sum(v.values())


def per_capita(year, vintage="nbs_db_2021", real_from=None):
    """adcode-ordered per-capita GDP; with ``real_from`` in that year's prices (index chained by hand)."""
    gdp, pop = values("gdp", vintage, year), values("population", "nbs_db", year)
    codes = sorted(gdp)
    level = dict(gdp)
    if real_from is not None:
        level = dict(values("gdp", vintage, real_from))
        for t in range(real_from + 1, year + 1):
            idx = values("gdp_index", "nbs_db_2021", t)
            level = {c: level[c] * idx[c] / 100 for c in codes}
    return np.array([level[c] / pop[c] * 1e4 for c in codes])


def sd_log(y):
    return float(np.log(y).std())


def beta(y0, y1, T, mask=None):
    x, gr = np.log(y0), (np.log(y1) - np.log(y0)) / T
    if mask is not None:
        x, gr = x[mask], gr[mask]
    return float(np.polyfit(x, gr, 1)[0])


def half_life(b, T):
    lam = -math.log(1 + b * T) / T
    return math.log(2) / lam


# ------------------------------------------------------------------ the text
def test_every_glue_reference_in_the_text_is_glued(g, md):
    refs = set(re.findall(r"\{glue:(?:text|md)\}`([\w-]+)", SOURCE))
    refs |= set(re.findall(r"\{glue:figure\} ([\w-]+)", SOURCE))
    assert len(refs) > 100, "glue references not found"
    missing = sorted(r for r in refs if r not in g and r not in md)
    assert not missing, missing
    # pieces of text are pasted with {glue:md}, numbers with {glue:text}
    texts = set(re.findall(r"\{glue:text\}`([\w-]+)", SOURCE))
    assert not texts & set(md), sorted(texts & set(md))


def test_learning_goals_and_paper_section_follow_the_book_pattern():
    first = SOURCE.index("本章对应论文的哪一部分")
    goals = SOURCE.index("```{admonition} 学习目标")
    assert first < goals < SOURCE.index("## 总体思路")
    block = SOURCE[goals:SOURCE.index("```", goals + 10)]
    assert ":class: tip" in block and "读完本章，你应当能够：" in block and "\n1. " in block


def test_readings_corrected_in_the_words():
    """Reading 9 (words), 8 (Baotou–Kunming, free-trade zones), 7 (gravity pointer), 1, 2."""
    assert "实际增速（" not in SOURCE and "历史（名义）增速" in SOURCE
    assert "人口外流会降低内陆的GDP" in SOURCE
    # the paper's east-west reading of the Baotou-Kunming corridor is quoted and corrected
    assert "“包昆通道成为复合型的东西向综合大通道”{cite}`wu_inland_coastal`。这与规划不符" in SOURCE
    assert SOURCE.count("东西向") == 2 and "三条纵轴" in SOURCE and "包昆通道是纵轴" in SOURCE
    assert "国发〔2010〕46号" in SOURCE
    # the free-trade zones the paper proposes: the timeline holds both
    tl = loading_timeline()
    assert ((tl["year"] == 2020) & tl["event_zh"].str.contains("湖南") & (tl["kind"] == "ftz")).any()
    assert ((tl["year"] == 2023) & tl["event_zh"].str.contains("新疆") & (tl["kind"] == "ftz")).any()
    assert "湖南早在 2020 年就已设立自由贸易试验区" in SOURCE and "新疆的自由贸易试验区于 2023 年获批" in SOURCE
    # gravity: the right chapter, −2 by construction, no network trend
    gravity = SOURCE[SOURCE.index("## 路径五"):SOURCE.index("## 路径六")]
    assert "{doc}`logic`" in gravity and "{doc}`mechanisms`" not in gravity and "−2" in gravity
    # secondary industry is not manufacturing; industrial transfer is in dilemmas
    four = SOURCE[SOURCE.index("## 路径四"):SOURCE.index("## 路径五")]
    assert "第二产业不等于制造业" in four and "{doc}`dilemmas`" in four and "煤价" in four
    one = SOURCE[SOURCE.index("## 路径一"):SOURCE.index("## 路径二")]
    assert "北京单列" in one and "{doc}`logic`" in one


def loading_timeline():
    from inland_coastal import loading

    return loading.load_timeline()


# ------------------------------------------------------------------ shares, trade, indices
def test_shares_of_the_long_panel(g):
    assert g["pathways-share-gdp-first"] == approx(share("gdp", "nbs_db_2021", 2000))
    assert g["pathways-share-gdp-last-year"] == 2019
    assert g["pathways-share-pop-first-year"] == 2005             # after the 2004/05 break
    assert g["pathways-share-pop-first"] == approx(share("population", "nbs_db", 2005))
    last = g["pathways-share-pop-last-year"]
    assert g["pathways-share-pop-last"] == approx(share("population", "nbs_db", last))
    industry = {y: share("va_industry", "nbs_db_2021", y) for y in range(2000, 2020)}
    peak = max(industry, key=industry.get)
    assert (g["pathways-share-industry-max-year"], g["pathways-share-industry-max"]) == (peak, approx(industry[peak]))
    assert g["pathways-share-secondary-rev-first-year"] == 2019
    assert g["pathways-share-secondary-rev-last"] == approx(share("va_secondary", "rev2025", last))


def test_trade_share_with_beijing_set_apart(g):
    assert g["pathways-trade-trade-last"] == approx(share("trade_usd", "nbs_db_2021", 2019))
    assert g["pathways-trade-trade-xbj-last"] == approx(share("trade_usd", "nbs_db_2021", 2019, {BEIJING}))
    assert g["pathways-trade-exports-xbj-last"] == approx(share("exports_usd", "nbs_db_2021", 2019, {BEIJING}))
    assert g["pathways-trade-imports-xbj-last"] == approx(share("imports_usd", "nbs_db_2021", 2019, {BEIJING}))
    low = {y: share("trade_usd", "nbs_db_2021", y, {BEIJING}) for y in range(2000, 2020)}
    assert g["pathways-trade-trade-xbj-min-year"] == min(low, key=low.get)
    for y in (2021, 2022):
        assert g[f"pathways-trade-trade-new-{y}"] == approx(share("trade_usd", "nbs_db_2026", y))
        assert g[f"pathways-trade-trade-new-xbj-{y}"] == approx(share("trade_usd", "nbs_db_2026", y, {BEIJING}))
        t = values("trade_usd", "nbs_db_2026", y)
        assert g[f"pathways-beijing-{y}"] == approx(100 * t[BEIJING] / sum(t.values()))
    last = g["pathways-trade-trade-new-xbj-last-year"]
    assert g["pathways-trade-gdp-rev-xbj-last"] == approx(share("gdp", "rev2025", last, {BEIJING}))
    # the 2022 peak: with Beijing the share rose more than without it
    assert (g["pathways-trade-trade-new-2022"] - g["pathways-trade-trade-new-2021"]
            > g["pathways-trade-trade-new-xbj-2022"] - g["pathways-trade-trade-new-xbj-2021"])


def test_per_capita_indices(g):
    def index(indicator, vintage, year):
        x, pop = values(indicator, vintage, year), values("population", "nbs_db", year)
        return 100 * (sum(x[c] for c in INLAND) / sum(pop[c] for c in INLAND)) / (sum(x.values()) / sum(pop.values()))

    assert g["pathways-idx-pc-first"] == approx(index("gdp", "nbs_db_2021", 2005))
    assert g["pathways-idx-pc-last"] == approx(index("gdp", "nbs_db_2021", 2019))
    assert g["pathways-idx-pc-rev-last"] == approx(index("gdp", "rev2025", g["pathways-idx-pc-rev-last-year"]))
    for y in (2021, 2022):
        assert g[f"pathways-idx-fiscal-pc-new-{y}"] == approx(index("fiscal_revenue", "nbs_db_2025", y))
    y = g["pathways-idx-income-last-year"]
    inc, pop = values("disposable_income_per_capita", "nbs_db_2025", y), values("population", "nbs_db", y)
    nat = sum(inc[c] * pop[c] for c in inc) / sum(pop.values())
    inl = sum(inc[c] * pop[c] for c in INLAND) / sum(pop[c] for c in INLAND)
    assert g["pathways-idx-income-last"] == approx(100 * inl / nat)


def test_gravity_ties_grow_with_size_only(g):
    g12, g22 = values("gdp", "paper", 2012), values("gdp", "paper", 2022)
    p12, p22 = values("population", "nbs_db", 2012), values("population", "nbs_db", 2022)
    mass = sum(g22.values()) * sum(p22.values()) / (sum(g12.values()) * sum(p12.values()))
    assert g["pathways-ties-mass_growth"] == approx(mass)
    assert g["pathways-ties-growth"] == pytest.approx(mass, rel=0.05)


def test_map_extremes(g):
    for key, year in (("first", g["pathways-map-first-year"]), ("last", g["pathways-map-last-year"])):
        gdp, pop = values("gdp", "first_release", year), values("population", "nbs_db", year)
        nat = sum(gdp.values()) / sum(pop.values())
        rel = [100 * gdp[c] / pop[c] / nat for c in gdp]
        assert g[f"pathways-map-{key}-min"] == approx(min(rel))
        assert g[f"pathways-map-{key}-max"] == approx(max(rel))
    assert (g["pathways-map-first-year"], g["pathways-map-last-year"]) == (2005, 2024)


# ------------------------------------------------------------------ real against nominal
def test_real_values_end_in_2019(g):
    years = {int(r["year"]) for r in rawdata.rows("provinces.csv") if r["indicator"] == "gdp_index"}
    assert g["pathways-real-last"] == max(years) == 2019


def test_sigma_real_and_nominal(g):
    assert g["pathways-sigma-nominal-first"] == approx(sd_log(per_capita(2005)))
    assert g["pathways-sigma-real-first"] == approx(sd_log(per_capita(2005)))
    assert g["pathways-sigma-nominal-last"] == approx(sd_log(per_capita(2019)))
    assert g["pathways-sigma-real-last"] == approx(sd_log(per_capita(2019, real_from=2005)))
    assert g["pathways-sigma-real-last"] > g["pathways-sigma-nominal-last"]   # nominal overstates the fall
    assert g["pathways-sigma-fr-last"] == approx(sd_log(per_capita(g["pathways-sigma-fr-last-year"], "first_release")))


@pytest.mark.parametrize("key,a,b,real", [("nominal", 2005, 2019, False), ("real", 2005, 2019, True),
                                          ("nominal-a", 2005, 2012, False), ("real-a", 2005, 2012, True),
                                          ("nominal-b", 2012, 2019, False), ("real-b", 2012, 2019, True)])
def test_beta_real_and_nominal(g, key, a, b, real):
    y0, y1 = per_capita(a), per_capita(b, real_from=a if real else None)
    want = beta(y0, y1, b - a)
    assert g[f"pathways-beta-{key}-beta"] == approx(want)
    assert g[f"pathways-beta-{key}-half_life"] == approx(half_life(want, b - a))
    assert g[f"pathways-beta-{key}-speed"] == approx(-math.log(1 + want * (b - a)) / (b - a) * 100)
    assert (g[f"pathways-beta-{key}-start"], g[f"pathways-beta-{key}-end"]) == (a, b)


def test_beta_paper_vintage_and_long_nominal(g):
    want = beta(per_capita(2012, "paper"), per_capita(2022, "paper"), 10)
    assert g["pathways-beta-paper-beta"] == approx(want)
    want = beta(per_capita(2005, "first_release"), per_capita(2024, "first_release"), 19)
    assert g["pathways-beta-fr-half_life"] == approx(half_life(want, 19))


def test_nominal_overstates_real_convergence_in_2005_2012(g):
    assert g["pathways-beta-nominal-a-half_life"] < g["pathways-beta-real-a-half_life"]
    assert g["pathways-beta-nominal-half_life"] < g["pathways-beta-real-half_life"]


def test_price_split(g, md):
    y0, yn, yr = per_capita(2005), per_capita(2012), per_capita(2012, real_from=2005)
    p = (np.log(yn) - np.log(yr)) / 7
    bp = float(np.polyfit(np.log(y0), p, 1)[0])
    assert g["pathways-price-early-beta_price"] == approx(bp)
    assert g["pathways-price-early-price_share"] == approx(100 * bp / beta(y0, yn, 7))
    assert g["pathways-price-early-beta_nominal"] == approx(
        g["pathways-price-early-beta_real"] + g["pathways-price-early-beta_price"])
    from inland_coastal.groupings import regions

    names = regions()["short_zh"]
    codes = np.array(sorted(values("gdp", "nbs_db_2021", 2005)))
    assert md["pathways-price-early-fastest_prices"] == "、".join(names[codes[np.argsort(-p)[:3]]])
    # robustness: the four provinces the later database revised down most are left out
    ratio = {c: values("gdp", "nbs_db_2021", 2012)[c] / values("gdp", "first_release", 2012)[c] for c in codes}
    dropped = sorted(ratio, key=ratio.get)[:4]
    assert md["pathways-price-robust-dropped"] == "、".join(names[dropped])
    assert g["pathways-price-robust-n"] == 27
    keep = np.array([c not in dropped for c in codes])
    assert g["pathways-price-robust-half_life_real"] == approx(half_life(beta(y0, yr, 7, keep), 7))


def test_group_growth_gaps(g):
    def group_growth(a, b, real):
        factor = {}
        for grp in ("coastal", "inland"):
            members = [c for c, x in COAST.items() if x == grp]
            f = 1.0
            for t in range(a + 1, b + 1):
                prev, now = values("gdp", "nbs_db_2021", t - 1), values("gdp", "nbs_db_2021", t)
                idx = values("gdp_index", "nbs_db_2021", t)
                num = sum(prev[c] * idx[c] / 100 for c in members) if real else sum(now[c] for c in members)
                f *= num / sum(prev[c] for c in members)
            factor[grp] = (f ** (1 / (b - a)) - 1) * 100
        return factor["inland"] - factor["coastal"]

    assert g["pathways-growth-early-gap-nominal"] == approx(group_growth(2005, 2012, False))
    assert g["pathways-growth-early-gap-real"] == approx(group_growth(2005, 2012, True))
    assert g["pathways-growth-late-gap-real"] == approx(group_growth(2012, 2019, True))


# ------------------------------------------------------------------ scenario
def test_scenario_start_and_rates(g):
    gdp12, gdp22 = values("gdp", "paper", 2012), values("gdp", "paper", 2022)
    pop12, pop22 = values("population", "nbs_db", 2012), values("population", "nbs_db", 2022)
    inl = lambda d: sum(d[c] for c in INLAND)   # noqa: E731
    assert g["pathways-scn-base_year"] == 2022 and g["pathways-scn-start"] == 2012
    assert g["pathways-scn-base_share"] == approx(100 * inl(gdp22) / sum(gdp22.values()))
    assert g["pathways-scn-obs_gi"] == approx(((inl(gdp22) / inl(gdp12)) ** 0.1 - 1) * 100)
    assert g["pathways-scn-obs_ni"] == approx(((inl(pop22) / inl(pop12)) ** 0.1 - 1) * 100)
    ratio = ((sum(gdp22.values()) - inl(gdp22)) / (sum(pop22.values()) - inl(pop22))) / (inl(gdp22) / inl(pop22))
    assert g["pathways-scn-base_ratio"] == approx(ratio)
    gc, gi, nc, ni = (g[f"pathways-scn-init_{k}"] / 100 for k in ("gc", "gi", "nc", "ni"))
    q = (1 + gi) * (1 + nc) / ((1 + gc) * (1 + ni))
    assert g["pathways-scn-closing"] == 2022 + math.ceil(math.log(ratio) / math.log(q))


def test_scenario_cases(g):
    r0 = scenario.base_values("paper").ratio

    def closing(gc, gi, nc=0.0, ni=0.0, eps=0.0):
        q = (1 + gi) / (1 + gc) * ((1 + nc) / (1 + ni)) ** (1 - eps)
        return 2022 + math.ceil(math.log(r0) / math.log(q))

    assert g["pathways-case-c-closing"] == closing(0.05, 0.06)
    assert g["pathways-case-d-closing"] == closing(0.05, 0.06, 0.003, -0.003)
    assert g["pathways-case-d-half-closing"] == closing(0.05, 0.06, 0.003, -0.003, 0.5)
    assert g["pathways-case-d-one-closing"] == g["pathways-case-c-closing"]
    # outflow with ε = 0 leaves the GDP share alone; with ε = 1 it lowers inland GDP
    assert g["pathways-case-d-inland_share"] == approx(g["pathways-case-c-inland_share"])
    assert g["pathways-case-d-one-inland_share"] < g["pathways-case-c-inland_share"]
    assert g["pathways-case-d-one-inland_index"] < g["pathways-case-c-inland_index"] < g["pathways-case-d-inland_index"]
    b = scenario.base_values("paper")
    share = 100 * b.inland_gdp * 1.06 ** 13 / (b.inland_gdp * 1.06 ** 13 + b.coastal_gdp * 1.05 ** 13)
    assert g["pathways-case-c-inland_share"] == approx(share)


# ------------------------------------------------------------------ exercises
def test_exercise_1_rising_dispersion(md, g):
    def rises(vintage, years, real_from=None):
        s = [sd_log(per_capita(y, vintage, real_from)) for y in years]
        return "、".join(str(y) for y, a, b in zip(years[1:], s, s[1:]) if b > a) or "无"

    assert md["pathways-ex1-nominal"] == rises("nbs_db_2021", list(range(2005, 2020)))
    assert md["pathways-ex1-real"] == rises("nbs_db_2021", list(range(2005, 2020)), 2005) == "无"
    assert md["pathways-ex1-fr"] == rises("first_release", list(range(2005, 2025)))
    assert g["pathways-ex1-price-beta"] > 0


def test_exercise_2_return_migration(g):
    assert g["pathways-ex2-e0-inland_gdp"] == approx(g["pathways-ex2-none-inland_gdp"])
    b = scenario.base_values("paper")
    assert g["pathways-ex2-e1-inland_gdp"] == approx(b.inland_gdp * (1.06 * 1.002) ** 13)
    assert g["pathways-ex2-e1-closing"] == g["pathways-ex2-none-closing"] < g["pathways-ex2-e05-closing"] \
        < g["pathways-ex2-e0-closing"]


def test_exercise_3_within_groups(g):
    y0, y1 = per_capita(2005), per_capita(2019, real_from=2005)
    codes = sorted(values("gdp", "nbs_db_2021", 2005))
    inland = np.array([COAST[c] == "inland" for c in codes])
    assert g["pathways-ex3-real-inland-beta"] == approx(beta(y0, y1, 14, inland))
    assert g["pathways-ex3-real-coastal-beta"] == approx(beta(y0, y1, 14, ~inland))
    assert g["pathways-ex3-real-all-beta"] == approx(beta(y0, y1, 14))
    assert g["pathways-ex3-paper-coastal-sd_log_end"] == approx(sd_log(per_capita(2022, "paper")[~inland]))


def test_exercise_4_required_growth(g):
    for vintage in ("paper", "rev2025"):
        b = scenario.base_values(vintage)
        k = 2035 - b.year
        gi = b.ratio ** (1 / k) * 1.05 - 1
        assert g[f"pathways-ex4-{vintage}-5-2035-required"] == approx(gi * 100)
        assert g[f"pathways-ex4-{vintage}-5-2035-base_year"] == b.year


# ------------------------------------------------------------------ the built page
def test_built_page_has_tables_charts_sliders_and_widget_state(built_book, g):
    html = (built_book.html / "chapters" / f"{CHAPTER}.html").read_text(encoding="utf-8")
    for label in ("tbl-pathways-overview", "tbl-pathways-beta", "tbl-pathways-scenarios",
                  "fig-pathways-shares", "fig-pathways-trade", "fig-pathways-indices", "fig-pathways-sigma",
                  "fig-pathways-beta", "fig-pathways-scenario", "fig-pathways-map",
                  "ex-pathways-1", "ex-pathways-2", "ex-pathways-3", "ex-pathways-4"):
        assert f'id="{label}"' in html, label
    # every numbered figure and table is referenced in the text
    for label in re.findall(r":name: ((?:fig|tbl)-pathways-[\w-]+)", SOURCE):
        assert f"{{numref}}`{label}`" in SOURCE, label
    for label in re.findall(r"\"((?:fig|tbl)-pathways-[\w-]+)\"", SOURCE):
        assert f"{{numref}}`{label}`" in SOURCE, label
    # the scenario chart's sliders (four rates, ε, target year) and the map's year slider
    assert html.count('"input":"range"') >= 7
    m = re.search(r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', html, re.S)
    assert m, "no saved widget state"
    names = {v["model_name"] for v in json.loads(m.group(1))["state"].values()}
    assert {"FloatSliderModel", "DropdownModel", "IntRangeSliderModel", "OutputModel"} <= names
    # the β table shows the real and the nominal estimates; timeline events are drawn
    assert f"{g['pathways-beta-real-beta']:.4f}" in html and f"{g['pathways-beta-nominal-beta']:.4f}" in html
    assert "自由贸易试验区：北京、湖南、安徽" in html and "新疆自由贸易试验区" in html
    assert len(html.encode()) < 400_000


def test_code_is_shown_not_hidden():
    """Issue 10: hidden code is at most a quarter of the code lines, no hidden cell over 40 lines,
    and the notebook opens with a short import cell."""
    cells = re.findall(r"```\{code-cell\} ipython3\n(.*?)```", SOURCE, re.S)
    hidden = visible = longest = 0
    for cell in cells:
        lines = [ln for ln in cell.splitlines() if ln.strip() and not ln.startswith(":tags:")]
        if re.search(r":tags: \[[^\]]*remove-(cell|input)", cell):
            hidden += len(lines)
            longest = max(longest, len(lines))
        else:
            visible += len(lines)
    assert hidden <= (hidden + visible) / 4 and longest <= 40
    first = [ln for ln in cells[0].splitlines() if ln.strip()]
    assert all(ln.startswith(("import", "from", " ")) for ln in first) and len(first) <= 6
