"""Chapter 困境 (chapters/dilemmas.md): the numbers glued into the prose, derived here
independently of the chapter's own calls (the data files read with the csv module through
tests/rawdata.py, the paper's printed cells, hand-written sums and chains), the page shows its
tables, charts and exercises, and the page's code follows the book's rules (imports first, short
visible cells, hidden code only for gluing).

Reads the executed notebook (conftest.glued) and, for the page checks, the HTML beside it:
_build/html/chapters/dilemmas.html, or DIR/../../html/chapters/dilemmas.html when
IC_EXECUTED_DIR=DIR points at a page built alone with tools/page.py."""
from __future__ import annotations

import json
import math
import re

import numpy as np
import pytest

import rawdata as _rawdata


def _index(rows):
    out: dict = {}
    for r in rows:
        out.setdefault((r["indicator"], r["vintage"], int(r["year"])), {})[int(r["adcode"])] = float(r["value"])
    return out


class rawdata:
    """tests/rawdata.py with the file read once per process: every call hands out a fresh dict."""
    _cache: dict = {}

    @staticmethod
    def _memo(key, make):
        if key not in rawdata._cache:
            rawdata._cache[key] = make()
        return rawdata._cache[key]

    @staticmethod
    def values(indicator, vintage, year):
        """adcode -> value, as _rawdata.values, from provinces.csv parsed once."""
        def make():
            index = rawdata._memo(("index",), lambda: _index(_rawdata.rows("provinces.csv")))
            found = index.get((indicator, vintage, int(year)))
            assert found, (indicator, vintage, year)
            return found
        return dict(rawdata._memo(("v", indicator, vintage, year), make))

    @staticmethod
    def groups(scheme):
        return dict(rawdata._memo(("g", scheme), lambda: _rawdata.groups(scheme)))

    @staticmethod
    def rows(name):
        return [dict(r) for r in rawdata._memo(("r", name), lambda: _rawdata.rows(name))]

    @staticmethod
    def printed(table, indicator, year, region):
        return rawdata._memo(("p", table, indicator, year, region), lambda: _rawdata.printed(table, indicator, year, region))

    @staticmethod
    def per_capita_gdp(year, vintage="paper"):
        return tuple(a.copy() for a in rawdata._memo(("pc", year, vintage), lambda: _rawdata.per_capita_gdp(year, vintage)))
from conftest import EXECUTED, ROOT, glued

CHAPTER = "dilemmas"
SOURCE = ROOT / "chapters" / f"{CHAPTER}.md"
P0, P1 = 2012, 2022
JOIN = 2019
SHANXI = 140000


@pytest.fixture(scope="module")
def g(built_book):
    values = glued(CHAPTER)
    return {k[len(CHAPTER) + 1:]: v for k, v in values.items() if k.startswith(f"{CHAPTER}-")}


@pytest.fixture(scope="module")
def html(built_book):
    path = EXECUTED.parent.parent / "html" / "chapters" / f"{CHAPTER}.html"
    if not path.exists():
        pytest.fail(f"{path} is missing: build the book (or the page alone) first")
    return path.read_text(encoding="utf-8")


def approx(x, rel=1e-9, abs=1e-9):
    return pytest.approx(x, rel=rel, abs=abs)


def markdown_glue(name: str) -> str:
    """The text of a glued Markdown object (glued() gives only text/plain)."""
    outputs = []
    store = EXECUTED / f"{CHAPTER}.glue.json"
    if store.exists():
        outputs += list(json.loads(store.read_text()).values())
    nb = EXECUTED / f"{CHAPTER}.ipynb"
    if nb.exists():
        outputs += [o for c in json.loads(nb.read_text())["cells"] for o in c.get("outputs", [])]
    for o in outputs:
        if o.get("metadata", {}).get("scrapbook", {}).get("name") == name:
            md = o["data"]["text/markdown"]
            return "".join(md) if isinstance(md, list) else md
    pytest.fail(f"{name} was not glued")


def by_group(values: dict[int, float], scheme: str = "coastal", drop=()) -> dict[str, float]:
    out: dict[str, float] = {}
    for code, grp in rawdata.groups(scheme).items():
        if code in drop:
            continue
        out[grp] = out.get(grp, 0.0) + values[code]
    out["national"] = sum(v for c, v in values.items() if c not in drop)
    return out


