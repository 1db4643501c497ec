"""Convergence of per-capita GDP across the 31 provinces.

σ-convergence: the dispersion of per-capita GDP falls over time. Measured each year by the
standard deviation of ln y across provinces (unweighted, ddof=0), the unweighted coefficient
of variation sd(y)/mean(y), and the population-weighted one (Williamson's CV).

β-convergence: poorer provinces grow faster. The cross-section OLS

    g_i = a + β ln y_i,0 + ε_i,     g_i = (ln y_i,T − ln y_i,0) / T

(average annual log growth over T = end − start years on the initial log level) gives
β < 0 under convergence; the implied speed is λ = −ln(1 + βT) / T per year and the
half-life, the years needed to close half of the gap, is ln 2 / λ.

Per-capita GDP is nominal GDP ÷ year-end population (元). A price change common to all
provinces moves only the intercept a, not β.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .errors import DataError
from .groupings import regions, resolve_province
from .indicators import YUAN_PER_YI_PER_WAN, gdp_and_population
from .inequality import williamson


def sigma_convergence(vintage: str = "paper", years=None) -> pd.DataFrame:
    r"""σ-convergence: the dispersion of per-capita GDP across the 31 provinces, by year.

    .. math::

        \sigma_t = \sqrt{\frac{1}{n}\sum_{i=1}^{n} \left(\ln y_{it} - \overline{\ln y_t}\right)^2},
        \qquad CV_t = \frac{\operatorname{sd}(y_t)}{\bar y_t},
        \qquad CV^w_t = \text{Williamson's } V_w \text{ (population-weighted)}

    Parameters
    ----------
    vintage : str
        The GDP vintage (default ``'paper'``).
    years : list of int, optional
        Default as in :func:`inland_coastal.indicators.gdp_and_population` (2012-2022 for the
        paper vintage, every covered year otherwise).

    Returns
    -------
    pandas.DataFrame
        One row per year: year, sd_log (:math:`\sigma_t`, unweighted, ddof=0), cv
        (:math:`CV_t`, unweighted, ddof=0), cv_weighted (:func:`~inland_coastal.inequality.williamson`).

    References
    ----------
    R. J. Barro and X. Sala-i-Martin (1992), "Convergence", *Journal of Political Economy*
    100(2), 223-251.
    """
    gdp, pop = gdp_and_population(vintage, years)
    rows = []
    for year in gdp.index:
        y = (gdp.loc[year] / pop.loc[year] * YUAN_PER_YI_PER_WAN).to_numpy()
        rows.append({"year": int(year), "sd_log": float(np.std(np.log(y))),
                     "cv": float(np.std(y) / np.mean(y)), "cv_weighted": williamson(y, pop.loc[year])})
    return pd.DataFrame(rows, columns=["year", "sd_log", "cv", "cv_weighted"])


def speed_and_half_life(beta: float, T: float) -> tuple[float | None, float | None]:
    r"""The speed of convergence implied by a β estimated over *T* years, and its half-life.

    .. math::

        \lambda = -\frac{\ln(1 + \beta T)}{T}, \qquad t_{1/2} = \frac{\ln 2}{\lambda}

    Parameters
    ----------
    beta : float
        The slope of average annual log growth on the initial log level.
    T : float
        The length of the period, years.

    Returns
    -------
    (float or None, float or None)
        :math:`\lambda` per year (None when :math:`1 + \beta T \le 0`: no finite speed) and
        the half-life in years (None unless :math:`\lambda > 0`: no convergence, nothing to halve).

    References
    ----------
    R. J. Barro and X. Sala-i-Martin (1992), "Convergence", *Journal of Political Economy*
    100(2), 223-251.
    """
    if 1 + beta * T <= 0:
        return None, None
    lam = -math.log(1 + beta * T) / T
    return lam, (math.log(2) / lam if lam > 0 else None)


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function, by the modified Lentz method
    (Press et al., *Numerical Recipes*, 3rd ed., 2007, §6.4)."""
    tiny, eps = 1e-300, 1e-16
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 500):
        m2 = 2 * m
        for aa in (m * (b - m) * x / ((qam + m2) * (a + m2)),
                   -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))):
            d = 1.0 + aa * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + aa / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1.0) < eps:
            break
    return h


