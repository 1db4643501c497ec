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

import numpy as np
import pandas as pd

from .errors import DataError
from .groupings import check_scheme, groups
from .indicators import POPULATION, YUAN_PER_YI_PER_WAN, group_sum, wide
from .groupings import labels, membership, regions
from .indicators import group_ratio, shares, table_from_paper, totals, vintage_label
from .groupings import resolve_province

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


# --------------------------------------------------------------------------- four yardsticks of a gap
#: the per-resident yardsticks of a regional gap: measure code -> Chinese name
YARDSTICKS = {"gdp": "人均地区生产总值", "revenue": "人均地方财政收入",
              "expenditure": "人均地方财政支出", "income": "人均可支配收入"}
#: the pairs of groups compared by :func:`gap_ratios`: (scheme, higher group, lower group)
PAIRS = [("coastal", "coastal", "inland"), ("four_regions", "east", "west"), ("four_regions", "east", "central"),
         ("four_regions", "east", "northeast"), ("north_south", "south", "north")]
#: the four largest coal producers in 2021-2022 (山西, 内蒙古, 陕西, 新疆), whose revenue rose
#: with the coal price
COAL_PROVINCES = (140000, 150000, 610000, 650000)
#: measure -> (indicator, kind, vintages oldest first, whether the join year is kept in both).
#: GDP changes level at the join (``nbs_db_2021`` to 2019, ``rev2025`` after the 5th economic
#: census), so 2019 is kept in both; the two fiscal vintages are equal where both exist
#: (data/README.md), so the later one is used only after the earlier ends.
_YARDSTICK_SOURCES = {
    "gdp": ("gdp", "sum", ("nbs_db_2021", "rev2025"), True),
    "revenue": ("fiscal_revenue", "sum", ("nbs_db_2021", "nbs_db_2025"), False),
    "expenditure": ("fiscal_expenditure", "sum", ("nbs_db_2021", "nbs_db_2025"), False),
    "income": ("disposable_income_per_capita", "weighted", ("nbs_db_2025",), False),
}
#: the 2004/05 population break: per-capita values of 2004 and earlier are not comparable with later ones
POPULATION_BREAK = (2004, 2005)


def _excluded(exclude) -> list[int]:
    codes = []
    for name in exclude or []:
        code = resolve_province(name)
        if code is None:
            raise DataError(f"unknown province '{name}' in exclude")
        codes.append(code)
    return codes


