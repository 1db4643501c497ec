"""Maps of China's provinces: choropleths with a year slider, the regional schemes, a
compact tile grid for small multiples, and inter-provincial linkages.

The whole national territory is drawn: the 31 provinces, Taiwan, Hong Kong and Macao (the
last three, like any province without a value, in light grey with the tooltip “无数据”), and
the boundary-line features (e.g. the South China Sea line). The geometry and where it lives
(a shared file in the built book, inline in a live kernel) are in :mod:`.boundaries`; the
colours, sizes and projection in :mod:`.style`.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import altair as alt
import pandas as pd

# boundaries' public names are re-exported, so maps.write_boundaries() etc. keep working
from .boundaries import (BOOK_MAPS_URL, BOOK_URL, OTHER_REGIONS, boundaries, boundaries_bytes,
                         default_maps_dir, group_outlines, outline_file, region_names, write_boundaries,
                         write_group_outlines)
from .cache import memoize, versioned_path
from .charts import source_note
from .csvfiles import read_csv_checked
from .errors import DataError
from .groupings import colors, groups, labels, regions, scheme_label, schemes
from .style import (BORDER_COLOR, LINE_COLOR, MAP_HEIGHT, MAP_WIDTH, NO_DATA, NO_DATA_COLOR, PROJECTION,
                    SOURCE_MAP, SOURCE_NBS)


# ---------------------------------------------------------------- where the geometry lives
def projection() -> alt.Projection:
    """The maps' projection (:data:`inland_coastal.style.PROJECTION`)."""
    return alt.Projection(**PROJECTION)


def render_mode(mode: str | None = None) -> str:
    """'book' (geometry by URL, the built book) or 'inline' (geometry embedded, a live kernel).
    Without an argument: 'book' when ``INLAND_COASTAL_RENDERER=book``."""
    if mode is None:
        return "book" if os.environ.get("INLAND_COASTAL_RENDERER") == "book" else "inline"
    if mode not in ("book", "inline"):
        raise ValueError(f"mode must be 'book' or 'inline', not {mode!r}")
    return mode


def geo_data(mode: str | None = None) -> alt.Data:
    """The boundaries as Altair data: by URL in book mode (the shared file is written if
    needed), inline values otherwise."""
    if render_mode(mode) == "book":
        write_boundaries()
        return alt.Data(url=BOOK_URL, format=alt.DataFormat(property="features", type="json"))
    return alt.InlineData(values=boundaries()["features"])


def outline_data(scheme: str, mode: str | None = None) -> alt.Data:
    """A scheme's group outlines as Altair data: by URL in book mode (the shared file is
    written if needed), inline values otherwise."""
    if render_mode(mode) == "book":
        write_group_outlines(scheme)
        return alt.Data(url=BOOK_MAPS_URL + outline_file(scheme),
                        format=alt.DataFormat(property="features", type="json"))
    return alt.Data(values=group_outlines(scheme))


# ---------------------------------------------------------------- shared layers
def _shapes(data):
    """Polygon features (everything but the boundary lines)."""
    return alt.Chart(data).transform_filter("datum.properties.kind != 'line'")


def _lines_layer(data):
    return (alt.Chart(data).transform_filter("datum.properties.kind == 'line'")
            .mark_geoshape(filled=False, stroke=LINE_COLOR, strokeWidth=0.8)
            .encode(tooltip=alt.value(None)))


def _outline_layer(scheme: str, mode: str | None = None):
    return (alt.Chart(outline_data(scheme, mode))
            .mark_geoshape(filled=False, stroke="#222222", strokeWidth=1.6, strokeJoin="round")
            .encode(tooltip=alt.value(None)))


def _check_long(df: pd.DataFrame, value: str, need_year: bool = True) -> pd.DataFrame:
    need = ["adcode", value] + (["year"] if need_year else [])
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise DataError(f"the map data need column(s) {', '.join(missing)}; they have {', '.join(map(str, df.columns))}")
    d = df.copy()
    d["adcode"] = pd.to_numeric(d["adcode"], errors="coerce")
    if d["adcode"].isna().any():
        raise DataError("the map data have a row without a valid adcode")
    d["adcode"] = d["adcode"].astype(int)
    if need_year:
        d["year"] = pd.to_numeric(d["year"], errors="raise").astype(int)
    d[value] = pd.to_numeric(d[value], errors="coerce")
    return d


