"""Reading the project's CSV files: text in UTF-8 (with or without BOM) or GBK, and tables whose
required columns and cell types are checked, with a :class:`~inland_coastal.errors.DataError`
naming the file, line and column of the first problem. Every module that reads a CSV file reads
it through here."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from .errors import DataError


def read_text(path: str | Path) -> str:
    """The text of a file, UTF-8 (with or without BOM) or GBK; refuses empty and binary files."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError("no such file", path) from None
    except IsADirectoryError:
        raise DataError("is a directory, not a file", path) from None
    except OSError as exc:
        raise DataError(f"cannot be read ({exc.strerror})", path) from None
    if not raw.strip():
        raise DataError("the file is empty", path)
    if b"\x00" in raw[:4096]:
        raise DataError("this is a binary file, not CSV text", path)
    for enc in ("utf-8-sig", "gbk"):
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        if text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
            raise DataError("this is a web page (HTML), not a data file: the download probably returned a "
                            "login or error page", path, 1)
        return text
    raise DataError("the text is neither UTF-8 nor GBK (is it a binary or spreadsheet file?)", path)


def read_csv_checked(path: str | Path, columns: dict[str, str]) -> pd.DataFrame:
    """Read a CSV whose required ``columns`` are given as name -> 'str' | 'int' | 'float'.

    Every cell is read as text first, so a bad cell is reported as it stands in the file.
    """
    text = read_text(path)
    rows = list(csv.reader(io.StringIO(text)))
    rows = [r for r in rows if any(c.strip() for c in r)]
    header = [c.strip() for c in rows[0]]
    missing = [c for c in columns if c not in header]
    if missing:
        raise DataError(f"missing required column(s) {', '.join(missing)}; the header has {', '.join(header)}",
                        path, 1)
    if len(rows) == 1:
        raise DataError("the file has a header but no data rows", path)
    width = len(header)
    for i, r in enumerate(rows[1:], start=2):
        if len(r) != width:
            raise DataError(f"has {len(r)} fields, the header has {width} (a truncated or malformed row)",
                            path, i)
    df = pd.DataFrame([[c.strip() for c in r] for r in rows[1:]], columns=header, dtype=object)
    for col, kind in columns.items():
        if kind == "str":
            continue
        num = pd.to_numeric(df[col].replace("", None), errors="coerce")
        bad = num.isna() & (df[col] != "")
        if bad.any():
            i = int(bad.to_numpy().nonzero()[0][0])
            raise DataError(f"'{df[col].iloc[i]}' is not a number", path, i + 2, col)
        if kind == "int":
            if num.isna().any():
                i = int(num.isna().to_numpy().nonzero()[0][0])
                raise DataError("empty cell where a whole number is required", path, i + 2, col)
            frac = num % 1 != 0
            if frac.any():
                i = int(frac.to_numpy().nonzero()[0][0])
                raise DataError(f"'{df[col].iloc[i]}' is not a whole number", path, i + 2, col)
            num = num.astype(int)
        df[col] = num
    return df