def share(indicator, vintage, year, group, scheme="coastal", drop=()):
    s = by_group(rawdata.values(indicator, vintage, year), scheme, drop)
    return s[group] / s["national"] * 100


def per_capita(indicator, vintage, year, scheme="coastal"):
    num = by_group(rawdata.values(indicator, vintage, year), scheme)
    pop = by_group(rawdata.values("population", "nbs_db", year), scheme)
    return {k: num[k] / pop[k] * 1e4 for k in num}


def glue_names(text: str) -> set[str]:
    names = set(re.findall(r"\{glue:(?:text|md)\}`dilemmas-([^`:]+)", text))
    return names | set(re.findall(r"\{glue:figure\} (fig-dilemmas-[\w-]+)", text))


# ---------------------------------------------------------------- every glue reference exists
def test_every_glue_name_in_the_prose_was_glued(g):
    missing = sorted(u for u in glue_names(SOURCE.read_text(encoding="utf-8")) if not u.startswith("fig-") and u not in g)
    assert not missing, missing


def test_coverage_years_are_the_data(g):
    assert (g["y-paper-first"], g["y-paper-last"], g["y-real-last"]) == (P0, P1, JOIN)
    assert (g["transfer-first-year"], g["transfer-join-year"], g["transfer-last-year"]) == (2000, JOIN, 2024)


# ---------------------------------------------------------------- Tables 6-8 and the revision
def test_reproduction_of_tables_6_to_8(g):
    for n in (6, 7, 8):
        assert (g[f"rep-{n}-first"], g[f"rep-{n}-last"]) == (P0, JOIN)
        assert g[f"rep-{n}-max-abs-diff"] <= 0.1 and g[f"rep-{n}-max-abs-diff-pct"] <= 0.01
    # Table 7, 2019, coastal: the provinces of the raw file summed, against the printed cell
    printed = rawdata.printed("T7", "va_secondary", 2019, "coastal")
    assert abs(round(by_group(rawdata.values("va_secondary", "nbs_db_2021", 2019))["coastal"], 1) - printed) <= 0.1


def test_revision_against_the_paper(g):
    for k, n in (("secondary", 7), ("tertiary", 8)):
        for year in (2019, 2022):
            revised = sum(rawdata.values(f"va_{k}", "rev2025", year).values())
            paper = rawdata.printed(f"T{n}", f"va_{k}", year, "national")
            assert g[f"vin-{k}-{year}-diff-pct"] == approx((revised / paper - 1) * 100, rel=1e-7)
    assert g["vin-secondary-2022-revised-inland-pct"] == approx(share("va_secondary", "rev2025", 2022, "inland"))
    assert g["vin-secondary-2022-paper-inland-pct"] == approx(222224.6 / 480807.1 * 100)
    # the revision lowers secondary, raises tertiary, and lowers the inland secondary share
    assert g["vin-secondary-2022-diff-pct"] < g["vin-secondary-2019-diff-pct"] < 0 < g["vin-tertiary-2019-diff-pct"]
    assert g["vin-secondary-2022-revised-inland-pct"] < g["vin-secondary-2022-paper-inland-pct"]


# ---------------------------------------------------------------- reading 6: gaps, shares, per capita
def test_relative_and_absolute_gaps_from_the_printed_tables(g):
    for n, k in ((6, "primary"), (7, "secondary"), (8, "tertiary")):
        for year in (P0, P1):
            c, i, nat = (rawdata.printed(f"T{n}", f"va_{k}", year, r) for r in ("coastal", "inland", "national"))
            pop = by_group(rawdata.values("population", "nbs_db", year))
            assert g[f"gap-{k}-{year}-inland-pct"] == approx(i / nat * 100)
            assert g[f"gap-{k}-{year}-gap"] == approx(c - i, abs=1e-6)
            assert g[f"gap-{k}-{year}-ratio"] == approx(c / i)
            assert g[f"gap-{k}-{year}-pc-ratio"] == approx((c / pop["coastal"]) / (i / pop["inland"]))
    # the corrected reading: the yuan gap widens while the ratio falls (not divergence) ...
    for k in ("secondary", "tertiary"):
        assert g[f"gap-{k}-{P1}-gap"] > g[f"gap-{k}-{P0}-gap"]
        assert g[f"gap-{k}-{P1}-ratio"] < g[f"gap-{k}-{P0}-ratio"]
        assert g[f"gap-{k}-{P1}-pc-ratio"] < g[f"gap-{k}-{P0}-pc-ratio"]
    # ... and the rising inland primary share is the interior's larger agriculture: per resident the
    # interior already produced more, and the coast's relative per-capita primary output fell further
    assert g[f"gap-primary-{P1}-inland-pct"] > g[f"gap-primary-{P0}-inland-pct"]
    assert g[f"gap-primary-{P1}-pc-ratio"] < g[f"gap-primary-{P0}-pc-ratio"] < 1
    assert g["gap-secondary-growth"] == approx(480807.1 / 255630.4)


