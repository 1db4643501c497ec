"""σ- and β-convergence: synthetic data with a known β, the real panel, errors."""
from __future__ import annotations

import math

import numpy as np
import pytest

import rawdata
from inland_coastal import indicators
from inland_coastal.convergence import (beta_convergence, beta_data, beta_regression,
                                        sigma_convergence, speed_and_half_life)
from inland_coastal.errors import DataError
from inland_coastal.groupings import membership


# ---------------------------------------------------------------- synthetic data
def _synthetic(beta, T=10, n=31, noise=0.0, seed=0):
    rng = np.random.default_rng(seed)
    y0 = np.exp(rng.uniform(9.5, 11.5, n))
    g = 0.2 + beta * np.log(y0) + rng.normal(0, noise, n)
    return y0, y0 * np.exp(g * T)


def test_exact_beta_is_recovered():
    y0, yT = _synthetic(-0.02)
    r = beta_regression(y0, yT, 10)
    assert r["beta"] == pytest.approx(-0.02, abs=1e-12)
    assert r["intercept"] == pytest.approx(0.2, abs=1e-10)
    assert r["r2"] == pytest.approx(1.0, abs=1e-12)
    assert r["n"] == 31
    # λ = −ln(1 − 0.02·10)/10 = −ln 0.8 / 10 = 0.0223144; half-life = ln 2 / λ = 31.06 years
    assert r["speed"] == pytest.approx(-math.log(0.8) / 10, abs=1e-10)
    assert r["speed"] == pytest.approx(0.0223144, abs=1e-7)
    assert r["half_life"] == pytest.approx(31.0628, abs=1e-4)


def test_noisy_beta_within_its_standard_error():
    y0, yT = _synthetic(-0.03, noise=0.002, n=200, seed=3)
    r = beta_regression(y0, yT, 10)
    assert abs(r["beta"] + 0.03) < 3 * r["se"]
    assert r["pvalue"] < 1e-6 and r["tstat"] < 0


def test_known_speed_gives_known_beta():
    # choose λ = 0.02/yr over T = 15: β = −(1 − e^{−λT})/T
    lam, T = 0.02, 15
    beta = -(1 - math.exp(-lam * T)) / T
    y0, yT = _synthetic(beta, T=T)
    r = beta_regression(y0, yT, T)
    assert r["speed"] == pytest.approx(lam, abs=1e-10)
    assert r["half_life"] == pytest.approx(math.log(2) / lam, abs=1e-7)


@pytest.mark.parametrize("seed, n, noise", [(1, 31, 0.004), (2, 12, 0.01), (5, 200, 0.002)])
def test_closed_form_equals_statsmodels(seed, n, noise):
    sm = pytest.importorskip("statsmodels.api")
    y0, yT = _synthetic(-0.015, n=n, noise=noise, seed=seed)
    r = beta_regression(y0, yT, 10)
    x = np.log(y0)
    fit = sm.OLS((np.log(yT) - x) / 10, sm.add_constant(x)).fit()
    assert r["beta"] == pytest.approx(fit.params[1], rel=1e-10)
    assert r["intercept"] == pytest.approx(fit.params[0], rel=1e-10)
    assert r["se"] == pytest.approx(fit.bse[1], rel=1e-10)
    assert r["tstat"] == pytest.approx(fit.tvalues[1], rel=1e-10)
    assert r["pvalue"] == pytest.approx(fit.pvalues[1], rel=1e-8, abs=1e-300)
    assert r["r2"] == pytest.approx(fit.rsquared, rel=1e-10)
    assert r["n"] == int(fit.nobs)


def test_divergence_has_no_half_life():
    assert speed_and_half_life(0.01, 10)[1] is None          # λ < 0: divergence
    assert speed_and_half_life(-0.2, 10) == (None, None)      # 1 + βT < 0: no finite speed
    y0, yT = _synthetic(0.01)
    r = beta_regression(y0, yT, 10)
    assert r["speed"] < 0 and r["half_life"] is None


