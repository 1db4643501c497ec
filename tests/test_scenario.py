"""inland_coastal.scenario: projections, the closing year, input checks, and the static
Vega-Lite chart whose expressions must equal the library's formulas."""
from __future__ import annotations

import json
import math
import re

import pandas as pd
import pytest

from inland_coastal import indicators as I
from inland_coastal import scenario as S
from inland_coastal.errors import DataError

# a made-up base: coastal 600 亿元 / 400 万人 = 15000 元, inland 400 / 600 = 6666.7 元, R0 = 2.25
TOY = S.Base(2020, 600.0, 400.0, 400.0, 600.0, vintage="toy")


def closed_form_year(base: S.Base, gc, gi, nc=0.0, ni=0.0, horizon=S.HORIZON):
    """t0 + ceil(ln R0 / ln q), written out here independently of the library."""
    r0 = (base.coastal_gdp / base.coastal_pop) / (base.inland_gdp / base.inland_pop)
    if r0 <= 1:
        return base.year
    q = (1 + gi) * (1 + nc) / ((1 + gc) * (1 + ni))
    if q <= 1:
        return None
    year = base.year + math.ceil(math.log(r0) / math.log(q))
    return year if year <= horizon else None


# ------------------------------------------------------------------ hand cases
def test_equal_growth_keeps_share_index_and_ratio_constant():
    p = S.project(0.06, 0.06, 0.01, 0.01, base=TOY, target=2040)
    assert p["inland_share"].to_numpy() == pytest.approx(40.0)
    assert p["ratio"].to_numpy() == pytest.approx(2.25)
    first = p.iloc[0]
    assert p["inland_index"].to_numpy() == pytest.approx(first["inland_index"])
    assert S.gap_closing_year(0.06, 0.06, 0.01, 0.01, base=TOY) is None


def test_first_row_is_the_base_and_formulas_hold():
    p = S.project(0.03, 0.08, 0.005, -0.002, base=TOY, target=2030)
    assert list(p.columns) == S.COLUMNS
    assert p["year"].tolist() == list(range(2020, 2031))
    r = p.iloc[0]
    assert (r["coastal_gdp"], r["inland_gdp"], r["coastal_pop"], r["inland_pop"]) == (600, 400, 400, 600)
    assert r["coastal_pc"] == pytest.approx(15000.0)
    assert r["inland_pc"] == pytest.approx(400 / 600 * 1e4)
    assert r["national_pc"] == pytest.approx(1000 / 1000 * 1e4)
    assert r["inland_index"] == pytest.approx(66.6667, abs=1e-3)
    # k years later: closed-form compounding
    k = 10
    last = p.iloc[-1]
    assert last["coastal_gdp"] == pytest.approx(600 * 1.03 ** k)
    assert last["inland_gdp"] == pytest.approx(400 * 1.08 ** k)
    assert last["coastal_pop"] == pytest.approx(400 * 1.005 ** k)
    assert last["inland_pop"] == pytest.approx(600 * 0.998 ** k)
    q = 1.08 * 1.005 / (1.03 * 0.998)
    assert last["ratio"] == pytest.approx(2.25 / q ** k)
    share = 100 * last["inland_gdp"] / (last["inland_gdp"] + last["coastal_gdp"])
    assert last["inland_share"] == pytest.approx(share)


@pytest.mark.parametrize("gc,gi,nc,ni", [
    (0.03, 0.08, 0.0, 0.0),
    (0.05, 0.065, 0.004, -0.003),
    (0.02, 0.10, 0.01, 0.0),
    (-0.01, 0.04, -0.005, -0.01),
    (0.08, 0.086, 0.0069, 0.0014),
])
def test_closing_year_matches_closed_form(gc, gi, nc, ni):
    want = closed_form_year(TOY, gc, gi, nc, ni)
    assert S.gap_closing_year(gc, gi, nc, ni, base=TOY) == want
    p = S.project(gc, gi, nc, ni, base=TOY, target=S.HORIZON)
    if want is not None:
        # the year before closing is still open, the closing year closed; index and ratio agree
        row = p.set_index("year")
        assert row.loc[want, "ratio"] <= 1 < row.loc[want - 1, "ratio"]
        assert row.loc[want, "inland_index"] >= 100 - 1e-9 > row.loc[want - 1, "inland_index"] - 1e-9
        assert S.years_to_close(TOY, gc, gi, nc, ni) == pytest.approx(
            math.log(2.25) / math.log((1 + gi) * (1 + nc) / ((1 + gc) * (1 + ni))))


