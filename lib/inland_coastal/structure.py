"""Industrial structure: value added by the three industries.

Two sources: the paper's Tables 6-8 (``source='paper'``: national, coastal and inland
value added 2012-2022, the paper's vintage) and the province panel (``source='provinces'``:
va_primary/va_secondary/va_tertiary, revised vintage rev2025, 2019-2024) summed over the
provinces of any grouping scheme. The two vintages differ, so compare levels within one
source only.

For a group g and industry k with value added VA_gk:

    share_gk   = VA_gk / (VA_g1 + VA_g2 + VA_g3) × 100          (% of the group's VA sum)
    ratio_g    = VA_g3 / VA_g2                                  (tertiary ÷ secondary, "upgrading")
    LQ_ik      = (VA_ik / VA_i) / (VA_nk / VA_n)                 (location quotient of province i;
                                                                  n = the 31 provinces together)

An LQ above 1 means the industry weighs more in the province than in the country.
"""
from __future__ import annotations

import pandas as pd

from .errors import DataError
from .groupings import groups
from .indicators import group_sum, totals, wide
from .loading import load_paper_tables
from .indicators import VINTAGE_SHORT_ZH

INDUSTRIES = ["primary", "secondary", "tertiary"]
PAPER_TABLES = {"primary": "T6", "secondary": "T7", "tertiary": "T8"}


def _paper_va() -> pd.DataFrame:
    p = load_paper_tables()
    parts = []
    for k, table in PAPER_TABLES.items():
        t = p[(p["table"] == table) & (p["indicator"] == f"va_{k}")]
        parts.append(t.set_index(["year", "region"])["value"].rename(k))
    return pd.concat(parts, axis=1).reset_index().rename(columns={"region": "group"})


def _province_va(scheme: str, vintage: str) -> pd.DataFrame:
    parts = []
    for k in INDUSTRIES:
        t = totals(f"va_{k}", vintage, scheme)[["national", *groups(scheme)]]
        parts.append(t.rename_axis("year").reset_index().melt("year", var_name="group", value_name=k)
                     .set_index(["year", "group"]))
    return pd.concat(parts, axis=1).reset_index()


def value_added(source: str = "paper", scheme: str = "coastal", vintage: str = "rev2025") -> pd.DataFrame:
    """year, group, primary, secondary, tertiary (亿元); groups are 'national' then the
    scheme's groups. ``vintage`` applies to ``source='provinces'`` only."""
    if source == "paper":
        if scheme != "coastal":
            raise DataError(f"the paper's Tables 6-8 give only the coastal/inland grouping, not '{scheme}'; "
                            "use source='provinces' for another scheme")
        out = _paper_va()
    elif source == "provinces":
        out = _province_va(scheme, vintage)
    else:
        raise DataError(f"unknown source '{source}': use 'paper' or 'provinces'")
    rank = {g: i for i, g in enumerate(["national", *groups(scheme)])}
    out = out.assign(_rank=out["group"].map(rank)).sort_values(["year", "_rank"])
    return out[["year", "group", *INDUSTRIES]].reset_index(drop=True)


def industry_shares(source: str = "paper", scheme: str = "coastal", vintage: str = "rev2025") -> pd.DataFrame:
    """year, group, primary, secondary, tertiary: % of the group's value-added sum."""
    va = value_added(source, scheme, vintage)
    va[INDUSTRIES] = va[INDUSTRIES].div(va[INDUSTRIES].sum(axis=1), axis=0) * 100
    return va


def upgrading_ratio(source: str = "paper", scheme: str = "coastal", vintage: str = "rev2025") -> pd.DataFrame:
    """year, group, ratio = tertiary ÷ secondary value added."""
    va = value_added(source, scheme, vintage)
    va["ratio"] = va["tertiary"] / va["secondary"]
    return va[["year", "group", "ratio"]]


def location_quotients(year: int, vintage: str = "rev2025") -> pd.DataFrame:
    """adcode-indexed LQ_ik = (VA_ik/VA_i) / (VA_nk/VA_n) for k = primary, secondary, tertiary."""
    va = {k: wide(f"va_{k}", vintage) for k in INDUSTRIES}
    covered = sorted(set.intersection(*(set(w.index[w.notna().all(axis=1)]) for w in va.values())))
    if int(year) not in covered:
        raise DataError(f"year {year} not covered: value added ({vintage}) for all 31 provinces covers "
                        f"{covered[0]}-{covered[-1]}")
    out = quotients(pd.DataFrame({k: w.loc[int(year)] for k, w in va.items()}))
    out.index.name = "adcode"
    return out


def quotients(va: pd.DataFrame) -> pd.DataFrame:
    r"""Location quotients of a region × industry table of value added.

    .. math::

        LQ_{ik} = \frac{VA_{ik} / \sum_{k'} VA_{ik'}}{\sum_{i'} VA_{i'k} / \sum_{i',k'} VA_{i'k'}}

    An LQ above 1 means industry *k* weighs more in region *i* than in the whole.

    Parameters
    ----------
    va : pandas.DataFrame
        Value added, one row per region (the rows together make up the whole) and one column
        per industry; non-negative, every row with a positive total.

    Returns
    -------
    pandas.DataFrame
        The quotients, same index and columns.

    References
    ----------
    W. Isard (1960), *Methods of Regional Analysis: An Introduction to Regional Science*,
    Cambridge, MA: MIT Press.
    """
    if (va.to_numpy() < 0).any() or (va.sum(axis=1) <= 0).any():
        raise DataError("value added must be non-negative with a positive total in every region")
    return va.div(va.sum(axis=1), axis=0) / (va.sum() / va.sum().sum())


