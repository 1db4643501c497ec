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


def relative_openness(scheme: str = "coastal", flow: str = "trade", currency: str = "usd",
                      vintage: str | None = None, gdp_vintage: str | None = None, exclude=None,
                      years=None) -> pd.DataFrame:
    """Each group's openness relative to the national one (national = 100): year × [group...].

    Parameters
    ----------
    scheme, flow, currency, vintage, gdp_vintage, exclude, years
        As in :func:`openness`. With ``exclude`` the national level is that of the provinces kept.

    Returns
    -------
    pandas.DataFrame
        With ``s^T_{G,t}`` the group's share of national trade (or exports, imports) and
        ``s^Y_{G,t}`` its share of national GDP,

        .. math:: \\tilde O_{G,t} = \\frac{s^T_{G,t}}{s^Y_{G,t}} \\times 100 = \\frac{O_{G,t}}{O_{N,t}} \\times 100 ,

        the group's openness ``O`` over the national openness. The exchange rate cancels, so the
        measure cannot show a change that is common to the whole country (such as the national
        trade-to-GDP ratio falling after 2008): it only says where a group stands against the rest.
    """
    o = openness(scheme, flow, currency, vintage, gdp_vintage, exclude, years)
    return o.drop(columns="national").div(o["national"], axis=0) * 100


def province_openness(flow: str = "trade", currency: str = "cny", vintage: str | None = None,
                      gdp_vintage: str | None = None, years=None) -> pd.DataFrame:
    """year × adcode openness of each province, %: trade (or exports, imports) ÷ GDP × 100, the
    flows converted as in :func:`openness` (dollars at the official rate, or yuan as published)."""
    if currency not in ("usd", "cny"):
        raise DataError(f"currency must be 'usd' or 'cny', not '{currency}'")
    if currency == "cny":
        if flow != "trade":
            raise DataError("exports and imports are held in dollars only; use currency='usd' (2000-2019)")
        vintage = vintage or "nbs_db_2025"
        num = _keep(wide("trade_cny", vintage), None)
    else:
        if flow not in FLOWS:
            raise DataError(f"unknown flow '{flow}': use {', '.join(FLOWS)}")
        vintage = vintage or "nbs_db_2021"
        usd = _keep(wide(FLOWS[flow], vintage), None)
        rate = exchange_rate()
        common = [y for y in usd.index if y in rate.index]
        num = usd.loc[common].mul(rate.loc[common], axis=0) * YI_PER_THOUSAND
    gdp_vintage = gdp_vintage or GDP_FOR.get(vintage, "rev2025")
    gdp = _keep(wide("gdp", gdp_vintage), None)
    ys = _years([y for y in num.index if y in gdp.index], years, f"{flow} ({vintage}) with gdp ({gdp_vintage})")
    out = num.loc[ys] / gdp.loc[ys] * 100
    out.index.name = "year"
    return out


def _peak(s: pd.Series) -> tuple[float, int]:
    return float(s.max()), int(s.idxmax())


