"""The 31 provinces and the regional schemes that group them.

Both are data: ``data/regions.csv`` has one row per province and one column per scheme
(the group code of that province), and ``data/groups.csv`` labels each group and orders
it. A teacher adds a scheme by adding a column to the first and its rows to the second.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from .errors import DataError
from .paths import data_path

NAME_COLUMNS = ["name_zh", "short_zh", "name_en", "short_en"]
REGION_COLUMNS = ["adcode", *NAME_COLUMNS]
GROUP_COLUMNS = ["scheme", "scheme_zh", "group", "label_zh", "label_en", "order", "color"]


@lru_cache(maxsize=None)
def _regions_cached(path: str) -> pd.DataFrame:
    from .loading import read_csv_checked

    df = read_csv_checked(path, {c: "str" for c in REGION_COLUMNS})
    df["adcode"] = _parse_adcodes(df["adcode"], path)
    dup = df["adcode"].duplicated()
    if dup.any():
        i = int(dup.to_numpy().nonzero()[0][0])
        raise DataError(f"province {df['adcode'].iloc[i]} appears twice", path, i + 2, "adcode")
    schemes = [c for c in df.columns if c not in REGION_COLUMNS]
    for scheme in schemes:
        empty = df[scheme].isna() | (df[scheme].astype(str).str.strip() == "")
        if empty.any():
            i = int(empty.to_numpy().nonzero()[0][0])
            raise DataError(f"no group given for scheme '{scheme}'", path, i + 2, scheme)
    return df.set_index("adcode")


def _parse_adcodes(col: pd.Series, path) -> pd.Series:
    out = pd.to_numeric(col, errors="coerce")
    bad = out.isna()
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise DataError(f"'{col.iloc[i]}' is not an administrative code", path, i + 2, "adcode")
    return out.astype(int)


def regions(path: str | Path | None = None) -> pd.DataFrame:
    """The provinces, indexed by adcode, with names and one column per scheme."""
    return _regions_cached(str(path or data_path("regions.csv"))).copy()


@lru_cache(maxsize=None)
def _groups_cached(path: str, regions_path: str) -> pd.DataFrame:
    from .loading import read_csv_checked

    df = read_csv_checked(path, {c: "str" for c in GROUP_COLUMNS})
    df["order"] = pd.to_numeric(df["order"], errors="raise").astype(int)
    reg = _regions_cached(regions_path)
    for scheme in [c for c in reg.columns if c not in NAME_COLUMNS]:
        known = set(df.loc[df["scheme"] == scheme, "group"])
        missing = sorted(set(reg[scheme]) - known)
        if missing:
            raise DataError(f"scheme '{scheme}' uses groups {missing} that have no label row", path)
    return df.sort_values(["scheme", "order"]).reset_index(drop=True)


def group_table(path: str | Path | None = None) -> pd.DataFrame:
    """Every scheme's groups with Chinese/English labels, order and chart colour."""
    return _groups_cached(str(path or data_path("groups.csv")), str(data_path("regions.csv"))).copy()


@lru_cache(maxsize=None)
def _schemes_cached(regions_path: str) -> tuple[str, ...]:
    return tuple(c for c in _regions_cached(regions_path).columns if c not in NAME_COLUMNS)


def schemes() -> list[str]:
    """Names of the schemes defined in ``regions.csv`` (e.g. coastal, four_regions, north_south)."""
    return list(_schemes_cached(str(data_path("regions.csv"))))


def check_scheme(scheme: str) -> str:
    if scheme not in schemes():
        raise DataError(f"unknown grouping scheme '{scheme}'; known schemes: {', '.join(schemes())}")
    return scheme


@lru_cache(maxsize=None)
def _membership_cached(regions_path: str, scheme: str) -> pd.Series:
    return _regions_cached(regions_path)[scheme].rename("group")


def membership(scheme: str) -> pd.Series:
    """adcode -> group code for one scheme."""
    check_scheme(scheme)
    return _membership_cached(str(data_path("regions.csv")), scheme).copy()


@lru_cache(maxsize=None)
def _scheme_info(scheme: str, groups_path: str, regions_path: str) -> dict:
    """A scheme's rows of groups.csv, read once: group codes in order, labels, colours, name.
    (Charts ask for these thousands of times in a chapter.)"""
    g = _groups_cached(groups_path, regions_path)
    g = g[g["scheme"] == scheme]
    return {"groups": tuple(g["group"]), "label_zh": dict(zip(g["group"], g["label_zh"])),
            "label_en": dict(zip(g["group"], g["label_en"])), "color": dict(zip(g["group"], g["color"])),
            "scheme_zh": g["scheme_zh"].iloc[0] if len(g) else scheme}


def _info(scheme: str) -> dict:
    return _scheme_info(check_scheme(scheme), str(data_path("groups.csv")), str(data_path("regions.csv")))


def groups(scheme: str) -> list[str]:
    """The group codes of a scheme, in display order."""
    return list(_info(scheme)["groups"])


def labels(scheme: str, lang: str = "zh") -> dict[str, str]:
    """group code -> label (``lang`` is 'zh' or 'en')."""
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    return dict(_info(scheme)[f"label_{lang}"])


def colors(scheme: str) -> dict[str, str]:
    """group code -> chart colour, so every chart of a scheme uses the same colours."""
    return dict(_info(scheme)["color"])


def scheme_label(scheme: str) -> str:
    return _info(scheme)["scheme_zh"]


@lru_cache(maxsize=None)
def _aliases() -> dict[str, int]:
    out: dict[str, int] = {}
    for adcode, row in regions().iterrows():
        out[str(adcode)] = adcode
        out[str(adcode)[:2]] = adcode
        for c in NAME_COLUMNS:
            out[str(row[c]).strip().lower()] = adcode
    return out


def resolve_province(name) -> int | None:
    """adcode for a province given by adcode (110000 or 11) or any usual name form:
    北京市 / 北京 / Beijing / Beijing Municipality. Returns None when unknown."""
    key = str(name).strip()
    if key.endswith(".0"):
        key = key[:-2]
    return _aliases().get(key.lower())


def province_names(lang: str = "zh", short: bool = True) -> dict[int, str]:
    col = ("short_" if short else "name_") + lang
    return regions()[col].to_dict()
