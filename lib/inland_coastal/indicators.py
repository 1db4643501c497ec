"""Regional aggregates and the paper's Tables 1-8.

Aggregation is always over provinces: a group total is the sum of its provinces, a group's
per-capita value is the sum of the numerator over the sum of population (never a mean of
per-capita values), a share is group ÷ national × 100, and an index is the group's
per-capita value ÷ the national per-capita value × 100. "National" is the sum of the 31
provinces, as in the paper.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .cache import data_version, memoize
from .errors import DataError
from .groupings import groups, membership, regions
from .loading import load_panel, load_paper_tables

#: 亿元 ÷ 万人 → 元 per person
YUAN_PER_YI_PER_WAN = 1e4


@dataclass(frozen=True)
class TableSpec:
    number: int
    title_zh: str
    indicator: str          # the paper's indicator code in paper_tables.csv
    kind: str               # "total" or "per_capita"
    unit: str
    decimals: int
    panel_indicator: str    # numerator in the province panel
    default_vintage: str    # vintage of the panel used by default

    @property
    def pct_label(self) -> str:
        return "占全国比重（%）" if self.kind == "total" else "相对全国水平（全国=100）"


#: the paper's tables; ``default_vintage`` is the province panel's vintage that reproduces the printed
#: table: ``paper`` for Tables 1-2 (2011-2022), ``nbs_db_2021`` for Tables 3-8 (2000-2019; it equals
#: the printed cells for 2012-2019 to the last printed digit or within 3 units of it, see data/README.md).
#: Later vintages (fiscal ``nbs_db_2025``, trade ``nbs_db_2026``, value added ``rev2025``) via ``vintage=``.
TABLES: dict[int, TableSpec] = {
    1: TableSpec(1, "中国主要区域地区生产总值与占比", "gdp", "total", "亿元", 1, "gdp", "paper"),
    2: TableSpec(2, "中国主要区域人均地区生产总值", "gdp_per_capita", "per_capita", "元", 2, "gdp", "paper"),
    3: TableSpec(3, "中国主要区域财政收入", "fiscal_revenue", "total", "亿元", 2, "fiscal_revenue", "nbs_db_2021"),
    4: TableSpec(4, "中国主要区域人均收入（实为人均地方一般公共预算收入）", "fiscal_revenue_per_capita", "per_capita",
                 "元", 2, "fiscal_revenue", "nbs_db_2021"),
    5: TableSpec(5, "中国主要区域货物进出口总额", "goods_trade", "total", "千美元", 0, "trade_usd", "nbs_db_2021"),
    6: TableSpec(6, "中国主要区域第一产业增加值", "va_primary", "total", "亿元", 1, "va_primary", "nbs_db_2021"),
    7: TableSpec(7, "中国主要区域第二产业增加值", "va_secondary", "total", "亿元", 1, "va_secondary", "nbs_db_2021"),
    8: TableSpec(8, "中国主要区域第三产业增加值", "va_tertiary", "total", "亿元", 1, "va_tertiary", "nbs_db_2021"),
}
POPULATION = ("population", "nbs_db")


def table_spec(n: int) -> TableSpec:
    if n not in TABLES:
        raise DataError(f"the paper has Tables 1-8; there is no Table {n}")
    return TABLES[n]


def vintages(indicator: str, panel: pd.DataFrame | None = None) -> list[str]:
    """The vintages the panel holds for an indicator."""
    p = load_panel() if panel is None else panel
    return sorted(p.loc[p["indicator"] == indicator, "vintage"].unique())


def _wide(p: pd.DataFrame, indicator: str, vintage: str) -> pd.DataFrame:
    sel = p[(p["indicator"] == indicator) & (p["vintage"] == vintage)]
    if sel.empty:
        have = vintages(indicator, p)
        if not have:
            raise DataError(f"the panel has no indicator '{indicator}'; it has "
                            f"{', '.join(sorted(p['indicator'].unique()))}")
        raise DataError(f"the panel has no vintage '{vintage}' of {indicator}; it has {', '.join(have)}")
    w = sel.pivot(index="year", columns="adcode", values="value").sort_index()
    return w.reindex(columns=regions().index)


@memoize(maxsize=256)
def _wide_cached(version: str, indicator: str, vintage: str) -> pd.DataFrame:
    return _wide(load_panel(), indicator, vintage)


def wide(indicator: str, vintage: str, panel: pd.DataFrame | None = None) -> pd.DataFrame:
    """year × adcode table of one indicator and vintage (NaN where a province has no figure).

    Tables of the project's panel are kept once made (a chapter asks for the same ones many
    times), keyed on :func:`~inland_coastal.cache.data_version`, so an edit is seen."""
    if panel is not None:
        return _wide(panel, indicator, vintage)
    return _wide_cached(data_version(), indicator, vintage).copy()


def paper_years() -> list[int]:
    """The years the paper's tables cover (2012-2022)."""
    return sorted(load_paper_tables()["year"].unique().tolist())


