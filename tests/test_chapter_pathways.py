"""chapters/pathways.md (突破路径): every number glued into the prose equals what the library
computes, every glue reference in the text exists, and the built page carries the tables,
the charts and the saved widget state."""
from __future__ import annotations

import json
import math
import re

import pytest

import conftest
from inland_coastal import convergence as C
from inland_coastal import indicators as I
from inland_coastal import scenario as S
from inland_coastal import spatial as P

CHAPTER = "pathways"



@pytest.fixture(scope="module")
def g(built_book):
    return conftest.glued(CHAPTER)


def approx(x):
    return pytest.approx(float(x), rel=1e-9, abs=1e-9)


def inland_share(indicator, vintage, year):
    return I.shares(I.totals(indicator, vintage, "coastal")).loc[year, "inland"]


def inland_index(indicator, vintage, year):
    return I.index_to_national(I.per_capita(indicator, vintage, "coastal")).loc[year, "inland"]


def test_every_glue_reference_in_the_text_is_glued(g):
    text = (conftest.ROOT / "chapters" / f"{CHAPTER}.md").read_text()
    refs = set(re.findall(r"\{glue:(?:text|md)\}`([\w-]+)", text))
    refs |= set(re.findall(r"\{glue:figure\} ([\w-]+)", text))
    assert refs, "no glue references found"
    missing = sorted(r for r in refs if r not in g)
    assert not missing, missing


def test_indicator_shares_and_indices(g):
    fr = I.totals("gdp", "first_release")
    y0, y1 = int(fr.index.min()), int(fr.index.max())
    assert (g["pathways-fr-first"], g["pathways-fr-last"]) == (y0, y1)
    assert g["pathways-gdp-share-2012"] == approx(inland_share("gdp", "paper", 2012))
    assert g["pathways-gdp-share-2022"] == approx(inland_share("gdp", "paper", 2022))
    assert g["pathways-gdp-share-fr-first"] == approx(inland_share("gdp", "first_release", y0))
    assert g["pathways-gdp-share-fr-last"] == approx(inland_share("gdp", "first_release", y1))
    assert g["pathways-pc-index-2012"] == approx(inland_index("gdp", "paper", 2012))
    assert g["pathways-pc-index-2022"] == approx(inland_index("gdp", "paper", 2022))
    assert g["pathways-pc-index-fr-first"] == approx(inland_index("gdp", "first_release", y0))
    assert g["pathways-pc-index-fr-last"] == approx(inland_index("gdp", "first_release", y1))
    assert g["pathways-pop-share-first"] == approx(inland_share("population", "nbs_db", y0))
    assert g["pathways-pop-share-last"] == approx(inland_share("population", "nbs_db", y1))


def test_trade_fiscal_value_added_income(g):
    for key, vintage in (("old", "paper"), ("new", "nbs_db_2026")):
        t = I.totals("trade_usd", vintage)
        a, b = int(t.index.min()), int(t.index.max())
        assert (g[f"pathways-trade-{key}-first"], g[f"pathways-trade-{key}-last"]) == (a, b)
        assert g[f"pathways-trade-share-{key}-first"] == approx(inland_share("trade_usd", vintage, a))
        assert g[f"pathways-trade-share-{key}-last"] == approx(inland_share("trade_usd", vintage, b))
    f = I.totals("fiscal_revenue", "nbs_db_2025")
    a, b = int(f.index.min()), int(f.index.max())
    assert (g["pathways-fis-first"], g["pathways-fis-last"]) == (a, b)
    assert g["pathways-fis-share-last"] == approx(inland_share("fiscal_revenue", "nbs_db_2025", b))
    assert g["pathways-fis-index-first"] == approx(inland_index("fiscal_revenue", "nbs_db_2025", a))
    assert g["pathways-fis-index-last"] == approx(inland_index("fiscal_revenue", "nbs_db_2025", b))
    v = I.totals("va_secondary", "rev2025")
    a, b = int(v.index.min()), int(v.index.max())
    assert (g["pathways-va-first"], g["pathways-va-last"]) == (a, b)
    assert g["pathways-va2-share-first"] == approx(inland_share("va_secondary", "rev2025", a))
    assert g["pathways-va2-share-last"] == approx(inland_share("va_secondary", "rev2025", b))
    assert g["pathways-va3-share-last"] == approx(inland_share("va_tertiary", "rev2025", b))
    # disposable income: province values weighted by year-end population
    inc = I.wide("disposable_income_per_capita", "nbs_db_2025")
    last = int(inc.dropna().index.max())
    pop = I.wide("population", "nbs_db").loc[last]
    from inland_coastal.groupings import membership

    m = membership("coastal")
    inland = m[m == "inland"].index
    nat = (inc.loc[last] * pop).sum() / pop.sum()
    inl = (inc.loc[last, inland] * pop[inland]).sum() / pop[inland].sum()
    assert g["pathways-inc-last"] == last
    assert g["pathways-inc-index-last"] == approx(inl / nat * 100)