def test_per_capita_value_added_ratios_over_time(g):
    for vintage, year in (("nbs_db_2021", 2005), ("nbs_db_2021", 2019), ("rev2025", 2019), ("rev2025", 2024)):
        pc = per_capita("va_secondary", vintage, year)
        assert g[f"pcva-secondary-{vintage}-{year}-ratio"] == approx(pc["coastal"] / pc["inland"])


# ---------------------------------------------------------------- north and south, population
def test_north_south(g):
    fr = by_group(rawdata.values("gdp", "first_release", 2021), "north_south")
    assert g["ns-north-2021"] == approx(401039.2, abs=1e-6) and g["ns-south-2021"] == approx(736704.2, abs=1e-6)
    assert round(g["ns-fr-2021"], 2) == 35.25                       # the paper's printed share
    assert g["ns-fr-drop"] == approx(share("gdp", "first_release", 2018, "north", "north_south")
                                     - share("gdp", "first_release", 2019, "north", "north_south"))
    assert g["ns-fr-drop"] > 5 * g["ns-rev-drop"] > 0
    # the price part: the north's share at 2012 prices, chained here from each province's GDP index
    real = {2012: rawdata.values("gdp", "nbs_db_2021", 2012)}
    for t in range(2013, 2020):
        idx = rawdata.values("gdp_index", "nbs_db_2021", t)
        real[t] = {c: real[t - 1][c] * idx[c] / 100 for c in idx}
    r19 = by_group(real[2019], "north_south")
    assert g["ns-real-last"] == approx(r19["north"] / r19["national"] * 100, rel=1e-10)
    nominal_fall = share("gdp", "nbs_db_2021", 2012, "north", "north_south") - share("gdp", "nbs_db_2021", 2019, "north", "north_south")
    real_fall = share("gdp", "nbs_db_2021", 2012, "north", "north_south") - r19["north"] / r19["national"] * 100
    assert g["ns-real-part-pct"] == approx(real_fall / nominal_fall * 100, rel=1e-8)
    assert 0 < g["ns-real-part-pct"] < 100
    assert fr["north"] / fr["national"] * 100 == approx(g["ns-fr-2021"])


def test_population_windows(g):
    ns = rawdata.groups("north_south")
    for a, b in ((2010, 2020), (2012, 2022)):
        pa, pb = rawdata.values("population", "nbs_db", a), rawdata.values("population", "nbs_db", b)
        fell = [c for c in pa if pb[c] < pa[c]]
        assert g[f"pop-{a}-{b}-fell"] == len(fell)
        assert g[f"pop-{a}-{b}-fell-north"] == sum(ns[c] == "north" for c in fell)
    names = {int(r["adcode"]): r["short_zh"] for r in rawdata.rows("regions.csv")}
    pa, pb = rawdata.values("population", "nbs_db", 2010), rawdata.values("population", "nbs_db", 2020)
    assert markdown_glue("dilemmas-pop-2010-2020-names") == "、".join(names[c] for c in sorted(pa) if pb[c] < pa[c])
    totals = {y: sum(rawdata.values("population", "nbs_db", y).values()) for y in range(2011, 2025)}
    assert g["pop-national-peak-year"] == max(totals, key=totals.get)
    assert g["pop-since-peak-fell-south"] > 0               # the claim no longer holds year by year