def gdp_and_population(vintage: str = "paper", years=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """year × adcode GDP (亿元, the given vintage) and year-end population (万人): the input of
    the inequality, convergence and spatial measures.

    Default years: for ``vintage='paper'`` the paper's period (2012-2022; its 2011 figures
    are there as a base for growth rates and can be asked for explicitly), otherwise every
    year in which both series cover all 31 provinces. A year outside the data raises
    DataError naming the covered range.
    """
    gdp = wide("gdp", vintage)
    pop = wide(*POPULATION)
    covered = [y for y in gdp.index if y in pop.index
               and gdp.loc[y].notna().all() and pop.loc[y].notna().all()]
    if not covered:
        raise DataError(f"gdp ({vintage}) and population have no year with all 31 provinces in common")
    span = f"{min(covered)}-{max(covered)}"
    if years is None:
        years = [y for y in paper_years() if y in covered] if vintage == "paper" else covered
    else:
        years = [int(y) for y in np.atleast_1d(years)]
        absent = [y for y in years if y not in covered]
        if absent:
            which = "year" if len(absent) == 1 else "years"
            raise DataError(f"{which} {', '.join(map(str, absent))} not covered: gdp ({vintage}) with "
                            f"population covers {span}")
    return gdp.loc[years], pop.loc[years]


def per_capita_gdp(vintage: str = "paper", years=None) -> pd.DataFrame:
    """year × adcode per-capita GDP, 元 (GDP ÷ year-end population), for the years of
    :func:`gdp_and_population`."""
    gdp, pop = gdp_and_population(vintage, years)
    return gdp / pop * YUAN_PER_YI_PER_WAN


def _complete_years(w: pd.DataFrame, what: str, years=None) -> pd.DataFrame:
    """Keep the requested years (default: every year with any figure) and insist that
    every province is present in each, naming the ones that are not."""
    if years is not None:
        years = list(years)
        absent = [y for y in years if y not in w.index]
        if absent:
            raise DataError(f"{what} has no figures for {absent}; it covers {w.index.min()}-{w.index.max()}")
        w = w.loc[years]
    w = w.dropna(how="all")
    gaps = w.isna().to_numpy()
    if gaps.any():
        i = int(gaps.any(axis=1).nonzero()[0][0])
        names = regions().loc[w.columns[gaps[i]], "short_zh"].tolist()
        raise DataError(f"{what} {w.index[i]}: no figure for {', '.join(names)}; a total needs all 31 provinces")
    return w


def group_sum(w: pd.DataFrame, scheme: str) -> pd.DataFrame:
    """year × [national, group...] sums of a year × adcode table."""
    m = membership(scheme)
    out = w.T.groupby(m).sum().T[groups(scheme)]
    out.insert(0, "national", w.sum(axis=1))
    out.columns.name = None
    return out


def totals(indicator: str, vintage: str, scheme: str = "coastal", years=None,
           panel: pd.DataFrame | None = None) -> pd.DataFrame:
    """Group totals by year: columns national and the scheme's groups."""
    w = _complete_years(wide(indicator, vintage, panel), f"{indicator} ({vintage})", years)
    return group_sum(w, scheme)


def _with_population(indicator: str, vintage: str, years, panel, population) -> tuple[pd.DataFrame, pd.DataFrame]:
    """year × adcode tables of an indicator and of population for the same years, both complete
    (every province in every year), or DataError naming what is missing."""
    val = _complete_years(wide(indicator, vintage, panel), f"{indicator} ({vintage})", years)
    pop = wide(*population, panel=panel)
    missing = [y for y in val.index if y not in pop.index]
    if missing:
        raise DataError(f"population ({population[1]}) has no figures for {missing}")
    return val, _complete_years(pop, f"population ({population[1]})", val.index)


def per_capita(indicator: str, vintage: str, scheme: str = "coastal", years=None,
               panel: pd.DataFrame | None = None, population=POPULATION,
               scale: float = YUAN_PER_YI_PER_WAN) -> pd.DataFrame:
    """Group per-capita values: Σ indicator ÷ Σ year-end population × scale (亿元/万人 → 元)."""
    num, pop = _with_population(indicator, vintage, years, panel, population)
    return group_sum(num, scheme) / group_sum(pop, scheme) * scale


def weighted_mean(indicator: str, vintage: str, scheme: str = "coastal", years=None,
                  panel: pd.DataFrame | None = None, population=POPULATION) -> pd.DataFrame:
    """Group means of a per-resident provincial series (e.g. disposable income per capita),
    weighted by year-end population: Σ value_i · pop_i ÷ Σ pop_i. Columns national + groups."""
    val, pop = _with_population(indicator, vintage, years, panel, population)
    return group_sum(val * pop, scheme) / group_sum(pop, scheme)


def province_per_capita(indicator: str, vintage: str, panel: pd.DataFrame | None = None,
                        population=POPULATION, scale: float = YUAN_PER_YI_PER_WAN) -> pd.DataFrame:
    """year × adcode per-capita values (e.g. GDP ÷ year-end population, 元)."""
    num = wide(indicator, vintage, panel)
    pop = wide(*population, panel=panel).reindex(num.index)
    return num / pop * scale


def province_index(indicator: str, vintage: str, years=None, panel: pd.DataFrame | None = None,
                   population=POPULATION) -> pd.DataFrame:
    r"""Each province's per-capita value relative to the 31 provinces together, national = 100,
    in long form (for maps).

    .. math::

        I_{it} = 100 \cdot \frac{X_{it} / P_{it}}{\sum_j X_{jt} / \sum_j P_{jt}}

    Parameters
    ----------
    indicator, vintage : str
        A total (e.g. ``gdp``) and its vintage; P is year-end population.
    years : iterable of int, optional
        Default every year in which all 31 provinces have the indicator and a population.

    Returns
    -------
    pandas.DataFrame
        adcode, year, index (national = 100).
    """
    num, pop = _with_population(indicator, vintage, years, panel, population)
    idx = (num / pop).div(num.sum(axis=1) / pop.sum(axis=1), axis=0) * 100
    idx.index = idx.index.astype(int)
    out = idx.stack().rename("index").reset_index()
    out.columns = ["year", "adcode", "index"]
    return out[["adcode", "year", "index"]]


def vintage_ratio(indicator: str, vintage: str, other: str, year: int,
                  panel: pd.DataFrame | None = None) -> pd.Series:
    """How much one vintage revised another: each province's value in ``vintage`` ÷ its value in
    ``other`` in one year (e.g. ``vintage_ratio("gdp", "nbs_db_2021", "first_release", 2012)``:
    below 1 where the later database revised the first release down).

    Returns
    -------
    pandas.Series
        adcode -> ratio, for the provinces with both values (DataError if none).
    """
    a, b = wide(indicator, vintage, panel), wide(indicator, other, panel)
    year = int(year)
    if year not in a.index or year not in b.index:
        raise DataError(f"{indicator}: {vintage} and {other} do not both cover {year}")
    r = (a.loc[year] / b.loc[year]).dropna()
    if r.empty:
        raise DataError(f"{indicator}: no province has both {vintage} and {other} in {year}")
    return r.rename(f"{vintage}/{other}")


def shares(t: pd.DataFrame) -> pd.DataFrame:
    """Each group's share of the national total, %."""
    return t.drop(columns="national").div(t["national"], axis=0) * 100


def index_to_national(pc: pd.DataFrame) -> pd.DataFrame:
    """Each group's per-capita value with the national value = 100."""
    return pc.drop(columns="national").div(pc["national"], axis=0) * 100


def _finish(values: pd.DataFrame, pct: pd.DataFrame, spec: TableSpec) -> pd.DataFrame:
    out = values.round(spec.decimals)
    for g in pct.columns:
        out[f"{g}_pct"] = pct[g].round(2)
    out.index.name = "year"
    return out.reset_index().sort_values("year").reset_index(drop=True)


@memoize(maxsize=128)
def _table_from_provinces_cached(version: str, n: int, scheme: str, vintage: str | None) -> pd.DataFrame:
    return _table_from_provinces(n, scheme, vintage, None)


def table_from_provinces(n: int, scheme: str = "coastal", vintage: str | None = None,
                         panel: pd.DataFrame | None = None) -> pd.DataFrame:
    """Table n recomputed from the province panel, for every year the vintage covers.

    Columns: year, national, one per group, and ``<group>_pct`` (share of national for
    totals, index with national = 100 for per-capita tables). Tables of the project's data
    are kept once made (keyed on the data's version, like :func:`wide`)."""
    if panel is None:
        return _table_from_provinces_cached(data_version(), n, scheme, vintage).copy()
    return _table_from_provinces(n, scheme, vintage, panel)


def _table_from_provinces(n: int, scheme: str, vintage: str | None, panel) -> pd.DataFrame:
    spec = table_spec(n)
    vintage = vintage or spec.default_vintage
    if spec.kind == "total":
        v = totals(spec.panel_indicator, vintage, scheme, panel=panel)
        return _finish(v, shares(v), spec)
    v = per_capita(spec.panel_indicator, vintage, scheme, panel=panel)
    return _finish(v, index_to_national(v), spec)


@memoize(maxsize=16)
def _table_from_paper_cached(version: str, n: int) -> pd.DataFrame:
    return _table_from_paper(n, None)


def table_from_paper(n: int, paper: pd.DataFrame | None = None) -> pd.DataFrame:
    """Table n as printed in the paper (coastal/inland only), same columns as
    :func:`table_from_provinces`."""
    if paper is None:
        return _table_from_paper_cached(data_version(), n).copy()
    return _table_from_paper(n, paper)


def _table_from_paper(n: int, paper) -> pd.DataFrame:
    spec = table_spec(n)
    p = load_paper_tables() if paper is None else paper
    t = p[p["table"] == f"T{n}"]
    vals = t[t["indicator"] == spec.indicator].pivot(index="year", columns="region", values="value")
    pct = t[t["indicator"] != spec.indicator].pivot(index="year", columns="region", values="value")
    out = vals[["national", "coastal", "inland"]].copy()
    out["coastal_pct"] = pct["coastal"]
    out["inland_pct"] = pct["inland"]
    out.index.name = "year"
    out.columns.name = None
    return out.reset_index().sort_values("year").reset_index(drop=True)


def paper_table(n: int, source: str = "paper", scheme: str = "coastal",
                vintage: str | None = None) -> pd.DataFrame:
    """Table n from the paper's printed aggregates (``source='paper'``) or recomputed from
    the province panel (``source='provinces'``)."""
    if source == "paper":
        if scheme != "coastal":
            raise DataError("the paper's tables give only the coastal/inland grouping; "
                            "use --from provinces for another scheme")
        if vintage is not None:
            raise DataError("--vintage applies to --from provinces; the paper's tables have one vintage")
        return table_from_paper(n)
    if source == "provinces":
        return table_from_provinces(n, scheme, vintage)
    raise DataError(f"unknown source '{source}': use 'paper' or 'provinces'")


def implied_population(paper: pd.DataFrame | None = None) -> pd.DataFrame:
    """Population (万人) implied by the paper's tables two ways: Table 1 ÷ Table 2 and
    Table 3 ÷ Table 4. Equal columns show that Table 4 is fiscal revenue per resident."""
    rows = {}
    for region in ("national", "coastal", "inland"):
        t1, t2, t3, t4 = (table_from_paper(n, paper).set_index("year")[region] for n in (1, 2, 3, 4))
        rows[(region, "from_tables_1_2")] = t1 / t2 * YUAN_PER_YI_PER_WAN
        rows[(region, "from_tables_3_4")] = t3 / t4 * YUAN_PER_YI_PER_WAN
    out = pd.DataFrame(rows)
    for region in ("national", "coastal", "inland"):
        a, b = out[(region, "from_tables_1_2")], out[(region, "from_tables_3_4")]
        out[(region, "rel_diff_pct")] = (b - a) / a * 100
    return out.sort_index(axis=1)


def compare_with_paper(n: int, vintage: str | None = None) -> pd.DataFrame:
    """Paper vs province panel for the years both cover: long table with the difference."""
    paper = table_from_paper(n).melt("year", var_name="column", value_name="paper")
    prov = table_from_provinces(n, vintage=vintage).melt("year", var_name="column", value_name="provinces")
    out = paper.merge(prov, on=["year", "column"], how="inner")
    out["diff"] = out["provinces"] - out["paper"]
    out["rel_diff_pct"] = np.where(out["paper"] != 0, out["diff"] / out["paper"] * 100, np.nan)
    return out
