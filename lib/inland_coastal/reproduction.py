"""The paper's Tables 1-8 rebuilt from the 31 provinces, set against the printed tables.

For table n, :func:`reproduce` sums the province panel (:func:`inland_coastal.indicators.table_from_provinces`,
at the paper's printed precision) and puts it beside the printed table
(:func:`inland_coastal.indicators.table_from_paper`) for the years both cover, with the
largest absolute differences of the values and of the percentages. With the default vintages
(``indicators.TABLES``) the values agree to the last printed digit, or within 0.03 亿元
(Table 3), 0.01 元 (Table 4) and 0.1 亿元 (Tables 7-8, 2019 only), and every percentage
agrees to 0.01: the paper rounded its province figures before adding them, we add and then round.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .errors import DataError
from .indicators import TABLES, table_from_paper, table_from_provinces, table_spec, vintage_label

#: rows of the province panel known to be wrong, kept as received: (indicator, vintage) -> {year: why}
KNOWN_PROBLEMS = {
    ("trade_usd", "paper"): {
        2006: "trade_usd (paper) 2006 is known to be wrong: its 31 provinces sum to 27,760 亿美元 against "
              "NBS's national 17,604 (every province 2-7 times its neighbouring years); the default vintage "
              "nbs_db_2021 has the right 2006 figures",
    },
}


def known_problems(n: int, vintage: str | None, years) -> list[str]:
    """Notes on the rows of table n (from the provinces, ``vintage``) known to be wrong, for ``years``."""
    spec = table_spec(n)
    probs = KNOWN_PROBLEMS.get((spec.panel_indicator, vintage or spec.default_vintage), {})
    return [why for y, why in sorted(probs.items()) if y in set(int(v) for v in years)]


@dataclass(frozen=True)
class Reproduction:
    """Table n from the provinces beside the printed table, for the years both cover."""
    n: int
    vintage: str
    provinces: pd.DataFrame      # year, national, coastal, inland, coastal_pct, inland_pct (rounded as printed)
    paper: pd.DataFrame          # the same columns, as printed
    diff: pd.DataFrame           # provinces − paper, same shape
    max_abs_diff: float          # over national, coastal, inland (the table's unit)
    max_abs_diff_pct: float      # over the percentage columns (points)

    @property
    def years(self) -> list[int]:
        return [int(y) for y in self.paper["year"]]

    @property
    def unit(self) -> str:
        return table_spec(self.n).unit


def reproduce(n: int, vintage: str | None = None, years=None) -> Reproduction:
    """Table n recomputed from the province panel next to the printed table.

    Parameters
    ----------
    n : int
        Table number, 1-8.
    vintage : str, optional
        Province-panel vintage (default ``indicators.TABLES[n].default_vintage``: ``paper`` for
        Tables 1-2, ``nbs_db_2021`` for Tables 3-8).
    years : iterable of int, optional
        Default every year both cover (2012-2022 for Tables 1-2, 2012-2019 for Tables 3-8).

    Returns
    -------
    Reproduction
        ``provinces``, ``paper``, ``diff`` tables (columns year, national, coastal, inland,
        coastal_pct, inland_pct) and the maximum absolute differences.
    """
    spec = table_spec(n)
    vintage = vintage or spec.default_vintage
    prov = table_from_provinces(n, vintage=vintage).set_index("year")
    paper = table_from_paper(n).set_index("year")
    common = [int(y) for y in paper.index if y in prov.index]
    if years is not None:
        years = [int(y) for y in years]
        absent = [y for y in years if y not in common]
        if absent:
            span = f"{common[0]}-{common[-1]}" if common else "no year"
            raise DataError(f"Table {n} from the provinces ({vintage}) and as printed have no common figures for "
                            f"{', '.join(map(str, absent))}; both cover {span}")
        common = years
    if not common:
        raise DataError(f"Table {n}: the province panel ({vintage}) covers {int(prov.index.min())}-"
                        f"{int(prov.index.max())}, the paper 2012-2022: no year in common")
    cols = list(paper.columns)
    p, q = prov.loc[common, cols], paper.loc[common, cols]
    values = [c for c in cols if not c.endswith("_pct")]
    pct = [c for c in cols if c.endswith("_pct")]
    d = p - q  # both at the printed precision: round away the binary noise of the subtraction
    d[values] = d[values].round(spec.decimals)
    d[pct] = d[pct].round(2)
    return Reproduction(n, vintage, p.reset_index(), q.reset_index(), d.reset_index(),
                        float(d[values].abs().max().max()), float(d[pct].abs().max().max()))


def reproduce_all(vintages: dict | None = None) -> dict[int, Reproduction]:
    """:func:`reproduce` for Tables 1-8 (``vintages`` maps n -> vintage where not the default)."""
    vintages = vintages or {}
    return {n: reproduce(n, vintages.get(n)) for n in TABLES}


def summary(reps: dict[int, Reproduction] | None = None) -> pd.DataFrame:
    """One row per table: table, vintage, first and last year, cells compared, max_abs_diff (unit),
    max_abs_diff_pct (points)."""
    reps = reps or reproduce_all()
    rows = []
    for n, r in reps.items():
        rows.append({"table": n, "vintage": r.vintage, "first": min(r.years), "last": max(r.years),
                     "cells": int(r.diff.drop(columns="year").size), "unit": r.unit,
                     "max_abs_diff": r.max_abs_diff, "max_abs_diff_pct": r.max_abs_diff_pct})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- the tables' readings and vintages
def table_facts(n: int, vintage: str | None = None) -> dict:
    """The cells a reader of the printed Table n looks at, and how well the provinces rebuild it.

    Parameters
    ----------
    n : int
        Table number, 1-8.
    vintage : str, optional
        Province-panel vintage of the rebuild (default that of :func:`reproduce`).

    Returns
    -------
    dict
        From the printed table: ``y0``, ``y1`` (first and last year), ``national-y1``,
        ``coastal-y1``, ``inland-y1``, ``coastal-y0``, ``inland-y0``; for each group g in
        (coastal, inland) ``g-pct-y0``, ``g-pct-y1``, ``g-pct-min``, ``g-pct-max`` and the years
        ``g-pct-argmin``, ``g-pct-argmax`` (the share of the national total, or the index with
        national = 100 for per-capita tables); ``ratio-y0``, ``ratio-y1`` (coastal ÷ inland) and
        ``diff-y0``, ``diff-y1`` (coastal − inland, the table's unit).
        From :func:`reproduce`: ``rep-vintage``, ``rep-y0``, ``rep-y1``, ``rep-cells`` (values
        compared), ``rep-maxdiff`` (the table's unit) and ``rep-maxdiff-pct`` (points).
    """
    t = table_from_paper(n).set_index("year")
    y0, y1 = int(t.index.min()), int(t.index.max())
    out = {"y0": y0, "y1": y1, "national-y1": float(t.loc[y1, "national"])}
    for g in ("coastal", "inland"):
        out[f"{g}-y0"], out[f"{g}-y1"] = float(t.loc[y0, g]), float(t.loc[y1, g])
    for g in ("coastal", "inland"):
        pct = t[f"{g}_pct"]
        out.update({f"{g}-pct-y0": float(pct.loc[y0]), f"{g}-pct-y1": float(pct.loc[y1]),
                    f"{g}-pct-min": float(pct.min()), f"{g}-pct-max": float(pct.max()),
                    f"{g}-pct-argmin": int(pct.idxmin()), f"{g}-pct-argmax": int(pct.idxmax())})
    out["ratio-y0"] = float(t.loc[y0, "coastal"] / t.loc[y0, "inland"])
    out["ratio-y1"] = float(t.loc[y1, "coastal"] / t.loc[y1, "inland"])
    out["diff-y0"] = float(t.loc[y0, "coastal"] - t.loc[y0, "inland"])
    out["diff-y1"] = float(t.loc[y1, "coastal"] - t.loc[y1, "inland"])
    r = reproduce(n, vintage)
    out.update({"rep-vintage": r.vintage, "rep-y0": min(r.years), "rep-y1": max(r.years),
                "rep-cells": int(r.diff.drop(columns="year").size), "rep-maxdiff": r.max_abs_diff,
                "rep-maxdiff-pct": r.max_abs_diff_pct})
    return out


def _span_zh(years) -> str:
    years = sorted(int(y) for y in years)
    return f"{years[0]}—{years[-1]}" if years else "—"


def vintage_summary(n: int, vintages=None) -> pd.DataFrame:
    """Table n rebuilt from each vintage of the province panel, beside the printed table.

    Parameters
    ----------
    n : int
        Table number, 1-8.
    vintages : list of str, optional
        Province-panel vintages (default the table's default vintage alone).

    Returns
    -------
    pandas.DataFrame
        One row per vintage, with Chinese headers for the page: 省级数据版本 (its Chinese name),
        覆盖年份 (every year the vintage covers), 与论文共同年份, 比较的数值 (cells compared),
        最大绝对差 (the table's unit, at the printed precision; a whole number for Table 5),
        最大差所在年份, and
        占比或指数最大差（百分点）.
    """
    spec = table_spec(n)
    vintages = list(vintages or [spec.default_vintage])
    rows = []
    for v in vintages:
        r = reproduce(n, v)
        full = table_from_provinces(n, vintage=v)
        vals = r.diff.set_index("year")[["national", "coastal", "inland"]].abs()
        worst = int(vals.max(axis=1).idxmax())
        rows.append({"省级数据版本": vintage_label(v), "覆盖年份": _span_zh(full["year"]),
                     "与论文共同年份": _span_zh(r.years), "比较的数值": int(r.diff.drop(columns="year").size),
                     f"最大绝对差（{spec.unit}）": (round(r.max_abs_diff, spec.decimals) if spec.decimals
                                                 else int(round(r.max_abs_diff))),
                     "最大差所在年份": worst if r.max_abs_diff > 0 else "—",
                     "占比或指数最大差（百分点）": r.max_abs_diff_pct})
    return pd.DataFrame(rows)


def vintage_tables(n: int, vintages, first: int | None = None) -> dict:
    """The printed Table n and the same table summed from each vintage of the province panel, for
    a chart that sets them side by side (``charts.paper_vintages_chart``).

    Parameters
    ----------
    n : int
        Table number, 1-8.
    vintages : list of str
        Province-panel vintages, each for every year it covers.
    first : int, optional
        Leave out the years before ``first`` (e.g. the paper's first year).

    Returns
    -------
    dict
        label -> table (columns of :func:`inland_coastal.indicators.table_from_paper`):
        ``"论文表n"`` first, then ``"分省：<vintage's short Chinese name>"`` per vintage.
    """
    out = {f"论文表{n}": table_from_paper(n)}
    for v in vintages:
        t = table_from_provinces(n, vintage=v)
        if first is not None:
            t = t[t["year"] >= int(first)].reset_index(drop=True)
        if t.empty:
            raise DataError(f"Table {n} from the provinces ({v}) has no year from {first} on")
        out[f"分省：{vintage_label(v, short=True)}"] = t
    return out


#: the NBS series behind each table (分省年度数据), for source notes
NBS_SERIES = {1: "地区生产总值", 2: "地区生产总值、年末常住人口", 3: "地方一般公共预算收入",
              4: "地方一般公共预算收入、年末常住人口", 5: "货物进出口总额（按经营单位所在地）",
              6: "第一产业增加值", 7: "第二产业增加值", 8: "第三产业增加值"}


def source_note(n: int, vintages) -> list[str]:
    """A chart's source note for Table n against the province panel, as short lines (a chart's
    note should not be wider than the chart): the NBS series, then each vintage with the years it
    covers."""
    lines = [f"资料来源：论文表{n}；国家统计局分省年度数据“{NBS_SERIES[n]}”："]
    for v in vintages:
        years = table_from_provinces(n, vintage=v)["year"]
        lines.append(f"{vintage_label(v)}，{_span_zh(years)}年；")
    lines[-1] = lines[-1].rstrip("；") + "。31个省份加总为作者计算。"
    return lines


def coverage(n: int, vintages) -> dict:
    """The first and last year each province-panel vintage of Table n covers (all 31 provinces):
    ``<vintage>-y0`` and ``<vintage>-y1`` for every vintage."""
    out = {}
    for v in vintages:
        years = table_from_provinces(n, vintage=v)["year"]
        out[f"{v}-y0"], out[f"{v}-y1"] = int(years.min()), int(years.max())
    return out
