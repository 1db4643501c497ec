"""The book's charts: one Altair theme, Chinese labels, units on axes, tooltips, a source
note under every chart, and interactivity that works on the static page (Vega-Lite
params and selections).

In the built book (``INLAND_COASTAL_RENDERER=book``, set by ``tools/build.py``) charts are
emitted as a small HTML snippet that calls ``vegaEmbed`` from the scripts the site ships in
``_static/vendor`` (no CDN). In JupyterLab the default Altair renderer is kept.
"""
from __future__ import annotations

import hashlib
import json
import math
import os

import altair as alt
import pandas as pd

from .groupings import colors, groups, labels

FONT = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
SOURCE_NBS = "资料来源：国家统计局分省年度数据；作者计算。"
SOURCE_PAPER = "资料来源：吴碧波论文表1—表8（根据国家统计局数据整理）。"
WIDTH = 620
HEIGHT = 300


@alt.theme.register("inland_coastal", enable=True)
def theme() -> alt.theme.ThemeConfig:
    """One look across the book."""
    return {
        "config": {
            "font": FONT,
            "view": {"continuousWidth": WIDTH, "continuousHeight": HEIGHT, "stroke": None},
            "title": {"font": FONT, "fontSize": 15, "fontWeight": "bold", "anchor": "start", "color": "#222"},
            "axis": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 11, "titleFontSize": 12,
                     "titleFontWeight": "normal", "gridColor": "#e6e6e6", "domainColor": "#888",
                     "tickColor": "#888", "labelColor": "#333", "titleColor": "#333"},
            "legend": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 11, "titleFontSize": 12,
                       "orient": "top", "titleOrient": "left"},
            "header": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 12},
            "range": {"category": ["#1f5fa8", "#d9822b", "#5a9e4b", "#8e5ea2", "#c44e52", "#4c72b0",
                                   "#8c8c8c", "#b5a33a"]},
            "line": {"strokeWidth": 2.2},
            "point": {"size": 40, "filled": True},
            "text": {"font": FONT},
        }
    }


# ---------------------------------------------------------------- rendering in the book
_counter = {"n": 0}
EMBED_OPTIONS = {"renderer": "svg", "actions": {"export": True, "source": False, "compiled": False,
                                                 "editor": False}}


