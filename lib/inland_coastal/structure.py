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