def t_two_sided_p(t: float, df: float) -> float:
    r"""Two-sided p-value of Student's t, :math:`P(|T_\nu| > |t|)`.

    .. math::

        P(|T_\nu| > |t|) = I_{x}\!\left(\tfrac{\nu}{2}, \tfrac12\right), \qquad x = \frac{\nu}{\nu + t^2},

    with :math:`I_x(a, b)` the regularized incomplete beta function (Abramowitz and Stegun
    1964, 26.7.1 and 26.5.2), evaluated by its continued fraction on the side where it converges
    fast (26.5.8), so that small p-values keep their relative precision.

    Parameters
    ----------
    t : float
        The t statistic (its sign does not matter; ``inf`` gives 0).
    df : float
        Degrees of freedom, positive (n − 2 in a regression on one variable).

    Returns
    -------
    float
        The two-sided p-value in [0, 1]; the same as ``2 * scipy.special.stdtr(df, -abs(t))``
        (tests/test_convergence.py compares them) without importing SciPy, which the book's
        in-browser copy would otherwise download (19 MiB) for this one number.

    References
    ----------
    M. Abramowitz and I. A. Stegun (eds.) (1964), *Handbook of Mathematical Functions*, NBS
    Applied Mathematics Series 55, §26.5 and §26.7. W. H. Press, S. A. Teukolsky, W. T.
    Vetterling and B. P. Flannery (2007), *Numerical Recipes*, 3rd ed., §6.4.
    """
    if not (df > 0 and math.isfinite(df)):
        raise DataError(f"degrees of freedom must be positive; got {df}")
    if math.isnan(t):
        raise DataError("the t statistic is not a number")
    if math.isinf(t):
        return 0.0
    if t == 0:
        return 1.0
    a, b = df / 2.0, 0.5
    x = df / (df + t * t)
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1.0) / (a + b + 2.0):
        p = front * _betacf(a, b, x) / a
    else:
        p = 1.0 - front * _betacf(b, a, 1.0 - x) / b
    return min(1.0, max(0.0, p))


def ols_slope(x, g) -> dict:
    """OLS of g on x with a constant, in closed form (the classical, homoskedastic errors).

        β = Σ(x − x̄)(g − ḡ) / Σ(x − x̄)²,   a = ḡ − β x̄,   e = g − a − β x
        s² = Σe² / (n − 2),   se(β) = √(s² / Σ(x − x̄)²),   t = β / se(β)
        p = 2 · P(T_{n−2} > |t|) (Student's t, two-sided),   R² = 1 − Σe² / Σ(g − ḡ)²

    Returns dict(beta, intercept, se, tstat, pvalue, r2, n). Equal to statsmodels' OLS
    (tests/test_convergence.py compares them); written out because importing statsmodels
    costs a chapter over a second. The p-value comes from :func:`t_two_sided_p` (exact for the
    integer degrees of freedom of a regression, no SciPy needed)."""
    x = np.asarray(x, dtype=float)
    g = np.asarray(g, dtype=float)
    n = len(x)
    dx, dg = x - x.mean(), g - g.mean()
    sxx = float(dx @ dx)
    if sxx == 0:
        raise DataError("all initial values are equal: the slope is not identified")
    beta = float(dx @ dg) / sxx
    intercept = float(g.mean() - beta * x.mean())
    resid = g - intercept - beta * x
    ssr, sst = float(resid @ resid), float(dg @ dg)
    se = math.sqrt(ssr / (n - 2) / sxx)
    tstat = beta / se if se > 0 else math.copysign(math.inf, beta)
    pvalue = t_two_sided_p(tstat, n - 2) if se > 0 else 0.0
    r2 = 1 - ssr / sst if sst > 0 else 1.0
    return {"beta": beta, "intercept": intercept, "se": se, "tstat": tstat, "pvalue": pvalue,
            "r2": r2, "n": n}


