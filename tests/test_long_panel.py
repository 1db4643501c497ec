"""The long panel's computations: hand-worked toy panels (numbers worked out in the comments) and
checks against the real data a reader sees."""
import shutil

import numpy as np
import pandas as pd
import pytest

from inland_coastal import convergence, finance, real, structure, trade, urbanisation
from inland_coastal import indicators as I
from inland_coastal.errors import DataError
from inland_coastal.groupings import membership, regions

from conftest import ROOT

CODES = regions().index.tolist()


def toy_panel(series: dict) -> pd.DataFrame:
    """A tidy panel from {(indicator, vintage, unit): {year: {adcode: value}}}; provinces not given
    get the value of the first province given (so every year is complete for 31 provinces)."""
    rows = []
    for (ind, vintage, unit), by_year in series.items():
        for year, vals in by_year.items():
            first = next(iter(vals.values()))
            for code in CODES:
                rows.append((code, "", "", year, ind, vals.get(code, first), unit, vintage))
    return pd.DataFrame(rows, columns=["adcode", "province_zh", "province_en", "year", "indicator", "value",
                                       "unit", "vintage"])


@pytest.fixture
def toy_data(tmp_path, monkeypatch):
    """Point the library at a data folder whose provinces.csv is a toy panel (the other files copied):
    the real loading, validation and caching code runs on it."""
    def use(series: dict):
        d = tmp_path / "data"
        d.mkdir(exist_ok=True)
        for name in ("regions.csv", "groups.csv", "national.csv", "paper_tables.csv"):
            shutil.copy(ROOT / "data" / name, d / name)
        toy_panel(series).to_csv(d / "provinces.csv", index=False)
        monkeypatch.setenv("INLAND_COASTAL_DATA", str(d))
        return d
    return use


# ---------------------------------------------------------------- real growth by hand
# Three provinces matter: A = 北京 110000 (inland), B = 天津 120000 and C = 河北 130000 (both coastal).
# Every other province copies A. GDP (亿元) and the GDP index (previous year = 100):
#   year  A: GDP idx    B: GDP idx    C: GDP idx
#   2000   100   -       200   -       50    -
#   2001   110  105      220  108      60   110
#   2002   121  104      231  103      66   105
A, B, C = 110000, 120000, 130000
GDP = {2000: {A: 100.0, B: 200.0, C: 50.0}, 2001: {A: 110.0, B: 220.0, C: 60.0},
       2002: {A: 121.0, B: 231.0, C: 66.0}}
IDX = {2001: {A: 105.0, B: 108.0, C: 110.0}, 2002: {A: 104.0, B: 103.0, C: 105.0}}


def _toy():
    return ({("gdp", "nbs_db_2021", "亿元"): GDP, ("gdp_index", "nbs_db_2021", "上年=100"): IDX,
                      ("population", "nbs_db", "万人"): {y: {A: 10.0, B: 20.0, C: 40.0} for y in GDP}})


def test_group_real_growth_by_hand(toy_data):
    toy_data(_toy())
    g = real.growth("coastal", "nbs_db_2021", real=True)
    # the 11 coastal provinces are B, C and 9 A-like provinces; the 20 inland ones are all A-like
    # 2001: Σ GDP_2000·idx/100 = 200·1.08 + 50·1.10 + 9·100·1.05 = 216 + 55 + 945 = 1216
    #       Σ GDP_2000 = 200 + 50 + 900 = 1150 -> 1216/1150 − 1 = 5.7391304 %
    assert g.loc[2001, "coastal"] == pytest.approx((1216 / 1150 - 1) * 100)
    # inland = 20 A-like provinces: 5 % exactly
    assert g.loc[2001, "inland"] == pytest.approx(5.0)
    # 2002 coastal: (220·1.03 + 60·1.05 + 9·110·1.04) / (220 + 60 + 990) = (226.6 + 63 + 1029.6)/1270
    assert g.loc[2002, "coastal"] == pytest.approx(((226.6 + 63 + 1029.6) / 1270 - 1) * 100)
    # nominal 2001 coastal: (220 + 60 + 990) / 1150 − 1
    n = real.growth("coastal", "nbs_db_2021", real=False)
    assert n.loc[2001, "coastal"] == pytest.approx((1270 / 1150 - 1) * 100)
    assert list(n.index) == [2001, 2002]


