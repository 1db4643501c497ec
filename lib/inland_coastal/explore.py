"""Interactive explorers for a Jupyter kernel, built so that the arithmetic is testable.

Two layers:

* :func:`compute` (pure, no widgets): one indicator, one grouping scheme, one data vintage
  and a year range -> a table with the national value, each group's value and each group's
  share of the national total (totals) or index with national = 100 (per-capita values).
  Everything goes through :mod:`inland_coastal.indicators` (``totals``, ``per_capita``,
  ``shares``, ``index_to_national``), so the explorer shows exactly the book's numbers.
* :class:`Explorer` and :class:`ScenarioWidget` (thin ipywidgets layers): controls ->
  :func:`compute` or :func:`inland_coastal.scenario.project` -> an HTML table and an Altair
  chart. Each keeps its last result in ``.result`` so tests can drive the controls without
  a browser. Display ``.box`` (or the object itself) in a notebook cell.

Both can be reused on any page: ``from inland_coastal.explore import Explorer; Explorer().box``.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .book import group_frame
from .errors import DataError
from .groupings import check_scheme, groups, resolve_province, scheme_label, schemes
from .indicators import (POPULATION, group_sum, index_to_national, per_capita, shares, totals, vintages,
                         weighted_mean, wide)
from .loading import load_panel


@dataclass(frozen=True)
class Indicator:
    key: str
    label_zh: str
    panel_indicator: str
    kind: str            # total | per_capita | weighted_mean
    unit: str

    @property
    def pct_label(self) -> str:
        return "占全国比重（%）" if self.kind == "total" else "相对全国水平（全国=100）"


#: What the explorer offers. ``per_capita`` = Σ numerator ÷ Σ year-end population (元);
#: ``weighted_mean`` = a province per-capita figure averaged with population weights.
INDICATORS: dict[str, Indicator] = {i.key: i for i in [
    Indicator("gdp", "地区生产总值", "gdp", "total", "亿元"),
    Indicator("gdp_per_capita", "人均地区生产总值", "gdp", "per_capita", "元"),
    Indicator("population", "年末常住人口", "population", "total", "万人"),
    Indicator("fiscal_revenue", "地方一般公共预算收入", "fiscal_revenue", "total", "亿元"),
    Indicator("fiscal_revenue_per_capita", "人均地方一般公共预算收入", "fiscal_revenue", "per_capita", "元"),
    Indicator("trade_usd", "货物进出口总额（美元）", "trade_usd", "total", "千美元"),
    Indicator("trade_cny", "货物进出口总额（人民币）", "trade_cny", "total", "亿元"),
    Indicator("va_primary", "第一产业增加值", "va_primary", "total", "亿元"),
    Indicator("va_secondary", "第二产业增加值", "va_secondary", "total", "亿元"),
    Indicator("va_tertiary", "第三产业增加值", "va_tertiary", "total", "亿元"),
    Indicator("va_industry", "工业增加值", "va_industry", "total", "亿元"),
    Indicator("exports_usd", "货物出口总额（美元）", "exports_usd", "total", "千美元"),
    Indicator("imports_usd", "货物进口总额（美元）", "imports_usd", "total", "千美元"),
    Indicator("disposable_income_per_capita", "居民人均可支配收入（人口加权）", "disposable_income_per_capita",
              "weighted_mean", "元"),
]}

#: Chinese names of the panel's vintages
VINTAGE_LABELS = {
    "paper": "论文口径（第四次经济普查修订后）",
    "first_release": "各年初次发布数",
    "rev2025": "第五次经济普查修订后（2025年）",
    "nbs_db": "国家统计局数据库",
    "nbs_db_2025": "国家统计局数据库（2025年版）",
    "nbs_db_2026": "国家统计局数据库（2026年版）",
    "nbs_db_2021": "国家统计局数据库（2021年版，论文口径）",
}
#: preferred default vintage, first match wins
_PREFERRED = ("paper", "nbs_db", "nbs_db_2025", "rev2025", "first_release", "nbs_db_2026")


def indicator(key: str) -> Indicator:
    if key not in INDICATORS:
        raise DataError(f"unknown indicator '{key}': use one of {', '.join(INDICATORS)}")
    return INDICATORS[key]


def available_vintages(key: str, panel: pd.DataFrame | None = None) -> list[str]:
    """The vintages the panel holds for an indicator, the default first."""
    have = vintages(indicator(key).panel_indicator, panel)
    return sorted(have, key=lambda v: _PREFERRED.index(v) if v in _PREFERRED else len(_PREFERRED))


def available_years(key: str, vintage: str, panel: pd.DataFrame | None = None) -> list[int]:
    """Years in which every province has a figure (for per-capita values also a population)."""
    ind = indicator(key)
    w = wide(ind.panel_indicator, vintage, panel).dropna(how="any")
    yrs = set(w.index)
    if ind.kind != "total":
        yrs &= set(wide(*POPULATION, panel=panel).dropna(how="any").index)
    return sorted(int(y) for y in yrs)


def _years(years, have: list[int], what: str) -> list[int]:
    if years is None:
        return have
    if isinstance(years, tuple) and len(years) == 2:
        lo, hi = (int(y) for y in years)
        if lo > hi:
            raise DataError(f"year range {lo}-{hi} is reversed")
        sel = [y for y in have if lo <= y <= hi]
    else:
        wanted = [int(y) for y in years]
        missing = [y for y in wanted if y not in have]
        if missing:
            raise DataError(f"{what} has no complete figures for {missing}; it covers {have[0]}-{have[-1]}")
        sel = sorted(set(wanted))
    if not sel:
        raise DataError(f"{what} has no figures in {years}; it covers {have[0]}-{have[-1]}")
    return sel


def compute(key: str, scheme: str = "coastal", vintage: str | None = None, years=None,
            panel: pd.DataFrame | None = None) -> pd.DataFrame:
    """One indicator by group and year (pure: no widgets, no display).

    ``years``: None (every complete year of the vintage), a ``(first, last)`` tuple (the
    covered years inside it) or a list of years (each must be covered). ``vintage`` None
    picks the default of :func:`available_vintages`.

    Returns columns year, national, one per group of ``scheme``, and ``<group>_pct``:
    the group's share of the national total in % (totals) or its value with national = 100
    (per-capita indicators)."""
    ind = indicator(key)
    check_scheme(scheme)
    p = load_panel() if panel is None else panel
    have_v = available_vintages(key, p)
    vintage = vintage or have_v[0]
    if vintage not in have_v:
        raise DataError(f"{ind.label_zh} ({key}) has no vintage '{vintage}'; it has {', '.join(have_v)}")
    what = f"{key} ({vintage})"
    yrs = _years(years, available_years(key, vintage, p), what)
    if ind.kind == "total":
        v = totals(ind.panel_indicator, vintage, scheme, years=yrs, panel=p)
        pct = shares(v)
    elif ind.kind == "per_capita":
        v = per_capita(ind.panel_indicator, vintage, scheme, years=yrs, panel=p)
        pct = index_to_national(v)
    else:  # weighted_mean: Σ value_i · pop_i / Σ pop_i
        v = weighted_mean(ind.panel_indicator, vintage, scheme, years=yrs, panel=p)
        pct = index_to_national(v)
    out = v.copy()
    for g in pct.columns:
        out[f"{g}_pct"] = pct[g]
    out.index = out.index.astype(int)
    out.index.name = "year"
    return out.reset_index()


def _spec(spec) -> tuple:
    spec = tuple(spec)
    if not 2 <= len(spec) <= 4:
        raise DataError(f"a series is (indicator, vintage[, (first, last)[, exclude]]); got {spec!r}")
    key, vintage, years, exclude = (*spec, None, None)[:4]
    return key, vintage, years, list(exclude or [])


def _share_without(key: str, vintage: str, years, exclude: list, scheme: str) -> pd.DataFrame:
    """year, national, groups, <group>_pct of a total with some provinces left out (national = the rest)."""
    ind = indicator(key)
    if ind.kind != "total":
        raise DataError(f"leaving provinces out ({', '.join(map(str, exclude))}) applies to totals only, "
                        f"not to {ind.label_zh} ({key})")
    codes = []
    for name in exclude:
        code = resolve_province(name)
        if code is None:
            raise DataError(f"unknown province '{name}' in exclude")
        codes.append(code)
    w = wide(ind.panel_indicator, vintage).drop(columns=codes)
    w = w[w.notna().all(axis=1)]
    have = [int(y) for y in w.index]
    if not have:
        raise DataError(f"{key} ({vintage}): no year with all the provinces kept")
    t = group_sum(w.loc[_years(years, have, f"{key} ({vintage})")], scheme)
    for g in groups(scheme):
        t[f"{g}_pct"] = t[g] / t["national"] * 100
    t.index = t.index.astype(int)
    t.index.name = "year"
    return t.reset_index()


def share_frame(specs: dict, group: str = "inland", scheme: str = "coastal") -> pd.DataFrame:
    """Several indicators for one group, stacked for :func:`inland_coastal.charts.share_indicator_lines`:
    the group's share of the national total (totals) or its level with national = 100 (per-capita
    and weighted indicators), by year, each series in its own vintage.

    Parameters
    ----------
    specs : dict
        series id -> ``(indicator, vintage)``, ``(indicator, vintage, years)`` or
        ``(indicator, vintage, years, exclude)``: ``indicator`` a key of :data:`INDICATORS`;
        ``years`` a ``(first, last)`` pair, either end None for the vintage's first or last year
        (e.g. ``(2019, None)`` to start a later vintage at a join, ``(None, 2004)`` to stop a series
        at a break); ``exclude`` provinces left out of a total (e.g. ``["北京"]``), so that the
        national figure is the sum of the others and the label says so.
    group : str
        The group whose share or index is returned (default ``inland``).
    scheme : str

    Returns
    -------
    pandas.DataFrame
        指标 (label, e.g. 货物进出口总额（美元）（不含北京）), series (the id: a line breaks where it
        changes), 口径 (vintage label), year, share, key, vintage; series in the order of ``specs``.
    """
    check_scheme(scheme)
    if group not in groups(scheme):
        raise DataError(f"unknown group '{group}' of scheme {scheme}: use one of {', '.join(groups(scheme))}")
    frames = []
    for sid, spec in specs.items():
        key, vintage, years, exclude = _spec(spec)
        ind = indicator(key)
        if years is not None:
            have = available_years(key, vintage)
            lo, hi = years
            years = (have[0] if lo is None else int(lo), have[-1] if hi is None else int(hi))
        t = _share_without(key, vintage, years, exclude, scheme) if exclude else compute(key, scheme, vintage, years)
        label = ind.label_zh + (f"（不含{'、'.join(map(str, exclude))}）" if exclude else "")
        frames.append(pd.DataFrame({"指标": label, "series": sid, "口径": VINTAGE_LABELS.get(vintage, vintage),
                                    "year": t["year"].astype(int), "share": t[f"{group}_pct"].astype(float),
                                    "key": key, "vintage": vintage}))
    return pd.concat(frames, ignore_index=True)


def series_endpoints(frame: pd.DataFrame, value: str = "share", years=()) -> dict:
    """First, last, highest and lowest point of every series of a long frame (:func:`share_frame`,
    or any frame with columns series, year and ``value``), as named numbers for the prose.

    Parameters
    ----------
    frame : pandas.DataFrame
    value : str
        The column read (default ``share``).
    years : iterable of int
        Years whose values are wanted as well, where a series has them (``<series>-<year>``).

    Returns
    -------
    dict
        ``<series>-first-year``, ``<series>-first``, ``<series>-last-year``, ``<series>-last``,
        ``<series>-max-year``, ``<series>-max``, ``<series>-min-year``, ``<series>-min``,
        ``<series>-change`` (last − first) and ``<series>-<year>`` for each series id.
    """
    out = {}
    for sid, g in frame.groupby("series", sort=False):
        s = g.set_index("year")[value].sort_index()
        out.update({f"{sid}-{int(y)}": float(s.loc[int(y)]) for y in years if int(y) in s.index})
        out.update({f"{sid}-first-year": int(s.index[0]), f"{sid}-first": float(s.iloc[0]),
                    f"{sid}-last-year": int(s.index[-1]), f"{sid}-last": float(s.iloc[-1]),
                    f"{sid}-max-year": int(s.idxmax()), f"{sid}-max": float(s.max()),
                    f"{sid}-min-year": int(s.idxmin()), f"{sid}-min": float(s.min()),
                    f"{sid}-change": float(s.iloc[-1] - s.iloc[0])})
    return out


def display_frame(t: pd.DataFrame, key: str, scheme: str) -> pd.DataFrame:
    """:func:`compute`'s table with Chinese headers (for the widget and for table_md)."""
    ind = indicator(key)
    return group_frame(t, ind.unit, ind.kind, scheme)