# --------------------------------------------------------------------------- 2000-2024, both vintages
#: value-added series of the long panel: industry -> vintages holding it, oldest first. 2000-2019 are
#: ``nbs_db_2021`` (the paper's vintage), 2019-2024 ``rev2025`` (after the 5th economic census);
#: 2019 is in both, so the size of the revision is visible at the join. 工业 and 建筑业 exist only
#: in ``nbs_db_2021``.
VA_VINTAGES = {"primary": ("nbs_db_2021", "rev2025"), "secondary": ("nbs_db_2021", "rev2025"),
               "tertiary": ("nbs_db_2021", "rev2025"), "industry": ("nbs_db_2021",),
               "construction": ("nbs_db_2021",)}
LONG_INDUSTRIES = list(VA_VINTAGES)


def _va_wide(k: str, vintage: str) -> pd.DataFrame:
    if k not in VA_VINTAGES:
        raise DataError(f"unknown industry '{k}'; known: {', '.join(VA_VINTAGES)}")
    w = wide(f"va_{k}", vintage)
    return w[w.notna().all(axis=1)]


def _gdp_of_va(vintage: str) -> pd.DataFrame:
    """year × adcode value added of the three industries summed (≈ GDP of the same vintage, within 0.2)."""
    parts = [_va_wide(k, vintage) for k in INDUSTRIES]
    years = sorted(set.intersection(*(set(p.index) for p in parts)))
    return sum(p.loc[years] for p in parts)


def va_shares(industries=None, scheme: str = "coastal", level: str = "group") -> pd.DataFrame:
    """Each group's (or province's) share of national value added by industry, every year and vintage.

    ``share = VA_{gk,t} / VA_{nk,t} × 100`` with n the 31 provinces together, in current prices of one
    vintage. Rows of both vintages are kept (2019 appears twice): a long series drawn across the join
    must show it, never splice silently.

    Parameters
    ----------
    industries : list of str, optional
        Among primary, secondary, tertiary, industry (工业), construction (建筑业); default all.
    scheme : str
        Grouping scheme for ``level='group'``.
    level : {'group', 'province'}
        Groups of the scheme (plus national, 100 %) or the 31 provinces.

    Returns
    -------
    pandas.DataFrame
        year, vintage, industry, unit (group code or adcode), value (亿元), national (亿元), share (%).
    """
    if level not in ("group", "province"):
        raise DataError(f"level must be 'group' or 'province', not '{level}'")
    frames = []
    for k in industries or LONG_INDUSTRIES:
        if k not in VA_VINTAGES:
            raise DataError(f"unknown industry '{k}'; known: {', '.join(VA_VINTAGES)}")
        for v in VA_VINTAGES[k]:
            w = _va_wide(k, v)
            t = group_sum(w, scheme) if level == "group" else w
            nat = w.sum(axis=1)
            long = t.stack().rename("value").reset_index()
            long.columns = ["year", "unit", "value"]
            long["national"] = long["year"].map(nat)
            long.insert(1, "vintage", v)
            long.insert(2, "industry", k)
            frames.append(long)
    out = pd.concat(frames, ignore_index=True)
    out["share"] = out["value"] / out["national"] * 100
    return out.sort_values(["industry", "year", "vintage"], kind="stable").reset_index(drop=True)


def location_quotients_by_year(industries=None) -> pd.DataFrame:
    """Location quotients of every province, industry, year and vintage (2000-2024, 2019 in both).

    ``LQ_{ik,t} = (VA_{ik,t} / VA_{i,t}) / (VA_{nk,t} / VA_{n,t})`` where VA_i is the province's value
    added of the three industries (its GDP) and n the 31 provinces; as in :func:`location_quotients`.

    Returns
    -------
    pandas.DataFrame
        year, vintage, industry, adcode, lq.
    """
    frames = []
    for k in industries or LONG_INDUSTRIES:
        if k not in VA_VINTAGES:
            raise DataError(f"unknown industry '{k}'; known: {', '.join(VA_VINTAGES)}")
        for v in VA_VINTAGES[k]:
            va, tot = _va_wide(k, v), _gdp_of_va(v)
            years = [y for y in va.index if y in tot.index]
            va, tot = va.loc[years], tot.loc[years]
            lq = (va / tot).div(va.sum(axis=1) / tot.sum(axis=1), axis=0)
            long = lq.stack().rename("lq").reset_index()
            long.columns = ["year", "adcode", "lq"]
            long.insert(1, "vintage", v)
            long.insert(2, "industry", k)
            frames.append(long)
    return pd.concat(frames, ignore_index=True)


SHIFT_SHARE_COLUMNS = ["unit", "industry", "va_start", "va_end", "change", "national_share", "industry_mix",
                       "regional_shift"]