def yardsticks(scheme: str = "coastal", exclude=None, measures=None) -> pd.DataFrame:
    r"""Four per-resident yardsticks of a regional gap, by group and year, vintages end to end.

    For a group G of provinces i with year-end population N_i (万人):

    .. math::

        \text{GDP, revenue, expenditure:}\quad x_G = \frac{\sum_{i\in G} X_i}{\sum_{i\in G} N_i}\times 10^4
        \qquad
        \text{income:}\quad x_G = \frac{\sum_{i\in G} y_i N_i}{\sum_{i\in G} N_i}

    with X_i in 亿元 (GDP, local general public budget revenue and expenditure) and y_i the
    province's disposable income per resident (元), so every yardstick is 元 per resident.

    Parameters
    ----------
    scheme : str
        Grouping scheme; ``national`` is the sum of the provinces kept.
    exclude : list of str, optional
        Provinces left out (names or adcodes, e.g. ``["北京", "天津", "上海"]``).
    measures : list of str, optional
        Among :data:`YARDSTICKS` (default all four).

    Returns
    -------
    pandas.DataFrame
        year, measure, vintage, unit (``national`` and the scheme's groups), value (元 per resident).
        GDP: ``nbs_db_2021`` 2000-2019 and ``rev2025`` 2019-2024 (2019 in both: the 5th economic census
        revision shows at the join). Revenue and expenditure: ``nbs_db_2021`` 2000-2019, ``nbs_db_2025``
        2020-2024 (equal where both exist). Income: ``nbs_db_2025`` 2016-2024. Values of 2004 and
        earlier carry the 2004/05 population break (:data:`POPULATION_BREAK`).

    References
    ----------
    World Bank (2002), *China: National Development and Sub-National Finance: A Review of Provincial
    Expenditures*, Report 22951-CHA, ch. 4 (regional disparities in revenue and spending per capita).
    """
    check_scheme(scheme)
    drop = _excluded(exclude)
    frames = []
    for m in measures or list(YARDSTICKS):
        if m not in _YARDSTICK_SOURCES:
            raise DataError(f"unknown yardstick '{m}'; known: {', '.join(YARDSTICKS)}")
        indicator, kind, vints, keep_join = _YARDSTICK_SOURCES[m]
        last = None
        for v in vints:
            x = _complete(wide(indicator, v).drop(columns=drop))
            pop = _complete(wide(*POPULATION).drop(columns=drop))
            years = [y for y in x.index if y in pop.index
                     and (last is None or y > last or (keep_join and y == last))]
            x, pop = x.loc[years], pop.loc[years]
            if kind == "sum":
                t = group_sum(x, scheme) / group_sum(pop, scheme) * YUAN_PER_YI_PER_WAN
            else:
                t = group_sum(x * pop, scheme) / group_sum(pop, scheme)
            long = t.stack().rename("value").reset_index()
            long.columns = ["year", "unit", "value"]
            long.insert(1, "measure", m)
            long.insert(2, "vintage", v)
            frames.append(long)
            last = max(years) if years else last
    out = pd.concat(frames, ignore_index=True)
    out["year"] = out["year"].astype(int)
    return out


def pair_label(scheme: str, high: str, low: str) -> str:
    """'沿海÷内陆': the Chinese labels of two groups of a scheme."""
    lab = labels(scheme)
    return f"{lab[high]}÷{lab[low]}"


def gap_ratios(pairs=None, exclude=None, measures=None) -> pd.DataFrame:
    r"""The gap between two groups on each yardstick, as a ratio: higher group ÷ lower group.

    .. math:: r_{HL,t} = x_{H,t} / x_{L,t}

    with x the per-resident yardsticks of :func:`yardsticks` (1 = no gap).

    Parameters
    ----------
    pairs : list of (scheme, high, low), optional
        Default :data:`PAIRS` (coastal÷inland, east÷west, east÷central, east÷northeast, south÷north).
    exclude : list of str, optional
        Provinces left out of every group (see :func:`yardsticks`).
    measures : list of str, optional
        Among :data:`YARDSTICKS` (default all four).

    Returns
    -------
    pandas.DataFrame
        year, measure, vintage, scheme, high, low, pair (Chinese label), ratio, series (a key that is
        different on each side of the GDP vintage join and of the 2004/05 population break, so a line
        drawn through it breaks there; the fiscal vintages, equal where both exist, are one line).
    """
    frames, made = [], {}
    for scheme, high, low in pairs or PAIRS:
        if scheme not in made:
            made[scheme] = yardsticks(scheme, exclude, measures)
        y = made[scheme]
        t = y[y["unit"].isin([high, low])].pivot(index=["year", "measure", "vintage"], columns="unit",
                                                   values="value").reset_index()
        t = t.assign(scheme=scheme, high=high, low=low, pair=pair_label(scheme, high, low),
                     ratio=t[high] / t[low])
        frames.append(t[["year", "measure", "vintage", "scheme", "high", "low", "pair", "ratio"]])
    out = pd.concat(frames, ignore_index=True)
    era = out["year"].le(POPULATION_BREAK[0]).map({True: "|≤2004", False: ""})
    joined = out["measure"].map(lambda m: _YARDSTICK_SOURCES[m][3])      # levels differ at the join
    out["series"] = out["pair"] + "|" + out["measure"] + out["vintage"].where(joined, "").radd("|") + era
    out.columns.name = None
    return out