# ---------------------------------------------------------------- inequality
def _theil_between(year, vintage, scheme):
    """Theil T and its between-group part from the raw file (Σ S_g ln(S_g/P_g))."""
    codes, y, w = rawdata.per_capita_gdp(year, vintage)
    mu = (y * w).sum() / w.sum()
    s = y * w / (y * w).sum()
    total = float((s * np.log(y / mu)).sum())
    grp = rawdata.groups(scheme)
    between = 0.0
    for gname in set(grp.values()):
        m = np.array([grp[c] == gname for c in codes])
        S, P = s[m].sum(), (w[m] / w.sum()).sum()
        between += S * math.log(S / P)
    return total, between


def test_inequality_readings(g):
    t0, _ = _theil_between(P0, "paper", "coastal")
    t1, b1 = _theil_between(P1, "paper", "coastal")
    assert g["ineq-paper-theil-first"] == approx(t0) and g["ineq-paper-theil-last"] == approx(t1)
    assert g["ineq-coastal-paper-between-last"] == approx(b1 / t1 * 100)
    shares = {y: (lambda tb: tb[1] / tb[0] * 100)(_theil_between(y, "rev2025", "north_south")) for y in range(2006, 2025)}
    peak = max(shares, key=shares.get)
    assert g["ineq-north_south-rev2025-between-max-year"] == peak
    assert g["ineq-north_south-rev2025-between-max"] == approx(shares[peak])
    assert g["ineq-north_south-rev2025-between-last"] < g["ineq-north_south-rev2025-between-max"]
    assert g["ineq-north_south-first_release-between-2019"] > 3 * g["ineq-north_south-first_release-between-2018"]


def test_vintages_after_the_paper(g):
    assert round(g["late-2022-share-paper"], 2) == 52.82           # the paper's Table 1, 2022
    assert g["late-2024-revision"] == approx(share("gdp", "rev2025", 2024, "coastal") - share("gdp", "first_release", 2024, "coastal"))
    pc = per_capita("gdp", "rev2025", 2019)
    assert g["late-2019-ratio-rev2025"] == approx(pc["coastal"] / pc["inland"])


# ---------------------------------------------------------------- industrial transfer
def test_inland_shares_of_secondary_value_added(g):
    assert g["transfer-secondary-first"] == approx(share("va_secondary", "nbs_db_2021", 2000, "inland"))
    assert g["transfer-secondary-join-old"] == approx(share("va_secondary", "nbs_db_2021", JOIN, "inland"))
    assert g["transfer-secondary-join-new"] == approx(share("va_secondary", "rev2025", JOIN, "inland"))
    assert g["transfer-secondary-last"] == approx(share("va_secondary", "rev2025", 2024, "inland"))
    assert g["transfer-industry-join"] == approx(share("va_industry", "nbs_db_2021", JOIN, "inland"))
    # the real share at 2000 prices, chained here
    real = rawdata.values("va_secondary", "nbs_db_2021", 2000)
    for t in range(2001, JOIN + 1):
        idx = rawdata.values("va_secondary_index", "nbs_db_2021", t)
        real = {c: real[c] * idx[c] / 100 for c in real}
    r = by_group(real)
    assert g["transfer-secondary-real-join"] == approx(r["inland"] / r["national"] * 100, rel=1e-10)
    # most of the rise is volume, not prices; the vintage step is shown, not spliced
    assert 0 < g["transfer-secondary-price-part"] < g["transfer-secondary-real-change"]
    assert g["transfer-secondary-join-step"] == approx(g["transfer-secondary-join-new"] - g["transfer-secondary-join-old"])
    assert g["transfer-secondary-largest-fall-year"] == 2015 and g["transfer-secondary-real-change-that-year"] > 0
    assert g["transfer-secondary-real-rises-from"] <= 2005     # "2005年以后……以实物量计稳步上升"
    assert g["transfer-secondary-new-change"] < 0              # no further rise in the revised years