def test_chained_real_gdp_and_deflator_by_hand(toy_data):
    toy_data(_toy())
    r = real.real_gdp(2001)
    # base 2001: R = nominal 2001; forward R_2002 = 220·1.03 = 226.6 for B; backward R_2000 = 220/1.08
    assert r.loc[2001, B] == 220.0
    assert r.loc[2002, B] == pytest.approx(226.6)
    assert r.loc[2000, B] == pytest.approx(220 / 1.08)
    assert r.loc[2002, C] == pytest.approx(60 * 1.05)
    d = real.deflator(2001)
    # deflator = nominal / real × 100: B 2002: 231/226.6·100 = 101.9417…; 2001 = 100
    assert d.loc[2002, B] == pytest.approx(231 / 226.6 * 100)
    assert d.loc[2001].eq(100).all()
    pc = real.real_gdp_per_capita(2001)
    assert pc.loc[2002, B] == pytest.approx(226.6 / 20 * 1e4)  # 亿元/万人 → 元 (B has 20 万 residents)


def test_cpi_deflated_by_hand(toy_data):
    # CPI of A: 2001 102, 2002 105 -> price level (2001 = 100): 2000 100/1.02, 2002 105
    toy_data({("cpi", "nbs_db_2021", "上年=100"): {2000: {A: 101.0}, 2001: {A: 102.0}, 2002: {A: 105.0}},
              ("fiscal_revenue", "x", "亿元"): {2000: {A: 10.0}, 2001: {A: 12.0}, 2002: {A: 21.0}}})
    c = real.price_level(2001)
    assert c.loc[2000, A] == pytest.approx(100 / 1.02) and c.loc[2002, A] == pytest.approx(105.0)
    x = real.cpi_deflated("fiscal_revenue", "x", 2001)
    assert x.loc[2002, A] == pytest.approx(21 / 1.05)
    assert x.loc[2000, A] == pytest.approx(10 * 1.02)


def test_real_growth_on_the_data():
    g = real.growth("coastal", "nbs_db_2021", real=True)
    assert list(g.index) == list(range(2001, 2020))  # real values end in 2019
    # the data's own check: national real growth 2019 from the 31 provinces' indices
    gdp, idx = I.wide("gdp", "nbs_db_2021"), I.wide("gdp_index", "nbs_db_2021")
    assert g.loc[2019, "national"] == pytest.approx(((gdp.loc[2018] * idx.loc[2019] / 100).sum()
                                                     / gdp.loc[2018].sum() - 1) * 100)
    assert 6.0 < g.loc[2019, "national"] < 7.0
    n = real.growth("coastal", "nbs_db_2021")
    assert (n.loc[2001:2019, "national"] > g.loc[2001:2019, "national"]).sum() >= 15  # prices rose most years
    with pytest.raises(DataError, match="not for gdp 'rev2025'"):
        real.growth(vintage="rev2025", real=True)
    with pytest.raises(DataError, match="covers 2001-2019"):
        real.growth(vintage="nbs_db_2021", real=True, years=[2020])


def test_real_gdp_on_the_data():
    r = real.real_gdp(2010)
    assert r.index.min() == 2000 and r.index.max() == 2019
    assert (r.loc[2010] == I.wide("gdp", "nbs_db_2021").loc[2010]).all()
    d = real.deflator(2010)
    # the implied GDP deflator rose 2010-2019 in every province but Heilongjiang, whose nominal GDP grew
    # more slowly than its real GDP (94.2)
    assert (d.loc[2019].drop(230000) > 100).all() and round(d.loc[2019, 230000], 1) == 94.2
    with pytest.raises(DataError, match="base year 2022 not covered"):
        real.real_gdp(2022)


# ---------------------------------------------------------------- convergence
def test_convergence_summary_nominal_equals_existing_beta():
    s = convergence.convergence_summary(2011, 2022, "paper")
    b = convergence.beta_convergence(2011, 2022, "paper")
    assert s["beta"] == b["beta"] and s["se"] == b["se"] and s["n"] == 31
    sig = convergence.sigma_convergence("paper", [2011, 2022]).set_index("year")["sd_log"]
    assert s["sd_log_start"] == pytest.approx(sig[2011]) and s["sd_log_end"] == pytest.approx(sig[2022])


def test_real_convergence_uses_start_year_prices():
    s = convergence.convergence_summary(2005, 2019, "nbs_db_2021", real=True)
    r = real.real_gdp(2005, "nbs_db_2021", [2005, 2019])
    pop = I.wide("population", "nbs_db").loc[[2005, 2019]]
    y = r / pop * 1e4
    b = convergence.beta_regression(y.loc[2005], y.loc[2019], 14)
    assert s["beta"] == pytest.approx(b["beta"]) and s["half_life"] == pytest.approx(b["half_life"])
    assert s["sd_log_end"] == pytest.approx(np.std(np.log(y.loc[2019])))
    nominal = convergence.convergence_summary(2005, 2019, "nbs_db_2021")
    assert s["sd_log_start"] == pytest.approx(nominal["sd_log_start"])  # the start year is the same
    assert s["beta"] > nominal["beta"]  # in constant prices convergence is slower


