"""What-if projections of the coastal/inland gap.

Start from one observed year (the *base*: coastal and inland GDP and year-end population)
and let each group's GDP and population grow at a constant annual rate. For ``k`` years
after the base year ``t0`` (``k = t − t0``):

    G_c(t) = G_c0 (1 + g_c)^k (1 + n_c)^(εk)    G_i(t) = G_i0 (1 + g_i)^k (1 + n_i)^(εk)   (GDP, 亿元)
    P_c(t) = P_c0 (1 + n_c)^k                   P_i(t) = P_i0 (1 + n_i)^k                  (population, 万人)

and from these, exactly as the paper's Tables 1–2 are built,

    inland share of GDP     s(t) = 100 · G_i / (G_c + G_i)                         (%)
    per-capita GDP          y_c = G_c / P_c · 1e4,  y_i = G_i / P_i · 1e4            (元)
    national per-capita     y   = (G_c + G_i) / (P_c + P_i) · 1e4
    inland index            I_i = 100 · y_i / y          (national = 100)
    coastal/inland ratio    R   = y_c / y_i = R_0 · q^(−k),
                            q   = (1 + g_i) / (1 + g_c) · ((1 + n_c) / (1 + n_i))^(1 − ε).

ε (``elasticity``, 0 ≤ ε ≤ 1) is the elasticity of GDP with respect to population, i.e. what
people who move take with them. ε = 0 (the default) holds each group's GDP path fixed whatever
its population does: migrants take no output away and add none where they arrive, so an outflow
raises the per-capita figure of the region they leave one for one. ε = 1 makes GDP move one for
one with population: migrants carry their region's output per head, g is then growth per head,
and migration changes GDP shares but not the per-capita ratio. Values in between stand for
output that responds to labour less than proportionally (e.g. ε near the labour share with
capital fixed). With ε > 0, g is GDP growth at constant population.

Because ``y`` is a population-weighted mean of ``y_c`` and ``y_i``, the inland index reaches
100 exactly when the ratio reaches 1: "the per-capita gap closes" means both at once.
With ``R_0 > 1`` it closes only if ``q > 1``, after ``k* = ⌈ln R_0 / ln q⌉`` years.
:func:`gap_closing_year` finds that year by compounding year by year (the tests check it
against the closed form).

Rates are fractions per year (0.05 = 5 %). The base values are current-price GDP and the
starting rates of the book's chapter are historical nominal ones (``observed_growth``): the
panel's GDP indices end in 2019, so no real rate reaches the base year 2022. A share, an index
and a ratio do not depend on a price level common to both groups; what matters is the
difference between the two groups' rates, which is real only if the two groups' prices move
alike (in 2005-2012 they did not: see ``convergence.price_split``).

Chart and widget code lives elsewhere (``charts.scenario_sliders``,
``explore.ScenarioWidget``); the Vega-Lite expressions of the static chart are defined here
(:data:`VEGA`) next to the Python formulas they must equal.
"""
from __future__ import annotations

import math
import numbers
from dataclasses import asdict, dataclass

import pandas as pd

from .errors import DataError
from .indicators import POPULATION, YUAN_PER_YI_PER_WAN, index_to_national, per_capita, shares, totals

#: admissible annual growth rates (fractions)
GROWTH_MIN, GROWTH_MAX = -0.20, 0.30
#: default target year of a projection and default horizon for the closing year
TARGET, HORIZON = 2035, 2100
#: latest year a projection may reach
MAX_YEAR = 2200
#: GDP vintages the scenario can start from (population is always ``nbs_db``)
GDP_VINTAGES = ("paper", "first_release", "rev2025")
#: admissible elasticity of GDP with respect to population
ELASTICITY_MIN, ELASTICITY_MAX = 0.0, 1.0

COLUMNS = ["year", "coastal_gdp", "inland_gdp", "coastal_pop", "inland_pop", "inland_share",
           "coastal_pc", "inland_pc", "national_pc", "inland_index", "coastal_index", "ratio"]


