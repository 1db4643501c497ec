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
- A group's chain-linked volume ``Q_{G,t} = Q_{G,t−1} (1 + g^R_{G,t}/100)`` (:func:`volume_index`) and
  its implied deflator ``P_G = Y_G / Q_G``; the catch-up of G on R splits exactly into a real and a
  price part, ``Δ ln(Y_G/Y_R) = Δ ln(Q_G/Q_R) + Δ ln(P_G/P_R)`` (:func:`catch_up`).

Every group measure can leave provinces out (``exclude=["湖北"]``), e.g. to see a group without
the province a shock hit (:func:`shock_growth`).

Per-capita values divide by year-end resident population; per-capita series that cross
2004/05 carry the population break (several provinces switched from registered to resident
population; the national sum falls from 129,022 万 in 2004 to 128,604 万 in 2005).
"""
from __future__ import annotations

import math

import pandas as pd

from .errors import DataError
from .groupings import check_scheme, groups, membership, province_names, resolve_province
from .indicators import POPULATION, YUAN_PER_YI_PER_WAN, group_sum, wide
from .indicators import group_ratio, vintage_label

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


def _drop_provinces(w: pd.DataFrame, exclude) -> pd.DataFrame:
    """``w`` (year × adcode) without the provinces named in ``exclude`` (any name form)."""
    codes = []
    for name in exclude or []:
        code = resolve_province(name)
        if code is None:
            raise DataError(f"unknown province '{name}' in exclude")
        codes.append(code)
    return w.drop(columns=codes)


def growth(scheme: str = "coastal", vintage: str = "nbs_db_2021", real: bool = False,
           years=None, exclude=None) -> pd.DataFrame:
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
    exclude : list of str, optional
        Provinces left out of every sum (any name form: 湖北, 420000, Hubei), e.g. to see a group
        without the province a shock hit; ``national`` is then the sum of the provinces kept.
        Default: none (all 31 provinces).

    Returns
    -------
    pandas.DataFrame
        year × [national, group...], growth in % (full precision).
    """
    check_scheme(scheme)
    gdp = _complete(_drop_provinces(wide("gdp", vintage), exclude))
    prev = gdp.reindex(gdp.index - 1).set_axis(gdp.index)  # Y_{i,t-1} on the row of year t
    ok = [int(y) for y in gdp.index if (y - 1) in gdp.index]
    if real:
        idx = _complete(_drop_provinces(wide("gdp_index", _index_vintage(vintage)), exclude))
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


def volume_index(scheme: str = "coastal", vintage: str = "nbs_db_2021", base_year: int | None = None,
                 exclude=None) -> pd.DataFrame:
    """Chain-linked real GDP of each group as an index, ``base_year`` = 100: year × [national, group...].

    Parameters
    ----------
    scheme : str
        Grouping scheme.
    vintage : str
        GDP vintage with an index (:data:`REAL_GDP_VINTAGES`).
    base_year : int, optional
        Year whose value is 100 (default: the first year of the chain, 2000 for ``nbs_db_2021``).
    exclude : list of str, optional
        Provinces left out (as in :func:`growth`).

    Returns
    -------
    pandas.DataFrame
        ``Q_{G,t}``, chained from the group's real growth :func:`growth` (``real=True``):

        .. math:: Q_{G,t} = Q_{G,t-1} \\, (1 + g^R_{G,t}/100), \\qquad Q_{G,b} = 100 .

        Chain-linked volumes are not additive: the groups' indices do not sum to the national one.

    References
    ----------
    Eurostat (2016), *Handbook on prices and volume measures in national accounts*, ch. 2 (chain-linking).
    """
    g = growth(scheme, vintage, real=True, exclude=exclude)
    first = int(g.index.min()) - 1
    levels = {first: pd.Series(1.0, index=g.columns)}
    for t in g.index:
        levels[int(t)] = levels[int(t) - 1] * (1 + g.loc[t] / 100)
    q = pd.DataFrame(levels).T.sort_index()
    base = first if base_year is None else int(base_year)
    if base not in q.index:
        raise DataError(f"base year {base} not covered: the real chain ({vintage}) covers {_span(list(q.index))}")
    out = q / q.loc[base] * 100
    out.index.name = "year"
    return out