def _nan_to_none(node):
    """NaN/inf -> None, so the spec is strict JSON (null) wherever it is read."""
    if isinstance(node, float) and not math.isfinite(node):
        return None
    if isinstance(node, dict):
        return {k: _nan_to_none(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_nan_to_none(v) for v in node]
    return node


def spec_json(spec: dict) -> str:
    """The spec as compact strict JSON, safe to place inside a <script> element."""
    text = json.dumps(_nan_to_none(spec), separators=(",", ":"), ensure_ascii=False, sort_keys=True,
                      allow_nan=False)
    return text.replace("</", "<\\/")


def _book_renderer(spec: dict, **kwargs) -> dict:
    """HTML that draws the chart with the site's own vegaEmbed (loaded in <head>)."""
    payload = spec_json(spec)
    _counter["n"] += 1
    digest = hashlib.sha1(payload.encode()).hexdigest()[:10]
    div = f"vl-{digest}-{_counter['n']}"
    html = (f'<div id="{div}" class="ic-chart vega-embed-container"></div>'
            f"<script>(function(){{var spec={payload};var opt={json.dumps(EMBED_OPTIONS)};"
            f"function draw(){{if(window.vegaEmbed){{window.vegaEmbed('#{div}',spec,opt)"
            f".then(function(){{document.getElementById('{div}').setAttribute('data-drawn-ms',"
            f"Math.round(performance.now()));}})"
            f".catch(function(e){{console.error(e);}});}}else{{setTimeout(draw,30);}}}}draw();}})();</script>")
    return {"text/html": html}


alt.renderers.register("book", _book_renderer)
if os.environ.get("INLAND_COASTAL_RENDERER") == "book":
    alt.renderers.enable("book")
alt.data_transformers.disable_max_rows()


# ---------------------------------------------------------------- helpers
def source_note(chart, text: str = SOURCE_NBS, title: str | None = None):
    """Put the source note under a chart (and an optional title above it)."""
    if title:
        chart = chart.properties(title=alt.TitleParams(title, anchor="start"))
    return alt.vconcat(chart, title=alt.TitleParams(text, orient="bottom", anchor="start", fontSize=10,
                                                    fontWeight="normal", color="#666"))


def scheme_scale(scheme: str) -> alt.Scale:
    """Colour scale for a scheme's groups (labels as domain, colours from data/groups.csv)."""
    lab, col = labels(scheme), colors(scheme)
    return alt.Scale(domain=[lab[g] for g in groups(scheme)], range=[col[g] for g in groups(scheme)])


def long_by_group(t: pd.DataFrame, scheme: str, value_name: str = "value", pct_suffix: str | None = "_pct"):
    """A table with columns year, <group>... [, <group>_pct...] as long rows:
    year, group, 地区 (label), value [, pct]."""
    lab = labels(scheme)
    rows = []
    for g in groups(scheme):
        part = pd.DataFrame({"year": t["year"], "group": g, "地区": lab[g], value_name: t[g]})
        if pct_suffix and f"{g}{pct_suffix}" in t:
            part["pct"] = t[f"{g}{pct_suffix}"]
        rows.append(part)
    return pd.concat(rows, ignore_index=True)


def group_lines(long: pd.DataFrame, y: str, y_title: str, scheme: str, *, source: str = SOURCE_NBS,
                title: str | None = None, y_format: str = ",.1f", zero: bool = False,
                extra_tooltip: list | None = None):
    """Lines by group over years; click the legend to highlight a group; hover for values."""
    sel = alt.selection_point(fields=["地区"], bind="legend", name="pick")
    hover = alt.selection_point(fields=["year"], on="pointerover", nearest=True, empty=False, name="hover")
    base = alt.Chart(long).encode(
        x=alt.X("year:O", title="年份", axis=alt.Axis(labelAngle=0)),
        y=alt.Y(f"{y}:Q", title=y_title, scale=alt.Scale(zero=zero), axis=alt.Axis(format=y_format)),
        color=alt.Color("地区:N", scale=scheme_scale(scheme), title="地区"),
    )
    tooltip = [alt.Tooltip("地区:N"), alt.Tooltip("year:O", title="年份"),
               alt.Tooltip(f"{y}:Q", title=y_title, format=y_format), *(extra_tooltip or [])]
    lines = base.mark_line().encode(opacity=alt.condition(sel, alt.value(1), alt.value(0.15)))
    points = base.mark_point().encode(
        opacity=alt.condition(sel, alt.value(1), alt.value(0.15)),
        size=alt.condition(hover, alt.value(90), alt.value(30)),
        tooltip=tooltip,
    ).add_params(hover)
    rule = alt.Chart(long).mark_rule(color="#bbb").encode(x="year:O").transform_filter(hover)
    chart = alt.layer(lines, points, rule).add_params(sel).properties(width=WIDTH, height=HEIGHT)
    return source_note(chart, source, title)


#: axis labels in Chinese number units: 1.2亿, 63万, 8,500 (instead of SI "M"/"G")
ZH_NUMBER_LABEL = ("abs(datum.value) >= 1e8 ? format(datum.value / 1e8, ',.3~f') + '亿' : "
                   "abs(datum.value) >= 1e4 ? format(datum.value / 1e4, ',.3~f') + '万' : "
                   "format(datum.value, ',.4~f')")


def zh_axis(**kwargs) -> alt.Axis:
    """An axis whose labels use 万 and 亿 for large numbers."""
    return alt.Axis(labelExpr=ZH_NUMBER_LABEL, **kwargs)


def table_chart(t: pd.DataFrame, unit: str, value_title: str, *, scheme: str = "coastal",
                pct_title: str = "占全国比重（%）", source: str = SOURCE_PAPER, title: str | None = None,
                value_format: str = ",.1f"):
    """A paper table as a chart: stacked bars of the group values per year (left) and the
    groups' shares or indices (right). Hover a year to link both panels; click the legend."""
    long = long_by_group(t, scheme)
    sel = alt.selection_point(fields=["地区"], bind="legend", name="grp")
    hover = alt.selection_point(fields=["year"], on="pointerover", name="yr", empty=False)
    color = alt.Color("地区:N", scale=scheme_scale(scheme), title="地区")
    tooltip = [alt.Tooltip("year:O", title="年份"), alt.Tooltip("地区:N"),
               alt.Tooltip("value:Q", title=f"{value_title}（{unit}）", format=value_format),
               alt.Tooltip("pct:Q", title=pct_title, format=".2f")]
    bars = alt.Chart(long).mark_bar().encode(
        x=alt.X("year:O", title="年份", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=f"{value_title}（{unit}）", stack=True, axis=zh_axis()),
        color=color,
        opacity=alt.condition(sel, alt.value(1), alt.value(0.25)),
        stroke=alt.condition(hover, alt.value("#222"), alt.value(None)),
        tooltip=tooltip,
    ).add_params(sel, hover).properties(width=300, height=250)
    pct = alt.Chart(long).mark_line(point=True).encode(
        x=alt.X("year:O", title="年份", axis=alt.Axis(labelAngle=-45, labelOverlap=True)),
        y=alt.Y("pct:Q", title=pct_title, scale=alt.Scale(zero=False)),
        color=color,
        opacity=alt.condition(sel, alt.value(1), alt.value(0.2)),
        tooltip=tooltip,
    ).properties(width=200, height=250)
    rule = alt.Chart(long).mark_rule(color="#999").encode(x="year:O").transform_filter(hover)
    chart = alt.hconcat(bars, alt.layer(pct, rule)).resolve_scale(color="shared")
    return source_note(chart, source, title)


def province_bars_by_year(df: pd.DataFrame, value: str, value_title: str, *, scheme: str = "coastal",
                          source: str = SOURCE_NBS, title: str | None = None, value_format: str = ",.0f",
                          year_init: int | None = None):
    """Provinces ranked by a value, one year at a time, chosen with a slider (works on the
    static page). ``df`` has columns year, province (short name), group (code), ``value``."""
    lab = labels(scheme)
    d = df.assign(地区=df["group"].map(lab))
    years = sorted(d["year"].unique())
    slider = alt.binding_range(min=int(years[0]), max=int(years[-1]), step=1, name="年份 ")
    year = alt.param(name="year", value=int(year_init or years[-1]), bind=slider)
    chart = alt.Chart(d).mark_bar().encode(
        y=alt.Y("province:N", sort="-x", title=None),
        x=alt.X(f"{value}:Q", title=value_title, axis=zh_axis()),
        color=alt.Color("地区:N", scale=scheme_scale(scheme), title="地区"),
        tooltip=[alt.Tooltip("province:N", title="省份"), alt.Tooltip("地区:N"),
                 alt.Tooltip("year:O", title="年份"), alt.Tooltip(f"{value}:Q", title=value_title,
                                                                 format=value_format)],
    ).add_params(year).transform_filter(alt.datum.year == year).properties(width=WIDTH - 120, height=520)
    return source_note(chart, source, title)


# ---------------------------------------------------------------- builders added for chapter "logic"
_DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3]]
_SHAPES = ["circle", "triangle-up", "square", "diamond"]