def _map_note(source: str, extra: str | None = None) -> list[str]:
    return [source, *([extra] if extra else []), f"灰色：{NO_DATA}（含台湾、香港、澳门）。{SOURCE_MAP}"]


def _title(chart, title: str | None, subtitle: str | None = None):
    if title:
        return chart.properties(title=alt.TitleParams(title, subtitle=subtitle or alt.Undefined, anchor="start"))
    return chart


# ---------------------------------------------------------------- choropleth
def choropleth(df: pd.DataFrame, value: str = "value", value_title: str = "数值", *, year_slider: bool = True,
               scheme_outline: str | None = None, title: str | None = None, source: str = SOURCE_NBS,
               year: int | None = None, value_format: str = ",.0f", color_scheme: str = "blues",
               scale_type: str = "linear", mode: str | None = None, width: int = MAP_WIDTH,
               height: int = MAP_HEIGHT):
    """A map of China coloured by ``value`` (long ``df``: adcode, year, ``value``), one year at
    a time chosen with a slider (a Vega-Lite param bound to a range input, so it works on
    the static page). ``value_title`` is the legend title with the unit, e.g.
    “地区生产总值（亿元）”. The colour scale is fixed over all years so years compare.
    Provinces without a value in the chosen year, Taiwan, Hong Kong and Macao are grey
    (tooltip “无数据”). ``scheme_outline`` (e.g. 'coastal') outlines that scheme's groups.
    ``mode``: 'book' | 'inline' (default from ``INLAND_COASTAL_RENDERER``)."""
    d = _check_long(df, value).dropna(subset=[value])
    if d.empty:
        raise DataError(f"no values of '{value}' to map")
    dup = d.duplicated(["adcode", "year"])
    if dup.any():
        r = d[dup].iloc[0]
        raise DataError(f"the map data have two values for {r['adcode']} in {r['year']}")
    years = sorted(int(y) for y in d["year"].unique())
    wide = d.pivot(index="adcode", columns="year", values=value)
    wide.columns = [f"y{c}" for c in wide.columns]
    wide = wide.reset_index()
    year0 = int(year if year is not None else years[-1])
    if year0 not in years:
        raise DataError(f"year {year0} is not in the map data ({years[0]}–{years[-1]})")
    bind = (alt.binding_range(min=years[0], max=years[-1], step=1, name="年份 ")
            if year_slider and len(years) > 1 else alt.Undefined)
    yr = alt.param(name="map_year", value=year0, bind=bind)
    data = geo_data(mode)
    lo, hi = float(d[value].min()), float(d[value].max())
    scale = alt.Scale(scheme=color_scheme, type=scale_type, domain=[lo, hi], zero=False, nice=False,
                      clamp=True)
    fields = list(wide.columns[1:])
    # every shape first drawn grey ("无数据"), then those with a value in the chosen year
    no_data = (
        _shapes(data)
        .transform_calculate(shown=f"'{NO_DATA}'", year="map_year")
        .mark_geoshape(fill=NO_DATA_COLOR, stroke=BORDER_COLOR, strokeWidth=0.6)
        .encode(tooltip=[alt.Tooltip("properties.name:N", title="省份"),
                         alt.Tooltip("shown:N", title=value_title),
                         alt.Tooltip("year:O", title="年份")])
    )
    shapes = (
        _shapes(data)
        .transform_lookup(lookup="properties.adcode",
                          from_=alt.LookupData(data=wide, key="adcode", fields=fields))
        .transform_calculate(value="datum['y' + map_year]", year="map_year")
        .transform_filter("isValid(datum.value) && isFinite(datum.value)")
        .transform_calculate(shown=f"format(datum.value, '{value_format}')")
        .mark_geoshape(stroke=BORDER_COLOR, strokeWidth=0.6)
        .encode(
            color=alt.Color("value:Q", scale=scale, title=value_title,
                            legend=alt.Legend(orient="none", legendX=0, legendY=height - 190,
                                              direction="vertical", titleOrient="top",
                                              format=value_format, gradientLength=130, titleLimit=220)),
            tooltip=[alt.Tooltip("properties.name:N", title="省份"),
                     alt.Tooltip("shown:N", title=value_title),
                     alt.Tooltip("year:O", title="年份")],
        )
    )
    layers = [no_data.add_params(yr), shapes]
    if scheme_outline:
        layers.append(_outline_layer(scheme_outline, mode))
    layers.append(_lines_layer(data))
    chart = alt.layer(*layers).properties(width=width, height=height, projection=projection())
    extra = None
    if scheme_outline:
        names = "、".join(labels(scheme_outline)[g] for g in groups(scheme_outline))
        extra = f"粗线：{scheme_label(scheme_outline)}分组（{names}）边界。"
    chart = _title(chart, title)
    return source_note(chart, _map_note(source, extra))