def beta_regression(y0, yT, T: float) -> dict:
    r"""β-convergence: the cross-section OLS of average annual log growth on the initial log level.

    .. math::

        g_i = \frac{\ln y_{iT} - \ln y_{i0}}{T} = a + \beta \ln y_{i0} + \varepsilon_i

    fitted by :func:`ols_slope`; :math:`\beta < 0` means poorer provinces grew faster.

    Parameters
    ----------
    y0, yT : array-like, shape (n,)
        Positive per-capita values at the start and the end, n >= 3.
    T : float
        Years between them, positive.

    Returns
    -------
    dict
        beta, se, tstat, pvalue, r2, n, speed and half_life (:func:`speed_and_half_life`),
        intercept.

    References
    ----------
    R. J. Barro and X. Sala-i-Martin (1992), "Convergence", *Journal of Political Economy*
    100(2), 223-251.
    """
    y0 = np.asarray(y0, dtype=float).ravel()
    yT = np.asarray(yT, dtype=float).ravel()
    if len(y0) != len(yT):
        raise DataError(f"mismatched lengths: {len(y0)} initial values but {len(yT)} final values")
    if len(y0) < 3:
        raise DataError(f"a β regression needs at least 3 provinces; got {len(y0)}")
    if not (np.all(np.isfinite(y0)) and np.all(np.isfinite(yT))):
        raise DataError("per-capita values are missing or not finite")
    if (y0 <= 0).any() or (yT <= 0).any():
        raise DataError("per-capita values must be positive because a logarithm is taken")
    if T <= 0:
        raise DataError(f"the period must be positive; got T = {T}")
    x = np.log(y0)
    fit = ols_slope(x, (np.log(yT) - x) / T)
    speed, half = speed_and_half_life(fit["beta"], T)
    return {"beta": fit["beta"], "se": fit["se"], "tstat": fit["tstat"], "pvalue": fit["pvalue"],
            "r2": fit["r2"], "n": fit["n"], "speed": speed, "half_life": half,
            "intercept": fit["intercept"]}


def _adcodes(adcodes) -> list[int]:
    if adcodes is None:
        return regions().index.tolist()
    out = []
    for a in adcodes:
        code = resolve_province(a)
        if code is None:
            raise DataError(f"unknown province '{a}'")
        out.append(code)
    return out


def beta_data(start: int, end: int, vintage: str = "paper", adcodes=None) -> pd.DataFrame:
    """The cross-section behind the β regression: adcode, province (short_zh), coastal
    (group code), y0, yT (元), log_initial, growth (average annual log growth)."""
    start, end = int(start), int(end)
    if end <= start:
        raise DataError(f"the end year ({end}) must come after the start year ({start})")
    codes = _adcodes(adcodes)
    gdp, pop = gdp_and_population(vintage, [start, end])
    pc = (gdp / pop * YUAN_PER_YI_PER_WAN)[codes]
    reg = regions().loc[codes]
    out = pd.DataFrame({"adcode": codes, "province": reg["short_zh"].to_numpy(),
                        "coastal": reg["coastal"].to_numpy(),
                        "y0": pc.loc[start].to_numpy(), "yT": pc.loc[end].to_numpy()})
    out["log_initial"] = np.log(out["y0"])
    out["growth"] = (np.log(out["yT"]) - out["log_initial"]) / (end - start)
    return out


def beta_convergence(start: int, end: int, vintage: str = "paper", adcodes=None) -> dict:
    """β-convergence between two years: dict(beta, se, tstat, pvalue, r2, n, speed,
    half_life, start, end) (and intercept). ``adcodes`` restricts the provinces (codes or
    names); default all 31."""
    d = beta_data(start, end, vintage, adcodes)
    out = beta_regression(d["y0"], d["yT"], int(end) - int(start))
    out.update(start=int(start), end=int(end))
    return out


# --------------------------------------------------------------------------- real or nominal, any period
#: the population series breaks between these two years: several provinces switched from registered
#: (户籍) to resident (常住) population, and the national sum falls from 129,022 万 (2004) to 128,604 万
#: (2005); per-capita values on either side are not comparable without saying so
POPULATION_BREAK = (2004, 2005)


def crosses_population_break(years) -> bool:
    """Whether a set of years has years on both sides of the 2004/05 population break."""
    years = [int(y) for y in years]
    return min(years) <= POPULATION_BREAK[0] and max(years) >= POPULATION_BREAK[1]


def _check_break(years, allow_break: bool) -> None:
    if not allow_break and crosses_population_break(years):
        raise DataError(f"the period {min(years)}-{max(years)} crosses the {POPULATION_BREAK[0]}/"
                        f"{POPULATION_BREAK[1]} population break (several provinces switched from registered to "
                        "resident population; the national sum falls from 129,022 to 128,604 万), which per-capita "
                        f"values carry; start in {POPULATION_BREAK[1]} or later, or allow it explicitly "
                        "(allow_break=True, --allow-break) and show the break")


