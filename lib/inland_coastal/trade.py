"""Goods trade and openness, by location of operating units (经营单位所在地).

Series of the province panel: ``exports_usd``, ``imports_usd`` and ``trade_usd`` (千美元,
``nbs_db_2021``, 2000-2019; exports + imports = trade within 10 千美元), ``trade_usd`` of later
copies (``nbs_db_2026``, 2016-2024) and ``trade_cny`` (亿元, ``nbs_db_2025``, 2016-2024).

Openness of a group G in year t (%):

    in dollars (2000-2019):  Σ T_i (千美元) × e_t (元/美元) × 1e3 / 1e8  ÷  Σ Y_i (亿元) × 100
    in yuan (2016-2024):     Σ T^CNY_i (亿元)  ÷  Σ Y_i (亿元) × 100

with e_t the official annual average exchange rate (``data/national.csv``, NBS) and Y GDP
(``nbs_db_2021`` with the dollar series, ``rev2025`` with the yuan series by default).

Every aggregate can leave provinces out (``exclude=["北京"]``): Beijing's figures include the
trade booked by the head offices of national oil and trading companies, much of the country's
crude oil imports, which says little about Beijing's own economy. With ``exclude`` the
``national`` column is the sum of the provinces kept, so shares stay shares of a whole.
"""
from __future__ import annotations

import pandas as pd

from .errors import DataError
from .groupings import check_scheme, resolve_province
from .indicators import group_sum, wide
from .loading import exchange_rate

FLOWS = {"trade": "trade_usd", "exports": "exports_usd", "imports": "imports_usd"}
#: 千美元 × 元/美元 → 亿元
YI_PER_THOUSAND = 1e3 / 1e8
#: trade series -> GDP vintage for openness by default
GDP_FOR = {"nbs_db_2021": "nbs_db_2021", "nbs_db_2026": "rev2025", "paper": "paper", "nbs_db_2025": "rev2025"}


def _excluded(exclude) -> list[int]:
    codes = []
    for name in exclude or []:
        code = resolve_province(name)
        if code is None:
            raise DataError(f"unknown province '{name}' in exclude")
        codes.append(code)
    return codes


def _keep(w: pd.DataFrame, exclude) -> pd.DataFrame:
    """Complete years only, without the excluded provinces."""
    w = w.drop(columns=_excluded(exclude))
    return w[w.notna().all(axis=1)]


def _years(have, years, what: str) -> list[int]:
    have = [int(y) for y in have]
    if not have:
        raise DataError(f"{what}: no year with all provinces")
    if years is None:
        return have
    years = [int(y) for y in years]
    absent = [y for y in years if y not in have]
    if absent:
        raise DataError(f"{what} has no figures for {', '.join(map(str, absent))}; it covers {have[0]}-{have[-1]}"
                        + (" (no 2015)" if 2015 not in have and have[0] < 2015 < have[-1] else ""))
    return years


def flows(flow: str = "trade", scheme: str = "coastal", vintage: str = "nbs_db_2021", exclude=None,
          years=None) -> pd.DataFrame:
    """Group sums of exports, imports or total trade (千美元): year × [national, group...].

    Parameters
    ----------
    flow : {'trade', 'exports', 'imports'}
    scheme : str
    vintage : str
        ``nbs_db_2021`` (2000-2019, all three flows); total trade also ``nbs_db_2026`` and ``paper``.
    exclude : list of str, optional
        Provinces left out (any name form: 北京, 110000, Beijing); ``national`` is then the sum of the rest.
    years : iterable of int, optional
    """
    if flow not in FLOWS:
        raise DataError(f"unknown flow '{flow}': use {', '.join(FLOWS)}")
    check_scheme(scheme)
    w = _keep(wide(FLOWS[flow], vintage), exclude)
    ys = _years(w.index, years, f"{FLOWS[flow]} ({vintage})")
    return group_sum(w.loc[ys], scheme)


def shares(flow: str = "trade", scheme: str = "coastal", vintage: str = "nbs_db_2021", exclude=None,
           years=None) -> pd.DataFrame:
    """Each group's share of the (kept provinces') national flow, %."""
    t = flows(flow, scheme, vintage, exclude, years)
    return t.drop(columns="national").div(t["national"], axis=0) * 100


