"""The project's data files read with the csv module alone, so tests can derive expected values
without the library's loaders, pivots and groupings."""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parents[1] / "data"


def rows(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def values(indicator: str, vintage: str, year: int) -> dict[int, float]:
    """adcode -> value of one indicator, vintage and year in provinces.csv."""
    out = {int(r["adcode"]): float(r["value"]) for r in rows("provinces.csv")
           if r["indicator"] == indicator and r["vintage"] == vintage and int(r["year"]) == year}
    assert out, (indicator, vintage, year)
    return out


def groups(scheme: str) -> dict[int, str]:
    """adcode -> group code of a scheme in regions.csv."""
    return {int(r["adcode"]): r[scheme] for r in rows("regions.csv")}


def per_capita_gdp(year: int, vintage: str = "paper") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(adcodes, per-capita GDP in 元, year-end population in 万人), by adcode: GDP (亿元) of
    ``vintage`` ÷ population of vintage nbs_db × 10^4."""
    gdp, pop = values("gdp", vintage, year), values("population", "nbs_db", year)
    codes = np.array(sorted(gdp))
    assert sorted(pop) == list(codes) and len(codes) == 31
    g = np.array([gdp[c] for c in codes])
    p = np.array([pop[c] for c in codes])
    return codes, g / p * 1e4, p


def printed(table: str, indicator: str, year: int, region: str) -> float:
    """A cell of the paper's tables as printed (paper_tables.csv)."""
    found = [float(r["value"]) for r in rows("paper_tables.csv")
             if (r["table"], r["indicator"], int(r["year"]), r["region"]) == (table, indicator, year, region)]
    assert len(found) == 1, (table, indicator, year, region)
    return found[0]


_INDEXED: dict = {}


def indexed() -> dict:
    """(indicator, vintage, year) -> {adcode: value} of provinces.csv, read once per test run with
    the csv module (for tests that need many series; :func:`values` reads the file on each call)."""
    if not _INDEXED:
        for r in rows("provinces.csv"):
            key = (r["indicator"], r["vintage"], int(r["year"]))
            _INDEXED.setdefault(key, {})[int(r["adcode"])] = float(r["value"])
    return _INDEXED