def test_convergence_population_break():
    with pytest.raises(DataError, match="2004/2005 population break"):
        convergence.convergence_summary(2000, 2019, "nbs_db_2021")
    s = convergence.convergence_summary(2000, 2019, "nbs_db_2021", allow_break=True)
    assert s["n"] == 31
    sig = convergence.sigma_series(2000, 2019, "nbs_db_2021", real=True, allow_break=True)
    assert sig["year"].tolist() == list(range(2000, 2020))


# ---------------------------------------------------------------- industry
def test_shift_share_by_hand():
    # Two regions, two industries. Start (0) and end (1):
    #        ind1   ind2          ind1   ind2
    #   r1    100    100    ->     150    110
    #   r2     50    150    ->      60    180
    # E0 = 400, E1 = 500: g = 0.25. g_1 = 210/150 − 1 = 0.4, g_2 = 290/250 − 1 = 0.16.
    # r1, ind1: NS = 100·0.25 = 25; IM = 100·(0.4 − 0.25) = 15; RS = 100·(0.5 − 0.4) = 10; sum 50 = 150 − 100
    # r2, ind2: NS = 150·0.25 = 37.5; IM = 150·(0.16 − 0.25) = −13.5; RS = 150·(0.2 − 0.16) = 6; sum 30
    va0 = pd.DataFrame({"ind1": [100.0, 50.0], "ind2": [100.0, 150.0]}, index=["r1", "r2"])
    va1 = pd.DataFrame({"ind1": [150.0, 60.0], "ind2": [110.0, 180.0]}, index=["r1", "r2"])
    t = structure.shift_share_table(va0, va1).set_index(["unit", "industry"])
    assert t.loc[("r1", "ind1"), ["national_share", "industry_mix", "regional_shift"]].tolist() == \
        pytest.approx([25, 15, 10])
    assert t.loc[("r2", "ind2"), ["national_share", "industry_mix", "regional_shift"]].tolist() == \
        pytest.approx([37.5, -13.5, 6])
    parts = t["national_share"] + t["industry_mix"] + t["regional_shift"]
    assert (parts - t["change"]).abs().max() < 1e-12


def test_shift_share_on_the_data_adds_up():
    for scheme in ("coastal", None):
        t = structure.shift_share(2012, 2019, "nbs_db_2021", scheme=scheme)
        assert ((t["national_share"] + t["industry_mix"] + t["regional_shift"]) - t["change"]).abs().max() < 1e-6
        # the components of all regions sum to the national change; mix and shift net out to zero
        assert t["industry_mix"].sum() + t["regional_shift"].sum() == pytest.approx(0, abs=1e-6)
    t = structure.shift_share(2012, 2019).set_index("unit")
    va = I.totals("va_secondary", "nbs_db_2021", years=[2019])
    assert t.loc["coastal", "va_end"] == pytest.approx(
        sum(I.totals(f"va_{k}", "nbs_db_2021", years=[2019]).loc[2019, "coastal"] for k in structure.INDUSTRIES))
    assert va.loc[2019, "coastal"] == 207553.1
    with pytest.raises(DataError, match="covers 2000-2019"):
        structure.shift_share(2012, 2022)


def test_va_shares_mark_the_vintage_join():
    s = structure.va_shares(["secondary"])
    both = s[(s["year"] == 2019) & (s["unit"] == "coastal")].set_index("vintage")["share"]
    assert set(both.index) == {"nbs_db_2021", "rev2025"}  # 2019 in both vintages, never spliced
    assert round(both["nbs_db_2021"], 2) == 54.39  # the paper's Table 7, 2019
    assert s["year"].min() == 2000 and s["year"].max() == 2024
    p = structure.va_shares(["industry"], level="province")
    assert set(p["vintage"]) == {"nbs_db_2021"} and p.groupby("year")["share"].sum().round(6).eq(100).all()


def test_location_quotients_by_year_match_the_single_year():
    lq = structure.location_quotients_by_year(["primary", "secondary", "tertiary"])
    one = structure.location_quotients(2022)
    got = lq[(lq["year"] == 2022) & (lq["vintage"] == "rev2025")].pivot(index="adcode", columns="industry",
                                                                         values="lq")
    assert (got[one.columns] - one).abs().max().max() < 1e-9
    assert lq["year"].min() == 2000