def catch_up(start: int, end: int, group: str = "inland", reference: str = "coastal", scheme: str = "coastal",
             vintage: str = "nbs_db_2021", exclude=None, real: bool = True) -> dict:
    """How much of a group's nominal catch-up on another is real growth and how much is prices.

    Parameters
    ----------
    start, end : int
        First and last year of the period (both within the real chain, 2000-2019 for ``nbs_db_2021``).
    group, reference : str
        Groups of ``scheme`` compared (the group catching up, the one it is set against).
    scheme : str
    vintage : str
        GDP vintage with an index (:data:`REAL_GDP_VINTAGES`).
    exclude : list of str, optional
        Provinces left out (as in :func:`growth`).
    real : bool
        True: the nominal change and its real and price parts (needs a GDP index, to 2019).
        False: the nominal keys only, for any GDP vintage (e.g. ``rev2025`` after 2019).

    Returns
    -------
    dict
        With ``Y`` nominal GDP, ``Q`` the chain-linked volume (:func:`volume_index`) and
        ``P = Y/Q`` the implied deflator of each group, the change in the log ratio of the
        group's nominal GDP to the reference's, in log points (× 100), splits exactly into a
        real and a price part:

        .. math::

            \\underbrace{\\Delta \\ln \\frac{Y_G}{Y_R}}_{\\texttt{gap-nominal}}
            = \\underbrace{\\Delta \\ln \\frac{Q_G}{Q_R}}_{\\texttt{gap-real}}
            + \\underbrace{\\Delta \\ln \\frac{P_G}{P_R}}_{\\texttt{gap-prices}} ,

        ``prices-share`` = gap-prices ÷ gap-nominal × 100 (the share of the nominal catch-up that
        is relative prices; NaN when the nominal gap did not change). Also ``start``, ``end``,
        ``n-years`` (end − start), the average annual growth in % (geometric)
        ``growth-nominal-<g>`` and ``growth-real-<g>`` of both groups, and
        ``faster-nominal-years``, ``faster-real-years``: the years after ``start`` in which the
        group grew faster than the reference; ``faster-real-since``: the first year of the unbroken
        run of such years that ends in ``end`` (absent when the group was not faster in ``end``).

    References
    ----------
    Eurostat (2016), *Handbook on prices and volume measures in national accounts*, ch. 2;
    the identity Y = P·Q of a chain-linked volume and its implied deflator.
    """
    start, end = int(start), int(end)
    if end <= start:
        raise DataError(f"catch_up needs end > start, not {start}-{end}")
    for g in (group, reference):
        if g not in groups(scheme):
            raise DataError(f"'{g}' is not a group of scheme '{scheme}': it has {', '.join(groups(scheme))}")
    nom = growth(scheme, vintage, real=False, exclude=exclude)
    rea = growth(scheme, vintage, real=True, exclude=exclude) if real else nom
    have = [int(y) for y in rea.index if y in nom.index]
    span = list(range(start + 1, end + 1))
    absent = [y for y in span if y not in have]
    if absent:
        what = "real and nominal growth" if real else "nominal growth"
        raise DataError(f"{what} ({vintage}) cover {_span(have)}; {start}-{end} needs "
                        f"{', '.join(map(str, absent))}")
    n, r = nom.loc[span], rea.loc[span]
    log_n = (1 + n / 100).apply(lambda c: c.map(math.log)).sum()
    log_r = (1 + r / 100).apply(lambda c: c.map(math.log)).sum()
    gap_n = float(log_n[group] - log_n[reference]) * 100
    years = len(span)
    out = {"start": start, "end": end, "n-years": years, "gap-nominal": gap_n}
    if real:
        gap_r = float(log_r[group] - log_r[reference]) * 100
        out.update({"gap-real": gap_r, "gap-prices": gap_n - gap_r,
                    "prices-share": (gap_n - gap_r) / gap_n * 100 if gap_n != 0 else float("nan")})
    for g in (group, reference):
        out[f"growth-nominal-{g}"] = (math.exp(float(log_n[g]) / years) - 1) * 100
        if real:
            out[f"growth-real-{g}"] = (math.exp(float(log_r[g]) / years) - 1) * 100
    out["faster-nominal-years"] = int((n[group] > n[reference]).sum())
    if real:
        faster = r[group] > r[reference]
        out["faster-real-years"] = int(faster.sum())
        run = 0
        for ok in reversed(faster.tolist()):
            if not ok:
                break
            run += 1
        if run:
            out["faster-real-since"] = end - run + 1
    return out