# ---------------------------------------------------------------- groups
def group_map(scheme: str = "coastal", *, switch: bool = True, title: str | None = None,
              source: str = "分组：本书 data/regions.csv。", mode: str | None = None,
              width: int = MAP_WIDTH, height: int = MAP_HEIGHT):
    """The provinces coloured by the groups of ``scheme``. With ``switch`` a dropdown (a param
    bound to a select input) switches between all schemes on the static page; the legend
    follows the chosen scheme."""
    all_schemes = schemes() if switch else [scheme]
    if scheme not in schemes():
        raise DataError(f"unknown grouping scheme '{scheme}'; known schemes: {', '.join(schemes())}")
    reg = regions()
    look = pd.DataFrame({"adcode": reg.index.astype(int)})
    for s in all_schemes:
        look[s] = reg[s].map(labels(s)).to_numpy()
    dom, rng, legend_rows = [], [], []
    for s in all_schemes:
        lab, col = labels(s), colors(s)
        for i, g in enumerate(groups(s)):
            dom.append(lab[g])
            rng.append(col[g])
            legend_rows.append({"scheme": s, "地区": lab[g], "order": i})
    sel = alt.param(name="map_scheme", value=scheme,
                    bind=(alt.binding_select(options=all_schemes, labels=[scheme_label(s) for s in all_schemes],
                                             name="分组方案 ") if switch and len(all_schemes) > 1 else alt.Undefined))
    scheme_names = json.dumps({s: scheme_label(s) for s in all_schemes}, ensure_ascii=False)
    data = geo_data(mode)
    shapes = (
        _shapes(data)
        .transform_lookup(lookup="properties.adcode", from_=alt.LookupData(data=look, key="adcode",
                                                                           fields=all_schemes))
        .transform_fold(all_schemes, as_=["scheme", "地区"])
        .transform_filter("datum.scheme == map_scheme")
        .transform_calculate(has_value="isValid(datum['地区'])",
                             shown=f"isValid(datum['地区']) ? datum['地区'] : '{NO_DATA}'",
                             方案=f"{scheme_names}[datum.scheme]")
        .mark_geoshape(stroke=BORDER_COLOR, strokeWidth=0.6)
        .encode(
            color=alt.condition("datum.has_value", alt.Color("地区:N", scale=alt.Scale(domain=dom, range=rng),
                                                              legend=None),
                                alt.value(NO_DATA_COLOR)),
            tooltip=[alt.Tooltip("properties.name:N", title="省份"), alt.Tooltip("方案:N", title="分组方案"),
                     alt.Tooltip("shown:N", title="所属区域")],
        )
        .add_params(sel)
    )
    chart = alt.layer(shapes, _lines_layer(data)).properties(width=width, height=height, projection=projection())
    # a legend that follows the chosen scheme
    leg_base = alt.Chart(pd.DataFrame(legend_rows)).transform_filter("datum.scheme == map_scheme").encode(
        y=alt.Y("order:O", axis=None))
    legend = alt.layer(
        leg_base.mark_square(size=160, opacity=1).encode(color=alt.Color("地区:N", scale=alt.Scale(domain=dom, range=rng),
                                                               legend=None)),
        leg_base.mark_text(align="left", dx=12, fontSize=12).encode(text="地区:N"),
    ).properties(width=90, height=alt.Step(22))
    out = alt.hconcat(chart, legend, spacing=0).resolve_scale(color="shared")
    out = _title(out, title)
    return source_note(out, [source, f"灰色：{NO_DATA}（台湾、香港、澳门不在本书31个省级单位的分组之内）。",
                             SOURCE_MAP])


