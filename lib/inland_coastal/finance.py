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
from .groupings import labels, membership, regions
from .indicators import group_ratio, shares, table_from_paper, totals, vintage_label

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


# --------------------------------------------------------------------------- the revenue gradient (Tables 3-4)
#: the revenue series joined into one long series: nbs_db_2021 to 2019, nbs_db_2025 from 2020
#: (the two agree for 2016-2019 within 0.005 亿元, data/README.md)
REVENUE_JOIN = (("nbs_db_2021", 2019), ("nbs_db_2025", None))


def revenue_series(first: int = 2005) -> pd.DataFrame:
    """year × adcode local general public budget revenue (亿元) from ``first`` to the latest year,
    ``nbs_db_2021`` up to 2019 and ``nbs_db_2025`` after (:data:`REVENUE_JOIN`)."""
    parts = []
    lo = int(first)
    for vintage, last in REVENUE_JOIN:
        w = wide("fiscal_revenue", vintage)
        w = w[w.notna().all(axis=1)]
        w = w[(w.index >= lo) & ((w.index <= last) if last else True)]
        parts.append(w)
        if last:
            lo = last + 1
    return pd.concat(parts).sort_index()


def revenue_gradient(first: int = 2005, a: str = "coastal", b: str = "inland", scheme: str = "coastal") -> pd.DataFrame:
    r"""Group ``a``'s revenue per resident as a multiple of group ``b``'s, beside the same ratio for GDP.

    .. math::

        \frac{\sum_{i \in a} R_i / \sum_{i \in a} N_i}{\sum_{i \in b} R_i / \sum_{i \in b} N_i}

    with R revenue (or GDP) and N year-end population. Revenue is :func:`revenue_series` (one series,
    two vintages agreeing where they overlap); GDP has two vintages that do not agree, so each is a
    line of its own: ``nbs_db_2021`` (the paper's, to 2019) and ``rev2025`` (after the 5th economic
    census, 2019 on; 2019 is in both, so the revision shows). Start in 2005 or later: the population
    series breaks at 2004/05.

    Parameters
    ----------
    first : int
        First year (2005 or later).
    a, b : str
        Groups of ``scheme`` (coastal over inland by default).
    scheme : str

    Returns
    -------
    pandas.DataFrame
        Long: 指标 (Chinese label naming the measure and its vintage), vintage (the codes), year,
        ratio (rounded to 4 decimals).
    """
    if int(first) < 2005:
        raise DataError(f"first year {first}: per-capita series before 2005 cross the 2004/05 population "
                        "break (registered to resident population); start in 2005 or later")
    pop = wide(*POPULATION)
    m = membership(scheme)
    rev = revenue_series(first)
    pc = rev.T.groupby(m).sum().T / pop.loc[rev.index].T.groupby(m).sum().T
    rows = [pd.DataFrame({"指标": "人均财政收入之比（2021/2025年版）", "vintage": "nbs_db_2021+nbs_db_2025",
                          "year": pc.index.astype(int), "ratio": (pc[a] / pc[b]).round(4).to_numpy()})]
    for v, y0 in (("nbs_db_2021", int(first)), ("rev2025", 2019)):
        r = group_ratio("gdp", v, a, b, scheme)
        r = r[r.index >= max(y0, int(first))]
        rows.append(pd.DataFrame({"指标": f"人均GDP之比（{vintage_label(v, short=True)}）", "vintage": v,
                                  "year": r.index.astype(int), "ratio": r.round(4).to_numpy()}))
    return pd.concat(rows, ignore_index=True)


def revenue_change(y0: int, y1: int, vintage: str = "nbs_db_2025", scheme: str = "coastal") -> pd.DataFrame:
    """Each province's local general public budget revenue in two years and its change, largest
    rise first, rounded to 0.1. Chinese headers for the page: 省份 (the index), 地区, revenue in y0
    and y1 (亿元), 变化（亿元）, 变化（%）."""
    w = wide("fiscal_revenue", vintage)
    for y in (y0, y1):
        if y not in w.index or w.loc[y].isna().any():
            raise DataError(f"fiscal_revenue ({vintage}) does not cover all 31 provinces in {y}")
    out = pd.DataFrame({"省份": regions()["short_zh"], "地区": membership(scheme).map(labels(scheme)),
                        f"{y0}年（亿元）": w.loc[y0], f"{y1}年（亿元）": w.loc[y1]})
    out["变化（亿元）"] = w.loc[y1] - w.loc[y0]
    out["变化（%）"] = (w.loc[y1] / w.loc[y0] - 1) * 100
    return out.sort_values("变化（%）", ascending=False).set_index("省份").round(1)


