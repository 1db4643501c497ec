"""Inequality of per-capita GDP across provinces, weighted by population.

Notation for every measure: ``y_i`` is province *i*'s per-capita GDP, ``w_i`` its
population, ``p_i = w_i / Σ w`` its population share, ``μ = Σ p_i y_i`` the
population-weighted mean (the national per-capita GDP), and
``s_i = w_i y_i / Σ w y = p_i y_i / μ`` its share of total GDP.

With equal weights every measure reduces to the unweighted one of PySAL's
``inequality`` package (Theil, TheilD, Gini); the tests check this.

Per-capita GDP is GDP ÷ year-end population (亿元 ÷ 万人 × 1e4 → 元), as in the paper.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import DataError
from .groupings import check_scheme, membership
from .groupings import regions, scheme_label
from .indicators import YUAN_PER_YI_PER_WAN, gdp_and_population

COLUMNS = ["year", "theil_t", "theil_t_between", "theil_t_within", "theil_l", "williamson", "gini"]


# --------------------------------------------------------------------------- input checks
def _arrays(y, w, positive_y: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """y and w as float arrays, checked: same length, finite, w > 0, y > 0 (for logs)
    or y >= 0. Two pandas Series are aligned on their index first."""
    if isinstance(y, pd.Series) and isinstance(w, pd.Series):
        if set(y.index) != set(w.index):
            raise DataError("y and w have different indexes (e.g. different provinces)")
        w = w.reindex(y.index)
    y = np.asarray(y, dtype=float).ravel()
    w = np.asarray(w, dtype=float).ravel()
    if len(y) != len(w):
        raise DataError(f"mismatched lengths: {len(y)} values but {len(w)} weights")
    if len(y) == 0:
        raise DataError("no values: inequality needs at least one province")
    for name, a in (("value", y), ("weight", w)):
        bad = ~np.isfinite(a)
        if bad.any():
            raise DataError(f"{name} at position {int(bad.nonzero()[0][0])} is missing or not finite")
    if (w <= 0).any():
        i = int((w <= 0).nonzero()[0][0])
        raise DataError(f"weights (populations) must be positive; position {i} has {w[i]:g}")
    if positive_y and (y <= 0).any():
        i = int((y <= 0).nonzero()[0][0])
        raise DataError(f"values must be positive because a logarithm is taken; position {i} has {y[i]:g}")
    if not positive_y and ((y < 0).any() or y.sum() == 0):
        raise DataError("values must be non-negative with a positive mean")
    return y, w


def weighted_mean(y, w) -> float:
    r"""Population-weighted mean of per-capita values (the national per-capita value).

    .. math::

        \mu = \sum_{i=1}^{n} p_i y_i, \qquad p_i = \frac{w_i}{\sum_j w_j}

    Parameters
    ----------
    y : array-like or pandas.Series, shape (n,)
        Per-capita values of the *n* provinces (e.g. per-capita GDP, 元).
    w : array-like or pandas.Series, shape (n,)
        Their weights, positive (year-end population, 万人). Two Series are aligned on
        their index first.

    Returns
    -------
    float
        :math:`\mu`, in the unit of ``y``.
    """
    y, w = _arrays(y, w, positive_y=False)
    return float(np.sum(w * y) / np.sum(w))


# --------------------------------------------------------------------------- measures
def theil_t(y, w) -> float:
    r"""Theil's *T* index (generalised entropy GE(1)), population-weighted.

    .. math::

        T = \sum_{i=1}^{n} s_i \ln\frac{y_i}{\mu}, \qquad
        s_i = \frac{w_i y_i}{\sum_j w_j y_j}, \qquad \mu = \sum_i p_i y_i

    :math:`s_i` is province *i*'s share of the total (of GDP). *T* is 0 when every
    province has the same per-capita value and grows with inequality, most sensitive to
    the rich end. With equal weights it is PySAL's ``inequality.theil.Theil``; with integer
    weights it equals the unweighted *T* of the sample in which province *i* appears
    :math:`w_i` times.

    Parameters
    ----------
    y : array-like or pandas.Series, shape (n,)
        Per-capita values of the *n* provinces (e.g. per-capita GDP, 元).
    w : array-like or pandas.Series, shape (n,)
        Their weights, positive (year-end population, 万人). Two Series are aligned on
        their index first. ``y`` must be positive (a logarithm is taken).

    Returns
    -------
    float
        *T* >= 0 (0 for equal values; at most :math:`\ln n` for equal weights).

    References
    ----------
    H. Theil (1967), *Economics and Information Theory*, Amsterdam: North-Holland, ch. 4.
    """
    y, w = _arrays(y, w)
    mu = np.sum(w * y) / np.sum(w)
    s = w * y / np.sum(w * y)
    return float(np.sum(s * np.log(y / mu)))


def theil_l(y, w) -> float:
    r"""Theil's *L* index, the mean log deviation (generalised entropy GE(0)),
    population-weighted.

    .. math::

        L = \sum_{i=1}^{n} p_i \ln\frac{\mu}{y_i}, \qquad
        p_i = \frac{w_i}{\sum_j w_j}, \qquad \mu = \sum_i p_i y_i

    Most sensitive to the poor end. It is :math:`-\ln(1 - A_1)` for Atkinson's index with
    inequality aversion 1 (PySAL's ``inequality.atkinson.atkinson(y, 1)``), and with integer
    weights the unweighted *L* of the sample in which province *i* appears :math:`w_i`
    times.

    Parameters
    ----------
    y : array-like or pandas.Series, shape (n,)
        Per-capita values of the *n* provinces (e.g. per-capita GDP, 元).
    w : array-like or pandas.Series, shape (n,)
        Their weights, positive (year-end population, 万人). Two Series are aligned on
        their index first. ``y`` must be positive (a logarithm is taken).

    Returns
    -------
    float
        *L* >= 0 (0 for equal values).

    References
    ----------
    H. Theil (1967), *Economics and Information Theory*, Amsterdam: North-Holland;
    A. F. Shorrocks (1980), "The class of additively decomposable inequality measures",
    *Econometrica* 48(3), 613-625.
    """
    y, w = _arrays(y, w)
    p = w / np.sum(w)
    mu = np.sum(p * y)
    return float(np.sum(p * np.log(mu / y)))


def williamson(y, w) -> float:
    r"""Williamson's coefficient of variation: the population-weighted standard deviation
    of per-capita values over their weighted mean.

    .. math::

        V_w = \frac{1}{\mu} \sqrt{\sum_{i=1}^{n} p_i (y_i - \mu)^2}, \qquad
        p_i = \frac{w_i}{\sum_j w_j}, \qquad \mu = \sum_i p_i y_i

    Equal to ``np.sqrt(np.cov(y, aweights=w, ddof=0)) / mu``; with equal weights it is the
    unweighted coefficient of variation ``np.std(y) / np.mean(y)``.

    Parameters
    ----------
    y : array-like or pandas.Series, shape (n,)
        Per-capita values of the *n* provinces (e.g. per-capita GDP, 元).
    w : array-like or pandas.Series, shape (n,)
        Their weights, positive (year-end population, 万人). Two Series are aligned on
        their index first. ``y`` must be non-negative with a positive mean.

    Returns
    -------
    float
        :math:`V_w` >= 0 (0 for equal values).

    References
    ----------
    J. G. Williamson (1965), "Regional inequality and the process of national development:
    a description of the patterns", *Economic Development and Cultural Change* 13(4),
    part 2, 1-84.
    """
    y, w = _arrays(y, w, positive_y=False)
    p = w / np.sum(w)
    mu = np.sum(p * y)
    return float(np.sqrt(np.sum(p * (y - mu) ** 2)) / mu)


def gini(y, w) -> float:
    r"""Population-weighted Gini coefficient (half the weighted mean absolute difference
    over the mean).

    .. math::

        G = \frac{1}{2\mu} \sum_{i=1}^{n} \sum_{j=1}^{n} p_i p_j \, |y_i - y_j|, \qquad
        p_i = \frac{w_i}{\sum_k w_k}, \qquad \mu = \sum_i p_i y_i

    With equal weights this is :math:`\sum_i \sum_j |y_i - y_j| / (2 n^2 \mu)`, PySAL's
    ``inequality.gini.Gini``; with integer weights the unweighted Gini of the sample in
    which province *i* appears :math:`w_i` times.

    Parameters
    ----------
    y : array-like or pandas.Series, shape (n,)
        Per-capita values of the *n* provinces (e.g. per-capita GDP, 元).
    w : array-like or pandas.Series, shape (n,)
        Their weights, positive (year-end population, 万人). Two Series are aligned on
        their index first. ``y`` must be non-negative with a positive mean.

    Returns
    -------
    float
        *G* in [0, 1) (0 for equal values).

    References
    ----------
    C. Gini (1912), *Variabilità e mutabilità*, Bologna: Tipografia di Paolo Cuppini;
    for the weighted form, e.g. R. I. Lerman and S. Yitzhaki (1989), "Improving the
    accuracy of estimates of Gini coefficients", *Journal of Econometrics* 42(1), 43-47.
    """
    y, w = _arrays(y, w, positive_y=False)
    p = w / np.sum(w)
    mu = np.sum(p * y)
    return float(np.sum(np.outer(p, p) * np.abs(y[:, None] - y[None, :])) / (2 * mu))


def theil_t_decomposition(y, w, groups) -> dict:
    r"""Theil's *T* split exactly into a between-group and a within-group part.

    For a group *g* with population share :math:`P_g = \sum_{i \in g} p_i`, share of the
    total :math:`S_g = \sum_{i \in g} s_i` and :math:`T_g` the Theil *T* among its own
    provinces (with their own weights):

    .. math::

        T = \underbrace{\sum_g S_g \ln\frac{S_g}{P_g}}_{\text{between}}
          + \underbrace{\sum_g S_g T_g}_{\text{within}}

    an identity, not an approximation. The between part is the Theil *T* of the group
    means weighted by group population. With equal weights the parts are PySAL's
    ``inequality.theil.TheilD`` ``bg`` and ``wg``.

    Parameters
    ----------
    y : array-like or pandas.Series, shape (n,)
        Per-capita values of the *n* provinces (e.g. per-capita GDP, 元).
    w : array-like or pandas.Series, shape (n,)
        Their weights, positive (year-end population, 万人). Two Series are aligned on
        their index first. ``y`` must be positive (a logarithm is taken).
    groups : array-like, shape (n,)
        The group of each province (any hashable labels).

    Returns
    -------
    dict
        ``total`` (*T*), ``between``, ``within`` (floats) and ``by_group``, a DataFrame with
        one row per group in order of first appearance: group, pop_share (:math:`P_g`),
        income_share (:math:`S_g`), theil (:math:`T_g`), within_contribution
        (:math:`S_g T_g`), between_contribution (:math:`S_g \ln(S_g/P_g)`).

    References
    ----------
    A. F. Shorrocks (1980), "The class of additively decomposable inequality measures",
    *Econometrica* 48(3), 613-625; H. Theil (1967), *Economics and Information Theory*.
    """
    y, w = _arrays(y, w)
    g = np.asarray(groups, dtype=object).ravel()
    if len(g) != len(y):
        raise DataError(f"mismatched lengths: {len(y)} values but {len(g)} group labels")
    total = theil_t(y, w)
    pop_share = w / np.sum(w)
    inc_share = w * y / np.sum(w * y)
    rows = []
    for name in pd.unique(g):
        m = g == name
        P, S = float(pop_share[m].sum()), float(inc_share[m].sum())
        t_g = theil_t(y[m], w[m])
        rows.append({"group": name, "pop_share": P, "income_share": S, "theil": t_g,
                     "within_contribution": S * t_g, "between_contribution": S * np.log(S / P)})
    by_group = pd.DataFrame(rows)
    return {"total": total, "between": float(by_group["between_contribution"].sum()),
            "within": float(by_group["within_contribution"].sum()), "by_group": by_group}




# --------------------------------------------------------------------------- the province panel
def inequality_table(scheme: str = "coastal", vintage: str = "paper", years=None) -> pd.DataFrame:
    """Every measure of this module for per-capita GDP across the 31 provinces, by year.

    Per-capita GDP is GDP ÷ year-end population (:func:`~inland_coastal.indicators.gdp_and_population`),
    each province weighted by its population.

    Parameters
    ----------
    scheme : str
        The grouping of the Theil *T* split (coastal, four_regions, north_south, ...); the
        other measures do not depend on it.
    vintage : str
        The GDP vintage (default ``'paper'``, the paper's figures).
    years : list of int, optional
        Default: the paper's 2012-2022 for ``'paper'``, otherwise every year the data cover.

    Returns
    -------
    pandas.DataFrame
        One row per year: year, theil_t, theil_t_between, theil_t_within, theil_l,
        williamson, gini.
    """
    groups = membership(check_scheme(scheme))
    gdp, pop = gdp_and_population(vintage, years)
    rows = []
    for year in gdp.index:
        w = pop.loc[year]
        y = gdp.loc[year] / w * YUAN_PER_YI_PER_WAN
        d = theil_t_decomposition(y.to_numpy(), w.to_numpy(), groups.reindex(y.index).to_numpy())
        rows.append({"year": int(year), "theil_t": d["total"], "theil_t_between": d["between"],
                     "theil_t_within": d["within"], "theil_l": theil_l(y, w),
                     "williamson": williamson(y, w), "gini": gini(y, w)})
    return pd.DataFrame(rows, columns=COLUMNS)


# --------------------------------------------------------------------------- the Theil split, for the chapters
def theil_split(groups, vintage: str = "rev2025", year: int | None = None) -> dict:
    """Theil's *T* of per-capita GDP across the 31 provinces in one year, split between and within
    the groups of any grouping (:func:`theil_t_decomposition`).

    Parameters
    ----------
    groups : str or pandas.Series
        A scheme of ``data/regions.csv`` (e.g. ``'coastal'``) or a Series adcode -> group label,
        such as ``groupings.membership('coastal')`` with a province moved.
    vintage : str
        GDP vintage (per-capita GDP = GDP ÷ year-end population, population-weighted).
    year : int, optional
        Default the latest year of the vintage.

    Returns
    -------
    dict
        ``year``, ``total`` (*T*), ``between``, ``within`` and ``between-share`` (% of *T*).
    """
    m = membership(check_scheme(groups)) if isinstance(groups, str) else pd.Series(groups)
    gdp, pop = gdp_and_population(vintage, None if year is None else [year])
    yr = int(gdp.index.max()) if year is None else int(year)
    missing = [c for c in gdp.columns if c not in m.index or pd.isna(m.get(c))]
    if missing:
        names = regions().reindex(missing)["short_zh"].tolist()
        raise DataError(f"the grouping gives no group for {', '.join(map(str, names))}")
    w = pop.loc[yr]
    d = theil_t_decomposition((gdp.loc[yr] / w * YUAN_PER_YI_PER_WAN).to_numpy(), w.to_numpy(),
                              m.reindex(gdp.columns).to_numpy())
    return {"year": yr, "total": d["total"], "between": d["between"], "within": d["within"],
            "between-share": d["between"] / d["total"] * 100}


def decomposition_long(schemes=("coastal", "four_regions", "north_south"), vintage: str = "rev2025") -> pd.DataFrame:
    """The Theil *T* split of :func:`inequality_table` for several schemes in long form, for
    ``charts.decomposition_chart``: 分组方式 (the scheme's Chinese name), year, 成分 (组间差距 or
    组内差距), value, share (the between part as % of *T*)."""
    rows = []
    for s in schemes:
        t = inequality_table(s, vintage)
        share = t["theil_t_between"] / t["theil_t"] * 100
        for comp, col in (("组间差距", "theil_t_between"), ("组内差距", "theil_t_within")):
            rows.append(pd.DataFrame({"分组方式": scheme_label(s), "year": t["year"].astype(int), "成分": comp,
                                      "value": t[col].round(6), "share": share.round(3)}))
    return pd.concat(rows, ignore_index=True)


def theil_facts(vintage: str = "rev2025", schemes=("coastal", "four_regions", "north_south"),
                paper_vintage: str = "paper", turn: int | None = None) -> dict:
    """The numbers of a reading of the Theil *T* split of per-capita GDP (nominal, current prices).

    Parameters
    ----------
    vintage : str
        The long series (default ``rev2025``, 2006-2024).
    schemes : tuple of str
        The first is the main grouping (coastal/inland); the others are compared with it.
    paper_vintage : str
        The paper's own figures, for its years.
    turn : int, optional
        The year after which the total is read as moving sideways (default the year of its
        minimum before the last year).

    Returns
    -------
    dict
        ``y0``, ``y1``, ``total-y0``, ``total-y1``, ``turn``, ``total-turn``, ``after-min``,
        ``after-max`` (the total from ``turn`` on); ``between-share-y0``, ``between-share-y1``,
        ``within-share-y1``; ``inland-within-y1``, ``coastal-within-y1`` (Theil *T* inside each
        group); for every other scheme s ``s-share-y0``, ``s-share-y1``; ``paper-y0``,
        ``paper-y1``, ``paper-share-y0``, ``paper-share-y1`` (the split on the paper's figures).
    """
    main = schemes[0]
    t = inequality_table(main, vintage).set_index("year")
    y0, y1 = int(t.index.min()), int(t.index.max())
    share = t["theil_t_between"] / t["theil_t"] * 100
    turn = int(turn if turn is not None else t["theil_t"].loc[:y1 - 1].idxmin())
    after = t.loc[turn:, "theil_t"]
    out = {"y0": y0, "y1": y1, "total-y0": float(t.loc[y0, "theil_t"]), "total-y1": float(t.loc[y1, "theil_t"]),
           "turn": turn, "total-turn": float(t.loc[turn, "theil_t"]), "after-min": float(after.min()),
           "after-max": float(after.max()), "between-share-y0": float(share[y0]),
           "between-share-y1": float(share[y1]), "within-share-y1": float(100 - share[y1])}
    gdp, pop = gdp_and_population(vintage, [y1])
    w = pop.loc[y1]
    m = membership(main).reindex(gdp.columns)
    d = theil_t_decomposition((gdp.loc[y1] / w * YUAN_PER_YI_PER_WAN).to_numpy(), w.to_numpy(), m.to_numpy())
    for _, r in d["by_group"].iterrows():
        out[f"{r['group']}-within-y1"] = float(r["theil"])
    for s in schemes[1:]:
        ts = inequality_table(s, vintage).set_index("year")
        sh = ts["theil_t_between"] / ts["theil_t"] * 100
        out[f"{s}-share-y0"], out[f"{s}-share-y1"] = float(sh[y0]), float(sh[y1])
    tp = inequality_table(main, paper_vintage).set_index("year")
    shp = tp["theil_t_between"] / tp["theil_t"] * 100
    p0, p1 = int(tp.index.min()), int(tp.index.max())
    out.update({"paper-y0": p0, "paper-y1": p1, "paper-share-y0": float(shp[p0]), "paper-share-y1": float(shp[p1])})
    return out


def decomposition_table(schemes=("coastal", "four_regions", "north_south"),
                        vintages=("paper", "first_release", "rev2025")) -> pd.DataFrame:
    """:func:`inequality_table` for several grouping schemes and GDP vintages, stacked, with the
    between-group share of Theil *T*.

    .. math::

        \\text{between\\_pct} = T_B / T \\times 100

    Returns
    -------
    pandas.DataFrame
        scheme, vintage, then the columns of :func:`inequality_table` and between_pct (%), every
        year each vintage covers (per-capita GDP in current prices: the measures compare nominal
        levels, with no regional price levels to deflate them).
    """
    frames = []
    for s in schemes:
        for v in vintages:
            t = inequality_table(s, v)
            t.insert(0, "vintage", v)
            t.insert(0, "scheme", s)
            frames.append(t)
    out = pd.concat(frames, ignore_index=True)
    out["between_pct"] = out["theil_t_between"] / out["theil_t"] * 100
    return out


def inequality_summary(table: pd.DataFrame, years=()) -> dict:
    """The readings of a :func:`decomposition_table` as named values, for each vintage v and scheme s:
    v-first-year, v-last-year; v-theil/gini/williamson at first and last; v-theil-min, v-theil-min-year;
    s-v-between-first, s-v-between-last, s-v-between-max, s-v-between-max-year; and the values of
    theil and s-v-between in each of ``years`` the vintage covers (named by the year)."""
    out = {}
    for v, tv in table.groupby("vintage", sort=False):
        base = tv[tv["scheme"] == tv["scheme"].iloc[0]].set_index("year")
        y0, y1 = int(base.index.min()), int(base.index.max())
        out.update({f"{v}-first-year": y0, f"{v}-last-year": y1,
                    f"{v}-theil-min": float(base["theil_t"].min()), f"{v}-theil-min-year": int(base["theil_t"].idxmin())})
        for m, col in (("theil", "theil_t"), ("gini", "gini"), ("williamson", "williamson")):
            out[f"{v}-{m}-first"] = float(base.loc[y0, col])
            out[f"{v}-{m}-last"] = float(base.loc[y1, col])
            for y in years:
                if int(y) in base.index:
                    out[f"{v}-{m}-{int(y)}"] = float(base.loc[int(y), col])
        for s, ts in tv.groupby("scheme", sort=False):
            b = ts.set_index("year")["between_pct"]
            out.update({f"{s}-{v}-between-first": float(b.loc[y0]), f"{s}-{v}-between-last": float(b.loc[y1]),
                        f"{s}-{v}-between-max": float(b.max()), f"{s}-{v}-between-max-year": int(b.idxmax())})
            for y in years:
                if int(y) in b.index:
                    out[f"{s}-{v}-between-{int(y)}"] = float(b.loc[int(y)])
    return out


def endpoints(table: pd.DataFrame) -> pd.DataFrame:
    """The first and last year of each scheme and vintage of a :func:`decomposition_table`."""
    keep = table.groupby(["scheme", "vintage"], sort=False)["year"].transform(lambda y: y.isin([y.min(), y.max()]))
    return table[keep].reset_index(drop=True)