def _html_table(df: pd.DataFrame, decimals: int = 2) -> str:
    fmt = {c: (lambda x, d=decimals: f"{x:,.{d}f}") for c in df.columns if pd.api.types.is_numeric_dtype(df[c])}
    return df.to_html(index=False, formatters=fmt, border=0, classes="ic-widget-table", justify="center")


def explorer_chart(t: pd.DataFrame, key: str, scheme: str, vintage: str):
    """The explorer's chart: each group's share (or index) by year, lines by group."""
    from . import charts

    ind = indicator(key)
    long = charts.long_by_group(t, scheme)
    return charts.group_lines(long, "pct", f"{ind.label_zh}{ind.pct_label}", scheme, y_format=".1f",
                              source=f"{charts.SOURCE_NBS}口径：{VINTAGE_LABELS.get(vintage, vintage)}。",
                              extra_tooltip=[])


# ------------------------------------------------------------------------ widget layers
class Explorer:
    """Indicator / grouping / vintage / year-range explorer (ipywidgets).

    ``Explorer(indicator='gdp', scheme='coastal')``; show ``.box`` in a cell. Every change
    of a control calls :meth:`update`, which recomputes with :func:`compute` and redraws
    the table and chart; ``.result`` holds the last table (or None after an error, whose
    message is shown in ``.message``)."""

    def __init__(self, indicator: str = "gdp", scheme: str = "coastal", vintage: str | None = None,
                 years=None, panel: pd.DataFrame | None = None):
        import ipywidgets as W

        self.panel = load_panel() if panel is None else panel
        self.result: pd.DataFrame | None = None
        style = {"description_width": "72px"}
        self.indicator = W.Dropdown(options=[(i.label_zh, k) for k, i in INDICATORS.items()], value=indicator,
                                    description="指标", style=style, layout=W.Layout(width="330px"))
        self.scheme = W.Dropdown(options=[(scheme_label(s), s) for s in schemes()], value=scheme,
                                 description="分组方式", style=style, layout=W.Layout(width="330px"))
        self.vintage = W.Dropdown(description="数据口径", style=style, layout=W.Layout(width="330px"))
        self.years = W.IntRangeSlider(description="年份", style=style, layout=W.Layout(width="520px"),
                                      continuous_update=False)
        self.message = W.HTML()
        self.table = W.HTML()
        self.chart = W.Output()
        self._busy = False
        self._set_vintages(vintage)
        self._set_years(years)
        for w in (self.indicator, self.scheme, self.vintage, self.years):
            w.observe(self._changed, names="value")
        self.box = W.VBox([W.HBox([self.indicator, self.scheme]), W.HBox([self.vintage]), self.years,
                           self.message, self.chart, self.table])
        self.update()

    def _ipython_display_(self):
        from IPython.display import display

        display(self.box)

    def _set_vintages(self, vintage=None):
        opts = available_vintages(self.indicator.value, self.panel)
        self._busy = True
        self.vintage.options = [(VINTAGE_LABELS.get(v, v), v) for v in opts]
        self.vintage.value = vintage if vintage in opts else opts[0]
        self._busy = False

    def _set_years(self, years=None):
        have = available_years(self.indicator.value, self.vintage.value, self.panel)
        lo, hi = (years if years else (have[0], have[-1]))
        lo, hi = max(int(lo), have[0]), min(int(hi), have[-1])
        if lo > hi:                      # the old range lies outside the new vintage: take all of it
            lo, hi = have[0], have[-1]
        self._busy = True
        self.years.min, self.years.max = -10**6, 10**6          # widen first, then narrow
        self.years.value = (lo, hi)
        self.years.min, self.years.max = have[0], have[-1]
        self._busy = False

    def _changed(self, change):
        if self._busy:
            return
        if change["owner"] is self.indicator:
            self._set_vintages()
            self._set_years()
        elif change["owner"] is self.vintage:
            self._set_years(self.years.value)
        self.update()

    def update(self):
        """Recompute with :func:`compute` and redraw (errors are shown, not raised)."""
        from IPython.display import display

        key, scheme, vint = self.indicator.value, self.scheme.value, self.vintage.value
        try:
            t = compute(key, scheme, vint, tuple(self.years.value), self.panel)
        except DataError as e:
            self.result = None
            self.message.value = f"<p style='color:#b00'>无法计算：{e.message}</p>"
            self.table.value = ""
            self.chart.clear_output()
            return
        self.result = t
        ind = indicator(key)
        self.message.value = (f"<p>{ind.label_zh}（{ind.unit}），{scheme_label(scheme)}，"
                              f"{VINTAGE_LABELS.get(vint, vint)}，{int(t['year'].min())}—{int(t['year'].max())}年</p>")
        self.table.value = _html_table(display_frame(t, key, scheme).iloc[::-1])
        self.chart.clear_output(wait=True)
        with self.chart:
            display(explorer_chart(t, key, scheme, vint))


