"""Public finance: local general public budget revenue, expenditure and their gap.

For a group G (or one province) in year t, with revenue R_i, expenditure E_i, GDP Y_i
(亿元) and year-end population N_i (万人) of its provinces:

    gap_G          = Σ E_i − Σ R_i                     (亿元)
    per capita     = Σ X_i / Σ N_i × 1e4               (元 per resident; X = R, E or the gap)
    % of GDP       = Σ X_i / Σ Y_i × 100

The gap between what local governments spend and what they raise themselves is the usual
proxy for net transfers from the central government (tax rebates and transfer payments; see
World Bank, *China: National Development and Sub-National Finance*, 2002, ch. 4, and
Lou Jiwei, *中国政府间财政关系再思考*, 2013). It is a proxy: local borrowing and fund balances
also finance expenditure.

Vintages: ``nbs_db_2021`` has revenue and expenditure 2000-2019; ``nbs_db_2025`` has revenue
2016-2024 and expenditure 2011-2024 (equal to nbs_db_2021 where both exist, within 0.005), so
its gap covers 2016-2024. GDP for the ratio: ``nbs_db_2021`` with the first, ``rev2025``
(after the 5th economic census) with the second, unless given.
"""
from __future__ import annotations

import pandas as pd

from .errors import DataError
from .groupings import check_scheme, groups
from .indicators import POPULATION, YUAN_PER_YI_PER_WAN, group_sum, wide

#: fiscal vintage -> the GDP vintage used for % of GDP by default
GDP_FOR = {"nbs_db_2021": "nbs_db_2021", "nbs_db_2025": "rev2025"}
MEASURES = ["revenue", "expenditure", "gap"]
COLUMNS = ["year", "unit", "revenue", "expenditure", "gap", "revenue_pc", "expenditure_pc", "gap_pc",
           "revenue_pct_gdp", "expenditure_pct_gdp", "gap_pct_gdp"]


def _complete(w: pd.DataFrame) -> pd.DataFrame:
    return w[w.notna().all(axis=1)]


def fiscal(scheme: str = "coastal", vintage: str = "nbs_db_2021", level: str = "group",
           gdp_vintage: str | None = None, years=None) -> pd.DataFrame:
    """Revenue, expenditure and the gap (expenditure − revenue): levels, per capita and % of GDP.

    Parameters
    ----------
    scheme : str
        Grouping scheme for ``level='group'``.
    vintage : str
        Fiscal vintage (``nbs_db_2021``: 2000-2019; ``nbs_db_2025``: 2016-2024 for the gap).
    level : {'group', 'province'}
        The scheme's groups with ``national`` first, or the 31 provinces (unit = adcode).
    gdp_vintage : str, optional
        GDP vintage for the ratios (default :data:`GDP_FOR`).
    years : iterable of int, optional
        Default every year in which revenue, expenditure, GDP and population cover all 31 provinces.

    Returns
    -------
    pandas.DataFrame
        year, unit, revenue, expenditure, gap (亿元), ``*_pc`` (元 per resident), ``*_pct_gdp`` (%).
    """
    if level not in ("group", "province"):
        raise DataError(f"level must be 'group' or 'province', not '{level}'")
    check_scheme(scheme)
    gdp_vintage = gdp_vintage or GDP_FOR.get(vintage, vintage)
    rev = _complete(wide("fiscal_revenue", vintage))
    exp = _complete(wide("fiscal_expenditure", vintage))
    gdp = _complete(wide("gdp", gdp_vintage))
    pop = _complete(wide(*POPULATION))
    have = sorted(set(rev.index) & set(exp.index) & set(gdp.index) & set(pop.index))
    if not have:
        raise DataError(f"no year in which fiscal revenue and expenditure ({vintage}), gdp ({gdp_vintage}) and "
                        "population all cover the 31 provinces")
    if years is None:
        years = have
    else:
        years = [int(y) for y in years]
        absent = [y for y in years if y not in have]
        if absent:
            raise DataError(f"fiscal revenue and expenditure ({vintage}) with gdp ({gdp_vintage}) have no figures "
                            f"for {', '.join(map(str, absent))}; they cover {have[0]}-{have[-1]}")
    tabs = {"revenue": rev.loc[years], "expenditure": exp.loc[years]}
    tabs["gap"] = tabs["expenditure"] - tabs["revenue"]
    g, n = gdp.loc[years], pop.loc[years]
    agg = (lambda w: group_sum(w, scheme)) if level == "group" else (lambda w: w)
    sums = {k: agg(w) for k, w in tabs.items()}
    G, N = agg(g), agg(n)
    cols = {}
    for k, s in sums.items():
        cols[k] = s
        cols[f"{k}_pc"] = s / N * YUAN_PER_YI_PER_WAN
        cols[f"{k}_pct_gdp"] = s / G * 100
    out = pd.concat({k: v.stack() for k, v in cols.items()}, axis=1).reset_index()
    out = out.rename(columns={out.columns[0]: "year", out.columns[1]: "unit"})
    if level == "group":
        rank = {u: i for i, u in enumerate(["national", *groups(scheme)])}
        out = out.assign(_r=out["unit"].map(rank)).sort_values(["year", "_r"]).drop(columns="_r")
    return out[COLUMNS].reset_index(drop=True)