def yardstick_summary(year: int | None = None, pairs=None, exclude=None) -> dict:
    """Which yardstick shows the largest gap, pair by pair, in one year and over the years in which
    all four exist (the values a chapter glues).

    Parameters
    ----------
    year : int, optional
        Default the last year in which all four yardsticks exist.
    pairs, exclude
        As in :func:`gap_ratios`.

    Returns
    -------
    dict
        ``first-year``, ``last-year`` (the years with all four yardsticks), ``year``; for each pair
        (key ``<high>-<low>``) and measure the ratio in ``year`` (``<high>-<low>-<measure>``), the
        largest and the smallest measure (``...-largest``, ``...-smallest``, Chinese names) and the
        margin of the largest over the next (``...-margin``; ``...-margin-first`` and
        ``...-largest-first`` in the first year); ``<high>-<low>-revenue-largest-n`` of
        ``<high>-<low>-years``: in how many years revenue is the pair's largest gap; ``revenue-largest-n`` /
        ``revenue-largest-of``: in how many pair × year combinations revenue per resident is the
        largest gap; ``expenditure-below-1-n`` / ``-of``: in how many the lower group spends more
        per resident.
    """
    r = gap_ratios(pairs, exclude)
    r = r.drop_duplicates(["year", "measure", "pair"], keep="last")     # the later vintage at a join
    t = r.pivot(index=["pair", "high", "low", "year"], columns="measure", values="ratio")
    t = t.dropna(subset=list(YARDSTICKS)).reset_index()
    if t.empty:
        raise DataError("no year in which all four yardsticks exist")
    years = sorted(t["year"].unique())
    year = int(year or years[-1])
    if year not in years:
        raise DataError(f"all four yardsticks exist in {years[0]}-{years[-1]}, not in {year}")
    out = {"first-year": int(years[0]), "last-year": int(years[-1]), "year": year}
    ms = list(YARDSTICKS)
    for _, row in t[t["year"] == years[0]].iterrows():
        vals = row[ms].astype(float).sort_values(ascending=False)
        out[f"{row['high']}-{row['low']}-margin-first"] = float(vals.iloc[0] - vals.iloc[1])
        out[f"{row['high']}-{row['low']}-largest-first"] = YARDSTICKS[vals.index[0]]
    for _, row in t[t["year"] == year].iterrows():
        key = f"{row['high']}-{row['low']}"
        vals = row[ms].astype(float).sort_values(ascending=False)
        for m in ms:
            out[f"{key}-{m}"] = float(row[m])
        out[f"{key}-largest"] = YARDSTICKS[vals.index[0]]
        out[f"{key}-smallest"] = YARDSTICKS[vals.index[-1]]
        out[f"{key}-margin"] = float(vals.iloc[0] - vals.iloc[1])
    largest = t[ms].astype(float).idxmax(axis=1)
    for (high, low), part in largest.groupby([t["high"], t["low"]]):
        out[f"{high}-{low}-revenue-largest-n"] = int((part == "revenue").sum())
        out[f"{high}-{low}-years"] = int(len(part))
    out["revenue-largest-n"] = int((largest == "revenue").sum())
    out["revenue-largest-of"] = int(len(t))
    out["expenditure-below-1-n"] = int((t["expenditure"] < 1).sum())
    out["expenditure-below-1-of"] = int(len(t))
    return out


