"""Read the NBS data portal's province-by-year exports (分省年度数据).

The layout a teacher downloads (CSV, UTF-8 with BOM or GBK; or the same cells as XLS/XLSX)::

    数据库：分省年度数据
    指标：年末常住人口(万人)
    时间：2012-2022
    地区\t,2022年\t,2021年\t, ... ,
    北京市\t,2184.0\t,2189.0\t, ... ,
    ...
    注：1.本表 ...
    数据来源：国家统计局

Fields are separated by ``\t,`` with a trailing comma; empty cells are missing figures;
lines after the province rows (注：, 数据来源：) are footnotes. :func:`read_export` turns
such a file into the tidy panel of ``data/provinces.csv``.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import DataError
from .csvfiles import read_text
from .loading import PANEL_COLUMNS, validate_panel

#: NBS indicator name (without the unit) -> the panel's indicator code
INDICATORS = {
    "地区生产总值": "gdp",
    "年末常住人口": "population",
    "地方财政一般预算收入": "fiscal_revenue",
    "地方一般公共预算收入": "fiscal_revenue",
    "第一产业增加值": "va_primary",
    "第二产业增加值": "va_secondary",
    "第三产业增加值": "va_tertiary",
    "人均地区生产总值": "gdp_per_capita_official",
    "居民人均可支配收入": "disposable_income_per_capita",
    "货物进出口总额": "trade_usd",
    "经营单位所在地进出口总额": "trade_usd",
    "经营单位所在地出口总额": "exports_usd",
    "经营单位所在地进口总额": "imports_usd",
    "地区生产总值指数": "gdp_index",
    "第一产业增加值指数": "va_primary_index",
    "第二产业增加值指数": "va_secondary_index",
    "第三产业增加值指数": "va_tertiary_index",
    "工业增加值": "va_industry",
    "建筑业增加值": "va_construction",
    "居民消费价格指数": "cpi",
    "地方财政一般预算支出": "fiscal_expenditure",
    "地方一般公共预算支出": "fiscal_expenditure",
}
UNIT_SCALE = {("trade_usd", "万美元"): ("千美元", 10.0), ("exports_usd", "万美元"): ("千美元", 10.0),
              ("imports_usd", "万美元"): ("千美元", 10.0)}
FOOTNOTE = re.compile(r"^(注|数据来源|资料来源|说明)\s*[:：]")
YEAR_CELL = re.compile(r"^(\d{4})\s*年?$")
HEADER_KEYS = ("数据库", "指标", "时间")


def _split(line: str) -> list[str]:
    cells = [c.strip().strip("\t").strip() for c in line.split(",")]
    if cells and cells[-1] == "":
        cells = cells[:-1]
    return cells


def _rows_from_file(path: Path) -> list[list[str]]:
    suffix = path.suffix.lower()
    if suffix in (".xls", ".xlsx"):
        try:
            sheet = pd.read_excel(path, header=None, dtype=str)
        except Exception as exc:  # the readers raise many types for a corrupt file
            raise DataError(f"cannot be read as a spreadsheet ({exc})", path) from None
        rows = []
        for r in sheet.itertuples(index=False):
            cells = ["" if (v is None or (isinstance(v, float) and np.isnan(v))) else str(v).strip() for v in r]
            while cells and cells[-1] == "":
                cells.pop()
            rows.append(cells)
        return rows
    return [_split(line) for line in read_text(path).splitlines()]


def parse_indicator(text: str) -> tuple[str, str]:
    """'年末常住人口(万人)' -> ('年末常住人口', '万人')."""
    m = re.match(r"^(.*?)\s*[（(]([^()（）]*)[)）]\s*$", text.strip())
    return (m.group(1).strip(), m.group(2).strip()) if m else (text.strip(), "")


def is_export(path: str | Path) -> bool:
    """Whether a file looks like an NBS export (its first line starts with 数据库)."""
    try:
        rows = _rows_from_file(Path(path))
    except DataError:
        return False
    first = next((r for r in rows if any(r)), [""])
    return first[0].startswith("数据库")


def read_export(path: str | Path, vintage: str = "nbs_export", indicator: str | None = None,
                require_all: bool = True) -> pd.DataFrame:
    """Tidy panel rows from one NBS export. Missing cells stay as rows with value NaN, so the
    caller sees them (``validate`` counts them); nothing is dropped or filled.

    ``indicator`` overrides the code derived from the file's 指标 line (needed for an
    indicator not in :data:`INDICATORS`). A file without all 31 provinces is refused as
    truncated unless ``require_all=False``."""
    path = Path(path)
    rows = _rows_from_file(path)
    lines = [(i + 1, r) for i, r in enumerate(rows) if any(c for c in r)]
    if not lines:
        raise DataError("the file is empty", path)
    meta, pos = {}, 0
    while pos < len(lines) and lines[pos][1][0].startswith(HEADER_KEYS):
        key, _, value = lines[pos][1][0].replace(":", "：", 1).partition("：")
        meta[key.strip()] = ",".join([value, *lines[pos][1][1:]]).strip(" ,")
        pos += 1
    if "指标" not in meta:
        raise DataError("no '指标：' line: this is not an NBS 分省年度数据 export "
                        "(expected lines 数据库：, 指标：, 时间： before the table)", path, 1)
    name, unit = parse_indicator(meta["指标"])
    code = indicator or INDICATORS.get(name)
    if code is None:
        raise DataError(f"unknown indicator '{name}'; known: {', '.join(INDICATORS)} "
                        f"(or pass indicator=...)", path, lines[0][0])
    if pos >= len(lines):
        raise DataError("header lines but no table (地区, years ...)", path)
    header_line, header = lines[pos]
    if header[0] != "地区":
        raise DataError(f"expected the table header to start with 地区, found '{header[0]}'", path, header_line)
    years = []
    for cell in header[1:]:
        m = YEAR_CELL.match(cell)
        if not m:
            raise DataError(f"'{cell}' is not a year (expected e.g. 2022年)", path, header_line)
        years.append(int(m.group(1)))
    if not years:
        raise DataError("the header has no year columns", path, header_line)
    if len(set(years)) != len(years):
        raise DataError("a year appears twice in the header", path, header_line)
    records, line_of = [], []
    body = lines[pos + 1:]
    if not body:
        raise DataError("a header but no province rows", path)
    for lineno, cells in body:
        if FOOTNOTE.match(cells[0]):
            break
        if len(cells) - 1 != len(years):
            raise DataError(f"{len(cells) - 1} values for {len(years)} years "
                            "(a truncated or malformed row)", path, lineno)
        for year, cell in zip(years, cells[1:]):
            if cell in ("", "-", "…", "..."):
                value = np.nan
            else:
                try:
                    value = float(cell.replace(" ", ""))
                except ValueError:
                    raise DataError(f"'{cell}' is not a number", path, lineno, f"{year}年") from None
            records.append((None, cells[0], "", year, code, value, unit, vintage))
            line_of.append(lineno)
    if not records:
        raise DataError("no province rows before the footnotes", path)
    df = pd.DataFrame(records, columns=PANEL_COLUMNS)
    if (code, unit) in UNIT_SCALE:  # into the panel's unit before the checks (units, plausible ranges)
        unit, factor = UNIT_SCALE[(code, unit)]
        df["value"] = df["value"] * factor
        df["unit"] = unit
    df = validate_panel(df, path, line_of=lambda i: line_of[i])
    if require_all:
        from .groupings import regions

        absent = regions().index.difference(df["adcode"].unique())
        if len(absent):
            names = "、".join(regions().loc[absent, "short_zh"])
            raise DataError(f"only {df['adcode'].nunique()} of 31 provinces (missing {names}): the download looks "
                            "truncated; an NBS 分省年度数据 export lists all 31 (pass require_all=False "
                            "to read a partial file on purpose)", path)
    return df


def summary(df: pd.DataFrame) -> dict:
    """Counts a person checks after a download: rows, provinces, years, indicators, missing cells."""
    return {
        "rows": len(df),
        "provinces": df["adcode"].nunique(),
        "years": (int(df["year"].min()), int(df["year"].max()), df["year"].nunique()),
        "indicators": sorted(df["indicator"].unique()),
        "missing": int(df["value"].isna().sum()),
    }