def test_index_reaches_100_exactly_when_ratio_reaches_1():
    p = S.project(0.02, 0.10, base=TOY, target=2060)
    assert ((p["inland_index"] >= 100) == (p["ratio"] <= 1)).all()


def test_gap_already_closed_returns_base_year():
    rich_inland = S.Base(2020, 500.0, 500.0, 500.0, 400.0)
    assert S.gap_closing_year(0.05, 0.01, base=rich_inland) == 2020
    assert S.years_to_close(rich_inland, 0.05, 0.01) == 0.0


def test_no_closing_when_inland_grows_slower_or_beyond_horizon():
    assert S.gap_closing_year(0.07, 0.05, base=TOY) is None
    assert S.years_to_close(TOY, 0.07, 0.05) is None
    # closes around 2020 + ln 2.25 / ln(1.051/1.05) ≈ 2858: not within 2100
    assert S.gap_closing_year(0.05, 0.051, base=TOY) is None
    assert S.gap_closing_year(0.05, 0.08, base=TOY, horizon=2030) is None
    assert S.gap_closing_year(0.05, 0.08, base=TOY, horizon=2060) == closed_form_year(TOY, 0.05, 0.08)


# ------------------------------------------------------------------ real base
def test_default_base_is_the_paper_vintage_2022():
    b = S.base_values()
    assert (b.year, b.vintage) == (2022, "paper")
    t = I.totals("gdp", "paper")
    assert b.coastal_gdp == pytest.approx(t.loc[2022, "coastal"])
    assert b.inland_gdp == pytest.approx(t.loc[2022, "inland"])
    p = S.project(0.05, 0.06)
    assert p["year"].iloc[0] == 2022 and p["year"].iloc[-1] == S.TARGET
    assert p["inland_share"].iloc[0] == pytest.approx(I.shares(t).loc[2022, "inland"])
    idx = I.index_to_national(I.per_capita("gdp", "paper"))
    assert p["inland_index"].iloc[0] == pytest.approx(idx.loc[2022, "inland"])
    assert p["coastal_index"].iloc[0] == pytest.approx(idx.loc[2022, "coastal"])


@pytest.mark.parametrize("vintage", ["first_release", "rev2025"])
def test_other_vintages_start_from_their_latest_year(vintage):
    b = S.base_values(vintage)
    assert b.year == int(I.totals("gdp", vintage).index.max())
    p = S.project(0.05, 0.06, vintage=vintage)
    assert p["year"].iloc[0] == b.year
    assert S.base_values(vintage, 2015).year == 2015


def test_observed_growth_is_the_compound_rate():
    g = S.observed_growth(2012, 2022)
    t = I.totals("gdp", "paper")
    pop = I.totals("population", "nbs_db")
    assert g["inland_growth"] == pytest.approx((t.loc[2022, "inland"] / t.loc[2012, "inland"]) ** 0.1 - 1)
    assert g["coastal_pop_growth"] == pytest.approx((pop.loc[2022, "coastal"] / pop.loc[2012, "coastal"]) ** 0.1 - 1)


# ------------------------------------------------------------------ input checks
@pytest.mark.parametrize("bad", [0.31, -0.21, float("nan"), float("inf"), "5%", None, True])
def test_bad_rates_raise(bad):
    with pytest.raises(DataError):
        S.project(bad, 0.05, base=TOY)
    with pytest.raises(DataError):
        S.gap_closing_year(0.05, 0.05, 0.0, bad, base=TOY)


def test_percent_instead_of_fraction_gets_a_hint():
    with pytest.raises(DataError, match="0.05 for 5%"):
        S.project(5, 6, base=TOY)


