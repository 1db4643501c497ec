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
    "va_industry": (0, 300_000),               # 亿元
    "va_construction": (0, 100_000),           # 亿元
    "fiscal_expenditure": (0, 100_000),        # 亿元
    "exports_usd": (0, 5e9),                   # 千美元
    "imports_usd": (0, 5e9),                   # 千美元
    # indices with the previous year = 100: the data's extremes are 87.6 (va_primary_index) and
    # 130.3 (va_secondary_index), CPI 96.7-110.1 (2000-2019); a value outside the band is a typo or
    # a series on another base (e.g. 2000 = 100), not a year's change
    "gdp_index": (80, 140),
    "va_primary_index": (80, 140),
    "va_secondary_index": (80, 140),
    "va_tertiary_index": (80, 140),
    "cpi": (85, 130),
    "urbanisation_rate": (0, 100),             # %
}
#: the unit each known indicator must be given in (a value in another unit would be mis-scaled)
UNITS = {
    "gdp": "亿元", "population": "万人", "trade_usd": "千美元", "trade_cny": "亿元", "fiscal_revenue": "亿元",
    "fiscal_expenditure": "亿元", "va_primary": "亿元", "va_secondary": "亿元", "va_tertiary": "亿元",
    "va_industry": "亿元", "va_construction": "亿元", "exports_usd": "千美元", "imports_usd": "千美元",
    "gdp_index": "上年=100", "va_primary_index": "上年=100", "va_secondary_index": "上年=100",
    "va_tertiary_index": "上年=100", "cpi": "上年=100", "urbanisation_rate": "%",
    "gdp_per_capita_official": "元", "disposable_income_per_capita": "元",
}
#: identities checked on load, within one province, year and vintage: total = sum of parts (± tolerance)
IDENTITIES = [
    ("gdp", ("va_primary", "va_secondary", "va_tertiary"), 0.2,
     "the three industries' value added must sum to GDP of the same vintage"),
    ("trade_usd", ("exports_usd", "imports_usd"), 10.0,
     "exports + imports must equal total trade of the same vintage"),
]
NATIONAL_COLUMNS = ["year", "indicator", "value", "unit", "vintage"]
NATIONAL_KEY = ["year", "indicator", "vintage"]
#: national series: unit and plausible range (元 per US dollar: 8.28 in 2000, 6.14 at its lowest in 2014)
NATIONAL_SERIES = {"cny_per_usd": ("元/美元", (1.0, 12.0))}
SOURCE_COLUMNS = ["indicator", "vintage", "source"]
#: 'owner/repository@commit:path/in/repository'
SOURCE_PATTERN = r"^[A-Za-z0-9][\w.-]*/[\w.-]+@[0-9a-f]{7,40}:\S.*$"
YEAR_RANGE = (1949, 2100)


