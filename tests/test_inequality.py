"""Inequality measures: hand-worked cases; PySAL on the expanded sample (integer weights), with equal
weights and on the real panel; the coastal/inland split against the paper's printed tables; errors; CLI."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from inequality.atkinson import atkinson
from inequality.gini import Gini
from inequality.theil import Theil, TheilD

import rawdata
from conftest import run_cli
from inland_coastal import indicators
from inland_coastal.errors import DataError
from inland_coastal.inequality import (COLUMNS, gini, inequality_table, theil_l, theil_t,
                                       theil_t_decomposition, weighted_mean, williamson)

# ---------------------------------------------------------------- two provinces, on paper
# y = (1, 3), populations w = (3, 1):
#   p = (3/4, 1/4), μ = 3/4·1 + 1/4·3 = 1.5
#   GDP = w·y = (3, 3) → s = (1/2, 1/2)
#   T = 1/2·ln(1/1.5) + 1/2·ln(3/1.5) = 1/2·ln(2/3 · 2) = 1/2·ln(4/3)          = 0.143841
#   L = 3/4·ln(1.5/1) + 1/4·ln(1.5/3) = 3/4·ln 1.5 − 1/4·ln 2                  = 0.130812
#   var = 3/4·(1−1.5)² + 1/4·(3−1.5)² = 0.1875 + 0.5625 = 0.75
#   CV_w = √0.75 / 1.5 = 1/√3                                                 = 0.577350
#   Gini = [2 · 3/4 · 1/4 · |1−3|] / (2 · 1.5) = 0.75 / 3                      = 0.25
Y2, W2 = [1.0, 3.0], [3.0, 1.0]


def test_two_provinces_by_hand():
    assert weighted_mean(Y2, W2) == pytest.approx(1.5)
    assert theil_t(Y2, W2) == pytest.approx(0.5 * math.log(4 / 3), abs=1e-15)
    assert theil_t(Y2, W2) == pytest.approx(0.143841, abs=1e-6)
    assert theil_l(Y2, W2) == pytest.approx(0.75 * math.log(1.5) - 0.25 * math.log(2), abs=1e-15)
    assert theil_l(Y2, W2) == pytest.approx(0.130812, abs=1e-6)
    assert williamson(Y2, W2) == pytest.approx(1 / math.sqrt(3), abs=1e-15)
    assert gini(Y2, W2) == pytest.approx(0.25, abs=1e-15)


def test_equal_values_give_zero():
    y, w = [5.0, 5.0, 5.0], [1.0, 7.0, 2.0]
    for f in (theil_t, theil_l, williamson, gini):
        assert f(y, w) == pytest.approx(0.0, abs=1e-15)


def test_weights_are_populations_not_counts():
    # a province of population 2 equals two identical provinces of population 1
    assert theil_t([1, 3], [2, 1]) == pytest.approx(theil_t([1, 1, 3], [1, 1, 1]), abs=1e-15)
    assert gini([1, 3], [2, 1]) == pytest.approx(gini([1, 1, 3], [1, 1, 1]), abs=1e-15)


# ---------------------------------------------------------------- decomposition, on paper
# group A: y = (1, 1); group B: y = (2, 4); every population 1.
#   μ = 2, GDP = 8, s = (1/8, 1/8, 2/8, 4/8)
#   T = 2·1/8·ln(1/2) + 1/4·ln 1 + 1/2·ln 2 = −1/4·ln 2 + 1/2·ln 2 = 1/4·ln 2
#   S_A = 1/4, P_A = 1/2; S_B = 3/4, P_B = 1/2
#   between = 1/4·ln(1/2) + 3/4·ln(3/2)
#   T_A = 0; T_B (μ_B = 3, s = 1/3, 2/3) = 1/3·ln(2/3) + 2/3·ln(4/3)
#   within = 3/4·T_B;  between + within = 1/4·ln 2
def test_decomposition_by_hand():
    d = theil_t_decomposition([1, 1, 2, 4], [1, 1, 1, 1], ["A", "A", "B", "B"])
    t_b = math.log(2 / 3) / 3 + 2 * math.log(4 / 3) / 3
    assert d["total"] == pytest.approx(math.log(2) / 4, abs=1e-15)
    assert d["between"] == pytest.approx(math.log(0.5) / 4 + 0.75 * math.log(1.5), abs=1e-15)
    assert d["within"] == pytest.approx(0.75 * t_b, abs=1e-15)
    bg = d["by_group"].set_index("group")
    assert list(bg.columns[:4]) == ["pop_share", "income_share", "theil", "within_contribution"]
    assert bg.loc["A", "theil"] == pytest.approx(0.0, abs=1e-15)
    assert bg.loc["B", "income_share"] == pytest.approx(0.75)
    assert bg["pop_share"].sum() == pytest.approx(1.0)


def test_decomposition_is_exact_on_random_data():
    rng = np.random.default_rng(7)
    for _ in range(20):
        y = rng.lognormal(10, 0.6, 31)
        w = rng.uniform(300, 12000, 31)
        g = rng.choice(["a", "b", "c", "d"], 31)
        d = theil_t_decomposition(y, w, g)
        assert abs(d["between"] + d["within"] - d["total"]) < 1e-12
        assert d["between"] >= 0 and d["within"] >= 0


# ---------------------------------------------------------------- PySAL on the expanded sample
# With integer weights w, a weighted measure equals the unweighted one of the sample in which
# y_i appears w_i times (np.repeat(y, w)): PySAL's Theil, TheilD, Gini, and Atkinson with
# ε = 1 for Theil L (L = −ln(1 − A_1)); Williamson's CV is the CV of that sample and
# np.sqrt(np.cov(y, aweights=w, ddof=0)) / mean.
def _pysal_expanded(y, w, g):
    rep, grep = np.repeat(y, w), np.repeat(g, w)
    td = TheilD(rep, grep)
    return {"mean": float(np.mean(rep)), "theil_t": float(Theil(rep).T),
            "theil_l": -math.log(1 - atkinson(rep, 1)), "gini": float(Gini(rep).g),
            "williamson": float(np.std(rep) / np.mean(rep)),
            "between": float(np.ravel(td.bg)[0]), "within": float(np.ravel(td.wg)[0])}


CASES = [  # (seed, provinces, largest weight, groups)
    (0, 2, 5, 2), (1, 3, 9, 2), (2, 5, 20, 3), (3, 12, 60, 4), (4, 31, 200, 3), (5, 31, 1000, 2),
]


@pytest.mark.parametrize("seed, n, top, k", CASES, ids=[f"n{c[1]}-w{c[2]}" for c in CASES])
def test_integer_weights_equal_pysal_on_the_expanded_sample(seed, n, top, k):
    rng = np.random.default_rng(seed)
    y = rng.lognormal(10, 0.6, n)
    w = rng.integers(1, top + 1, n)
    g = np.array([f"g{i % k}" for i in range(n)])
    rng.shuffle(g)
    ref = _pysal_expanded(y, w, g)
    assert weighted_mean(y, w) == pytest.approx(ref["mean"], rel=1e-12)
    assert theil_t(y, w) == pytest.approx(ref["theil_t"], rel=1e-9, abs=1e-13)
    assert theil_l(y, w) == pytest.approx(ref["theil_l"], rel=1e-9, abs=1e-13)
    assert gini(y, w) == pytest.approx(ref["gini"], rel=1e-9, abs=1e-13)
    assert williamson(y, w) == pytest.approx(ref["williamson"], rel=1e-9)
    d = theil_t_decomposition(y, w, g)
    assert d["total"] == pytest.approx(ref["theil_t"], rel=1e-9, abs=1e-13)
    assert d["between"] == pytest.approx(ref["between"], rel=1e-9, abs=1e-13)
    assert d["within"] == pytest.approx(ref["within"], rel=1e-9, abs=1e-13)


@pytest.mark.parametrize("seed", range(6))
def test_williamson_is_the_weighted_standard_deviation_over_the_mean(seed):
    rng = np.random.default_rng(100 + seed)
    n = int(rng.integers(2, 40))
    y = rng.lognormal(10, rng.uniform(0.1, 1.0), n)
    w = rng.uniform(1, 12000, n)                  # real-valued weights too
    expected = np.sqrt(np.cov(y, aweights=w, ddof=0)) / np.average(y, weights=w)
    assert williamson(y, w) == pytest.approx(float(expected), rel=1e-12)


def test_hand_worked_case_equals_the_expanded_sample():
    ref = _pysal_expanded(np.array(Y2), np.array([3, 1]), np.array(["a", "b"]))
    assert theil_t(Y2, W2) == pytest.approx(ref["theil_t"], abs=1e-15)
    assert theil_l(Y2, W2) == pytest.approx(ref["theil_l"], abs=1e-15)
    assert gini(Y2, W2) == pytest.approx(ref["gini"], abs=1e-15)
    assert williamson(Y2, W2) == pytest.approx(ref["williamson"], abs=1e-15)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_equal_weights_match_pysal(seed):
    rng = np.random.default_rng(seed)
    y = rng.lognormal(10, 0.5, 31)
    ones = np.ones_like(y)
    part = rng.choice([0, 1, 2], 31)
    assert theil_t(y, ones) == pytest.approx(float(Theil(y).T), abs=1e-12)
    td = TheilD(y, part)
    d = theil_t_decomposition(y, ones, part)
    assert d["between"] == pytest.approx(float(np.ravel(td.bg)[0]), abs=1e-12)
    assert d["within"] == pytest.approx(float(np.ravel(td.wg)[0]), abs=1e-12)
    assert gini(y, ones) == pytest.approx(Gini(y).g, abs=1e-12)
    assert theil_l(y, ones) == pytest.approx(-math.log(1 - atkinson(y, 1)), abs=1e-12)


# ---------------------------------------------------------------- the real panel
@pytest.fixture(scope="module")
def coastal():
    return inequality_table("coastal").set_index("year")


def test_table_shape_and_identity(coastal):
    assert list(inequality_table("coastal").columns) == COLUMNS
    assert list(coastal.index) == list(range(2012, 2023))
    for scheme in ("coastal", "four_regions", "north_south"):
        t = inequality_table(scheme, "rev2025")
        assert list(t["year"]) == list(range(2006, 2025))
        gap = (t["theil_t_between"] + t["theil_t_within"] - t["theil_t"]).abs().max()
        assert gap < 1e-12


@pytest.mark.parametrize("year, scheme", [(2012, "coastal"), (2022, "coastal"), (2022, "four_regions")])
def test_real_panel_equals_pysal_on_the_population_sample(year, scheme):
    """Per-capita GDP and populations read from data/provinces.csv with the csv module; the
    populations are given to 0.1 万人 (1,000 people), so 10 × population is a whole number of
    people-thousands and PySAL on the sample repeated that many times gives the weighted
    measures exactly."""
    codes, y, pop = rawdata.per_capita_gdp(year)
    w = np.round(pop * 10).astype(int)
    assert np.allclose(w, pop * 10, atol=1e-6)
    member = rawdata.groups(scheme)
    ref = _pysal_expanded(y, w, np.array([member[c] for c in codes]))
    row = inequality_table(scheme, years=[year]).iloc[0]
    assert row["theil_t"] == pytest.approx(ref["theil_t"], rel=1e-9)
    assert row["theil_l"] == pytest.approx(ref["theil_l"], rel=1e-9)
    assert row["gini"] == pytest.approx(ref["gini"], rel=1e-9)
    assert row["williamson"] == pytest.approx(ref["williamson"], rel=1e-9)
    assert row["theil_t_between"] == pytest.approx(ref["between"], rel=1e-9)
    assert row["theil_t_within"] == pytest.approx(ref["within"], rel=1e-9)


@pytest.mark.parametrize("year", range(2012, 2023))
def test_coastal_split_from_the_papers_printed_tables(coastal, year):
    """The between part is Theil's T of the two groups' per-capita GDP weighted by their
    population, which the paper prints: GDP shares in Table 1, per-capita GDP in Table 2
    (so population = GDP ÷ per-capita GDP)."""
    gdp = {g: rawdata.printed("T1", "gdp", year, g) for g in ("coastal", "inland")}
    pc = {g: rawdata.printed("T2", "gdp_per_capita", year, g) for g in ("coastal", "inland")}
    pop = {g: gdp[g] / pc[g] for g in gdp}
    S = {g: gdp[g] / sum(gdp.values()) for g in gdp}
    P = {g: pop[g] / sum(pop.values()) for g in pop}
    between = sum(S[g] * math.log(S[g] / P[g]) for g in S)
    assert coastal.loc[year, "theil_t_between"] == pytest.approx(between, abs=1e-7)


def test_what_the_chapter_says_of_the_coastal_split(coastal):
    """The book's reading: inequality fell 2012-2022 and the coastal/inland gap explains a
    shrinking part of Theil's T, over 30 % in 2012 and under 20 % in 2022."""
    share = coastal["theil_t_between"] / coastal["theil_t"]
    assert share[2012] > 0.3 and share[2022] < 0.2
    assert coastal.loc[2022, "gini"] < coastal.loc[2012, "gini"]
    assert coastal.loc[2022, "theil_t"] < coastal.loc[2012, "theil_t"]


