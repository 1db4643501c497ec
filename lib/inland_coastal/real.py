"""Real values: growth at constant prices, chained real GDP, implied deflators, CPI deflation.

The province panel has NBS's 地区生产总值指数 (``gdp_index``, previous year = 100) and the
consumer price index (``cpi``, previous year = 100), both vintage ``nbs_db_2021``, 2000-2019,
and nominal GDP of the same vintage (亿元, current prices). Real values therefore end in 2019:
no province GDP index or CPI after 2019 is held, so after 2019 only nominal comparisons exist.

Notation: ``Y_{i,t}`` nominal GDP of province *i* in year *t*, ``I_{i,t}`` its GDP index
(Y at constant prices of t−1, relative to t−1, × 100), ``P_{i,t}`` its CPI (previous year = 100).

- Nominal growth of a group G:   ``g^N_{G,t} = Σ_{i∈G} Y_{i,t} / Σ_{i∈G} Y_{i,t−1} − 1``.
- Real growth of a group G:      ``g^R_{G,t} = Σ_{i∈G} Y_{i,t−1} · I_{i,t}/100 / Σ_{i∈G} Y_{i,t−1} − 1``,
  the provinces' real growth rates weighted by their previous-year nominal GDP (a chain-linked
  Laspeyres volume index with annually updated weights, as in national accounts; see
  Eurostat, *Handbook on prices and volume measures in national accounts*, 2016, ch. 2).
- Real GDP at constant prices of a base year b, by chaining the index from the base year's nominal
  GDP: ``R_{i,b} = Y_{i,b}``, ``R_{i,t} = R_{i,t−1} · I_{i,t}/100`` for t > b and
  ``R_{i,t} = R_{i,t+1} / (I_{i,t+1}/100)`` for t < b.
- Implied GDP deflator (base year = 100): ``D_{i,t} = Y_{i,t} / R_{i,t} × 100``.
- Consumer price level (base year = 100): ``C_{i,b} = 100``, ``C_{i,t} = C_{i,t−1} · P_{i,t}/100``;
  a CPI-deflated series is ``X_{i,t} / C_{i,t} × 100`` (in base-year yuan).

Per-capita values divide by year-end resident population; per-capita series that cross
2004/05 carry the population break (several provinces switched from registered to resident
population; the national sum falls from 129,022 万 in 2004 to 128,604 万 in 2005).
"""
from __future__ import annotations

import pandas as pd

from .errors import DataError
from .groupings import check_scheme
from .indicators import POPULATION, YUAN_PER_YI_PER_WAN, group_sum, wide

#: the vintage of the GDP index and CPI (the only one held)
INDEX_VINTAGE = "nbs_db_2021"
#: GDP vintages whose real growth can be computed: GDP vintage -> index vintage. ``paper`` is
#: identical to ``nbs_db_2021`` for every province in 2011-2019 (data/README.md)
REAL_GDP_VINTAGES = {"nbs_db_2021": "nbs_db_2021", "paper": "nbs_db_2021"}


def _complete(w: pd.DataFrame) -> pd.DataFrame:
    """Rows (years) in which every province has a figure."""
    return w[w.notna().all(axis=1)]


def _covered(w: pd.DataFrame) -> list[int]:
    return [int(y) for y in _complete(w).index]


def _span(years: list[int]) -> str:
    return f"{min(years)}-{max(years)}" if years else "no year"


def _index_vintage(vintage: str) -> str:
    if vintage not in REAL_GDP_VINTAGES:
        wide("gdp", vintage)  # an unknown vintage gets the panel's own message first
        raise DataError(f"real values need a GDP index of the same vintage as GDP; the panel has one for "
                        f"{', '.join(REAL_GDP_VINTAGES)} (gdp_index {INDEX_VINTAGE}, 2000-2019), not for "
                        f"gdp '{vintage}'")
    return REAL_GDP_VINTAGES[vintage]


def _select_years(have: list[int], years, what: str) -> list[int]:
    if years is None:
        return have
    years = [int(y) for y in years]
    absent = [y for y in years if y not in have]
    if absent:
        raise DataError(f"{what} has no figures for {', '.join(map(str, absent))}; it covers {_span(have)}")
    return years