def test_gravity_ties_and_energy_prices(g):
    t12, t22 = P.coastal_ties(2012), P.coastal_ties(2022)
    assert g["pathways-ties-share-2012"] == approx(t12["coastal_share"].mean())
    assert g["pathways-ties-share-2022"] == approx(t22["coastal_share"].mean())
    assert g["pathways-ties-growth"] == approx(t22["to_coastal"].sum() / t12["to_coastal"].sum())
    w = I.wide("gdp", "paper")
    assert g["pathways-sx-growth"] == approx(((w.loc[2022, 140000] / w.loc[2020, 140000]) ** 0.5 - 1) * 100)
    assert g["pathways-nm-growth"] == approx(((w.loc[2022, 150000] / w.loc[2020, 150000]) ** 0.5 - 1) * 100)
    assert g["pathways-nat-growth"] == approx(((w.loc[2022].sum() / w.loc[2020].sum()) ** 0.5 - 1) * 100)


@pytest.mark.parametrize("key,vintage", [("paper", "paper"), ("fr", "first_release"), ("rev", "rev2025")])
def test_sigma_convergence(g, key, vintage):
    s = C.sigma_convergence(vintage).set_index("year")
    assert g[f"pathways-sigma-{key}-first-year"] == int(s.index.min())
    assert g[f"pathways-sigma-{key}-last-year"] == int(s.index.max())
    assert g[f"pathways-sigma-{key}-first"] == approx(s["sd_log"].iloc[0])
    assert g[f"pathways-sigma-{key}-last"] == approx(s["sd_log"].iloc[-1])
    assert g[f"pathways-cvw-{key}-last"] == approx(s["cv_weighted"].iloc[-1])


def test_map_extremes(g):
    ppc = I.province_per_capita("gdp", "first_release")
    idx = ppc.div(I.per_capita("gdp", "first_release")["national"], axis=0) * 100
    y0, y1 = g["pathways-fr-first"], g["pathways-fr-last"]
    assert g["pathways-map-min-first"] == approx(idx.loc[y0].min())
    assert g["pathways-map-max-first"] == approx(idx.loc[y0].max())
    assert g["pathways-map-min-last"] == approx(idx.loc[y1].min())
    assert g["pathways-map-max-last"] == approx(idx.loc[y1].max())


def test_sigma_rise_years(g):
    fr = C.sigma_convergence("first_release").set_index("year")
    assert g["pathways-sigma-fr-2012"] == approx(fr.loc[2012, "sd_log"])
    d = C.sigma_convergence("paper").set_index("year")["sd_log"].diff()
    assert g["pathways-sigma-paper-rise-years"] == "、".join(str(y) for y in d[d > 0].index)


@pytest.mark.parametrize("key,vintage,start,end", [
    ("paper", "paper", 2012, 2022), ("fr1222", "first_release", 2012, 2022),
    ("fr", "first_release", 2005, 2024), ("rev", "rev2025", 2006, 2024)])
def test_beta_convergence(g, key, vintage, start, end):
    r = C.beta_convergence(start, end, vintage=vintage)
    for f in ("beta", "se", "pvalue", "r2"):
        assert g[f"pathways-beta-{key}-{f}"] == approx(r[f])
    assert g[f"pathways-beta-{key}-speed"] == approx(r["speed"] * 100)
    assert g[f"pathways-beta-{key}-half"] == approx(r["half_life"])
    # the speed and half-life follow from β and T
    T = end - start
    assert r["speed"] == pytest.approx(-math.log(1 + r["beta"] * T) / T)