def vintage_table_chart(tables: dict, unit: str, value_title: str, *, scheme: str = "coastal",
                        pct_title: str = "占全国比重（%）", source: str = SOURCE_PAPER,
                        title: str | None = None, value_format: str = ",.1f", scale: float = 1.0):
    """A paper table set against province-panel series of other vintages.

    ``tables`` maps a source label (e.g. "论文表3", "国家统计局数据库（2025年版）") to a table
    with the columns of :func:`inland_coastal.indicators.table_from_paper` (year, national,
    groups, ``<group>_pct``); values are divided by ``scale`` (e.g. 1e5: 千美元 → 亿美元; say so
    in ``unit``). Left: group values by year (colour = group, dash and point shape = source);
    right: the shares or indices. Click either legend to highlight a group or a source;
    hover a year to see its values in both panels."""
    frames = []
    for src, t in tables.items():
        long = long_by_group(t, scheme)
        long["value"] = long["value"] / scale
        long["来源"] = src
        frames.append(long)
    d = pd.concat(frames, ignore_index=True)
    srcs = list(tables)
    sel_g = alt.selection_point(fields=["地区"], bind="legend", name="grp")
    sel_s = alt.selection_point(fields=["来源"], bind="legend", name="src")
    hover = alt.selection_point(fields=["year"], on="pointerover", nearest=True, empty=False, name="yr")
    color = alt.Color("地区:N", scale=scheme_scale(scheme), title="地区")
    dash = alt.StrokeDash("来源:N", scale=alt.Scale(domain=srcs, range=_DASHES[:len(srcs)]), title="来源",
                          legend=alt.Legend(orient="bottom", direction="vertical", symbolStrokeColor="#444"))
    shape = alt.Shape("来源:N", scale=alt.Scale(domain=srcs, range=_SHAPES[:len(srcs)]), legend=None)
    opacity = alt.condition(sel_g & sel_s, alt.value(1), alt.value(0.12))
    x = alt.X("year:Q", title="年份", axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(zero=False))
    tooltip = [alt.Tooltip("来源:N"), alt.Tooltip("地区:N"), alt.Tooltip("year:Q", title="年份", format="d"),
               alt.Tooltip("value:Q", title=f"{value_title}（{unit}）", format=value_format),
               alt.Tooltip("pct:Q", title=pct_title, format=".2f")]

    def panel(field, y_title, fmt, width):
        axis = zh_axis() if fmt == "zh" else alt.Axis(format=fmt)
        base = alt.Chart(d).encode(x=x, y=alt.Y(f"{field}:Q", title=y_title, scale=alt.Scale(zero=False),
                                                axis=axis), color=color)
        lines = base.mark_line(strokeWidth=1.8).encode(strokeDash=dash, opacity=opacity)
        pts = base.mark_point(filled=True).encode(shape=shape, opacity=opacity, tooltip=tooltip,
                                                  size=alt.condition(hover, alt.value(90), alt.value(28)))
        rule = alt.Chart(d).mark_rule(color="#bbb").encode(x="year:Q").transform_filter(hover)
        return alt.layer(lines, pts, rule).properties(width=width, height=260)

    left = panel("value", f"{value_title}（{unit}）", "zh", 300).add_params(sel_g, sel_s, hover)
    right = panel("pct", pct_title, ".1f", 220)
    chart = alt.hconcat(left, right).resolve_scale(color="shared", strokeDash="shared", shape="shared")
    return source_note(chart, source, title)


def category_lines(df: pd.DataFrame, y: str, y_title: str, category: str, *, x: str = "year",
                   x_title: str = "年份", source: str = SOURCE_NBS, title: str | None = None,
                   y_format: str = ".2f", domain: list | None = None, range_: list | None = None,
                   extra_tooltip: list | None = None, zero: bool = False):
    """Lines of ``y`` over ``x`` (years), one per value of the ``category`` column (e.g. a data
    vintage or a grouping scheme). Click the legend to highlight a line; hover for values."""
    sel = alt.selection_point(fields=[category], bind="legend", name="pick")
    hover = alt.selection_point(fields=[x], on="pointerover", nearest=True, empty=False, name="hover")
    scale = alt.Scale(domain=domain, range=range_) if domain else alt.Undefined
    base = alt.Chart(df).encode(
        x=alt.X(f"{x}:Q", title=x_title, axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(zero=False)),
        y=alt.Y(f"{y}:Q", title=y_title, scale=alt.Scale(zero=zero), axis=alt.Axis(format=y_format)),
        color=alt.Color(f"{category}:N", title=category, scale=scale,
                        legend=alt.Legend(orient="bottom", direction="vertical")),
    )
    tooltip = [alt.Tooltip(f"{category}:N"), alt.Tooltip(f"{x}:Q", title=x_title, format="d"),
               alt.Tooltip(f"{y}:Q", title=y_title, format=y_format), *(extra_tooltip or [])]
    lines = base.mark_line().encode(opacity=alt.condition(sel, alt.value(1), alt.value(0.15)))
    pts = base.mark_point().encode(opacity=alt.condition(sel, alt.value(1), alt.value(0.15)),
                                   size=alt.condition(hover, alt.value(90), alt.value(28)),
                                   tooltip=tooltip).add_params(hover)
    rule = alt.Chart(df).mark_rule(color="#bbb").encode(x=f"{x}:Q").transform_filter(hover)
    chart = alt.layer(lines, pts, rule).add_params(sel).properties(width=WIDTH, height=HEIGHT)
    return source_note(chart, source, title)