def shift_share_table(va0: pd.DataFrame, va1: pd.DataFrame) -> pd.DataFrame:
    """Classic three-component shift-share of a region × industry table between two dates.

    With E_{rk} value added of region r in industry k at the start (0) and end (1), E_k = Σ_r E_{rk},
    E = Σ_{rk} E_{rk}, and the growth rates g = E^1/E^0 − 1 (all industries and regions),
    g_k = E_k^1/E_k^0 − 1 and g_{rk} = E_{rk}^1/E_{rk}^0 − 1:

        national share  NS_{rk} = E_{rk}^0 · g                 (had it grown like the whole economy)
        industry mix    IM_{rk} = E_{rk}^0 · (g_k − g)         (its industries grew faster or slower)
        regional shift  RS_{rk} = E_{rk}^0 · (g_{rk} − g_k)     (it did better or worse in each industry)
        NS + IM + RS    = E_{rk}^0 · g_{rk} = E_{rk}^1 − E_{rk}^0  (exactly)

    (Dunn, "A statistical and analytical technique for regional analysis", *Papers and Proceedings of
    the Regional Science Association* 6, 1960; Esteban-Marquillas, *Regional Science and Urban
    Economics* 2, 1972, for the classic form.) Regions are the rows, industries the columns; the
    rows must make up the whole (the national totals are the column sums).

    Returns
    -------
    pandas.DataFrame
        unit, industry, va_start, va_end, change, national_share, industry_mix, regional_shift.
    """
    if list(va0.index) != list(va1.index) or list(va0.columns) != list(va1.columns):
        raise DataError("the start and end tables must have the same regions and industries")
    if (va0.to_numpy() <= 0).any() or (va1.to_numpy() < 0).any():
        raise DataError("start values must be positive and end values non-negative")
    g = va1.to_numpy().sum() / va0.to_numpy().sum() - 1
    gk = va1.sum() / va0.sum() - 1
    grk = va1 / va0 - 1
    ns = va0 * g
    im = va0.mul(gk - g, axis=1)
    rs = va0 * grk.sub(gk, axis=1)
    parts = {"va_start": va0, "va_end": va1, "change": va1 - va0, "national_share": ns,
             "industry_mix": im, "regional_shift": rs}
    long = pd.concat({k: v.stack() for k, v in parts.items()}, axis=1).reset_index()
    long.columns = SHIFT_SHARE_COLUMNS
    return long


def shift_share(start: int, end: int, vintage: str = "nbs_db_2021", scheme: str | None = "coastal",
                industries=None, by_industry: bool = False) -> pd.DataFrame:
    """Shift-share decomposition of nominal value-added growth between two years of one vintage
    (:func:`shift_share_table`), for the groups of a scheme or (``scheme=None``) the 31 provinces.

    Parameters
    ----------
    start, end : int
        Years of the same vintage (``nbs_db_2021``: 2000-2019; ``rev2025``: 2019-2024); a period across
        the 2019 join is refused, because the levels of the two vintages differ.
    vintage : str
    scheme : str or None
        Grouping scheme (regions = its groups) or None (regions = provinces, by adcode).
    industries : list of str, optional
        Default the three industries (primary, secondary, tertiary), whose sum is GDP.
    by_industry : bool
        One row per region and industry (True) or the sum over industries per region (False).

    Returns
    -------
    pandas.DataFrame
        unit, [industry,] va_start, va_end, change, national_share, industry_mix, regional_shift
        (亿元); change = national_share + industry_mix + regional_shift.
    """
    start, end = int(start), int(end)
    if end <= start:
        raise DataError(f"the end year ({end}) must come after the start year ({start})")
    ks = list(industries or INDUSTRIES)
    tabs = {}
    for k in ks:
        if k not in VA_VINTAGES or vintage not in VA_VINTAGES[k]:
            have = ", ".join(f"{kk} ({'/'.join(vs)})" for kk, vs in VA_VINTAGES.items())
            raise DataError(f"no value added '{k}' in vintage '{vintage}'; the panel has {have}")
        w = _va_wide(k, vintage)
        absent = [y for y in (start, end) if y not in w.index]
        if absent:
            raise DataError(f"va_{k} ({vintage}) has no figures for {', '.join(map(str, absent))}; it covers "
                            f"{int(w.index.min())}-{int(w.index.max())}")
        tabs[k] = w.loc[[start, end]]
    if scheme is not None:
        tabs = {k: group_sum(w, scheme).drop(columns="national") for k, w in tabs.items()}
    va0 = pd.DataFrame({k: w.loc[start] for k, w in tabs.items()})
    va1 = pd.DataFrame({k: w.loc[end] for k, w in tabs.items()})
    out = shift_share_table(va0, va1)
    if not by_industry:
        out = out.groupby("unit", sort=False)[SHIFT_SHARE_COLUMNS[2:]].sum().reset_index()
    return out


def constant_price_shares(industry: str = "secondary", base_year: int = 2000, scheme: str = "coastal") -> pd.DataFrame:
    r"""Each group's share of national value added of one industry at constant ``base_year`` prices,
    2000-2019 (:func:`inland_coastal.real.real_value_added`, vintage ``nbs_db_2021``).

    .. math:: s^R_{g,t} = \sum_{i\in g} V^R_{i,t} \Big/ \sum_{i} V^R_{i,t} \times 100

    Set beside the current-price share of :func:`va_shares`, the difference is the part of a shift
    that comes from provinces' relative prices (e.g. coal and metals) rather than real growth.

    Returns
    -------
    pandas.DataFrame
        year, unit (``national`` and the scheme's groups), value (亿元 at base-year prices), share (%).
    """
    from .real import real_value_added

    t = group_sum(real_value_added(industry, base_year), scheme)
    long = t.stack().rename("value").reset_index()
    long.columns = ["year", "unit", "value"]
    long["share"] = long["value"] / long["year"].map(t["national"]) * 100
    return long