def test_between_equals_group_theil(coastal):
    """The between part is Theil's T of the two group per-capita values, weighted by group
    population: computed here from the group aggregates of the indicators module."""
    pc = indicators.per_capita("gdp", "paper", "coastal", years=range(2012, 2023))
    pop = indicators.totals("population", "nbs_db", "coastal", years=range(2012, 2023))
    for year in (2012, 2017, 2022):
        y = pc.loc[year, ["coastal", "inland"]]
        w = pop.loc[year, ["coastal", "inland"]]
        assert theil_t(y, w) == pytest.approx(coastal.loc[year, "theil_t_between"], abs=1e-12)
        # and the weighted mean is the national per-capita GDP of Table 2
        y31 = indicators.province_per_capita("gdp", "paper").loc[year]
        w31 = indicators.wide("population", "nbs_db").loc[year]
        assert weighted_mean(y31, w31) == pytest.approx(pc.loc[year, "national"], rel=1e-12)


def test_scheme_changes_only_the_split():
    a = inequality_table("coastal", years=[2022]).iloc[0]
    b = inequality_table("four_regions", years=[2022]).iloc[0]
    for c in ("theil_t", "theil_l", "williamson", "gini"):
        assert a[c] == b[c]
    assert a["theil_t_between"] != b["theil_t_between"]


