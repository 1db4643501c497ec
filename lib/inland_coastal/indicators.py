"""Regional aggregates and the paper's Tables 1-8.

Aggregation is always over provinces: a group total is the sum of its provinces, a group's
per-capita value is the sum of the numerator over the sum of population (never a mean of
per-capita values), a share is group ÷ national × 100, and an index is the group's
per-capita value ÷ the national per-capita value × 100. "National" is the sum of the 31
provinces, as in the paper.
"""
from __future__ import annotations

import re
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


def wide_joined(indicator: str, vintages, rtol: float = 1e-6) -> pd.DataFrame:
    """year × adcode table of one indicator joined from several vintages that agree where they
    overlap: each year is taken from the first vintage (in the order given) that has it.

    Meant for vintages that are one series (``("nbs_db_2021", "paper")``: the paper's vintage,
    equal for every province in 2011-2019, carried back to 2000), not for splicing different
    revisions: a year both vintages hold whose values differ by more than ``rtol`` (relative)
    in any province raises DataError naming it."""
    vintages = list(vintages)
    if not vintages:
        raise DataError("wide_joined needs at least one vintage")
    out = wide(indicator, vintages[0]).dropna(how="all")
    for v in vintages[1:]:
        w = wide(indicator, v).dropna(how="all")
        both = [y for y in w.index if y in out.index]
        if both:
            a, b = out.loc[both], w.loc[both]
            bad = ((a - b).abs() > rtol * b.abs()).to_numpy()
            if bad.any():
                i, j = (int(k[0]) for k in bad.nonzero())
                name = regions().loc[a.columns[j], "short_zh"]
                raise DataError(f"{indicator}: vintages {vintages[0]} and {v} differ in {both[i]} for {name} "
                                f"({a.iloc[i, j]} against {b.iloc[i, j]}); they cannot be joined as one series")
        out = pd.concat([out, w.loc[[y for y in w.index if y not in out.index]]]).sort_index()
    out.index.name = "year"
    return out


def shares_by_vintage(vintages: dict, indicator: str = "gdp", scheme: str = "coastal",
                      group: str = "inland") -> pd.DataFrame:
    """One group's share of the national total (%) in several vintages, as long rows for a chart:
    columns 口径 (the label), vintage, year, share.

    ``vintages`` maps a label to a vintage, or to a tuple of vintages that are one series
    (joined by :func:`wide_joined`), e.g. ``{"论文口径": ("nbs_db_2021", "paper"),
    "初次发布数": "first_release"}``."""
    rows = []
    for label, v in vintages.items():
        vs = (v,) if isinstance(v, str) else tuple(v)
        t = group_sum(_complete_years(wide_joined(indicator, vs), f"{indicator} ({'+'.join(vs)})"), scheme)
        s = shares(t)[group]
        rows.append(pd.DataFrame({"口径": label, "vintage": "+".join(vs), "year": s.index.astype(int),
                                  "share": s.to_numpy()}))
    return pd.concat(rows, ignore_index=True)


#: the paper's GDP vintage as one series: the 2021 database copy (2000-2019, equal to the paper's
#: figures for every province in 2011-2019) and the paper's own figures (2011-2022)
PAPER_GDP_SERIES = ("nbs_db_2021", "paper")