def industry_transfer_summary(scheme: str = "coastal", group: str = "inland", surge=(2020, 2022),
                              base_year: int = 2000, provinces=("山西", "内蒙古", "青海", "新疆", "宁夏")) -> dict:
    """The values a chapter glues when it reads industrial transfer to a group of provinces.

    Two readings set side by side: the secondary-industry location quotients of ``rev2025`` across a
    price surge (``surge``: the years before and at the top of the 2021-22 coal price rise), and the
    group's share of national value added 2000-2019 (``nbs_db_2021``) in current prices for 工业 and
    the secondary industry, and at constant ``base_year`` prices for the secondary industry (工业
    has no real index), with the real growth of both groups (:func:`inland_coastal.real.va_growth`).

    Returns
    -------
    dict
        ``lq-<Name>-<year>`` (secondary LQ of each of ``provinces`` in the surge's years and the last
        year; Name = the English short name without spaces), ``lq-risers`` (the five provinces of the
        group whose LQ rose most over the surge), ``lq-first-year``/``lq-last-year``;
        ``share-secondary-<year>`` and ``share-industry-<year>`` (current prices) in the first and
        last year of the earlier vintage, ``share-secondary-real-<year>`` (constant prices),
        ``share-secondary-rev-<year>`` (``rev2025``) in its first year, the surge's end and its last
        year; ``real-faster-n``/``real-years``/``real-faster-since`` (years in which the group's real
        secondary growth beat the other groups', and the first year from which it always did);
        ``paper-t7-<year>`` (the paper's printed inland share) for the first revised year and the
        surge's end.
    """
    from .groupings import membership, regions, resolve_province
    from .indicators import table_from_paper
    from .real import va_growth

    names = regions()
    y0, y1 = (int(y) for y in surge)
    lq = location_quotients_by_year(["secondary"])
    lq = lq[lq["vintage"] == "rev2025"].pivot(index="adcode", columns="year", values="lq")
    out = {"lq-first-year": int(lq.columns.min()), "lq-last-year": int(lq.columns.max())}
    last = out["lq-last-year"]
    for name in provinces:
        code = resolve_province(name)
        if code is None:
            raise DataError(f"unknown province '{name}'")
        key = names.loc[code, "short_en"].replace(" ", "")
        for yr in (y0, y1, last):
            out[f"lq-{key}-{yr}"] = float(lq.loc[code, yr])
    m = membership(scheme)
    members = list(m[m == group].index)
    rise = (lq.loc[members, y1] - lq.loc[members, y0]).sort_values(ascending=False)
    out["lq-risers"] = "、".join(names.loc[c, "short_zh"] for c in rise.index[:5])
    sh = va_shares(["secondary", "industry"], scheme)
    sh = sh[sh["unit"] == group].set_index(["industry", "vintage", "year"])["share"]
    old = sh.loc[("secondary", "nbs_db_2021")]
    first, join = int(old.index.min()), int(old.index.max())
    for k in ("secondary", "industry"):
        for yr in (first, 2005, join):
            out[f"share-{k}-{yr}"] = float(sh.loc[(k, "nbs_db_2021", yr)])
    real_sh = constant_price_shares("secondary", base_year, scheme)
    real_sh = real_sh[real_sh["unit"] == group].set_index("year")["share"]
    for yr in (first, 2005, join):
        out[f"share-secondary-real-{yr}"] = float(real_sh.loc[yr])
    rev = sh.loc[("secondary", "rev2025")]
    for yr in (int(rev.index.min()), y1, int(rev.index.max())):
        out[f"share-secondary-rev-{yr}"] = float(rev.loc[yr])
    g = va_growth("secondary", scheme, real=True)
    others = g.drop(columns=["national", group])
    faster = g[group].gt(others.max(axis=1))
    out["real-faster-n"] = int(faster.sum())
    out["real-years"] = int(len(faster))
    since = [int(yr) for yr in faster.index if faster.loc[yr:].all()]
    out["real-faster-since"] = since[0] if since else None
    out["real-first-year"], out["real-last-year"] = int(g.index.min()), int(g.index.max())
    if scheme == "coastal" and group == "inland":
        t7 = table_from_paper(7).set_index("year")
        for yr in (int(rev.index.min()), y1):
            out[f"paper-t7-{yr}"] = float(t7.loc[yr, "inland_pct"])
    return out


def group_share_series(group: str = "inland", scheme: str = "coastal", base_year: int = 2000) -> pd.DataFrame:
    """One group's share of national value added, 2000-2024, in every form the panel allows: the
    secondary industry and 工业 at current prices (``nbs_db_2021``, 2000-2019), the secondary
    industry at current prices after the 5th economic census (``rev2025``, 2019-2024; 2019 in both,
    so the revision shows at the join) and at constant ``base_year`` prices
    (:func:`constant_price_shares`, 2000-2019).

    Returns
    -------
    pandas.DataFrame
        year, industry, vintage, prices (``current`` or ``constant``), share (%).
    """
    sh = va_shares(["secondary", "industry"], scheme)
    sh = sh[sh["unit"] == group].assign(prices="current")
    real_sh = constant_price_shares("secondary", base_year, scheme)
    real_sh = real_sh[real_sh["unit"] == group].assign(industry="secondary", vintage="nbs_db_2021",
                                                        prices="constant")
    cols = ["year", "industry", "vintage", "prices", "share"]
    return pd.concat([sh[cols], real_sh[cols]], ignore_index=True)


# --------------------------------------------------------------------------- gaps, per capita, transfer
#: Chinese names of the industries of the panel
INDUSTRY_ZH = {"primary": "第一产业", "secondary": "第二产业", "tertiary": "第三产业", "industry": "工业",
               "construction": "建筑业"}


