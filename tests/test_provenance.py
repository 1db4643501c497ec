"""inland_coastal.provenance: the panel's series, the data files and the software versions,
checked against the files read directly and against a data folder edited in the test."""
from __future__ import annotations

import hashlib
import shutil

import pytest

import rawchecks as raw
from rawdata import DATA, rows

from inland_coastal import clear_caches, provenance
from inland_coastal.errors import DataError


def test_panel_counts_and_coverage_from_the_csv():
    r = rows("provinces.csv")
    c = provenance.panel_counts()
    assert c["rows"] == len(r)
    assert c["series"] == len({(x["indicator"], x["vintage"]) for x in r})
    assert c["indicators"] == len({x["indicator"] for x in r})
    assert (c["year-min"], c["year-max"]) == (min(int(x["year"]) for x in r), max(int(x["year"]) for x in r))
    years = provenance.coverage_years()
    for ind, vin in {(x["indicator"], x["vintage"]) for x in r}:
        ys = [int(x["year"]) for x in r if (x["indicator"], x["vintage"]) == (ind, vin)]
        assert (years[f"{ind}-{vin}-first"], years[f"{ind}-{vin}-last"]) == (min(ys), max(ys))
    table = provenance.coverage_table()
    assert len(table) == c["series"] and table["行数"].sum() == len(r)


def test_series_breaks_measured():
    b = provenance.series_breaks()
    p04, p05 = raw.group_sum("population", "nbs_db", 2004), raw.group_sum("population", "nbs_db", 2005)
    assert (b["pop-before"], b["pop-after"]) == (p04["national"], p05["national"])
    assert b["pop-change"] < 0
    assert b["first-step"] == pytest.approx(raw.share("gdp", "first_release", 2019) - raw.share("gdp", "first_release", 2018))
    assert b["db-step"] == pytest.approx(raw.share("gdp", "nbs_db_2021", 2019) - raw.share("gdp", "nbs_db_2021", 2018))
    assert b["va-join-year"] == 2019 and b["real-last"] == 2019


def test_data_files_sizes_and_checksums():
    files = provenance.data_files(samples=True)
    on_disk = sorted(DATA.glob("*.csv")) + sorted((DATA / "samples").glob("*.csv"))
    assert list(files["file"]) == [f"data/{p.relative_to(DATA).as_posix()}" for p in on_disk]
    for p, (_, r) in zip(on_disk, files.iterrows()):
        assert r["sha256"] == hashlib.sha256(p.read_bytes()).hexdigest()
        assert r["bytes"] == p.stat().st_size
    top = files.dropna(subset=["rows"]).set_index("name")
    assert top.loc["provinces.csv", "rows"] == len(rows("provinces.csv"))
    assert "{download}`timeline.csv <../data/timeline.csv>`" in provenance.download_list()


def test_an_edited_data_folder_is_seen(tmp_path, monkeypatch):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    monkeypatch.setenv("INLAND_COASTAL_DATA", str(copy))
    clear_caches()
    try:
        before = provenance.panel_counts()["rows"]
        text = (copy / "provinces.csv").read_text(encoding="utf-8").splitlines(keepends=True)
        (copy / "provinces.csv").write_text("".join(text[:-1]), encoding="utf-8")   # drop one row
        assert provenance.panel_counts()["rows"] == before - 1
        assert provenance.data_files().set_index("name").loc["provinces.csv", "rows"] == before - 1
    finally:
        clear_caches()


def test_versions_against_a_lock(tmp_path):
    lock = tmp_path / "requirements.txt"
    lock.write_text("pandas==0.0.1\n# comment\nNumPy==1.0 ; python_version>'3'\n", encoding="utf-8")
    assert provenance.locked_versions(lock) == {"pandas": "0.0.1", "numpy": "1.0"}
    t = provenance.package_versions(["pandas", "numpy", "no-such-package-here"], lock)
    assert list(t["package"]) == ["pandas", "numpy"]
    assert list(t["locked"]) == ["0.0.1", "1.0"]
    from importlib.metadata import version
    assert t.loc[0, "installed"] == version("pandas")


def test_source_note_names_vintages_and_years():
    note = provenance.source_note("gdp", ["paper", "first_release"])
    assert note.startswith("资料来源：国家统计局分省年度数据，地区生产总值（paper 2011—2022 年；first_release ")
    with pytest.raises(DataError, match="no vintage 'nope'"):
        provenance.source_note("gdp", ["nope"])