def gdp_share_summary(scheme: str = "coastal", group: str = "inland") -> dict:
    """The figures on the group's share of GDP that the book's background chapter reads, by name.

    Returns
    -------
    dict
        ``p-`` the paper's vintage joined back to 2000 (:data:`PAPER_GDP_SERIES`), ``fr-`` each
        year's first release, ``rev-`` the 2025 revision; shares of the national (31-province) total
        in %. Keys: ``p-first``, ``p-last``, ``fr-first``, ``fr-last``, ``rev-first``, ``rev-last``
        (years); ``p-<y>`` for the first year, 2006, 2014, 2019, 2020 and the last; ``p-min``,
        ``p-min-year`` (lowest share up to 2010); ``p-rise-<first>-2019``; ``step-<p|fr|rev>``: the
        change 2018 → 2019 in points (the first release joins a pre-census 2018 to a post-census
        2019); ``step2022-<p|fr|rev>``: the change 2021 → 2022 (the paper's 2022 is a first release
        after database figures); ``fr-<y>`` and ``rev-<y>`` for 2018, 2019, 2022 and the last year; ``rev-2022-gap``
        (paper's 2022 − the 2025 revision's 2022); ``rev-change-2019-<last>``; four regions
        (paper's vintage, first year and 2019; the 2025 revision, last year):
        ``four-<region>-p-<first>``, ``four-<region>-p-2019``, ``four-<region>-rev-<last>``.
    """
    p = shares(group_sum(wide_joined("gdp", PAPER_GDP_SERIES), scheme))[group]
    fr = shares(totals("gdp", "first_release", scheme))[group]
    rev = shares(totals("gdp", "rev2025", scheme))[group]
    pF, pL = int(p.index.min()), int(p.index.max())
    out = {"p-first": pF, "p-last": pL, "fr-first": int(fr.index.min()), "fr-last": int(fr.index.max()),
           "rev-first": int(rev.index.min()), "rev-last": int(rev.index.max())}
    for y in sorted({pF, 2006, 2014, 2019, 2020, 2021, pL}):
        out[f"p-{y}"] = float(p.loc[y])
    early = p.loc[:2010]
    out["p-min"], out["p-min-year"] = float(early.min()), int(early.idxmin())
    out[f"p-rise-{pF}-2019"] = float(p.loc[2019] - p.loc[pF])
    for k, s in (("p", p), ("fr", fr), ("rev", rev)):
        out[f"step-{k}"] = float(s.loc[2019] - s.loc[2018])
        out[f"step2022-{k}"] = float(s.loc[2022] - s.loc[2021])
    for k, s in (("fr", fr), ("rev", rev)):
        for y in sorted({2018, 2019, 2022, int(s.index.max())}):
            out[f"{k}-{y}"] = float(s.loc[y])
    rL = out["rev-last"]
    out["rev-2022-gap"] = float(p.loc[2022] - rev.loc[2022])
    out[f"rev-change-2019-{rL}"] = float(rev.loc[rL] - rev.loc[2019])
    four_p = shares(group_sum(wide_joined("gdp", PAPER_GDP_SERIES), "four_regions"))
    four_rev = shares(totals("gdp", "rev2025", "four_regions"))
    for g in groups("four_regions"):
        out[f"four-{g}-p-{pF}"] = float(four_p.loc[pF, g])
        out[f"four-{g}-p-2019"] = float(four_p.loc[2019, g])
        out[f"four-{g}-rev-{rL}"] = float(four_rev.loc[rL, g])
    return out


def population_share_summary(scheme: str = "coastal", group: str = "coastal", break_year: int = 2005,
                             census_years=(2010, 2020)) -> dict:
    """The group's share of the year-end population across the 2004/05 break, by name.

    In ``break_year`` several provinces switched from registered (户籍) to resident (常住)
    population; earlier years of those provinces are on the old basis, so a share computed from
    a year before the break mixes the two. Returns (shares in %, changes in points):
    ``first``, ``last`` (years); ``share-<y>`` for the first year, the year before the break, the
    break year, the census years and the last year; ``step-break`` (change into the break year);
    ``change-first-last`` (across the break, not comparable), ``change-break-last`` (from the break
    year); ``mean-step-break-last`` (its average per year); ``fell-n`` and ``fell`` (the provinces
    whose population fell by more than 1 % into the break year, names 、-separated, largest fall
    first) and ``fell-max-pct`` (the largest fall, %); ``national-<y>`` for the two years at the
    break (万人)."""
    pop = wide(*POPULATION)
    t = group_sum(_complete_years(pop, "population (nbs_db)"), scheme)
    s = shares(t)[group]
    first, last, b = int(s.index.min()), int(s.index.max()), int(break_year)
    out = {"first": first, "last": last}
    for y in sorted({first, b - 1, b, *[int(c) for c in census_years], last}):
        out[f"share-{y}"] = float(s.loc[y])
    out["step-break"] = float(s.loc[b] - s.loc[b - 1])
    out["change-first-last"] = float(s.loc[last] - s.loc[first])
    out["change-break-last"] = float(s.loc[last] - s.loc[b])
    out["mean-step-break-last"] = out["change-break-last"] / (last - b)
    change = (pop.loc[b] / pop.loc[b - 1] - 1) * 100
    fell = change[change < -1].sort_values()
    names = regions()["short_zh"]
    out["fell-n"] = len(fell)
    out["fell"] = "、".join(names[c] for c in fell.index)
    out["fell-max-pct"] = float(-fell.iloc[0]) if len(fell) else 0.0
    out[f"national-{b - 1}"] = float(t.loc[b - 1, "national"])
    out[f"national-{b}"] = float(t.loc[b, "national"])
    return out


