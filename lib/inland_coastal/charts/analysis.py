"""Charts of the analysis modules: Theil decompositions, sigma and beta convergence, and the
scenario tool whose sliders work on the static page (Vega-Lite params).
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from ..groupings import labels, scheme_label
from ..style import HEIGHT, SOURCE_NBS, WIDTH
from .theme import event_rules, scheme_scale, source_note


def decomposition_chart(df: pd.DataFrame, *, source: str = SOURCE_NBS, title: str | None = None,
                        y_title: str = "泰尔指数 T", share_title: str = "组间差距占总差距（%）",
                        select_name: str = "分组方式 ", events: pd.DataFrame | None = None):
    """A between/within split of an inequality index by year, one grouping at a time.

    ``df`` columns: 分组方式 (grouping label), year, 成分 (component label, between first),
    value, share (the between part as % of the total, the same on both rows of a year).
    Left: stacked areas of the components; right: the between share. A dropdown picks the
    grouping; hover for values. ``events`` (``loading.timeline_events(...)``) adds the
    timeline's dashed rules to the right panel (:func:`.theme.event_rules`)."""
    schemes = list(dict.fromkeys(df["分组方式"]))
    comps = list(dict.fromkeys(df["成分"]))
    pick = alt.param(name="scheme", value=schemes[0],
                     bind=alt.binding_select(options=schemes, name=select_name))
    keep = alt.datum["分组方式"] == pick
    x = alt.X("year:Q", title="年份", axis=alt.Axis(format="d", tickMinStep=1))
    tooltip = [alt.Tooltip("分组方式:N"), alt.Tooltip("year:Q", title="年份", format="d"),
               alt.Tooltip("成分:N"), alt.Tooltip("value:Q", title=y_title, format=".4f"),
               alt.Tooltip("share:Q", title=share_title, format=".1f")]
    order = alt.Order("order:Q")
    d = df.assign(order=df["成分"].map({c: i for i, c in enumerate(comps)}))
    area = alt.Chart(d).mark_area(opacity=0.85, line=True).encode(
        x=x, y=alt.Y("value:Q", title=y_title, stack=True),
        color=alt.Color("成分:N", title="成分", scale=alt.Scale(domain=comps, range=["#c44e52", "#8fb3d9", "#999"][:len(comps)])),
        order=order, tooltip=tooltip,
    ).add_params(pick).transform_filter(keep).properties(width=360, height=260)
    pts = alt.Chart(d).mark_point(opacity=0).encode(
        x=x, y=alt.Y("value:Q", stack=True), order=order, tooltip=tooltip).transform_filter(keep)
    share = alt.Chart(d[d["成分"] == comps[0]]).mark_line(point=True, color="#c44e52").encode(
        x=x, y=alt.Y("share:Q", title=share_title, scale=alt.Scale(zero=True)), tooltip=tooltip,
    ).transform_filter(keep)
    ev = event_rules(events, df["year"], x="year", x_type="Q") if events is not None else None
    right = (alt.layer(ev, share) if ev is not None else share).properties(width=220, height=260)
    chart = alt.hconcat(alt.layer(area, pts), right)
    return source_note(chart, source, title)


