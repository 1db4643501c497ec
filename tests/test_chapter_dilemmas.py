"""Chapter "困境" (chapters/dilemmas.md): every number glued into the prose equals what the
library computes, the paper's Tables 6-8 are on the page, and the page has its charts,
tables and exercises.

Reads the executed notebook (conftest.glued) and, for the page checks, the HTML next to it:
_build/html/chapters/dilemmas.html, or DIR/../../html/chapters/dilemmas.html when
IC_EXECUTED_DIR=DIR points at a page built alone with tools/page.py."""
import json
import re

import pytest

from conftest import EXECUTED, ROOT, glued
from inland_coastal import groupings as G
from inland_coastal import indicators as I
from inland_coastal import structure as S
from inland_coastal.inequality import inequality_table

CHAPTER = "dilemmas"
P0, P1 = 2012, 2022
K = {6: "primary", 7: "secondary", 8: "tertiary"}


@pytest.fixture(scope="module")
def g(built_book):
    values = glued(CHAPTER)
    return {k[len(CHAPTER) + 1:]: v for k, v in values.items() if k.startswith(f"{CHAPTER}-")}


@pytest.fixture(scope="module")
def html(built_book):
    path = EXECUTED.parent.parent / "html" / "chapters" / f"{CHAPTER}.html"
    if not path.exists():
        pytest.fail(f"{path} is missing: build the book (or the page alone) first")
    return path.read_text(encoding="utf-8")


def approx(x, rel=1e-9, abs=1e-9):
    return pytest.approx(x, rel=rel, abs=abs)


def test_every_glue_name_in_the_prose_was_glued(g):
    text = (ROOT / "chapters" / f"{CHAPTER}.md").read_text(encoding="utf-8")
    used = set(re.findall(r"\{glue:(?:text|md)\}`dilemmas-([^`:]+)", text))
    used |= set(re.findall(r"\{glue:figure\} (fig-dilemmas-[\w-]+)", text))
    missing = sorted(u for u in used if not u.startswith("fig-") and u not in g)
    assert not missing, missing


# ---------------------------------------------------------------- Tables 6-8 and the revised VA
@pytest.mark.parametrize("n", [6, 7, 8])
def test_paper_value_added(g, n):
    k = K[n]
    t = I.table_from_paper(n).set_index("year")
    for yr in (P0, P1):
        for col in ("national", "coastal", "inland", "coastal_pct", "inland_pct"):
            assert g[f"va-{k}-{col.replace('_', '-')}-{yr}"] == approx(t.loc[yr, col])
        assert g[f"va-{k}-gap-{yr}"] == approx(t.loc[yr, "coastal"] - t.loc[yr, "inland"], abs=1e-6)
    r = I.table_from_provinces(n, vintage="rev2025").set_index("year")
    assert g[f"rev-{k}-national-{P1}"] == approx(r.loc[P1, "national"])
    assert g[f"rev-{k}-diff-pct-{P1}"] == approx((r.loc[P1, "national"] / t.loc[P1, "national"] - 1) * 100)
    for yr in (2019, 2022, 2024):
        assert g[f"rev-{k}-coastal-pct-{yr}"] == approx(r.loc[yr, "coastal_pct"])


def test_paper_printed_2022_value_added(g):
    """The figures the paper's text quotes for 2022."""
    assert g["va-primary-coastal-2022"] == 35065 and g["va-primary-coastal-pct-2022"] == 39.73
    assert g["va-secondary-coastal-2022"] == 258582.5 and g["va-secondary-inland-pct-2022"] == 46.22
    assert g["va-tertiary-inland-2022"] == 292359.7 and g["va-tertiary-coastal-pct-2022"] == 53.92


def test_revised_secondary_2022_is_the_data_readme_figure(g):
    assert g["rev-secondary-national-2022"] == approx(459917.6, abs=0.05)
    assert g["va-secondary-national-2022"] == 480807.1


