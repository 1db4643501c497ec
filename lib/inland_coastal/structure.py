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
from .indicators import totals, wide
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