def sigma_lines(df: pd.DataFrame, *, source: str = SOURCE_NBS, title: str | None = None,
                select_name: str = "数据口径 "):
    """σ-convergence measures by year, one data vintage at a time (dropdown).

    ``df`` columns: 口径 (vintage label), year, 指标 (measure label), value. Lines by
    measure; click the legend to highlight one; hover for values."""
    vint = list(dict.fromkeys(df["口径"]))
    measures = list(dict.fromkeys(df["指标"]))
    pick = alt.param(name="vintage", value=vint[0], bind=alt.binding_select(options=vint, name=select_name))
    sel = alt.selection_point(fields=["指标"], bind="legend", name="measure")
    hover = alt.selection_point(fields=["year"], on="pointerover", nearest=True, empty=False, name="hover")
    keep = alt.datum["口径"] == pick
    base = alt.Chart(df).encode(
        x=alt.X("year:Q", title="年份", axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(zero=False)),
        y=alt.Y("value:Q", title="离散程度（对数标准差或变异系数，无量纲）", scale=alt.Scale(zero=False),
                axis=alt.Axis(format=".2f")),
        color=alt.Color("指标:N", title="指标", scale=alt.Scale(domain=measures, range=["#1f5fa8", "#d9822b",
                                                                                      "#5a9e4b"][:len(measures)]),
                        legend=alt.Legend(orient="bottom", direction="vertical")),
    ).transform_filter(keep)
    tooltip = [alt.Tooltip("口径:N"), alt.Tooltip("指标:N"), alt.Tooltip("year:Q", title="年份", format="d"),
               alt.Tooltip("value:Q", title="数值", format=".4f")]
    opacity = alt.condition(sel, alt.value(1), alt.value(0.15))
    lines = base.mark_line().encode(opacity=opacity)
    pts = base.mark_point().encode(opacity=opacity, tooltip=tooltip,
                                   size=alt.condition(hover, alt.value(90), alt.value(28))).add_params(hover)
    rule = alt.Chart(df).mark_rule(color="#bbb").encode(x="year:Q").transform_filter(keep).transform_filter(hover)
    chart = alt.layer(lines, pts, rule).add_params(pick, sel).properties(width=WIDTH, height=HEIGHT)
    return source_note(chart, source, title)


def beta_scatter(d: pd.DataFrame, fits: pd.DataFrame, *, scheme: str = "coastal", source: str = SOURCE_NBS,
                 title: str | None = None, select_name: str = "时期与口径 "):
    """β-convergence: each province's initial log per-capita GDP against its average annual
    growth, one period/vintage at a time (dropdown), with the OLS line (Vega-Lite's
    regression transform, the same least squares as the library's) and the fitted β.

    ``d`` columns: 时期 (period label), province, group (scheme code), log_initial, y0 (元),
    growth (% per year). ``fits`` columns: 时期, label (text shown above the plot)."""
    lab = labels(scheme)
    d = d.assign(地区=d["group"].map(lab))
    periods = list(dict.fromkeys(d["时期"]))
    pick = alt.param(name="period", value=periods[0], bind=alt.binding_select(options=periods, name=select_name))
    sel = alt.selection_point(fields=["地区"], bind="legend", name="grp")
    keep = alt.datum["时期"] == pick
    x = alt.X("log_initial:Q", title="期初人均GDP的自然对数（ln 元）", scale=alt.Scale(zero=False))
    y = alt.Y("growth:Q", title="年均增长率（对数差/年，%）", scale=alt.Scale(zero=False))
    pts = alt.Chart(d).mark_point(size=60).encode(
        x=x, y=y, color=alt.Color("地区:N", scale=scheme_scale(scheme), title="地区"),
        opacity=alt.condition(sel, alt.value(0.95), alt.value(0.15)),
        tooltip=[alt.Tooltip("province:N", title="省份"), alt.Tooltip("地区:N"), alt.Tooltip("时期:N"),
                 alt.Tooltip("y0:Q", title="期初人均GDP（元）", format=",.0f"),
                 alt.Tooltip("growth:Q", title="年均增长率（%）", format=".2f")],
    ).add_params(pick, sel).transform_filter(keep)
    labels_ = alt.Chart(d).mark_text(dx=7, align="left", fontSize=9, color="#555").encode(
        x=x, y=y, text="province:N").transform_filter(keep)
    line = alt.Chart(d).mark_line(color="#444", strokeDash=[5, 3]).encode(x=x, y=y).transform_filter(
        keep).transform_regression("log_initial", "growth")
    note = alt.Chart(fits).mark_text(align="left", baseline="top", fontSize=12, color="#222").encode(
        x=alt.value(4), y=alt.value(4), text="label:N").transform_filter(keep)
    chart = alt.layer(pts, labels_, line, note).properties(width=WIDTH, height=HEIGHT + 60)
    return source_note(chart, source, title)


