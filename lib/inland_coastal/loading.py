"""Read and validate the project's data files.

Every loader checks what it reads and raises :class:`~inland_coastal.errors.DataError`
naming the file, the line and the column of the first problem: required columns, types,
known provinces, one row per key, no negative quantities, plausible ranges.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .cache import memoize, versioned_path
from .csvfiles import read_csv_checked
from .errors import DataError
from .groupings import alias_key, province_aliases, province_names
from .paths import data_path

PANEL_COLUMNS = ["adcode", "province_zh", "province_en", "year", "indicator", "value", "unit", "vintage"]
PANEL_KEY = ["adcode", "year", "indicator", "vintage"]
PAPER_COLUMNS = ["table", "indicator", "year", "region", "value", "unit"]
CAPITAL_COLUMNS = ["adcode", "province_zh", "province_en", "capital_zh", "lng", "lat"]

#: plausible range of one province's value in one year, by indicator (unit in the comment)
PLAUSIBLE = {
    "gdp": (1, 500_000),                       # 亿元
    "population": (10, 20_000),                # 万人
    "trade_usd": (0, 5e9),                     # 千美元
    "trade_cny": (0, 300_000),                 # 亿元
    "fiscal_revenue": (0, 100_000),            # 亿元
    "va_primary": (0, 100_000),                # 亿元
    "va_secondary": (0, 300_000),              # 亿元
    "va_tertiary": (0, 400_000),               # 亿元
    "gdp_per_capita_official": (1_000, 1_000_000),   # 元
    "disposable_income_per_capita": (1_000, 500_000),  # 元
}
YEAR_RANGE = (1949, 2100)


def validate_panel(df: pd.DataFrame, path: str | Path = "<panel>", line_of=None) -> pd.DataFrame:
    """Check a tidy panel (the columns of :data:`PANEL_COLUMNS`) and return it cleaned.

    ``line_of`` maps a row position to the line in the source file (default: CSV line = position + 2).
    Provinces may be given by adcode or by any usual name in ``province_zh``/``province_en``.
    """
    line = line_of or (lambda i: i + 2)
    df = df.reset_index(drop=True).copy()
    aliases = province_aliases()
    codes = []
    for i, (code, zh, en) in enumerate(zip(df["adcode"], df["province_zh"], df["province_en"])):
        found = None
        for cand in (code, zh, en):
            if cand is not None and str(cand).strip() not in ("", "nan"):
                found = aliases.get(alias_key(cand))
                if found is not None:
                    break
        if found is None:
            raise DataError(f"unknown province '{code or zh or en}'", path, line(i), "adcode")
        codes.append(found)
    df["adcode"] = codes
    names_zh, names_en = province_names("zh", short=False), province_names("en")
    df["province_zh"] = df["adcode"].map(names_zh)
    df["province_en"] = df["adcode"].map(names_en)
    bad_year = (df["year"] < YEAR_RANGE[0]) | (df["year"] > YEAR_RANGE[1])
    if bad_year.any():
        i = int(bad_year.to_numpy().nonzero()[0][0])
        raise DataError(f"year {df['year'].iloc[i]} is outside {YEAR_RANGE[0]}-{YEAR_RANGE[1]}", path, line(i), "year")
    for col in ("indicator", "unit", "vintage"):
        empty = df[col].astype(str).str.strip() == ""
        if empty.any():
            i = int(empty.to_numpy().nonzero()[0][0])
            raise DataError(f"empty {col}", path, line(i), col)
    neg = df["value"] < 0
    if neg.any():
        i = int(neg.to_numpy().nonzero()[0][0])
        raise DataError(f"negative value {df['value'].iloc[i]} for {df['indicator'].iloc[i]}", path, line(i), "value")
    for ind, (lo, hi) in PLAUSIBLE.items():
        out = (df["indicator"] == ind) & df["value"].notna() & ((df["value"] < lo) | (df["value"] > hi))
        if out.any():
            i = int(out.to_numpy().nonzero()[0][0])
            raise DataError(f"{ind} = {df['value'].iloc[i]} for {df['province_zh'].iloc[i]} {df['year'].iloc[i]} "
                            f"is outside the plausible range {lo:g}-{hi:g} ({df['unit'].iloc[i]})",
                            path, line(i), "value")
    dup = df.duplicated(PANEL_KEY, keep="first")
    if dup.any():
        i = int(dup.to_numpy().nonzero()[0][0])
        first = int(df.index[(df[PANEL_KEY] == df.loc[i, PANEL_KEY]).all(axis=1)][0])
        raise DataError(f"duplicate row for {df['province_zh'].iloc[i]} {df['year'].iloc[i]} "
                        f"{df['indicator'].iloc[i]} ({df['vintage'].iloc[i]}); first at line {line(first)}",
                        path, line(i))
    return df[PANEL_COLUMNS]


def read_panel_csv(path: str | Path) -> pd.DataFrame:
    """Read and validate a tidy panel CSV (the layout of ``data/provinces.csv``)."""
    cols = {c: "str" for c in PANEL_COLUMNS}
    cols.update(year="int", value="float")
    df = read_csv_checked(path, cols)
    empty = df["value"].isna()
    if empty.any():
        i = int(empty.to_numpy().nonzero()[0][0])
        raise DataError("empty value (leave the row out, or give the figure)", path, i + 2, "value")
    return validate_panel(df, path)


@memoize(maxsize=4)
def _panel_cached(path: str, version: str) -> pd.DataFrame:
    return read_panel_csv(path)


def load_panel(path: str | Path | None = None) -> pd.DataFrame:
    """The 31-province panel: adcode, province_zh, province_en, year, indicator, value, unit, vintage.

    Read once per version of the file (a copy is returned, so the caller may change it)."""
    return _panel_cached(*versioned_path(path, "provinces.csv")).copy()


@memoize(maxsize=4)
def _paper_cached(path: str, version: str) -> pd.DataFrame:
    cols = {c: "str" for c in PAPER_COLUMNS}
    cols.update(year="int", value="float")
    df = read_csv_checked(path, cols)
    bad = ~df["region"].isin(["national", "coastal", "inland"])
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise DataError(f"unknown region '{df['region'].iloc[i]}' (national, coastal or inland)", path, i + 2, "region")
    if df["value"].isna().any():
        i = int(df["value"].isna().to_numpy().nonzero()[0][0])
        raise DataError("empty value", path, i + 2, "value")
    if (df["value"] < 0).any():
        i = int((df["value"] < 0).to_numpy().nonzero()[0][0])
        raise DataError("negative value", path, i + 2, "value")
    dup = df.duplicated(["table", "indicator", "year", "region"])
    if dup.any():
        i = int(dup.to_numpy().nonzero()[0][0])
        raise DataError("duplicate cell", path, i + 2)
    return df


def load_paper_tables(path: str | Path | None = None) -> pd.DataFrame:
    """The paper's Tables 1-8 as printed: table, indicator, year, region, value, unit."""
    return _paper_cached(*versioned_path(path, "paper_tables.csv")).copy()


@memoize(maxsize=4)
def _capitals_cached(path: str, version: str) -> pd.DataFrame:
    cols = {c: "str" for c in CAPITAL_COLUMNS}
    cols.update(lng="float", lat="float")
    df = read_csv_checked(path, cols)
    aliases = province_aliases()
    for i, (code, lng, lat) in enumerate(zip(df["adcode"], df["lng"], df["lat"])):
        if aliases.get(alias_key(code)) is None:
            raise DataError(f"unknown province '{code}'", path, i + 2, "adcode")
        if not (70 <= lng <= 140 and 15 <= lat <= 55):
            raise DataError(f"({lng}, {lat}) is not in China", path, i + 2, "lng")
    df["adcode"] = [aliases[alias_key(c)] for c in df["adcode"]]
    return df.set_index("adcode")


def load_capitals(path: str | Path | None = None) -> pd.DataFrame:
    """Provincial capitals with WGS84 longitude/latitude, indexed by adcode."""
    return _capitals_cached(*versioned_path(path, "capitals.csv")).copy()
