"""Province-level charts: rankings, scatters and heatmaps with a year slider, log scales."""
from __future__ import annotations

import json

import altair as alt
import pandas as pd

from ..groupings import colors, groups, labels, membership
from ..style import SCHEMES, SOURCE_NBS, WIDTH
from .theme import (js_list, packed_data, packed_series, scheme_color_scale, scheme_group_expr, scheme_param,
                    scheme_scale, source_note, with_scheme_labels, zh_axis)


def province_bars_by_year(df: pd.DataFrame, value: str, value_title: str, *, scheme: str = "coastal",
                          schemes=None, source: str = SOURCE_NBS, title: str | None = None,
                          value_format: str = ",.0f", year_init: int | None = None, compact: bool = False):
    """Provinces ranked by a value, one year at a time, chosen with a slider (works on the
    static page). ``df`` has columns year, province (short name), ``value`` and either adcode
    or group (the code in ``scheme``). With ``schemes`` (several scheme codes, needs adcode) a
    dropdown chooses which grouping colours the bars.

    ``compact=True`` (one scheme only) inlines the data as one record per province with one field
    per year, unfolded in the browser: a long series of years weighs a fraction of the default
    one-row-per-province-and-year data (the default is unchanged)."""
    years = sorted(df["year"].unique())
    slider = alt.binding_range(min=int(years[0]), max=int(years[-1]), step=1, name="年份 ")
    year = alt.param(name="year", value=int(year_init or years[-1]), bind=slider)
    if compact and not (schemes and len(list(schemes)) > 1):
        lab = labels(scheme)
        grp = df["group"] if "group" in df else df["adcode"].map(membership(scheme))
        d = df.assign(地区=grp.map(lab))
        wide = d.pivot_table(index=["province", "地区"], columns="year", values=value, aggfunc="first")
        wide.columns = [f"y{int(y)}" for y in wide.columns]
        records = [{k: (None if isinstance(v, float) and v != v else v) for k, v in rec.items()}
                   for rec in wide.reset_index().to_dict(orient="records")]
        base = (alt.Chart(alt.Data(values=records)).transform_fold(list(wide.columns), as_=["_y", value])
                .transform_calculate(year="toNumber(slice(datum._y, 1))"))
        chart = base.mark_bar().encode(
            y=alt.Y("province:N", sort="-x", title=None),
            x=alt.X(f"{value}:Q", title=value_title, axis=zh_axis()),
            color=alt.Color("地区:N", scale=scheme_scale(scheme), title="地区"),
            tooltip=[alt.Tooltip("province:N", title="省份"), alt.Tooltip("地区:N"),
                     alt.Tooltip("year:O", title="年份"), alt.Tooltip(f"{value}:Q", title=value_title,
                                                                     format=value_format)],
        ).add_params(year).transform_filter(alt.datum.year == year).properties(width=WIDTH - 120, height=520)
        return source_note(chart, source, title)
    if schemes and len(list(schemes)) > 1:
        schemes = list(schemes)
        d = with_scheme_labels(df, schemes)
        base = alt.Chart(d).transform_calculate(地区=scheme_group_expr(schemes))
        color_scale, params = scheme_color_scale(schemes), [year, scheme_param(schemes, init=scheme)]
    else:
        lab = labels(scheme)
        d = df.assign(地区=df["group"].map(lab) if "group" in df else df["adcode"].map(membership(scheme)).map(lab))
        base, color_scale, params = alt.Chart(d), scheme_scale(scheme), [year]
    chart = base.mark_bar().encode(
        y=alt.Y("province:N", sort="-x", title=None),
        x=alt.X(f"{value}:Q", title=value_title, axis=zh_axis()),
        color=alt.Color("地区:N", scale=color_scale, title="地区"),
        tooltip=[alt.Tooltip("province:N", title="省份"), alt.Tooltip("地区:N"),
                 alt.Tooltip("year:O", title="年份"), alt.Tooltip(f"{value}:Q", title=value_title,
                                                                 format=value_format)],
    ).add_params(*params).transform_filter(alt.datum.year == year).properties(width=WIDTH - 120, height=520)
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


def province_scatter_by_year(df: pd.DataFrame, x: str, y: str, x_title: str, y_title: str, *,
                             schemes=SCHEMES, source: str = SOURCE_NBS, title: str | None = None,
                             x_format: str = ",.0f", y_format: str = ",.0f", log: bool = False,
                             year_init: int | None = None, diagonal: bool = False,
                             width: int = WIDTH - 60, height: int = 380):
    """One point per province for a year chosen with a slider, coloured by the grouping chosen
    in a dropdown; province names as labels; hover for values. ``df`` columns: year, adcode,
    province (short name), ``x``, ``y``. ``log=True`` uses log axes; ``diagonal=True`` draws
    y = x (useful when both axes are indices with national = 100)."""
    schemes = list(schemes)
    d = with_scheme_labels(df, schemes)
    years = sorted(d["year"].unique())
    year = alt.param(name="year", value=int(year_init or years[-1]),
                     bind=alt.binding_range(min=int(years[0]), max=int(years[-1]), step=1, name="年份 "))
    pick = scheme_param(schemes)
    expr = scheme_group_expr(schemes)
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
            expr = f"indexof({js_list(members)}, datum.label) >= 0 ? {json.dumps(col[g])} : {expr}"
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