# ---------------------------------------------------------------- the real panel
def test_sigma_real_panel():
    s = sigma_convergence().set_index("year")
    assert list(s.index) == list(range(2012, 2023))
    pc = indicators.province_per_capita("gdp", "paper")
    assert s.loc[2022, "sd_log"] == pytest.approx(np.log(pc.loc[2022]).std(ddof=0), rel=1e-12)
    assert s.loc[2022, "cv"] == pytest.approx(pc.loc[2022].std(ddof=0) / pc.loc[2022].mean(), rel=1e-12)
    # from the file read with the csv module: dispersion narrowed 2012 → 2022 (0.388 → 0.360)
    for year in (2012, 2022):
        _, y, pop = rawdata.per_capita_gdp(year)
        assert s.loc[year, "sd_log"] == pytest.approx(np.std(np.log(y)), rel=1e-12)
        assert s.loc[year, "cv"] == pytest.approx(np.std(y) / np.mean(y), rel=1e-12)
        weighted = np.sqrt(np.cov(y, aweights=pop, ddof=0)) / np.average(y, weights=pop)
        assert s.loc[year, "cv_weighted"] == pytest.approx(float(weighted), rel=1e-12)
    assert s.loc[2022, "sd_log"] < s.loc[2012, "sd_log"]
    assert (s["sd_log"].diff().dropna() < 0).sum() >= 5
    assert list(sigma_convergence("rev2025")["year"]) == list(range(2006, 2025))


def test_beta_real_panel():
    r = beta_convergence(2012, 2022)
    d = beta_data(2012, 2022)
    slope, _ = np.polyfit(d["log_initial"], d["growth"], 1)
    assert r["beta"] == pytest.approx(slope, abs=1e-12)
    assert (r["start"], r["end"], r["n"]) == (2012, 2022, 31)
    # statsmodels' OLS on the file read with the csv module: weak but significant (5 %)
    # convergence, β = −0.0118 (s.e. 0.0054), a half-life of about 55 years
    sm = pytest.importorskip("statsmodels.api")
    _, y0, _ = rawdata.per_capita_gdp(2012)
    _, yT, _ = rawdata.per_capita_gdp(2022)
    fit = sm.OLS((np.log(yT) - np.log(y0)) / 10, sm.add_constant(np.log(y0))).fit()
    beta = fit.params[1]
    assert r["beta"] == pytest.approx(beta, rel=1e-10)
    assert r["se"] == pytest.approx(fit.bse[1], rel=1e-10)
    assert r["pvalue"] == pytest.approx(fit.pvalues[1], rel=1e-8)
    assert r["speed"] == pytest.approx(-math.log(1 + 10 * beta) / 10, rel=1e-10)
    assert r["half_life"] == pytest.approx(math.log(2) / (-math.log(1 + 10 * beta) / 10), rel=1e-10)
    assert beta < 0 and fit.pvalues[1] < 0.05


def test_beta_subsets_by_name_or_code():
    m = membership("coastal")
    inland = beta_convergence(2012, 2022, adcodes=m[m == "inland"].index)
    assert inland["n"] == 20
    r = beta_convergence(2012, 2022, adcodes=["北京", "Shanghai", 440000, "贵州省"])
    assert r["n"] == 4
    assert list(beta_data(2012, 2022, adcodes=["北京", "Shanghai"])["province"]) == ["北京", "上海"]


@pytest.mark.parametrize("call, words", [
    (lambda: beta_convergence(2022, 2012), "must come after"),
    (lambda: beta_convergence(2012, 2030), "2030 not covered"),
    (lambda: beta_convergence(2012, 2022, adcodes=["Atlantis", "北京", "上海"]), "unknown province 'Atlantis'"),
    (lambda: beta_convergence(2012, 2022, adcodes=["北京", "上海"]), "at least 3"),
    (lambda: beta_regression([1, 2, 3], [1, 2], 5), "mismatched lengths"),
    (lambda: beta_regression([1, 0, 3], [1, 2, 3], 5), "logarithm"),
    (lambda: beta_regression([2, 2, 2], [3, 4, 5], 5), "all initial values are equal"),
    (lambda: sigma_convergence("draft"), "no vintage 'draft'"),
])
def test_bad_input(call, words):
    with pytest.raises(DataError, match=words):
        call()


def test_t_p_value_equals_scipys_for_every_df_a_regression_meets():
    from scipy.special import stdtr

    from inland_coastal.convergence import t_two_sided_p

    for df in range(1, 120):
        for t in (0.0, 0.05, 0.5, 1.0, 1.96, 2.5, 4.0, 8.0, 25.0, 300.0, -3.0):
            assert t_two_sided_p(t, df) == pytest.approx(2 * stdtr(df, -abs(t)), rel=1e-9, abs=1e-300), (t, df)
    assert t_two_sided_p(float("inf"), 29) == 0.0 and t_two_sided_p(0.0, 29) == 1.0
    with pytest.raises(DataError, match="degrees of freedom"):
        t_two_sided_p(1.0, 0)
    with pytest.raises(DataError, match="not a number"):
        t_two_sided_p(float("nan"), 10)