def shock_growth(year: int, exclude, scheme: str = "coastal", group: str = "inland", reference: str = "coastal",
                 vintage: str = "rev2025", before: tuple[int, int] | None = None) -> dict:
    """Nominal GDP growth of the groups in a shock year and the year after, with and without the
    provinces the shock hit hardest (e.g. 2020 and 湖北).

    Parameters
    ----------
    year : int
        The shock year t (growth from t − 1 to t).
    exclude : list of str
        Provinces set apart (any name form).
    scheme, group, reference : str
        The scheme, the group the provinces belong to, and the group it is compared with.
    vintage : str
        GDP vintage (nominal; after 2019 no price index is held, so only nominal growth exists).
    before : (int, int), optional
        Years whose mean growth is the benchmark (default the five years before t).

    Returns
    -------
    dict
        Growth in % (:func:`growth`, nominal) of ``national``, each group, ``<group>-ex`` (the
        group without the provinces) and ``excluded`` (the provinces' sum), under the keys
        ``<k>-<t>`` and ``<k>-<t+1>`` (the rebound), ``<k>-before`` (mean of the benchmark
        years), ``<k>-drop`` (before − t) and ``<k>-two-year`` (average annual growth
        t − 1 → t + 1, ``((Y_{t+1}/Y_{t−1})^{1/2} − 1) × 100``); ``gap-<t>`` = reference − group and
        ``gap-ex-<t>`` = reference − group without the provinces, in t; ``abs-gap-before``: the mean
        absolute difference between the reference's and the group's growth over the benchmark years
        (how far apart the two usually are); ``excluded-share``: the
        provinces' share of the group's GDP in t − 1, %; ``excluded-names``: their names
        (、-separated); ``year``, ``before-first``, ``before-last``.
    """
    year = int(year)
    b0, b1 = before if before is not None else (year - 5, year - 1)
    full = growth(scheme, vintage)
    ex = growth(scheme, vintage, exclude=exclude)
    w = wide("gdp", vintage)
    members = [c for c in w.columns if c not in _drop_provinces(w, exclude).columns]
    if not members:
        raise DataError("shock_growth needs at least one province in exclude")
    outside = [c for c in members if membership(scheme)[c] != group]
    if outside:
        raise DataError(f"{', '.join(province_names()[c] for c in outside)} not in group '{group}' of '{scheme}'")
    m = group_sum(w, scheme)
    part = w[members].sum(axis=1)
    need = [year - 1, year, year + 1, *range(b0, b1 + 1)]
    absent = [y for y in need if y not in full.index and y != year - 1]
    if absent:
        raise DataError(f"nominal growth of gdp ({vintage}) covers {_span([int(y) for y in full.index])}; "
                        f"{', '.join(map(str, absent))} not covered")
    series = {k: full[k] for k in full.columns}
    series[f"{group}-ex"] = ex[group]
    series["excluded"] = (part / part.shift(1) - 1).mul(100).reindex(full.index)
    levels = {k: m[k] for k in full.columns}
    levels[f"{group}-ex"] = m[group] - part
    levels["excluded"] = part
    out = {"year": year, "before-first": b0, "before-last": b1}
    for k, s in series.items():
        out[f"{k}-{year}"] = float(s.loc[year])
        out[f"{k}-{year + 1}"] = float(s.loc[year + 1])
        out[f"{k}-before"] = float(s.loc[b0:b1].mean())
        out[f"{k}-drop"] = out[f"{k}-before"] - out[f"{k}-{year}"]
        lv = levels[k]
        out[f"{k}-two-year"] = float((lv.loc[year + 1] / lv.loc[year - 1]) ** 0.5 - 1) * 100
    out[f"gap-{year}"] = out[f"{reference}-{year}"] - out[f"{group}-{year}"]
    out["abs-gap-before"] = float((full.loc[b0:b1, reference] - full.loc[b0:b1, group]).abs().mean())
    out[f"gap-ex-{year}"] = out[f"{reference}-{year}"] - out[f"{group}-ex-{year}"]
    out["excluded-share"] = float(part.loc[year - 1] / m.loc[year - 1, group] * 100)
    names = province_names()
    out["excluded-names"] = "、".join(names[c] for c in members)
    return out