# ---------------------------------------------------------------- public finance
def test_fiscal_gap_by_hand(toy_data):
    # A: revenue 10, expenditure 30, GDP 100, population 50 万; every other province copies A except
    # B: revenue 40, expenditure 50, GDP 400, population 100 万.
    toy_data({("fiscal_revenue", "v", "亿元"): {2019: {A: 10.0, B: 40.0}},
              ("fiscal_expenditure", "v", "亿元"): {2019: {A: 30.0, B: 50.0}},
              ("gdp", "g", "亿元"): {2019: {A: 100.0, B: 400.0}},
              ("population", "nbs_db", "万人"): {2019: {A: 50.0, B: 100.0}}})
    f = finance.fiscal("coastal", "v", level="group", gdp_vintage="g").set_index("unit")
    # coastal = B + 10 A-like: revenue 40 + 100 = 140, expenditure 50 + 300 = 350, gap 210;
    # population 100 + 500 = 600 万 -> gap per capita 210/600·1e4 = 3500 元; GDP 400 + 1000 = 1400 -> 15 %
    assert f.loc["coastal", ["revenue", "expenditure", "gap"]].tolist() == pytest.approx([140, 350, 210])
    assert f.loc["coastal", "gap_pc"] == pytest.approx(3500)
    assert f.loc["coastal", "gap_pct_gdp"] == pytest.approx(15)
    # inland: 20 A-like: gap 400, per capita 400/1000·1e4 = 4000 元, 400/2000 = 20 % of GDP
    assert f.loc["inland", "gap_pc"] == pytest.approx(4000) and f.loc["inland", "gap_pct_gdp"] == pytest.approx(20)
    p = finance.fiscal("coastal", "v", level="province", gdp_vintage="g").set_index("unit")
    assert p.loc[B, "gap"] == 10 and p.loc[B, "revenue_pc"] == pytest.approx(4000)


def test_fiscal_on_the_data():
    f = finance.fiscal().set_index(["year", "unit"])
    assert f.index.get_level_values(0).min() == 2000 and f.index.get_level_values(0).max() == 2019
    # revenue per capita is the paper's Table 4 (2019 inland 5717.42 printed, 5717.41 here)
    assert round(f.loc[(2019, "inland"), "revenue_pc"], 2) == 5717.41
    assert (f["gap"] > 0).all()  # expenditure ≥ revenue in every group and year
    assert f.loc[(2019, "inland"), "gap_pc"] > f.loc[(2019, "coastal"), "gap_pc"]
    late = finance.fiscal(vintage="nbs_db_2025")
    assert late["year"].min() == 2016 and late["year"].max() == 2024


# ---------------------------------------------------------------- trade
def test_exports_plus_imports_and_exclusion():
    e, m, t = (trade.flows(f) for f in ("exports", "imports", "trade"))
    assert ((e + m) - t).abs().max().max() <= 31 * 10  # within 10 千美元 per province
    assert 2015 in t.index and t.loc[2006, "national"] == pytest.approx(1760395.9e3, rel=1e-3)
    nb = trade.flows("trade", exclude=["北京"])
    w = I.wide("trade_usd", "nbs_db_2021")
    assert nb.loc[2019, "national"] == pytest.approx(w.loc[2019].drop(110000).sum())
    assert nb.loc[2019, "coastal"] == t.loc[2019, "coastal"]  # Beijing is inland
    with pytest.raises(DataError, match="unknown province 'Atlantis'"):
        trade.flows(exclude=["Atlantis"])


def test_openness_by_hand_on_the_data():
    o = trade.openness()
    w = I.wide("trade_usd", "nbs_db_2021").loc[2015]
    gdp = I.wide("gdp", "nbs_db_2021").loc[2015]
    coastal = membership("coastal") == "coastal"
    # 千美元 × 6.2284 元/美元 × 1e3 / 1e8 = 亿元
    expected = (w[coastal].sum() * 6.2284 * 1e3 / 1e8) / gdp[coastal].sum() * 100
    assert o.loc[2015, "coastal"] == pytest.approx(expected)
    assert list(o.index) == list(range(2000, 2020))
    c = trade.openness(currency="cny")
    assert c.index.min() == 2016 and c.index.max() == 2024
    ex = trade.openness(exclude=["北京"])
    assert ex.loc[2019, "inland"] < o.loc[2019, "inland"]  # Beijing's head-office trade lifts inland openness
    with pytest.raises(DataError, match="dollars only"):
        trade.openness(flow="exports", currency="cny")


# ---------------------------------------------------------------- urbanisation
def test_urbanisation_population_weighted():
    u = urbanisation.urbanisation()
    rate = I.wide("urbanisation_rate", "compiled_2026").loc[2024]
    pop = I.wide("population", "nbs_db").loc[2024]
    assert u.loc[2024, "national"] == pytest.approx((rate * pop).sum() / pop.sum())
    assert u.index.min() == 2005 and u.index.max() == 2024
    assert (u["coastal"] > u["inland"]).all()