# --------------------------------------------------------------------------- the revenue gap, year by year
def revenue_ratio_decomposition(start: int, end: int, scheme: str = "coastal", high: str = "coastal",
                                low: str = "inland", vintage: str = "nbs_db_2025") -> pd.DataFrame:
    r"""Who moved the ratio of per-resident revenue between two groups from one year to another.

    With R_G = Σ_{i∈G} R_i (revenue, 亿元) and N_G the population of group G, the ratio
    ρ = (R_H/N_H) / (R_L/N_L) changes in logs by

    .. math::

        \Delta\ln\rho = \underbrace{\sum_{i\in H} w_H\,\Delta R_i}_{\Delta\ln R_H}
                      - \underbrace{\sum_{i\in L} w_L\,\Delta R_i}_{\Delta\ln R_L}
                      - \Delta\ln N_H + \Delta\ln N_L,
        \qquad w_G = \frac{\Delta\ln R_G}{\Delta R_G}

    which is exact (Σ_{i∈G} ΔR_i = ΔR_G): each province's contribution is its change in revenue
    weighted by the logarithmic-mean weight of its group, the additive log-mean Divisia form
    (Ang, "The LMDI approach to decomposition analysis: a practical guide", *Energy Policy* 33,
    2005). A negative contribution narrows the gap.

    Parameters
    ----------
    start, end : int
        Two years covered by ``vintage``.
    scheme, high, low : str
        The grouping scheme and the two groups compared (the ratio is high ÷ low).
    vintage : str
        Fiscal revenue vintage (``nbs_db_2021`` 2000-2019, ``nbs_db_2025`` 2016-2024).

    Returns
    -------
    pandas.DataFrame
        One row per province of the two groups (part ``revenue``) and one per group (part
        ``population``): part, unit (adcode or group), group, start, end (亿元 or 万人), change,
        growth_pct, contribution (to Δ ln ρ; the column sums to Δ ln ρ exactly).
    """
    start, end = int(start), int(end)
    check_scheme(scheme)
    if high not in groups(scheme) or low not in groups(scheme) or high == low:
        raise DataError(f"high and low must be two different groups of {scheme}: {', '.join(groups(scheme))}")
    rev = _complete(wide("fiscal_revenue", vintage))
    pop = _complete(wide(*POPULATION))
    for what, w in (("fiscal_revenue (" + vintage + ")", rev), ("population", pop)):
        absent = [y for y in (start, end) if y not in w.index]
        if absent:
            raise DataError(f"{what} has no figures for {', '.join(map(str, absent))}; it covers "
                            f"{int(w.index.min())}-{int(w.index.max())}")
    m = membership(scheme)
    rows = []
    for g, sign in ((high, 1.0), (low, -1.0)):
        codes = list(m[m == g].index)
        r0, r1 = rev.loc[start, codes], rev.loc[end, codes]
        weight = np.log(r1.sum() / r0.sum()) / (r1.sum() - r0.sum())
        for c in codes:
            rows.append({"part": "revenue", "unit": c, "group": g, "start": r0[c], "end": r1[c],
                         "change": r1[c] - r0[c], "growth_pct": (r1[c] / r0[c] - 1) * 100,
                         "contribution": sign * weight * (r1[c] - r0[c])})
        n0, n1 = pop.loc[start, codes].sum(), pop.loc[end, codes].sum()
        rows.append({"part": "population", "unit": g, "group": g, "start": n0, "end": n1, "change": n1 - n0,
                     "growth_pct": (n1 / n0 - 1) * 100, "contribution": -sign * np.log(n1 / n0)})
    return pd.DataFrame(rows)