def coverage(indicator: str, vintage: str) -> tuple[int, int]:
    """(first, last) year in which every one of the 31 provinces has a figure of ``indicator`` in
    ``vintage``; DataError naming the series when there is none."""
    w = wide(indicator, vintage)
    full = [int(y) for y in w.index if w.loc[y].notna().all()]
    if not full:
        raise DataError(f"{indicator} ({vintage}) has no year with all 31 provinces")
    return min(full), max(full)


# --------------------------------------------------------------------------- vintages and provinces, for the chapters
#: Chinese names of the panel's vintages, for source notes and legends
VINTAGE_ZH = {
    "paper": "论文所用口径",
    "nbs_db_2021": "国家统计局数据库约2021年版",
    "nbs_db_2025": "国家统计局数据库2025年版",
    "nbs_db_2026": "国家统计局数据库2026年版",
    "nbs_db": "国家统计局数据库",
    "first_release": "各年初次发布数",
    "rev2025": "第五次经济普查修订后口径",
    "compiled_2026": "据国家统计局数据整理的面板（2026年）",
}


#: short Chinese names of the vintages, for legends
VINTAGE_SHORT_ZH = {"paper": "论文口径", "first_release": "各年初次发布数", "rev2025": "2025年修订后",
                    "nbs_db_2021": "2021年版数据库", "nbs_db_2025": "2025年取数", "nbs_db_2026": "2026年取数",
                    "nbs_db": "国家统计局数据库", "compiled_2026": "汇编面板"}


def vintage_label(vintage: str, short: bool = False) -> str:
    """The Chinese name of a vintage (:data:`VINTAGE_ZH`, or :data:`VINTAGE_SHORT_ZH` with
    ``short=True`` for legends), or the code itself when it has none."""
    return (VINTAGE_SHORT_ZH if short else VINTAGE_ZH).get(vintage, vintage)


def province_per_capita_long(indicator: str = "gdp", vintage: str = "rev2025", scheme: str = "coastal",
                             years=None, population=POPULATION) -> pd.DataFrame:
    """Per-capita values of every province in long form, for charts ranking provinces by year.

    Parameters
    ----------
    indicator, vintage : str
        Numerator series of the panel (亿元), e.g. ``gdp`` / ``rev2025``.
    scheme : str
        The grouping whose group code goes into the ``group`` column.
    years : iterable of int, optional
        Default every year in which the indicator covers all 31 provinces.
    population : tuple
        (indicator, vintage) of the denominator, year-end resident population by default.

    Returns
    -------
    pandas.DataFrame
        year, adcode, province (short Chinese name), group, value: the indicator ÷ population
        × 10^4 (元 per resident), rounded to whole yuan.
    """
    num, pop = _with_population(indicator, vintage, years, None, population)
    pc = (num / pop * YUAN_PER_YI_PER_WAN).round(0)
    out = pc.stack().rename("value").reset_index()
    out.columns = ["year", "adcode", "value"]
    out["year"] = out["year"].astype(int)
    out["province"] = out["adcode"].map(regions()["short_zh"])
    out["group"] = out["adcode"].map(membership(scheme))
    return out[["year", "adcode", "province", "group", "value"]]


