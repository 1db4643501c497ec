"""The book's look and how charts reach the page: the Altair theme, the "book" renderer
(``INLAND_COASTAL_RENDERER=book``, set by ``tools/build.py``: a small HTML snippet that calls the
site's own ``vegaEmbed``, no CDN; in JupyterLab Altair's default renderer is kept), source notes,
Chinese number axes, group colours and the scheme-switch helpers the builders share.
"""
from __future__ import annotations

import hashlib
import json
import math
import os

import altair as alt
import pandas as pd

from ..groupings import colors, groups, labels, regions, scheme_label
from ..style import CATEGORY_COLORS, FONT, HEIGHT, NATIONAL_COLOR, NATIONAL_ZH, SOURCE_NBS, WIDTH


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
            "range": {"category": list(CATEGORY_COLORS)},
            "line": {"strokeWidth": 2.2},
            "point": {"size": 40, "filled": True},
            "text": {"font": FONT},
        }
    }


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


#: output metadata key under which the book renderer leaves Altair's standard HTML for the chart
PORTABLE_METADATA = "inland_coastal/portable"


def book_renderer(spec: dict, **kwargs) -> tuple[dict, dict]:
    """HTML that draws the chart with the site's own vegaEmbed (loaded in <head>).

    Returns ``(bundle, metadata)``: the metadata carries Altair's standard HTML output of the
    same chart (``PORTABLE_METADATA``), which the site's notebook downloads use in its place
    (``_ext/ipynb_download.py``); the page itself shows only the bundle."""
    from altair.vegalite.v6.display import html_renderer

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
    standard = html_renderer(spec)
    standard = standard[0] if isinstance(standard, tuple) else standard
    return {"text/html": html}, {PORTABLE_METADATA: {"text/html": standard["text/html"]}}


def book_display(chart) -> tuple[dict, dict]:
    """How a chart is shown in a book build: its spec, made without a second schema check
    (``to_dict(validate=False)``; ``tests/test_site.py`` validates every chart of the built site
    against the Vega-Lite schema), drawn by :func:`book_renderer`. The spec is the one Altair's
    own display makes (``tests/test_charts.py`` compares them)."""
    return book_renderer(chart.to_dict(validate=False, context={"pre_transform": False}))


def enable_book_display(display_formatter=None) -> None:
    """Book builds only (``INLAND_COASTAL_RENDERER=book``, set by ``tools/build.py``): charts
    are built without Altair's checks on every object as it is made (Altair's public
    ``debug_mode`` switch, off) and shown through :func:`book_display`, registered with IPython's
    public formatter API for every Altair chart. ``display_formatter`` defaults to the running
    IPython kernel's; a live kernel (JupyterLab, Binder, Colab) keeps Altair's defaults."""
    alt.utils.schemapi.disable_debug_mode()
    alt.renderers.enable("book")
    if display_formatter is None:
        from IPython import get_ipython

        shell = get_ipython()
        if shell is None:
            return
        display_formatter = shell.display_formatter
    display_formatter.mimebundle_formatter.for_type(alt.TopLevelMixin, book_display)


alt.renderers.register("book", book_renderer)
if os.environ.get("INLAND_COASTAL_RENDERER") == "book":
    enable_book_display()
alt.data_transformers.disable_max_rows()


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


ZH_NUMBER_LABEL = ("abs(datum.value) >= 1e8 ? format(datum.value / 1e8, ',.3~f') + '亿' : "
                   "abs(datum.value) >= 1e4 ? format(datum.value / 1e4, ',.3~f') + '万' : "
                   "format(datum.value, ',.4~f')")


def zh_axis(**kwargs) -> alt.Axis:
    """An axis whose labels use 万 and 亿 for large numbers."""
    return alt.Axis(labelExpr=ZH_NUMBER_LABEL, **kwargs)


def long_by_scheme(frames: dict, value_name: str = "value", national: bool = False) -> pd.DataFrame:
    """``{scheme: year-indexed DataFrame with one column per group [and 'national']}`` as long
    rows: scheme, 分组方式, group, 地区, year, ``value_name``. With ``national=True`` the
    'national' column is kept as group 'national' / 地区 '全国' in every scheme."""
    rows = []
    for s, t in frames.items():
        lab = labels(s)
        codes = (["national"] if national else []) + groups(s)
        for g in codes:
            rows.append(pd.DataFrame({"scheme": s, "分组方式": scheme_label(s), "group": g,
                                      "地区": NATIONAL_ZH if g == "national" else lab[g],
                                      "year": t.index.astype(int), value_name: t[g].to_numpy()}))
    return pd.concat(rows, ignore_index=True)


