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