# ---------------------------------------------------------------- tile grid
@memoize(maxsize=4)
def _tile_grid_cached(path: str, version: str) -> pd.DataFrame:
    t = read_csv_checked(path, {"adcode": "int", "row": "int", "col": "int"})
    for c in ("adcode", "row", "col"):
        t[c] = pd.to_numeric(t[c], errors="raise").astype(int)
    dup = t.duplicated(["row", "col"])
    if dup.any():
        i = int(dup.to_numpy().nonzero()[0][0])
        raise DataError(f"two tiles at row {t['row'].iloc[i]}, col {t['col'].iloc[i]}", path, i + 2)
    names = region_names()
    unknown = t.loc[~t["adcode"].isin(list(names)), "adcode"]
    if len(unknown):
        i = int(unknown.index[0])
        raise DataError(f"unknown region {unknown.iloc[0]}", path, i + 2, "adcode")
    missing = sorted(set(names) - set(t["adcode"]))
    if missing:
        raise DataError(f"the tile grid has no tile for {missing}", path)
    t["name"] = t["adcode"].map(lambda a: names[a][0])
    t["short"] = t["adcode"].map(lambda a: names[a][1])
    return t


def load_tile_grid(path: str | Path | None = None) -> pd.DataFrame:
    """The tile-grid layout: adcode, row, col (+ name, short) for the 31 provinces, Taiwan,
    Hong Kong and Macao (``data/tile_grid.csv``)."""
    return _tile_grid_cached(*versioned_path(path, "tile_grid.csv")).copy()


def tile_grid(df: pd.DataFrame, value: str = "value", value_title: str = "数值", *, facet: str | None = "year",
              columns: int = 3, years: list[int] | None = None, title: str | None = None,
              source: str = SOURCE_NBS, value_format: str = ",.0f", color_scheme: str = "blues",
              scale_type: str = "linear", tile: int = 28, font_size: int | None = None,
              independent: bool | None = None):
    """A compact tile-grid map (one square per province, short names) for small multiples.

    ``df`` is long: adcode, ``value`` and the ``facet`` column (e.g. 'year', or 'indicator'
    for several indicators); ``facet=None`` draws a single grid (``df`` one row per adcode).
    Tiles without a value (and Taiwan, Hong Kong, Macao) are grey with the tooltip “无数据”.
    The colour scale is shared across panels unless ``independent`` (default: independent
    when faceting by something other than the year)."""
    d = _check_long(df, value, need_year=False)
    if facet is not None and facet not in d.columns:
        raise DataError(f"the map data have no column '{facet}' to facet by")
    if facet == "year" and years is not None:
        d = d[d["year"].isin(years)]
    grid = load_tile_grid()
    if facet is None:
        if d["adcode"].duplicated().any():
            raise DataError("one value per province is needed when facet=None")
        full = grid.merge(d[["adcode", value]], on="adcode", how="left")
        panels = [None]
    else:
        panels = list(dict.fromkeys(d[facet].tolist())) if facet != "year" else sorted(d[facet].unique())
        key = grid.assign(_k=1).merge(pd.DataFrame({facet: panels, "_k": 1}), on="_k").drop(columns="_k")
        full = key.merge(d[["adcode", facet, value]], on=["adcode", facet], how="left")
    full = full.rename(columns={value: "value"})
    full["shown"] = [format(v, value_format) if pd.notna(v) else NO_DATA for v in full["value"]]
    if independent is None:
        independent = facet is not None and facet != "year"
    # white labels on the darkest tiles (upper 40 % of each colour scale)
    by = full[facet] if (facet is not None and independent) else pd.Series(0, index=full.index)
    lo, hi = full.groupby(by)["value"].transform("min"), full.groupby(by)["value"].transform("max")
    full["dark"] = (full["value"] - lo) > 0.6 * (hi - lo)
    # a float column: Altair writes its NaN as JSON null (an object column with None would come
    # out as NaN, which is not JSON, under pandas 3)
    full["value"] = full["value"].astype(float)
    nrow, ncol = int(grid["row"].max()) + 1, int(grid["col"].max()) + 1
    scale = alt.Scale(scheme=color_scheme, type=scale_type, zero=False, nice=False)
    tooltip = [alt.Tooltip("name:N", title="省份"), alt.Tooltip("shown:N", title=value_title)]
    if facet is not None:
        tooltip.append(alt.Tooltip(f"{facet}:N", title="年份" if facet == "year" else "指标"))
    enc = dict(x=alt.X("col:O", axis=None, scale=alt.Scale(domain=list(range(ncol)))),
               y=alt.Y("row:O", axis=None, scale=alt.Scale(domain=list(range(nrow)))))
    base = alt.Chart().encode(**enc)
    # every tile first grey ("无数据"), then coloured where there is a value
    blank = base.mark_rect(fill=NO_DATA_COLOR, stroke="white", strokeWidth=1.5, cornerRadius=2).encode(
        tooltip=tooltip)
    rect = base.transform_filter("isValid(datum.value)").mark_rect(
        stroke="white", strokeWidth=1.5, cornerRadius=2).encode(
        color=alt.Color("value:Q", scale=scale, title=value_title,
                        legend=alt.Legend(orient="bottom", titleOrient="left", format=value_format,
                                          titleLimit=260, gradientLength=220)),
        tooltip=tooltip)
    text = base.mark_text(fontSize=font_size or max(7, round(tile * 0.29))).encode(
        text="short:N", tooltip=tooltip,
        color=alt.condition("datum.dark", alt.value("white"), alt.value("#222222")))
    layer = alt.layer(blank, rect, text, data=full).properties(width=alt.Step(tile), height=alt.Step(tile))
    if facet is None:
        chart = layer
    else:
        head = alt.Header(title=None, labelFontSize=12, labelFontWeight="bold")
        chart = layer.facet(facet=alt.Facet(f"{facet}:N", title=None, header=head,
                                            sort="ascending" if facet == "year" else panels),
                            columns=columns, spacing=8)
        if independent:
            chart = chart.resolve_scale(color="independent")
    chart = _title(chart, title)
    return source_note(chart, [source, f"灰色：{NO_DATA}（含台湾、香港、澳门）。方格位置示意各省大致方位。"])