def per_capita_ranking(year: int, vintage: str = "rev2025", scheme: str = "coastal", top: int = 10,
                       rich: str = "coastal", poor: str = "inland") -> dict:
    """How far a two-group split orders the provinces: the ranking of per-capita GDP in one year.

    Parameters
    ----------
    year : int
    vintage : str
        GDP vintage (per-capita GDP = GDP ÷ year-end population).
    scheme : str
        A two-group scheme; ``rich`` and ``poor`` are its groups (coastal and inland by default).
    top : int
        The size of the top and bottom lists.

    Returns
    -------
    dict
        ``top`` and ``bottom`` (names of the highest and lowest province), ``top-bottom-ratio``
        (highest ÷ lowest), ``top-poor-n`` and ``top-poor-names`` (members of ``poor`` among the
        ``top`` highest, names joined by 、), ``bottom-rich-n`` and ``bottom-rich-names``
        (members of ``rich`` among the ``top`` lowest; "无" when none).
    """
    d = province_per_capita_long("gdp", vintage, scheme, [year]).sort_values("value", ascending=False)
    hi, lo = d.head(top), d.tail(top)
    poor_hi = hi.loc[hi["group"] == poor, "province"].tolist()
    rich_lo = lo.loc[lo["group"] == rich, "province"].tolist()
    return {"top": d["province"].iloc[0], "bottom": d["province"].iloc[-1],
            "top-bottom-ratio": float(d["value"].iloc[0] / d["value"].iloc[-1]),
            "top-poor-n": len(poor_hi), "top-poor-names": "、".join(poor_hi) or "无",
            "bottom-rich-n": len(rich_lo), "bottom-rich-names": "、".join(rich_lo) or "无"}


def above_national(year: int, vintage: str = "paper", group: str = "inland", scheme: str = "coastal") -> list[str]:
    """Short names of the provinces of ``group`` whose per-capita GDP (GDP ÷ year-end population)
    is above the national one (Σ GDP ÷ Σ population over the 31 provinces) in ``year``, highest first."""
    gdp, pop = gdp_and_population(vintage, [year])
    pc = (gdp.iloc[0] / pop.iloc[0]).sort_values(ascending=False)
    nat = gdp.iloc[0].sum() / pop.iloc[0].sum()
    m = membership(scheme)
    if group not in set(m):
        raise DataError(f"'{group}' is not a group of the scheme {scheme}: use {', '.join(groups(scheme))}")
    short = regions()["short_zh"]
    return [short[c] for c, v in pc.items() if v > nat and m[c] == group]


def group_ratio(indicator: str, vintage: str, a: str = "coastal", b: str = "inland", scheme: str = "coastal",
                years=None) -> pd.Series:
    """year -> per-capita ``indicator`` of group ``a`` ÷ that of group ``b`` (Σ X ÷ Σ population in
    each group, :func:`per_capita`): e.g. how many times inland per-capita GDP the coastal one is."""
    pc = per_capita(indicator, vintage, scheme, years)
    for g in (a, b):
        if g not in pc.columns:
            raise DataError(f"'{g}' is not a group of the scheme {scheme}: use {', '.join(groups(scheme))}")
    return (pc[a] / pc[b]).rename(f"{a}/{b}")


def weighted_mean_summary(indicator: str, vintage: str, schemes=("coastal", "four_regions")) -> dict:
    r"""First- and last-year values of a per-resident provincial series by group, population-weighted
    (:func:`weighted_mean`), their index with national = 100, and the simple mean of the provinces
    beside the weighted national value:

    .. math::

        \bar y^{w}_{G} = \frac{\sum_{i\in G} y_i N_i}{\sum_{i\in G} N_i},\qquad
        \bar y^{s} = \frac{1}{31}\sum_i y_i

    Returns
    -------
    dict
        ``first-year``, ``last-year``; for ``national`` and every group of ``schemes``:
        ``<g>-first``, ``<g>-last`` (the unit of the series) and ``index-<g>-first``, ``index-<g>-last``
        (national = 100); ``simple-mean-first``, ``simple-mean-last``.
    """
    out = {}
    for s in schemes:
        w = weighted_mean(indicator, vintage, s)
        first, last = int(w.index.min()), int(w.index.max())
        out.update({"first-year": first, "last-year": last})
        ix = index_to_national(w)
        for g in w.columns:
            out[f"{g}-first"], out[f"{g}-last"] = float(w.loc[first, g]), float(w.loc[last, g])
            if g != "national":
                out[f"index-{g}-first"] = float(ix.loc[first, g])
                out[f"index-{g}-last"] = float(ix.loc[last, g])
    raw = _complete_years(wide(indicator, vintage), f"{indicator} ({vintage})")
    out["simple-mean-first"] = float(raw.loc[out["first-year"]].mean())
    out["simple-mean-last"] = float(raw.loc[out["last-year"]].mean())
    return out