def test_series_are_aligned_by_index():
    y = pd.Series([1.0, 3.0], index=["a", "b"])
    w = pd.Series([1.0, 3.0], index=["b", "a"])        # a: 3, b: 1
    assert theil_t(y, w) == pytest.approx(theil_t(Y2, W2))


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize("call, words", [
    (lambda: theil_t([1, 2, 3], [1, 2]), "mismatched lengths"),
    (lambda: theil_t([1, 0, 3], [1, 1, 1]), "logarithm"),
    (lambda: theil_l([1, -2], [1, 1]), "logarithm"),
    (lambda: gini([1, 2], [1, 0]), "weights"),
    (lambda: williamson([], []), "no values"),
    (lambda: theil_t([1, np.nan], [1, 1]), "not finite"),
    (lambda: theil_t_decomposition([1, 2], [1, 1], ["a"]), "mismatched lengths"),
    (lambda: inequality_table("provinces_by_taste"), "unknown grouping scheme"),
    (lambda: inequality_table("coastal", years=[2030]), "covers 2011-2022"),
    (lambda: inequality_table("coastal", vintage="nope"), "no vintage 'nope'"),
])
def test_bad_input_raises_data_error(call, words):
    with pytest.raises(DataError, match=words):
        call()


# ---------------------------------------------------------------- command line
HEADER = "year,theil_t,theil_t_between,theil_t_within,theil_l,williamson,gini"