def validate_panel(df: pd.DataFrame, path: str | Path = "<panel>", line_of=None) -> pd.DataFrame:
    """Check a tidy panel (the columns of :data:`PANEL_COLUMNS`) and return it cleaned.

    ``line_of`` maps a row position to the line in the source file (default: CSV line = position + 2).
    Provinces may be given by adcode or by any usual name in ``province_zh``/``province_en``.
    """
    line = line_of or (lambda i: i + 2)
    df = df.reset_index(drop=True).copy()
    aliases = province_aliases()
    codes, seen = [], {}  # a panel repeats the same few name triples thousands of times
    for i, key in enumerate(zip(df["adcode"], df["province_zh"], df["province_en"])):
        if key in seen:
            codes.append(seen[key])
            continue
        code, zh, en = key
        found = None
        for cand in (code, zh, en):
            if cand is not None and str(cand).strip() not in ("", "nan"):
                found = aliases.get(alias_key(cand))
                if found is not None:
                    break
        if found is None:
            raise DataError(f"unknown province '{code or zh or en}'", path, line(i), "adcode")
        seen[key] = found
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
        raise DataError(f"negative value {df['value'].iloc[i]} for {df['indicator'].iloc[i]} "
                        f"({df['province_zh'].iloc[i]} {df['year'].iloc[i]}): a flow or stock must be >= 0",
                        path, line(i), "value")
    want = df["indicator"].map(UNITS)
    wrong = want.notna() & (df["unit"] != want)
    if wrong.any():
        i = int(wrong.to_numpy().nonzero()[0][0])
        raise DataError(f"{df['indicator'].iloc[i]} must be in {want.iloc[i]}, not '{df['unit'].iloc[i]}' "
                        f"({df['province_zh'].iloc[i]} {df['year'].iloc[i]})", path, line(i), "unit")
    lo = df["indicator"].map({k: v[0] for k, v in PLAUSIBLE.items()})
    hi = df["indicator"].map({k: v[1] for k, v in PLAUSIBLE.items()})
    out = df["value"].notna() & ((df["value"] < lo) | (df["value"] > hi))
    if out.any():
        i = int(out.to_numpy().nonzero()[0][0])
        raise DataError(f"{df['indicator'].iloc[i]} = {df['value'].iloc[i]} for {df['province_zh'].iloc[i]} "
                        f"{df['year'].iloc[i]} is outside the plausible range {lo.iloc[i]:g}-{hi.iloc[i]:g} "
                        f"({df['unit'].iloc[i]})", path, line(i), "value")
    dup = df.duplicated(PANEL_KEY, keep="first")
    if dup.any():
        i = int(dup.to_numpy().nonzero()[0][0])
        first = int(df.index[(df[PANEL_KEY] == df.loc[i, PANEL_KEY]).all(axis=1)][0])
        raise DataError(f"duplicate row for {df['province_zh'].iloc[i]} {df['year'].iloc[i]} "
                        f"{df['indicator'].iloc[i]} ({df['vintage'].iloc[i]}); first at line {line(first)}",
                        path, line(i))
    check_identities(df, path, line)
    return df[PANEL_COLUMNS]


def check_identities(df: pd.DataFrame, path: str | Path = "<panel>", line_of=None, file_of=None) -> None:
    """Check the accounting identities of :data:`IDENTITIES` wherever a total and all its parts
    are present for the same province, year and vintage; raise DataError on the first breach.

    The message names the file and line of the total's row, the province, the year, the vintage,
    the identity and the lines of the parts. ``line_of(i)`` gives the line of row position ``i``
    (default ``i + 2``); ``file_of(i)`` its file (default ``path``), so a merged panel can name
    the file each row came from.
    """
    line = line_of or (lambda i: i + 2)
    where = file_of or (lambda i: path)
    df = df.reset_index(drop=True)
    for total, parts, tol, what in IDENTITIES:
        sel = df[df["indicator"].isin((total, *parts))]
        if sel.empty or not set(parts) <= set(sel["indicator"]):
            continue
        pos = sel.reset_index().pivot(index=["adcode", "year", "vintage"], columns="indicator", values="index")
        if total not in pos.columns:
            continue
        pos = pos.dropna(subset=[total, *parts]).astype(int)
        if pos.empty:
            continue
        vals = df["value"].to_numpy()
        tot = vals[pos[total].to_numpy()]
        s = sum(vals[pos[k].to_numpy()] for k in parts)
        bad = abs(s - tot) > tol + 1e-9
        if bad.any():
            j = int(bad.nonzero()[0][0])
            (adcode, year, vintage), rows = pos.index[j], pos.iloc[j]
            i = int(rows[total])
            lines = ", ".join(f"{k} line {line(int(rows[k]))}" for k in parts)
            raise DataError(f"{df['province_zh'].iloc[i]} {year} ({vintage}): {what} (within {tol:g}): "
                            f"{' + '.join(parts)} = {s[j]:.4f} but {total} = {tot[j]:.4f} "
                            f"(difference {s[j] - tot[j]:+.4f}; {lines})", where(i), line(i), "value")


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


def load_national(path: str | Path | None = None) -> pd.DataFrame:
    """National annual series (``data/national.csv``): year, indicator, value, unit, vintage.

    Checked: required columns, numbers, one row per year × indicator × vintage, and for the known
    series of :data:`NATIONAL_SERIES` (``cny_per_usd``, 元 per US dollar) the unit and a plausible
    range. Raises :class:`DataError` naming the file, line and column."""
    return _national_cached(*versioned_path(path, "national.csv")).copy()