def revenue_gap_summary(step=(2021, 2022), since: int = 2012, scheme: str = "coastal", high: str = "coastal",
                        low: str = "inland") -> dict:
    """The values a chapter glues about the narrowing of the per-resident revenue gap.

    The ratio of :func:`yardsticks` (revenue and GDP per resident, vintages end to end), the part
    of its fall from ``since`` that happens in the one step ``step``, the same read from the
    paper's printed Table 4, and :func:`revenue_ratio_decomposition` of the step, with the coal
    provinces (:data:`COAL_PROVINCES`) of the lower group summed apart.

    Returns
    -------
    dict
        ``revenue-<year>`` and ``gdp-<year>`` (ratios high ÷ low) for 2005, ``since``, the step's
        years and the last year; ``first-year``/``last-year`` of the revenue series; ``fall-paper``
        (ratio fall from ``since`` to the step's end) and ``step-share-paper`` (% of it in the step);
        ``fall-last``/``step-share-last`` (to the last year); ``t4-*`` the same from the printed
        Table 4; the decomposition in log points (×100): ``dln``, ``high-revenue``,
        ``low-coal``, ``low-other``, ``population``; ``high-growth``, ``coal-growth``,
        ``low-other-growth`` (% change of revenue), ``high-fell-n``/``high-n`` (provinces of the
        higher group whose revenue fell), ``high-top`` and ``coal-names`` (Chinese names),
        ``high-gap-pc-<year>`` and ``high-exp-growth`` (the higher group's expenditure − revenue
        per resident and growth of its expenditure in the step); from the step's end to the last
        year: ``after-dln``, ``after-coal`` (log points ×100) and ``after-high-growth``,
        ``after-low-growth``, ``after-coal-growth`` (% change of revenue).
    """
    from .indicators import table_from_paper

    y0, y1 = (int(y) for y in step)
    lab = labels(scheme)
    names = regions()["short_zh"]
    y = yardsticks(scheme, measures=["gdp", "revenue", "expenditure"])
    y = y.drop_duplicates(["year", "measure", "unit"], keep="last")        # rev2025 GDP at the 2019 join
    t = y.pivot(index=["year", "unit"], columns="measure", values="value")
    ratio = (t.xs(high, level="unit") / t.xs(low, level="unit"))
    rev = ratio["revenue"].dropna()
    last = int(rev.index.max())
    out = {"first-year": int(rev.index.min()), "last-year": last, "high": lab[high], "low": lab[low]}
    for yr in sorted({2005, since, y0, y1, last}):
        out[f"revenue-{yr}"] = float(rev.loc[yr])
        out[f"gdp-{yr}"] = float(ratio["gdp"].loc[yr])
    drop = rev.loc[y0] - rev.loc[y1]
    out["fall-paper"] = float(rev.loc[since] - rev.loc[y1])
    out["step-share-paper"] = float(drop / out["fall-paper"] * 100)
    out["fall-last"] = float(rev.loc[since] - rev.loc[last])
    out["step-share-last"] = float(drop / out["fall-last"] * 100)
    if scheme == "coastal" and (high, low) == ("coastal", "inland"):
        t4 = table_from_paper(4).set_index("year")
        pr = t4["coastal"] / t4["inland"]
        out.update({"t4-" + k: float(v) for k, v in
                    {f"{since}": pr.loc[since], f"{y0}": pr.loc[y0], f"{y1}": pr.loc[y1]}.items()})
        out["t4-step-share"] = float((pr.loc[y0] - pr.loc[y1]) / (pr.loc[since] - pr.loc[y1]) * 100)
    d = revenue_ratio_decomposition(y0, y1, scheme, high, low)
    rv = d[d["part"] == "revenue"]
    hi, lo = rv[rv["group"] == high], rv[rv["group"] == low]
    coal, other = lo[lo["unit"].isin(COAL_PROVINCES)], lo[~lo["unit"].isin(COAL_PROVINCES)]
    out["dln"] = float(d["contribution"].sum() * 100)
    out["high-revenue"] = float(hi["contribution"].sum() * 100)
    out["low-coal"] = float(coal["contribution"].sum() * 100)
    out["low-other"] = float(other["contribution"].sum() * 100)
    out["population"] = float(d.loc[d["part"] == "population", "contribution"].sum() * 100)
    for key, part in (("high", hi), ("coal", coal), ("low-other", other)):
        out[f"{key}-growth"] = float((part["end"].sum() / part["start"].sum() - 1) * 100)
    out["high-fell-n"] = int((hi["change"] < 0).sum())
    out["high-n"] = int(len(hi))
    out["high-top"] = "、".join(names[c] for c in hi.sort_values("contribution")["unit"].head(3))
    out["coal-names"] = "、".join(names[c] for c in coal.sort_values("contribution")["unit"])
    after = revenue_ratio_decomposition(y1, last, scheme, high, low)
    ra = after[after["part"] == "revenue"]
    out["after-dln"] = float(after["contribution"].sum() * 100)
    for key, part in (("high", ra[ra["group"] == high]), ("low", ra[ra["group"] == low]),
                      ("coal", ra[ra["unit"].isin(COAL_PROVINCES)])):
        out[f"after-{key}-growth"] = float((part["end"].sum() / part["start"].sum() - 1) * 100)
    out["after-coal"] = float(ra.loc[ra["unit"].isin(COAL_PROVINCES), "contribution"].sum() * 100)
    gap = (t["expenditure"] - t["revenue"]).xs(high, level="unit")
    for yr in (y0, y1):
        out[f"high-gap-pc-{yr}"] = float(gap.loc[yr])
    exp = t["expenditure"].xs(high, level="unit")
    out["high-exp-growth"] = float((exp.loc[y1] / exp.loc[y0] - 1) * 100)
    return out