def decomposition_chart(df: pd.DataFrame, *, source: str = SOURCE_NBS, title: str | None = None,
                        y_title: str = "泰尔指数 T", share_title: str = "组间差距占总差距（%）",
                        select_name: str = "分组方式 "):
    """A between/within split of an inequality index by year, one grouping at a time.

    ``df`` columns: 分组方式 (grouping label), year, 成分 (component label, between first),
    value, share (the between part as % of the total, the same on both rows of a year).
    Left: stacked areas of the components; right: the between share. A dropdown picks the
    grouping; hover for values."""
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
    ).transform_filter(keep).properties(width=220, height=260)
    chart = alt.hconcat(alt.layer(area, pts), share)
    return source_note(chart, source, title)


def paired_bars_by_year(df: pd.DataFrame, category: str, left: str, left_title: str, right: str,
                        right_title: str, *, year: str = "year", log_left: bool = True,
                        left_format: str = ",.0f", right_format: str = ".1f",
                        extra_tooltip: list | None = None, color: str = "#d9822b",
                        source: str = SOURCE_NBS, title: str | None = None, year_init: int | None = None,
                        height: int = 400):
    """Two bar panels for the same items (e.g. inland provinces), ranked by ``left``, one year
    at a time chosen with a slider: ``left`` (log scale by default, drawn as lollipops) and
    ``right`` side by side, on axes fixed across years. Hover an item for the row's details."""
    years = sorted(df[year].unique())
    slider = alt.binding_range(min=int(years[0]), max=int(years[-1]), step=1, name="年份 ")
    yr = alt.param(name="yr", value=int(year_init or years[-1]), bind=slider)
    hover = alt.selection_point(fields=[category], on="pointerover", empty=False, name="hov")
    sort = alt.EncodingSortField(field=left, op="sum", order="descending")
    tooltip = [alt.Tooltip(f"{category}:N"), alt.Tooltip(f"{year}:O", title="年份"),
               alt.Tooltip(f"{left}:Q", title=left_title, format=left_format),
               alt.Tooltip(f"{right}:Q", title=right_title, format=right_format), *(extra_tooltip or [])]
    y = alt.Y(f"{category}:N", sort=sort, title=None)
    op = alt.condition(hover, alt.value(1), alt.value(0.75))
    stroke = alt.condition(hover, alt.value("#222"), alt.value(None))
    import numpy as np

    data, packed = packed_data(df, year)
    # Fixed axes, so that moving the slider compares years. On a log scale a bar has no zero to
    # start from, so the left panel is a lollipop from the lowest decade.
    if log_left:
        lo = 10 ** np.floor(np.log10(df[left].min()))
        hi = 10 ** np.ceil(np.log10(df[left].max()))
        decades = [float(10 ** k) for k in range(int(np.log10(lo)), int(np.log10(hi)) + 1)]
        xl = alt.X(f"{left}:Q", title=left_title, scale=alt.Scale(type="log", domain=[lo, hi]),
                   axis=alt.Axis(format="~s" if lo >= 1 else ",~r", values=decades))
        base = alt.Chart(data).transform_flatten(packed).encode(y=y, x=xl, opacity=op, tooltip=tooltip)
        lchart = alt.layer(base.mark_rule(color=color, strokeWidth=3).encode(x2=alt.datum(lo)),
                           base.mark_point(filled=True, size=70, color=color).encode(stroke=stroke))
    else:
        lchart = alt.Chart(data).transform_flatten(packed).mark_bar(color=color).encode(
            y=y, x=alt.X(f"{left}:Q", title=left_title, scale=alt.Scale(domain=[0, float(df[left].max())])),
            opacity=op, stroke=stroke, tooltip=tooltip)
    lchart = lchart.add_params(yr, hover).transform_filter(alt.datum[year] == yr).properties(
        width=300, height=height)
    rchart = alt.Chart(data).transform_flatten(packed).mark_bar(color="#1f5fa8").encode(
        y=alt.Y(f"{category}:N", sort=sort, title=None, axis=alt.Axis(labels=False, ticks=False)),
        x=alt.X(f"{right}:Q", title=right_title, scale=alt.Scale(domain=[0, float(df[right].max())])),
        opacity=op, stroke=stroke, tooltip=tooltip,
    ).transform_filter(alt.datum[year] == yr).properties(width=220, height=height)
    chart = alt.hconcat(lchart, rchart, spacing=6)
    return source_note(chart, source, title)


def log_scatter(df: pd.DataFrame, x: str, y: str, category: str, x_title: str, y_title: str, *,
                label: str | None = None, domain: list | None = None, range_: list | None = None,
                fit: bool = True, source: str = SOURCE_NBS, title: str | None = None,
                x_format: str = ",.0f", y_format: str = ",.1f"):
    """Scatter on log–log axes, coloured by ``category``, with a power-law fit per category
    (a straight line on these axes) when ``fit``. Click the legend to highlight a category;
    hover a point for its ``label`` and values."""
    sel = alt.selection_point(fields=[category], bind="legend", name="kind")
    scale = alt.Scale(domain=domain, range=range_) if domain else alt.Undefined
    color = alt.Color(f"{category}:N", title=category, scale=scale)
    lo, hi = float(df[x].min()), float(df[x].max())
    ticks = [m * 10.0 ** k for k in range(-6, 10) for m in (1, 2, 5) if lo <= m * 10.0 ** k <= hi]
    X = alt.X(f"{x}:Q", title=x_title, scale=alt.Scale(type="log", nice=False),
              axis=alt.Axis(format=",~r", values=ticks))
    Y = alt.Y(f"{y}:Q", title=y_title, scale=alt.Scale(type="log"), axis=alt.Axis(format=",~r"))
    tooltip = ([alt.Tooltip(f"{label}:N")] if label else []) + [
        alt.Tooltip(f"{category}:N"), alt.Tooltip(f"{x}:Q", title=x_title, format=x_format),
        alt.Tooltip(f"{y}:Q", title=y_title, format=y_format)]
    data, packed = packed_data(df, category)
    pts = alt.Chart(data).transform_flatten(packed).mark_circle(size=34).encode(
        x=X, y=Y, color=color, tooltip=tooltip,
        opacity=alt.condition(sel, alt.value(0.8), alt.value(0.08)),
    ).add_params(sel)
    layers = [pts]
    if fit:
        layers.append(alt.Chart(data).transform_flatten(packed).transform_regression(
            x, y, groupby=[category], method="pow").mark_line(
            strokeWidth=2).encode(x=X, y=Y, color=color,
                                  opacity=alt.condition(sel, alt.value(1), alt.value(0.1))))
    chart = alt.layer(*layers).properties(width=WIDTH - 40, height=340)
    return source_note(chart, source, title)