def per_capita_series(years, vintage: str = "paper", real: bool = False, base_year: int | None = None,
                      allow_break: bool = False) -> pd.DataFrame:
    """year × adcode per-capita GDP y = GDP ÷ year-end population (元), nominal or real.

    Parameters
    ----------
    years : iterable of int
        Years wanted; all must be covered for all 31 provinces.
    vintage : str
        GDP vintage (for ``real=True`` one with a GDP index, see :data:`inland_coastal.real.REAL_GDP_VINTAGES`).
    real : bool
        Constant prices of ``base_year`` (default the first of ``years``), by chaining each province's
        GDP index (:func:`inland_coastal.real.real_gdp`); nominal (current prices) otherwise.
    allow_break : bool
        Years on both sides of the 2004/05 population break raise DataError unless True.

    Returns
    -------
    pandas.DataFrame
        y_{i,t} in 元 (current prices, or base-year prices when ``real``).
    """
    from .real import real_gdp

    years = sorted(int(y) for y in years)
    _check_break(years, allow_break)
    gdp, pop = gdp_and_population(vintage, years)
    if real:
        gdp = real_gdp(years[0] if base_year is None else base_year, vintage, years)
    return gdp / pop * YUAN_PER_YI_PER_WAN


def sigma_series(start: int, end: int, vintage: str = "paper", real: bool = False,
                 allow_break: bool = False) -> pd.DataFrame:
    """σ-convergence by year, start to end: year, sd_log = std of ln y across the 31 provinces
    (unweighted, ddof = 0), with y nominal or in constant ``start``-year prices (``real``)."""
    start, end = int(start), int(end)
    if end < start:
        raise DataError(f"the end year ({end}) must not come before the start year ({start})")
    y = per_capita_series(range(start, end + 1), vintage, real, start, allow_break)
    return pd.DataFrame({"year": y.index.astype(int), "sd_log": np.log(y).std(axis=1, ddof=0).to_numpy()})


#: columns of :func:`convergence_summary` (and of the ``convergence`` command)
SUMMARY_COLUMNS = ["start", "end", "n", "beta", "se", "speed", "half_life", "sd_log_start", "sd_log_end"]


def convergence_summary(start: int, end: int, vintage: str = "paper", real: bool = False,
                        allow_break: bool = False, adcodes=None) -> dict:
    """β and σ convergence of per-capita GDP over the 31 provinces between two years.

    β is the closed-form OLS of :func:`beta_regression` (g_i = a + β ln y_i,0, g the average annual
    log growth; speed λ = −ln(1 + βT)/T, half-life ln 2/λ; Barro and Sala-i-Martin, *Economic
    Growth*, 2nd ed., 2004, ch. 11); σ is the std of ln y (ddof = 0) in the two years. With
    ``real=True`` y is in constant ``start``-year prices, so y_0 is nominal and y_T is chained with
    each province's GDP index: provinces whose prices rose faster no longer look as if they grew faster.

    ``adcodes`` restricts the cross-section to some provinces (codes or names; default all 31).

    Returns
    -------
    dict
        start, end, n, beta, se, speed, half_life, sd_log_start, sd_log_end (speed and half-life
        None when not defined).
    """
    start, end = int(start), int(end)
    if end <= start:
        raise DataError(f"the end year ({end}) must come after the start year ({start})")
    y = per_capita_series([start, end], vintage, real, start, allow_break)
    if adcodes is not None:
        y = y[_adcodes(adcodes)]
    fit = beta_regression(y.loc[start], y.loc[end], end - start)
    lg = np.log(y)
    return {"start": start, "end": end, "n": fit["n"], "beta": fit["beta"], "se": fit["se"],
            "speed": fit["speed"], "half_life": fit["half_life"],
            "sd_log_start": float(np.std(lg.loc[start].to_numpy())), "sd_log_end": float(np.std(lg.loc[end].to_numpy()))}


# --------------------------------------------------------------------------- several periods side by side
def summary_table(specs: dict, allow_break: bool = False) -> pd.DataFrame:
    """:func:`convergence_summary` for several periods, vintages and price bases, one row each.

    Parameters
    ----------
    specs : dict
        key -> ``(start, end, vintage, real)``; the key names the row (e.g. ``"real-2005-2019"``).
    allow_break : bool
        Passed on: a period across the 2004/05 population break is refused unless True.

    Returns
    -------
    pandas.DataFrame
        Indexed by key: start, end, vintage, real, n, beta, se, speed, half_life (None where not
        defined), sd_log_start, sd_log_end.
    """
    rows = {}
    for key, (start, end, vintage, real) in specs.items():
        r = convergence_summary(start, end, vintage, real=bool(real), allow_break=allow_break)
        rows[key] = {"start": r["start"], "end": r["end"], "vintage": vintage, "real": bool(real),
                     **{k: r[k] for k in SUMMARY_COLUMNS[2:]}}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "key"
    return out