def growth(scheme: str = "coastal", vintage: str = "nbs_db_2021", real: bool = False,
           years=None) -> pd.DataFrame:
    """Growth of GDP over the previous year, in %, by group: columns ``national`` and the
    scheme's groups, indexed by year t (t − 1 must be covered too).

    Parameters
    ----------
    scheme : str
        Grouping scheme of ``data/regions.csv`` (coastal, four_regions, north_south, ...).
    vintage : str
        GDP vintage (current prices). For ``real=True`` it must have a GDP index of the same
        vintage (:data:`REAL_GDP_VINTAGES`).
    real : bool
        Nominal growth ``Σ Y_t / Σ Y_{t−1} − 1`` (False) or real growth
        ``Σ Y_{t−1}·I_t/100 / Σ Y_{t−1} − 1`` (True), both over the group's provinces.
    years : iterable of int, optional
        Years t to return (default: every year with figures for t and t − 1).

    Returns
    -------
    pandas.DataFrame
        year × [national, group...], growth in % (full precision).
    """
    check_scheme(scheme)
    gdp = _complete(wide("gdp", vintage))
    prev = gdp.reindex(gdp.index - 1).set_axis(gdp.index)  # Y_{i,t-1} on the row of year t
    ok = [int(y) for y in gdp.index if (y - 1) in gdp.index]
    if real:
        idx = _complete(wide("gdp_index", _index_vintage(vintage)))
        ok = [y for y in ok if y in idx.index]
        what = f"real growth (gdp {vintage} with gdp_index {INDEX_VINTAGE})"
    else:
        what = f"nominal growth of gdp ({vintage})"
    years = _select_years(ok, years, what)
    if not years:
        raise DataError(f"{what}: no two consecutive years with all 31 provinces")
    base = prev.loc[years]
    num = base * idx.loc[years] / 100 if real else gdp.loc[years]
    out = (group_sum(num, scheme) / group_sum(base, scheme) - 1) * 100
    out.index.name = "year"
    return out


def real_gdp(base_year: int, vintage: str = "nbs_db_2021", years=None) -> pd.DataFrame:
    """year × adcode real GDP in constant prices of ``base_year`` (亿元), by chaining the GDP index
    forward and backward from the base year's nominal GDP.

    Parameters
    ----------
    base_year : int
        Year whose prices are kept; real = nominal GDP in that year.
    vintage : str
        GDP vintage with an index (:data:`REAL_GDP_VINTAGES`).
    years : iterable of int, optional
        Years to return (default: every year the chain reaches, 2000-2019 for ``nbs_db_2021``).

    Returns
    -------
    pandas.DataFrame
        ``R_{i,t}``: ``R_b = Y_b``; ``R_t = R_{t−1}·I_t/100`` (t > b); ``R_t = R_{t+1}/(I_{t+1}/100)`` (t < b).
    """
    base_year = int(base_year)
    idx = _complete(wide("gdp_index", _index_vintage(vintage)))
    gdp = _complete(wide("gdp", vintage))
    if base_year not in gdp.index:
        raise DataError(f"base year {base_year} not covered: gdp ({vintage}) for all 31 provinces covers "
                        f"{_span(_covered(gdp))}")
    rows = {base_year: gdp.loc[base_year]}
    t = base_year
    while t + 1 in idx.index:                       # forward: R_t = R_{t-1} · I_t / 100
        rows[t + 1] = rows[t] * idx.loc[t + 1] / 100
        t += 1
    t = base_year
    while t in idx.index and t - 1 in gdp.index:    # backward: R_{t-1} = R_t / (I_t / 100)
        rows[t - 1] = rows[t] / (idx.loc[t] / 100)
        t -= 1
    out = pd.DataFrame(rows).T.sort_index()
    out.index.name = "year"
    out.columns.name = "adcode"
    return out.loc[_select_years([int(y) for y in out.index], years, f"real gdp ({vintage}, {base_year} prices)")]


def real_gdp_per_capita(base_year: int, vintage: str = "nbs_db_2021", years=None) -> pd.DataFrame:
    """year × adcode real GDP per resident (元, constant ``base_year`` prices):
    :func:`real_gdp` ÷ year-end population × 1e4. Carries the 2004/05 population break."""
    r = real_gdp(base_year, vintage, years)
    pop = wide(*POPULATION).reindex(r.index)
    return r / pop * YUAN_PER_YI_PER_WAN


def real_totals(base_year: int, scheme: str = "coastal", vintage: str = "nbs_db_2021",
                years=None) -> pd.DataFrame:
    """Group sums of real GDP in constant ``base_year`` prices (亿元): year × [national, group...]."""
    return group_sum(real_gdp(base_year, vintage, years), check_scheme(scheme))