@dataclass(frozen=True)
class Base:
    """Observed starting point of a projection (GDP in 亿元, year-end population in 万人)."""
    year: int
    coastal_gdp: float
    inland_gdp: float
    coastal_pop: float
    inland_pop: float
    vintage: str = "paper"

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def ratio(self) -> float:
        """Coastal ÷ inland per-capita GDP in the base year."""
        return (self.coastal_gdp / self.coastal_pop) / (self.inland_gdp / self.inland_pop)


def _check_base(base: Base) -> Base:
    if not isinstance(base, Base):
        raise DataError(f"base must be a scenario.Base (see scenario.base_values); got {type(base).__name__}")
    for name in ("coastal_gdp", "inland_gdp", "coastal_pop", "inland_pop"):
        v = getattr(base, name)
        if not isinstance(v, numbers.Real) or not math.isfinite(v) or v <= 0:
            raise DataError(f"base value {name} must be a positive number; got {v!r}")
    return base


def base_values(vintage: str = "paper", year: int | None = None) -> Base:
    """Coastal and inland GDP (``gdp``/``vintage``) and year-end population (``nbs_db``)
    of one observed year; default the vintage's latest year (2022 for ``paper``)."""
    if vintage not in GDP_VINTAGES:
        raise DataError(f"unknown GDP vintage '{vintage}': use one of {', '.join(GDP_VINTAGES)}")
    gdp = totals("gdp", vintage)
    if year is None:
        year = int(gdp.index.max())
    year = int(year)
    if year not in gdp.index:
        raise DataError(f"gdp ({vintage}) covers {int(gdp.index.min())}-{int(gdp.index.max())}; "
                        f"there is no base year {year}")
    pop = totals(*POPULATION, years=[year])
    return Base(year, float(gdp.loc[year, "coastal"]), float(gdp.loc[year, "inland"]),
                float(pop.loc[year, "coastal"]), float(pop.loc[year, "inland"]), vintage)


def observed_growth(start: int, end: int, vintage: str = "paper") -> dict:
    """Average annual (compound) growth of coastal and inland nominal GDP and year-end
    population between two observed years: ``(x_end / x_start)^(1/(end−start)) − 1``.

    Returns dict(coastal_growth, inland_growth, coastal_pop_growth, inland_pop_growth)."""
    start, end = int(start), int(end)
    if end <= start:
        raise DataError(f"the end year ({end}) must come after the start year ({start})")
    a, b = base_values(vintage, start), base_values(vintage, end)
    T = end - start

    def cagr(x0, x1):
        return (x1 / x0) ** (1 / T) - 1

    return {"coastal_growth": cagr(a.coastal_gdp, b.coastal_gdp), "inland_growth": cagr(a.inland_gdp, b.inland_gdp),
            "coastal_pop_growth": cagr(a.coastal_pop, b.coastal_pop),
            "inland_pop_growth": cagr(a.inland_pop, b.inland_pop)}


def check_rate(name: str, value) -> float:
    """A growth rate as a float, or DataError if it is not a number in
    [GROWTH_MIN, GROWTH_MAX] (rates are fractions: 0.05 = 5 %)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise DataError(f"{name} must be a number (a fraction per year, 0.05 = 5%); got {value!r}")
    if not GROWTH_MIN <= value <= GROWTH_MAX:
        hint = " (rates are fractions: write 0.05 for 5%)" if 1 <= abs(value) <= 100 else ""
        raise DataError(f"{name} = {value:g} is outside {GROWTH_MIN:g}..{GROWTH_MAX:g}{hint}")
    return float(value)


def check_elasticity(value) -> float:
    """The elasticity of GDP with respect to population as a float, or DataError if it is not a
    number in [ELASTICITY_MIN, ELASTICITY_MAX]."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise DataError(f"elasticity must be a number between {ELASTICITY_MIN:g} and {ELASTICITY_MAX:g}; got {value!r}")
    if not ELASTICITY_MIN <= value <= ELASTICITY_MAX:
        raise DataError(f"elasticity = {value:g} is outside {ELASTICITY_MIN:g}..{ELASTICITY_MAX:g} (0: GDP ignores "
                        "population; 1: GDP moves one for one with population)")
    return float(value)