def sigma_panel(specs: dict, allow_break: bool = False) -> pd.DataFrame:
    """:func:`sigma_series` for several series, stacked for one chart.

    Parameters
    ----------
    specs : dict
        key -> ``(start, end, vintage, real)``; real series are in constant ``start``-year prices.
    allow_break : bool
        Passed on to :func:`sigma_series`.

    Returns
    -------
    pandas.DataFrame
        series (the key), vintage, real, year, sd_log; the series in the order of ``specs``.
    """
    frames = []
    for key, (start, end, vintage, real) in specs.items():
        s = sigma_series(start, end, vintage, real=bool(real), allow_break=allow_break)
        frames.append(s.assign(series=key, vintage=vintage, real=bool(real)))
    return pd.concat(frames, ignore_index=True)[["series", "vintage", "real", "year", "sd_log"]]


def growth_components(start: int, end: int, vintage: str = "nbs_db_2021", allow_break: bool = False,
                      exclude=None) -> pd.DataFrame:
    r"""Each province's growth of per-capita GDP split into real growth and the change of its prices.

    .. math::

        g^N_i = \frac{\ln y^N_{iT} - \ln y^N_{i0}}{T}, \qquad
        g^R_i = \frac{\ln y^R_{iT} - \ln y^R_{i0}}{T}, \qquad
        p_i = g^N_i - g^R_i = \frac{\ln D_{iT} - \ln D_{i0}}{T}

    with :math:`y^N` per-capita GDP at current prices, :math:`y^R` at constant ``start``-year prices
    (so :math:`y^R_{i0} = y^N_{i0}`) and :math:`D_i` the province's implied GDP deflator
    (:func:`inland_coastal.real.deflator`); population cancels out of :math:`p_i`.

    Parameters
    ----------
    start, end : int
        The period; real values need a vintage with a GDP index (2000-2019).
    vintage : str
        GDP vintage with a GDP index (:data:`inland_coastal.real.REAL_GDP_VINTAGES`).
    allow_break : bool
        A period across the 2004/05 population break is refused unless True.
    exclude : list, optional
        Provinces left out (codes or names, e.g. ``["内蒙古"]``); default none.

    Returns
    -------
    pandas.DataFrame
        adcode, province, coastal (group code), y0 (元), log_initial, growth_nominal, growth_real,
        growth_price (average annual log changes, fractions per year).

    References
    ----------
    R. J. Barro and X. Sala-i-Martin (2004), *Economic Growth*, 2nd ed., MIT Press, ch. 11.
    """
    start, end = int(start), int(end)
    if end <= start:
        raise DataError(f"the end year ({end}) must come after the start year ({start})")
    dropped = set(_adcodes(exclude)) if exclude else set()
    codes = [c for c in _adcodes(None) if c not in dropped]
    nom = per_capita_series([start, end], vintage, False, start, allow_break)[codes]
    rea = per_capita_series([start, end], vintage, True, start, allow_break)[codes]
    T = end - start
    reg = regions().loc[codes]
    out = pd.DataFrame({"adcode": codes, "province": reg["short_zh"].to_numpy(), "coastal": reg["coastal"].to_numpy(),
                        "y0": nom.loc[start].to_numpy(), "log_initial": np.log(nom.loc[start].to_numpy()),
                        "growth_nominal": (np.log(nom.loc[end]) - np.log(nom.loc[start])).to_numpy() / T,
                        "growth_real": (np.log(rea.loc[end]) - np.log(rea.loc[start])).to_numpy() / T})
    out["growth_price"] = out["growth_nominal"] - out["growth_real"]
    return out