def test_who_gained_shares(g):
    v0, v1 = rawdata.values("va_secondary", "nbs_db_2021", 2000), rawdata.values("va_secondary", "nbs_db_2021", JOIN)
    ch = {c: v1[c] / sum(v1.values()) * 100 - v0[c] / sum(v0.values()) * 100 for c in v0}
    names = {int(r["adcode"]): r["short_zh"] for r in rawdata.rows("regions.csv")}
    top = sorted(ch, key=ch.get, reverse=True)[:3]
    assert markdown_glue("dilemmas-gain-gainers") == "、".join(f"{names[c]}（{ch[c]:+.2f}）" for c in top)
    fr = rawdata.groups("four_regions")
    central = sum(x for c, x in ch.items() if fr[c] == "central")
    assert g["gain-region-central-change"] == approx(central, abs=1e-9)
    assert g["gain-region-central-change"] > 0 > g["gain-region-northeast-change"]
    # "增量大多落在与沿海相邻的中部省份和川渝陕": the central six and Sichuan, Chongqing, Shaanxi
    near = sum(x for c, x in ch.items() if fr[c] == "central" or c in (510000, 500000, 610000))
    gain = sum(x for c, x in ch.items() if rawdata.groups("coastal")[c] == "inland" and x > 0)
    assert near > 0.7 * gain
    # the north-east loses in both groups: Liaoning among the coastal losers, Heilongjiang among the inland ones
    assert "辽宁" in markdown_glue("dilemmas-gain-coastal-losers") and "黑龙江" in markdown_glue("dilemmas-gain-inland-losers")


def test_shift_share_components_add_up_and_match_a_hand_computation(g):
    for period in ("2005-2012", "2012-2019", "2019-2024"):
        for k in ("primary", "secondary", "tertiary", "total"):
            parts = sum(g[f"ss-{period}-{k}-{c}"] for c in ("national-share", "industry-mix", "regional-shift"))
            assert parts == approx(g[f"ss-{period}-{k}-change"], rel=1e-9, abs=1e-6)
    e0 = by_group(rawdata.values("va_secondary", "nbs_db_2021", 2005))
    e1 = by_group(rawdata.values("va_secondary", "nbs_db_2021", 2012))
    regional = e0["inland"] * (e1["inland"] / e0["inland"] - e1["national"] / e0["national"])
    assert g["ss-2005-2012-secondary-regional-shift"] == approx(regional, rel=1e-9)
    assert g["ss-2005-2012-total-regional-shift"] > 0 > g["ss-2019-2024-total-regional-shift"]


def test_location_quotients(g):
    def lq(vintage, year, code):
        sec = rawdata.values("va_secondary", vintage, year)
        gdp = {c: sum(rawdata.values(f"va_{k}", vintage, year)[c] for k in ("primary", "secondary", "tertiary")) for c in sec}
        return (sec[code] / gdp[code]) / (sum(sec.values()) / sum(gdp.values()))
    assert g[f"lq-{SHANXI}-secondary-first"] == approx(lq("nbs_db_2021", 2000, SHANXI))
    assert g[f"lq-{SHANXI}-secondary-new-max-year"] == 2022
    assert g[f"lq-{SHANXI}-secondary-new-max"] == approx(lq("rev2025", 2022, SHANXI))
    # up with the coal price, down again: the price caveat the text draws
    assert g[f"lq-{SHANXI}-secondary-last"] < g[f"lq-{SHANXI}-secondary-new-max"]
    inland = [c for c, grp in rawdata.groups("coastal").items() if grp == "inland"]
    assert g["lq-above1-secondary-nbs_db_2021-2019"] == sum(lq("nbs_db_2021", 2019, c) > 1 for c in inland)


# ---------------------------------------------------------------- reading 2 (trade), reading 4 (fiscal), income
def test_trade_share_with_beijing_set_apart(g):
    bj = 110000
    assert g["trade-trade-nbs_db_2021-exbj-first"] == approx(share("trade_usd", "nbs_db_2021", 2000, "inland", drop=(bj,)))
    assert g["trade-trade-nbs_db_2021-exbj-last"] == approx(share("trade_usd", "nbs_db_2021", 2019, "inland", drop=(bj,)))
    assert g["trade-exports-nbs_db_2021-exbj-last"] == approx(share("exports_usd", "nbs_db_2021", 2019, "inland", drop=(bj,)))
    assert g["trade-trade-nbs_db_2026-all-min-year"] == 2016 and g["trade-trade-nbs_db_2026-all-max-year"] == 2022
    # Beijing's booking inflates the inland share every year
    assert g["trade-trade-nbs_db_2021-all-last"] > g["trade-trade-nbs_db_2021-exbj-last"] + 5