@memoize(maxsize=4)
def _national_cached(path: str, version: str) -> pd.DataFrame:
    cols = {c: "str" for c in NATIONAL_COLUMNS}
    cols.update(year="int", value="float")
    df = read_csv_checked(path, cols)
    for i, (year, ind, value, unit, vintage) in enumerate(df[NATIONAL_COLUMNS].itertuples(index=False)):
        if not (YEAR_RANGE[0] <= year <= YEAR_RANGE[1]):
            raise DataError(f"year {year} is outside {YEAR_RANGE[0]}-{YEAR_RANGE[1]}", path, i + 2, "year")
        for col, v in (("indicator", ind), ("unit", unit), ("vintage", vintage)):
            if not str(v).strip():
                raise DataError(f"empty {col}", path, i + 2, col)
        if pd.isna(value):
            raise DataError("empty value", path, i + 2, "value")
        if ind in NATIONAL_SERIES:
            want, (lo, hi) = NATIONAL_SERIES[ind]
            if unit != want:
                raise DataError(f"{ind} must be in {want}, not '{unit}'", path, i + 2, "unit")
            if not lo <= value <= hi:
                raise DataError(f"{ind} = {value:g} in {year} is outside the plausible range {lo:g}-{hi:g} ({unit})",
                                path, i + 2, "value")
        elif value < 0:
            raise DataError(f"negative value {value:g} for {ind} {year}", path, i + 2, "value")
    dup = df.duplicated(NATIONAL_KEY)
    if dup.any():
        i = int(dup.to_numpy().nonzero()[0][0])
        r = df.iloc[i]
        raise DataError(f"duplicate row for {r['indicator']} {r['year']} ({r['vintage']})", path, i + 2)
    return df[NATIONAL_COLUMNS]


def exchange_rate(vintage: str = "nbs_db_2021", path: str | Path | None = None) -> pd.Series:
    """The official annual average exchange rate, 元 per US dollar, indexed by year (``cny_per_usd``
    of ``data/national.csv``; NBS national annual data)."""
    df = load_national(path)
    sel = df[(df["indicator"] == "cny_per_usd") & (df["vintage"] == vintage)]
    if sel.empty:
        have = sorted(df.loc[df["indicator"] == "cny_per_usd", "vintage"].unique())
        raise DataError(f"national.csv has no vintage '{vintage}' of cny_per_usd; it has {', '.join(have) or 'none'}")
    return sel.set_index("year")["value"].sort_index().rename("cny_per_usd")


def load_sources(path: str | Path | None = None) -> pd.DataFrame:
    """Where each added series was read from (``data/sources.csv``): indicator, vintage, source,
    plus ``repository``, ``commit`` and ``file`` parsed from ``owner/repository@commit:path``.

    Checked: required columns, no empty cell, the source pattern, one row per indicator × vintage."""
    return _sources_cached(*versioned_path(path, "sources.csv")).copy()


@memoize(maxsize=4)
def _sources_cached(path: str, version: str) -> pd.DataFrame:
    import re

    df = read_csv_checked(path, {c: "str" for c in SOURCE_COLUMNS})
    pattern = re.compile(SOURCE_PATTERN)
    for i, row in enumerate(df[SOURCE_COLUMNS].itertuples(index=False)):
        for col, v in zip(SOURCE_COLUMNS, row):
            if not v:
                raise DataError(f"empty {col}", path, i + 2, col)
        if not pattern.match(row.source):
            raise DataError(f"'{row.source}' is not of the form owner/repository@commit:path", path, i + 2, "source")
    dup = df.duplicated(["indicator", "vintage"])
    if dup.any():
        i = int(dup.to_numpy().nonzero()[0][0])
        raise DataError(f"duplicate row for {df['indicator'].iloc[i]} ({df['vintage'].iloc[i]})", path, i + 2)
    parts = df["source"].str.extract(r"^(?P<repository>[^@]+)@(?P<commit>[0-9a-f]+):(?P<file>.*)$")
    return pd.concat([df[SOURCE_COLUMNS], parts], axis=1)


