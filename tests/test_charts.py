"""The chart module: theme, the book renderer's HTML, builders' labels and interactivity."""
import json
import re

import altair as alt

from inland_coastal import charts, indicators


def test_theme_is_enabled_with_chinese_font():
    assert alt.theme.active == "inland_coastal"
    assert "Noto Sans CJK SC" in charts.theme()["config"]["font"]


def test_spec_json_is_strict_json_safe_in_script():
    text = charts.spec_json({"a": float("nan"), "b": ["</script>", 1.5], "c": float("inf")})
    assert json.loads(text) == {"a": None, "b": ["</script>", 1.5], "c": None}
    assert "</" not in text


def test_book_renderer_draws_with_local_vega_embed():
    chart = charts.table_chart(indicators.table_from_paper(1), "亿元", "地区生产总值")
    html = charts.book_renderer(chart.to_dict())[0]["text/html"]
    div = re.search(r'<div id="(vl-[0-9a-f]{10}-\d+)" class="ic-chart', html).group(1)
    assert f"window.vegaEmbed('#{div}'" in html
    assert "src=" not in html  # no script of its own: the site loads Vega once per page
    spec = json.loads(html[html.index("var spec=") + 9:html.index(";var opt=")])
    assert spec["$schema"].endswith("v6.4.1.json") or "vega-lite/v6" in spec["$schema"]


def test_table_chart_labels_units_tooltips_and_legend_selection():
    t = indicators.table_from_paper(2)
    spec = charts.table_chart(t, "元", "人均地区生产总值", pct_title="相对全国（全国=100）").to_dict()
    text = json.dumps(spec, ensure_ascii=False)
    assert "人均地区生产总值（元）" in text and "相对全国（全国=100）" in text
    assert "沿海地区" in text and "内陆地区" in text
    assert '"bind": "legend"' in text and "tooltip" in text
    assert "资料来源" in text  # the source note under the chart
    values = [v for d in spec["datasets"].values() for v in d]
    assert {v["value"] for v in values if v["year"] == 2022} == {99904.65, 73407.66}


def test_province_bars_year_slider():
    pc = indicators.province_per_capita("gdp", "paper")
    long = pc.stack().rename("pc").reset_index()
    from inland_coastal.groupings import membership, regions

    long["province"] = long["adcode"].map(regions()["short_zh"])
    long["group"] = long["adcode"].map(membership("coastal"))
    spec = charts.province_bars_by_year(long, "pc", "人均地区生产总值（元）").to_dict()
    params = [p for c in [spec, *spec.get("vconcat", [])] for p in c.get("params", [])]
    slider = next(p for p in params if p["name"] == "year")
    assert slider["bind"]["input"] == "range"
    assert (slider["bind"]["min"], slider["bind"]["max"], slider["value"]) == (2011, 2022, 2022)


def test_zh_axis_uses_wan_and_yi():
    assert "'亿'" in charts.ZH_NUMBER_LABEL and "'万'" in charts.ZH_NUMBER_LABEL


def test_province_bars_scheme_dropdown():
    """With several schemes, a dropdown chooses the grouping that colours the bars."""
    pc = indicators.province_per_capita("gdp", "paper").loc[[2021, 2022]]
    long = pc.stack().rename("pc").reset_index()
    from inland_coastal.groupings import regions

    long["province"] = long["adcode"].map(regions()["short_zh"])
    spec = charts.province_bars_by_year(long, "pc", "人均地区生产总值（元）", schemes=charts.SCHEMES).to_dict()
    params = {p["name"]: p for c in [spec, *spec.get("vconcat", [])] for p in c.get("params", [])}
    assert params["scheme"]["bind"]["input"] == "select"
    assert params["scheme"]["bind"]["options"] == ["coastal", "four_regions", "north_south"]
    rows = next(iter(spec["datasets"].values()))
    beijing = next(r for r in rows if r["adcode"] == 110000)
    assert (beijing["g_coastal"], beijing["g_four_regions"], beijing["g_north_south"]) == \
        ("内陆地区", "东部地区", "北方地区")


def _complex_charts():
    """Charts with layers inside concatenations, lifted parameters, legends bound to
    selections and a map with a slider: where Altair's copies and parameter lifting matter."""
    from inland_coastal import maps

    t3 = indicators.table_from_paper(3)
    pc = indicators.province_per_capita("gdp", "paper").stack().rename("value").reset_index()
    return [
        charts.vintage_table_chart({"论文表3": t3, "另一口径": t3}, "亿元", "一般公共预算收入"),
        charts.table_chart(indicators.table_from_paper(1), "亿元", "地区生产总值"),
        maps.choropleth(pc, "value", "人均地区生产总值（元）", scheme_outline="coastal", mode="inline"),
    ]


def _book_spec(chart) -> dict:
    """The spec inside what a book build shows for ``chart``."""
    from inland_coastal.charts.theme import book_display

    bundle, metadata = book_display(chart)
    html = bundle["text/html"]
    assert "inland_coastal/portable" in metadata  # the downloads' standard HTML
    return json.loads(html[html.index("var spec=") + 9:html.index(";var opt=")])


def test_book_display_shows_altairs_own_spec():
    """Book builds skip Altair's checks while charts are built (its public debug-mode switch)
    and when they are shown (our ``to_dict(validate=False)``): the specs on the page are the
    ones Altair's validated ``to_dict()`` gives with its defaults."""
    from altair.utils import schemapi

    with schemapi.debug_mode(True):
        built = _complex_charts()
        expected = [json.loads(charts.spec_json(c.to_dict())) for c in built]  # validated
    with schemapi.debug_mode(False):
        got = [_book_spec(c) for c in _complex_charts()]
    assert len(got) == 3
    for e, g in zip(expected, got):
        assert json.dumps(g, sort_keys=True) == json.dumps(e, sort_keys=True)
    # the layered, concatenated chart keeps its legend selections lifted to the top level
    assert {p["name"] for p in got[0]["params"]} >= {"grp", "src", "yr"}
    # and the choropleth its map data and year slider
    assert any(p.get("bind", {}).get("input") == "range" for p in got[2].get("params", []))


def test_book_display_is_what_ipython_shows():
    """Registered with IPython's formatter API, every Altair chart (plain, layered,
    concatenated) is shown through book_display; other objects are left alone."""
    from IPython.core.formatters import DisplayFormatter

    from inland_coastal.charts.theme import enable_book_display

    formatter = DisplayFormatter()
    active = alt.renderers.active
    try:
        enable_book_display(formatter)
        chart = charts.table_chart(indicators.table_from_paper(1), "亿元", "地区生产总值")
        data, metadata = formatter.format(chart)
        assert 'class="ic-chart' in data["text/html"] and "window.vegaEmbed(" in data["text/html"]
        assert "https://cdn" in metadata["inland_coastal/portable"]["text/html"]  # Altair's own HTML
        assert _book_spec(chart) == json.loads(charts.spec_json(chart.to_dict()))
        assert "ic-chart" not in str(formatter.format({"a": 1})[0])
    finally:
        alt.utils.schemapi.enable_debug_mode()
        alt.renderers.enable(active)