def test_rate_limits_are_inclusive():
    S.project(S.GROWTH_MAX, S.GROWTH_MIN, base=TOY, target=2021)


@pytest.mark.parametrize("target", [2020, 2019, 2035.5, "2035", 2500])
def test_bad_target_raises(target):
    with pytest.raises(DataError):
        S.project(0.05, 0.06, base=TOY, target=target)


def test_bad_base_and_vintage_raise():
    with pytest.raises(DataError):
        S.project(0.05, 0.06, base=S.Base(2020, -1.0, 400.0, 400.0, 600.0))
    with pytest.raises(DataError):
        S.project(0.05, 0.06, base={"year": 2020})
    with pytest.raises(DataError, match="unknown GDP vintage"):
        S.base_values("nbs_db")
    with pytest.raises(DataError, match="no base year 2030"):
        S.base_values("paper", 2030)
    with pytest.raises(DataError):
        S.gap_closing_year(0.05, 0.06, base=TOY, horizon=2020)
    with pytest.raises(DataError):
        S.observed_growth(2022, 2012)


# ------------------------------------------------------------------ the static Vega-Lite chart
def _history():
    t, pc = I.totals("gdp", "paper"), I.index_to_national(I.per_capita("gdp", "paper"))
    return pd.DataFrame({"year": t.index, "inland_share": I.shares(t)["inland"].to_numpy(),
                         "inland_index": pc["inland"].to_numpy(), "coastal_index": pc["coastal"].to_numpy()})


def _spec(init=None):
    from inland_coastal import charts

    init = init or {"gc": 8.0, "gi": 8.6, "nc": 0.7, "ni": 0.15}
    return charts.scenario_sliders(S.base_values("paper"), _history(), init).to_dict()


def _walk(node, found):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "transform":
                for tr in v:
                    if "calculate" in tr:
                        found.append((tr["as"], tr["calculate"]))
            _walk(v, found)
    elif isinstance(node, list):
        for v in node:
            _walk(v, found)
    return found


def _params(spec) -> dict:
    return {p["name"]: p.get("value") for p in spec.get("params", [])}


def _vega_eval(expr: str, env: dict):
    """Evaluate a ternary-free Vega arithmetic expression in Python."""
    py = expr.replace("datum.", "datum_")
    assert re.fullmatch(r"[\w\s.+\-*/(),]*", py), py
    return eval(py, {"__builtins__": {}, "pow": pow, "log": math.log, "ceil": math.ceil}, env)


def test_spec_uses_the_library_formulas_and_the_paper_base():
    spec = _spec()
    calcs = dict(_walk(spec, []))
    for field, expr in S.VEGA.items():
        assert calcs[field] == expr
    assert calcs["closing"] == S.VEGA_CLOSING
    par = _params(spec)
    b = S.base_values("paper")
    assert (par["b_year"], par["b_gc"], par["b_gi"], par["b_pc"], par["b_pi"]) == (
        2022, b.coastal_gdp, b.inland_gdp, b.coastal_pop, b.inland_pop)
    assert par["b_horizon"] == S.HORIZON
    # sliders start at the given values and are bound to range inputs
    sliders = {p["name"]: p for p in spec["params"] if "bind" in p}
    assert {"gc", "gi", "nc", "ni", "target"} <= set(sliders)
    assert all(sliders[n]["bind"]["input"] == "range" for n in sliders)
    assert sliders["gi"]["value"] == 8.6 and sliders["target"]["value"] == S.TARGET


@pytest.mark.parametrize("gc,gi,nc,ni", [(5.0, 6.0, 0.0, 0.0), (8.0, 8.6, 0.7, 0.15), (4.0, 7.5, -0.3, 0.4),
                                         (6.0, 5.0, 0.2, -0.1)])
