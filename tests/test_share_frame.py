"""Several indicators' shares and indices in one frame (explore.share_frame, series_endpoints),
provinces relative to the nation, vintage revisions, the change of gravity ties, and the book
helpers that glue or tabulate a frame; expected values derived from the raw CSV."""
from __future__ import annotations

import functools
import json

import pandas as pd
import pytest

import rawdata
from inland_coastal import book, charts, explore, indicators, loading, scenario, spatial
from inland_coastal.errors import DataError
from rawdata import groups

values = functools.lru_cache(maxsize=None)(rawdata.values)
INLAND = [c for c, g in groups("coastal").items() if g == "inland"]


def inland_pct(indicator, vintage, year, drop=()):
    v = {c: x for c, x in values(indicator, vintage, year).items() if c not in drop}
    return 100 * sum(x for c, x in v.items() if c in INLAND) / sum(v.values())


def test_share_frame_shares_and_breaks():
    f = explore.share_frame({"gdp": ("gdp", "nbs_db_2021"), "pop-0004": ("population", "nbs_db", (None, 2004)),
                             "pop": ("population", "nbs_db", (2005, None)),
                             "sec-rev": ("va_secondary", "rev2025", (2019, None))})
    assert list(dict.fromkeys(f["series"])) == ["gdp", "pop-0004", "pop", "sec-rev"]
    by = {k: g.set_index("year")["share"] for k, g in f.groupby("series")}
    assert by["gdp"].loc[2000] == pytest.approx(inland_pct("gdp", "nbs_db_2021", 2000))
    assert by["pop-0004"].index.tolist() == list(range(2000, 2005))
    assert by["pop"].index.min() == 2005 and by["pop"].loc[2005] == pytest.approx(
        inland_pct("population", "nbs_db", 2005))
    assert by["sec-rev"].index.tolist() == list(range(2019, 2025))
    assert set(f.columns) >= {"指标", "series", "口径", "year", "share", "key", "vintage"}
    assert f.loc[f["series"] == "sec-rev", "口径"].iloc[0] == explore.VINTAGE_LABELS["rev2025"]


def test_share_frame_without_beijing_is_a_share_of_the_rest():
    f = explore.share_frame({"t": ("trade_usd", "nbs_db_2021", None, ["北京"]),
                             "e": ("exports_usd", "nbs_db_2021", (2010, 2019), ["Beijing"])})
    t = f[f["series"] == "t"].set_index("year")["share"]
    assert t.loc[2019] == pytest.approx(inland_pct("trade_usd", "nbs_db_2021", 2019, drop={110000}))
    assert t.loc[2019] < inland_pct("trade_usd", "nbs_db_2021", 2019)
    assert f.loc[f["series"] == "t", "指标"].iloc[0].endswith("（不含北京）")
    e = f[f["series"] == "e"].set_index("year")["share"]
    assert e.index.tolist() == list(range(2010, 2020))
    assert e.loc[2015] == pytest.approx(inland_pct("exports_usd", "nbs_db_2021", 2015, drop={110000}))


def test_share_frame_indices_and_bad_specs():
    f = explore.share_frame({"pc": ("gdp_per_capita", "nbs_db_2021", (2005, 2019))})
    gdp, pop = values("gdp", "nbs_db_2021", 2019), values("population", "nbs_db", 2019)
    want = 100 * (sum(gdp[c] for c in INLAND) / sum(pop[c] for c in INLAND)) / (sum(gdp.values()) / sum(pop.values()))
    assert f.set_index("year").loc[2019, "share"] == pytest.approx(want)
    with pytest.raises(DataError, match="totals only"):
        explore.share_frame({"x": ("gdp_per_capita", "nbs_db_2021", None, ["北京"])})
    with pytest.raises(DataError, match="unknown province"):
        explore.share_frame({"x": ("gdp", "nbs_db_2021", None, ["Atlantis"])})
    with pytest.raises(DataError, match="unknown indicator"):
        explore.share_frame({"x": ("gnp", "nbs_db_2021")})
    with pytest.raises(DataError, match="a series is"):
        explore.share_frame({"x": ("gdp",)})
    with pytest.raises(DataError, match="unknown group"):
        explore.share_frame({"x": ("gdp", "paper")}, group="east")


def test_series_endpoints():
    frame = pd.DataFrame({"series": ["a"] * 4 + ["b"] * 2, "year": [2000, 2001, 2002, 2003, 2010, 2011],
                          "share": [3.0, 5.0, 1.0, 4.0, 7.0, 6.0]})
    e = explore.series_endpoints(frame, years=(2001, 2011))
    assert (e["a-first-year"], e["a-first"], e["a-last-year"], e["a-last"]) == (2000, 3.0, 2003, 4.0)
    assert (e["a-max-year"], e["a-max"], e["a-min-year"], e["a-min"], e["a-change"]) == (2001, 5.0, 2002, 1.0, 1.0)
    assert e["a-2001"] == 5.0 and e["b-2011"] == 6.0 and "a-2011" not in e and "b-2001" not in e