def test_scenario_numbers(g):
    b = S.base_values("paper")
    assert g["pathways-base-year"] == b.year == 2022
    p0 = S.project(0.05, 0.05, base=b, target=b.year + 1).iloc[0]
    assert g["pathways-base-share"] == approx(inland_share("gdp", "paper", 2022))
    assert g["pathways-base-index"] == approx(inland_index("gdp", "paper", 2022))
    assert g["pathways-base-ratio"] == approx(b.ratio)
    assert g["pathways-base-inland-pc"] == approx(p0["inland_pc"])
    obs = S.observed_growth(2012, 2022)
    assert g["pathways-obs-gc"] == approx(obs["coastal_growth"] * 100)
    assert g["pathways-obs-gi"] == approx(obs["inland_growth"] * 100)
    assert g["pathways-obs-nc"] == approx(obs["coastal_pop_growth"] * 100)
    assert g["pathways-obs-ni"] == approx(obs["inland_pop_growth"] * 100)
    # slider start values = observed rates rounded to the slider steps
    assert g["pathways-init-gc"] == pytest.approx(round(obs["coastal_growth"] * 100, 1))
    assert g["pathways-init-gi"] == pytest.approx(round(obs["inland_growth"] * 100, 1))
    assert abs(g["pathways-init-nc"] - obs["coastal_pop_growth"] * 100) <= 0.025 + 1e-12
    assert abs(g["pathways-init-ni"] - obs["inland_pop_growth"] * 100) <= 0.025 + 1e-12
    rates = [g[f"pathways-init-{k}"] / 100 for k in ("gc", "gi", "nc", "ni")]
    p = S.project(*rates).set_index("year")
    assert g["pathways-obs-share-2035"] == approx(p.loc[2035, "inland_share"])
    assert g["pathways-obs-index-2035"] == approx(p.loc[2035, "inland_index"])
    assert g["pathways-obs-closing"] == S.gap_closing_year(*rates)
    assert g["pathways-target"] == S.TARGET and g["pathways-horizon"] == S.HORIZON
    assert g["pathways-req-gi"] == approx(S.required_inland_growth(g["pathways-req-gc"] / 100, S.TARGET) * 100)
    assert g["pathways-preset-c-closing"] == S.gap_closing_year(0.05, 0.06)
    assert g["pathways-preset-d-closing"] == S.gap_closing_year(0.05, 0.06, 0.003, -0.003)
    assert g["pathways-preset-c-share"] == approx(S.project(0.05, 0.06).iloc[-1]["inland_share"])
    assert g["pathways-preset-d-index"] == approx(S.project(0.05, 0.06, 0.003, -0.003).iloc[-1]["inland_index"])
    # migration does not change the GDP share, only per-capita values
    assert g["pathways-preset-d-share"] == approx(g["pathways-preset-c-share"])


def test_built_page_has_tables_charts_and_widget_state(built_book):
    html_path = conftest.EXECUTED.parents[1] / "html" / "chapters" / f"{CHAPTER}.html"
    if not html_path.exists():
        pytest.skip(f"{html_path} not built")
    html = html_path.read_text()
    for label in ("tbl-pathways-overview", "tbl-pathways-beta", "tbl-pathways-scenarios",
                  "fig-pathways-shares", "fig-pathways-indices", "fig-pathways-sigma", "fig-pathways-beta",
                  "fig-pathways-scenario", "fig-pathways-map", "ex-pathways-1", "ex-pathways-2", "ex-pathways-3"):
        assert f'id="{label}"' in html, label
    # the scenario chart's sliders are Vega-Lite range bindings
    assert html.count('"input":"range"') >= 5
    # widget state is saved, with both widgets' views
    m = re.search(r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', html, re.S)
    assert m, "no saved widget state"
    state = json.loads(m.group(1))["state"]
    names = {v["model_name"] for v in state.values()}
    assert {"FloatSliderModel", "DropdownModel", "IntRangeSliderModel", "OutputModel"} <= names
    assert html.count("application/vnd.jupyter.widget-view+json") >= 2
    # the β table carries the paper-vintage estimate
    b = C.beta_convergence(2012, 2022, vintage="paper")
    assert f"{b['beta']:.4f}" in html
    assert len(html.encode()) < 400_000
