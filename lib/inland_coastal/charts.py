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


def _book_renderer(spec: dict, **kwargs) -> dict:
    """HTML that draws the chart with the site's own vegaEmbed (loaded in <head>)."""
    payload = json.dumps(spec, separators=(",", ":"), ensure_ascii=False, sort_keys=True)
    _counter["n"] += 1
    digest = hashlib.sha1(payload.encode()).hexdigest()[:10]
    div = f"vl-{digest}-{_counter['n']}"
    html = (f'<div id="{div}" class="ic-chart vega-embed-container"></div>'
            f"<script>(function(){{var spec={payload};var opt={json.dumps(EMBED_OPTIONS)};"
            f"function draw(){{if(window.vegaEmbed){{window.vegaEmbed('#{div}',spec,opt)"
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
        y=alt.Y("value:Q", title=f"{value_title}（{unit}）", stack=True, axis=alt.Axis(format="~s")),
        color=color,
        opacity=alt.condition(sel, alt.value(1), alt.value(0.25)),
        stroke=alt.condition(hover, alt.value("#222"), alt.value(None)),
        tooltip=tooltip,
    ).add_params(sel, hover).properties(width=340, height=260)
    pct = alt.Chart(long).mark_line(point=True).encode(
        x=alt.X("year:O", title="年份", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("pct:Q", title=pct_title, scale=alt.Scale(zero=False)),
        color=color,
        opacity=alt.condition(sel, alt.value(1), alt.value(0.2)),
        tooltip=tooltip,
    ).properties(width=240, height=260)
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
        x=alt.X(f"{value}:Q", title=value_title, axis=alt.Axis(format=value_format.replace(",.0f", "~s"))),
        color=alt.Color("地区:N", scale=scheme_scale(scheme), title="地区"),
        tooltip=[alt.Tooltip("province:N", title="省份"), alt.Tooltip("地区:N"),
                 alt.Tooltip("year:O", title="年份"), alt.Tooltip(f"{value}:Q", title=value_title,
                                                                 format=value_format)],
    ).add_params(year).transform_filter(alt.datum.year == year).properties(width=WIDTH - 120, height=520)
    return source_note(chart, source, title)