def per_capita_value_added(source: str = "paper", scheme: str = "coastal", vintage: str = "rev2025") -> pd.DataFrame:
    r"""Value added per resident by industry and group (元): the group's value added ÷ its year-end
    resident population.

    .. math::

        v_{gk,t} = \frac{VA_{gk,t}}{N_{g,t}} \times 10^4
        \qquad (\text{亿元} / \text{万人} \to \text{元})

    A share of national value added mixes two things, how much a group produces per person and
    how many people it has; per-capita value added keeps only the first, so the ratio
    :math:`v_{hk}/v_{lk}` between two groups is the gap in each industry's output per resident.

    Parameters
    ----------
    source : {'paper', 'provinces'}
        The paper's printed Tables 6-8 (coastal/inland, 2012-2022) or the province panel summed.
    scheme : str
    vintage : str
        Value-added vintage for ``source='provinces'`` (``nbs_db_2021`` 2000-2019, ``rev2025`` 2019-2024).

    Returns
    -------
    pandas.DataFrame
        year, group, primary, secondary, tertiary (元 per resident); population is NBS's year-end
        resident population (``population``/``nbs_db``), which carries the 2004/05 break.
    """
    va = value_added(source, scheme, vintage)
    pop = totals("population", "nbs_db", scheme)
    pop = pop.rename_axis("year").reset_index().melt("year", var_name="group", value_name="_pop")
    out = va.merge(pop, on=["year", "group"], how="left")
    if out["_pop"].isna().any():
        y = int(out.loc[out["_pop"].isna(), "year"].iloc[0])
        raise DataError(f"population (nbs_db) has no figures for {y}, a year of the value added")
    out[INDUSTRIES] = out[INDUSTRIES].div(out["_pop"], axis=0) * 1e4
    return out.drop(columns="_pop")


def gap_table(years=None, source: str = "paper", scheme: str = "coastal", high: str = "coastal",
              low: str = "inland", vintage: str = "rev2025") -> pd.DataFrame:
    r"""Relative and absolute gaps between two groups, industry by industry: shares, ratios and
    differences of value added, in total and per resident.

    For industry *k*, year *t*, groups *h* (high) and *l* (low) with value added :math:`VA` (亿元,
    current prices), population :math:`N` and per-capita value added :math:`v = VA/N`:

    .. math::

        \text{share}_l = \frac{VA_l}{VA_n}\times 100, \quad
        \text{ratio} = \frac{VA_h}{VA_l}, \quad \text{gap} = VA_h - VA_l, \quad
        \text{pc\_ratio} = \frac{v_h}{v_l}, \quad \text{pc\_gap} = v_h - v_l

    A falling ratio with a widening gap is relative convergence in a growing, inflating economy,
    not divergence: if both groups grow at the same nominal rate the ratio stays put and the
    yuan gap grows at that rate.

    Parameters
    ----------
    years : iterable of int, optional
        Default every year of the source.
    source, scheme, vintage
        As :func:`value_added`.
    high, low : str
        Group codes of the scheme.

    Returns
    -------
    pandas.DataFrame
        industry, year, ``<low>_pct`` (share of national value added, %), ``<low>_pop_pct``
        (share of national population, %), ratio, gap (亿元), ``<high>_pc``, ``<low>_pc`` (元),
        pc_ratio, pc_gap (元).
    """
    va = value_added(source, scheme, vintage).set_index(["year", "group"])
    pc = per_capita_value_added(source, scheme, vintage).set_index(["year", "group"])
    pop = totals("population", "nbs_db", scheme)
    have = sorted(va.index.get_level_values("year").unique())
    years = have if years is None else [int(y) for y in years]
    absent = [y for y in years if y not in have]
    if absent:
        raise DataError(f"value added ({source}) has no figures for {', '.join(map(str, absent))}; "
                        f"it covers {have[0]}-{have[-1]}")
    rows = []
    for k in INDUSTRIES:
        for y in years:
            vh, vl, vn = va.loc[(y, high), k], va.loc[(y, low), k], va.loc[(y, "national"), k]
            ph, pl = pc.loc[(y, high), k], pc.loc[(y, low), k]
            rows.append({"industry": k, "year": y, f"{low}_pct": vl / vn * 100,
                         f"{low}_pop_pct": pop.loc[y, low] / pop.loc[y, "national"] * 100,
                         "ratio": vh / vl, "gap": vh - vl, f"{high}_pc": ph, f"{low}_pc": pl,
                         "pc_ratio": ph / pl, "pc_gap": ph - pl})
    return pd.DataFrame(rows)


def per_capita_va_ratios(scheme: str = "coastal", high: str = "coastal", low: str = "inland",
                         start: int = 2005) -> pd.DataFrame:
    """Per-resident value added of group ``high`` ÷ that of ``low``, by industry and year, in both
    value-added vintages of the panel (``nbs_db_2021`` from ``start`` to 2019, ``rev2025`` 2019-2024;
    2019 in both), from :func:`per_capita_value_added`.

    ``start`` defaults to 2005 because year-end population breaks at 2004/05 (several provinces
    switched from registered to resident population), which moves per-capita ratios.

    Returns
    -------
    pandas.DataFrame
        year, vintage, industry, ``high`` (元), ``low`` (元), ratio.
    """
    frames = []
    for v in VA_VINTAGES["secondary"]:
        pc = per_capita_value_added("provinces", scheme, v)
        pc = pc[pc["year"] >= int(start)]
        h = pc[pc["group"] == high].set_index("year")
        lo = pc[pc["group"] == low].set_index("year")
        for k in INDUSTRIES:
            frames.append(pd.DataFrame({"year": h.index, "vintage": v, "industry": k, "high": h[k].to_numpy(),
                                        "low": lo[k].reindex(h.index).to_numpy()}))
    out = pd.concat(frames, ignore_index=True)
    out["ratio"] = out["high"] / out["low"]
    return out.rename(columns={"high": high, "low": low})