# --------------------------------------------------------------------------- the per-capita gap, nominal and real
def real_group_ratio(base_year: int = 2005, a: str = "coastal", b: str = "inland", scheme: str = "coastal",
                     vintage: str = "nbs_db_2021", years=None) -> pd.Series:
    r"""year -> real per-capita GDP of group ``a`` ÷ that of group ``b``, both in constant
    ``base_year`` prices:

    .. math::

        \frac{\sum_{i \in a} R_{i,t} / \sum_{i \in a} N_{i,t}}{\sum_{i \in b} R_{i,t} / \sum_{i \in b} N_{i,t}}

    with :math:`R_{i,t}` real GDP (:func:`real_gdp`) and :math:`N_{i,t}` year-end population. In the
    base year it equals the nominal ratio; after it, the nominal ratio is the real one times the
    ratio of the two groups' implied deflators, so the two part where prices rose at different
    speeds. Real values end in 2019; a base year before 2005 crosses the 2004/05 population break
    and is refused.
    """
    if int(base_year) < 2005:
        raise DataError(f"base year {base_year}: per-capita series before 2005 cross the 2004/05 population "
                        "break; use 2005 or later")
    r = real_gdp(base_year, vintage, years)
    r = r[r.index >= int(base_year)] if years is None else r
    pop = wide(*POPULATION).loc[r.index]
    check_scheme(scheme)
    num, den = group_sum(r, scheme), group_sum(pop, scheme)
    pc = num / den
    return (pc[a] / pc[b]).rename(f"{a}/{b} real ({base_year} prices)")


#: the nominal series of the per-capita gap besides the paper's: vintage -> first year shown
GAP_VINTAGES = {"first_release": 2005, "rev2025": 2006}


def per_capita_gap(base_year: int = 2005, a: str = "coastal", b: str = "inland", scheme: str = "coastal") -> pd.DataFrame:
    """The coastal/inland ratio of per-capita GDP in every vintage the panel holds, and in real terms.

    Nominal lines: the paper's vintage (``nbs_db_2021`` from ``base_year`` to 2019, which equals
    ``paper`` for 2011-2019, then ``paper`` to 2022), each year's first release (from 2005), and
    the 5th-census revision ``rev2025`` (from 2006); real: :func:`real_group_ratio` in constant
    ``base_year`` prices, to 2019. No line starts before 2005 (the 2004/05 population break).

    Returns
    -------
    pandas.DataFrame
        Long: 口径 (Chinese label: 名义 or 实际, and the vintage), kind (``nominal`` or ``real``),
        year, ratio (rounded to 4 decimals).
    """
    rows = []
    paper = group_ratio("gdp", "nbs_db_2021", a, b, scheme)
    paper = paper[paper.index >= int(base_year)]
    later = group_ratio("gdp", "paper", a, b, scheme)
    paper = pd.concat([paper, later[later.index > paper.index.max()]])
    series = [("nominal", f"名义：{vintage_label('paper', short=True)}", paper)]
    for v, y0 in GAP_VINTAGES.items():
        r = group_ratio("gdp", v, a, b, scheme)
        series.append(("nominal", f"名义：{vintage_label(v, short=True)}", r[r.index >= max(y0, int(base_year))]))
    series.append(("real", f"实际：{int(base_year)}年价格", real_group_ratio(base_year, a, b, scheme)))
    for kind, label, r in series:
        rows.append(pd.DataFrame({"口径": label, "kind": kind, "year": r.index.astype(int), "ratio": r.round(4).to_numpy()}))
    return pd.concat(rows, ignore_index=True)


