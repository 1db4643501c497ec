"""One cache keyed on the data's content: a live process sees every edit of every data file,
a change of INLAND_COASTAL_DATA, and nobody can change a cached value through what a function
returns. Each test works on a copy of data/ pointed to by INLAND_COASTAL_DATA."""
from __future__ import annotations

import copy
import csv
import os
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import inland_coastal
from inland_coastal import boundaries, cache, groupings, indicators, loading, maps, spatial
from inland_coastal.paths import PROJECT_ROOT

DATA = PROJECT_ROOT / "data"


@pytest.fixture
def data(tmp_path, monkeypatch) -> Path:
    """A copy of data/ (timestamps kept, as cp -p would) that the library reads from."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    monkeypatch.setenv("INLAND_COASTAL_DATA", str(copy))
    return copy


def edit_keeping_stat(path: Path, old: str, new: str, *, pad: int = 0) -> None:
    """Replace ``old`` by ``new`` in place and put the size and modification time back as they
    were: ``pad`` trailing newlines are dropped (or added, if negative) to keep the byte length,
    and ``os.utime`` restores the times, as ``cp -p`` or ``tar`` would."""
    st = path.stat()
    text = path.read_bytes().decode("utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {path.name}"
    text = text.replace(old, new)
    text = text[:-pad] if pad > 0 else text + "\n" * -pad
    with open(path, "r+b") as fh:        # same file (inode), rewritten in place
        fh.write(text.encode("utf-8"))
        fh.truncate()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (st.st_size, st.st_mtime_ns, st.st_ino)


def file_value(name: str, **match) -> float:
    """A value read from a data file with the csv module, independently of the library."""
    with open(DATA / name, encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if all(r[k] == str(v) for k, v in match.items())]
    assert len(rows) == 1, match
    return float(rows[0]["value"])


# ---------------------------------------------------------------- the case
def test_moving_beijing_to_coastal_is_seen_in_a_live_process(data):
    before = indicators.totals("gdp", "paper", "coastal").loc[2022, "coastal"]
    assert before == pytest.approx(635683.3, abs=0.05)           # Table 1 of the paper, as printed
    assert before == pytest.approx(file_value("paper_tables.csv", table="T1", indicator="gdp", year=2022,
                                                region="coastal"))
    # "inland" -> "coastal" is one byte longer: the file's last newline goes, so the size stays
    edit_keeping_stat(data / "regions.csv", "Beijing,inland,", "Beijing,coastal,", pad=1)
    after = indicators.totals("gdp", "paper", "coastal").loc[2022, "coastal"]
    beijing = file_value("provinces.csv", adcode=110000, year=2022, indicator="gdp", vintage="paper")
    assert beijing == 41610.9
    assert after == pytest.approx(635683.3 + beijing, abs=0.05)   # 677,294.2
    assert groupings.membership("coastal")[110000] == "coastal"
    # and the other way round: the inland total lost Beijing
    assert indicators.totals("gdp", "paper", "coastal").loc[2022, "inland"] == pytest.approx(
        567778.9 - beijing, abs=0.05)


def test_changing_the_data_directory_between_calls(data, tmp_path, monkeypatch):
    other = tmp_path / "other"
    shutil.copytree(data, other)
    text = (other / "regions.csv").read_text(encoding="utf-8")
    (other / "regions.csv").write_text(text.replace("Beijing,inland,", "Beijing,coastal,"), encoding="utf-8")
    first = indicators.totals("gdp", "paper", "coastal").loc[2022, "coastal"]
    monkeypatch.setenv("INLAND_COASTAL_DATA", str(other))
    second = indicators.totals("gdp", "paper", "coastal").loc[2022, "coastal"]
    monkeypatch.setenv("INLAND_COASTAL_DATA", str(data))
    third = indicators.totals("gdp", "paper", "coastal").loc[2022, "coastal"]
    assert first == third == pytest.approx(635683.3, abs=0.05)
    assert second == pytest.approx(635683.3 + 41610.9, abs=0.05)


def test_the_version_names_the_directory(data, tmp_path, monkeypatch):
    same = tmp_path / "same"
    shutil.copytree(data, same)
    here = inland_coastal.data_version()
    monkeypatch.setenv("INLAND_COASTAL_DATA", str(same))
    assert inland_coastal.data_version() != here      # same content, another directory


# ---------------------------------------------------------------- every data file
def _provinces(data):
    edit_keeping_stat(data / "provinces.csv", "110000,北京市,Beijing,2022,gdp,41610.9,亿元,paper",
                      "110000,北京市,Beijing,2022,gdp,41611.9,亿元,paper")
    return lambda: indicators.wide("gdp", "paper").loc[2022, 110000], 41610.9, 41611.9


def _paper_tables(data):
    edit_keeping_stat(data / "paper_tables.csv", "T1,gdp,2022,coastal,635683.3,", "T1,gdp,2022,coastal,635683.9,")
    return (lambda: indicators.table_from_paper(1).set_index("year").loc[2022, "coastal"]), 635683.3, 635683.9


def _regions(data):
    edit_keeping_stat(data / "regions.csv", ",北京,Beijing Municipality,", ",京师,Beijing Municipality,")
    return (lambda: (groupings.regions().loc[110000, "short_zh"], groupings.province_names()[110000],
                     groupings.resolve_province("京师"))), ("北京", "北京", None), ("京师", "京师", 110000)


def _groups(data):
    edit_keeping_stat(data / "groups.csv", "沿海地区,Coastal,1,#1f5fa8", "沿海省份,Coastal,1,#1f5fa9")
    return (lambda: (groupings.labels("coastal")["coastal"], groupings.colors("coastal")["coastal"])), \
        ("沿海地区", "#1f5fa8"), ("沿海省份", "#1f5fa9")


def _capitals(data):
    edit_keeping_stat(data / "capitals.csv", "110000,北京市,Beijing,北京市,116.4,39.9",
                      "110000,北京市,Beijing,北京市,117.2,39.1")  # onto Tianjin's capital (117.2, 39.12)
    return (lambda: round(float(spatial.distance_matrix().loc[110000, 120000]))), 111, 2


def _tile_grid(data):
    edit_keeping_stat(data / "tile_grid.csv", "230000,0,6", "230000,0,9")
    return (lambda: tuple(maps.load_tile_grid().set_index("adcode").loc[230000, ["row", "col"]])), (0, 6), (0, 9)


def _national(data):
    edit_keeping_stat(data / "national.csv", "2005,cny_per_usd,8.1917,", "2005,cny_per_usd,8.1918,")
    return (lambda: loading.exchange_rate().loc[2005]), 8.1917, 8.1918


def _timeline(data):
    edit_keeping_stat(data / "timeline.csv", "2000,,西部大开发,", "2000,,西部开发,", pad=-3)
    return (lambda: loading.load_timeline()["event_zh"].iloc[0]), "西部大开发", "西部开发"


@pytest.mark.parametrize("edit", [_provinces, _paper_tables, _regions, _groups, _capitals, _tile_grid, _national,
                                  _timeline],
                         ids=lambda f: f.__name__.strip("_"))
def test_every_data_file_edit_is_seen(data, edit):
    # read everything once, so that each value is in its cache before the edit
    indicators.wide("gdp", "paper"), indicators.table_from_paper(1), groupings.labels("coastal")
    spatial.distance_matrix(), maps.load_tile_grid(), loading.exchange_rate(), loading.load_timeline()
    version = inland_coastal.data_version()
    observe, was, becomes = edit(data)
    # the observer was made after the edit, so check the "before" value on the original data
    assert inland_coastal.data_version() != version
    assert observe() == becomes
    shutil.copy2(DATA / _file_of(edit), data / _file_of(edit))      # put it back (cp -p)
    assert observe() == was


def _file_of(edit) -> str:
    return {"_provinces": "provinces.csv", "_paper_tables": "paper_tables.csv", "_regions": "regions.csv",
            "_groups": "groups.csv", "_capitals": "capitals.csv", "_tile_grid": "tile_grid.csv",
            "_national": "national.csv", "_timeline": "timeline.csv"}[edit.__name__]


def test_new_and_deleted_files_change_the_version(data):
    v0 = inland_coastal.data_version()
    (data / "notes.csv").write_text("a\n1\n", encoding="utf-8")
    v1 = inland_coastal.data_version()
    (data / "notes.csv").unlink()
    assert v0 != v1 and inland_coastal.data_version() == v0
    (data / ".provinces.csv.123.tmp").write_text("half-written", encoding="utf-8")   # an atomic write under way
    assert inland_coastal.data_version() == v0


def test_rapid_edits_of_the_same_length_are_all_seen(data):
    """Edits a few milliseconds apart can leave the same size, mtime and ctime (file times are
    taken from a coarse clock); a file changed within 2 s of its hash is hashed on every call."""
    path = data / "provinces.csv"
    row = "110000,北京市,Beijing,2022,gdp,{},亿元,paper"
    seen, old = [], "41610.9"
    for value in ("41610.1", "41610.2", "41610.3", "41610.4", "41610.5"):
        text = path.read_bytes().decode("utf-8").replace(row.format(old), row.format(value))
        with open(path, "r+b") as fh:
            fh.write(text.encode("utf-8"))
        seen.append(indicators.wide("gdp", "paper").loc[2022, 110000])
        old = value
    assert seen == [41610.1, 41610.2, 41610.3, 41610.4, 41610.5]


def test_a_file_given_by_path_is_keyed_on_its_content(data, tmp_path):
    path = tmp_path / "panel.csv"
    shutil.copy2(data / "provinces.csv", path)
    assert loading.load_panel(path).shape == loading.load_panel().shape
    edit_keeping_stat(path, "110000,北京市,Beijing,2022,gdp,41610.9,亿元,paper",
                      "110000,北京市,Beijing,2022,gdp,41619.9,亿元,paper")
    p = loading.load_panel(path)
    sel = p[(p["adcode"] == 110000) & (p["year"] == 2022) & (p["indicator"] == "gdp") & (p["vintage"] == "paper")]
    assert sel["value"].tolist() == [41619.9]


# ---------------------------------------------------------------- maps keyed on their inputs
def test_boundaries_and_outlines_follow_the_names_and_labels(data, tmp_path):
    name = next(f["properties"]["short"] for f in boundaries.boundaries()["features"]
                if f["properties"]["adcode"] == 110000)
    key = boundaries.build_key()
    outline = {f["properties"]["group"]: f["properties"]["地区"] for f in boundaries.group_outlines("coastal")}
    assert name == "北京" and outline == {"coastal": "沿海地区", "inland": "内陆地区"}
    edit_keeping_stat(data / "regions.csv", ",北京,Beijing Municipality,", ",京师,Beijing Municipality,")
    edit_keeping_stat(data / "groups.csv", "沿海地区,Coastal,1,", "沿海省份,Coastal,1,")
    assert boundaries.build_key() != key
    assert next(f["properties"]["short"] for f in boundaries.boundaries()["features"]
                if f["properties"]["adcode"] == 110000) == "京师"
    assert {f["properties"]["地区"] for f in boundaries.group_outlines("coastal")} == {"沿海省份", "内陆地区"}
    # the shared files are rewritten for the new key
    path = boundaries.write_boundaries(tmp_path)
    assert f'"ic_key":"{boundaries.build_key()}"' in path.read_text(encoding="utf-8")[:200]
    assert "京师" in path.read_text(encoding="utf-8")


# ---------------------------------------------------------------- nothing cached is handed out mutable
MUTABLE = {
    "load_panel": (loading.load_panel, lambda df: df.__setitem__("value", 0.0)),
    "load_paper_tables": (loading.load_paper_tables, lambda df: df.__setitem__("value", 0.0)),
    "load_capitals": (loading.load_capitals, lambda df: df.__setitem__("lng", 0.0)),
    "regions": (groupings.regions, lambda df: df.__setitem__("coastal", "coastal")),
    "group_table": (groupings.group_table, lambda df: df.__setitem__("label_zh", "x")),
    "membership": (lambda: groupings.membership("coastal"), lambda s: s.__setitem__(110000, "coastal")),
    "schemes": (groupings.schemes, lambda x: x.append("x")),
    "groups": (lambda: groupings.groups("coastal"), lambda x: x.reverse()),
    "labels": (lambda: groupings.labels("coastal"), lambda d: d.__setitem__("coastal", "x")),
    "colors": (lambda: groupings.colors("coastal"), lambda d: d.__setitem__("coastal", "x")),
    "province_aliases": (groupings.province_aliases, lambda d: d.__setitem__("beijing", 0)),
    "province_names": (groupings.province_names, lambda d: d.__setitem__(110000, "x")),
    "wide": (lambda: indicators.wide("gdp", "paper"), lambda df: df.__setitem__(110000, 0.0)),
    "totals": (lambda: indicators.totals("gdp", "paper"), lambda df: df.__setitem__("coastal", 0.0)),
    "table_from_paper": (lambda: indicators.table_from_paper(1), lambda df: df.__setitem__("coastal", 0.0)),
    "table_from_provinces": (lambda: indicators.table_from_provinces(1), lambda df: df.__setitem__("coastal", 0.0)),
    "distance_matrix": (spatial.distance_matrix, lambda df: df.__setitem__(110000, 0.0)),
    "province_areas": (spatial.province_areas, lambda s: s.__setitem__(110000, 0.0)),
    "load_tile_grid": (maps.load_tile_grid, lambda df: df.__setitem__("row", 0)),
    "boundaries": (boundaries.boundaries, lambda d: d["features"].clear()),
    "group_outlines": (lambda: boundaries.group_outlines("coastal"), lambda x: x[0]["properties"].clear()),
    "region_names": (boundaries.region_names, lambda d: d.clear()),
}


def _same(a, b) -> bool:
    if isinstance(a, (pd.DataFrame, pd.Series)):
        return a.equals(b)
    return a == b


@pytest.mark.parametrize("name", sorted(MUTABLE))
def test_changing_a_returned_object_changes_nothing_cached(name):
    get, mutate = MUTABLE[name]
    reference = copy.deepcopy(get())
    first = get()
    mutate(first)
    assert not _same(first, reference), "the mutation should have changed the returned object"
    assert _same(get(), reference)


def test_clear_caches_empties_every_cache():
    indicators.table_from_provinces(1), spatial.distance_matrix(), groupings.labels("coastal")
    assert sum(cache.cache_info().values()) > 0
    before = indicators.table_from_provinces(1)
    inland_coastal.clear_caches()
    assert sum(cache.cache_info().values()) == 0
    assert indicators.table_from_provinces(1).equals(before)
    # the caches of every module that keeps values are registered
    names = set(cache.cache_info())
    for module in ("loading", "groupings", "indicators", "spatial", "boundaries", "maps"):
        assert any(n.startswith(f"inland_coastal.{module}.") for n in names), module
    assert np.isfinite(before["coastal"]).all()