def matrix_heatmap(df: pd.DataFrame, row: str, col: str, value: str, value_title: str, *,
                   order: list | None = None, log: bool = True, extra_tooltip: list | None = None,
                   scheme_name: str = "oranges", source: str = SOURCE_NBS, title: str | None = None,
                   value_format: str = ",.1f", size: int = 440):
    """A square matrix (long form: one row per cell ``row``, ``col``, ``value``) as a heatmap,
    rows and columns in ``order``. Click a cell to highlight its row (double-click clears); hover for
    values."""
    pick = alt.selection_point(fields=[row], on="click", name="cell", clear="dblclick")
    sort = order if order is not None else "ascending"
    tooltip = [alt.Tooltip(f"{row}:N"), alt.Tooltip(f"{col}:N"),
               alt.Tooltip(f"{value}:Q", title=value_title, format=value_format), *(extra_tooltip or [])]
    data, packed = packed_data(df, row)
    chart = alt.Chart(data).transform_flatten(packed).mark_rect().encode(
        x=alt.X(f"{col}:N", sort=sort, title=None, axis=alt.Axis(labelAngle=-90, orient="top")),
        y=alt.Y(f"{row}:N", sort=sort, title=None),
        color=alt.Color(f"{value}:Q", title=value_title,
                        scale=alt.Scale(type="log" if log else "linear", scheme=scheme_name),
                        legend=alt.Legend(orient="right", titleOrient="top", gradientLength=220, format=",~r")),
        opacity=alt.condition(pick, alt.value(1), alt.value(0.35)),
        tooltip=tooltip,
    ).add_params(pick).properties(width=size, height=size)
    return source_note(chart, source, title)


# ---------------------------------------------------------------- builders added for chapters "background" and "mechanisms"
#: the three groupings in the order the dropdowns offer them
SCHEMES = ("coastal", "four_regions", "north_south")
NATIONAL_ZH = "全国"
NATIONAL_COLOR = "#555555"


def long_by_scheme(frames: dict, value_name: str = "value", national: bool = False) -> pd.DataFrame:
    """``{scheme: year-indexed DataFrame with one column per group [and 'national']}`` as long
    rows: scheme, 分组方式, group, 地区, year, ``value_name``. With ``national=True`` the
    'national' column is kept as group 'national' / 地区 '全国' in every scheme."""
    from .groupings import scheme_label

    rows = []
    for s, t in frames.items():
        lab = labels(s)
        codes = (["national"] if national else []) + groups(s)
        for g in codes:
            rows.append(pd.DataFrame({"scheme": s, "分组方式": scheme_label(s), "group": g,
                                      "地区": NATIONAL_ZH if g == "national" else lab[g],
                                      "year": t.index.astype(int), value_name: t[g].to_numpy()}))
    return pd.concat(rows, ignore_index=True)


def _js_list(values) -> str:
    return "[" + ",".join(json.dumps(v, ensure_ascii=False) for v in values) + "]"


def scheme_color_scale(schemes, param: str = "scheme", national: bool = False) -> alt.Scale:
    """A colour scale whose domain and colours follow a dropdown parameter holding a scheme
    code: the legend always lists the chosen scheme's groups in their own colours."""
    schemes = list(schemes)

    def doms(s):
        lab = labels(s)
        return [lab[g] for g in groups(s)] + ([NATIONAL_ZH] if national else [])

    def cols(s):
        col = colors(s)
        return [col[g] for g in groups(s)] + ([NATIONAL_COLOR] if national else [])

    def switch(values: dict) -> str:
        expr = values[schemes[-1]]
        for s in reversed(schemes[:-1]):
            expr = f"{param}=={json.dumps(s)} ? {values[s]} : {expr}"
        return expr

    if len(schemes) == 1:
        return alt.Scale(domain=doms(schemes[0]), range=cols(schemes[0]))
    domain = alt.ExprRef(expr=switch({s: _js_list(doms(s)) for s in schemes}))
    n = max(len(doms(s)) for s in schemes)
    rng = []
    for i in range(n):
        rng.append(alt.ExprRef(expr=switch({s: json.dumps((cols(s) + ["#999999"] * n)[i]) for s in schemes})))
    return alt.Scale(domain=domain, range=rng)


def _scheme_param(schemes, init: str | None = None, name: str = "scheme"):
    from .groupings import scheme_label

    schemes = list(schemes)
    return alt.param(name=name, value=init or schemes[0],
                     bind=alt.binding_select(options=schemes, labels=[scheme_label(s) for s in schemes],
                                             name="分组方式 "))