def test_cli_default():
    r = run_cli("inequality", "--scheme", "coastal")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.strip().split("\n")
    assert lines[0] == HEADER
    assert [int(x.split(",")[0]) for x in lines[1:]] == list(range(2012, 2023))
    assert lines[-1].startswith("2022,0.060797,0.011857,")
    assert all(len(v.split(".")[1]) == 6 for v in lines[1].split(",")[1:])


def test_cli_year_and_vintage():
    r = run_cli("inequality", "--scheme", "north_south", "--year", "2024", "--vintage", "rev2025")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.strip().split("\n")
    assert lines[0] == HEADER and len(lines) == 2 and lines[1].startswith("2024,")
    r = run_cli("inequality", "--scheme", "four_regions", "--vintage", "first_release")
    years = [int(x.split(",")[0]) for x in r.stdout.strip().split("\n")[1:]]
    assert years == list(range(2005, 2025))


@pytest.mark.parametrize("args, words", [
    (("--scheme", "mountains"), "unknown grouping scheme 'mountains'"),
    (("--scheme", "coastal", "--year", "1990"), "year 1990 not covered"),
    (("--vintage", "rev2030"), "no vintage 'rev2030'"),
])
def test_cli_errors(args, words):
    r = run_cli("inequality", *args)
    assert r.returncode == 1
    assert r.stdout == ""
    assert r.stderr.startswith("error: ") and words in r.stderr
    assert "Traceback" not in r.stderr