def test_structure(g):
    sh = S.industry_shares("paper")
    for grp in ("coastal", "inland"):
        for yr in (P0, P1):
            row = sh[(sh["year"] == yr) & (sh["group"] == grp)].iloc[0]
            assert g[f"share-secondary-{grp}-{yr}"] == approx(row["secondary"])
            assert g[f"share-tertiary-{grp}-{yr}"] == approx(row["tertiary"])
    up = S.upgrading_ratio("paper").pivot(index="year", columns="group", values="ratio")
    upr = S.upgrading_ratio("provinces", "coastal").pivot(index="year", columns="group", values="ratio")
    for grp in ("coastal", "inland"):
        assert g[f"up-paper-{grp}-{P1}"] == approx(up.loc[P1, grp])
        assert g[f"up-rev-{grp}-2024"] == approx(upr.loc[2024, grp])
    lq = S.location_quotients(2024)
    inland = G.membership("coastal") == "inland"
    assert g["lq-inland-n"] == int(inland.sum()) == 20
    assert g["lq-inland-secondary-above1"] == int((lq.loc[inland[inland].index, "secondary"] > 1).sum())


# ---------------------------------------------------------------- north and south
def test_north_south_2021_reproduces_the_paper(g):
    t = I.totals("gdp", "first_release", "north_south")
    assert g["ns-north-2021"] == approx(401039.2, abs=1e-6) == t.loc[2021, "north"]
    assert g["ns-south-2021"] == approx(736704.2, abs=1e-6)
    assert round(g["ns-north-pct-2021"], 2) == 35.25
    assert round(g["ns-south-pct-2021"], 2) == 64.75
    p = I.shares(I.totals("gdp", "paper", "north_south"))
    assert g["ns-paper-north-pct-2021"] == approx(p.loc[2021, "north"])


@pytest.mark.parametrize("vintage,first,last", [("paper", 2011, 2022), ("first_release", 2005, 2024),
                                                ("rev2025", 2006, 2024)])
def test_north_share_by_vintage(g, vintage, first, last):
    s = I.shares(I.totals("gdp", vintage, "north_south"))["north"]
    assert (g[f"ns-{vintage}-first-year"], g[f"ns-{vintage}-last-year"]) == (first, last)
    assert g[f"ns-{vintage}-north-pct-first"] == approx(s.loc[first])
    assert g[f"ns-{vintage}-north-pct-last"] == approx(s.loc[last])


def test_first_release_break_in_2019(g):
    fr = I.shares(I.totals("gdp", "first_release", "north_south"))["north"]
    rv = I.shares(I.totals("gdp", "rev2025", "north_south"))["north"]
    assert g["ns-fr-drop-2019"] == approx(fr.loc[2018] - fr.loc[2019])
    assert g["ns-rev-drop-2019"] == approx(rv.loc[2018] - rv.loc[2019])
    assert g["ns-fr-minus-rev-2018"] == approx(fr.loc[2018] - rv.loc[2018])
    assert g["ns-fr-drop-2019"] > 5 * g["ns-rev-drop-2019"] > 0


def test_population_claim(g):
    pop = I.wide("population", "nbs_db")
    ns = G.membership("north_south")
    d = pop.diff().loc[2011:]
    fell_north = (d.lt(0) & ns.eq("north").to_numpy()).sum(axis=1)
    fell_south = (d.lt(0) & ns.eq("south").to_numpy()).sum(axis=1)
    only_north = [y for y in d.index if fell_south[y] == 0 and fell_north[y] > 0]
    assert g["pop-years-only-north"] == len(only_north)
    assert g["pop-last-only-north-year"] == max(only_north)
    peak = int(pop.sum(axis=1).idxmax())
    assert g["pop-national-peak-year"] == peak
    assert (g["pop-north-peak"], g["pop-south-peak"]) == (fell_north[peak], fell_south[peak])
    assert (g["pop-north-last"], g["pop-south-last"]) == (fell_north.iloc[-1], fell_south.iloc[-1])
    decade = (pop.loc[2020] - pop.loc[2010]) < 0
    assert g["pop-decade-fell"] == int(decade.sum()) == g["pop-decade-fell-north"]
    assert _markdown_glue("dilemmas-pop-decade-fell-names") == "、".join(
        G.province_names()[a] for a in decade[decade].index)