TIMELINE_COLUMNS = ["year", "end_year", "event_zh", "kind", "scope", "source"]
#: kinds of event in ``data/timeline.csv`` and their Chinese names (for legends and tooltips)
TIMELINE_KINDS = {"strategy": "区域战略", "ftz": "自由贸易试验区", "fiscal": "财税制度",
                  "cooperation": "区域协作", "shock": "冲击"}


def load_timeline(path: str | Path | None = None) -> pd.DataFrame:
    """Policy milestones and shocks (``data/timeline.csv``): year, end_year (the last year of an
    event lasting several years, else the same as ``year``), event_zh, kind (a key of
    :data:`TIMELINE_KINDS`), kind_zh, scope, source (the official document's name, with its number
    where it has one, and its year; never a page or an address).

    Checked: required columns, years within :data:`YEAR_RANGE`, ``end_year`` empty or not before
    ``year``, a known kind, no empty event, scope or source, one row per year and event. Raises
    :class:`DataError` naming the file, line and column."""
    return _timeline_cached(*versioned_path(path, "timeline.csv")).copy()


@memoize(maxsize=4)
def _timeline_cached(path: str, version: str) -> pd.DataFrame:
    cols = {c: "str" for c in TIMELINE_COLUMNS}
    cols.update(year="int", end_year="float")
    df = read_csv_checked(path, cols)
    for i, row in enumerate(df[TIMELINE_COLUMNS].itertuples(index=False)):
        if not YEAR_RANGE[0] <= row.year <= YEAR_RANGE[1]:
            raise DataError(f"year {row.year} is outside {YEAR_RANGE[0]}-{YEAR_RANGE[1]}", path, i + 2, "year")
        if pd.notna(row.end_year) and (row.end_year % 1 != 0 or row.end_year < row.year):
            raise DataError(f"end_year {row.end_year:g} must be a whole year not before {row.year} "
                            "(leave it empty for an event of one year)", path, i + 2, "end_year")
        for col in ("event_zh", "scope", "source"):
            if not str(getattr(row, col)).strip():
                raise DataError(f"empty {col}: every event needs a name, a scope and its official source",
                                path, i + 2, col)
        if row.kind not in TIMELINE_KINDS:
            raise DataError(f"unknown kind '{row.kind}'; use one of {', '.join(TIMELINE_KINDS)}", path, i + 2, "kind")
    dup = df.duplicated(["year", "event_zh"])
    if dup.any():
        i = int(dup.to_numpy().nonzero()[0][0])
        raise DataError(f"duplicate event '{df['event_zh'].iloc[i]}' in {df['year'].iloc[i]}", path, i + 2)
    df["end_year"] = df["end_year"].fillna(df["year"]).astype(int)
    df["kind_zh"] = df["kind"].map(TIMELINE_KINDS)
    return df[["year", "end_year", "event_zh", "kind", "kind_zh", "scope", "source"]].sort_values(
        ["year", "kind"], kind="stable").reset_index(drop=True)


def timeline_events(years=None, kinds=None, path: str | Path | None = None) -> pd.DataFrame:
    """The events of :func:`load_timeline` that overlap ``years`` (an iterable of years or a
    ``(first, last)`` pair; default all) and whose kind is in ``kinds`` (default all)."""
    df = load_timeline(path)
    if kinds is not None:
        kinds = [kinds] if isinstance(kinds, str) else list(kinds)
        unknown = [k for k in kinds if k not in TIMELINE_KINDS]
        if unknown:
            raise DataError(f"unknown event kind(s) {', '.join(unknown)}; known: {', '.join(TIMELINE_KINDS)}")
        df = df[df["kind"].isin(kinds)]
    if years is not None:
        ys = sorted(int(y) for y in years)
        df = df[(df["end_year"] >= ys[0]) & (df["year"] <= ys[-1])]
    return df.reset_index(drop=True)