# --------------------------------------------------------------------------- vintages, sources, population
#: Chinese names of the panel's vintages, for legends, tables and source notes
#: Chinese names of the panel's indicators, the default labels of :func:`nbs_source`
INDICATOR_ZH = {"gdp": "地区生产总值", "population": "年末常住人口", "gdp_index": "地区生产总值指数", "cpi": "居民消费价格指数",
                "va_primary": "第一产业增加值", "va_secondary": "第二产业增加值", "va_tertiary": "第三产业增加值",
                "va_industry": "工业增加值", "va_construction": "建筑业增加值", "va_primary_index": "第一产业增加值指数",
                "va_secondary_index": "第二产业增加值指数", "va_tertiary_index": "第三产业增加值指数",
                "trade_usd": "货物进出口总额（按经营单位所在地）", "exports_usd": "货物出口总额", "imports_usd": "货物进口总额",
                "trade_cny": "货物进出口总额（人民币）", "fiscal_revenue": "地方一般公共预算收入",
                "fiscal_expenditure": "地方一般公共预算支出", "disposable_income_per_capita": "居民人均可支配收入",
                "gdp_per_capita_official": "人均地区生产总值", "urbanisation_rate": "城镇人口比重"}


def nbs_source(items, extra: str | None = None, width: int | None = None):
    """A source note naming each NBS series with its vintage and the years it covers in the panel,
    e.g. ``资料来源：国家统计局分省年度数据：第二产业增加值（2021年版数据库，2000—2019年）；…；作者计算。``

    Parameters
    ----------
    items : iterable of (indicator, vintage) or (label, indicator, vintage)
        ``label`` is the series' Chinese name (default :data:`INDICATOR_ZH`); the years are read
        from the panel (those with all 31 provinces). Vintages of one label are named together:
        ``地区生产总值（论文口径，2011—2022年；各年初次发布数，2005—2024年）``.
    extra : str, optional
        A sentence added before 作者计算 (e.g. the paper's table).
    width : int, optional
        For a chart's source note: the text broken after '；' into lines of at most about ``width``
        characters, returned as a list (a chart title of several lines), so that it does not run
        past the chart.

    Returns
    -------
    str, or list of str when ``width`` is given.
    """
    named: dict[str, list[str]] = {}
    for item in items:
        label, indicator, vintage = item if len(item) == 3 else (INDICATOR_ZH.get(item[0], item[0]), *item)
        w = wide(indicator, vintage)
        ys = [int(y) for y in w.index[w.notna().all(axis=1)]]
        if not ys:
            raise DataError(f"{indicator} ({vintage}) has no year with all 31 provinces")
        named.setdefault(label, []).append(f"{VINTAGE_SHORT_ZH.get(vintage, vintage)}，{ys[0]}—{ys[-1]}年")
    parts = [f"{label}（{'；'.join(spans)}）" for label, spans in named.items()]
    tail = f"{extra}；" if extra else ""
    text = "资料来源：国家统计局分省年度数据：" + "；".join(parts) + "；" + tail + "作者计算。"
    if width is None:
        return text
    lines, line = [], ""
    for piece in re.split(r"(?<=[；：）])", text):
        if line and len(line) + len(piece) > width:
            lines.append(line)
            line = ""
        line += piece
    return lines + [line] if line else lines