def beta_panel_chart(panel: pd.DataFrame, *, source: str = SOURCE_NBS, title: str | None = None,
                     select_name: str = "时期与口径 "):
    """:func:`beta_scatter` of :func:`inland_coastal.convergence.beta_panel`: one panel at a time
    (dropdown), with the OLS slope, its standard error and R² of each panel written above the plot
    (:func:`inland_coastal.convergence.ols_slope`, growth in % per year on ln y0)."""
    from ..convergence import ols_slope

    fits = []
    for label, g in panel.groupby("panel", sort=False):
        f = ols_slope(g["log_initial"], g["growth"] / 100)
        fits.append({"时期": label, "label": f"β = {f['beta']:.4f}（标准误 {f['se']:.4f}），R² = {f['r2']:.2f}"})
    d = pd.DataFrame({"时期": panel["panel"], "province": panel["province"], "group": panel["group"],
                      "log_initial": panel["log_initial"].round(4), "y0": panel["y0"].round(0),
                      "growth": panel["growth"].round(3)})
    return beta_scatter(d, pd.DataFrame(fits), source=source, title=title, select_name=select_name)


def scenario_sliders(base, history: pd.DataFrame, init: dict, *, target: int = 2035, last: int = 2060,
                     horizon: int = 2100, source: str = SOURCE_NBS, title: str | None = None):
    """The coastal/inland scenario with sliders, computed in the browser (no kernel).

    ``base`` is a :class:`inland_coastal.scenario.Base`; ``history`` has columns year,
    inland_share, inland_index, coastal_index (observed, same vintage); ``init`` maps gc, gi,
    nc, ni to the sliders' start values in % per year, and optionally eps to the start value of
    the elasticity of GDP with respect to population (default 0, a slider from 0 to 1). The projection is the Vega
    expressions :data:`inland_coastal.scenario.VEGA` (the library's formulas), evaluated
    for base.year..last and shown up to the target-year slider; the text above gives the
    target-year values and the closing year (:data:`~inland_coastal.scenario.VEGA_CLOSING`)."""
    from ..scenario import VEGA, VEGA_CLOSING, vega_params

    consts = [alt.param(name=k, value=v) for k, v in vega_params(base, horizon).items()]
    sliders = [
        alt.param(name="gc", value=init["gc"], bind=alt.binding_range(min=-5, max=15, step=0.1,
                                                                        name="沿海名义GDP增速（%/年） ")),
        alt.param(name="gi", value=init["gi"], bind=alt.binding_range(min=-5, max=15, step=0.1,
                                                                        name="内陆名义GDP增速（%/年） ")),
        alt.param(name="nc", value=init["nc"], bind=alt.binding_range(min=-2, max=2, step=0.05,
                                                                        name="沿海人口增速（%/年） ")),
        alt.param(name="ni", value=init["ni"], bind=alt.binding_range(min=-2, max=2, step=0.05,
                                                                        name="内陆人口增速（%/年） ")),
        alt.param(name="eps", value=float(init.get("eps", 0.0)), bind=alt.binding_range(
            min=0, max=1, step=0.1, name="GDP对人口的弹性 ε ")),
        alt.param(name="target", value=int(target), bind=alt.binding_range(min=base.year + 1, max=last, step=1,
                                                                             name="目标年份 ")),
    ]
    years = pd.DataFrame({"year": range(base.year, last + 1)})

    def calc(chart):
        for field, expr in VEGA.items():
            chart = chart.transform_calculate(**{field: expr})
        return chart

    x = alt.X("year:Q", title="年份（实线：实际；虚线：情景）", axis=alt.Axis(format="d", tickMinStep=1),
              scale=alt.Scale(zero=False))
    proj_tip = [alt.Tooltip("year:Q", title="年份", format="d"),
                alt.Tooltip("inland_share:Q", title="内陆GDP占比（%）", format=".2f"),
                alt.Tooltip("inland_index:Q", title="内陆人均指数（全国=100）", format=".2f"),
                alt.Tooltip("coastal_index:Q", title="沿海人均指数（全国=100）", format=".2f"),
                alt.Tooltip("ratio:Q", title="沿海÷内陆人均GDP", format=".3f")]
    hist_tip = [alt.Tooltip("year:Q", title="年份（实际）", format="d"),
                alt.Tooltip("inland_share:Q", title="内陆GDP占比（%）", format=".2f"),
                alt.Tooltip("inland_index:Q", title="内陆人均指数（全国=100）", format=".2f"),
                alt.Tooltip("coastal_index:Q", title="沿海人均指数（全国=100）", format=".2f")]
    proj = calc(alt.Chart(years)).transform_filter("datum.year <= target")
    share_proj = proj.mark_line(color="#d9822b", strokeDash=[6, 3],
                                point=alt.OverlayMarkDef(filled=False, size=22, color="#d9822b")).encode(
        x=x, y=alt.Y("inland_share:Q", title="内陆地区GDP占全国比重（%）", scale=alt.Scale(zero=False)),
        tooltip=proj_tip)
    share_hist = alt.Chart(history).mark_line(color="#d9822b",
                                              point=alt.OverlayMarkDef(filled=True, color="#d9822b")).encode(
        x=x, y="inland_share:Q", tooltip=hist_tip)
    left = alt.layer(share_hist, share_proj).properties(width=250, height=250, title="内陆地区GDP占比")

    idx_proj = proj.transform_fold(["inland_index", "coastal_index"], as_=["which", "index"]).transform_calculate(
        地区="datum.which == 'inland_index' ? '内陆地区' : '沿海地区'")
    color = alt.Color("地区:N", scale=scheme_scale("coastal"), title="地区")
    y_idx = alt.Y("index:Q", title="人均GDP相对全国（全国=100）", scale=alt.Scale(zero=False))
    idx_line = idx_proj.mark_line(strokeDash=[6, 3], point=alt.OverlayMarkDef(filled=False, size=22)).encode(x=x, y=y_idx, color=color, tooltip=proj_tip)
    hist_long = history.melt(id_vars=["year"], value_vars=["inland_index", "coastal_index"], var_name="which",
                             value_name="index")
    hist_long["地区"] = hist_long["which"].map({"inland_index": "内陆地区", "coastal_index": "沿海地区"})
    idx_hist = alt.Chart(hist_long).mark_line(point=True).encode(
        x=x, y=y_idx, color=color,
        tooltip=[alt.Tooltip("year:Q", title="年份（实际）", format="d"), alt.Tooltip("地区:N"),
                 alt.Tooltip("index:Q", title="人均GDP相对全国（全国=100）", format=".2f")])
    hundred = alt.Chart(pd.DataFrame({"y": [100]})).mark_rule(color="#888", strokeDash=[2, 2]).encode(y="y:Q")
    right = alt.layer(idx_hist, idx_line, hundred).properties(width=250, height=250, title="人均GDP指数")

    one = alt.Chart(pd.DataFrame({"row": [0]})).transform_calculate(year="target")
    one = calc(one).transform_calculate(closing=VEGA_CLOSING).transform_calculate(
        text="'按此假设：' + datum.year + '年内陆GDP占比 ' + format(datum.inland_share, '.1f') + '%，内陆人均指数 '"
             " + format(datum.inland_index, '.1f') + '（全国=100）；' + (isValid(datum.closing) ? "
             "'人均差距在 ' + datum.closing + ' 年弥合' : '人均差距到 ' + b_horizon + ' 年仍未弥合')")
    headline = one.mark_text(align="left", fontSize=13, fontWeight="bold", color="#222").encode(
        x=alt.value(0), y=alt.value(10), text="text:N").properties(width=560, height=20)
    chart = alt.vconcat(headline, alt.hconcat(left, right).resolve_scale(color="shared")).add_params(
        *consts, *sliders)
    return source_note(chart, source, title)