def _markdown_glue(name):
    """The text/markdown of a glued Markdown object (glued() returns only text/plain); myst-nb
    keeps glue outputs of removed cells in <chapter>.glue.json beside the notebook."""
    outputs = []
    store = EXECUTED / f"{CHAPTER}.glue.json"
    if store.exists():
        outputs += list(json.loads(store.read_text()).values())
    nb = EXECUTED / f"{CHAPTER}.ipynb"
    if nb.exists():
        outputs += [o for c in json.loads(nb.read_text())["cells"] for o in c.get("outputs", [])]
    for o in outputs:
        if o.get("metadata", {}).get("scrapbook", {}).get("name") == name:
            md = o["data"]["text/markdown"]
            return "".join(md) if isinstance(md, list) else md
    pytest.fail(f"{name} was not glued")


# ---------------------------------------------------------------- inequality
@pytest.mark.parametrize("scheme", ["coastal", "four_regions", "north_south"])
def test_between_group_shares(g, scheme):
    for vintage, years, key in (("paper", (P0, P1), lambda y: str(y)),
                                ("rev2025", (2006, 2024), lambda y: "rev-first" if y == 2006 else "rev-last")):
        t = inequality_table(scheme, vintage).set_index("year")
        for yr in years:
            assert g[f"between-{scheme}-{key(yr)}"] == approx(
                t.loc[yr, "theil_t_between"] / t.loc[yr, "theil_t"] * 100)


def test_inequality_levels(g):
    t = inequality_table("coastal", "paper").set_index("year")
    for yr in (P0, P1):
        assert g[f"theil-{yr}"] == approx(t.loc[yr, "theil_t"])
        assert g[f"gini-{yr}"] == approx(t.loc[yr, "gini"])
        assert g[f"williamson-{yr}"] == approx(t.loc[yr, "williamson"])
    r = inequality_table("coastal", "rev2025").set_index("year")
    assert g["theil-rev-first"] == approx(r["theil_t"].iloc[0])
    assert g["theil-rev-last"] == approx(r["theil_t"].iloc[-1])
    assert g["theil-rev-min-year"] == int(r["theil_t"].idxmin())


# ---------------------------------------------------------------- vintages after 2022
def test_revision_moves_the_coastal_share(g):
    sh = {v: I.shares(I.totals("gdp", v, "coastal"))["coastal"] for v in ("paper", "first_release", "rev2025")}
    assert g["coastal-pct-paper-last"] == approx(sh["paper"].loc[2022])
    assert round(g["coastal-pct-paper-last"], 2) == 52.82          # the paper's Table 1, 2022
    assert g["rev-shift-paper-last"] == approx(sh["rev2025"].loc[2022] - sh["paper"].loc[2022])
    assert g["rev-shift-last"] == approx(sh["rev2025"].loc[2024] - sh["first_release"].loc[2024])
    diff = (sh["rev2025"] - sh["first_release"]).dropna()
    assert g["rev-shift-maxabs"] == approx(diff.abs().max())
    assert g["rev-shift-maxabs-year"] == int(diff.abs().idxmax())


def test_per_capita_ratio_by_vintage(g):
    for v, key, yr in (("paper", "paper-first", P0), ("paper", "paper-last", P1),
                       ("first_release", "fr-last", 2024), ("rev2025", "rev-last", 2024)):
        pc = I.per_capita("gdp", v, "coastal")
        assert g[f"pc-ratio-{key}"] == approx(pc.loc[yr, "coastal"] / pc.loc[yr, "inland"])
    pc = I.per_capita("gdp", "rev2025", "coastal")
    assert g["pc-inland-rev-last"] == approx(pc.loc[2024, "inland"])
    assert g["pc-ratio-rev-first"] == approx(pc.loc[2006, "coastal"] / pc.loc[2006, "inland"])
    assert g["pc-ratio-rev-2019"] == approx(pc.loc[2019, "coastal"] / pc.loc[2019, "inland"])


# ---------------------------------------------------------------- indicators of the dilemmas
def _weighted(indicator, vintage, scheme):
    w = I.wide(indicator, vintage)
    p = I.wide("population", "nbs_db").loc[w.index]
    m = G.membership(scheme)
    return (w * p).T.groupby(m).sum().T / p.T.groupby(m).sum().T


