"""chapters/logic.md (内在逻辑): the numbers glued into the prose equal what the library
computes, and the page carries the paper's Tables 1-5."""
from __future__ import annotations

import json

import numpy as np
import pytest

from inland_coastal import indicators as I
from inland_coastal import inequality as Q
from inland_coastal import spatial as S
from inland_coastal.groupings import membership

import conftest

CHAPTER = "logic"



@pytest.fixture(scope="module")
def g(built_book):
    return conftest.glued(CHAPTER)


def approx(x, rel=1e-9):
    return pytest.approx(float(x), rel=rel, abs=1e-9)


def row(t, year):
    return t.set_index("year").loc[year]


# ---------------------------------------------------------------- Tables 1-2
def test_years(g):
    t1 = I.table_from_paper(1)
    assert g["logic-y0"] == t1["year"].min() == 2012
    assert g["logic-y1"] == t1["year"].max() == 2022


@pytest.mark.parametrize("n", [1, 2])
def test_tables_1_2_are_reproduced_exactly(g, n):
    cmp = I.compare_with_paper(n)
    assert g[f"logic-t{n}-maxdiff"] == 0 == cmp["diff"].abs().max()
    assert g[f"logic-t{n}-ncells"] == len(cmp) == 55


def test_table_1_2_figures(g):
    t1, t2 = I.table_from_paper(1), I.table_from_paper(2)
    assert g["logic-gdp-coastal-y1"] == approx(row(t1, 2022)["coastal"]) == approx(635683.3)
    assert g["logic-gdp-inland-y1"] == approx(567778.9)
    assert g["logic-gdp-coastal-share-y1"] == approx(52.82)
    assert g["logic-gdp-coastal-share-min"] == approx(t1["coastal_pct"].min())
    assert g["logic-gdp-coastal-share-max"] == approx(t1["coastal_pct"].max())
    assert g["logic-gdp-coastal-share-min"] > 50
    assert g["logic-pc-coastal-y1"] == approx(99904.65)
    assert g["logic-pc-inland-y1"] == approx(73407.66)
    assert g["logic-pc-inland-index-y0"] == approx(81.71)
    assert g["logic-pc-inland-index-y1"] == approx(85.99)
    assert g["logic-pc-ratio-y1"] == approx(row(t2, 2022)["coastal"] / row(t2, 2022)["inland"])


# ---------------------------------------------------------------- Tables 3-4
def test_fiscal_tables_and_the_later_vintage(g):
    t3 = I.table_from_paper(3)
    assert g["logic-fis-inland-y1"] == approx(49214.23) == approx(g["logic-t3-inland-y1"])
    assert g["logic-fis-coastal-y1"] == approx(59604.29)
    assert g["logic-fis-coastal-share-y1"] == approx(54.77)
    assert g["logic-fis-coastal-share-max"] == approx(t3["coastal_pct"].max())
    c3 = I.compare_with_paper(3, "nbs_db_2025")
    assert g["logic-t3-maxdiff-before"] == 0 == c3[c3["year"] < 2022]["diff"].abs().max()
    nat22 = c3.query("year == 2022 and column == 'national'").iloc[0]
    assert g["logic-t3-y1-national-lower"] == approx(-nat22["diff"]) == approx(56.58)
    assert g["logic-t3-db-national-y1"] == approx(108761.94)
    p3 = I.table_from_provinces(3, vintage="nbs_db_2025")
    p4 = I.table_from_provinces(4, vintage="nbs_db_2025")
    last = int(p3["year"].max())
    assert g["logic-fis-y1"] == last >= 2024
    assert g["logic-t3-coastal-share-f1"] == approx(row(p3, last)["coastal_pct"])
    assert g["logic-t4-inland-index-f1"] == approx(row(p4, last)["inland_pct"])


def test_table_4_is_fiscal_revenue_per_resident(g):
    imp = I.implied_population()
    rel = imp.xs("rel_diff_pct", axis=1, level=1).abs().max().max()
    assert g["logic-t4-implied-maxrel"] == approx(rel)
    assert g["logic-t4-implied-maxrel"] < 0.001
    # disposable income is several times Table 4's values
    assert g["logic-dpi-coastal-y1"] > 3 * g["logic-t4-coastal-y1"]
    assert g["logic-dpi-inland-y1"] > 3 * g["logic-t4-inland-y1"]


# ---------------------------------------------------------------- Table 5
def test_trade_table_and_vintages(g):
    t5 = I.table_from_paper(5)
    assert g["logic-t5-inland-share-y1"] == approx(26.30)
    assert g["logic-t5-coastal-share-y1"] == approx(73.70)
    assert g["logic-t5-inland-share-min"] == approx(t5["inland_pct"].min())
    assert g["logic-t5-inland-share-argmin"] == 2016
    old = I.compare_with_paper(5, "paper")
    new = I.compare_with_paper(5, "nbs_db_2026")
    assert g["logic-t5-old-maxdiff"] == approx(old["diff"].abs().max())
    assert g["logic-t5-old-maxdiff"] < 100          # rounding only (千美元)
    assert g["logic-t5-new-maxdiff-early"] == approx(new[new["year"] < 2021]["diff"].abs().max())
    for y in (2021, 2022):
        r = new.query("year == @y and column == 'national'")["rel_diff_pct"].iloc[0]
        assert g[f"logic-t5-{y}-national-lower-pct"] == approx(-r)
    t_old = I.table_from_provinces(5, vintage="paper")
    t_new = I.table_from_provinces(5, vintage="nbs_db_2026")
    assert g["logic-trade-o0"] == t_old["year"].min() == 2005
    assert g["logic-trade-n1"] == t_new["year"].max()
    assert g["logic-t5-inland-share-o0"] == approx(row(t_old, 2005)["inland_pct"])
    assert g["logic-t5-inland-share-n1"] == approx(row(t_new, t_new["year"].max())["inland_pct"])