def openness_summary() -> dict:
    """The openness figures of the book's background chapter, by name.

    National, coastal and inland openness (%, :func:`openness`): in dollars at the official
    exchange rate with GDP of the same vintage (``nbs_db_2021``, 2000-2019), for total trade,
    exports and imports; in yuan with the 2025 GDP revision (``nbs_db_2025``/``rev2025``,
    2016-2024). Inland relative openness (national = 100, :func:`relative_openness`) with and
    without Beijing. The exchange rate in 2005 and at its strongest.

    Returns
    -------
    dict
        Keys (``F`` first year, ``L`` last year of a series): ``usd-first``, ``usd-last``,
        ``cny-first``, ``cny-last`` (years); ``<flow>-national-F|peak|peak-year|2008|L`` for
        trade, exports, imports; ``trade-<group>-F|L`` for coastal, inland and inland-exbj
        (without Beijing), ``ratio-L`` (coastal ÷ inland); ``cny-<national|coastal|inland>-F|L|max|max-year``,
        ``cny-inland-exbj-L``, ``cny-ratio-L``; ``rel-inland-F|min|min-year|L``,
        ``rel-inland-exbj-F|min|min-year|L``, ``rel-cny-inland-L``, ``rel-cny-inland-exbj-L``,
        ``rel-overlap-maxdiff`` (largest difference of inland relative openness between the two
        vintages over the years both cover); ``trade-share-coastal-F|L`` (% of national trade);
        ``rate-2005``, ``rate-min``, ``rate-min-year`` (元/美元).
    """
    out = {}
    o = {f: openness("coastal", flow=f, currency="usd") for f in FLOWS}
    F, L = int(o["trade"].index.min()), int(o["trade"].index.max())
    out.update({"usd-first": F, "usd-last": L})
    for f, t in o.items():
        nat = t["national"]
        peak, peak_year = _peak(nat)
        out.update({f"{f}-national-{F}": float(nat.loc[F]), f"{f}-national-peak": peak,
                    f"{f}-national-peak-year": peak_year, f"{f}-national-2008": float(nat.loc[2008]),
                    f"{f}-national-{L}": float(nat.loc[L])})
    ex = openness("coastal", currency="usd", exclude=["北京"])
    for g, s in (("coastal", o["trade"]["coastal"]), ("inland", o["trade"]["inland"]), ("inland-exbj", ex["inland"])):
        out[f"trade-{g}-{F}"], out[f"trade-{g}-{L}"] = float(s.loc[F]), float(s.loc[L])
    out[f"ratio-{L}"] = out[f"trade-coastal-{L}"] / out[f"trade-inland-{L}"]
    c = openness("coastal", currency="cny")
    cF, cL = int(c.index.min()), int(c.index.max())
    out.update({"cny-first": cF, "cny-last": cL})
    for g in ("national", "coastal", "inland"):
        peak, peak_year = _peak(c[g])
        out.update({f"cny-{g}-{cF}": float(c.loc[cF, g]), f"cny-{g}-{cL}": float(c.loc[cL, g]),
                    f"cny-{g}-max": peak, f"cny-{g}-max-year": peak_year})
    out[f"cny-inland-exbj-{cL}"] = float(openness("coastal", currency="cny", exclude=["北京"]).loc[cL, "inland"])
    out[f"cny-ratio-{cL}"] = out[f"cny-coastal-{cL}"] / out[f"cny-inland-{cL}"]
    rel = relative_openness("coastal")["inland"]
    rel_ex = relative_openness("coastal", exclude=["北京"])["inland"]
    for k, s in (("rel-inland", rel), ("rel-inland-exbj", rel_ex)):
        out.update({f"{k}-{F}": float(s.loc[F]), f"{k}-min": float(s.min()), f"{k}-min-year": int(s.idxmin()),
                    f"{k}-{L}": float(s.loc[L])})
    rc = relative_openness("coastal", currency="cny")["inland"]
    out[f"rel-cny-inland-{cL}"] = float(rc.loc[cL])
    out[f"rel-cny-inland-exbj-{cL}"] = float(relative_openness("coastal", currency="cny", exclude=["北京"]).loc[cL, "inland"])
    both = [y for y in rel.index if y in rc.index]
    out["rel-overlap-first"], out["rel-overlap-last"] = int(min(both)), int(max(both))
    out["rel-overlap-maxdiff"] = float((rel.loc[both] - rc.loc[both]).abs().max())
    ts = shares("trade", "coastal")["coastal"]
    out[f"trade-share-coastal-{F}"], out[f"trade-share-coastal-{L}"] = float(ts.loc[F]), float(ts.loc[L])
    rate = exchange_rate()
    out["rate-2005"] = float(rate.loc[2005])
    out["rate-min"], out["rate-min-year"] = float(rate.min()), int(rate.idxmin())
    return out