def test_vega_expressions_equal_library_projection(gc, gi, nc, ni):
    spec = _spec()
    par = _params(spec)
    par.update(gc=gc, gi=gi, nc=nc, ni=ni)
    order = [(f, e) for f, e in _walk(spec, []) if f in S.VEGA]
    order = list(dict.fromkeys(order))[:len(S.VEGA)]            # one view's sequence, in order
    assert [f for f, _ in order] == list(S.VEGA)
    lib = S.project(gc / 100, gi / 100, nc / 100, ni / 100, target=2050).set_index("year")
    for year in (2022, 2023, 2030, 2035, 2050):
        env = dict(par, datum_year=year)
        for field, expr in order:
            env[f"datum_{field}"] = _vega_eval(expr, env)
        for col in ("inland_share", "inland_index", "coastal_index", "ratio", "inland_pc", "national_pc"):
            assert env[f"datum_{col}"] == pytest.approx(lib.loc[year, col], rel=1e-9), (year, col)


@pytest.mark.parametrize("gc,gi,nc,ni", [(5.0, 6.0, 0.0, 0.0), (8.0, 8.6, 0.7, 0.15), (3.0, 9.0, 0.0, 0.5),
                                         (6.0, 5.0, 0.2, -0.1), (5.0, 5.2, 0.0, 0.0)])
def test_closed_form_from_spec_base_equals_library_closing_year(gc, gi, nc, ni):
    par = _params(_spec())
    base = S.Base(par["b_year"], par["b_gc"], par["b_gi"], par["b_pc"], par["b_pi"])
    want = closed_form_year(base, gc / 100, gi / 100, nc / 100, ni / 100, horizon=par["b_horizon"])
    assert S.gap_closing_year(gc / 100, gi / 100, nc / 100, ni / 100) == want


@pytest.mark.parametrize("gc,gi,nc,ni,target", [(8.0, 8.6, 0.7, 0.15, 2035), (5.0, 6.5, 0.0, -0.2, 2040),
                                                (6.0, 5.0, 0.0, 0.0, 2030)])
def test_vega_engine_renders_the_library_numbers(gc, gi, nc, ni, target):
    """Run the chart through the real Vega engine (vl-convert) with the sliders set, and read
    the headline text it draws."""
    import vl_convert as vlc
    spec = _spec({"gc": gc, "gi": gi, "nc": nc, "ni": ni})
    for p in spec["params"]:
        if p["name"] == "target":
            p["value"] = target
    sg = json.dumps(vlc.vegalite_to_scenegraph(spec), ensure_ascii=False)
    m = re.search(r"按此假设：(\d+)年内陆GDP占比 ([\d.]+)%，内陆人均指数 ([\d.]+)（全国=100）；([^\"]+)", sg)
    assert m, "headline not found"
    lib = S.project(gc / 100, gi / 100, nc / 100, ni / 100, target=target).iloc[-1]
    assert int(m.group(1)) == target
    assert m.group(2) == f"{lib['inland_share']:.1f}"
    assert m.group(3) == f"{lib['inland_index']:.1f}"
    closing = S.gap_closing_year(gc / 100, gi / 100, nc / 100, ni / 100)
    if closing is None:
        assert "仍未弥合" in m.group(4)
    else:
        assert f"在 {closing} 年弥合" in m.group(4)


@pytest.mark.parametrize("gc,nc,ni,by", [(0.05, 0.0, 0.0, 2035), (0.08, 0.0069, 0.0014, 2035), (0.04, 0.002, -0.004, 2045)])
def test_required_inland_growth_closes_exactly_in_the_year(gc, nc, ni, by):
    gi = S.required_inland_growth(gc, by, nc, ni)
    b = S.base_values()
    q = (1 + gi) * (1 + nc) / ((1 + gc) * (1 + ni))
    assert q ** (by - b.year) == pytest.approx(b.ratio)          # R(by) = 1
    assert S.gap_closing_year(gc, gi + 1e-6, nc, ni) == by
    assert S.gap_closing_year(gc, gi - 1e-4, nc, ni) == by + 1


def test_required_inland_growth_out_of_range_raises():
    with pytest.raises(DataError, match="needs inland growth"):
        S.required_inland_growth(0.29, 2023)


