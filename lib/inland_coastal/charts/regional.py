"""Regional comparisons over the years: groups of a scheme (coastal/inland, four regions,
north/south), the paper's tables, vintages side by side, switching schemes on the static page.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from ..groupings import colors as group_colors, labels
from ..indicators import table_spec
from ..style import (DASHES, HEIGHT, INDICATOR_COLORS, NATIONAL_COLOR, NATIONAL_ZH, SHAPES, SOURCE_NBS,
                     SOURCE_PAPER, WIDTH)
from .theme import event_rules, long_by_group, scheme_color_scale, scheme_param, scheme_scale, source_note, zh_axis
from .theme import packed_series


def group_lines(long: pd.DataFrame, y: str, y_title: str, scheme: str, *, source: str = SOURCE_NBS,
                title: str | None = None, y_format: str = ",.1f", zero: bool = False,
                extra_tooltip: list | None = None, events: pd.DataFrame | None = None):
    """Lines by group over years; click the legend to highlight a group; hover for values.

    ``events`` (``loading.timeline_events(...)``) adds dashed rules at policy milestones and
    shocks, with the event and its source in the tooltip (:func:`.theme.event_rules`)."""
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
    marks = [lines, points, rule]
    ev = event_rules(events, long["year"]) if events is not None else None
    if ev is not None:
        marks.insert(0, ev)
    chart = alt.layer(*marks).add_params(sel).properties(width=WIDTH, height=HEIGHT)
    return source_note(chart, source, title)


#: axis labels in Chinese number units: 1.2亿, 63万, 8,500 (instead of SI "M"/"G")
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
    dash = alt.StrokeDash("来源:N", scale=alt.Scale(domain=srcs, range=DASHES[:len(srcs)]), title="来源",
                          legend=alt.Legend(orient="bottom", direction="vertical", symbolStrokeColor="#444"))
    shape = alt.Shape("来源:N", scale=alt.Scale(domain=srcs, range=SHAPES[:len(srcs)]), legend=None)
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
                   extra_tooltip: list | None = None, zero: bool = False, events: pd.DataFrame | None = None,
                   label_limit: int | None = None):
    """Lines of ``y`` over ``x`` (years), one per value of the ``category`` column (e.g. a data
    vintage or a grouping scheme). Click the legend to highlight a line; hover for values.
    ``events`` adds the timeline's dashed rules (:func:`.theme.event_rules`); ``label_limit``
    (px; 0 = none) widens the legend's labels beyond Vega-Lite's default for long names."""
    sel = alt.selection_point(fields=[category], bind="legend", name="pick")
    hover = alt.selection_point(fields=[x], on="pointerover", nearest=True, empty=False, name="hover")
    scale = alt.Scale(domain=domain, range=range_) if domain else alt.Undefined
    base = alt.Chart(df).encode(
        x=alt.X(f"{x}:Q", title=x_title, axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(zero=False)),
        y=alt.Y(f"{y}:Q", title=y_title, scale=alt.Scale(zero=zero), axis=alt.Axis(format=y_format)),
        color=alt.Color(f"{category}:N", title=category, scale=scale,
                        legend=alt.Legend(orient="bottom", direction="vertical",
                                          **({} if label_limit is None else {"labelLimit": label_limit}))),
    )
    tooltip = [alt.Tooltip(f"{category}:N"), alt.Tooltip(f"{x}:Q", title=x_title, format="d"),
               alt.Tooltip(f"{y}:Q", title=y_title, format=y_format), *(extra_tooltip or [])]
    lines = base.mark_line().encode(opacity=alt.condition(sel, alt.value(1), alt.value(0.15)))
    pts = base.mark_point().encode(opacity=alt.condition(sel, alt.value(1), alt.value(0.15)),
                                   size=alt.condition(hover, alt.value(90), alt.value(28)),
                                   tooltip=tooltip).add_params(hover)
    rule = alt.Chart(df).mark_rule(color="#bbb").encode(x=f"{x}:Q").transform_filter(hover)
    marks = [lines, pts, rule]
    ev = event_rules(events, df[x], x=x, x_type="Q") if events is not None else None
    if ev is not None:
        marks.insert(0, ev)
    chart = alt.layer(*marks).add_params(sel).properties(width=WIDTH, height=HEIGHT)
    return source_note(chart, source, title)


def scheme_lines(long: pd.DataFrame, y: str, y_title: str, *, schemes=None, init: str | None = None,
                 source: str = SOURCE_NBS, title: str | None = None, y_format: str = ",.1f",
                 zero: bool = False, national: bool = False, ref: float | None = None,
                 extra_tooltip: list | None = None, width: int = WIDTH, height: int = HEIGHT,
                 events: pd.DataFrame | None = None):
    """Lines by group over years with a dropdown that switches the grouping (coastal/inland,
    four regions, north/south). ``long`` comes from :func:`long_by_scheme`. Click the legend
    to highlight a group (double-click to clear), hover a year for values; ``ref`` draws a
    dashed reference line (e.g. 100 for an index); ``national=True`` keeps a grey 全国 line.
    Missing years (NaN) break the line instead of being bridged. ``events``
    (``loading.timeline_events(...)``) adds the timeline's dashed rules (:func:`.theme.event_rules`);
    default none, as before."""
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
    ev = event_rules(events, d["year"]) if events is not None else None
    if ev is None:
        chart = alt.layer(*layers).add_params(sel).properties(width=width, height=height)
        if len(schemes) > 1:
            pick = scheme_param(schemes, init)
            chart = chart.add_params(pick).transform_filter(alt.datum.scheme == pick)
        return source_note(chart, source, title)
    # with the events' own data in the layer, the scheme filter goes on each layer of the groups' data
    # (a filter on the layer would not reach children that carry their own data)
    if len(schemes) > 1:
        pick = scheme_param(schemes, init)
        layers = [lyr.transform_filter(alt.datum.scheme == pick) for lyr in (lines, points, rule)] + layers[3:]
    chart = alt.layer(ev, *layers).add_params(sel).properties(width=width, height=height)
    if len(schemes) > 1:
        chart = chart.add_params(pick)
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


def share_indicator_lines(df: pd.DataFrame, *, source: str = SOURCE_NBS, title: str | None = None,
                          y_title: str = "内陆地区占全国比重（%）", events: pd.DataFrame | None = None):
    """Several indicators' group shares over years on one axis (e.g. the inland share of GDP,
    population, trade, fiscal revenue). ``df`` columns: 指标 (label), series (a key that
    breaks the line where the source vintage changes), 口径 (vintage label), year, share.
    Click the legend to highlight an indicator; hover for values. ``events``
    (``loading.timeline_events(...)``) adds the timeline's dashed rules (:func:`.theme.event_rules`).
    Only those five columns are drawn (other columns of ``df`` are left out of the spec), the
    shares rounded to 4 decimals."""
    df = df[["指标", "series", "口径", "year", "share"]].assign(share=lambda d: d["share"].round(4))
    inds = list(dict.fromkeys(df["指标"]))
    sel = alt.selection_point(fields=["指标"], bind="legend", name="ind")
    hover = alt.selection_point(fields=["year"], on="pointerover", nearest=True, empty=False, name="hover")
    base = alt.Chart(df).encode(
        x=alt.X("year:Q", title="年份", axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(zero=False)),
        y=alt.Y("share:Q", title=y_title, scale=alt.Scale(zero=False), axis=alt.Axis(format=".0f")),
        color=alt.Color("指标:N", title="指标", scale=alt.Scale(domain=inds, range=INDICATOR_COLORS[:len(inds)]),
                        legend=alt.Legend(orient="bottom", direction="horizontal", columns=2, labelLimit=0)),
    )
    opacity = alt.condition(sel, alt.value(1), alt.value(0.12))
    lines = base.mark_line().encode(detail="series:N", opacity=opacity)
    pts = base.mark_point().encode(
        opacity=opacity, size=alt.condition(hover, alt.value(90), alt.value(24)),
        tooltip=[alt.Tooltip("指标:N"), alt.Tooltip("口径:N"), alt.Tooltip("year:Q", title="年份", format="d"),
                 alt.Tooltip("share:Q", title=y_title, format=".2f")]).add_params(hover)
    rule = alt.Chart(df).mark_rule(color="#bbb").encode(x="year:Q").transform_filter(hover)
    marks = [lines, pts, rule]
    ev = event_rules(events, df["year"], x_type="Q") if events is not None else None
    if ev is not None:
        marks.insert(0, ev)
    chart = alt.layer(*marks).add_params(sel).properties(width=WIDTH, height=HEIGHT + 20)
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


def reproduction_chart(r, source: str | None = None):
    """The printed table (solid) and its rebuild from the 31 provinces (dashed) in one chart
    (:func:`vintage_table_chart`): values on the left, percentages on the right.

    ``r`` is an :class:`inland_coastal.reproduction.Reproduction` (``reproduction.reproduce(n)``)."""
    spec = table_spec(r.n)
    pct_title = "占全国比重（%）" if spec.kind == "total" else "相对全国水平（全国=100）"
    scale, unit = (1e5, "亿美元") if spec.unit == "千美元" else (1.0, spec.unit)
    kw = {"source": source} if source else {}
    return vintage_table_chart({f"论文表{r.n}": r.paper, f"分省加总（{r.vintage}）": r.provinces}, unit,
                               spec.title_zh.replace("中国主要区域", ""), pct_title=pct_title,
                               value_format=f",.{spec.decimals if scale == 1 else 1}f", scale=scale, **kw)


def long_lines(frames: dict, color: str = "地区", dash: str = "口径", value_name: str = "value") -> pd.DataFrame:
    """``{dash label: year-indexed DataFrame}`` as long rows for :func:`dashed_lines`: year, ``color``
    (the frame's column names), ``dash`` (the frame's label) and ``value_name``."""
    rows = []
    for label, t in frames.items():
        for c in t.columns:
            rows.append(pd.DataFrame({"year": t.index.astype(int), color: c, dash: label,
                                      value_name: t[c].to_numpy()}))
    return pd.concat(rows, ignore_index=True)


def nbs_source(*parts: str) -> str:
    """A source note for NBS province data: ``资料来源：国家统计局分省年度数据`` followed by the
    series, tables, vintages and years given (joined with ；), then ``；作者计算。``"""
    return "资料来源：国家统计局分省年度数据" + "；".join(parts) + "；作者计算。"


def long_by_measure(frames: dict, scheme: str = "coastal", value_name: str = "value", national: bool = False,
                    extra: dict | None = None) -> pd.DataFrame:
    """``{measure label: year-indexed DataFrame with one column per group [and 'national']}`` as long
    rows for :func:`dashed_lines`: 口径 (the measure or vintage label), group, 地区 (the group's
    label), year, ``value_name``. ``extra`` maps a column of the frames that is not a group (e.g.
    'inland-ex') to its label (e.g. '内陆地区（不含北京）')."""
    lab = dict(labels(scheme))
    lab["national"] = NATIONAL_ZH
    lab.update(extra or {})
    rows = []
    for measure, t in frames.items():
        cols = [c for c in t.columns if c in lab and (national or c != "national")]
        for g in cols:
            rows.append(pd.DataFrame({"口径": measure, "group": g, "地区": lab[g], "year": t.index.astype(int),
                                      value_name: t[g].to_numpy()}))
    return pd.concat(rows, ignore_index=True)


def dashed_lines(df: pd.DataFrame, y: str, y_title: str, *, color: str = "地区", dash: str = "口径",
                 scheme: str | None = None, colors: dict | None = None, dash_order: list | None = None,
                 source: str = SOURCE_NBS,
                 title: str | None = None, y_format: str = ".1f", zero: bool = False, ref: float | None = None,
                 events: pd.DataFrame | None = None, height: int = HEIGHT):
    """Lines over years coloured by one column (a group, a flow) and dashed by another (a measure
    or a vintage: nominal and real, dollars and yuan, two data vintages), so a series that changes
    measure or vintage shows it instead of being joined silently. Click either legend to highlight
    (double-click to clear); hover a year for the values; ``ref`` draws a dashed reference line;
    ``events`` (``loading.timeline_events(...)``) adds the timeline's rules (:func:`.theme.event_rules`).

    ``df`` columns: year, ``color``, ``dash`` and ``y``. Colours: with ``scheme`` its groups' labels
    take the scheme's colours (``data/groups.csv``) and 全国 the national grey; ``colors`` maps any
    value of ``color`` to a colour (over the scheme's); the rest take the theme's categorical range."""
    cats = list(dict.fromkeys(df[color]))
    dashes = dash_order or list(dict.fromkeys(df[dash]))
    known = {}
    if scheme is not None:
        lab, col = labels(scheme), group_colors(scheme)
        known = {lab[g]: col[g] for g in lab}
        known[NATIONAL_ZH] = NATIONAL_COLOR
    known.update(colors or {})
    spare = iter([c for c in INDICATOR_COLORS if c not in known.values()] + INDICATOR_COLORS)
    col_range = [known[c] if c in known else next(spare) for c in cats]
    sel_c = alt.selection_point(fields=[color], bind="legend", name="pick_c")
    sel_d = alt.selection_point(fields=[dash], bind="legend", name="pick_d")
    hover = alt.selection_point(fields=["year"], on="pointerover", nearest=True, empty=False, name="hover")
    fade = alt.condition(sel_c & sel_d, alt.value(1), alt.value(0.12))
    base = alt.Chart(df).encode(
        x=alt.X("year:Q", title="年份", axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(zero=False)),
        y=alt.Y(f"{y}:Q", title=y_title, scale=alt.Scale(zero=zero), axis=alt.Axis(format=y_format)),
        color=alt.Color(f"{color}:N", title=color, scale=alt.Scale(domain=cats, range=col_range)),
    )
    stroke = alt.StrokeDash(f"{dash}:N", title=dash, scale=alt.Scale(domain=dashes, range=DASHES[:len(dashes)]),
                            legend=alt.Legend(orient="bottom", direction="vertical", symbolStrokeColor="#444",
                                              labelLimit=0))
    shape = alt.Shape(f"{dash}:N", scale=alt.Scale(domain=dashes, range=SHAPES[:len(dashes)]), legend=None)
    tooltip = [alt.Tooltip(f"{color}:N"), alt.Tooltip(f"{dash}:N"), alt.Tooltip("year:Q", title="年份", format="d"),
               alt.Tooltip(f"{y}:Q", title=y_title, format=y_format)]
    lines = base.mark_line(strokeWidth=1.8).encode(strokeDash=stroke, opacity=fade)
    pts = base.mark_point(filled=True).encode(shape=shape, opacity=fade, tooltip=tooltip,
                                              size=alt.condition(hover, alt.value(80), alt.value(22)))
    rule = alt.Chart(df).mark_rule(color="#bbb").encode(x="year:Q").transform_filter(hover)
    layers = [lines, pts.add_params(hover), rule]
    if ref is not None:
        layers.append(alt.Chart(pd.DataFrame({"ref": [ref]})).mark_rule(color="#888", strokeDash=[4, 4])
                      .encode(y="ref:Q"))
    ev = event_rules(events, df["year"], x_type="Q") if events is not None else None
    if ev is not None:
        layers.insert(0, ev)
    chart = alt.layer(*layers).add_params(sel_c, sel_d).properties(width=WIDTH, height=height)
    return source_note(chart, source, title)


def paper_vintages_chart(n: int, tables: dict, source=None, title: str | None = None,
                         value_title: str | None = None):
    """The printed Table n (solid) against the same table summed from one or more vintages of the
    province panel (dashed, dotted), values on the left and percentages on the right
    (:func:`vintage_table_chart`), with the table's own unit, precision and percentage title.

    ``tables`` is :func:`inland_coastal.reproduction.vintage_tables` (label -> table, the printed
    one first); trade in 千美元 is drawn in 亿美元. ``value_title`` replaces the table's title on the
    value axis (e.g. for Table 4, whose printed title 人均收入 misnames it); ``source`` may be a list
    of lines."""
    spec = table_spec(n)
    pct_title = "占全国比重（%）" if spec.kind == "total" else "相对全国水平（全国=100）"
    scale, unit = (1e5, "亿美元") if spec.unit == "千美元" else (1.0, spec.unit)
    kw = {"source": source} if source else {}
    return vintage_table_chart(tables, unit, value_title or spec.title_zh.replace("中国主要区域", ""),
                               pct_title=pct_title, value_format=f",.{spec.decimals if scale == 1 else 1}f",
                               scale=scale, title=title, **kw)


def pair_ratio_lines(df: pd.DataFrame, *, y_title: str = "高÷低（倍）", source: str = SOURCE_NBS,
                     title: str | None = None, events: pd.DataFrame | None = None, init: str | None = None,
                     y_format: str = ".2f"):
    """The gap between two groups on several yardsticks over the years, one pair of groups at a time.

    ``df`` columns: year, 比较 (pair, e.g. '沿海地区÷内陆地区'), 指标 (yardstick), 口径 (data vintage),
    series (a key that changes at a vintage join or definition break, where the line breaks), ratio
    (e.g. ``finance.gap_ratios`` with Chinese labels). A dropdown chooses the pair; click the legend
    to highlight a yardstick; hover for values; a dashed line marks 1 (no gap); ``events`` adds the
    timeline's dashed rules (:func:`.theme.event_rules`)."""
    pairs = list(dict.fromkeys(df["比较"]))
    inds = list(dict.fromkeys(df["指标"]))
    data, vary = packed_series(df[["series", "比较", "指标", "口径", "year", "ratio"]], "series", ["year", "ratio", "口径"])
    pair = alt.param(name="pair", value=init or pairs[0], bind=alt.binding_select(options=pairs, name="比较 "))
    sel = alt.selection_point(fields=["指标"], bind="legend", name="ind")
    hover = alt.selection_point(fields=["year"], on="pointerover", nearest=True, empty=False, name="hover")
    base = alt.Chart(data).transform_flatten(vary).transform_filter(alt.datum["比较"] == pair).encode(
        x=alt.X("year:Q", title="年份", axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(zero=False)),
        y=alt.Y("ratio:Q", title=y_title, scale=alt.Scale(zero=False), axis=alt.Axis(format=y_format)),
        color=alt.Color("指标:N", title="指标", scale=alt.Scale(domain=inds, range=INDICATOR_COLORS[:len(inds)]),
                        legend=alt.Legend(orient="bottom", direction="horizontal", labelLimit=0)),
    )
    opacity = alt.condition(sel, alt.value(1), alt.value(0.12))
    lines = base.mark_line().encode(detail="series:N", opacity=opacity)
    pts = base.mark_point().encode(
        opacity=opacity, size=alt.condition(hover, alt.value(90), alt.value(24)),
        tooltip=[alt.Tooltip("比较:N"), alt.Tooltip("指标:N"), alt.Tooltip("口径:N"),
                 alt.Tooltip("year:Q", title="年份", format="d"),
                 alt.Tooltip("ratio:Q", title=y_title, format=y_format)]).add_params(hover)
    rule = alt.Chart(data).transform_flatten(vary).mark_rule(color="#bbb").encode(x="year:Q").transform_filter(hover)
    ref = alt.Chart(pd.DataFrame({"ref": [1.0]})).mark_rule(color="#888", strokeDash=[4, 4]).encode(y="ref:Q")
    marks = [lines, pts, rule, ref]
    ev = event_rules(events, df["year"], x_type="Q") if events is not None else None
    if ev is not None:
        marks.insert(0, ev)
    chart = alt.layer(*marks).add_params(sel, pair).properties(width=WIDTH, height=HEIGHT)
    return source_note(chart, source, title)


#: the measures of :func:`fiscal_lines`: measure code -> Chinese label
FISCAL_MEASURES = {"gap": "支出−收入（财政缺口）", "expenditure": "一般公共预算支出", "revenue": "一般公共预算收入"}


def fiscal_lines(frames: dict, *, measures=None, vintage_labels: dict | None = None, source: str = SOURCE_NBS,
                 title: str | None = None, events: pd.DataFrame | None = None, break_year: int | None = 2004,
                 pc_title: str = "每个常住人口（元）", pct_title: str = "占地区生产总值（%）"):
    """Local revenue, expenditure and their gap by group over the years: per resident (left) and as
    % of GDP (right), one measure and one grouping at a time (two dropdowns).

    ``frames`` maps a scheme to ``finance.fiscal_series(scheme)`` (columns of ``finance.fiscal`` plus
    vintage). Each vintage is its own line (dash pattern = vintage, named by ``vintage_labels``), so a
    join shows instead of being spliced; per-resident lines also break after ``break_year`` (the
    2004/05 population break). Click the legend to highlight a group; hover for values;
    ``events`` adds the timeline's dashed rules to both panels."""
    measures = list(measures or FISCAL_MEASURES)
    schemes = list(frames)
    vintage_labels = vintage_labels or {}
    rows = []
    for s, f in frames.items():
        lab = {**labels(s), "national": NATIONAL_ZH}
        for m in measures:
            part = pd.DataFrame({
                "scheme": s, "地区": f["unit"].map(lab), "year": f["year"].astype(int),
                "项目": FISCAL_MEASURES[m], "口径": f["vintage"].map(lambda v: vintage_labels.get(v, v)),
                "pc": f[f"{m}_pc"].round(0), "pct": f[f"{m}_pct_gdp"].round(2)})
            era = (part["year"] <= break_year).map({True: "a", False: "b"}) if break_year else "b"
            part["series_pc"] = part["地区"] + part["口径"] + era
            part["series_pct"] = part["地区"] + part["口径"]
            rows.append(part)
    d = pd.concat(rows, ignore_index=True)
    vints = list(dict.fromkeys(d["口径"]))
    years = d["year"]
    data, vary = packed_series(d, ["series_pc", "scheme", "项目"], ["year", "pc", "pct"])
    scheme = scheme_param(schemes)
    item = alt.param(name="measure", value=FISCAL_MEASURES[measures[0]],
                     bind=alt.binding_select(options=[FISCAL_MEASURES[m] for m in measures], name="项目 "))
    sel = alt.selection_point(fields=["地区"], bind="legend", name="grp")
    hover = alt.selection_point(fields=["year"], on="pointerover", nearest=True, empty=False, name="yr")
    color = alt.Color("地区:N", scale=scheme_color_scale(schemes, national=True), title="地区")
    dash = alt.StrokeDash("口径:N", scale=alt.Scale(domain=vints, range=DASHES[:len(vints)]), title="口径",
                          legend=alt.Legend(orient="bottom", direction="vertical", symbolStrokeColor="#444"))
    x = alt.X("year:Q", title="年份", axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(zero=False))
    opacity = alt.condition(sel, alt.value(1), alt.value(0.12))
    tooltip = [alt.Tooltip("地区:N"), alt.Tooltip("项目:N"), alt.Tooltip("口径:N"),
               alt.Tooltip("year:Q", title="年份", format="d"), alt.Tooltip("pc:Q", title=pc_title, format=",.0f"),
               alt.Tooltip("pct:Q", title=pct_title, format=".2f")]
    keep = (alt.datum.scheme == scheme) & (alt.datum["项目"] == item)

    def panel(field, y_title, axis, width, series):
        base = alt.Chart(data).transform_flatten(vary).transform_filter(keep).encode(
            x=x, y=alt.Y(f"{field}:Q", title=y_title, scale=alt.Scale(zero=False), axis=axis), color=color)
        lines = base.mark_line(strokeWidth=1.8).encode(strokeDash=dash, detail=f"{series}:N", opacity=opacity)
        pts = base.mark_point(filled=True, size=20).encode(
            opacity=opacity, tooltip=tooltip, size=alt.condition(hover, alt.value(80), alt.value(20)))
        rule = alt.Chart(data).transform_flatten(vary).mark_rule(color="#bbb").encode(x="year:Q").transform_filter(hover)
        marks = [lines, pts, rule]
        ev = event_rules(events, years, x_type="Q") if events is not None else None
        if ev is not None:
            marks.insert(0, ev)
        return alt.layer(*marks).properties(width=width, height=HEIGHT - 40)

    left = panel("pc", pc_title, zh_axis(), 300, "series_pc").add_params(sel, hover)
    right = panel("pct", pct_title, alt.Axis(format=".0f"), 230, "series_pct")
    chart = alt.hconcat(left, right).add_params(scheme, item).resolve_scale(color="shared", strokeDash="shared")
    return source_note(chart, source, title)