def head_office_summary(province: str = "北京", scheme: str = "coastal", group: str = "inland") -> dict:
    """How much of a group's trade one province books (Beijing: head offices of national oil and
    trading companies), by flow.

    Returns
    -------
    dict
        ``usd-last`` (last year of the dollar flows, 2019) and ``cny-last`` (of the yuan series);
        ``share-<flow>-<usd-last>``: the province's share of the group's exports, imports and
        total trade, % (``nbs_db_2021``); ``share-national-<flow>-<usd-last>``: its share of the
        national flow; ``share-cny-<cny-last>``: its share of the group's trade in yuan;
        ``open-<cny-last>``: its own openness (trade ÷ GDP, %, yuan with the 2025 GDP revision);
        ``open-group-ex-<cny-last>``: the group's openness without it; ``open-national-<cny-last>``;
        ``above-national-<cny-last>`` and ``above-national-n-<cny-last>``: the group's provinces
        more open than the country (names, 、-separated) and their number.
    """
    code = resolve_province(province)
    if code is None:
        raise DataError(f"unknown province '{province}'")
    from .groupings import membership, province_names

    m = membership(check_scheme(scheme))
    if m[code] != group:
        raise DataError(f"{province} is not in group '{group}' of '{scheme}'")
    members = list(m[m == group].index)
    out = {}
    w = {f: wide(FLOWS[f], "nbs_db_2021") for f in FLOWS}
    L = int(_keep(w["trade"], None).index.max())
    out["usd-last"] = L
    for f, t in w.items():
        out[f"share-{f}-{L}"] = float(t.loc[L, code] / t.loc[L, members].sum() * 100)
        out[f"share-national-{f}-{L}"] = float(t.loc[L, code] / t.loc[L].sum() * 100)
    cny = _keep(wide("trade_cny", "nbs_db_2025"), None)
    cL = int(cny.index.max())
    out["cny-last"] = cL
    out[f"share-cny-{cL}"] = float(cny.loc[cL, code] / cny.loc[cL, members].sum() * 100)
    po = province_openness(currency="cny").loc[cL]
    nat = float(openness(scheme, currency="cny").loc[cL, "national"])
    out[f"open-{cL}"] = float(po[code])
    out[f"open-group-ex-{cL}"] = float(openness(scheme, currency="cny", exclude=[code]).loc[cL, group])
    out[f"open-national-{cL}"] = nat
    names = province_names()
    above = [names[c] for c in members if po[c] > nat]
    out[f"above-national-{cL}"] = "、".join(above)
    out[f"above-national-n-{cL}"] = len(above)
    return out


# --------------------------------------------------------------------------- one province set apart
#: the trade series joined into one long series: nbs_db_2021 to 2019, nbs_db_2026 from 2020
#: (the two are equal for 2016-2019; nbs_db_2026 rounds its values from 2021 on)
TRADE_JOIN = (("nbs_db_2021", 2019), ("nbs_db_2026", None))


def _joined(flow: str) -> tuple[pd.DataFrame, pd.Series]:
    """year × adcode flow (千美元) over the vintages of :data:`TRADE_JOIN` that hold it, and the
    vintage of each year."""
    from .indicators import vintages

    if flow not in FLOWS:
        raise DataError(f"unknown flow '{flow}': use {', '.join(FLOWS)}")
    held = vintages(FLOWS[flow])
    parts, lo = [], None
    for vintage, last in TRADE_JOIN:
        if vintage not in held:
            continue
        w = _keep(wide(FLOWS[flow], vintage), None)
        w = w[((w.index >= lo) if lo is not None else True) & ((w.index <= last) if last is not None else True)]
        if last is not None:
            lo = last + 1
        parts.append((w, vintage))
    if not parts:
        raise DataError(f"{FLOWS[flow]} has none of the vintages {', '.join(v for v, _ in TRADE_JOIN)}")
    w = pd.concat([p for p, _ in parts]).sort_index()
    which = pd.concat([pd.Series(v, index=p.index) for p, v in parts]).sort_index()
    return w, which