def contribution_bars(df: pd.DataFrame, value: str, value_title: str, category: str, *,
                      source: str = SOURCE_NBS, title: str | None = None, value_format: str = ".2f",
                      domain: list | None = None, range_: list | None = None, extra_tooltip: list | None = None,
                      height: int | None = None):
    """Provinces (or other units) ranked by their contribution to a change, one bar each, coloured by
    ``category`` (e.g. 沿海 / 内陆煤炭主产省 / 内陆其他); click the legend to highlight a category,
    hover for values. ``df`` columns: province (label), ``value``, ``category`` and any columns of
    ``extra_tooltip``. A line marks 0."""
    sel = alt.selection_point(fields=[category], bind="legend", name="cat")
    scale = alt.Scale(domain=domain, range=range_) if domain else alt.Undefined
    bars = alt.Chart(df).mark_bar().encode(
        y=alt.Y("province:N", sort=alt.EncodingSortField(field=value, order="ascending"), title=None),
        x=alt.X(f"{value}:Q", title=value_title, axis=alt.Axis(format=value_format)),
        color=alt.Color(f"{category}:N", title=category, scale=scale,
                        legend=alt.Legend(orient="bottom", direction="horizontal", labelLimit=0)),
        opacity=alt.condition(sel, alt.value(1), alt.value(0.2)),
        tooltip=[alt.Tooltip("province:N", title="省份"), alt.Tooltip(f"{category}:N"),
                 alt.Tooltip(f"{value}:Q", title=value_title, format=value_format), *(extra_tooltip or [])],
    ).add_params(sel)
    zero = alt.Chart(pd.DataFrame({"zero": [0.0]})).mark_rule(color="#555").encode(x="zero:Q")
    chart = alt.layer(bars, zero).properties(width=WIDTH - 160, height=height or 16 * df["province"].nunique())
    return source_note(chart, source, title)


def province_scatter_panels(df: pd.DataFrame, x: str, x_title: str, panels: dict, *, scheme: str = "coastal",
                            source: str = SOURCE_NBS, title: str | None = None, year_init: int | None = None,
                            fit: bool = True, value_format: str = ",.0f"):
    """Several per-resident measures against one (e.g. revenue, expenditure and income against GDP
    per resident), one small log-log scatter per measure side by side, one year at a time (slider).

    ``df`` columns: year, adcode, province (short name), ``x`` and one column per key of ``panels``
    (column -> axis title). Points are coloured by the groups of ``scheme`` (click the legend to
    highlight one); ``fit=True`` draws the power-law fit y = a·x^b of the year, a straight line on
    log axes whose slope is the elasticity; hover a point for its values."""
    lab = labels(scheme)
    d = df[["adcode", "province", "year", x, *panels]].assign(地区=df["adcode"].map(membership(scheme)).map(lab))
    years = sorted(d["year"].unique())
    data, vary = packed_series(d, "adcode", ["year", x, *panels])
    year = alt.param(name="year", value=int(year_init or years[-1]),
                     bind=alt.binding_range(min=int(years[0]), max=int(years[-1]), step=1, name="年份 "))
    sel = alt.selection_point(fields=["地区"], bind="legend", name="grp")

    def log_scale(cols):
        lo = float(min(d[c].min() for c in cols))
        hi = float(max(d[c].max() for c in cols))
        return alt.Scale(type="log", domain=[lo / 1.1, hi * 1.1], nice=False)

    xs = log_scale([x])
    ys = log_scale(list(panels))
    width = (WIDTH - 120) // len(panels)
    views = []
    for i, (col, y_title) in enumerate(panels.items()):
        base = alt.Chart(data).transform_flatten(vary).transform_filter(alt.datum.year == year)
        pts = base.mark_circle(size=60).encode(
            x=alt.X(f"{x}:Q", title=x_title, scale=xs, axis=zh_axis(tickCount=3)),
            y=alt.Y(f"{col}:Q", title=y_title, scale=ys, axis=zh_axis(tickCount=5)),
            color=alt.Color("地区:N", scale=scheme_scale(scheme), title="地区"),
            opacity=alt.condition(sel, alt.value(0.9), alt.value(0.12)),
            tooltip=[alt.Tooltip("province:N", title="省份"), alt.Tooltip("地区:N"),
                     alt.Tooltip("year:O", title="年份"), alt.Tooltip(f"{x}:Q", title=x_title, format=value_format),
                     alt.Tooltip(f"{col}:Q", title=y_title, format=value_format)])
        layers = [pts]
        if fit:
            layers.append(base.transform_regression(x, col, method="pow").mark_line(
                color="#555", strokeDash=[4, 3]).encode(x=f"{x}:Q", y=f"{col}:Q"))
        view = alt.layer(*layers).properties(width=width, height=width)
        if i == 0:
            view = view.add_params(sel)
        views.append(view)
    chart = alt.hconcat(*views).add_params(year).resolve_scale(color="shared")
    return source_note(chart, source, title)