def transfer_shares(scheme: str = "coastal", group: str = "inland", base_year: int = 2000) -> pd.DataFrame:
    """A group's share of national secondary-industry and 工业 value added, every year and vintage,
    nominal (current prices, :func:`va_shares`) and real (secondary only, constant ``base_year``
    prices, :func:`inland_coastal.real.real_va_shares`, 2000-2019).

    Returns
    -------
    pandas.DataFrame
        year, industry, vintage, price ('nominal' or 'real'), share (%), label (a Chinese name of the
        series for legends: "第二产业（2021年版数据库）" for current prices, "第二产业（2000年不变价）").
        Nominal secondary rows exist
        for ``nbs_db_2021`` (2000-2019) and ``rev2025`` (2019-2024), 工业 for ``nbs_db_2021`` only.
    """
    from .real import INDEX_VINTAGE, real_va_shares

    nom = va_shares(["secondary", "industry"], scheme)
    nom = nom[nom["unit"] == group][["year", "industry", "vintage", "share"]].assign(price="nominal")
    r = real_va_shares("secondary", base_year, scheme)[group]
    real = pd.DataFrame({"year": r.index.astype(int), "industry": "secondary", "vintage": INDEX_VINTAGE,
                         "share": r.to_numpy(), "price": "real"})
    out = pd.concat([nom, real], ignore_index=True)[["year", "industry", "vintage", "price", "share"]]
    out["label"] = [f"{INDUSTRY_ZH[k]}（{VINTAGE_SHORT_ZH.get(v, v)}）" if p == "nominal" else
                    f"{INDUSTRY_ZH[k]}（{int(base_year)}年不变价）"
                    for k, v, p in zip(out["industry"], out["vintage"], out["price"])]
    rank = {("secondary", "nominal"): 0, ("industry", "nominal"): 1, ("secondary", "real"): 2}
    out["_rank"] = [rank[(k, p)] for k, p in zip(out["industry"], out["price"])]
    out = out.sort_values(["_rank", "vintage", "year"], kind="stable").drop(columns="_rank")
    return out.reset_index(drop=True)


def transfer_summary(scheme: str = "coastal", group: str = "inland", base_year: int = 2000,
                     years=(2005, 2012)) -> dict:
    """The numbers a reader needs to judge whether industry moved to ``group``, from
    :func:`transfer_shares`: first, join (2019) and last years; the group's nominal share of national
    secondary value added at the start, in ``years``, at 2019 in both vintages (and the step between
    them) and in the last year; its real share; the part of the 2000-2019 change that is prices; the
    year of the largest fall of the nominal share and the real change that year; the year from which
    the real share rose every year; 工业 at the start and in 2019.

    Returns
    -------
    dict
        first-year, join-year, last-year, secondary-<first|year|join-old|join-new|last>,
        secondary-join-step, secondary-new-change, secondary-nominal-change, secondary-real-join,
        secondary-real-change, secondary-price-part, secondary-largest-fall-year,
        secondary-largest-fall, secondary-real-change-that-year, secondary-real-rises-from,
        industry-first, industry-join, industry-nominal-change (shares in %, changes in points).
    """
    t = transfer_shares(scheme, group, base_year)

    def series(industry, vintage, price):
        s = t[(t["industry"] == industry) & (t["vintage"] == vintage) & (t["price"] == price)]
        return s.set_index("year")["share"]

    old_v, new_v = VA_VINTAGES["secondary"]
    old, new, real = series("secondary", old_v, "nominal"), series("secondary", new_v, "nominal"), \
        series("secondary", old_v, "real")
    ind = series("industry", old_v, "nominal")
    first, join, last = int(old.index.min()), int(old.index.max()), int(new.index.max())
    if join != int(new.index.min()):
        raise DataError(f"the value-added vintages do not meet: {old_v} ends in {join}, {new_v} starts in "
                        f"{int(new.index.min())}")
    falls = old.diff()
    fall_year = int(falls.idxmin())
    dreal = real.diff()
    rising = [y for y in real.index[1:] if (dreal.loc[y:] > 0).all()]
    out = {"first-year": first, "join-year": join, "last-year": last,
           "secondary-first": old.loc[first], "secondary-join-old": old.loc[join],
           "secondary-join-new": new.loc[join], "secondary-join-step": new.loc[join] - old.loc[join],
           "secondary-last": new.loc[last], "secondary-new-change": new.loc[last] - new.loc[join],
           "secondary-nominal-change": old.loc[join] - old.loc[first],
           "secondary-real-join": real.loc[join], "secondary-real-change": real.loc[join] - real.loc[first],
           "secondary-largest-fall-year": fall_year, "secondary-largest-fall": -falls.loc[fall_year],
           "secondary-real-change-that-year": dreal.loc[fall_year],
           "secondary-real-rises-from": int(rising[0]) - 1 if rising else join,
           "industry-first": ind.loc[first], "industry-join": ind.loc[join],
           "industry-nominal-change": ind.loc[join] - ind.loc[first]}
    out["secondary-price-part"] = out["secondary-nominal-change"] - out["secondary-real-change"]
    for y in years:
        out[f"secondary-{int(y)}"] = old.loc[int(y)]
    return out


