"""chapters/logic.md (内在逻辑): the numbers glued into the prose, each reading checked against
the raw CSV files (read with the csv module, tests/rawdata.py) or by another route than the
chapter's own library call; every glue reference of the text exists; the page carries the paper's
Tables 1-5 and shows the corrected readings' numbers."""
from __future__ import annotations

import json
import math
import re

import numpy as np
import pytest

import conftest
import rawdata
from conftest import ROOT

CHAPTER = "logic"
TEXT = (ROOT / "chapters" / f"{CHAPTER}.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def g(built_book):
    """conftest.glued, with the text of names glued as Markdown (province names, lists) in place
    of their text/plain repr."""
    out = conftest.glued(CHAPTER)
    outputs = []
    nb = conftest.EXECUTED / f"{CHAPTER}.ipynb"
    if nb.exists():
        outputs += [o for c in json.loads(nb.read_text())["cells"] for o in c.get("outputs", [])]
    store = conftest.EXECUTED / f"{CHAPTER}.glue.json"
    if store.exists():
        outputs += [dict(o, metadata={"scrapbook": {"name": k}}) for k, o in json.loads(store.read_text()).items()]
    for o in outputs:
        name = o.get("metadata", {}).get("scrapbook", {}).get("name")
        md = o.get("data", {}).get("text/markdown")
        if name and md is not None:
            out[name] = md if isinstance(md, str) else "".join(md)
    return out


def approx(x, rel=1e-9, abs=1e-9):
    return pytest.approx(float(x), rel=rel, abs=abs)


# ---------------------------------------------------------------- raw helpers (csv module only)
COAST = {c for c, grp in rawdata.groups("coastal").items() if grp == "coastal"}
BEIJING = 110000
SHORT = {int(r["adcode"]): r["short_zh"] for r in rawdata.rows("regions.csv")}


def raw(indicator: str, vintage: str, year: int) -> dict[int, float]:
    return rawdata.values(indicator, vintage, year)


def pc_ratio(indicator: str, vintage: str, year: int) -> float:
    """Σ X ÷ Σ population, coastal over inland."""
    x, p = raw(indicator, vintage, year), raw("population", "nbs_db", year)
    c = sum(x[i] for i in COAST) / sum(p[i] for i in COAST)
    n = sum(x[i] for i in x if i not in COAST) / sum(p[i] for i in p if i not in COAST)
    return c / n


def printed(table: str, indicator: str, year: int, region: str) -> float:
    return rawdata.printed(table, indicator, year, region)


# ---------------------------------------------------------------- the text's glue references
def test_every_glue_reference_exists(g):
    names = set(re.findall(r"\{glue:(?:text|md|figure)\}`([^`:]+)", TEXT))
    names |= set(re.findall(r"```\{glue:figure\} (\S+)", TEXT))
    missing = sorted(n for n in names if n not in g)
    assert not missing, f"glued names referenced in the text but never glued: {missing}"
    assert len(names) > 150


def test_no_hidden_code():
    """The chapter teaches by its code: no removed cell, code on the page."""
    cells = re.findall(r"^```\{code-cell\}[^\n]*\n(.*?)^```", TEXT, flags=re.M | re.S)
    assert len(cells) >= 20
    assert not [c for c in cells if "remove-cell" in c or "remove-input" in c]


# ---------------------------------------------------------------- Tables 1-5 as printed and rebuilt
def test_table_1_2_readings(g):
    assert (g["logic-t1-y0"], g["logic-t1-y1"]) == (2012, 2022)
    assert g["logic-t1-coastal-y1"] == approx(printed("T1", "gdp", 2022, "coastal")) == approx(635683.3)
    assert g["logic-t1-coastal-pct-y1"] == approx(printed("T1", "gdp_share", 2022, "coastal"))
    shares = [printed("T1", "gdp_share", y, "coastal") for y in range(2012, 2023)]
    assert g["logic-t1-coastal-pct-min"] == approx(min(shares)) and min(shares) > 50
    assert g["logic-t2-inland-pct-y0"] == approx(81.71)
    assert g["logic-t2-ratio-y1"] == approx(printed("T2", "gdp_per_capita", 2022, "coastal")
                                           / printed("T2", "gdp_per_capita", 2022, "inland"))
    # the ratio falls while the yuan gap widens
    assert g["logic-t2-ratio-y1"] < g["logic-t2-ratio-y0"]
    assert g["logic-t2-diff-y1"] > g["logic-t2-diff-y0"] > 0


@pytest.mark.parametrize("n,indicator,vintage,decimals", [
    (1, "gdp", "paper", 1), (3, "fiscal_revenue", "nbs_db_2021", 2), (5, "trade_usd", "nbs_db_2021", 0)])
def test_rebuilds_from_the_raw_provinces(g, n, indicator, vintage, decimals):
    """The glued maximum difference equals the one found by summing the raw CSV rows."""
    code = {1: "gdp", 3: "fiscal_revenue", 5: "goods_trade"}[n]
    worst = 0.0
    for year in range(2012, 2020 if n > 1 else 2023):
        x = raw(indicator, vintage, year)
        for region, members in (("coastal", COAST), ("inland", set(x) - COAST), ("national", set(x))):
            total = round(sum(x[i] for i in members), decimals)
            worst = max(worst, abs(round(total - printed(f"T{n}", code, year, region), decimals)))
    assert g[f"logic-t{n}-rep-maxdiff"] == approx(worst)
    assert worst <= {1: 0, 3: 0.03, 5: 0}[n]


def test_table_4_is_revenue_per_resident(g):
    # population implied by Tables 1/2 and by 3/4, from the printed cells
    worst = 0.0
    for year in range(2012, 2023):
        for region in ("national", "coastal", "inland"):
            a = printed("T1", "gdp", year, region) / printed("T2", "gdp_per_capita", year, region)
            b = printed("T3", "fiscal_revenue", year, region) / printed("T4", "fiscal_revenue_per_capita", year, region)
            worst = max(worst, abs(b - a) / a * 100)
    assert g["logic-ex4-max"] == approx(worst, rel=1e-6) and worst < 0.001
    # disposable income (population-weighted) is several times Table 4
    inc, pop = raw("disposable_income_per_capita", "nbs_db_2025", 2022), raw("population", "nbs_db", 2022)
    coastal = sum(inc[i] * pop[i] for i in COAST) / sum(pop[i] for i in COAST)
    assert g["logic-dpi-coastal"] == approx(coastal)
    assert g["logic-dpi-coastal"] > 4 * g["logic-t4-coastal-y1"]


# ---------------------------------------------------------------- reading 4: the fiscal gradient
def test_fiscal_ratio_falls_in_one_year(g):
    t4 = {y: printed("T4", "fiscal_revenue_per_capita", y, "coastal")
             / printed("T4", "fiscal_revenue_per_capita", y, "inland") for y in range(2012, 2023)}
    assert g["logic-fis-ratio-y0"] == approx(t4[2012])
    assert g["logic-fis-ratio-prev"] == approx(t4[2021])
    assert g["logic-fis-ratio-y1"] == approx(t4[2022])
    share = (t4[2021] - t4[2022]) / (t4[2012] - t4[2022]) * 100
    assert g["logic-fis-fall-last-share"] == approx(share) and share > 90


def test_fiscal_step_by_province(g):
    r21, r22 = raw("fiscal_revenue", "nbs_db_2025", 2021), raw("fiscal_revenue", "nbs_db_2025", 2022)
    inland = set(r21) - COAST
    coast_growth = (sum(r22[i] for i in COAST) / sum(r21[i] for i in COAST) - 1) * 100
    assert g["logic-fis-coastal-change-pct"] == approx(coast_growth) and coast_growth < 0
    assert g["logic-fis-inland-change-pct"] > 0
    surge = sorted(r21, key=lambda i: r22[i] / r21[i], reverse=True)[:4]
    assert g["logic-fis-surge-names"] == "、".join(SHORT[i] for i in surge) == "山西、内蒙古、陕西、新疆"
    assert g["logic-fis-surge-increase"] == approx(sum(r22[i] - r21[i] for i in surge))
    rest = inland - set(surge)
    assert g["logic-fis-inland-rest-change-pct"] == approx(
        (sum(r22[i] for i in rest) / sum(r21[i] for i in rest) - 1) * 100)
    assert g["logic-fis-inland-rest-change-pct"] < 0


def test_fiscal_gradient_is_only_narrowly_steeper(g):
    gap = {y: printed("T3", "fiscal_revenue_share", y, "coastal") - printed("T1", "gdp_share", y, "coastal")
           for y in range(2012, 2023)}
    assert g["logic-fis-share-gap-y1"] == approx(gap[2022])
    assert g["logic-fis-share-gap-max"] == approx(max(gap.values()))
    assert g["logic-fis-share-gap-argmax"] == max(gap, key=gap.get)
    assert g["logic-fis-later-y"] == 2024
    assert g["logic-fis-later-ratio"] == approx(pc_ratio("fiscal_revenue", "nbs_db_2025", 2024))
    assert g["logic-fis-later-gdp-ratio"] == approx(pc_ratio("gdp", "rev2025", 2024))
    assert 0 < g["logic-fis-later-ratio"] - g["logic-fis-later-gdp-ratio"] < 0.05
    assert g["logic-fis-long-rev-y0"] == approx(pc_ratio("fiscal_revenue", "nbs_db_2021", 2005))


# ---------------------------------------------------------------- reading 2: trade with Beijing apart
def inland_shares(indicator: str, vintage: str, year: int) -> tuple[float, float, float]:
    """(inland share, Beijing's share, inland share without Beijing), %."""
    x = raw(indicator, vintage, year)
    nat = sum(x.values())
    inl = sum(v for i, v in x.items() if i not in COAST)
    return inl / nat * 100, x[BEIJING] / nat * 100, (inl - x[BEIJING]) / (nat - x[BEIJING]) * 100


def test_trade_low_and_last_step_follow_beijing(g):
    assert (g["logic-bj-peak-before"], g["logic-bj-low"], g["logic-bj-y-last"]) == (2014, 2016, 2022)
    a, b = inland_shares("trade_usd", "nbs_db_2021", 2014), inland_shares("trade_usd", "nbs_db_2021", 2016)
    assert g["logic-bj-fall-group"] == approx(b[0] - a[0])
    assert g["logic-bj-fall-province"] == approx(b[1] - a[1])
    assert g["logic-bj-fall-without-y1"] == approx(b[2])
    assert g["logic-bj-fall-province-part"] > 60          # two-thirds of the fall is Beijing's
    c, d = inland_shares("trade_usd", "nbs_db_2026", 2021), inland_shares("trade_usd", "nbs_db_2026", 2022)
    assert g["logic-bj-last-province"] == approx(d[1] - c[1])
    assert g["logic-bj-last-province-part"] > 50
    assert g["logic-bj-rise-province-part"] < 25          # but not the rise from the low
    assert g["logic-bj-rise-without-y1"] == approx(d[2])


def test_trade_long_run_and_flows(g):
    first, last = inland_shares("trade_usd", "nbs_db_2021", 2000), inland_shares("trade_usd", "nbs_db_2026", 2024)
    assert g["logic-bj-without-first"] == approx(first[2])
    assert g["logic-bj-without-last"] == approx(last[2])
    assert g["logic-bj-without-last"] > 2 * g["logic-bj-without-first"]
    for flow in ("exports", "imports"):
        w, _, wo = inland_shares(f"{flow}_usd", "nbs_db_2021", 2019)
        assert g[f"logic-bj-{flow}-with-last"] == approx(w)
        assert g[f"logic-bj-{flow}-without-last"] == approx(wo)
    imp = raw("imports_usd", "nbs_db_2021", 2019)
    inland_imports = sum(v for i, v in imp.items() if i not in COAST)
    assert g["logic-bj-bj-imports-of-inland-last"] == approx(imp[BEIJING] / inland_imports * 100)
    assert g["logic-bj-bj-imports-of-inland-last"] > 50
    ex = {y: inland_shares("exports_usd", "nbs_db_2021", y)[2] for y in range(2000, 2020)}
    best = max(range(2005, 2020), key=lambda y: ex[y] - ex[y - 5])
    assert (g["logic-bj-exports-fastest-y0"], g["logic-bj-exports-fastest-y1"]) == (best - 5, best)


# ---------------------------------------------------------------- the long-run gap: nominal and real
def test_real_and_nominal_gap(g):
    assert g["logic-gap-nominal-end"] == approx(pc_ratio("gdp", "nbs_db_2021", 2019))
    # real GDP in 2005 prices, chained by hand from the raw index
    real = dict(raw("gdp", "nbs_db_2021", 2005))
    for year in range(2006, 2020):
        idx = raw("gdp_index", "nbs_db_2021", year)
        real = {i: real[i] * idx[i] / 100 for i in real}
    pop = raw("population", "nbs_db", 2019)
    c = sum(real[i] for i in COAST) / sum(pop[i] for i in COAST)
    n = sum(real[i] for i in real if i not in COAST) / sum(pop[i] for i in pop if i not in COAST)
    assert g["logic-gap-real-end-ratio"] == approx(c / n, rel=1e-9)
    assert g["logic-gap-real-end-ratio"] > g["logic-gap-nominal-end"]   # prices narrowed the nominal gap
    assert 0 < g["logic-gap-price-part"] < 50
    assert g["logic-gap-rev-last"] == approx(pc_ratio("gdp", "rev2025", 2024))
    assert abs(g["logic-gap-rev-pace-after"]) < abs(g["logic-gap-rev-pace-before"])
    assert g["logic-gap-fr-2018"] - g["logic-gap-fr-2019"] > 0.05       # the census splice


def test_population_share_starts_after_the_break(g):
    assert g["logic-pop-y0"] == 2005
    p = raw("population", "nbs_db", 2005)
    assert g["logic-pop-first"] == approx(sum(p[i] for i in COAST) / sum(p.values()) * 100)


# ---------------------------------------------------------------- Theil split
def theil_between_share(year: int, coastal: set[int]) -> float:
    codes, y, w = rawdata.per_capita_gdp(year, "rev2025")
    s = w * y / np.sum(w * y)
    t = float(np.sum(s * np.log(y / (np.sum(w * y) / np.sum(w)))))
    between = 0.0
    for members in (np.isin(codes, list(coastal)), ~np.isin(codes, list(coastal))):
        S, P = s[members].sum(), (w[members] / w.sum()).sum()
        between += S * math.log(S / P)
    return between / t * 100


def test_theil_split_and_beijing_moved(g):
    assert g["logic-theil-y1"] == 2024
    assert g["logic-theil-between-share-y1"] == approx(theil_between_share(2024, COAST), rel=1e-9)
    assert g["logic-ex2-base"] == approx(g["logic-theil-between-share-y1"])
    assert g["logic-ex2-moved"] == approx(theil_between_share(2024, COAST | {BEIJING}), rel=1e-9)
    assert g["logic-ex2-moved"] > g["logic-ex2-base"] + 5
    assert g["logic-theil-north_south-share-y1"] > g["logic-theil-north_south-share-y0"]


# ---------------------------------------------------------------- reading 7: the gravity index
def gravity(year: int = 2022, b: float = 2.0):
    gdp, pop = raw("gdp", "paper", year), raw("population", "nbs_db", year)
    caps = {int(r["adcode"]): (float(r["lng"]), float(r["lat"])) for r in rawdata.rows("capitals.csv")}
    codes = sorted(gdp)
    lng, lat = (np.radians([caps[c][k] for c in codes]) for k in (0, 1))
    h = (np.sin((lat[:, None] - lat[None, :]) / 2) ** 2
         + np.cos(lat[:, None]) * np.cos(lat[None, :]) * np.sin((lng[:, None] - lng[None, :]) / 2) ** 2)
    d = 2 * 6371.0 * np.arcsin(np.sqrt(h))
    m = np.sqrt(np.array([gdp[c] * pop[c] for c in codes]))
    with np.errstate(divide="ignore"):
        r = np.where(d > 0, np.outer(m, m) / d ** b, 0.0)
    return codes, d, r, m


def test_size_beats_distance(g):
    codes, d, r, _ = gravity()
    ix = {c: k for k, c in enumerate(codes)}
    coast = [ix[c] for c in codes if c in COAST]
    same = 0
    for c in codes:
        if c in COAST:
            continue
        top = coast[int(np.argmax(r[ix[c], coast]))]
        near = coast[int(np.argmin(d[ix[c], coast]))]
        same += top == near
        if SHORT[c] in ("四川", "重庆", "贵州", "云南", "西藏"):
            assert (SHORT[codes[top]], SHORT[codes[near]]) == ("广东", "广西")
    assert g["logic-grav-same-partner"] == same == 10
    assert (g["logic-grav-far-top"], g["logic-grav-far-nearest"], g["logic-grav-far-same-top"]) == ("广东", "广西", 5)
    assert g["logic-grav-mass-ratio"] > g["logic-grav-distance-penalty"]


def test_the_decay_slope_is_set_by_the_formula(g):
    codes, d, r, m = gravity()
    i, j = np.triu_indices(len(codes), k=1)
    ld, lr, lm = np.log(d[i, j]), np.log(r[i, j]), np.log(m[i] * m[j])
    assert g["logic-grav-slope-simple"] == approx(np.polyfit(ld, lr, 1)[0], rel=1e-9)
    assert g["logic-grav-slope-simple"] == approx(-2 + np.polyfit(ld, lm, 1)[0], rel=1e-9)
    assert g["logic-grav-slope-controlled"] == approx(-2.0, rel=1e-9)


def test_exponent_exercise(g):
    for b in (1, 2, 3):
        codes, d, r, _ = gravity(b=b)
        coast = [k for k, c in enumerate(codes) if c in COAST]
        inland = [k for k, c in enumerate(codes) if c not in COAST]
        same = sum(coast[int(np.argmax(r[k, coast]))] == coast[int(np.argmin(d[k, coast]))] for k in inland)
        assert g[f"logic-exp-nearest-{b}"] == same
    assert g["logic-exp-nearest-1"] < g["logic-exp-nearest-2"] < g["logic-exp-nearest-3"]


# ---------------------------------------------------------------- the page
def _page() -> str:
    import html as _html

    text = (conftest.HTML / "chapters" / f"{CHAPTER}.html").read_text(encoding="utf-8")
    return _html.unescape(re.sub(r"<[^>]+>", "", text))


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5])
def test_page_carries_the_paper_tables(built_book, n):
    from inland_coastal.indicators import TABLES, table_from_paper

    page = _page()
    assert f"论文表{n}" in page
    t = table_from_paper(n).set_index("year")
    for year in (2012, 2016, 2022):
        for col in ("national", "coastal", "inland"):
            assert format(t.loc[year, col], f",.{TABLES[n].decimals}f") in page, (n, year, col)


def test_page_shows_the_corrected_readings(g):
    page = _page()
    for name, spec in [("logic-fis-fall-last-share", ".0f"), ("logic-fis-share-gap-y1", ".2f"),
                       ("logic-bj-fall-province", "+.2f"), ("logic-bj-without-last", ".2f"),
                       ("logic-grav-slope-simple", ".2f"), ("logic-grav-mass-ratio", ".1f"),
                       ("logic-gap-price-part", ".0f"), ("logic-ex2-moved", ".1f")]:
        assert format(g[name], spec) in page, name
    for name in ("logic-grav-far-top", "logic-fis-surge-names", "logic-bj-exports-gainers"):
        assert g[name] in page, name


def test_notebook_opens_with_a_short_import_cell(built_book):
    nb = json.loads((conftest.EXECUTED / f"{CHAPTER}.ipynb").read_text())
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    first = "".join(code[0]["source"])
    assert "import" in first and len(first.splitlines()) <= 6