def revenue_gradient_facts(y_last: int | None = None, later: str = "nbs_db_2025", surge: int = 4) -> dict:
    """The numbers behind a reading of the paper's Tables 3-4: when the coastal/inland ratio of
    revenue per resident fell, how narrow the fiscal gradient is against the GDP one, and which
    provinces' revenue moved in the last year.

    Parameters
    ----------
    y_last : int, optional
        The year whose step is examined (default the paper's last year, 2022); the step is from
        the year before.
    later : str
        The later fiscal vintage, for the years after the paper (its GDP: ``rev2025``).
    surge : int
        How many provinces with the fastest revenue growth in the step to name.

    Returns
    -------
    dict
        From the printed tables: ``y0``, ``y1`` (the step's end), ``ratio-y0``, ``ratio-prev``,
        ``ratio-y1`` (Table 4 coastal ÷ inland), ``fall-total`` (y0 to y1), ``fall-last`` (the
        last step), ``fall-last-share`` (%), ``pc-gdp-ratio-y1`` (Table 2 coastal ÷ inland),
        ``share-gap-prev``, ``share-gap-y1`` (coastal share of revenue minus coastal share of GDP,
        points), ``share-gap-max`` and its year ``share-gap-argmax``. From the later vintage:
        ``later-y``, ``later-ratio``, ``later-gdp-ratio``, ``later-share-gap``. For the step in
        the later vintage: ``coastal-change-pct``, ``inland-change-pct``, ``surge-names``,
        ``surge-increase`` (亿元), ``inland-rest-change-pct``
        (inland without the surge provinces, %). Over the long run (:func:`revenue_gradient`):
        ``long-y0`` (2005), ``long-rev-y0``, ``long-gdp-y0`` (the revenue and GDP ratios then) and
        ``long-gdp-2019`` (the GDP ratio in the paper's vintage, 2019).
    """
    t1, t2, t3, t4 = (table_from_paper(n).set_index("year") for n in (1, 2, 3, 4))
    y0 = int(t4.index.min())
    y1 = int(y_last or t4.index.max())
    prev = y1 - 1
    ratio = t4["coastal"] / t4["inland"]
    gap = t3["coastal_pct"] - t1["coastal_pct"]
    out = {"y0": y0, "y1": y1, "ratio-y0": float(ratio[y0]), "ratio-prev": float(ratio[prev]),
           "ratio-y1": float(ratio[y1]), "fall-total": float(ratio[y0] - ratio[y1]),
           "fall-last": float(ratio[prev] - ratio[y1])}
    out["fall-last-share"] = out["fall-last"] / out["fall-total"] * 100
    out["pc-gdp-ratio-y1"] = float(t2.loc[y1, "coastal"] / t2.loc[y1, "inland"])
    out.update({"share-gap-prev": float(gap[prev]), "share-gap-y1": float(gap[y1]),
                "share-gap-max": float(gap.max()), "share-gap-argmax": int(gap.idxmax())})
    rev = wide("fiscal_revenue", later)
    ly = int(rev[rev.notna().all(axis=1)].index.max())
    rpc = group_ratio("fiscal_revenue", later, years=[ly])
    gpc = group_ratio("gdp", "rev2025", years=[ly])
    rsh = shares(totals("fiscal_revenue", later, years=[ly]))["coastal"]
    gsh = shares(totals("gdp", "rev2025", years=[ly]))["coastal"]
    out.update({"later-y": ly, "later-ratio": float(rpc[ly]), "later-gdp-ratio": float(gpc[ly]),
                "later-share-gap": float(rsh[ly] - gsh[ly])})
    m = membership("coastal")
    g = rev.loc[[prev, y1]].T.groupby(m).sum().T
    out["coastal-change-pct"] = float((g.loc[y1, "coastal"] / g.loc[prev, "coastal"] - 1) * 100)
    out["inland-change-pct"] = float((g.loc[y1, "inland"] / g.loc[prev, "inland"] - 1) * 100)
    growth = (rev.loc[y1] / rev.loc[prev] - 1).sort_values(ascending=False)
    top = list(growth.index[:surge])
    short = regions()["short_zh"]
    out["surge-names"] = "、".join(short[c] for c in top)
    inc = float((rev.loc[y1, top] - rev.loc[prev, top]).sum())
    out["surge-increase"] = inc
    inland = m.index[m == "inland"]
    rest = [c for c in inland if c not in top]
    out["inland-rest-change-pct"] = float((rev.loc[y1, rest].sum() / rev.loc[prev, rest].sum() - 1) * 100)
    ly0 = 2005  # the first year clear of the 2004/05 population break
    pop = wide(*POPULATION)
    r0 = revenue_series(ly0).loc[ly0]
    inl = [c for c in m.index if m[c] == "inland"]
    coast = [c for c in m.index if m[c] == "coastal"]
    rev_ratio = (r0[coast].sum() / pop.loc[ly0, coast].sum()) / (r0[inl].sum() / pop.loc[ly0, inl].sum())
    gdp = group_ratio("gdp", "nbs_db_2021")
    out.update({"long-y0": ly0, "long-rev-y0": float(rev_ratio), "long-gdp-y0": float(gdp[ly0]),
                "long-gdp-2019": float(gdp[2019])})
    return out