def scheme_lines(long: pd.DataFrame, y: str, y_title: str, *, schemes=None, init: str | None = None,
                 source: str = SOURCE_NBS, title: str | None = None, y_format: str = ",.1f",
                 zero: bool = False, national: bool = False, ref: float | None = None,
                 extra_tooltip: list | None = None, width: int = WIDTH, height: int = HEIGHT):
    """Lines by group over years with a dropdown that switches the grouping (coastal/inland,
    four regions, north/south). ``long`` comes from :func:`long_by_scheme`. Click the legend
    to highlight a group (double-click to clear), hover a year for values; ``ref`` draws a
    dashed reference line (e.g. 100 for an index); ``national=True`` keeps a grey 全国 line.
    Missing years (NaN) break the line instead of being bridged."""
    schemes = list(schemes or dict.fromkeys(long["scheme"]))
    d = long[long["scheme"].isin(schemes)]
    sel = alt.selection_point(fields=["地区"], bind="legend", name="pick")
    hover = alt.selection_point(fields=["year"], on="pointerover", nearest=True, empty=False, name="hover")
    color = alt.Color("地区:N", scale=scheme_color_scale(schemes, national=national), title="地区")
    base = alt.Chart(d).encode(
        x=alt.X("year:O", title="年份", axis=alt.Axis(labelAngle=0, labelOverlap=True)),
        y=alt.Y(f"{y}:Q", title=y_title, scale=alt.Scale(zero=zero), axis=alt.Axis(format=y_format)),
        color=color,
    )
    tooltip = [alt.Tooltip("分组方式:N"), alt.Tooltip("地区:N"), alt.Tooltip("year:O", title="年份"),
               alt.Tooltip(f"{y}:Q", title=y_title, format=y_format), *(extra_tooltip or [])]
    fade = alt.condition(sel, alt.value(1), alt.value(0.15))
    lines = base.mark_line().encode(opacity=fade)
    points = base.mark_point().encode(opacity=fade, tooltip=tooltip,
                                      size=alt.condition(hover, alt.value(90), alt.value(30))).add_params(hover)
    rule = alt.Chart(d).mark_rule(color="#bbb").encode(x="year:O").transform_filter(hover)
    layers = [lines, points, rule]
    if ref is not None:
        layers.append(alt.Chart(pd.DataFrame({"ref": [ref]})).mark_rule(color="#888", strokeDash=[4, 4])
                      .encode(y="ref:Q"))
    chart = alt.layer(*layers).add_params(sel).properties(width=width, height=height)
    if len(schemes) > 1:
        pick = _scheme_param(schemes, init)
        chart = chart.add_params(pick).transform_filter(alt.datum.scheme == pick)
    return source_note(chart, source, title)


def province_scatter_by_year(df: pd.DataFrame, x: str, y: str, x_title: str, y_title: str, *,
                             schemes=SCHEMES, source: str = SOURCE_NBS, title: str | None = None,
                             x_format: str = ",.0f", y_format: str = ",.0f", log: bool = False,
                             year_init: int | None = None, diagonal: bool = False,
                             width: int = WIDTH - 60, height: int = 380):
    """One point per province for a year chosen with a slider, coloured by the grouping chosen
    in a dropdown; province names as labels; hover for values. ``df`` columns: year, adcode,
    province (short name), ``x``, ``y``. ``log=True`` uses log axes; ``diagonal=True`` draws
    y = x (useful when both axes are indices with national = 100)."""
    from .groupings import regions

    schemes = list(schemes)
    reg = regions()
    d = df.copy()
    for s in schemes:
        lab = labels(s)
        d[f"g_{s}"] = d["adcode"].map(reg[s]).map(lab)
    years = sorted(d["year"].unique())
    year = alt.param(name="year", value=int(year_init or years[-1]),
                     bind=alt.binding_range(min=int(years[0]), max=int(years[-1]), step=1, name="年份 "))
    pick = _scheme_param(schemes)
    expr = f"datum.g_{schemes[-1]}"
    for s in reversed(schemes[:-1]):
        expr = f"scheme=={json.dumps(s)} ? datum.g_{s} : {expr}"
    def scale(col):
        lo, hi = float(d[col].min()), float(d[col].max())
        if log:
            return alt.Scale(type="log", domain=[lo / 1.15, hi * 1.15], nice=False)
        pad = (hi - lo) * 0.06
        return alt.Scale(zero=False, domain=[lo - pad, hi + pad], nice=False)
    sel = alt.selection_point(fields=["地区"], bind="legend", name="pick")
    base = alt.Chart(d).transform_filter(alt.datum.year == year).transform_calculate(地区=expr).encode(
        x=alt.X(f"{x}:Q", title=x_title, scale=scale(x), axis=alt.Axis(format=x_format, tickCount=6)),
        y=alt.Y(f"{y}:Q", title=y_title, scale=scale(y), axis=alt.Axis(format=y_format, tickCount=6)),
    )
    tooltip = [alt.Tooltip("province:N", title="省份"), alt.Tooltip("地区:N"), alt.Tooltip("year:O", title="年份"),
               alt.Tooltip(f"{x}:Q", title=x_title, format=x_format),
               alt.Tooltip(f"{y}:Q", title=y_title, format=y_format)]
    fade = alt.condition(sel, alt.value(0.95), alt.value(0.12))
    pts = base.mark_circle(size=90).encode(
        color=alt.Color("地区:N", scale=scheme_color_scale(schemes), title="地区"),
        opacity=fade, tooltip=tooltip)
    text = base.mark_text(align="left", dx=6, dy=-4, fontSize=10, color="#444").encode(
        text="province:N", opacity=alt.condition(sel, alt.value(1), alt.value(0.1)))
    layers = [pts, text]
    if diagonal:
        lo = float(min(d[x].min(), d[y].min()))
        hi = float(max(d[x].max(), d[y].max()))
        layers.insert(0, alt.Chart(pd.DataFrame({x: [lo, hi], y: [lo, hi]})).mark_line(
            color="#aaa", strokeDash=[4, 4]).encode(x=f"{x}:Q", y=f"{y}:Q"))
    chart = alt.layer(*layers).add_params(year, pick, sel).properties(width=width, height=height)
    return source_note(chart, source, title)