def province_apart(flow: str = "trade", province: str = "北京", group: str = "inland",
                   scheme: str = "coastal") -> pd.DataFrame:
    r"""A group's share of national trade with one of its provinces set apart, by year.

    With :math:`X_i` the flow (exports, imports or their total) of province *i*, :math:`N` the
    national sum, *G* the group and *p* the province set apart:

    .. math::

        s_G = \frac{\sum_{i \in G} X_i}{N} = \underbrace{\frac{X_p}{N}}_{s_p}
              + \underbrace{\frac{\sum_{i \in G, i \ne p} X_i}{N}}_{\text{the rest}},
        \qquad s_{G \setminus p} = \frac{\sum_{i \in G, i \ne p} X_i}{N - X_p}

    so a change in :math:`s_G` splits exactly into the change of :math:`s_p` and that of the rest;
    :math:`s_{G \setminus p}` is the group's share when the province is left out of both sums
    (:func:`shares` with ``exclude``). Beijing is the usual case: the head offices of national oil
    and trading companies book their trade there (by location of the operating unit), much of the
    country's crude-oil imports among it.

    Parameters
    ----------
    flow : {'trade', 'exports', 'imports'}
        Total trade runs 2000 to the latest year (``nbs_db_2021`` to 2019, ``nbs_db_2026`` after,
        :data:`TRADE_JOIN`); exports and imports 2000-2019 (``nbs_db_2021``).
    province : str
        Any name form (北京, 110000, Beijing).
    group, scheme : str
        The group the province belongs to, in ``scheme``.

    Returns
    -------
    pandas.DataFrame
        year, vintage, group_share (:math:`s_G`), province_share (:math:`s_p`), rest_share (the rest
        over N), group_share_without (:math:`s_{G \setminus p}`), all in % .
    """
    check_scheme(scheme)
    code = _excluded([province])[0]
    from .groupings import membership

    m = membership(scheme)
    if m.get(code) != group:
        raise DataError(f"{province} is not in the group '{group}' of the scheme {scheme}")
    w, vintage = _joined(flow)
    members = [c for c in w.columns if m[c] == group]
    nat = w.sum(axis=1)
    grp = w[members].sum(axis=1)
    prov = w[code]
    out = pd.DataFrame({"year": w.index.astype(int), "vintage": vintage.to_numpy(),
                        "group_share": (grp / nat * 100).to_numpy(),
                        "province_share": (prov / nat * 100).to_numpy(),
                        "rest_share": ((grp - prov) / nat * 100).to_numpy(),
                        "group_share_without": ((grp - prov) / (nat - prov) * 100).to_numpy()})
    return out.reset_index(drop=True)


def share_change(split: pd.DataFrame, y0: int, y1: int) -> dict:
    """The change of a group's share between two years split into the province set apart and the
    rest (:func:`province_apart`): ``group`` = ``province`` + ``rest`` (points), ``province-part``
    (% of the group's change), and the share without the province in both years."""
    t = split.set_index("year").drop(columns="vintage", errors="ignore")
    for y in (y0, y1):
        if y not in t.index:
            raise DataError(f"no trade figures for {y}; they cover {int(t.index.min())}-{int(t.index.max())}")
    d = t.loc[y1] - t.loc[y0]
    out = {"group": float(d["group_share"]), "province": float(d["province_share"]), "rest": float(d["rest_share"]),
           "without-y0": float(t.loc[y0, "group_share_without"]), "without-y1": float(t.loc[y1, "group_share_without"])}
    out["province-part"] = out["province"] / out["group"] * 100 if out["group"] else float("nan")
    return out