def share_changes(industry: str = "secondary", vintage: str = "nbs_db_2021", start: int | None = None) -> pd.DataFrame:
    """Each province's share of national value added of an industry and its change since ``start``
    (percentage points), every year of one vintage from ``start`` on (default its first year).

    Returns
    -------
    pandas.DataFrame
        year, adcode, share (%), change (points since ``start``).
    """
    s = va_shares([industry], level="province")
    s = s[s["vintage"] == vintage]
    if s.empty:
        raise DataError(f"no value added '{industry}' in vintage '{vintage}'; the panel has "
                        f"{', '.join(VA_VINTAGES.get(industry, ()))}")
    w = s.pivot(index="year", columns="unit", values="share")
    start = int(w.index.min()) if start is None else int(start)
    if start not in w.index:
        raise DataError(f"va_{industry} ({vintage}) has no figures for {start}; it covers "
                        f"{int(w.index.min())}-{int(w.index.max())}")
    w = w.loc[start:]
    ch = w - w.loc[start]
    out = w.stack().rename("share").to_frame().join(ch.stack().rename("change")).reset_index()
    out.columns = ["year", "adcode", "share", "change"]
    return out


def share_change_summary(industry: str = "secondary", vintage: str = "nbs_db_2021", start: int | None = None,
                         end: int | None = None, n: int = 3, scheme: str = "coastal",
                         regions_scheme: str = "four_regions") -> dict:
    """Who gained and who lost shares of national value added of an industry between two years of one
    vintage (:func:`share_changes`, :func:`va_shares`).

    Returns
    -------
    dict
        start, end; gainers, losers (the ``n`` provinces with the largest rise and fall, as text
        "湖北（+1.63）、…", points); for each group g of ``scheme``: g-gainers and g-losers (its ``n``
        largest gainers and losers, text), g-gained-n (how many of its provinces gained), g-n, g-change (the group's
        change, points); for each group r of ``regions_scheme``: region-r-change (points).
    """
    from .groupings import membership, province_names

    ch = share_changes(industry, vintage, start)
    end = int(ch["year"].max()) if end is None else int(end)
    if end not in set(ch["year"]):
        raise DataError(f"va_{industry} ({vintage}) has no figures for {end}")
    last = ch[ch["year"] == end].set_index("adcode")["change"].sort_values(ascending=False)
    names = province_names()

    def text(s):
        return "、".join(f"{names[a]}（{v:+.2f}）" for a, v in s.items())

    out = {"start": int(ch["year"].min()), "end": end, "gainers": text(last.head(n)),
           "losers": text(last.tail(n).iloc[::-1])}
    m = membership(scheme)
    for g in groups(scheme):
        mine = last[m.reindex(last.index) == g]
        out[f"{g}-gainers"] = text(mine.head(n))
        out[f"{g}-losers"] = text(mine.tail(n).iloc[::-1])
        out[f"{g}-gained-n"] = int((mine > 0).sum())
        out[f"{g}-n"] = int(len(mine))
        out[f"{g}-change"] = float(mine.sum())
    rs = va_shares([industry], regions_scheme)
    rs = rs[rs["vintage"] == vintage].pivot(index="year", columns="unit", values="share")
    for r in groups(regions_scheme):
        out[f"region-{r}-change"] = rs.loc[end, r] - rs.loc[out["start"], r]
    return out


def lq_summary(provinces=("山西", "内蒙古"), industries=("secondary", "industry"), scheme: str = "coastal",
               group: str = "inland") -> dict:
    """Location quotients over time (:func:`location_quotients_by_year`) in a few numbers: for each
    named province and industry the first value, the highest value of the older vintage and its
    year, the lowest after it and its year, 2019 in each vintage, the highest of the newer vintage
    and its year, and the last value; and, for each industry, vintage and year of
    (first, 2012, the join, last), how many of ``group``'s provinces have a quotient above 1.

    Keys use adcodes: ``<adcode>-<industry>-first``, ``-old-max``, ``-old-max-year``,
    ``-old-min``, ``-old-min-year``, ``-join-old``, ``-join-new``, ``-new-max``, ``-new-max-year``,
    ``-last``, ``-last-year``; and ``above1-<industry>-<vintage>-<year>``, ``group-n``.
    Industries without a newer vintage (工业) have no ``join-new``/``new-*`` keys.
    """
    from .groupings import membership, resolve_province

    lq = location_quotients_by_year(list(industries))
    out = {}
    for name in provinces:
        code = resolve_province(name)
        if code is None:
            raise DataError(f"unknown province '{name}'")
        for k in industries:
            vs = VA_VINTAGES[k]
            s = {v: lq[(lq["adcode"] == code) & (lq["industry"] == k) & (lq["vintage"] == v)].set_index("year")["lq"]
                 for v in vs}
            old = s[vs[0]]
            key = f"{code}-{k}"
            ymax = int(old.idxmax())
            after = old.loc[ymax:]
            out.update({f"{key}-first": old.iloc[0], f"{key}-old-max": old.max(), f"{key}-old-max-year": ymax,
                        f"{key}-old-min": after.min(), f"{key}-old-min-year": int(after.idxmin()),
                        f"{key}-join-old": old.iloc[-1]})
            newest = s[vs[-1]]
            if len(vs) > 1:
                out.update({f"{key}-join-new": newest.iloc[0], f"{key}-new-max": newest.max(),
                            f"{key}-new-max-year": int(newest.idxmax())})
            out.update({f"{key}-last": newest.iloc[-1], f"{key}-last-year": int(newest.index.max())})
    m = membership(scheme)
    members = set(m[m == group].index)
    out["group-n"] = len(members)
    for k in industries:
        for v in VA_VINTAGES[k]:
            sub = lq[(lq["industry"] == k) & (lq["vintage"] == v) & lq["adcode"].isin(members)]
            ys = sorted(sub["year"].unique())
            for y in dict.fromkeys([ys[0], 2012, ys[-1]] if ys[0] <= 2012 <= ys[-1] else [ys[0], ys[-1]]):
                out[f"above1-{k}-{v}-{int(y)}"] = int((sub[sub["year"] == y]["lq"] > 1).sum())
    return out


