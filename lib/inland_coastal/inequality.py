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
    """μ = Σ p_i y_i with p_i = w_i / Σ w."""
    y, w = _arrays(y, w, positive_y=False)
    return float(np.sum(w * y) / np.sum(w))


# --------------------------------------------------------------------------- measures
def theil_t(y, w) -> float:
    """Theil's T (GE(1)), population-weighted.

    T = Σ_i s_i ln(y_i / μ),  s_i = w_i y_i / Σ_j w_j y_j

    0 when every province has the same per-capita GDP; it grows with inequality and is
    most sensitive to the rich end. Needs y_i > 0.
    """
    y, w = _arrays(y, w)
    mu = np.sum(w * y) / np.sum(w)
    s = w * y / np.sum(w * y)
    return float(np.sum(s * np.log(y / mu)))


def theil_l(y, w) -> float:
    """Theil's L (mean log deviation, GE(0)), population-weighted.

    L = Σ_i p_i ln(μ / y_i),  p_i = w_i / Σ_j w_j

    Most sensitive to the poor end. Needs y_i > 0.
    """
    y, w = _arrays(y, w)
    p = w / np.sum(w)
    mu = np.sum(p * y)
    return float(np.sum(p * np.log(mu / y)))


def williamson(y, w) -> float:
    """Williamson's coefficient of variation (population-weighted CV).

    CV_w = sqrt(Σ_i p_i (y_i − μ)²) / μ
    """
    y, w = _arrays(y, w, positive_y=False)
    p = w / np.sum(w)
    mu = np.sum(p * y)
    return float(np.sqrt(np.sum(p * (y - mu) ** 2)) / mu)


def gini(y, w) -> float:
    """Population-weighted Gini coefficient.

    G = Σ_i Σ_j p_i p_j |y_i − y_j| / (2 μ)

    With equal weights this is Σ_i Σ_j |y_i − y_j| / (2 n² μ), PySAL's ``Gini``.
    """
    y, w = _arrays(y, w, positive_y=False)
    p = w / np.sum(w)
    mu = np.sum(p * y)
    return float(np.sum(np.outer(p, p) * np.abs(y[:, None] - y[None, :])) / (2 * mu))


def theil_t_decomposition(y, w, groups) -> dict:
    """Theil's T split exactly into a between-group and a within-group part.

    For groups g with population share P_g = Σ_{i∈g} p_i, GDP share S_g = Σ_{i∈g} s_i,
    and T_g the Theil T among the provinces of g (with their own weights):

        between = Σ_g S_g ln(S_g / P_g)       (inequality of the group means)
        within  = Σ_g S_g T_g                 (inequality inside the groups)
        total   = between + within            (an identity, not an approximation)

    Returns dict(total, between, within, by_group) where by_group is a DataFrame with
    columns group, pop_share, income_share, theil (T_g), within_contribution (S_g T_g),
    between_contribution (S_g ln(S_g/P_g)); groups in order of first appearance.
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
    """One row per year: year, theil_t, theil_t_between, theil_t_within, theil_l,
    williamson, gini of per-capita GDP across the 31 provinces, population-weighted.

    Only the Theil T split depends on ``scheme`` (coastal, four_regions, north_south, ...).
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