class ScenarioWidget:
    """Sliders for the growth assumptions -> :func:`inland_coastal.scenario.project` ->
    a summary line, a table (every fifth year and the target year) and a chart of the
    per-capita indices. Rates on the sliders are in % per year; ``eps`` is the elasticity of GDP
    with respect to population (0 to 1, :mod:`inland_coastal.scenario`). ``.result`` holds the last
    projection, ``.closing`` the closing year (or None)."""

    def __init__(self, gc: float = 5.0, gi: float = 6.0, nc: float = 0.0, ni: float = 0.0, target: int = 2035,
                 vintage: str = "paper", eps: float = 0.0):
        import ipywidgets as W

        from . import scenario as S

        self.result: pd.DataFrame | None = None
        self.closing: int | None = None
        style = {"description_width": "180px"}
        lay = W.Layout(width="540px")

        def slider(value, lo, hi, step, desc):
            return W.FloatSlider(value=value, min=lo, max=hi, step=step, description=desc, style=style,
                                 layout=lay, readout_format=".2f", continuous_update=False)

        self.gc = slider(gc, -5, 15, 0.1, "沿海名义GDP增速（%/年）")
        self.gi = slider(gi, -5, 15, 0.1, "内陆名义GDP增速（%/年）")
        self.nc = slider(nc, -2, 2, 0.05, "沿海人口增速（%/年）")
        self.ni = slider(ni, -2, 2, 0.05, "内陆人口增速（%/年）")
        self.eps = slider(eps, 0, 1, 0.1, "GDP对人口的弹性 ε")
        self.target = W.IntSlider(value=target, min=2025, max=2060, description="目标年份", style=style, layout=lay,
                                  continuous_update=False)
        self.vintage = W.Dropdown(options=[(VINTAGE_LABELS[v], v) for v in S.GDP_VINTAGES], value=vintage,
                                  description="基期数据口径", style=style, layout=lay)
        self.summary = W.HTML()
        self.table = W.HTML()
        self.chart = W.Output()
        for w in (self.gc, self.gi, self.nc, self.ni, self.eps, self.target, self.vintage):
            w.observe(lambda _change: self.update(), names="value")
        self.box = W.VBox([self.vintage, self.gc, self.gi, self.nc, self.ni, self.eps, self.target, self.summary,
                           self.chart, self.table])
        self.update()

    def _ipython_display_(self):
        from IPython.display import display

        display(self.box)

    def rates(self) -> dict:
        """Slider values as the fractions :func:`~inland_coastal.scenario.project` takes."""
        return {"coastal_growth": self.gc.value / 100, "inland_growth": self.gi.value / 100,
                "coastal_pop_growth": self.nc.value / 100, "inland_pop_growth": self.ni.value / 100,
                "elasticity": self.eps.value}

    def update(self):
        from IPython.display import display

        from . import charts
        from . import scenario as S

        try:
            base = S.base_values(self.vintage.value)
            p = S.project(**self.rates(), target=max(self.target.value, base.year + 1), base=base)
            closing = S.gap_closing_year(**self.rates(), base=base)
        except DataError as e:
            self.result, self.closing = None, None
            self.summary.value = f"<p style='color:#b00'>无法计算：{e.message}</p>"
            return
        self.result, self.closing = p, closing
        last = p.iloc[-1]
        close_txt = (f"人均差距在 {closing} 年弥合" if closing is not None
                     else f"人均差距到 {S.HORIZON} 年仍未弥合")
        self.summary.value = (f"<p><b>基期 {base.year} 年（{VINTAGE_LABELS[base.vintage]}）→ {int(last['year'])} 年：</b>"
                              f"内陆GDP占比 {last['inland_share']:.1f}%，内陆人均指数 {last['inland_index']:.1f}"
                              f"（全国=100），沿海÷内陆人均GDP {last['ratio']:.3f}；{close_txt}。</p>")
        show = p[((p["year"] - base.year) % 5 == 0) | (p["year"] == p["year"].max())]
        df = pd.DataFrame({"年份": show["year"].astype(str), "内陆GDP占比（%）": show["inland_share"],
                           "内陆人均GDP（元）": show["inland_pc"], "沿海人均GDP（元）": show["coastal_pc"],
                           "内陆人均指数（全国=100）": show["inland_index"], "沿海÷内陆": show["ratio"]})
        self.table.value = _html_table(df)
        t = pd.DataFrame({"year": p["year"], "coastal": p["coastal_index"], "inland": p["inland_index"]})
        chart = charts.group_lines(charts.long_by_group(t, "coastal", pct_suffix=None), "value",
                                   "人均GDP相对全国（全国=100）", "coastal", y_format=".0f",
                                   source=f"情景推算（名义值，基期：{VINTAGE_LABELS[base.vintage]} {base.year}年，"
                                          "GDP与年末常住人口）；作者计算。")
        self.chart.clear_output(wait=True)
        with self.chart:
            display(chart)
