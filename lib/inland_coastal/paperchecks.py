"""The paper's printed figures and statements set against the province panel and the official
documents: the evidence of the book's page 勘误与说明.

Each ``*_evidence`` function returns a dict of named plain numbers (and short texts) for one
check, ready for ``book.glue_all(prefix, values)``; each ``*_table`` function returns the frame
the page shows, with Chinese headers. Nothing here changes a figure: the paper's tables stay as
printed (``data/paper_tables.csv``), the province panel as received (``data/provinces.csv``).

Figures the paper gives only in its text (not in a table) are transcribed once, in
:data:`TEXT_FIGURES`, with the section they come from.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import DataError
from .groupings import labels, membership, regions
from .indicators import (compare_with_paper, implied_population, shares, table_from_paper, totals, weighted_mean,
                         wide)
from .loading import load_timeline
from .provenance import VINTAGE_NAMES

#: short names of the GDP vintages, for a chart's legend
VINTAGE_SHORT = {"nbs_db_2021": "统计局数据库约2021年版", "paper": "论文口径", "first_release": "初次发布数",
                 "rev2025": "五经普修订后"}
from .reproduction import reproduce, summary

#: figures printed in the paper's text (亿元), with where they are
TEXT_FIGURES = {
    # section 三.1, the sentence after Table 3: "内陆地区生产总值为 49214.23亿元"
    "inland_fiscal_called_gdp_2022": 49214.23,
    # section 五.1: "2021年，北方地区生产总值为 401039.2 亿元 ... 南方地区生产总值为 736704.2亿元"
    "north_gdp_2021": 401039.2,
    "south_gdp_2021": 736704.2,
}
#: NBS's national GDP for 2022, preliminary accounting (亿元): 国家统计局《中华人民共和国2022年国民经济和
#: 社会发展统计公报》(2023). Not a series of the panel; quoted to compare with the 31-province sum.
NBS_COMMUNIQUE_GDP_2022 = 1210207.0


def _paper(n: int) -> pd.DataFrame:
    return table_from_paper(n).set_index("year")


def table4_evidence() -> dict:
    """Table 4 (titled 人均收入) is local general public budget revenue per resident.

    The population implied by Table 1 ÷ Table 2 equals the one implied by Table 3 ÷ Table 4
    (:func:`inland_coastal.indicators.implied_population`); the first also equals NBS's year-end
    resident population; and a residents' income is an order of magnitude larger.

    Returns
    -------
    dict
        ``year-first``, ``year-last`` (the paper's years); ``implied-pop-maxdiff-pct`` (largest
        relative difference of the two implied populations, %, over years and regions);
        ``pop-vs-panel-maxdiff-pct`` (Table 1 ÷ Table 2 against the panel's population, %);
        ``t4-national-last`` (元); ``income-national-last`` (population-weighted disposable
        income per capita, 元, ``nbs_db_2025``); ``income-ratio`` (income ÷ Table 4).
    """
    t4 = _paper(4)
    years = [int(y) for y in t4.index]
    y0, y1 = years[0], years[-1]
    ip = implied_population()
    pop_panel = totals("population", "nbs_db", "coastal", years=years)
    pop12 = ip.xs("from_tables_1_2", axis=1, level=1)
    ref = pop_panel[pop12.columns]
    income = weighted_mean("disposable_income_per_capita", "nbs_db_2025", "coastal", years=[y1]).loc[y1, "national"]
    return {
        "year-first": y0,
        "year-last": y1,
        "implied-pop-maxdiff-pct": float(ip.xs("rel_diff_pct", axis=1, level=1).abs().max().max()),
        "pop-vs-panel-maxdiff-pct": float(((pop12 - ref) / ref * 100).abs().max().max()),
        "t4-national-last": float(t4.loc[y1, "national"]),
        "income-national-last": float(income),
        "income-ratio": float(income / t4.loc[y1, "national"]),
    }


def implied_population_table() -> pd.DataFrame:
    """The two implied populations next to NBS's year-end population (万人), latest year first."""
    ip = implied_population()
    years = [int(y) for y in ip.index]
    pop = totals("population", "nbs_db", "coastal", years=years)
    return pd.DataFrame({
        "年份": ip.index.astype(str),
        "全国：表1÷表2（万人）": ip[("national", "from_tables_1_2")].to_numpy(),
        "全国：表3÷表4（万人）": ip[("national", "from_tables_3_4")].to_numpy(),
        "年末常住人口合计（万人）": pop["national"].to_numpy(),
        "沿海：表1÷表2": ip[("coastal", "from_tables_1_2")].to_numpy(),
        "沿海：表3÷表4": ip[("coastal", "from_tables_3_4")].to_numpy(),
        "内陆：表1÷表2": ip[("inland", "from_tables_1_2")].to_numpy(),
        "内陆：表3÷表4": ip[("inland", "from_tables_3_4")].to_numpy(),
    }).iloc[::-1].reset_index(drop=True)


def fiscal_called_gdp_evidence() -> dict:
    """The inland figure the text calls 生产总值 (GDP) is Table 3's fiscal revenue.

    Returns
    -------
    dict
        ``quoted`` (the text's figure, 亿元), ``t3-inland-last`` and ``t1-inland-last`` (亿元),
        ``gdp-over-fiscal`` (their ratio), ``t3-coastal-pct-min`` and ``t1-coastal-pct-min``
        (lowest coastal share over the paper's years, %), ``year-last``.
    """
    t1, t3 = _paper(1), _paper(3)
    y1 = int(t3.index.max())
    quoted = TEXT_FIGURES["inland_fiscal_called_gdp_2022"]
    if abs(t3.loc[y1, "inland"] - quoted) > 0.005:
        raise DataError(f"the text's inland figure {quoted} is no longer Table 3's {y1} inland value "
                        f"{t3.loc[y1, 'inland']}: check data/paper_tables.csv")
    return {
        "year-last": y1,
        "quoted": quoted,
        "t3-inland-last": float(t3.loc[y1, "inland"]),
        "t1-inland-last": float(t1.loc[y1, "inland"]),
        "gdp-over-fiscal": float(t1.loc[y1, "inland"] / t3.loc[y1, "inland"]),
        "t3-coastal-pct-min": float(t3["coastal_pct"].min()),
        "t1-coastal-pct-min": float(t1["coastal_pct"].min()),
    }


def national_total_evidence() -> dict:
    """"National" in the paper's tables is the sum of the 31 provinces, not NBS's national accounts.

    Returns
    -------
    dict
        ``year-last``; ``province-sum-last`` (Σ of the 31 provinces' GDP, ``paper`` vintage, 亿元);
        ``t1-national-last`` (Table 1); ``communique-2022`` (:data:`NBS_COMMUNIQUE_GDP_2022`);
        ``sum-below-communique-pct`` ((communiqué − sum) ÷ communiqué × 100, 2022: how far the
        provinces' sum falls short of the national accounts).
    """
    t1 = _paper(1)
    y1 = int(t1.index.max())
    s = float(totals("gdp", "paper", "coastal", years=[y1]).loc[y1, "national"])
    s22 = float(totals("gdp", "paper", "coastal", years=[2022]).loc[2022, "national"])
    return {
        "year-last": y1,
        "province-sum-last": s,
        "t1-national-last": float(t1.loc[y1, "national"]),
        "communique-2022": NBS_COMMUNIQUE_GDP_2022,
        "sum-below-communique-pct": (NBS_COMMUNIQUE_GDP_2022 - s22) / NBS_COMMUNIQUE_GDP_2022 * 100,
    }


def coastal_group_evidence() -> dict:
    """The paper's coastal group as counted: ``n-coastal``, ``n-inland`` and ``coastal-names``
    (the coastal provinces' short names, in the order of ``data/regions.csv``)."""
    m = membership("coastal")
    names = regions().loc[m[m == "coastal"].index, "short_zh"]
    return {"n-coastal": int((m == "coastal").sum()), "n-inland": int((m == "inland").sum()),
            "coastal-names": "、".join(names)}


def reproduction_table() -> pd.DataFrame:
    """Tables 1-8 rebuilt from the provinces with each table's default vintage
    (:func:`inland_coastal.reproduction.summary`), with Chinese headers."""
    s = summary()
    return pd.DataFrame({
        "表": "表" + s["table"].astype(str),
        "分省数据版本": s["vintage"].map(lambda v: f"`{v}`"),
        "年份": s["first"].astype(str) + "—" + s["last"].astype(str),
        "比较的单元格": s["cells"],
        "数值最大差": [f"{d:,.2f} {u}" for d, u in zip(s["max_abs_diff"], s["unit"])],
        "百分比最大差（点）": s["max_abs_diff_pct"],
    })


def reproduction_evidence() -> dict:
    """How closely the province panel rebuilds the printed tables (default vintages).

    Returns
    -------
    dict
        ``t12-first``/``t12-last`` and ``t38-first``/``t38-last`` (years rebuilt for Tables 1-2 and
        3-8), ``t3-maxdiff`` (亿元), ``t4-maxdiff`` (元), ``t5-maxdiff`` (千美元), ``t68-maxdiff``
        (亿元, largest over Tables 6-8), ``pct-maxdiff`` (points, over every table).
    """
    s = summary().set_index("table")
    return {
        "t12-first": int(s.loc[[1, 2], "first"].min()), "t12-last": int(s.loc[[1, 2], "last"].max()),
        "t38-first": int(s.loc[3:8, "first"].min()), "t38-last": int(s.loc[3:8, "last"].max()),
        "t3-maxdiff": float(s.loc[3, "max_abs_diff"]), "t4-maxdiff": float(s.loc[4, "max_abs_diff"]),
        "t5-maxdiff": float(s.loc[5, "max_abs_diff"]),
        "t68-maxdiff": float(s.loc[6:8, "max_abs_diff"].max()),
        "pct-maxdiff": float(s["max_abs_diff_pct"].max()),
    }


def _national(n: int, vintage: str) -> pd.DataFrame:
    c = compare_with_paper(n, vintage)
    return c[c["column"] == "national"].set_index("year")


def table3_vintage_evidence(later: str = "nbs_db_2025") -> dict:
    """Table 3 against a later fiscal vintage: the years it equals the printed sums, and the
    difference in the one year it does not.

    Returns
    -------
    dict
        ``same-first``, ``same-last`` (a run of years whose national sums agree within 0.005 亿元);
        ``differs`` (the years that do not, as text); ``paper-last``, ``later-last``,
        ``diff-last`` (亿元, the last printed year); ``later-first`` (first year of ``later``).
    """
    c = _national(3, later)
    same = [int(y) for y in c.index[c["diff"].abs() < 0.005]]
    other = [int(y) for y in c.index if int(y) not in same]
    if not same or same != list(range(same[0], same[-1] + 1)):
        raise DataError(f"Table 3 and fiscal_revenue ({later}) no longer agree over one run of years: {same}")
    y1 = int(c.index.max())
    return {"later-first": int(c.index.min()), "same-first": same[0], "same-last": same[-1],
            "differs": "、".join(map(str, other)) or "无",
            "paper-last": float(c.loc[y1, "paper"]), "later-last": float(c.loc[y1, "provinces"]),
            "diff-last": float(c.loc[y1, "diff"])}


def table3_vintage_table(later: str = "nbs_db_2025") -> pd.DataFrame:
    """Table 3 (national) beside the later fiscal vintage, latest year first."""
    c = _national(3, later)
    return pd.DataFrame({"年份": c.index.astype(str), "论文表3（亿元）": c["paper"].to_numpy(),
                         f"分省加总，{later}（亿元）": c["provinces"].to_numpy(),
                         "差额（亿元）": c["diff"].to_numpy()}).iloc[::-1].reset_index(drop=True)


def table5_vintage_evidence(later: str = "nbs_db_2026") -> dict:
    """Table 5 against the panel's trade vintages.

    Returns
    -------
    dict
        ``db-first``/``db-last``/``db-maxdiff`` (the default ``nbs_db_2021``: years and largest
        difference, 千美元); ``paper-first``/``paper-last``/``paper-maxdiff`` (the ``paper`` vintage,
        2012 on, source unit 万美元); ``later-first``, ``later-agree-last`` (last year ``later``
        agrees within 10 千美元), ``later-maxdiff-agree`` and the national relative differences
        ``later-reldiff-<year>`` (%) of the years after; ``rounded-year`` (first printed year whose
        three values are whole multiples of 10,000 千美元, 0 if none).
    """
    db, pv, lt = reproduce(5), reproduce(5, "paper"), reproduce(5, later)
    d = lt.diff.set_index("year")[["national", "coastal", "inland"]].abs().max(axis=1)
    agree = [int(y) for y in d.index[d <= 10]]
    out = {"db-first": min(db.years), "db-last": max(db.years), "db-maxdiff": db.max_abs_diff,
           "paper-first": min(pv.years), "paper-last": max(pv.years), "paper-maxdiff": pv.max_abs_diff,
           "later-first": min(lt.years), "later-agree-last": max(agree),
           "later-maxdiff-agree": float(d.loc[agree].max())}
    nat = _national(5, later)
    for y in [y for y in lt.years if y > max(agree)]:
        out[f"later-reldiff-{y}"] = float(nat.loc[y, "rel_diff_pct"])
    t5 = _paper(5)
    whole = [int(y) for y in t5.index if all(v % 10000 == 0 for v in t5.loc[y, ["national", "coastal", "inland"]])]
    out["rounded-year"] = whole[0] if whole else 0
    return out


def table5_vintage_table(later: str = "nbs_db_2026", years=(2019, 2020, 2021, 2022)) -> pd.DataFrame:
    """Table 5 beside the later trade vintage for ``years`` (national, coastal, inland)."""
    c = compare_with_paper(5, later)
    c = c[c["column"].isin(["national", "coastal", "inland"]) & c["year"].isin(list(years))]
    region = {"national": "全国", "coastal": "沿海地区", "inland": "内陆地区"}
    out = pd.DataFrame({"年份": c["year"].astype(str), "区域": c["column"].map(region),
                        "论文表5（千美元）": c["paper"], f"{later}（千美元）": c["provinces"],
                        "差额（%）": c["rel_diff_pct"], "_o": c["column"].map(list(region).index)})
    return out.sort_values(["年份", "_o"], ascending=[False, True]).drop(columns="_o").reset_index(drop=True)


def value_added_vintage_evidence(revised: str = "rev2025") -> dict:
    """Tables 6-8 against the panel's value-added vintages.

    Returns
    -------
    dict
        ``sum-vs-t1-maxabs`` (largest |T6 + T7 + T8 − T1| over the paper's years, 亿元: the tables
        are one vintage); ``db-last`` (last year ``nbs_db_2021`` rebuilds); ``year-last``;
        ``va2-paper-last``, ``va2-rev-last``, ``va2-reldiff-last``, ``va3-reldiff-last`` (national
        secondary and tertiary, printed vs ``revised``, %); ``join-year`` (first year of ``revised``),
        ``va2-join-reldiff`` (secondary value added of that year, ``revised`` vs ``nbs_db_2021``, %),
        ``va2-coastal-pct-db-join``, ``va2-coastal-pct-rev-join`` (coastal share of it in each, %).
    """
    t = {n: _paper(n) for n in (1, 6, 7, 8)}
    vsum = t[6]["national"] + t[7]["national"] + t[8]["national"]
    c7, c8 = _national(7, revised), _national(8, revised)
    y1 = int(t[1].index.max())
    rev = totals("va_secondary", revised, "coastal")
    join = int(rev.index.min())
    db = totals("va_secondary", "nbs_db_2021", "coastal", years=[join]).loc[join]
    r = rev.loc[join]
    return {
        "sum-vs-t1-maxabs": float((vsum - t[1]["national"]).abs().max()),
        "db-last": max(reproduce(7).years), "year-last": y1,
        "va2-paper-last": float(c7.loc[y1, "paper"]), "va2-rev-last": float(c7.loc[y1, "provinces"]),
        "va2-reldiff-last": float(c7.loc[y1, "rel_diff_pct"]), "va3-reldiff-last": float(c8.loc[y1, "rel_diff_pct"]),
        "join-year": join, "va2-join-reldiff": float((r["national"] - db["national"]) / db["national"] * 100),
        "va2-coastal-pct-db-join": float(db["coastal"] / db["national"] * 100),
        "va2-coastal-pct-rev-join": float(r["coastal"] / r["national"] * 100),
    }


def value_added_vintage_table(revised: str = "rev2025") -> pd.DataFrame:
    """Tables 6-8 (national) against the revised vintage for the years both cover, latest first."""
    rows = []
    for n, name in ((6, "第一产业"), (7, "第二产业"), (8, "第三产业")):
        c = compare_with_paper(n, revised)
        for year, g in c.groupby("year"):
            g = g.set_index("column")
            rows.append({"年份": str(year), "产业": name, "论文（亿元）": g.loc["national", "paper"],
                         "2025年修订后（亿元）": g.loc["national", "provinces"],
                         "差额（%）": g.loc["national", "rel_diff_pct"],
                         "沿海占比：论文（%）": g.loc["coastal_pct", "paper"],
                         "沿海占比：修订后（%）": g.loc["coastal_pct", "provinces"], "_o": n})
    out = pd.DataFrame(rows)
    return out.sort_values(["年份", "_o"], ascending=[False, True]).drop(columns="_o").reset_index(drop=True)


def inland_share_by_vintage(vintages=("nbs_db_2021", "paper", "first_release", "rev2025"),
                            group: str = "inland") -> pd.DataFrame:
    """A group's share of the 31 provinces' GDP (%) in each vintage, long: year, vintage,
    数据版本 (the code and its Chinese name, for a legend), share."""
    frames = []
    for v in vintages:
        s = shares(totals("gdp", v, "coastal"))[group]
        frames.append(pd.DataFrame({"year": s.index.astype(int), "vintage": v,
                                    "数据版本": f"{v}（{VINTAGE_SHORT.get(v) or VINTAGE_NAMES.get(v, v)}）", "share": s.to_numpy()}))
    return pd.concat(frames, ignore_index=True)


def paper_vintage_evidence(step=(2018, 2019), last: int = 2022) -> dict:
    """Whether the paper's GDP series mixes vintages around the 2018 economic census.

    Each year's first release (``first_release``) jumps at 2018→2019, when the census revision
    entered the published figures; the paper's vintage is revised consistently back to 2012
    (``paper`` equals ``nbs_db_2021`` province by province for 2011-2019).

    Returns
    -------
    dict
        ``paper-step``, ``first-step`` (change of the inland share over ``step``, points, in each
        vintage); ``paper-vs-db-maxabs`` (largest |paper − nbs_db_2021| over provinces and the
        years both hold, 亿元); ``overlap-first``/``overlap-last`` (those years); ``paper-last``,
        ``rev-last`` (inland share in ``last``, %, paper and ``rev2025``), ``paper-minus-rev-last``.
    """
    s = inland_share_by_vintage(("paper", "first_release", "rev2025")).pivot(
        index="year", columns="vintage", values="share")
    a, b = step
    p, d = wide("gdp", "paper"), wide("gdp", "nbs_db_2021")
    common = [y for y in p.index if y in d.index and p.loc[y].notna().all() and d.loc[y].notna().all()]
    return {
        "paper-step": float(s.loc[b, "paper"] - s.loc[a, "paper"]),
        "first-step": float(s.loc[b, "first_release"] - s.loc[a, "first_release"]),
        "paper-vs-db-maxabs": float((p.loc[common] - d.loc[common]).abs().max().max()),
        "overlap-first": int(min(common)), "overlap-last": int(max(common)),
        "paper-last": float(s.loc[last, "paper"]), "rev-last": float(s.loc[last, "rev2025"]),
        "paper-minus-rev-last": float(s.loc[last, "paper"] - s.loc[last, "rev2025"]),
    }


def north_south_evidence(year: int = 2021) -> dict:
    """The text's north/south GDP of ``year`` are that year's first release, not Table 1's vintage.

    Returns
    -------
    dict
        ``text-north``, ``text-south``, ``text-sum``, ``text-north-pct``, ``text-south-pct`` (the
        text's figures and shares); ``t1-national`` (Table 1, same year); ``first-north``,
        ``first-south`` (``first_release`` sums); ``paper-north``, ``paper-south`` (``paper`` sums).
    """
    north, south = TEXT_FIGURES["north_gdp_2021"], TEXT_FIGURES["south_gdp_2021"]
    first = totals("gdp", "first_release", "north_south", years=[year]).loc[year]
    paper = totals("gdp", "paper", "north_south", years=[year]).loc[year]
    if abs(first["north"] - north) > 0.05 or abs(first["south"] - south) > 0.05:
        raise DataError(f"the first-release north/south sums of {year} no longer give the text's figures")
    return {"text-north": north, "text-south": south, "text-sum": north + south,
            "text-north-pct": north / (north + south) * 100, "text-south-pct": south / (north + south) * 100,
            "t1-national": float(_paper(1).loc[year, "national"]),
            "first-north": float(first["north"]), "first-south": float(first["south"]),
            "paper-north": float(paper["north"]), "paper-south": float(paper["south"])}


def population_decline_table(years=(2021, 2022)) -> pd.DataFrame:
    """Provinces whose year-end resident population fell from the year before, with their side of
    the Qinling-Huaihe line: 年份, 省份, 南北, 比上年增减（万人）."""
    dpop = wide("population", "nbs_db").diff()
    reg, lab = regions(), labels("north_south", "zh")
    rows = [{"年份": str(y), "省份": reg.loc[a, "short_zh"], "南北": lab[reg.loc[a, "north_south"]],
             "比上年增减（万人）": float(dpop.loc[y, a])}
            for y in years for a in dpop.columns[dpop.loc[y] < 0]]
    return pd.DataFrame(rows).sort_values(["年份", "南北", "比上年增减（万人）"]).reset_index(drop=True)


def population_decline_evidence(years=(2021, 2022)) -> dict:
    """How many provinces lost population each year and how many of them are in the south:
    ``<year>-n`` and ``<year>-south``."""
    t = population_decline_table(years)
    south = labels("north_south", "zh")["south"]
    out = {}
    for y in years:
        sub = t[t["年份"] == str(y)]
        out[f"{y}-n"] = len(sub)
        out[f"{y}-south"] = int((sub["南北"] == south).sum())
    return out


def industry_gap_evidence() -> dict:
    """"The industrial gap widened" (section 五.1) read three ways from the paper's own tables.

    For the secondary (``va2``, Table 7) and tertiary (``va3``, Table 8) industries, first and
    last printed year: the coastal share of national value added (%), the absolute coastal −
    inland gap (亿元, current prices), and the ratio of coastal to inland value added per
    resident, with the population implied by Tables 1-2 (= NBS year-end population).

    Returns
    -------
    dict
        ``year-first``, ``year-last``; for k in va2, va3: ``<k>-coastal-pct-first/last``,
        ``<k>-gap-first/last``, ``<k>-pc-ratio-first/last``.
    """
    pop = implied_population().xs("from_tables_1_2", axis=1, level=1)
    y0, y1 = int(pop.index.min()), int(pop.index.max())
    out = {"year-first": y0, "year-last": y1}
    for n, k in ((7, "va2"), (8, "va3")):
        t = _paper(n)
        pc = t[["coastal", "inland"]] / pop[["coastal", "inland"]]
        for y, tag in ((y0, "first"), (y1, "last")):
            out[f"{k}-coastal-pct-{tag}"] = float(t.loc[y, "coastal_pct"])
            out[f"{k}-gap-{tag}"] = float(t.loc[y, "coastal"] - t.loc[y, "inland"])
            out[f"{k}-pc-ratio-{tag}"] = float(pc.loc[y, "coastal"] / pc.loc[y, "inland"])
    return out


def free_trade_zones(provinces) -> pd.DataFrame:
    """The first free-trade-zone event of ``data/timeline.csv`` naming each province.

    Parameters
    ----------
    provinces : iterable of str
        Short Chinese names as they appear in the event names (湖南, 新疆, ...).

    Returns
    -------
    pandas.DataFrame
        province, year (NaN when the timeline lists none), event_zh, source.
    """
    ftz = load_timeline().query("kind == 'ftz'")
    rows = []
    for p in provinces:
        hit = ftz[ftz["event_zh"].str.contains(p, regex=False)]
        if hit.empty:
            rows.append({"province": p, "year": np.nan, "event_zh": "", "source": ""})
        else:
            first = hit.iloc[0]
            rows.append({"province": p, "year": int(first["year"]), "event_zh": first["event_zh"],
                         "source": first["source"]})
    return pd.DataFrame(rows)


def free_trade_zone_evidence(proposed=None) -> dict:
    """When the provinces the paper proposes new free-trade zones for got one (``data/timeline.csv``).

    Parameters
    ----------
    proposed : dict, optional
        key -> province short name; default the paper's three (section 六.1): hunan 湖南,
        xinjiang 新疆, neimenggu 内蒙古.

    Returns
    -------
    dict
        ``<key>-year`` (0 when the timeline has none) and ``<key>-source`` (the State Council
        document, or an empty text); ``timeline-last`` (the last year the timeline covers).
    """
    proposed = proposed or {"hunan": "湖南", "xinjiang": "新疆", "neimenggu": "内蒙古"}
    t = free_trade_zones(proposed.values()).set_index("province")
    out = {}
    for key, name in proposed.items():
        year = t.loc[name, "year"]
        out[f"{key}-year"] = 0 if pd.isna(year) else int(year)
        out[f"{key}-source"] = t.loc[name, "source"] or "（时间线中没有）"
    out["timeline-last"] = int(load_timeline()["year"].max())
    return out



def gradient_headline() -> dict:
    """The paper's headline gradient, from Tables 1-2 and NBS's population: ``first-year``,
    ``last-year``; ``coastal-gdp-share-first/last`` (%); ``coastal-pop-share-last`` (% of the
    31 provinces' year-end population); ``coastal-index-first/last`` and ``inland-index-first/last``
    (per-capita GDP, national = 100); ``n-coastal``."""
    t1, t2 = _paper(1), _paper(2)
    y0, y1 = int(t1.index.min()), int(t1.index.max())
    pop = totals("population", "nbs_db", "coastal", years=[y1]).loc[y1]
    return {"first-year": y0, "last-year": y1,
            "coastal-gdp-share-first": float(t1.loc[y0, "coastal_pct"]),
            "coastal-gdp-share-last": float(t1.loc[y1, "coastal_pct"]),
            "coastal-pop-share-last": float(pop["coastal"] / pop["national"] * 100),
            "coastal-index-first": float(t2.loc[y0, "coastal_pct"]), "coastal-index-last": float(t2.loc[y1, "coastal_pct"]),
            "inland-index-first": float(t2.loc[y0, "inland_pct"]), "inland-index-last": float(t2.loc[y1, "inland_pct"]),
            "n-coastal": int((membership("coastal") == "coastal").sum())}