# ------------------------------------------------------------------ GDP responding to population (ε)
def test_elasticity_zero_is_the_old_model():
    for rates in [(0.05, 0.06, 0.003, -0.003), (0.03, 0.08, -0.002, 0.004)]:
        pd.testing.assert_frame_equal(S.project(*rates, base=TOY, target=2040),
                                      S.project(*rates, base=TOY, target=2040, elasticity=0.0))


@pytest.mark.parametrize("eps", [0.0, 0.5, 1.0])
def test_gdp_follows_population_with_the_elasticity(eps):
    """G(t) = G0 (1+g)^k (1+n)^(εk), written out by hand."""
    gc, gi, nc, ni = 0.05, 0.06, 0.003, -0.003
    p = S.project(gc, gi, nc, ni, base=TOY, target=2030, elasticity=eps).iloc[-1]
    k = 10
    assert p["coastal_gdp"] == pytest.approx(600 * 1.05 ** k * 1.003 ** (eps * k))
    assert p["inland_gdp"] == pytest.approx(400 * 1.06 ** k * 0.997 ** (eps * k))
    assert p["inland_pop"] == pytest.approx(600 * 0.997 ** k)
    # the ratio falls by q = (1+gi)/(1+gc) · ((1+nc)/(1+ni))^(1−ε) a year
    q = 1.06 / 1.05 * (1.003 / 0.997) ** (1 - eps)
    assert p["ratio"] == pytest.approx(2.25 / q ** k)
    assert S.growth_ratio(gc, gi, nc, ni, eps) == pytest.approx(q)


def test_with_elasticity_one_migration_moves_gdp_not_the_per_capita_gap():
    still = S.project(0.05, 0.06, base=TOY, target=2040, elasticity=1.0)
    moving = S.project(0.05, 0.06, 0.003, -0.003, base=TOY, target=2040, elasticity=1.0)
    assert moving["ratio"].to_numpy() == pytest.approx(still["ratio"].to_numpy())
    assert (moving["inland_gdp"].iloc[1:] < still["inland_gdp"].iloc[1:]).all()      # outflow takes output
    assert (moving["inland_share"].iloc[1:] < still["inland_share"].iloc[1:]).all()
    assert S.gap_closing_year(0.05, 0.06, 0.003, -0.003, base=TOY, elasticity=1.0) == \
        S.gap_closing_year(0.05, 0.06, base=TOY)
    # with ε = 0 the same outflow leaves inland GDP alone and flatters the per-capita ratio
    zero = S.project(0.05, 0.06, 0.003, -0.003, base=TOY, target=2040)
    assert zero["inland_gdp"].to_numpy() == pytest.approx(still["inland_gdp"].to_numpy())
    assert (zero["ratio"].iloc[1:] < still["ratio"].iloc[1:]).all()


@pytest.mark.parametrize("eps", [0.0, 0.4, 1.0])
def test_closing_year_and_required_growth_with_elasticity(eps):
    gc, gi, nc, ni = 0.04, 0.07, 0.004, -0.002
    q = (1 + gi) / (1 + gc) * ((1 + nc) / (1 + ni)) ** (1 - eps)
    want = TOY.year + math.ceil(math.log(2.25) / math.log(q))
    assert S.gap_closing_year(gc, gi, nc, ni, base=TOY, elasticity=eps) == want
    assert S.years_to_close(TOY, gc, gi, nc, ni, elasticity=eps) == pytest.approx(math.log(2.25) / math.log(q))
    need = S.required_inland_growth(gc, 2045, nc, ni, base=TOY, elasticity=eps)
    assert S.gap_closing_year(gc, need + 1e-6, nc, ni, base=TOY, elasticity=eps) == 2045
    assert S.gap_closing_year(gc, need - 1e-4, nc, ni, base=TOY, elasticity=eps) == 2046


@pytest.mark.parametrize("bad", [-0.1, 1.5, float("nan"), "1", True, None])
def test_bad_elasticity_raises(bad):
    with pytest.raises(DataError, match="elasticity"):
        S.project(0.05, 0.06, base=TOY, elasticity=bad)


