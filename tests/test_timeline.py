"""The timeline of policy milestones and shocks (data/timeline.csv): validated on load, selected by
years and kind, drawn as dashed rules on charts over years."""
from __future__ import annotations

import csv
import shutil

import pytest

from inland_coastal import charts, indicators, loading
from inland_coastal.errors import DataError
from inland_coastal.paths import PROJECT_ROOT

TIMELINE = PROJECT_ROOT / "data" / "timeline.csv"


def raw_rows():
    with TIMELINE.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_every_row_loads_with_its_source():
    t = loading.load_timeline()
    assert len(t) == len(raw_rows())
    assert set(t["kind"]) <= set(loading.TIMELINE_KINDS)
    assert (t["source"].str.len() > 4).all()
    # the events the book's chapters rely on are there, with the year the documents carry
    by_event = dict(zip(t["event_zh"], t["year"]))
    assert by_event["西部大开发"] == 2000
    assert by_event["中西部地区承接产业转移指导意见"] == 2010
    assert "国发〔2010〕28号" in t.loc[t["year"] == 2010, "source"].str.cat()
    assert by_event["新冠疫情：武汉封城"] == 2020
    coal = t[t["event_zh"].str.contains("煤炭")].iloc[0]
    assert (coal["year"], coal["end_year"]) == (2021, 2022)


def test_selection_by_years_and_kind():
    ev = loading.timeline_events((2005, 2019), kinds=["ftz"])
    assert set(ev["kind"]) == {"ftz"}
    assert ev["year"].between(2005, 2019).all()
    assert 2013 in set(ev["year"]) and 2023 not in set(ev["year"])
    # an event lasting several years overlaps a window that starts inside it
    assert "煤炭价格大幅上涨" in set(loading.timeline_events((2022, 2024))["event_zh"])
    with pytest.raises(DataError, match="unknown event kind"):
        loading.timeline_events(kinds=["war"])


@pytest.mark.parametrize("field, value, message", [
    ("kind", "policy", "unknown kind 'policy'"),
    ("source", "", "empty source"),
    ("year", "20x0", "is not a number"),
    ("end_year", "1999", "must be a whole year not before"),
])
def test_a_bad_row_is_named_by_line_and_column(tmp_path, monkeypatch, field, value, message):
    data = tmp_path / "data"
    shutil.copytree(PROJECT_ROOT / "data", data)
    rows = raw_rows()
    rows[2][field] = value
    with (data / "timeline.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    monkeypatch.setenv("INLAND_COASTAL_DATA", str(data))
    with pytest.raises(DataError) as err:
        loading.load_timeline()
    assert message in str(err.value)
    assert "line 4" in str(err.value) and "timeline.csv" in str(err.value)


def test_rules_only_at_years_the_chart_shows():
    events = loading.timeline_events()
    years = range(2005, 2020)
    layer = charts.event_rules(events, years).to_dict()
    drawn = {row["year"] for row in layer["data"]["values"]} if "values" in layer["data"] else None
    if drawn is None:  # Altair may move inline data into top-level datasets
        drawn = {row["year"] for rows in layer["datasets"].values() for row in rows}
    expected = {y for y in events["year"] if y in years}
    assert drawn == expected and 2000 not in drawn and 2020 not in drawn
    assert charts.event_rules(events, [1990]) is None


def test_group_lines_carries_the_events_layer():
    t = indicators.totals("gdp", "nbs_db_2021", "coastal")
    sh = indicators.shares(t).rename_axis("year").reset_index()
    long = charts.long_by_group(sh, "coastal")
    plain = charts.group_lines(long, "value", "占比", "coastal").to_dict()
    marked = charts.group_lines(long, "value", "占比", "coastal", events=loading.timeline_events()).to_dict()
    assert len(marked["vconcat"][0]["layer"]) == len(plain["vconcat"][0]["layer"]) + 1
    rule = marked["vconcat"][0]["layer"][0]
    assert rule["mark"]["type"] == "rule" and rule["mark"]["strokeDash"] == [2, 3]