def gap_bars_by_year(df: pd.DataFrame, *, value_title: str = "倍数（高÷低）", source: str = SOURCE_NBS,
                     title: str | None = None, value_format: str = ".2f", year_init: int | None = None,
                     ref: float = 1.0, width: int = WIDTH - 140):
    """Gaps between two groups on several per-capita measures, one year at a time (slider) and
    one pair of groups at a time (dropdown). ``df`` columns: year, 比较 (e.g. '沿海÷内陆'),
    指标 (measure), ratio. A dashed line marks ``ref`` (no gap); hover for values."""
    pairs = list(dict.fromkeys(df["比较"]))
    measures = list(dict.fromkeys(df["指标"]))
    years = sorted(df["year"].unique())
    year = alt.param(name="year", value=int(year_init or years[-1]),
                     bind=alt.binding_range(min=int(years[0]), max=int(years[-1]), step=1, name="年份 "))
    pair = alt.param(name="pair", value=pairs[0], bind=alt.binding_select(options=pairs, name="比较 "))
    tooltip = [alt.Tooltip("比较:N"), alt.Tooltip("指标:N"), alt.Tooltip("year:O", title="年份"),
               alt.Tooltip("ratio:Q", title=value_title, format=value_format)]
    base = alt.Chart(df).transform_filter((alt.datum.year == year) & (alt.datum["比较"] == pair))
    bars = base.mark_bar(height=26).encode(
        y=alt.Y("指标:N", sort=measures, title=None),
        x=alt.X("ratio:Q", title=value_title, scale=alt.Scale(domain=[0, float(df["ratio"].max()) * 1.08])),
        color=alt.Color("指标:N", sort=measures, legend=None,
                        scale=alt.Scale(range=["#1f5fa8", "#d9822b", "#5a9e4b", "#8e5ea2", "#c44e52"])),
        tooltip=tooltip)
    labels_ = base.mark_text(align="left", dx=4, fontSize=11).encode(
        y=alt.Y("指标:N", sort=measures), x="ratio:Q", text=alt.Text("ratio:Q", format=value_format))
    rule = alt.Chart(pd.DataFrame({"ref": [ref]})).mark_rule(color="#888", strokeDash=[4, 4]).encode(x="ref:Q")
    chart = alt.layer(bars, labels_, rule).add_params(year, pair).properties(
        width=width, height=max(120, 46 * len(measures)))
    return source_note(chart, source, title)


# ---------------------------------------------------------------- pathways chapter (convergence, scenario)
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


_INDICATOR_COLORS = ["#1f5fa8", "#d9822b", "#5a9e4b", "#8e5ea2", "#c44e52", "#17a2b8", "#8c8c8c", "#b5a33a"]


def share_indicator_lines(df: pd.DataFrame, *, source: str = SOURCE_NBS, title: str | None = None,
                          y_title: str = "内陆地区占全国比重（%）"):
    """Several indicators' group shares over years on one axis (e.g. the inland share of GDP,
    population, trade, fiscal revenue). ``df`` columns: 指标 (label), series (a key that
    breaks the line where the source vintage changes), 口径 (vintage label), year, share.
    Click the legend to highlight an indicator; hover for values."""
    inds = list(dict.fromkeys(df["指标"]))
    sel = alt.selection_point(fields=["指标"], bind="legend", name="ind")
    hover = alt.selection_point(fields=["year"], on="pointerover", nearest=True, empty=False, name="hover")
    base = alt.Chart(df).encode(
        x=alt.X("year:Q", title="年份", axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(zero=False)),
        y=alt.Y("share:Q", title=y_title, scale=alt.Scale(zero=False), axis=alt.Axis(format=".0f")),
        color=alt.Color("指标:N", title="指标", scale=alt.Scale(domain=inds, range=_INDICATOR_COLORS[:len(inds)]),
                        legend=alt.Legend(orient="bottom", direction="horizontal", columns=2, labelLimit=0)),
    )
    opacity = alt.condition(sel, alt.value(1), alt.value(0.12))
    lines = base.mark_line().encode(detail="series:N", opacity=opacity)
    pts = base.mark_point().encode(
        opacity=opacity, size=alt.condition(hover, alt.value(90), alt.value(24)),
        tooltip=[alt.Tooltip("指标:N"), alt.Tooltip("口径:N"), alt.Tooltip("year:Q", title="年份", format="d"),
                 alt.Tooltip("share:Q", title=y_title, format=".2f")]).add_params(hover)
    rule = alt.Chart(df).mark_rule(color="#bbb").encode(x="year:Q").transform_filter(hover)
    chart = alt.layer(lines, pts, rule).add_params(sel).properties(width=WIDTH, height=HEIGHT + 20)
    return source_note(chart, source, title)


def scenario_sliders(base, history: pd.DataFrame, init: dict, *, target: int = 2035, last: int = 2060,
                     horizon: int = 2100, source: str = SOURCE_NBS, title: str | None = None):
    """The coastal/inland scenario with sliders, computed in the browser (no kernel).

    ``base`` is a :class:`inland_coastal.scenario.Base`; ``history`` has columns year,
    inland_share, inland_index, coastal_index (observed, same vintage); ``init`` maps gc, gi,
    nc, ni to the sliders' start values in % per year. The projection is the Vega
    expressions :data:`inland_coastal.scenario.VEGA` (the library's formulas), evaluated
    for base.year..last and shown up to the target-year slider; the text above gives the
    target-year values and the closing year (:data:`~inland_coastal.scenario.VEGA_CLOSING`)."""
    from .scenario import VEGA, VEGA_CLOSING, vega_params

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