def test_disposable_income(g):
    c = _weighted("disposable_income_per_capita", "nbs_db_2025", "coastal")
    f = _weighted("disposable_income_per_capita", "nbs_db_2025", "four_regions")
    for yr in (2016, 2024):
        assert g[f"inc-ratio-{yr}"] == approx(c.loc[yr, "coastal"] / c.loc[yr, "inland"])
        assert g[f"inc-gap-{yr}"] == approx(c.loc[yr, "coastal"] - c.loc[yr, "inland"], rel=1e-12, abs=1e-6)
        assert g[f"inc-west-east-{yr}"] == approx(f.loc[yr, "west"] / f.loc[yr, "east"] * 100)
    # relative gap narrows while the absolute gap widens
    assert g["inc-ratio-2024"] < g["inc-ratio-2016"] and g["inc-gap-2024"] > g["inc-gap-2016"]


def test_fiscal_and_trade(g):
    fi = I.index_to_national(I.per_capita("fiscal_revenue", "nbs_db_2025", "coastal"))
    f4 = I.index_to_national(I.per_capita("fiscal_revenue", "nbs_db_2025", "four_regions"))
    for yr in (2016, 2024):
        assert g[f"fisc-inland-{yr}"] == approx(fi.loc[yr, "inland"])
        assert g[f"fisc-northeast-{yr}"] == approx(f4.loc[yr, "northeast"])
    tr = I.shares(I.totals("trade_usd", "nbs_db_2026", "coastal"))
    assert g["trade-inland-first"] == approx(tr.loc[2016, "inland"])
    assert g["trade-inland-last"] == approx(tr.loc[2024, "inland"])
    assert g["trade-inland-max-year"] == int(tr["inland"].idxmax())


def test_secondary_share_and_population(g):
    sh = S.industry_shares("provinces", "coastal").pivot(index="year", columns="group", values="secondary")
    assert g["sec-inland-first"] == approx(sh.loc[2019, "inland"])
    assert g["sec-inland-last"] == approx(sh.loc[2024, "inland"])
    pop = I.totals("population", "nbs_db", "coastal")
    assert g["pop-inland-change-paper"] == approx(pop.loc[P1, "inland"] - pop.loc[P0, "inland"])


# ---------------------------------------------------------------- the page
@pytest.mark.parametrize("n", [6, 7, 8])
def test_tables_6_to_8_on_the_page(html, n):
    t = I.table_from_paper(n).set_index("year")
    for year in range(P0, P1 + 1):
        for col in ("national", "coastal", "inland"):
            assert format(t.loc[year, col], ",.1f") in html, (n, year, col)
        assert format(t.loc[year, "coastal_pct"], ".2f") in html


def test_page_has_charts_tables_exercises(html):
    assert len(re.findall(r'class="ic-chart', html)) >= 6
    assert len(re.findall(r'class="[^"]*exercise', html)) >= 3
    for label in ("tbl-dilemmas-overview", "tbl-dilemmas-t6", "tbl-dilemmas-t7", "tbl-dilemmas-t8",
                  "tbl-dilemmas-inequality", "tbl-dilemmas-vintages",
                  *(f"tbl-dilemmas-d{i}" for i in range(1, 6))):
        assert f'id="{label}"' in html, label
    assert "Traceback" not in html
    assert len(html.encode("utf-8")) < 400_000


def test_income_tile_grid_extremes(built_book):
    """The glued extremes of the tile-grid figure are the panel's."""
    g = glued("dilemmas")
    inc = I.wide("disposable_income_per_capita", "nbs_db_2025")
    last = inc.loc[inc.index.max()]
    names = G.regions()["short_zh"]
    assert g["dilemmas-tiles-last-year"] == inc.index.max()
    assert g["dilemmas-tiles-top"] == names[last.idxmax()]
    assert g["dilemmas-tiles-top-value"] == pytest.approx(last.max())
    assert g["dilemmas-tiles-bottom"] == names[last.idxmin()]
    assert g["dilemmas-tiles-bottom-value"] == pytest.approx(last.min())