def per_capita_gap_facts(base_year: int = 2005, split: int = 2018) -> dict:
    """The numbers of a reading of the coastal/inland per-capita GDP ratio over the long run.

    Parameters
    ----------
    base_year : int
        First year and price base of the real comparison (2005 or later).
    split : int
        The year dividing the revised series' two phases (its annual change before and after).

    Returns
    -------
    dict
        ``base``, ``real-end`` (2019): ``nominal-base``, ``nominal-end``, ``real-end-ratio``,
        ``nominal-fall``, ``real-fall``, ``price-part`` (% of the nominal fall not in the real
        one), ``deflator-gap`` (% by which inland prices rose more than coastal ones, from
        the two ratios); the revised series ``rev-y0``, ``rev-y1``, ``rev-first``, ``rev-last``,
        ``split``, ``rev-split``, ``rev-pace-before``, ``rev-pace-after`` (mean change a year);
        the first release's vintage step ``fr-2018``, ``fr-2019``; the three provinces whose
        implied deflator rose most from the base year to ``real-end`` (``deflator-top``) and the two
        inland provinces where it rose least (``deflator-inland-low``).
    """
    real = real_group_ratio(base_year)
    end = int(real.index.max())
    nom = group_ratio("gdp", "nbs_db_2021").loc[[int(base_year), end]]
    out = {"base": int(base_year), "real-end": end, "nominal-base": float(nom.iloc[0]),
           "nominal-end": float(nom.iloc[1]), "real-end-ratio": float(real.loc[end])}
    out["nominal-fall"] = out["nominal-base"] - out["nominal-end"]
    out["real-fall"] = out["nominal-base"] - out["real-end-ratio"]
    out["price-part"] = (out["nominal-fall"] - out["real-fall"]) / out["nominal-fall"] * 100
    out["deflator-gap"] = (out["real-end-ratio"] / out["nominal-end"] - 1) * 100
    rev = group_ratio("gdp", "rev2025")
    r0, r1 = int(rev.index.min()), int(rev.index.max())
    out.update({"rev-y0": r0, "rev-y1": r1, "rev-first": float(rev[r0]), "rev-last": float(rev[r1]),
                "split": int(split), "rev-split": float(rev[split]),
                "rev-pace-before": float((rev[split] - rev[r0]) / (split - r0)),
                "rev-pace-after": float((rev[r1] - rev[split]) / (r1 - split))})
    fr = group_ratio("gdp", "first_release")
    out.update({"fr-2018": float(fr[2018]), "fr-2019": float(fr[2019])})
    from .groupings import membership, regions

    d = deflator(int(base_year)).loc[end].sort_values(ascending=False)
    short, m = regions()["short_zh"], membership("coastal")
    inland = [c for c in d.index if m[c] == "inland"]
    out["deflator-top"] = "、".join(short[c] for c in d.index[:3])
    out["deflator-inland-low"] = "、".join(short[c] for c in inland[-2:])
    return out


#: industries whose value added has a real growth index (``va_<k>_index``, previous year = 100)
VA_INDEX_INDUSTRIES = ("primary", "secondary", "tertiary")