# ---------------------------------------------------------------- linkages
def linkage_map(pairs: pd.DataFrame, top: int = 40, *, value_title: str = "联系强度", slider: bool = True,
                scheme: str | None = "coastal", title: str | None = None, source: str = SOURCE_NBS,
                value_format: str = ",.3f", mode: str | None = None, width: int = MAP_WIDTH,
                height: int = MAP_HEIGHT):
    """Lines between provincial capitals for the ``top`` strongest pairs, over the province
    map (tinted by ``scheme``'s groups, or plain grey with ``scheme=None``); line width and
    opacity follow the linkage. A slider chooses how many of the strongest pairs to show.
    ``pairs`` has columns a_adcode, b_adcode, linkage."""
    from .loading import load_capitals

    need = ["a_adcode", "b_adcode", "linkage"]
    missing = [c for c in need if c not in pairs.columns]
    if missing:
        raise DataError(f"the pairs need column(s) {', '.join(missing)}")
    p = pairs[need].copy()
    for c in ("a_adcode", "b_adcode"):
        p[c] = pd.to_numeric(p[c], errors="coerce")
    p["linkage"] = pd.to_numeric(p["linkage"], errors="coerce")
    p = p.dropna()
    p = p[p["a_adcode"] != p["b_adcode"]]
    if p.empty:
        raise DataError("no pairs to draw")
    p[["a_adcode", "b_adcode"]] = p[["a_adcode", "b_adcode"]].astype(int)
    caps = load_capitals()
    unknown = sorted((set(p["a_adcode"]) | set(p["b_adcode"])) - set(caps.index.astype(int)))
    if unknown:
        raise DataError(f"no capital known for {unknown}")
    p = p.sort_values("linkage", ascending=False).head(int(top)).reset_index(drop=True)
    p["rank"] = range(1, len(p) + 1)
    names = region_names()
    for side in ("a", "b"):
        code = p[f"{side}_adcode"]
        p[f"{side}_lng"] = code.map(caps["lng"]).astype(float)
        p[f"{side}_lat"] = code.map(caps["lat"]).astype(float)
        p[f"{side}_name"] = code.map(lambda a: names[a][1])
    p["pair"] = p["a_name"] + "—" + p["b_name"]
    n = len(p)
    show = alt.param(name="map_top", value=min(n, 20) if slider else n,
                     bind=(alt.binding_range(min=1, max=n, step=1, name="显示最强的前 N 对 ")
                           if slider and n > 1 else alt.Undefined))
    data = geo_data(mode)
    if scheme:
        reg = regions()
        look = pd.DataFrame({"adcode": reg.index.astype(int), "地区": reg[scheme].map(labels(scheme)).to_numpy()})
        lab, col = labels(scheme), colors(scheme)
        base = (_shapes(data)
                .transform_lookup(lookup="properties.adcode", from_=alt.LookupData(look, "adcode", ["地区"]))
                .transform_calculate(shown=f"isValid(datum['地区']) ? datum['地区'] : '{NO_DATA}'")
                .mark_geoshape(stroke=BORDER_COLOR, strokeWidth=0.6, fillOpacity=0.28)
                .encode(color=alt.condition("isValid(datum['地区'])",
                                            alt.Color("地区:N", scale=alt.Scale(domain=[lab[g] for g in groups(scheme)],
                                                                                range=[col[g] for g in groups(scheme)]),
                                                      legend=alt.Legend(orient="none", legendX=0,
                                                                        legendY=height - 210, direction="vertical",
                                                                        titleOrient="top", title="地区",
                                                                        symbolType="square", symbolOpacity=0.5)),
                                            alt.value(NO_DATA_COLOR)),
                        tooltip=[alt.Tooltip("properties.name:N", title="省份"),
                                 alt.Tooltip("shown:N", title="所属区域")]))
    else:
        base = (_shapes(data).mark_geoshape(fill="#eeeeee", stroke=BORDER_COLOR, strokeWidth=0.6)
                .encode(tooltip=[alt.Tooltip("properties.name:N", title="省份")]))
    lo, hi = float(p["linkage"].min()), float(p["linkage"].max())
    tooltip = [alt.Tooltip("pair:N", title="省份对"), alt.Tooltip("linkage:Q", title=value_title, format=value_format),
               alt.Tooltip("rank:Q", title="排名")]
    rules = (alt.Chart(p).transform_filter("datum.rank <= map_top")
             .mark_rule(color="#b2182b", strokeCap="round")
             .encode(longitude="a_lng:Q", latitude="a_lat:Q", longitude2="b_lng:Q", latitude2="b_lat:Q",
                     size=alt.Size("linkage:Q", scale=alt.Scale(domain=[lo, hi], range=[0.8, 5]),
                                   legend=None),
                     opacity=alt.Opacity("linkage:Q", scale=alt.Scale(domain=[lo, hi], range=[0.35, 0.95]),
                                         legend=None),
                     tooltip=tooltip)
             .add_params(show))
    used = sorted(set(p["a_adcode"]) | set(p["b_adcode"]))
    cap = caps.loc[used].reset_index()
    cap = pd.DataFrame({"adcode": cap["adcode"].astype(int), "lng": cap["lng"].astype(float),
                        "lat": cap["lat"].astype(float), "capital": cap["capital_zh"],
                        "name": cap["adcode"].map(lambda a: names[int(a)][0])})
    points = alt.Chart(cap).mark_circle(size=28, color="#333333", opacity=0.85).encode(
        longitude="lng:Q", latitude="lat:Q",
        tooltip=[alt.Tooltip("name:N", title="省份"), alt.Tooltip("capital:N", title="省会（首府）")])
    chart = alt.layer(base, _lines_layer(data), rules, points).properties(
        width=width, height=height, projection=projection())
    chart = _title(chart, title)
    note = f"线条连接省会（首府）城市，粗细与深浅表示{value_title}；只画最强的 {n} 对。"
    return source_note(chart, [source, note, f"灰色：{NO_DATA}（含台湾、香港、澳门）。{SOURCE_MAP}"])