def test_province_index_and_vintage_ratio():
    d = indicators.province_index("gdp", "first_release").set_index(["year", "adcode"])["index"]
    gdp, pop = values("gdp", "first_release", 2024), values("population", "nbs_db", 2024)
    nat = sum(gdp.values()) / sum(pop.values())
    assert d.loc[(2024, 520000)] == pytest.approx(100 * gdp[520000] / pop[520000] / nat)
    r = indicators.vintage_ratio("gdp", "nbs_db_2021", "first_release", 2012)
    assert r.loc[150000] == pytest.approx(values("gdp", "nbs_db_2021", 2012)[150000]
                                          / values("gdp", "first_release", 2012)[150000])
    assert len(r) == 31
    with pytest.raises(DataError, match="do not both cover"):
        indicators.vintage_ratio("gdp", "nbs_db_2021", "first_release", 2023)


def test_coastal_ties_change_is_size_growth_with_fixed_distances():
    c = spatial.coastal_ties_change(2012, 2022)
    g12, g22 = values("gdp", "paper", 2012), values("gdp", "paper", 2022)
    p12, p22 = values("population", "nbs_db", 2012), values("population", "nbs_db", 2022)
    assert c["mass_growth"] == pytest.approx(sum(g22.values()) * sum(p22.values())
                                             / (sum(g12.values()) * sum(p12.values())))
    a, b = spatial.coastal_ties(2012), spatial.coastal_ties(2022)
    assert c["growth"] == pytest.approx(b["to_coastal"].sum() / a["to_coastal"].sum())
    assert c["share_end"] == pytest.approx(b["coastal_share"].mean())
    assert c["top_partner"] == b["top_partner"].value_counts().index[0]
    # distances do not move: had every province grown alike, the growth would be the mass growth
    assert abs(c["growth"] / c["mass_growth"] - 1) < 0.05


def test_glue_frame_names_cells_and_skips_missing():
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    InteractiveShell.instance()
    df = pd.DataFrame({"start": [2005, 2012], "beta": [-0.02, float("nan")], "flag": [True, False]}, index=["a", "b"])
    with capture_output() as out:
        values = book.glue_frame("p", df)
        book.glue_frame("q", df, ["start"])
    assert values == {"a-start": 2005, "a-beta": -0.02, "a-flag": 1, "b-start": 2012, "b-flag": 0}
    assert type(values["a-start"]) is int              # years stay whole numbers
    names = [o.metadata["scrapbook"]["name"] for o in out.outputs]
    assert names == ["p-a-start", "p-a-beta", "p-a-flag", "p-b-start", "p-b-flag", "q-a-start", "q-b-start"]
    shown = {o.metadata["scrapbook"]["name"]: o.data["application/papermill.record/text/plain"] for o in out.outputs}
    assert shown["p-a-start"] == "2005"                 # not "2005.0"


def test_table_helpers_render_numbered_tables():
    from inland_coastal import convergence

    t = convergence.summary_table({"n": (2005, 2019, "nbs_db_2021", False), "r": (2005, 2019, "nbs_db_2021", True)})
    md = book.convergence_md(t, "标题", "tbl-x", {"nbs_db_2021": "2021年版数据库"}).data
    assert ":name: tbl-x" in md and "2021年版数据库" in md and "实际（2005年价）" in md
    assert f"{t.loc['r', 'beta']:.4f}" in md and f"{t.loc['n', 'speed'] * 100:.2f}" in md
    c = scenario.compare({"a": (0.05, 0.05), "b": (0.05, 0.07)})
    md = book.scenario_md(c, "标题", "tbl-y", 2035, 2100, names={"a": "甲"}).data
    assert "| 甲 |" in md and "2100年前不弥合" in md and f"| {c.loc['b', 'closing']} |" in md


def test_charts_for_the_new_frames():
    f = explore.share_frame({"t": ("trade_usd", "nbs_db_2021"), "x": ("trade_usd", "nbs_db_2021", None, ["北京"])})
    spec = charts.share_indicator_lines(f, events=loading.timeline_events((2000, 2019), kinds=["ftz"])).to_dict()
    text = json.dumps(spec, ensure_ascii=False)
    assert "自由贸易试验区第三批" in text                      # the FTZ batches are drawn
    assert '"key"' not in text                                  # only the columns drawn are in the spec
    from inland_coastal import convergence

    panel = convergence.beta_panel({"n": (2005, 2012, "nbs_db_2021", "nominal")})
    text = json.dumps(charts.beta_panel_chart(panel).to_dict(), ensure_ascii=False)
    fit = convergence.ols_slope(panel["log_initial"], panel["growth"] / 100)
    assert f"β = {fit['beta']:.4f}" in text