def population_decline(scheme: str = "north_south", since: int | None = None) -> pd.DataFrame:
    """Provinces whose year-end resident population fell from the year before, counted by group.

    Parameters
    ----------
    scheme : str
    since : int, optional
        First year t of the change t−1 → t (default the second year of the series). The series
        breaks at 2004/05 (registered to resident population in several provinces), so a count
        starting before 2006 mixes the two definitions.

    Returns
    -------
    pandas.DataFrame
        year, group, n (provinces whose population fell), detail (their short names, or 无).
    """
    from .groupings import province_names

    pop = wide(*POPULATION)
    d = pop.diff().iloc[1:]
    if since is not None:
        d = d.loc[int(since):]
    m = membership(scheme)
    names = province_names()
    rows = []
    for yr, row in d.iterrows():
        for g in groups(scheme):
            fell = [a for a in row.index if row[a] < 0 and m[a] == g]
            rows.append({"year": int(yr), "group": g, "n": len(fell), "detail": "、".join(names[a] for a in fell) or "无"})
    return pd.DataFrame(rows)


def population_decline_summary(scheme: str = "north_south", group: str = "north", since: int = 2011,
                               windows=((2010, 2020),)) -> dict:
    """The numbers behind "the provinces whose population falls are all in ``group``", year by year
    (:func:`population_decline`) and over windows.

    Returns
    -------
    dict
        first-year, last-year, years-n, years-only (years in which every province that lost
        population was in ``group``), last-only-year, national-peak-year, peak-<g>-n and
        last-<g>-n for each group g (counts in the peak and last years); for each window (a, b):
        <a>-<b>-fell (provinces with population lower in b than in a), <a>-<b>-fell-<group>,
        <a>-<b>-names (text); and since-peak-fell, since-peak-fell-<g> (from the national peak year
        to the last year).
    """
    from .groupings import province_names

    dec = population_decline(scheme, since).pivot(index="year", columns="group", values="n")
    others = [g for g in groups(scheme) if g != group]
    only = dec[(dec[group] > 0) & (dec[others] == 0).all(axis=1)].index
    pop = wide(*POPULATION)
    peak = int(pop.sum(axis=1).idxmax())
    last = int(pop.index.max())
    m = membership(scheme)
    names = province_names()
    out = {"first-year": int(dec.index.min()), "last-year": int(dec.index.max()), "years-n": int(len(dec)),
           "years-only": int(len(only)), "last-only-year": int(max(only)) if len(only) else None,
           "national-peak-year": peak}
    for g in groups(scheme):
        out[f"peak-{g}-n"] = int(dec.loc[peak, g]) if peak in dec.index else 0
        out[f"last-{g}-n"] = int(dec.iloc[-1][g])

    def fell(a, b):
        d = pop.loc[b] - pop.loc[a]
        return [x for x in d.index if d[x] < 0]

    for a, b in windows:
        f = fell(a, b)
        out[f"{a}-{b}-fell"] = len(f)
        out[f"{a}-{b}-fell-{group}"] = sum(m[x] == group for x in f)
        out[f"{a}-{b}-names"] = "、".join(names[x] for x in f)
    late = fell(peak, last)
    out["since-peak-fell"] = len(late)
    for g in groups(scheme):
        out[f"since-peak-fell-{g}"] = sum(m[x] == g for x in late)
    return out


def group_share_by_vintage(indicator: str, scheme: str, group: str, vintages) -> pd.DataFrame:
    """One group's share of the national total (%) in several vintages: year × vintage (NaN where a
    vintage has no figures), to set vintages side by side rather than splice them."""
    cols = {v: shares(totals(indicator, v, scheme))[group] for v in vintages}
    out = pd.DataFrame(cols)
    out.index.name = "year"
    return out


def per_capita_ratio_by_vintage(indicator: str, scheme: str, high: str, low: str, vintages) -> pd.DataFrame:
    """Per-capita value of group ``high`` ÷ that of ``low`` (Σ indicator ÷ Σ year-end population in
    each) in several vintages: year × vintage."""
    cols = {}
    for v in vintages:
        pc = per_capita(indicator, v, scheme)
        cols[v] = pc[high] / pc[low]
    out = pd.DataFrame(cols)
    out.index.name = "year"
    return out