def openness(scheme: str = "coastal", flow: str = "trade", currency: str = "usd", vintage: str | None = None,
             gdp_vintage: str | None = None, exclude=None, years=None) -> pd.DataFrame:
    """Trade (or exports, imports) as % of GDP by group: year × [national, group...].

    Parameters
    ----------
    scheme : str
    flow : {'trade', 'exports', 'imports'}
        Exports and imports exist in dollars only (2000-2019).
    currency : {'usd', 'cny'}
        ``usd``: dollar flows × the official annual exchange rate (``national.csv``, 2000-2019);
        ``cny``: ``trade_cny`` (亿元, 2016-2024) as published.
    vintage : str, optional
        Trade vintage (default ``nbs_db_2021`` for usd, ``nbs_db_2025`` for cny).
    gdp_vintage : str, optional
        Default :data:`GDP_FOR` of the trade vintage.
    exclude : list of str, optional
        Provinces left out of every sum (numerator and GDP).
    years : iterable of int, optional
    """
    check_scheme(scheme)
    if currency not in ("usd", "cny"):
        raise DataError(f"currency must be 'usd' or 'cny', not '{currency}'")
    if currency == "cny":
        if flow != "trade":
            raise DataError("exports and imports are held in dollars only; use currency='usd' (2000-2019)")
        vintage = vintage or "nbs_db_2025"
        num = _keep(wide("trade_cny", vintage), exclude)
        what = f"trade_cny ({vintage})"
    else:
        if flow not in FLOWS:
            raise DataError(f"unknown flow '{flow}': use {', '.join(FLOWS)}")
        vintage = vintage or "nbs_db_2021"
        usd = _keep(wide(FLOWS[flow], vintage), exclude)
        rate = exchange_rate()
        common = [y for y in usd.index if y in rate.index]
        num = usd.loc[common].mul(rate.loc[common], axis=0) * YI_PER_THOUSAND
        what = f"{FLOWS[flow]} ({vintage}) at the official exchange rate ({int(rate.index.min())}-{int(rate.index.max())})"
    gdp_vintage = gdp_vintage or GDP_FOR.get(vintage, "rev2025")
    gdp = _keep(wide("gdp", gdp_vintage), exclude)
    have = [y for y in num.index if y in gdp.index]
    ys = _years(have, years, f"{what} with gdp ({gdp_vintage})")
    return group_sum(num.loc[ys], scheme) / group_sum(gdp.loc[ys], scheme) * 100


def implied_exchange_rate(exclude=None) -> pd.Series:
    """Σ trade_cny (亿元) ÷ Σ trade_usd (千美元) × 1e5 by year, 2016-2024: an implied 元 per dollar rate,
    derived here, not published (within 0.04 of the official one where both exist)."""
    cny = _keep(wide("trade_cny", "nbs_db_2025"), exclude)
    usd = _keep(wide("trade_usd", "nbs_db_2026"), exclude)
    ys = [y for y in cny.index if y in usd.index]
    return (cny.loc[ys].sum(axis=1) / usd.loc[ys].sum(axis=1) / YI_PER_THOUSAND).rename("implied_cny_per_usd")


#: Chinese names of the flows
FLOW_ZH = {"trade": "进出口", "exports": "出口", "imports": "进口"}


def share_series(specs, group: str = "inland", scheme: str = "coastal") -> pd.DataFrame:
    """One group's share of national exports, imports or trade in several versions, for a chart:
    each spec ``(flow, vintage, exclude)`` gives a series (:func:`shares`), labelled in Chinese,
    e.g. "进出口（不含北京）·2021年版数据库" (all provinces: "进出口·2021年版数据库").

    Returns
    -------
    pandas.DataFrame
        year, flow, vintage, excluded (the names left out, '、'-joined, or ''), label, share (%).
    """
    from .indicators import VINTAGE_ZH

    frames = []
    for flow, vintage, exclude in specs:
        s = shares(flow, scheme, vintage, exclude)[group]
        ex = "、".join(exclude or [])
        label = f"{FLOW_ZH[flow]}{'（不含' + ex + '）' if ex else ''}·{VINTAGE_ZH.get(vintage, vintage)}"
        frames.append(pd.DataFrame({"year": s.index.astype(int), "flow": flow, "vintage": vintage, "excluded": ex,
                                    "label": label, "share": s.to_numpy()}))
    return pd.concat(frames, ignore_index=True)
