"""The 31 provinces and the regional schemes that group them.

Both are data: ``data/regions.csv`` has one row per province and one column per scheme
(the group code of that province), and ``data/groups.csv`` labels each group and orders
it. A teacher adds a scheme by adding a column to the first and its rows to the second.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .cache import data_version, memoize, versioned_path
from .csvfiles import read_csv_checked
from .errors import DataError
from .paths import data_path

NAME_COLUMNS = ["name_zh", "short_zh", "name_en", "short_en"]
REGION_COLUMNS = ["adcode", *NAME_COLUMNS]
GROUP_COLUMNS = ["scheme", "scheme_zh", "group", "label_zh", "label_en", "order", "color"]

# Every cache below is keyed on the version of the data (see inland_coastal.cache): an edit of
# regions.csv or groups.csv is seen by the next call. The public functions take the version
# once and hand out copies.


@memoize(maxsize=8)
def _regions_cached(path: str, version: str) -> pd.DataFrame:
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


def _regions(version: str) -> pd.DataFrame:
    """The cached table of the data directory's regions.csv (not to be changed by callers)."""
    return _regions_cached(str(data_path("regions.csv")), version)


def regions(path: str | Path | None = None) -> pd.DataFrame:
    """The provinces, indexed by adcode, with names and one column per scheme."""
    return _regions_cached(*versioned_path(path, "regions.csv")).copy()


@memoize(maxsize=8)
def _groups_cached(path: str, version: str, regions_version: str) -> pd.DataFrame:
    df = read_csv_checked(path, {**{c: "str" for c in GROUP_COLUMNS}, "order": "int"})
    reg = _regions(regions_version)
    for scheme in [c for c in reg.columns if c not in NAME_COLUMNS]:
        known = set(df.loc[df["scheme"] == scheme, "group"])
        missing = sorted(set(reg[scheme]) - known)
        if missing:
            raise DataError(f"scheme '{scheme}' uses groups {missing} that have no label row", path)
    return df.sort_values(["scheme", "order"]).reset_index(drop=True)


def group_table(path: str | Path | None = None) -> pd.DataFrame:
    """Every scheme's groups with Chinese/English labels, order and chart colour."""
    return _groups_cached(*versioned_path(path, "groups.csv"), data_version()).copy()


@memoize(maxsize=8)
def _schemes_cached(version: str) -> tuple[str, ...]:
    return tuple(c for c in _regions(version).columns if c not in NAME_COLUMNS)


def _check_scheme(scheme: str, version: str) -> str:
    known = _schemes_cached(version)
    if scheme not in known:
        raise DataError(f"unknown grouping scheme '{scheme}'; known schemes: {', '.join(known)}")
    return scheme


def schemes() -> list[str]:
    """Names of the schemes defined in ``regions.csv`` (e.g. coastal, four_regions, north_south)."""
    return list(_schemes_cached(data_version()))


def check_scheme(scheme: str) -> str:
    """``scheme`` if ``regions.csv`` defines it, else DataError listing the known schemes."""
    return _check_scheme(scheme, data_version())


@memoize(maxsize=64)
def _membership_cached(version: str, scheme: str) -> pd.Series:
    return _regions(version)[_check_scheme(scheme, version)].rename("group")


def membership(scheme: str) -> pd.Series:
    """adcode -> group code for one scheme."""
    return _membership_cached(data_version(), scheme).copy()


@memoize(maxsize=64)
def _scheme_info(version: str, scheme: str) -> dict:
    """A scheme's rows of groups.csv, read once per version of the data: group codes in order,
    labels, colours, name. (Charts ask for these thousands of times in a chapter.)"""
    g = _groups_cached(str(data_path("groups.csv")), version, version)
    g = g[g["scheme"] == _check_scheme(scheme, version)]
    return {"groups": tuple(g["group"]), "label_zh": dict(zip(g["group"], g["label_zh"])),
            "label_en": dict(zip(g["group"], g["label_en"])), "color": dict(zip(g["group"], g["color"])),
            "scheme_zh": g["scheme_zh"].iloc[0] if len(g) else scheme}


def groups(scheme: str) -> list[str]:
    """The group codes of a scheme, in display order."""
    return list(_scheme_info(data_version(), scheme)["groups"])


def labels(scheme: str, lang: str = "zh") -> dict[str, str]:
    """group code -> label (``lang`` is 'zh' or 'en')."""
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    return dict(_scheme_info(data_version(), scheme)[f"label_{lang}"])


def colors(scheme: str) -> dict[str, str]:
    """group code -> chart colour, so every chart of a scheme uses the same colours."""
    return dict(_scheme_info(data_version(), scheme)["color"])


def scheme_label(scheme: str) -> str:
    """The scheme's Chinese name (``scheme_zh`` of groups.csv)."""
    return _scheme_info(data_version(), scheme)["scheme_zh"]


def alias_key(name) -> str:
    """How a province name or code is looked up: stripped, lower case, a trailing '.0' dropped."""
    key = str(name).strip()
    if key.endswith(".0"):
        key = key[:-2]
    return key.lower()


@memoize(maxsize=8)
def _aliases_cached(version: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for adcode, row in _regions(version).iterrows():
        out[str(adcode)] = adcode
        out[str(adcode)[:2]] = adcode
        for c in NAME_COLUMNS:
            out[str(row[c]).strip().lower()] = adcode
    return out


def province_aliases() -> dict[str, int]:
    """Every accepted form of a province (see :func:`alias_key`) -> adcode: 110000, 11,
    北京市, 北京, beijing, beijing municipality... (a copy; for looking up many names at once)."""
    return dict(_aliases_cached(data_version()))


def resolve_province(name) -> int | None:
    """adcode for a province given by adcode (110000 or 11) or any usual name form:
    北京市 / 北京 / Beijing / Beijing Municipality. Returns None when unknown."""
    return _aliases_cached(data_version()).get(alias_key(name))


def province_names(lang: str = "zh", short: bool = True) -> dict[int, str]:
    """adcode -> name: short (北京) or full (北京市), Chinese or English (``lang``)."""
    col = ("short_" if short else "name_") + lang
    return _regions(data_version())[col].to_dict()


def membership_table(lang: str = "zh") -> pd.DataFrame:
    """Every scheme's groups with their provinces, for a page: 划分, 组别, 省份数, 成员 (short names
    in adcode order). Counts and members follow ``data/regions.csv`` as it is now."""
    reg = regions()
    rows = []
    for scheme in schemes():
        lab, m = labels(scheme, lang), membership(scheme)
        for g in groups(scheme):
            codes = [a for a in reg.index if m[a] == g]
            rows.append({"划分": scheme_label(scheme), "组别": lab[g], "省份数": len(codes),
                         "成员（按行政区划代码排序）": "、".join(reg.loc[codes, f"short_{lang}"])})
    return pd.DataFrame(rows)


def group_counts() -> dict:
    """Number of provinces in each group: ``n-<scheme>-<group>``."""
    return {f"n-{scheme}-{g}": int((membership(scheme) == g).sum()) for scheme in schemes() for g in groups(scheme)}


def province_table() -> pd.DataFrame:
    """The 31 provinces with their group in every scheme (Chinese labels): 代码, 省份, 英文, then one
    column per scheme."""
    reg = regions()
    out = pd.DataFrame({"代码": reg.index.astype(str), "省份": reg["name_zh"].to_numpy(),
                        "英文": reg["short_en"].to_numpy()})
    for scheme in schemes():
        out[scheme_label(scheme)] = reg[scheme].map(labels(scheme, "zh")).to_numpy()
    return out