def province_lines(df: pd.DataFrame, y: str, y_title: str, *, series: str = "系列", choice: str = "省份",
                   init: str | None = None, ref: float | None = None, events: pd.DataFrame | None = None,
                   source: str = SOURCE_NBS, title: str | None = None, y_format: str = ".2f",
                   domain: list | None = None, range_: list | None = None, digits: int = 3):
    """Lines of ``y`` over years for one province at a time, chosen in a dropdown (works on the
    static page), one line per value of ``series`` (e.g. an industry in a data vintage: two
    series of one indicator that meet in a year show the break there). Click the legend to
    highlight a series; hover for values; ``ref`` draws a dashed reference line (1 for a location
    quotient); ``events`` (``loading.timeline_events(...)``) adds the timeline's dashed rules.

    ``df`` columns: year, ``choice`` (the province's name), ``series``, ``y``. The data are inlined
    compactly: one record per province with a list per series (values rounded to ``digits``),
    unfolded in the browser, so a series label is written once, not once per point; the layers share
    one copy of the data."""
    from .theme import event_rules

    options = list(dict.fromkeys(df[choice]))
    names = list(dict.fromkeys(df[series]))
    if df.duplicated([choice, series, "year"]).any():
        raise ValueError(f"more than one value per {choice}, {series} and year")
    wide = df.pivot_table(index=[choice, "year"], columns=series, values=y, aggfunc="first").round(digits)
    wide = wide.reindex(columns=names).reset_index()
    wide[choice] = pd.Categorical(wide[choice], categories=options, ordered=True)
    wide = wide.sort_values([choice, "year"])
    wide[choice] = wide[choice].astype(str)
    fields = [f"s{i}" for i in range(len(names))]
    data, packed = packed_data(wide.set_axis([choice, "year", *fields], axis=1), choice)
    label_of = json.dumps(dict(zip(fields, names)), ensure_ascii=False)
    pick = alt.param(name="prov", value=init or options[0],
                     bind=alt.binding_select(options=options, name=f"{choice} "))
    sel = alt.selection_point(fields=[series], bind="legend", name="ser")
    hover = alt.selection_point(fields=["year"], on="pointerover", nearest=True, empty=False, name="hover")
    scale = alt.Scale(domain=domain or names, range=range_) if (domain or range_) else alt.Scale(domain=names)
    base = (alt.Chart().transform_flatten(packed).transform_filter(alt.datum[choice] == pick)
            .transform_fold(fields, as_=["_s", y]).transform_filter(f"isValid(datum['{y}'])")
            .transform_calculate(**{series: f"{label_of}[datum._s]"})
            .encode(x=alt.X("year:Q", title="年份", axis=alt.Axis(format="d", tickMinStep=1),
                            scale=alt.Scale(zero=False)),
                    y=alt.Y(f"{y}:Q", title=y_title, scale=alt.Scale(zero=False), axis=alt.Axis(format=y_format)),
                    color=alt.Color(f"{series}:N", title=series, scale=scale,
                                    legend=alt.Legend(orient="bottom", direction="vertical"))))
    tooltip = [alt.Tooltip(f"{choice}:N"), alt.Tooltip(f"{series}:N"), alt.Tooltip("year:Q", title="年份", format="d"),
               alt.Tooltip(f"{y}:Q", title=y_title, format=y_format)]
    fade = alt.condition(sel, alt.value(1), alt.value(0.15))
    lines = base.mark_line().encode(opacity=fade)
    pts = base.mark_point().encode(opacity=fade, tooltip=tooltip,
                                   size=alt.condition(hover, alt.value(90), alt.value(28))).add_params(hover)
    layers = [lines, pts]
    if ref is not None:
        layers.append(alt.Chart(pd.DataFrame({"ref": [ref]})).mark_rule(color="#888", strokeDash=[4, 4])
                      .encode(y="ref:Q"))
    ev = event_rules(events, df["year"], x="year", x_type="Q") if events is not None else None
    if ev is not None:
        layers.insert(0, ev)
    chart = alt.layer(*layers, data=data).add_params(pick, sel).properties(width=WIDTH, height=300)
    return source_note(chart, source, title)