# --------------------------------------------------------------------------- transfers
def fiscal_series(scheme: str = "coastal", level: str = "group") -> pd.DataFrame:
    """:func:`fiscal` of both vintages stacked, 2000-2024, with a ``vintage`` column.

    ``nbs_db_2021`` (2000-2019, % of GDP with GDP ``nbs_db_2021``) and ``nbs_db_2025`` (2016-2024,
    % of GDP with GDP ``rev2025``); in 2016-2019 both are kept. Per-resident values agree there
    (the fiscal figures are equal within 0.005 亿元); the ratios to GDP do not, because the 5th
    economic census raised GDP: the join shows the revision and is not spliced.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`fiscal`, then vintage and gdp_vintage.
    """
    frames = [fiscal(scheme, v, level).assign(vintage=v, gdp_vintage=GDP_FOR[v]) for v in GDP_FOR]
    return pd.concat(frames, ignore_index=True)


def transfer_summary(scheme: str = "coastal", high: str = "coastal", low: str = "inland",
                     named=("西藏", "青海", "宁夏", "新疆")) -> dict:
    """The values a chapter glues about expenditure and the expenditure − revenue gap (the proxy of
    net central transfers, :func:`fiscal`), by group and by province.

    Parameters
    ----------
    scheme, high, low : str
        Grouping scheme and the two groups compared.
    named : tuple of str
        Provinces whose rank in dependence on transfers is reported (the paper names Tibet,
        Qinghai, Ningxia and Xinjiang as relying most on central transfers).

    Returns
    -------
    dict
        For the groups ``national``, ``high``, ``low``: ``<g>-gap-pc-<year>`` (元 per resident) in
        2005, the last year of the earlier vintage and the last year; ``<g>-gap-gdp-<year>`` (%) in the
        first year and the last year of the earlier vintage (its own GDP, key suffix ``-old``, and the
        revised GDP, ``-new``), ``<g>-gap-gdp-new-<year>`` every year of the later vintage (revised
        GDP); ``<low>-gap-gdp-peak`` and ``-peak-year`` (earlier vintage); ``exp-ratio-<year>`` and ``rev-ratio-<year>`` (high ÷ low per resident);
        ``exp-cross-year`` (first year from which the lower group spends more per resident in every
        year); ``dependence-national-last`` (gap ÷ expenditure, %, all provinces); for the provinces
        of ``named``: ``dep-<i>`` (%) and ``rank-<i>`` (1 = most dependent) in the last year;
        ``top4`` (Chinese names of the four most dependent provinces), ``ahead`` (the provinces not in
        ``named`` that rank above the last of them); the years ``first-year``,
        ``join-year`` and ``last-year``.
    """
    old, new = list(GDP_FOR)
    a = fiscal(scheme, old).set_index(["year", "unit"])
    b = fiscal(scheme, new).set_index(["year", "unit"])
    y_first = int(a.index.get_level_values(0).min())
    y_join = int(a.index.get_level_values(0).max())
    y_last = int(b.index.get_level_values(0).max())
    pick = lambda yr: a if yr <= y_join else b          # noqa: E731 - equal per resident where both exist
    out = {"first-year": y_first, "join-year": y_join, "last-year": y_last}
    for g in ("national", high, low):
        for yr in (2005, y_join, y_last):
            out[f"{g}-gap-pc-{yr}"] = float(pick(yr).loc[(yr, g), "gap_pc"])
        out[f"{g}-gap-gdp-{y_first}"] = float(a.loc[(y_first, g), "gap_pct_gdp"])
        out[f"{g}-gap-gdp-{y_join}-old"] = float(a.loc[(y_join, g), "gap_pct_gdp"])
        out[f"{g}-gap-gdp-{y_join}-new"] = float(b.loc[(y_join, g), "gap_pct_gdp"])
        for yr in sorted(set(b.index.get_level_values(0))):
            out[f"{g}-gap-gdp-new-{yr}"] = float(b.loc[(yr, g), "gap_pct_gdp"])
    low_gdp = a.xs(low, level="unit")["gap_pct_gdp"]
    out[f"{low}-gap-gdp-peak"] = float(low_gdp.max())
    out[f"{low}-gap-gdp-peak-year"] = int(low_gdp.idxmax())
    both = pd.concat([a.loc[a.index.get_level_values(0) <= y_join], b.loc[b.index.get_level_values(0) > y_join]])
    exp = both["expenditure_pc"].unstack("unit")
    rev = both["revenue_pc"].unstack("unit")
    er, rr = exp[high] / exp[low], rev[high] / rev[low]
    for yr in (y_first, 2005, y_join, y_last):
        out[f"exp-ratio-{yr}"] = float(er.loc[yr])
        out[f"rev-ratio-{yr}"] = float(rr.loc[yr])
    below = er.lt(1)
    cross = [int(yr) for yr in er.index if below.loc[yr:].all()]
    out["exp-cross-year"] = cross[0] if cross else None
    p = fiscal(scheme, new, level="province")
    p = p[p["year"] == y_last].set_index("unit")
    dep = (p["gap"] / p["expenditure"] * 100).sort_values(ascending=False)
    out["dependence-national-last"] = float(p["gap"].sum() / p["expenditure"].sum() * 100)
    names = regions()["short_zh"]
    rank = {c: i + 1 for i, c in enumerate(dep.index)}
    for i, name in enumerate(named, 1):
        code = resolve_province(name)
        if code is None:
            raise DataError(f"unknown province '{name}' in named")
        out[f"dep-{i}"] = float(dep.loc[code])
        out[f"rank-{i}"] = rank[code]
    out["top4"] = "、".join(names[c] for c in dep.index[:4])
    codes = [resolve_province(n) for n in named]
    lowest = max(rank[c] for c in codes)
    out["ahead"] = "、".join(names[c] for c in dep.index[:lowest] if c not in codes)
    return out