def price_split(start: int, end: int, vintage: str = "nbs_db_2021", allow_break: bool = False,
                exclude=None) -> dict:
    r"""How much of nominal β-convergence is relative prices: the nominal β split into a real part
    and a price part.

    Least squares is linear in the dependent variable, so regressing the three growth rates of
    :func:`growth_components` on the same :math:`\ln y_{i0}` gives slopes that add up exactly:

    .. math::

        \beta^N = \beta^R + \beta^P,

    with :math:`\beta^P` the slope of deflator growth :math:`p_i` on :math:`\ln y_{i0}`.
    :math:`\beta^P < 0` means that the prices of initially poorer provinces rose faster, so that
    nominal figures overstate their real catching up; :math:`\beta^P > 0` the reverse.

    Parameters
    ----------
    start, end : int
    vintage : str
        GDP vintage with a GDP index.
    allow_break : bool
    exclude : list, optional
        Provinces left out (codes or names), e.g. to check that a few provinces do not drive the split.

    Returns
    -------
    dict
        start, end, n, beta_nominal, beta_real, beta_price, se_price, r2_price, price_share (100 ·
        β^P / β^N, % of the nominal slope), half_life_nominal, half_life_real (years, None if no
        convergence), price_growth_mean (mean p_i, % per year), fastest_prices and slowest_prices
        (the three provinces whose deflators rose fastest and slowest, names joined by "、").

    References
    ----------
    R. J. Barro and X. Sala-i-Martin (2004), *Economic Growth*, 2nd ed., MIT Press, ch. 11.
    """
    d = growth_components(start, end, vintage, allow_break, exclude)
    T = int(end) - int(start)
    fits = {k: ols_slope(d["log_initial"], d[f"growth_{k}"]) for k in ("nominal", "real", "price")}
    ranked = d.sort_values("growth_price", ascending=False)["province"].tolist()
    bn = fits["nominal"]["beta"]
    return {"start": int(start), "end": int(end), "n": len(d),
            "beta_nominal": bn, "beta_real": fits["real"]["beta"], "beta_price": fits["price"]["beta"],
            "se_price": fits["price"]["se"], "r2_price": fits["price"]["r2"],
            "price_share": 100 * fits["price"]["beta"] / bn if bn else float("nan"),
            "half_life_nominal": speed_and_half_life(bn, T)[1],
            "half_life_real": speed_and_half_life(fits["real"]["beta"], T)[1],
            "price_growth_mean": float(d["growth_price"].mean() * 100),
            "fastest_prices": "、".join(ranked[:3]), "slowest_prices": "、".join(ranked[-3:][::-1])}


def within_groups(start: int, end: int, vintage: str = "nbs_db_2021", scheme: str = "coastal",
                  real: bool = False, allow_break: bool = False) -> pd.DataFrame:
    """β and σ convergence within each group of a grouping scheme ("club" convergence), beside
    all 31 provinces.

    Parameters
    ----------
    start, end : int
    vintage : str
    scheme : str
        A grouping scheme of ``data/regions.csv``.
    real : bool
        Constant ``start``-year prices (2000-2019 only) or current prices.
    allow_break : bool

    Returns
    -------
    pandas.DataFrame
        Indexed by group code, then ``all``: the columns of :func:`convergence_summary` (n, beta,
        se, speed, half_life, sd_log_start, sd_log_end, start, end). A group of fewer than 3
        provinces is refused (a slope needs 3 points).
    """
    from .groupings import groups, membership

    m = membership(scheme)
    rows = {}
    for g in [*groups(scheme), "all"]:
        codes = None if g == "all" else list(m[m == g].index)
        rows[g] = convergence_summary(start, end, vintage, real=real, allow_break=allow_break, adcodes=codes)
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "group"
    return out


#: what :func:`beta_panel` can put on the vertical axis
GROWTH_MEASURES = ("nominal", "real", "price")


def beta_panel(specs: dict, allow_break: bool = False) -> pd.DataFrame:
    """The cross-sections behind several β regressions, stacked for one chart with a dropdown.

    Parameters
    ----------
    specs : dict
        panel label -> ``(start, end, vintage, measure)``, ``measure`` one of :data:`GROWTH_MEASURES`:
        the average annual log growth of nominal per-capita GDP (any vintage), of real per-capita
        GDP or of the implied deflator (vintages with a GDP index, 2000-2019;
        :func:`growth_components`).
    allow_break : bool

    Returns
    -------
    pandas.DataFrame
        panel (the label), measure, start, end, adcode, province, group (coastal scheme code),
        y0 (元), log_initial, growth (% per year).
    """
    frames = []
    for label, (start, end, vintage, measure) in specs.items():
        if measure not in GROWTH_MEASURES:
            raise DataError(f"unknown measure '{measure}': use one of {', '.join(GROWTH_MEASURES)}")
        if measure == "nominal":
            per_capita_series([start, end], vintage, False, start, allow_break)   # the break check
            d = beta_data(start, end, vintage)
            g = d["growth"]
        else:
            d = growth_components(start, end, vintage, allow_break)
            g = d[f"growth_{measure}"]
        frames.append(pd.DataFrame({"panel": label, "measure": measure, "start": int(start), "end": int(end),
                                    "adcode": d["adcode"], "province": d["province"], "group": d["coastal"],
                                    "y0": d["y0"], "log_initial": d["log_initial"], "growth": g * 100}))
    return pd.concat(frames, ignore_index=True)