def test_fiscal_ratio_and_the_2022_step(g):
    def ratio(year):
        pc = per_capita("fiscal_revenue", "nbs_db_2025", year)
        return pc["coastal"] / pc["inland"]
    assert g["fis-ratio-2021"] == approx(ratio(2021)) and g["fis-ratio-2022"] == approx(ratio(2022))
    assert g["fis-ratio-fall-2022-pct"] == approx((ratio(2021) - ratio(2022)) / (ratio(2016) - ratio(2024)) * 100)
    assert g["fis-ratio-fall-2022-pct"] > 50                  # most of the fall is one year
    inland = by_group(rawdata.values("fiscal_expenditure", "nbs_db_2025", 2024))["inland"] \
        - by_group(rawdata.values("fiscal_revenue", "nbs_db_2025", 2024))["inland"]
    assert g["fis-inland-gap-pct-last"] == approx(inland / by_group(rawdata.values("gdp", "rev2025", 2024))["inland"] * 100)


def test_income_ratio_falls_while_the_gap_widens(g):
    def weighted(year, scheme="coastal"):
        inc, pop = rawdata.values("disposable_income_per_capita", "nbs_db_2025", year), rawdata.values("population", "nbs_db", year)
        num = by_group({c: inc[c] * pop[c] for c in inc}, scheme)
        den = by_group(pop, scheme)
        return {k: num[k] / den[k] for k in num}
    w16, w24 = weighted(2016), weighted(2024)
    assert g["inc-ratio-first"] == approx(w16["coastal"] / w16["inland"]) and g["inc-ratio-last"] == approx(w24["coastal"] / w24["inland"])
    assert g["inc-ratio-last"] < g["inc-ratio-first"] and g["inc-gap-last"] > g["inc-gap-first"]
    f24 = weighted(2024, "four_regions")
    assert g["inc-west-east-last"] == approx(f24["west"] / f24["east"] * 100)


def test_deindustrialisation_shares(g):
    def own(vintage, k, year, grp):
        va = by_group(rawdata.values(f"va_{k}", vintage, year))
        tot = by_group({c: sum(rawdata.values(f"va_{i}", vintage, year)[c] for i in ("primary", "secondary", "tertiary"))
                        for c in rawdata.values("va_primary", vintage, year)})
        return va[grp] / tot[grp] * 100
    assert g["own-inland-industry-nbs_db_2021-first"] == approx(own("nbs_db_2021", "industry", 2000, "inland"))
    assert g["own-inland-industry-nbs_db_2021-max"] == approx(max(own("nbs_db_2021", "industry", y, "inland") for y in range(2000, 2020)))
    assert g["own-inland-secondary-rev2025-last"] == approx(own("rev2025", "secondary", 2024, "inland"))
    # "去工业化是全国的现象，沿海更早": the coast's industry share peaked first
    assert g["own-coastal-industry-nbs_db_2021-max-year"] < g["own-inland-industry-nbs_db_2021-max-year"]
    assert g["pop-coastal-change-paper"] > g["pop-inland-change-paper"] > 0


# ---------------------------------------------------------------- exercises
def test_exercise_solutions(g):
    assert g["ex1-spliced"] == approx(share("va_secondary", "rev2025", 2020, "inland") - share("va_secondary", "nbs_db_2021", 2019, "inland"))
    assert g["ex1-consistent"] == approx(share("va_secondary", "rev2025", 2020, "inland") - share("va_secondary", "rev2025", 2019, "inland"))
    assert g["ex1-spliced"] < g["ex1-consistent"]             # the splice adds the revision step
    early = g["ex2-early-total-regional-shift"] / g["ex2-early-total-change"]
    assert abs(early) < 0.01 and g["ex2-central-secondary-regional-shift"] > 0
    assert g["ex3-primary-2019-pc-ratio"] < g["ex3-primary-2012-pc-ratio"] < 1
    assert g["ex3-secondary-2019-pc-ratio"] < g["ex3-secondary-2012-pc-ratio"]
    t06, _ = _theil_between(2006, "rev2025", "coastal")
    t14, _ = _theil_between(2014, "rev2025", "coastal")
    assert g["ex4-2006-2014-theil"] == approx(t14 - t06)
    assert g["ex4-2020-2024-north-south"] < 0 < g["ex4-2006-2014-north-south"]


