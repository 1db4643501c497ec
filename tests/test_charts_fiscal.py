"""The chart builders of the fiscal and industry readings: pair_ratio_lines, fiscal_lines,
contribution_bars, province_scatter_panels. Specs are validated by Altair and drawn by Vega
(vl-convert), so a parameter a filter uses but no view defines fails here, not on the page."""
from __future__ import annotations

import json

import pandas as pd
import pytest
import vl_convert

from inland_coastal import charts, finance, indicators, loading
from inland_coastal.groupings import regions


def params(spec: dict) -> dict:
    found = {}

    def walk(node):
        if isinstance(node, dict):
            for p in node.get("params", []):
                found[p["name"]] = p
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
    walk(spec)
    return found


def rows(spec: dict) -> pd.DataFrame:
    """The inline data of a chart as plain rows, records packed by ``charts.packed_series``
    (constant columns once, the varying ones as lists) unpacked again."""
    out = []
    for d in spec["datasets"].values():
        for rec in d:
            lists = {k: v for k, v in rec.items() if isinstance(v, list)}
            n = len(next(iter(lists.values()))) if lists else 1
            out += [{**rec, **{k: v[i] for k, v in lists.items()}} for i in range(n)]
    return pd.DataFrame(out)


def draws(chart) -> dict:
    spec = chart.to_dict()                  # Altair's schema validation
    svg = vl_convert.vegalite_to_svg(spec)  # Vega parses and runs it: every signal must exist
    assert svg.startswith("<svg")
    return spec


@pytest.fixture(scope="module")
def ratio_frame():
    r = finance.gap_ratios(pairs=[("coastal", "coastal", "inland"), ("north_south", "south", "north")])
    return r.assign(比较=r["pair"], 指标=r["measure"].map(finance.YARDSTICKS), 口径=r["vintage"])


def test_pair_ratio_lines_dropdown_breaks_and_events(ratio_frame):
    ev = loading.timeline_events((2000, 2024), kinds=["fiscal"])
    spec = draws(charts.pair_ratio_lines(ratio_frame, events=ev, source="资料来源：测试。"))
    p = params(spec)
    assert p["pair"]["bind"]["input"] == "select"
    assert p["pair"]["bind"]["options"] == ["沿海地区÷内陆地区", "南方地区÷北方地区"]
    text = json.dumps(spec, ensure_ascii=False)
    assert '"detail"' in text and "series" in text            # lines break where series changes
    assert "营改增" in text and "留抵退税" in text and "资料来源：测试。" in text
    data = rows(spec)
    data = data[data["ratio"].notna()]
    assert set(data["指标"]) == set(finance.YARDSTICKS.values())
    r = ratio_frame.set_index(["pair", "measure", "vintage", "year"])["ratio"]
    got = data[(data["比较"] == "沿海地区÷内陆地区") & (data["指标"] == "人均地方财政收入") & (data["year"] == 2022)]
    assert got["ratio"].iloc[0] == pytest.approx(r[("沿海地区÷内陆地区", "revenue", "nbs_db_2025", 2022)])
    assert len(data) == len(ratio_frame)               # every row survives the packing


def test_fiscal_lines_two_dropdowns_two_panels():
    frames = {s: finance.fiscal_series(s) for s in ("coastal", "four_regions")}
    spec = draws(charts.fiscal_lines(frames, vintage_labels={"nbs_db_2021": "旧", "nbs_db_2025": "新"},
                                     events=loading.timeline_events((2000, 2024), kinds=["strategy"])))
    p = params(spec)
    assert p["scheme"]["bind"]["options"] == ["coastal", "four_regions"]
    assert p["measure"]["bind"]["options"] == list(charts.FISCAL_MEASURES.values())
    assert len(spec["vconcat"][0]["hconcat"]) == 2
    data = rows(spec)
    gap = data[(data["scheme"] == "coastal") & (data["项目"] == charts.FISCAL_MEASURES["gap"])
               & (data["地区"] == "内陆地区")]
    # per-resident lines break at the 2004/05 population break, not % of GDP ones
    assert gap.loc[gap["year"] == 2004, "series_pc"].iloc[0] != gap.loc[gap["year"] == 2005, "series_pc"].iloc[0]
    assert gap.loc[gap["year"] == 2004, "series_pct"].iloc[0] == gap.loc[gap["year"] == 2005, "series_pct"].iloc[0]
    assert set(gap["口径"]) == {"旧", "新"}
    want = finance.fiscal("coastal", "nbs_db_2021").set_index(["year", "unit"]).loc[(2010, "inland"), "gap_pc"]
    assert gap[(gap["year"] == 2010)]["pc"].iloc[0] == pytest.approx(want, abs=0.5)       # whole yuan


def test_packed_series_round_trip_and_refuses_a_varying_constant():
    df = pd.DataFrame({"line": ["a", "a", "b"], "label": ["甲", "甲", "乙"], "year": [2000, 2001, 2000],
                       "value": [1.5, 2.0, float("nan")]})
    data, vary = charts.packed_series(df, "line", ["year", "value"])
    assert vary == ["year", "value"]
    assert data.to_dict("records") == [{"line": "a", "label": "甲", "year": [2000, 2001], "value": [1.5, 2]},
                                       {"line": "b", "label": "乙", "year": [2000], "value": [None]}]
    with pytest.raises(ValueError, match="not constant"):
        charts.packed_series(df.assign(label=["甲", "丙", "乙"]), "line", ["year", "value"])


def test_contribution_bars_and_scatter_panels():
    d = finance.revenue_ratio_decomposition(2021, 2022)
    d = d[d["part"] == "revenue"].assign(province=lambda t: t["unit"].map(regions()["short_zh"]),
                                         类别=lambda t: t["group"])
    spec = draws(charts.contribution_bars(d, "contribution", "贡献", "类别"))
    assert spec["vconcat"][0]["layer"][0]["encoding"]["y"]["sort"]["field"] == "contribution"
    gdp = indicators.province_per_capita("gdp", "rev2025").loc[2022]
    rev = indicators.province_per_capita("fiscal_revenue", "nbs_db_2025").loc[2022]
    df = pd.DataFrame({"year": 2022, "adcode": gdp.index, "gdp": gdp.values, "revenue": rev.values})
    df["province"] = df["adcode"].map(regions()["short_zh"])
    spec = draws(charts.province_scatter_panels(df, "gdp", "人均地区生产总值（元）", {"revenue": "人均财政收入（元）"}))
    assert params(spec)["year"]["bind"]["input"] == "range"
    assert '"method": "pow"' in json.dumps(spec)
