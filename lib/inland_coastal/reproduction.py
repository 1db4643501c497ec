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
from .indicators import TABLES, table_from_paper, table_from_provinces, table_spec

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