def theil_split_chart(t: pd.DataFrame, *, source: str = SOURCE_NBS, title: str | None = None,
                      init_scheme: str = "coastal", init_vintage: str | None = None):
    """Theil T of per-capita GDP split into between-group and within-group parts.

    ``t`` is the concatenation of :func:`inland_coastal.inequality.inequality_table` results
    with two added columns: scheme (code) and 口径 (vintage label). Left: stacked bars of the
    two parts for the scheme and vintage chosen in two dropdowns. Right: the between-group
    share of Theil T (%) for every scheme in the chosen vintage, side by side. Hover a bar or
    a point for the values."""

    schemes_shown = list(pd.unique(t["scheme"]))
    vints = list(pd.unique(t["口径"]))
    d = pd.DataFrame({"year": t["year"].astype(int), "scheme": t["scheme"], "口径": t["口径"],
                      "分组方式": t["scheme"].map(scheme_label),
                      "组间差距": t["theil_t_between"].round(5), "组内差距": t["theil_t_within"].round(5),
                      "T": t["theil_t"].round(5),
                      "组间占比": (t["theil_t_between"] / t["theil_t"] * 100).round(2)})
    sch = alt.param(name="sch", value=init_scheme, bind=alt.binding_select(
        options=schemes_shown, labels=[scheme_label(s) for s in schemes_shown], name="分组方式 "))
    vin = alt.param(name="vin", value=init_vintage or vints[0],
                    bind=alt.binding_select(options=vints, name="数据口径 "))
    x = alt.X("year:O", title="年份", axis=alt.Axis(labelAngle=-45))
    base = alt.Chart(d)
    bars = base.transform_filter((alt.datum.scheme == sch) & (alt.datum["口径"] == vin)).transform_fold(
        ["组间差距", "组内差距"], as_=["部分", "贡献"]).transform_calculate(
        order="datum['部分'] == '组间差距' ? 0 : 1").mark_bar().encode(
        x=x,
        y=alt.Y("贡献:Q", title="泰尔指数 T", stack=True, axis=alt.Axis(format=".3f")),
        color=alt.Color("部分:N", scale=alt.Scale(domain=["组间差距", "组内差距"], range=["#c44e52", "#9fb8d6"]),
                        title="泰尔指数分解"),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("year:O", title="年份"), alt.Tooltip("分组方式:N"), alt.Tooltip("部分:N"),
                 alt.Tooltip("贡献:Q", title="贡献", format=".4f"),
                 alt.Tooltip("T:Q", title="泰尔指数 T（合计）", format=".4f"),
                 alt.Tooltip("组间占比:Q", title="组间占比（%）", format=".1f")],
    ).properties(width=330, height=260)
    lab_scale = alt.Scale(domain=[scheme_label(s) for s in schemes_shown],
                          range=["#1f5fa8", "#5a9e4b", "#c44e52", "#8e5ea2", "#d9822b"][:len(schemes_shown)])
    share = base.transform_filter(alt.datum["口径"] == vin).mark_line(point=True).encode(
        x=x,
        y=alt.Y("组间占比:Q", title="组间差距占泰尔指数的比重（%）"),
        color=alt.Color("分组方式:N", scale=lab_scale, title="分组方式"),
        tooltip=[alt.Tooltip("分组方式:N"), alt.Tooltip("year:O", title="年份"),
                 alt.Tooltip("组间占比:Q", title="组间占比（%）", format=".1f")],
    ).properties(width=260, height=260)
    chart = alt.hconcat(bars, share).add_params(sch, vin).resolve_scale(color="independent")
    return source_note(chart, source, title)