def production_elasticities(years=None) -> pd.DataFrame:
    r"""Do fiscal capacity, spending and household income follow production across provinces?

    For each year t and measure x (revenue, expenditure, disposable income per resident), the
    least-squares slope of the cross-section of the 31 provinces

    .. math:: \ln x_{i,t} = a_t + b_t \ln y_{i,t} + e_{i,t}

    with y GDP per resident (``rev2025`` ÷ year-end population). b > 1: x is more unequal than
    production; b < 1: less; b near 0: unrelated to it. Nominal values of one year (no price level
    differences between provinces are removed).

    Parameters
    ----------
    years : iterable of int, optional
        Default every year in which the four series cover all 31 provinces (2016-2024).

    Returns
    -------
    pandas.DataFrame
        year, measure, slope, corr (of the logs), max_min (highest ÷ lowest province), and for
        measure ``gdp`` only the max_min of GDP per resident.
    """
    gdp = _complete(wide("gdp", "rev2025"))
    pop = _complete(wide(*POPULATION))
    series = {"revenue": _complete(wide("fiscal_revenue", "nbs_db_2025")),
              "expenditure": _complete(wide("fiscal_expenditure", "nbs_db_2025"))}
    have = sorted(set(gdp.index) & set(pop.index) & set(series["revenue"].index) & set(series["expenditure"].index))
    inc = _complete(wide("disposable_income_per_capita", "nbs_db_2025"))
    have = [int(y) for y in have if y in inc.index]
    if years is None:
        years = have
    else:
        years = [int(y) for y in years]
        absent = [y for y in years if y not in have]
        if absent:
            raise DataError(f"the four series have no figures for {', '.join(map(str, absent))}; they cover "
                            f"{have[0]}-{have[-1]}")
    rows = []
    for yr in years:
        y = gdp.loc[yr] / pop.loc[yr] * YUAN_PER_YI_PER_WAN
        rows.append({"year": yr, "measure": "gdp", "slope": 1.0, "corr": 1.0, "max_min": float(y.max() / y.min())})
        xs = {k: w.loc[yr] / pop.loc[yr] * YUAN_PER_YI_PER_WAN for k, w in series.items()}
        xs["income"] = inc.loc[yr]
        for k, x in xs.items():
            lx, ly = np.log(x.to_numpy(float)), np.log(y.to_numpy(float))
            b = np.cov(ly, lx, ddof=0)[0, 1] / np.var(ly)
            rows.append({"year": yr, "measure": k, "slope": float(b), "corr": float(np.corrcoef(ly, lx)[0, 1]),
                         "max_min": float(x.max() / x.min())})
    return pd.DataFrame(rows)