def real_value_added(industry: str, base_year: int, years=None) -> pd.DataFrame:
    r"""year × adcode value added of one industry at constant prices of ``base_year`` (亿元).

    Chained like :func:`real_gdp` from the nominal value added of the base year and the industry's
    index (``va_<industry>_index``, previous year = 100, vintage ``nbs_db_2021``, 2000-2019):

    .. math::

        V^R_{i,b} = V_{i,b},\qquad V^R_{i,t} = V^R_{i,t-1}\,\frac{J_{i,t}}{100}\ (t>b),\qquad
        V^R_{i,t} = V^R_{i,t+1} \Big/ \frac{J_{i,t+1}}{100}\ (t<b)

    Group sums of V^R are fixed-base (Laspeyres-type) volumes: a group's share of the national sum
    at constant prices moves only with real growth, not with the relative prices of provinces.

    Parameters
    ----------
    industry : {'primary', 'secondary', 'tertiary'}
        工业 alone has no index in the panel.
    base_year : int
        Year whose prices are kept.
    years : iterable of int, optional
        Default every year the chain reaches (2000-2019).

    Returns
    -------
    pandas.DataFrame
        Real value added, year × adcode.

    References
    ----------
    Eurostat (2016), *Handbook on prices and volume measures in national accounts*, ch. 2
    (chain-linking and fixed-base volumes).
    """
    if industry not in VA_INDEX_INDUSTRIES:
        raise DataError(f"no real index for value added '{industry}'; the panel has one for "
                        f"{', '.join(VA_INDEX_INDUSTRIES)} ({INDEX_VINTAGE}, 2000-2019)")
    base_year = int(base_year)
    va = _complete(wide(f"va_{industry}", INDEX_VINTAGE))
    idx = _complete(wide(f"va_{industry}_index", INDEX_VINTAGE))
    if base_year not in va.index:
        raise DataError(f"base year {base_year} not covered: va_{industry} ({INDEX_VINTAGE}) covers "
                        f"{_span(_covered(va))}")
    rows = {base_year: va.loc[base_year]}
    t = base_year
    while t + 1 in idx.index:
        rows[t + 1] = rows[t] * idx.loc[t + 1] / 100
        t += 1
    t = base_year
    while t in idx.index and t - 1 in va.index:
        rows[t - 1] = rows[t] / (idx.loc[t] / 100)
        t -= 1
    out = pd.DataFrame(rows).T.sort_index()
    out.index.name = "year"
    out.columns.name = "adcode"
    return out.loc[_select_years([int(y) for y in out.index], years,
                                 f"real va_{industry} ({INDEX_VINTAGE}, {base_year} prices)")]


def va_growth(industry: str, scheme: str = "coastal", real: bool = True, years=None) -> pd.DataFrame:
    """Growth of one industry's value added over the previous year by group, in % (vintage
    ``nbs_db_2021``, 2001-2019): real ``Σ V_{t−1}·J_t/100 ÷ Σ V_{t−1} − 1`` or nominal
    ``Σ V_t ÷ Σ V_{t−1} − 1``, as :func:`growth` for GDP.

    Returns
    -------
    pandas.DataFrame
        year × [national, group...], growth in %.
    """
    check_scheme(scheme)
    va = _complete(wide(f"va_{industry}", INDEX_VINTAGE))
    prev = va.reindex(va.index - 1).set_axis(va.index)
    ok = [int(y) for y in va.index if (y - 1) in va.index]
    if real:
        if industry not in VA_INDEX_INDUSTRIES:
            raise DataError(f"no real index for value added '{industry}'")
        idx = _complete(wide(f"va_{industry}_index", INDEX_VINTAGE))
        ok = [y for y in ok if y in idx.index]
    years = _select_years(ok, years, f"{'real' if real else 'nominal'} growth of va_{industry}")
    base = prev.loc[years]
    num = base * idx.loc[years] / 100 if real else va.loc[years]
    out = (group_sum(num, scheme) / group_sum(base, scheme) - 1) * 100
    out.index.name = "year"
    return out


def real_va_shares(industry: str = "secondary", base_year: int = 2000, scheme: str = "coastal") -> pd.DataFrame:
    r"""Each group's share of the 31 provinces' value added of one industry at constant prices, %.

    .. math::

        s^R_{gk,t} = \frac{\sum_{i \in g} R_{ik,t}}{\sum_i R_{ik,t}} \times 100

    with :math:`R` from :func:`real_value_added`. Set against the nominal share (current prices,
    ``structure.va_shares``), the difference is the part of a share's change that comes from the
    group's prices of that industry rising faster or slower than the country's.

    Parameters
    ----------
    industry : {'primary', 'secondary', 'tertiary'}
    base_year : int
        The shares of the base year equal the nominal ones.
    scheme : str

    Returns
    -------
    pandas.DataFrame
        year × the scheme's groups, % (2000-2019).
    """
    r = group_sum(real_value_added(industry, base_year), check_scheme(scheme))
    return r.drop(columns="national").div(r["national"], axis=0) * 100


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