def js_list(values) -> str:
    """A JSON array literal for a Vega expression (non-ASCII kept as it is)."""
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
    domain = alt.ExprRef(expr=switch({s: js_list(doms(s)) for s in schemes}))
    n = max(len(doms(s)) for s in schemes)
    rng = []
    for i in range(n):
        rng.append(alt.ExprRef(expr=switch({s: json.dumps((cols(s) + ["#999999"] * n)[i]) for s in schemes})))
    return alt.Scale(domain=domain, range=rng)


def scheme_group_expr(schemes, param: str = "scheme") -> str:
    """Vega expression picking the group label column ``g_<scheme>`` of the scheme chosen in
    the dropdown parameter ``param`` (see :func:`with_scheme_labels`)."""
    schemes = list(schemes)
    expr = f"datum.g_{schemes[-1]}"
    for s in reversed(schemes[:-1]):
        expr = f"{param}=={json.dumps(s)} ? datum.g_{s} : {expr}"
    return expr


def with_scheme_labels(df: pd.DataFrame, schemes) -> pd.DataFrame:
    """Add a column ``g_<scheme>`` with each province's group label for every scheme
    (``df`` has an ``adcode`` column)."""
    reg = regions()
    return df.assign(**{f"g_{s}": df["adcode"].map(reg[s]).map(labels(s)) for s in schemes})


def scheme_param(schemes, init: str | None = None, name: str = "scheme"):
    """A dropdown parameter choosing one of ``schemes`` (labelled with their Chinese names)."""
    schemes = list(schemes)
    return alt.param(name=name, value=init or schemes[0],
                     bind=alt.binding_select(options=schemes, labels=[scheme_label(s) for s in schemes],
                                             name="分组方式 "))


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


def packed_series(df: pd.DataFrame, by, vary):
    """Inline a table of many lines compactly: one record per line (the values of the columns
    ``by``), holding the columns that are the same along the line once and the columns ``vary``
    (e.g. year and value) as lists. Returns ``(DataFrame, vary)``: a DataFrame, so that Altair keeps
    one copy of it in the spec's ``datasets`` however many layers use it; a chart unpacks it with
    ``.transform_flatten(vary)`` as its first transform, after which every row carries the
    line's constant columns again. A column of ``df`` that is neither in ``by`` nor in ``vary``
    must be constant within each line (checked)."""
    by = [by] if isinstance(by, str) else list(by)
    vary = list(vary)
    const = [c for c in df.columns if c not in by and c not in vary]

    def plain(v):
        if hasattr(v, "item"):
            v = v.item()
        if isinstance(v, float):
            if v != v:
                return None
            if v.is_integer():
                return int(v)
        return v

    records = []
    for key, g in df.groupby(by, sort=False):
        key = key if isinstance(key, tuple) else (key,)
        rec = {c: plain(k) for c, k in zip(by, key)}
        for c in const:
            vals = g[c].unique()
            if len(vals) != 1:
                raise ValueError(f"column '{c}' is not constant along the line {key}; add it to by or vary")
            rec[c] = plain(vals[0])
        for c in vary:
            rec[c] = [plain(v) for v in g[c].tolist()]
        records.append(rec)
    return pd.DataFrame(records, columns=[*by, *const, *vary]), vary


EVENT_COLOR = "#9a9a9a"


def event_rules(events: pd.DataFrame, years, *, x: str = "year", x_type: str = "O"):
    """A layer of thin dashed vertical rules at the years of policy milestones and shocks
    (``loading.timeline_events(...)``), with the events and their official sources in the
    tooltip, to layer on a chart over years (``alt.layer(chart, event_rules(...))``).

    Only events starting in one of ``years`` (the years the chart shows) are drawn, so an
    ordinal year axis gains no extra category; several events of one year share one rule.
    ``x_type`` is the year encoding of the chart ("O" ordinal or "Q" quantitative)."""
    shown = sorted({int(y) for y in years})
    ev = events[events["year"].isin(shown)]
    if ev.empty:
        return None
    rows = (ev.assign(line=ev["event_zh"] + "（" + ev["source"] + "）")
            .groupby("year").agg(事件=("event_zh", "；".join), 类型=("kind_zh", lambda s: "、".join(dict.fromkeys(s))),
                                 来源=("line", "；".join)).reset_index().rename(columns={"year": x}))
    return alt.Chart(rows).mark_rule(color=EVENT_COLOR, strokeDash=[2, 3], strokeWidth=1).encode(
        x=alt.X(f"{x}:{x_type}"),
        tooltip=[alt.Tooltip(f"{x}:{x_type}", title="年份"), alt.Tooltip("事件:N"), alt.Tooltip("类型:N"),
                 alt.Tooltip("来源:N")])