def test_exercises_have_times_solutions_and_marking_guides():
    text = SOURCE.read_text(encoding="utf-8")
    titles = re.findall(r"^```\{exercise\} (.+)$", text, re.M)
    assert len(titles) == 4 and all(re.search(r"（约 \d+ 分钟）", t) for t in titles)
    solutions = re.findall(r"```\{solution-start\} (ex-dilemmas-\d)\n(.*?)```\{solution-end\}", text, re.S)
    assert [s[0] for s in solutions] == [f"ex-dilemmas-{i}" for i in range(1, 5)]
    for label, body in solutions:
        assert "评分要点" in body and "{glue:text}`dilemmas-" in body, label
    # themes that other chapters keep
    assert "把北京划入沿海" not in text and "简单平均与加权平均" not in text


# ---------------------------------------------------------------- the code on the page
def code_cells(text: str):
    for _, body in re.findall(r"^(`{3,})\{code-cell\}[^\n]*\n(.*?)^\1\s*$", text, re.S | re.M):
        lines = body.splitlines()
        tags = " ".join(l for l in lines if l.startswith(":tags:"))
        yield tags, [l for l in lines if not l.startswith(":") and l.strip()]


def test_code_teaches_imports_first_and_little_hidden():
    cells = list(code_cells(SOURCE.read_text(encoding="utf-8")))
    tags, first = cells[0]
    assert "remove" not in tags and all(l.startswith(("import ", "from ", " ")) for l in first) and len(first) <= 6
    hidden = [lines for tags, lines in cells if "remove-cell" in tags or "remove-input" in tags]
    total = sum(len(lines) for _, lines in cells)
    assert sum(len(h) for h in hidden) <= total / 4
    assert all(len(h) <= 40 for h in hidden)
    assert not re.search(r"^import inland_coastal\.\w+ as [A-Z]\b|from inland_coastal import \w+ as \w\b",
                         SOURCE.read_text(encoding="utf-8"), re.M)


# ---------------------------------------------------------------- the page
@pytest.mark.parametrize("n", [6, 7, 8])
def test_tables_6_to_8_on_the_page(html, n):
    for year in range(P0, P1 + 1):
        for region in ("national", "coastal", "inland"):
            indicator = {6: "va_primary", 7: "va_secondary", 8: "va_tertiary"}[n]
            assert format(rawdata.printed(f"T{n}", indicator, year, region), ",.1f") in html, (n, year, region)


def test_page_has_its_charts_tables_and_exercises(html):
    assert len(re.findall(r'class="ic-chart', html)) >= 10
    assert len(re.findall(r'class="[^"]*exercise', html)) >= 4
    for label in ("tbl-dilemmas-overview", "tbl-dilemmas-reproduction", "tbl-dilemmas-t6", "tbl-dilemmas-t7",
                  "tbl-dilemmas-t8", "tbl-dilemmas-va-vintage", "tbl-dilemmas-gaps", "tbl-dilemmas-inequality",
                  "tbl-dilemmas-vintages", "tbl-dilemmas-shift-share", "tbl-dilemmas-structure",
                  "tbl-dilemmas-indicators", "fig-dilemmas-transfer", "fig-dilemmas-gainers", "fig-dilemmas-lq"):
        assert f'id="{label}"' in html, label
    assert "Traceback" not in html


def test_every_numbered_figure_and_table_is_referenced():
    text = SOURCE.read_text(encoding="utf-8")
    labels = set(re.findall(r":name: ((?:fig|tbl)-dilemmas-[\w-]+)", text))
    labels |= set(re.findall(r'"(tbl-dilemmas-[\w-]+)"', text))
    refs = set(re.findall(r"\{numref\}`((?:fig|tbl)-dilemmas-[\w-]+)`", text))
    assert labels and not labels - refs, sorted(labels - refs)


def test_charts_carry_the_timeline_and_name_their_sources(html):
    specs = re.findall(r"var spec=(\{.*?\});var opt=", html, re.S)
    transfer = [s for s in specs if "内陆地区占全国增加值的比重" in s]
    assert transfer and "国发〔2010〕28号" in transfer[0] and "西部大开发" in transfer[0]
    assert "2021年版数据库，2000—2019年" in transfer[0] and "2025年修订后，2019—2024年" in transfer[0]