# ---------------------------------------------------------------- gap and Theil
def test_per_capita_gap_by_vintage(g):
    rev = I.per_capita("gdp", "rev2025")
    r = rev["coastal"] / rev["inland"]
    assert g["logic-gap-rev-first"] == approx(r.iloc[0])
    assert g["logic-gap-rev-last"] == approx(r.iloc[-1])
    assert g["logic-gap-rev-plateau"] == approx(r.loc[g["logic-gap-plateau-year"]])
    fr = I.per_capita("gdp", "first_release")
    rf = fr["coastal"] / fr["inland"]
    assert g["logic-gap-fr-2018"] == approx(rf.loc[2018])
    assert g["logic-gap-fr-2019"] == approx(rf.loc[2019])
    assert g["logic-gap-fr-2018"] - g["logic-gap-fr-2019"] > 0.05   # the census break


def test_theil_decomposition(g):
    t = Q.inequality_table("coastal", "rev2025").set_index("year")
    y0, y1 = int(t.index.min()), int(t.index.max())
    assert (g["logic-theil-y0"], g["logic-theil-y1"]) == (y0, y1)
    assert g["logic-theil-total-y0"] == approx(t.loc[y0, "theil_t"])
    assert g["logic-theil-total-y1"] == approx(t.loc[y1, "theil_t"])
    share = t["theil_t_between"] / t["theil_t"] * 100
    assert g["logic-theil-between-share-y0"] == approx(share.loc[y0])
    assert g["logic-theil-between-share-y1"] == approx(share.loc[y1])
    assert g["logic-theil-within-share-y1"] == approx(100 - share.loc[y1])
    for s in ("four_regions", "north_south"):
        ts = Q.inequality_table(s, "rev2025").set_index("year")
        assert g[f"logic-theil-{s}-share-y1"] == approx(ts.loc[y1, "theil_t_between"] / ts.loc[y1, "theil_t"] * 100)
    tp = Q.inequality_table("coastal", "paper").set_index("year")
    assert g["logic-theil-paper-share-y1"] == approx(tp.loc[2022, "theil_t_between"] / tp.loc[2022, "theil_t"] * 100)


# ---------------------------------------------------------------- linkage
def test_coastal_ties_and_decay(g):
    ties = S.coastal_ties(2022)
    assert g["logic-grav-year"] == 2022
    for k in range(3):
        assert g[f"logic-ties-{k + 1}-share"] == approx(ties["coastal_share"].iloc[k])
    assert g["logic-ties-first-last-ratio"] == approx(ties["to_coastal"].iloc[0] / ties["to_coastal"].iloc[-1])
    assert g["logic-ties-same-partner"] == int((ties["top_partner"] == ties["nearest_coastal"]).sum())
    assert g["logic-ties-n"] == len(ties) == 20
    pairs = S.pair_table(2022)
    slope = np.polyfit(np.log(pairs["distance_km"]), np.log(pairs["linkage"]), 1)[0]
    assert g["logic-decay-slope"] == approx(slope)
    assert g["logic-npairs"] == len(pairs) == 465
    ci = pairs[pairs["kind"] == "coastal-inland"]
    assert g["logic-pairs-ci"] == len(ci) == 220
    assert g["logic-ci-share-of-linkage"] == approx(ci["linkage"].sum() / pairs["linkage"].sum() * 100)


def test_population_and_growth_poles(g):
    sh = I.shares(I.totals("population", "nbs_db"))
    assert g["logic-pop-coastal-share-y0"] == approx(sh["coastal"].iloc[0])
    assert g["logic-pop-coastal-share-y1"] == approx(sh["coastal"].iloc[-1])
    pc = I.province_per_capita("gdp", "paper")
    nat = I.per_capita("gdp", "paper")["national"]
    m = membership("coastal")
    for key, y in (("logic-poles-y0", 2012), ("logic-poles-y1", 2022)):
        above = pc.loc[y][pc.loc[y] > nat[y]].index
        assert g[key] == sum(m[c] == "inland" for c in above)


# ---------------------------------------------------------------- the page carries the tables
def _page_text() -> str:
    """Markdown outputs of the executed notebook (the numbered tables), plus the HTML page
    when it has been built next to it."""
    nb = json.loads((conftest.EXECUTED / f"{CHAPTER}.ipynb").read_text())
    parts = []
    for cell in nb["cells"]:
        for o in cell.get("outputs", []):
            md = o.get("data", {}).get("text/markdown")
            if md:
                parts.append(md if isinstance(md, str) else "".join(md))
    html = conftest.EXECUTED.parents[1] / "html" / "chapters" / f"{CHAPTER}.html"
    if html.exists():
        parts.append(html.read_text(encoding="utf-8"))
    return "\n".join(parts)


@pytest.mark.parametrize("label,values", [
    ("tbl-logic-t1", ["1,203,462.2", "635,683.3", "567,778.9", "52.82", "54.07", "293,607.7"]),
    ("tbl-logic-t2", ["85,367.07", "99,904.65", "73,407.66", "117.03", "81.71"]),
    ("tbl-logic-t3", ["108,818.52", "59,604.29", "49,214.23", "54.77", "27,442.71"]),
    ("tbl-logic-t4", ["7,718.99", "9,367.47", "6,362.87", "121.36", "3,597.58"]),
    ("tbl-logic-t5", ["6,309,600,205", "4,650,364,300", "1,659,235,905", "73.70", "870,573,000"]),
])
def test_page_carries_the_paper_tables(built_book, label, values):
    text = _page_text()
    assert label in text
    for v in values:
        assert v in text, f"{v} (from {label}) is not on the page"