def beijing_facts(province: str = "北京", window: int = 5) -> dict:
    """The numbers of a reading of the inland share of goods trade (the paper's Table 5) with
    Beijing set apart (:func:`province_apart`, :func:`share_change`).

    The paper's years are those of its Table 5 (2012-2022). Its low year is where the printed
    inland share is lowest; the fall is measured from the highest year before it; the rise from
    the low to the paper's last year and, separately, its last step (from the year before).

    Returns
    -------
    dict
        ``low``, ``peak-before`` (years), ``cover-join`` (the last year of the first vintage of
        :data:`TRADE_JOIN`); for the fall ``fall-*``, the rise ``rise-*`` and the last
        step ``last-*``: the keys of :func:`share_change` (``group``, ``province``, ``rest``,
        ``province-part``, ``without-y0``, ``without-y1``), plus ``y-last``, ``prev``;
        ``bj-y0`` and ``bj-y1`` (Beijing's share of national trade at the start and end of the
        long series), ``first``, ``last`` (its years), ``without-first``, ``without-last``,
        ``with-first``, ``with-last``; for exports and imports (2000-2019)
        ``exports-with-first`` ... ``imports-without-last``, ``io-first``, ``io-last``, and
        ``bj-imports-of-inland-last`` (Beijing's imports as % of the inland group's, last year);
        the ``window``-year span in which the inland share of exports without Beijing rose most:
        ``exports-fastest-y0``, ``-y1``, ``-rise`` (points), ``-from``, ``-to``, and the three
        inland provinces whose share of national exports (without Beijing) rose most in it,
        ``exports-gainers``, with their part of the inland rise ``exports-gainers-part`` (%).
    """
    from .indicators import table_from_paper

    t5 = table_from_paper(5).set_index("year")["inland_pct"]
    low = int(t5.idxmin())
    peak = int(t5.loc[:low - 1].idxmax()) if (t5.index < low).any() else low
    y_last = int(t5.index.max())
    split = province_apart("trade", province)
    out = {"low": low, "peak-before": peak, "y-last": y_last, "prev": y_last - 1, "cover-join": TRADE_JOIN[0][1]}
    for key, (a, b) in {"fall": (peak, low), "rise": (low, y_last), "last": (y_last - 1, y_last)}.items():
        out.update({f"{key}-{k}": v for k, v in share_change(split, a, b).items()})
    s = split.set_index("year")
    first, last = int(s.index.min()), int(s.index.max())
    out.update({"first": first, "last": last, "bj-first": float(s.loc[first, "province_share"]),
                "bj-last": float(s.loc[last, "province_share"]),
                "with-first": float(s.loc[first, "group_share"]), "with-last": float(s.loc[last, "group_share"]),
                "without-first": float(s.loc[first, "group_share_without"]),
                "without-last": float(s.loc[last, "group_share_without"])})
    for flow in ("exports", "imports"):
        f = province_apart(flow, province).set_index("year")
        a, b = int(f.index.min()), int(f.index.max())
        out.update({"io-first": a, "io-last": b,
                    f"{flow}-with-first": float(f.loc[a, "group_share"]), f"{flow}-with-last": float(f.loc[b, "group_share"]),
                    f"{flow}-without-first": float(f.loc[a, "group_share_without"]),
                    f"{flow}-without-last": float(f.loc[b, "group_share_without"]),
                    f"{flow}-bj-last": float(f.loc[b, "province_share"])})
    ex = province_apart("exports", province).set_index("year")["group_share_without"]
    rise = (ex - ex.shift(window)).dropna()
    y1 = int(rise.idxmax())
    y0 = y1 - window
    out.update({"exports-fastest-y0": y0, "exports-fastest-y1": y1, "exports-fastest-rise": float(rise.max()),
                "exports-fastest-from": float(ex[y0]), "exports-fastest-to": float(ex[y1])})
    w = _keep(wide("exports_usd", "nbs_db_2021"), [province])
    sh = w.div(w.sum(axis=1), axis=0) * 100
    from .groupings import membership, regions

    inland = [c for c in sh.columns if membership("coastal")[c] == "inland"]
    gain = (sh.loc[y1, inland] - sh.loc[y0, inland]).sort_values(ascending=False)
    out["exports-gainers"] = "、".join(regions()["short_zh"][c] for c in gain.index[:3])
    out["exports-gainers-part"] = float(gain.iloc[:3].sum() / gain.sum() * 100)
    imp = province_apart("imports", province).set_index("year")
    out["bj-imports-of-inland-last"] = float(imp.loc[out["io-last"], "province_share"]
                                              / imp.loc[out["io-last"], "group_share"] * 100)
    return out


def province_apart_long(flows=("trade",), province: str = "北京", group: str = "inland",
                        scheme: str = "coastal") -> pd.DataFrame:
    """:func:`province_apart` for one or more flows in long form, for a line chart: 序列 (a Chinese
    label: the group with the province and its share of the national total, the province's own
    share, the group without the province as a share of the national total without it; the
    province's own line is left out and the labels are prefixed by 出口/进口 when several flows are
    given), year, share (%, rounded to 3 decimals)."""
    from .groupings import labels

    g = labels(scheme)[group].removesuffix("地区")
    name = {"trade": "进出口", "exports": "出口", "imports": "进口"}
    frames = []
    for flow in flows:
        t = province_apart(flow, province, group, scheme)
        pre = f"{name[flow]}：" if len(flows) > 1 else ""
        for col, lab in (("group_share", f"{g}合计"), ("province_share", province),
                         ("group_share_without", f"{g}不含{province}")):
            if len(flows) > 1 and col == "province_share":
                continue
            frames.append(pd.DataFrame({"序列": pre + lab, "year": t["year"], "share": t[col].round(3)}))
    return pd.concat(frames, ignore_index=True)


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
    from .indicators import VINTAGE_SHORT_ZH

    frames = []
    for flow, vintage, exclude in specs:
        s = shares(flow, scheme, vintage, exclude)[group]
        ex = "、".join(exclude or [])
        label = f"{FLOW_ZH[flow]}{'（不含' + ex + '）' if ex else ''}·{VINTAGE_SHORT_ZH.get(vintage, vintage)}"
        frames.append(pd.DataFrame({"year": s.index.astype(int), "flow": flow, "vintage": vintage, "excluded": ex,
                                    "label": label, "share": s.to_numpy()}))
    return pd.concat(frames, ignore_index=True)