# ---------------------------------------------------------------- builders added for chapter "dilemmas"
def theil_split_chart(t: pd.DataFrame, *, source: str = SOURCE_NBS, title: str | None = None,
                      init_scheme: str = "coastal", init_vintage: str | None = None):
    """Theil T of per-capita GDP split into between-group and within-group parts.

    ``t`` is the concatenation of :func:`inland_coastal.inequality.inequality_table` results
    with two added columns: scheme (code) and 口径 (vintage label). Left: stacked bars of the
    two parts for the scheme and vintage chosen in two dropdowns. Right: the between-group
    share of Theil T (%) for every scheme in the chosen vintage, side by side. Hover a bar or
    a point for the values."""
    from .groupings import scheme_label

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


def count_bars_by_group(df: pd.DataFrame, scheme: str, y_title: str, *, source: str = SOURCE_NBS,
                        title: str | None = None, detail_title: str = "省份"):
    """Stacked bars of a count per year by the scheme's groups (e.g. provinces whose
    population fell). ``df`` has columns year, group (code), n and detail (text shown in the
    tooltip, e.g. the provinces' names). Click the legend to highlight a group."""
    lab = labels(scheme)
    d = df.assign(地区=df["group"].map(lab))
    sel = alt.selection_point(fields=["地区"], bind="legend", name="cnt")
    chart = alt.Chart(d).mark_bar().encode(
        x=alt.X("year:O", title="年份", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("n:Q", title=y_title, stack=True, axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("地区:N", scale=scheme_scale(scheme), title="地区"),
        opacity=alt.condition(sel, alt.value(1), alt.value(0.2)),
        tooltip=[alt.Tooltip("year:O", title="年份"), alt.Tooltip("地区:N"), alt.Tooltip("n:Q", title=y_title),
                 alt.Tooltip("detail:N", title=detail_title)],
    ).add_params(sel).properties(width=WIDTH, height=260)
    return source_note(chart, source, title)


def heatmap_by_year(df: pd.DataFrame, x: str, y: str, value: str, value_title: str, *,
                    source: str = SOURCE_NBS, title: str | None = None, value_format: str = ".2f",
                    midpoint: float | None = 1.0, y_sort=None, x_sort=None, extra_tooltip: list | None = None,
                    row_group: str | None = None, scheme: str = "coastal"):
    """A heatmap (e.g. provinces × industries of location quotients) for one year at a time,
    chosen with a slider. ``df`` has columns year, ``x``, ``y`` and ``value``; with
    ``midpoint`` the diverging colour scale is centred there (1 for a location quotient).
    With ``row_group`` (a column holding each row's group label of ``scheme``, e.g. 地区) the
    row labels are drawn in the group colours."""
    years = sorted(df["year"].unique())
    slider = alt.binding_range(min=int(years[0]), max=int(years[-1]), step=1, name="年份 ")
    yr = alt.param(name="hyear", value=int(years[-1]), bind=slider)
    if midpoint is not None:
        scale = alt.Scale(scheme="redblue", reverse=True, domainMid=midpoint)
        lo, hi = float(df[value].min()), float(df[value].max())
        dark = (alt.datum[value] > midpoint + 0.6 * (hi - midpoint)) | \
            (alt.datum[value] < midpoint - 0.6 * (midpoint - lo))
    else:
        scale = alt.Scale(scheme="blues")
        dark = alt.datum[value] > float(df[value].quantile(0.8))
    label_color = alt.Undefined
    if row_group:
        lab, col = labels(scheme), colors(scheme)
        expr = json.dumps("#333")
        for g in reversed(groups(scheme)):
            members = sorted(df.loc[df[row_group] == lab[g], y].unique().tolist())
            expr = f"indexof({_js_list(members)}, datum.label) >= 0 ? {json.dumps(col[g])} : {expr}"
        label_color = alt.ExprRef(expr=expr)
    base = alt.Chart(df).transform_filter(alt.datum.year == yr).encode(
        x=alt.X(f"{x}:N", title=None, sort=x_sort, axis=alt.Axis(labelAngle=0, orient="top")),
        y=alt.Y(f"{y}:N", title=None, sort=y_sort, axis=alt.Axis(labelColor=label_color, labelFontWeight="bold")
                if row_group else alt.Axis()),
    )
    rect = base.mark_rect().encode(
        color=alt.Color(f"{value}:Q", scale=scale, title=value_title),
        tooltip=[alt.Tooltip(f"{y}:N"), alt.Tooltip(f"{x}:N"), alt.Tooltip("year:O", title="年份"),
                 alt.Tooltip(f"{value}:Q", title=value_title, format=value_format), *(extra_tooltip or [])])
    text = base.mark_text(fontSize=10).encode(text=alt.Text(f"{value}:Q", format=value_format),
                                              color=alt.condition(dark, alt.value("white"), alt.value("#222")))
    chart = alt.layer(rect, text).add_params(yr).properties(width=300, height=alt.Step(16))
    return source_note(chart, source, title)


def packed_data(df: pd.DataFrame, by: str):
    """Inline a long table compactly: one record per value of ``by`` whose other columns are
    lists (whole-number floats written as integers). Returns ``(alt.Data, fields)``; a chart
    unpacks it with ``.transform_flatten(fields)`` as its first transform. For tables of
    hundreds of rows this roughly halves the page weight of the inline data."""
    def plain(v):
        if isinstance(v, (float, int)) or hasattr(v, "item"):
            v = v.item() if hasattr(v, "item") else v
            if isinstance(v, float):
                if v != v:
                    return None
                if v.is_integer():
                    return int(v)
        return v

    cols = [c for c in df.columns if c != by]
    records = []
    for key, g in df.groupby(by, sort=False):
        rec = {by: plain(key)}
        for c in cols:
            rec[c] = [plain(v) for v in g[c].tolist()]
        records.append(rec)
    return alt.Data(values=records), cols