def paper_vs_revised(vintage: str = "rev2025", scheme: str = "coastal") -> pd.DataFrame:
    r"""The paper's Tables 6-8 (as printed) against the province panel of another vintage, for the
    years both cover: the national sums and the groups' shares.

    .. math::

        \text{diff\_pct} = \left(\frac{VA^{\text{revised}}_{nk}}{VA^{\text{paper}}_{nk}} - 1\right) \times 100

    Returns
    -------
    pandas.DataFrame
        industry, year, paper, revised (亿元, national = 31 provinces), diff_pct (%), and for each
        group g: paper_<g>_pct, revised_<g>_pct (% of national).
    """
    p = value_added("paper").set_index(["year", "group"])
    r = value_added("provinces", scheme, vintage).set_index(["year", "group"])
    years = sorted(set(p.index.get_level_values(0)) & set(r.index.get_level_values(0)))
    if not years:
        raise DataError(f"the paper's Tables 6-8 and value added ({vintage}) have no year in common")
    rows = []
    for k in INDUSTRIES:
        for y in years:
            row = {"industry": k, "year": int(y), "paper": p.loc[(y, "national"), k],
                   "revised": r.loc[(y, "national"), k]}
            row["diff_pct"] = (row["revised"] / row["paper"] - 1) * 100
            for g in groups(scheme):
                row[f"paper_{g}_pct"] = p.loc[(y, g), k] / row["paper"] * 100
                row[f"revised_{g}_pct"] = r.loc[(y, g), k] / row["revised"] * 100
            rows.append(row)
    return pd.DataFrame(rows)


def own_shares(industries=("secondary", "industry"), scheme: str = "coastal") -> pd.DataFrame:
    r"""Each group's value added of an industry as a share of its own GDP (the three industries'
    value added summed, same vintage), every year and vintage (2019 in both):

    .. math::

        c_{gk,t} = \frac{VA_{gk,t}}{\sum_{k' \in \{1,2,3\}} VA_{gk',t}} \times 100

    Unlike :func:`industry_shares` it covers 工业 and 建筑业 and both vintages of the long panel.

    Returns
    -------
    pandas.DataFrame
        year, vintage, industry, group (national first, then the scheme's groups), share (%).
    """
    frames = []
    for k in industries:
        if k not in VA_VINTAGES:
            raise DataError(f"unknown industry '{k}'; known: {', '.join(VA_VINTAGES)}")
        for v in VA_VINTAGES[k]:
            tot = group_sum(_gdp_of_va(v), scheme)
            va = group_sum(_va_wide(k, v), scheme)
            ys = [y for y in va.index if y in tot.index]
            s = (va.loc[ys] / tot.loc[ys] * 100).rename_axis("year").reset_index()
            long = s.melt("year", var_name="group", value_name="share")
            long.insert(1, "vintage", v)
            long.insert(2, "industry", k)
            frames.append(long)
    return pd.concat(frames, ignore_index=True)


def shift_share_periods(periods, scheme: str = "coastal", unit: str = "inland") -> pd.DataFrame:
    """:func:`shift_share` of one region over several periods, by industry and in total, with the sum
    of the three components beside the change it adds up to.

    Parameters
    ----------
    periods : iterable of (start, end, vintage)
        Each within one vintage (``nbs_db_2021`` 2000-2019, ``rev2025`` 2019-2024).
    scheme : str
    unit : str
        The region (a group of ``scheme``).

    Returns
    -------
    pandas.DataFrame
        period ('2005-2012'), vintage, industry (primary, secondary, tertiary, total), va_start, va_end,
        change, national_share, industry_mix, regional_shift, components (their sum, = change) — 亿元,
        current prices.
    """
    frames = []
    for start, end, vintage in periods:
        t = shift_share(start, end, vintage, scheme, by_industry=True)
        t = t[t["unit"] == unit].drop(columns="unit")
        if t.empty:
            raise DataError(f"'{unit}' is not a group of the scheme '{scheme}'")
        tot = t[SHIFT_SHARE_COLUMNS[2:]].sum().to_frame().T.assign(industry="total")
        t = pd.concat([t, tot], ignore_index=True)
        t.insert(0, "vintage", vintage)
        t.insert(0, "period", f"{int(start)}-{int(end)}")
        frames.append(t)
    out = pd.concat(frames, ignore_index=True)
    out["components"] = out["national_share"] + out["industry_mix"] + out["regional_shift"]
    return out


def lq_above_one(industry: str = "secondary", vintage: str = "nbs_db_2021", scheme: str = "coastal",
                 group: str = "inland") -> pd.Series:
    """How many of a group's provinces have a location quotient above 1 in an industry, by year of
    one vintage (:func:`location_quotients_by_year`): year-indexed counts."""
    from .groupings import membership

    m = membership(scheme)
    members = m[m == group].index
    if len(members) == 0:
        raise DataError(f"'{group}' is not a group of the scheme '{scheme}'")
    lq = location_quotients_by_year([industry])
    lq = lq[(lq["vintage"] == vintage) & lq["adcode"].isin(members)]
    if lq.empty:
        raise DataError(f"no value added '{industry}' in vintage '{vintage}'")
    return lq.groupby("year")["lq"].apply(lambda s: int((s > 1).sum())).rename("n")