def deflator(base_year: int, vintage: str = "nbs_db_2021", years=None) -> pd.DataFrame:
    """year × adcode implied GDP deflator, base year = 100: ``Y_{i,t} / R_{i,t} × 100``."""
    r = real_gdp(base_year, vintage, years)
    return wide("gdp", vintage).loc[r.index] / r * 100


def price_level(base_year: int, years=None) -> pd.DataFrame:
    """year × adcode consumer price level, base year = 100, chained from the CPI (previous year = 100):
    ``C_b = 100``, ``C_t = C_{t−1}·P_t/100``, ``C_{t−1} = C_t / (P_t/100)``."""
    base_year = int(base_year)
    cpi = _complete(wide("cpi", INDEX_VINTAGE))
    first, last = int(cpi.index.min()), int(cpi.index.max())
    if not first <= base_year <= last:
        raise DataError(f"base year {base_year} not covered: the CPI ({INDEX_VINTAGE}) covers {first}-{last}")
    rows = {base_year: pd.Series(100.0, index=cpi.columns)}
    for t in range(base_year + 1, last + 1):       # forward: C_t = C_{t-1} · P_t / 100
        rows[t] = rows[t - 1] * cpi.loc[t] / 100
    for t in range(base_year, first, -1):          # backward: C_{t-1} = C_t / (P_t / 100)
        rows[t - 1] = rows[t] / (cpi.loc[t] / 100)
    out = pd.DataFrame(rows).T.sort_index()
    out.index.name = "year"
    out.columns.name = "adcode"
    return out.loc[_select_years([int(y) for y in out.index], years, f"CPI price level ({base_year} = 100)")]


def cpi_deflated(indicator: str, vintage: str, base_year: int, years=None) -> pd.DataFrame:
    """year × adcode ``indicator`` deflated by each province's CPI to ``base_year`` yuan:
    ``X_{i,t} / C_{i,t} × 100`` (:func:`price_level`), for the years both cover."""
    x = wide(indicator, vintage)
    c = price_level(base_year)
    common = [int(y) for y in x.index if y in c.index and x.loc[y].notna().any()]
    if not common:
        raise DataError(f"{indicator} ({vintage}) covers {_span([int(y) for y in x.index])} and the CPI "
                        f"{_span([int(y) for y in c.index])}: no year in common")
    common = _select_years(common, years, f"{indicator} ({vintage}) deflated by the CPI")
    return x.loc[common] / c.loc[common] * 100


def average_growth(start: int, end: int, scheme: str = "coastal", vintage: str = "nbs_db_2021") -> pd.DataFrame:
    r"""Average annual (compound) growth of GDP by group between two years, nominal and real, in %.

    .. math::

        \bar g^N_G = \left(\prod_{t=s+1}^{e} (1 + g^N_{G,t})\right)^{1/(e-s)} - 1
                   = \left(\frac{\sum_{i\in G} Y_{i,e}}{\sum_{i\in G} Y_{i,s}}\right)^{1/(e-s)} - 1,
        \qquad
        \bar g^R_G = \left(\prod_{t=s+1}^{e} (1 + g^R_{G,t})\right)^{1/(e-s)} - 1

    with :math:`g^N, g^R` the yearly rates of :func:`growth` (the real one chain-linked with
    previous-year weights).

    Parameters
    ----------
    start, end : int
        The period; real growth needs both ends within the GDP index (2000-2019).
    scheme : str
    vintage : str
        GDP vintage with a GDP index (:data:`REAL_GDP_VINTAGES`).

    Returns
    -------
    pandas.DataFrame
        Indexed by national and the scheme's groups: nominal, real (% per year) and price
        (nominal − real, percentage points: the average rise of the group's implied deflator, nearly).

    References
    ----------
    Eurostat (2016), *Handbook on prices and volume measures in national accounts*, ch. 2.
    """
    start, end = int(start), int(end)
    if end <= start:
        raise DataError(f"the end year ({end}) must come after the start year ({start})")
    years = range(start + 1, end + 1)
    out = {}
    for kind, flag in (("nominal", False), ("real", True)):
        g = growth(scheme, vintage, real=flag, years=years)
        out[kind] = ((1 + g / 100).prod() ** (1 / (end - start)) - 1) * 100
    out = pd.DataFrame(out)
    out["price"] = out["nominal"] - out["real"]
    out.index.name = "group"
    return out
