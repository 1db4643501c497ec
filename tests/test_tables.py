"""The paper's Tables 1-8: every printed cell, and Tables 1-2 recomputed from the provinces."""
import io

import pandas as pd
import pytest

from inland_coastal import indicators
from inland_coastal.loading import load_paper_tables

from conftest import run_cli

# Cells copied from the paper's printed tables (2022 and 2012 rows), the published values
# the reproduction must match: (table, year, national, coastal, inland, coastal_pct, inland_pct).
PRINTED = [
    (1, 2022, 1203462.2, 635683.3, 567778.9, 52.82, 47.18),
    (1, 2012, 543063.2, 293607.7, 249455.5, 54.07, 45.93),
    (2, 2022, 85367.07, 99904.65, 73407.66, 117.03, 85.99),
    (2, 2012, 40021.17, 49418.09, 32702.18, 123.48, 81.71),
    (3, 2022, 108818.52, 59604.29, 49214.23, 54.77, 45.23),
    (3, 2012, 61078.30, 33635.59, 27442.71, 55.07, 44.93),
    (4, 2022, 7718.99, 9367.47, 6362.87, 121.36, 82.43),
    (4, 2012, 4501.18, 5661.32, 3597.58, 125.77, 79.93),
    (5, 2022, 6309600205, 4650364300, 1659235905, 73.70, 26.30),
    (5, 2012, 3867119430, 2996546430, 870573000, 77.49, 22.51),
    (6, 2022, 88259.5, 35065.0, 53194.5, 39.73, 60.27),
    (6, 2012, 49020.4, 21110.3, 27910.1, 43.06, 56.94),
    (7, 2022, 480807.1, 258582.5, 222224.6, 53.78, 46.22),
    (7, 2012, 255630.4, 140705.3, 114925.1, 55.04, 44.96),
    (8, 2022, 634395.5, 342035.8, 292359.7, 53.92, 46.08),
    (8, 2012, 238413.0, 131792.2, 106620.8, 55.28, 44.72),
]
HEADER = "year,national,coastal,inland,coastal_pct,inland_pct"


def cli_table(*args) -> pd.DataFrame:
    r = run_cli("table", *args)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0] == HEADER or "--scheme" in args
    return pd.read_csv(io.StringIO(r.stdout))


@pytest.mark.parametrize("row", PRINTED, ids=lambda r: f"T{r[0]}-{r[1]}")
def test_printed_cells(row):
    n, year, *values = row
    t = cli_table(str(n), "--from", "paper").set_index("year")
    got = t.loc[year, ["national", "coastal", "inland", "coastal_pct", "inland_pct"]].tolist()
    assert got == pytest.approx(values, abs=1e-9)


@pytest.mark.parametrize("n", range(1, 9))
def test_every_cell_of_every_table(n):
    """All 11 years x 5 columns of Table n, at the printed precision, from the CLI."""
    spec = indicators.TABLES[n]
    paper = load_paper_tables()
    paper = paper[paper["table"] == f"T{n}"]
    t = cli_table(str(n), "--from", "paper").set_index("year")
    assert list(t.index) == list(range(2012, 2023))
    for _, cell in paper.iterrows():
        col = cell["region"] + ("_pct" if cell["indicator"] != spec.indicator else "")
        digits = 2 if col.endswith("_pct") else spec.decimals
        assert round(t.loc[cell["year"], col], digits) == round(cell["value"], digits), (n, cell.to_dict())
    # the printed values are internally consistent: groups add up, percentages are the ratios
    assert ((t["coastal"] / t["national"] * 100 - t["coastal_pct"]).abs() < 0.006).all()
    if spec.kind == "total":
        assert (t["coastal"] + t["inland"] - t["national"]).abs().max() <= 10 ** -spec.decimals * 1.01


@pytest.mark.parametrize("n", [1, 2])
def test_tables_1_2_from_provinces_equal_paper(n):
    prov = cli_table(str(n), "--from", "provinces").set_index("year")
    paper = cli_table(str(n), "--from", "paper").set_index("year")
    assert list(prov.index) == list(range(2011, 2023))  # extends the paper back to 2011
    pd.testing.assert_frame_equal(prov.loc[2012:2022], paper, check_exact=True)


def test_table1_provinces_other_vintage_extends_to_2024():
    t = cli_table("1", "--from", "provinces", "--vintage", "first_release").set_index("year")
    assert t.index.min() == 2005 and t.index.max() == 2024
    assert t.loc[2021, "national"] == pytest.approx(401039.2 + 736704.2)


def test_table_other_scheme_columns():
    r = run_cli("table", "1", "--from", "provinces", "--scheme", "four_regions")
    assert r.returncode == 0, r.stderr
    header = r.stdout.splitlines()[0]
    assert header == ("year,national,east,central,west,northeast,"
                      "east_pct,central_pct,west_pct,northeast_pct")
    t = pd.read_csv(io.StringIO(r.stdout)).set_index("year")
    assert (t[["east", "central", "west", "northeast"]].sum(axis=1) - t["national"]).abs().max() < 0.05


def test_north_south_published_2021():
    t = indicators.totals("gdp", "first_release", "north_south", years=[2021])
    assert t.loc[2021, "north"] == pytest.approx(401039.2, abs=0.05)
    assert t.loc[2021, "south"] == pytest.approx(736704.2, abs=0.05)
    s = indicators.shares(t)
    assert round(s.loc[2021, "north"], 2) == 35.25
    assert round(s.loc[2021, "south"], 2) == 64.75


def test_implied_population_tables_1_2_equal_tables_3_4():
    pop = indicators.implied_population()
    for region in ("national", "coastal", "inland"):
        assert pop[(region, "rel_diff_pct")].abs().max() < 0.001
    # and it is the NBS year-end population of the province panel
    panel_pop = indicators.totals("population", "nbs_db", "coastal", years=range(2012, 2023))
    assert (pop[("coastal", "from_tables_1_2")] - panel_pop["coastal"]).abs().max() < 1.0


def test_cli_table_errors():
    r = run_cli("table", "9")
    assert r.returncode == 1 and "Tables 1-8" in r.stderr and "Traceback" not in r.stderr
    r = run_cli("table", "1", "--from", "paper", "--scheme", "north_south")
    assert r.returncode == 1 and "--from provinces" in r.stderr
    r = run_cli("table", "1", "--from", "provinces", "--vintage", "nope")
    assert r.returncode == 1 and "no vintage 'nope'" in r.stderr and "first_release" in r.stderr
    r = run_cli("table", "1", "--from", "provinces", "--scheme", "nope")
    assert r.returncode == 1 and "unknown grouping scheme" in r.stderr