def _check_year(name: str, value, after: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise DataError(f"{name} must be a whole year; got {value!r}")
    value = int(value)
    if value <= after:
        raise DataError(f"{name} ({value}) must come after the base year ({after})")
    if value > MAX_YEAR:
        raise DataError(f"{name} ({value}) is beyond {MAX_YEAR}; a constant-rate projection that far means nothing")
    return value


def _resolve_base(base: Base | None, vintage: str, base_year: int | None) -> Base:
    if base is not None:
        return _check_base(base)
    return base_values(vintage, base_year)


def project(coastal_growth: float, inland_growth: float, coastal_pop_growth: float = 0.0,
            inland_pop_growth: float = 0.0, *, target: int = TARGET, vintage: str = "paper",
            base_year: int | None = None, base: Base | None = None, elasticity: float = 0.0) -> pd.DataFrame:
    """Project GDP, population, the inland GDP share and per-capita indices from the base
    year to ``target`` (both included), with constant annual rates (fractions).
    ``elasticity`` ε is the elasticity of GDP with respect to population (module docstring;
    default 0: GDP grows at the given rates whatever population does).

    The base is ``base`` if given, else :func:`base_values` (``vintage``, ``base_year``;
    default the paper vintage's 2022). Columns: year, coastal_gdp, inland_gdp (亿元),
    coastal_pop, inland_pop (万人), inland_share (% of national GDP), coastal_pc,
    inland_pc, national_pc (元), inland_index, coastal_index (national = 100), ratio
    (coastal ÷ inland per-capita GDP). Formulas in the module docstring."""
    gc, gi = check_rate("coastal_growth", coastal_growth), check_rate("inland_growth", inland_growth)
    nc = check_rate("coastal_pop_growth", coastal_pop_growth)
    ni = check_rate("inland_pop_growth", inland_pop_growth)
    eps = check_elasticity(elasticity)
    b = _resolve_base(base, vintage, base_year)
    target = _check_year("target", target, b.year)
    fc, fi = (1 + gc) * (1 + nc) ** eps, (1 + gi) * (1 + ni) ** eps   # GDP growth factors
    rows = []
    Gc, Gi, Pc, Pi = b.coastal_gdp, b.inland_gdp, b.coastal_pop, b.inland_pop
    for year in range(b.year, target + 1):
        yc, yi = Gc / Pc * YUAN_PER_YI_PER_WAN, Gi / Pi * YUAN_PER_YI_PER_WAN
        y = (Gc + Gi) / (Pc + Pi) * YUAN_PER_YI_PER_WAN
        rows.append((year, Gc, Gi, Pc, Pi, 100 * Gi / (Gc + Gi), yc, yi, y, 100 * yi / y, 100 * yc / y, yc / yi))
        Gc, Gi, Pc, Pi = Gc * fc, Gi * fi, Pc * (1 + nc), Pi * (1 + ni)
    out = pd.DataFrame(rows, columns=COLUMNS)
    out["year"] = out["year"].astype(int)
    return out


def gap_closing_year(coastal_growth: float, inland_growth: float, coastal_pop_growth: float = 0.0,
                     inland_pop_growth: float = 0.0, *, horizon: int = HORIZON, vintage: str = "paper",
                     base_year: int | None = None, base: Base | None = None, elasticity: float = 0.0) -> int | None:
    """The first year in which inland per-capita GDP reaches the coastal one (the ratio
    R ≤ 1, equivalently the inland index ≥ 100), compounding year by year from the base;
    the base year itself if the gap is already closed; None if it does not close by
    ``horizon`` (default 2100). Same arguments as :func:`project`."""
    b = _resolve_base(base, vintage, base_year)
    p = project(coastal_growth, inland_growth, coastal_pop_growth, inland_pop_growth,
                target=_check_year("horizon", horizon, b.year), base=b, elasticity=elasticity)
    hit = p.loc[p["ratio"] <= 1.0, "year"]
    return int(hit.iloc[0]) if len(hit) else None


def years_to_close(base: Base, coastal_growth: float, inland_growth: float, coastal_pop_growth: float = 0.0,
                   inland_pop_growth: float = 0.0, *, elasticity: float = 0.0) -> float | None:
    """Closed form (continuous) of the years needed: ln R_0 / ln q (0 if R_0 ≤ 1, None if the
    gap never closes, i.e. q ≤ 1 while R_0 > 1), q = (1 + g_i)/(1 + g_c) · ((1 + n_c)/(1 + n_i))^(1 − ε).
    :func:`gap_closing_year` is ``base.year + ceil(years_to_close)`` up to rounding at an exact
    whole number."""
    gc, gi = check_rate("coastal_growth", coastal_growth), check_rate("inland_growth", inland_growth)
    nc = check_rate("coastal_pop_growth", coastal_pop_growth)
    ni = check_rate("inland_pop_growth", inland_pop_growth)
    q = growth_ratio(gc, gi, nc, ni, elasticity)
    r0 = _check_base(base).ratio
    if r0 <= 1:
        return 0.0
    if q <= 1:
        return None
    return math.log(r0) / math.log(q)


def required_inland_growth(coastal_growth: float, by_year: int = TARGET, coastal_pop_growth: float = 0.0,
                           inland_pop_growth: float = 0.0, *, vintage: str = "paper", base_year: int | None = None,
                           base: Base | None = None, elasticity: float = 0.0) -> float:
    """The constant inland GDP growth rate (fraction) at which the per-capita gap closes
    exactly in ``by_year``, given the other three rates: with k = by_year − t0,

        q* = R_0^(1/k),   g_i = q* (1 + g_c) ((1 + n_i) / (1 + n_c))^(1 − ε) − 1.

    Any higher rate closes the gap by ``by_year`` (:func:`gap_closing_year` ≤ by_year).
    Raises DataError if the needed rate lies outside the admissible range."""
    gc = check_rate("coastal_growth", coastal_growth)
    nc = check_rate("coastal_pop_growth", coastal_pop_growth)
    ni = check_rate("inland_pop_growth", inland_pop_growth)
    eps = check_elasticity(elasticity)
    b = _resolve_base(base, vintage, base_year)
    k = _check_year("by_year", by_year, b.year) - b.year
    gi = max(b.ratio, 1.0) ** (1 / k) * (1 + gc) * ((1 + ni) / (1 + nc)) ** (1 - eps) - 1
    if not GROWTH_MIN <= gi <= GROWTH_MAX:
        raise DataError(f"closing the gap by {by_year} needs inland growth of {gi:.1%}, outside the admissible "
                        f"{GROWTH_MIN:.0%}..{GROWTH_MAX:.0%}")
    return gi


def growth_ratio(coastal_growth: float, inland_growth: float, coastal_pop_growth: float = 0.0,
                 inland_pop_growth: float = 0.0, elasticity: float = 0.0) -> float:
    r"""The yearly factor by which the coastal/inland per-capita ratio falls.

    .. math::

        q = \frac{1 + g_i}{1 + g_c}\left(\frac{1 + n_c}{1 + n_i}\right)^{1-\varepsilon},
        \qquad R(t) = R_0\,q^{-(t - t_0)}

    Parameters
    ----------
    coastal_growth, inland_growth : float
        GDP growth g_c, g_i (fractions per year; at constant population when ε > 0).
    coastal_pop_growth, inland_pop_growth : float
        Population growth n_c, n_i (fractions per year).
    elasticity : float
        ε, the elasticity of GDP with respect to population, in [0, 1].

    Returns
    -------
    float
        q; the per-capita gap narrows when q > 1.
    """
    gc, gi = check_rate("coastal_growth", coastal_growth), check_rate("inland_growth", inland_growth)
    nc = check_rate("coastal_pop_growth", coastal_pop_growth)
    ni = check_rate("inland_pop_growth", inland_pop_growth)
    eps = check_elasticity(elasticity)
    return (1 + gi) / (1 + gc) * ((1 + nc) / (1 + ni)) ** (1 - eps)


def history(vintage: str = "paper", start: int | None = None) -> pd.DataFrame:
    """The observed path a projection continues: year, inland_share (% of national GDP),
    inland_index and coastal_index (per-capita GDP, national = 100), from ``start`` (default the
    vintage's first year) to its last; GDP of ``vintage``, year-end population."""
    if vintage not in GDP_VINTAGES:
        raise DataError(f"unknown GDP vintage '{vintage}': use one of {', '.join(GDP_VINTAGES)}")
    t = totals("gdp", vintage)
    pc = index_to_national(per_capita("gdp", vintage))
    out = pd.DataFrame({"year": t.index.astype(int), "inland_share": shares(t)["inland"].to_numpy(),
                        "inland_index": pc["inland"].reindex(t.index).to_numpy(),
                        "coastal_index": pc["coastal"].reindex(t.index).to_numpy()})
    return out[out["year"] >= (start if start is not None else out["year"].min())].reset_index(drop=True)


def compare(cases: dict, *, target: int = TARGET, horizon: int = HORIZON, vintage: str = "paper",
            base: Base | None = None) -> pd.DataFrame:
    """Several sets of assumptions side by side.

    Parameters
    ----------
    cases : dict
        name -> dict of :func:`project`'s rate arguments (``coastal_growth``, ``inland_growth``,
        optional ``coastal_pop_growth``, ``inland_pop_growth``, ``elasticity``; fractions), or a
        tuple of them in that order (missing ones 0).
    target, horizon : int
        The year reported and the last year searched for the closing year.
    vintage, base :
        The base (default :func:`base_values` of ``vintage``).

    Returns
    -------
    pandas.DataFrame
        Indexed by name: gc, gi, nc, ni (% per year), elasticity, inland_share and inland_index in
        ``target``, inland_gdp (亿元, ``target``), closing (the closing year, or None).
    """
    b = _resolve_base(base, vintage, None)
    rows = {}
    keys = ("coastal_growth", "inland_growth", "coastal_pop_growth", "inland_pop_growth", "elasticity")
    for name, c in cases.items():
        if isinstance(c, dict):
            c = dict(c)
        elif isinstance(c, (tuple, list)) and 2 <= len(c) <= len(keys):
            c = dict(zip(keys, c))
        else:
            raise DataError(f"case '{name}': give a dict of rates or a tuple (coastal_growth, inland_growth"
                            f"[, coastal_pop_growth, inland_pop_growth, elasticity]); got {c!r}")
        p = project(**c, target=target, base=b).iloc[-1]
        rows[name] = {"gc": 100 * c["coastal_growth"], "gi": 100 * c["inland_growth"],
                      "nc": 100 * c.get("coastal_pop_growth", 0.0), "ni": 100 * c.get("inland_pop_growth", 0.0),
                      "elasticity": float(c.get("elasticity", 0.0)), "inland_share": p["inland_share"],
                      "inland_index": p["inland_index"], "inland_gdp": p["inland_gdp"],
                      "closing": gap_closing_year(**c, horizon=horizon, base=b)}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out["closing"] = out["closing"].astype("Int64")
    out.index.name = "case"
    return out


def baseline(start: int = 2012, end: int | None = None, vintage: str = "paper", target: int = TARGET,
             steps: tuple = (0.1, 0.05)) -> dict:
    """The starting point of the book's scenario tool, as named numbers.

    The base is ``end`` (default the vintage's last year); the rates are the historical (nominal)
    compound rates of :func:`observed_growth` between ``start`` and ``end``; the slider start values
    round them to the sliders' steps (``steps``: GDP and population, % points).

    Returns
    -------
    dict
        base_year, start, base_share (%), base_index (national = 100), base_ratio, base_coastal_pc,
        base_inland_pc (元); obs_gc, obs_gi, obs_nc, obs_ni (historical nominal rates, % per year);
        init_gc, init_gi, init_nc, init_ni (rounded); target, horizon; share_target and
        index_target (the projection of the rounded rates in ``target``) and closing (its closing
        year, or None).
    """
    b = base_values(vintage, end)
    obs = observed_growth(start, b.year, vintage)
    p0 = project(0.0, 0.0, base=b, target=b.year + 1).iloc[0]
    pct = {"gc": obs["coastal_growth"], "gi": obs["inland_growth"], "nc": obs["coastal_pop_growth"],
           "ni": obs["inland_pop_growth"]}
    step = {"gc": steps[0], "gi": steps[0], "nc": steps[1], "ni": steps[1]}
    init = {k: round(round(v * 100 / step[k]) * step[k], 6) for k, v in pct.items()}
    rates = [init[k] / 100 for k in ("gc", "gi", "nc", "ni")]
    p = project(*rates, target=target, base=b).iloc[-1]
    out = {"base_year": b.year, "start": int(start), "base_share": p0["inland_share"], "base_index": p0["inland_index"],
           "base_ratio": b.ratio, "base_coastal_pc": p0["coastal_pc"], "base_inland_pc": p0["inland_pc"]}
    out.update({f"obs_{k}": v * 100 for k, v in pct.items()})
    out.update({f"init_{k}": v for k, v in init.items()})
    out.update({"target": int(target), "horizon": HORIZON, "share_target": p["inland_share"],
                "index_target": p["inland_index"], "closing": gap_closing_year(*rates, base=b)})
    return out


# ------------------------------------------------------------------ Vega-Lite expressions
#: The same formulas as Vega expressions for the static chart (``charts.scenario_sliders``).
#: Slider params hold rates in percent (gc, gi, nc, ni) and the elasticity (eps); base values
#: are params b_year, b_gc, b_gi, b_pc, b_pi; ``datum.year`` is the projected year. Evaluated in order.
VEGA = {
    "k": "datum.year - b_year",
    "coastal_gdp": "b_gc * pow(1 + gc / 100, datum.k) * pow(1 + nc / 100, eps * datum.k)",
    "inland_gdp": "b_gi * pow(1 + gi / 100, datum.k) * pow(1 + ni / 100, eps * datum.k)",
    "coastal_pop": "b_pc * pow(1 + nc / 100, datum.k)",
    "inland_pop": "b_pi * pow(1 + ni / 100, datum.k)",
    "inland_share": "100 * datum.inland_gdp / (datum.coastal_gdp + datum.inland_gdp)",
    "coastal_pc": "datum.coastal_gdp / datum.coastal_pop * 10000",
    "inland_pc": "datum.inland_gdp / datum.inland_pop * 10000",
    "national_pc": "(datum.coastal_gdp + datum.inland_gdp) / (datum.coastal_pop + datum.inland_pop) * 10000",
    "inland_index": "100 * datum.inland_pc / datum.national_pc",
    "coastal_index": "100 * datum.coastal_pc / datum.national_pc",
    "ratio": "datum.coastal_pc / datum.inland_pc",
}
#: Closing year in closed form, as a Vega expression (null when it does not close by b_horizon).
_VEGA_Q = "((1 + gi / 100) / (1 + gc / 100) * pow((1 + nc / 100) / (1 + ni / 100), 1 - eps))"
VEGA_CLOSING = ("(b_gc / b_pc) / (b_gi / b_pi) <= 1 ? b_year : "
                f"({_VEGA_Q} <= 1 ? null : "
                f"(b_year + ceil(log((b_gc / b_pc) / (b_gi / b_pi)) / log({_VEGA_Q})) <= b_horizon ? "
                f"b_year + ceil(log((b_gc / b_pc) / (b_gi / b_pi)) / log({_VEGA_Q})) : null))")


def vega_params(base: Base, horizon: int = HORIZON) -> dict:
    """Base values as the constant Vega params the expressions use."""
    return {"b_year": base.year, "b_gc": base.coastal_gdp, "b_gi": base.inland_gdp, "b_pc": base.coastal_pop,
            "b_pi": base.inland_pop, "b_horizon": int(horizon)}