def production_elasticity_summary(year: int | None = None) -> dict:
    """:func:`production_elasticities` of one year (default the last) as named values:
    ``year``, ``first-year``, ``<measure>-slope`` (and ``-slope-first``, the first year's),
    ``<measure>-corr``, ``<measure>-max-min`` for revenue, expenditure and income, ``gdp-max-min``;
    ``expenditure-top4`` (the four provinces spending most per resident) and
    ``expenditure-top-second`` (the first's spending per resident ÷ the second's)."""
    t = production_elasticities(None if year is None else [year])
    year = int(t["year"].max())
    t = t[t["year"] == year].set_index("measure")
    out = {"year": year, "first-year": int(production_elasticities()["year"].min()),
           "gdp-max-min": float(t.loc["gdp", "max_min"])}
    first = production_elasticities([out["first-year"]]).set_index("measure")
    for m in ("revenue", "expenditure", "income"):
        out[f"{m}-slope"] = float(t.loc[m, "slope"])
        out[f"{m}-slope-first"] = float(first.loc[m, "slope"])
        out[f"{m}-corr"] = float(t.loc[m, "corr"])
        out[f"{m}-max-min"] = float(t.loc[m, "max_min"])
    exp = (wide("fiscal_expenditure", "nbs_db_2025").loc[year] / wide(*POPULATION).loc[year]).sort_values(ascending=False)
    names = regions()["short_zh"]
    out["expenditure-top4"] = "、".join(names[c] for c in exp.index[:4])
    out["expenditure-top-second"] = float(exp.iloc[0] / exp.iloc[1])
    return out


def yardstick_table(year: int | None = None, pairs=None, exclude=None) -> pd.DataFrame:
    """:func:`gap_ratios` of one year as a table: one row per pair of groups (in the order of
    ``pairs``, labelled in Chinese), one column per yardstick (:data:`YARDSTICKS` codes). At the GDP
    vintage join the later vintage is used. Default year: the last in which all four exist."""
    r = gap_ratios(pairs, exclude).drop_duplicates(["year", "measure", "pair"], keep="last")
    t = r.pivot(index=["year", "pair"], columns="measure", values="ratio")[list(YARDSTICKS)].dropna()
    if t.empty:
        raise DataError("no year in which all four yardsticks exist")
    years = sorted(t.index.get_level_values("year").unique())
    year = int(year or years[-1])
    if year not in years:
        raise DataError(f"all four yardsticks exist in {years[0]}-{years[-1]}, not in {year}")
    order = list(dict.fromkeys(r["pair"]))
    out = t.xs(year, level="year").reindex(order)
    out.columns.name = None
    return out