def test_vega_expressions_follow_the_elasticity_slider():
    spec = _spec()
    par = _params(spec)
    sliders = {p["name"]: p for p in spec["params"] if "bind" in p}
    assert sliders["eps"]["value"] == 0.0 and sliders["eps"]["bind"]["max"] == 1
    order = [(f, e) for f, e in _walk(spec, []) if f in S.VEGA]
    order = list(dict.fromkeys(order))[:len(S.VEGA)]
    for eps in (0.3, 1.0):
        par.update(gc=5.0, gi=6.0, nc=0.3, ni=-0.3, eps=eps)
        lib = S.project(0.05, 0.06, 0.003, -0.003, target=2040, elasticity=eps).set_index("year")
        env = dict(par, datum_year=2040)
        for field, expr in order:
            env[f"datum_{field}"] = _vega_eval(expr, env)
        for col in ("inland_share", "inland_index", "ratio"):
            assert env[f"datum_{col}"] == pytest.approx(lib.loc[2040, col], rel=1e-9)


def test_vega_engine_closing_year_with_elasticity():
    import vl_convert as vlc
    spec = _spec({"gc": 5.0, "gi": 6.0, "nc": 0.3, "ni": -0.3, "eps": 1.0})
    sg = json.dumps(vlc.vegalite_to_scenegraph(spec), ensure_ascii=False)
    closing = S.gap_closing_year(0.05, 0.06, 0.003, -0.003, elasticity=1.0)
    assert f"在 {closing} 年弥合" in sg


# ------------------------------------------------------------------ helpers the chapter calls
def test_compare_lays_cases_side_by_side():
    t = S.compare({"same": (0.05, 0.05), "fast": {"coastal_growth": 0.05, "inland_growth": 0.07},
                   "move": (0.05, 0.06, 0.003, -0.003, 1.0)}, base=TOY, target=2035)
    assert list(t.index) == ["same", "fast", "move"]
    assert t.loc["same", "inland_share"] == pytest.approx(40.0)
    assert pd.isna(t.loc["same", "closing"])
    assert t.loc["fast", "closing"] == closed_form_year(TOY, 0.05, 0.07)
    assert t.loc["move", "elasticity"] == 1.0 and t.loc["move", "nc"] == pytest.approx(0.3)
    last = S.project(0.05, 0.06, 0.003, -0.003, base=TOY, target=2035, elasticity=1.0).iloc[-1]
    assert t.loc["move", "inland_gdp"] == pytest.approx(last["inland_gdp"])
    with pytest.raises(DataError, match="case 'bad'"):
        S.compare({"bad": (0.05,)}, base=TOY)


def test_baseline_states_its_rates_and_base():
    from rawdata import groups, values

    b = S.baseline(2012)
    assert (b["base_year"], b["start"], b["target"]) == (2022, 2012, S.TARGET)
    g = groups("coastal")
    gdp12, gdp22 = values("gdp", "paper", 2012), values("gdp", "paper", 2022)
    inland = [c for c, x in g.items() if x == "inland"]
    want = ((sum(gdp22[c] for c in inland) / sum(gdp12[c] for c in inland)) ** 0.1 - 1) * 100
    assert b["obs_gi"] == pytest.approx(want)
    assert b["base_share"] == pytest.approx(100 * sum(gdp22[c] for c in inland) / sum(gdp22.values()))
    # slider start values are the rates rounded to the sliders' steps
    assert b["init_gi"] == pytest.approx(round(want, 1))
    assert abs(b["init_nc"] - b["obs_nc"]) <= 0.025 + 1e-12
    rates = [b[f"init_{k}"] / 100 for k in ("gc", "gi", "nc", "ni")]
    assert b["closing"] == S.gap_closing_year(*rates)
    assert b["share_target"] == pytest.approx(S.project(*rates).iloc[-1]["inland_share"])


def test_history_is_the_observed_path():
    h = S.history("paper", 2012)
    assert h["year"].tolist() == list(range(2012, 2023))
    assert h.set_index("year").loc[2022, "inland_share"] == pytest.approx(
        I.shares(I.totals("gdp", "paper")).loc[2022, "inland"])
    with pytest.raises(DataError, match="unknown GDP vintage"):
        S.history("nbs_db")
