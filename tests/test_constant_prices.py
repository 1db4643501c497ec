"""real.real_value_added, real.va_growth, structure.constant_price_shares, structure.group_share_series
and structure.industry_transfer_summary, checked against the CSV files read with the csv module."""
from __future__ import annotations


import pytest

import rawdata
from inland_coastal import real, structure
from inland_coastal.errors import DataError

INLAND = [c for c, g in rawdata.groups("coastal").items() if g == "inland"]




def values(indicator, vintage, year):
    return dict(rawdata.indexed()[(indicator, vintage, year)])


def test_real_value_added_chains_the_index():
    r = real.real_value_added("secondary", 2000)
    va0 = values("va_secondary", "nbs_db_2021", 2000)
    chained = dict(va0)
    for y in range(2001, 2011):
        ix = values("va_secondary_index", "nbs_db_2021", y)
        chained = {c: chained[c] * ix[c] / 100 for c in chained}
    assert r.loc[2000, 440000] == va0[440000]
    assert r.loc[2010, 140000] == pytest.approx(chained[140000], rel=1e-12)
    # backward from a later base: the base year's nominal value, earlier years divided out
    b = real.real_value_added("secondary", 2019, years=[2018, 2019])
    assert b.loc[2018, 510000] == pytest.approx(values("va_secondary", "nbs_db_2021", 2019)[510000]
                                                / (values("va_secondary_index", "nbs_db_2021", 2019)[510000] / 100))
    with pytest.raises(DataError, match="no real index"):
        real.real_value_added("industry", 2000)
    with pytest.raises(DataError, match="base year 2022"):
        real.real_value_added("secondary", 2022)


def test_va_growth_real_and_nominal():
    g = real.va_growth("secondary", "coastal", real=True)
    v0, v1 = values("va_secondary", "nbs_db_2021", 2009), values("va_secondary", "nbs_db_2021", 2010)
    ix = values("va_secondary_index", "nbs_db_2021", 2010)
    expected = (sum(v0[c] * ix[c] / 100 for c in INLAND) / sum(v0[c] for c in INLAND) - 1) * 100
    assert g.loc[2010, "inland"] == pytest.approx(expected, rel=1e-12)
    n = real.va_growth("industry", "coastal", real=False)
    i0, i1 = values("va_industry", "nbs_db_2021", 2009), values("va_industry", "nbs_db_2021", 2010)
    assert n.loc[2010, "national"] == pytest.approx((sum(i1.values()) / sum(i0.values()) - 1) * 100, rel=1e-12)
    assert list(g.index) == list(range(2001, 2020))


def test_constant_price_shares_and_series():
    s = structure.constant_price_shares("secondary", 2000).set_index(["year", "unit"])["share"]
    assert s[(2000, "inland")] == pytest.approx(sum(values("va_secondary", "nbs_db_2021", 2000)[c] for c in INLAND)
                                                / sum(values("va_secondary", "nbs_db_2021", 2000).values()) * 100)
    assert s[(2019, "inland")] + s[(2019, "coastal")] == pytest.approx(100)
    g = structure.group_share_series("inland")
    spans = g.groupby(["industry", "vintage", "prices"])["year"].agg(["min", "max"])
    assert tuple(spans.loc[("secondary", "rev2025", "current")]) == (2019, 2024)
    assert tuple(spans.loc[("secondary", "nbs_db_2021", "constant")]) == (2000, 2019)
    assert tuple(spans.loc[("industry", "nbs_db_2021", "current")]) == (2000, 2019)


def lq(code, year, vintage="rev2025"):
    """Secondary-industry location quotient from the raw value added of the three industries."""
    parts = {k: values(f"va_{k}", vintage, year) for k in ("primary", "secondary", "tertiary")}
    own = parts["secondary"][code] / sum(p[code] for p in parts.values())
    nat = sum(parts["secondary"].values()) / sum(sum(p.values()) for p in parts.values())
    return own / nat


def test_industry_transfer_summary_reads_the_coal_surge():
    s = structure.industry_transfer_summary(surge=(2020, 2022))
    for name, code in (("Shanxi", 140000), ("InnerMongolia", 150000), ("Qinghai", 630000)):
        for y in (2020, 2022, 2024):
            assert s[f"lq-{name}-{y}"] == pytest.approx(lq(code, y), rel=1e-9)
    # Shanxi's quotient up with the coal price and back down by 2024
    assert s["lq-Shanxi-2022"] > s["lq-Shanxi-2020"] and s["lq-Shanxi-2024"] < s["lq-Shanxi-2022"] - 0.1
    rise = {c: lq(c, 2022) - lq(c, 2020) for c in INLAND}
    names = {int(r["adcode"]): r["short_zh"] for r in rawdata.rows("regions.csv")}
    top = sorted(rise, key=rise.get, reverse=True)[:5]
    assert s["lq-risers"] == "、".join(names[c] for c in top)
    assert set(top) == {140000, 150000, 630000, 650000, 640000}
    ind = values("va_industry", "nbs_db_2021", 2019)
    assert s["share-industry-2019"] == pytest.approx(sum(ind[c] for c in INLAND) / sum(ind.values()) * 100)
    assert s["share-secondary-real-2019"] < s["share-secondary-2019"]          # part of the shift is prices
    assert s["real-faster-since"] == 2005 and s["real-faster-n"] <= s["real-years"] == 19
    assert s["paper-t7-2019"] == rawdata.printed("T7", "va_secondary_share", 2019, "inland")
