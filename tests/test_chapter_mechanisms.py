"""The numbers glued into chapters/mechanisms.md equal what the library computes."""
from __future__ import annotations


import numpy as np
import pandas as pd
import pytest

import conftest
from inland_coastal import indicators as I, structure as S
from inland_coastal.groupings import membership



@pytest.fixture(scope="module")
def g(built_book):
    return conftest.glued("mechanisms")


def approx(x):
    return pytest.approx(float(x), rel=1e-9, abs=1e-9)


def weighted(pc: pd.DataFrame, scheme: str) -> pd.DataFrame:
    pop = I.wide("population", "nbs_db").loc[pc.index]
    return I.group_sum(pc * pop, scheme) / I.group_sum(pop, scheme)


def test_fiscal_index(g):
    ix = I.index_to_national(I.per_capita("fiscal_revenue", "nbs_db_2025", "coastal"))
    ix4 = I.index_to_national(I.per_capita("fiscal_revenue", "nbs_db_2025", "four_regions"))
    first, last = int(ix.index.min()), int(ix.index.max())
    assert (g["mechanisms-fiscal-first-year"], g["mechanisms-fiscal-last-year"]) == (first, last)
    for grp in ("coastal", "inland"):
        assert g[f"mechanisms-fiscal-index-{grp}-first"] == approx(ix.loc[first, grp])
        assert g[f"mechanisms-fiscal-index-{grp}-last"] == approx(ix.loc[last, grp])
    for grp in ("east", "central", "west", "northeast"):
        assert g[f"mechanisms-fiscal-index-{grp}-last"] == approx(ix4.loc[last, grp])
    # the paper's Table 4 (per-resident fiscal revenue) is carried and close to this vintage
    assert g["mechanisms-paper-t4-inland-2022"] == pytest.approx(82.43)
    assert g["mechanisms-fiscal-index-inland-2022"] == approx(ix.loc[2022, "inland"])
    assert abs(g["mechanisms-fiscal-index-inland-2022"] - 82.43) < 0.1


def test_income(g):
    inc = I.wide("disposable_income_per_capita", "nbs_db_2025")
    w = weighted(inc, "coastal")
    ix = I.index_to_national(w)
    ix4 = I.index_to_national(weighted(inc, "four_regions"))
    first, last = int(w.index.min()), int(w.index.max())
    for grp in ("national", "coastal", "inland"):
        assert g[f"mechanisms-income-{grp}-first"] == approx(w.loc[first, grp])
        assert g[f"mechanisms-income-{grp}-last"] == approx(w.loc[last, grp])
    for grp in ("coastal", "inland"):
        assert g[f"mechanisms-income-index-{grp}-last"] == approx(ix.loc[last, grp])
    for grp in ("east", "central", "west", "northeast"):
        assert g[f"mechanisms-income-index-{grp}-last"] == approx(ix4.loc[last, grp])
    assert g["mechanisms-income-unweighted-last"] == approx(inc.loc[last].mean())


def test_gap_ladder(g):
    gpc = I.wide("gdp_per_capita_official", "rev2025")
    last = int(gpc.index.max())
    fis = I.per_capita("fiscal_revenue", "nbs_db_2025", "coastal")
    fis4 = I.per_capita("fiscal_revenue", "nbs_db_2025", "four_regions")
    inc = I.wide("disposable_income_per_capita", "nbs_db_2025")
    gdp_c, gdp_4 = weighted(gpc, "coastal"), weighted(gpc, "four_regions")
    inc_c, inc_4 = weighted(inc, "coastal"), weighted(inc, "four_regions")
    assert g["mechanisms-gap-cl-gdp-last"] == pytest.approx(gdp_c.loc[last, "coastal"] / gdp_c.loc[last, "inland"], abs=1e-4)
    assert g["mechanisms-gap-cl-fiscal-last"] == pytest.approx(fis.loc[last, "coastal"] / fis.loc[last, "inland"], abs=1e-4)
    assert g["mechanisms-gap-cl-income-last"] == pytest.approx(inc_c.loc[last, "coastal"] / inc_c.loc[last, "inland"], abs=1e-4)
    assert g["mechanisms-gap-ew-gdp-last"] == pytest.approx(gdp_4.loc[last, "east"] / gdp_4.loc[last, "west"], abs=1e-4)
    assert g["mechanisms-gap-ew-fiscal-last"] == pytest.approx(fis4.loc[last, "east"] / fis4.loc[last, "west"], abs=1e-4)
    assert g["mechanisms-gap-ew-income-last"] == pytest.approx(inc_4.loc[last, "east"] / inc_4.loc[last, "west"], abs=1e-4)
    assert g["mechanisms-gap-fiscal-largest"] <= g["mechanisms-gap-combos"]
    assert g["mechanisms-gap-east-income-below-gdp"] <= g["mechanisms-gap-east-combos"]


def test_provinces_and_industry(g):
    fis = I.province_per_capita("fiscal_revenue", "nbs_db_2025")
    inc = I.wide("disposable_income_per_capita", "nbs_db_2025")
    last = int(inc.index.max())
    r = np.corrcoef(np.log(fis.loc[last]), np.log(inc.loc[last]))[0, 1]
    assert g["mechanisms-corr-fiscal-income-last"] == approx(r)
    assert g["mechanisms-fiscal-income-max-min"] == approx(fis.loc[last].max() / fis.loc[last].min())
    assert g["mechanisms-income-max-min"] == approx(inc.loc[last].max() / inc.loc[last].min())
    m = membership("coastal")
    inland = list(m[m == "inland"].index)
    assert g["mechanisms-inland-n"] == len(inland) == 20
    y0, y1 = g["mechanisms-gdppc-first-year"], g["mechanisms-gdppc-last-year"]
    assert g["mechanisms-lq-inland-above1-first"] == (S.location_quotients(y0)["secondary"][inland] > 1).sum()
    assert g["mechanisms-lq-inland-above1-last"] == (S.location_quotients(y1)["secondary"][inland] > 1).sum()
    va = S.value_added("provinces", "coastal", "rev2025").pivot(index="year", columns="group", values="secondary")
    share = va["inland"] / va["national"] * 100
    assert g["mechanisms-inland-secondary-share-first"] == approx(share.loc[y0])
    assert g["mechanisms-inland-secondary-share-last"] == approx(share.loc[y1])
    # the paper's Table 7 values are carried
    assert g["mechanisms-paper-t7-inland-2019"] == pytest.approx(45.61)
    assert g["mechanisms-paper-t7-inland-2022"] == pytest.approx(46.22)
