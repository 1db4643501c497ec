"""Expected values for the front and back matter (勘误与说明, 数据与方法, 导读, 术语表), derived
from the data files read with the csv module (``rawdata``) and plain arithmetic: a second route
to the numbers the library computes and the pages glue."""
from __future__ import annotations

import math
from collections import defaultdict

import numpy as np

from rawdata import groups, printed, rows, values

PAPER_YEARS = list(range(2012, 2023))


def group_sum(indicator: str, vintage: str, year: int, scheme: str = "coastal") -> dict[str, float]:
    """{'national': Σ, group: Σ...} of one indicator, vintage and year."""
    v, g = values(indicator, vintage, year), groups(scheme)
    out = defaultdict(float)
    for code, x in v.items():
        out["national"] += x
        out[g[code]] += x
    return dict(out)


def share(indicator: str, vintage: str, year: int, group: str = "inland") -> float:
    s = group_sum(indicator, vintage, year)
    return s[group] / s["national"] * 100


def implied_population(year: int, region: str) -> tuple[float, float]:
    """(Table 1 ÷ Table 2, Table 3 ÷ Table 4) × 1e4, 万人."""
    return (printed("T1", "gdp", year, region) / printed("T2", "gdp_per_capita", year, region) * 1e4,
            printed("T3", "fiscal_revenue", year, region) / printed("T4", "fiscal_revenue_per_capita", year, region) * 1e4)


def implied_population_maxdiff_pct() -> float:
    out = 0.0
    for y in PAPER_YEARS:
        for r in ("national", "coastal", "inland"):
            a, b = implied_population(y, r)
            out = max(out, abs(b - a) / a * 100)
    return out


def weighted_income(year: int) -> float:
    inc, pop = values("disposable_income_per_capita", "nbs_db_2025", year), values("population", "nbs_db", year)
    return sum(inc[c] * pop[c] for c in inc) / sum(pop[c] for c in inc)


def max_table_diff(table: str, indicator: str, panel_indicator: str, vintage: str, years, decimals: int) -> float:
    """Largest |round(Σ provinces, decimals) − printed| over national, coastal and inland."""
    out = 0.0
    for y in years:
        s = group_sum(panel_indicator, vintage, y)
        for r in ("national", "coastal", "inland"):
            out = max(out, abs(round(round(s[r], decimals) - printed(table, indicator, y, r), decimals)))
    return out


def population_declines(year: int) -> tuple[int, int]:
    """(provinces whose population fell from year − 1, of them in the south)."""
    a, b = values("population", "nbs_db", year - 1), values("population", "nbs_db", year)
    ns = groups("north_south")
    fell = [c for c in b if b[c] < a[c]]
    return len(fell), sum(ns[c] == "south" for c in fell)


def per_capita_ratio(table: str, indicator: str, year: int) -> float:
    """Coastal ÷ inland value per resident, population implied by Tables 1-2."""
    pc = {r: printed(table, indicator, year, r) / implied_population(year, r)[0] for r in ("coastal", "inland")}
    return pc["coastal"] / pc["inland"]


def real_growth(year: int, group: str, scheme: str = "coastal") -> float:
    """Σ GDP_{t−1}·index_t/100 ÷ Σ GDP_{t−1} − 1, %, nbs_db_2021."""
    g0, idx, m = values("gdp", "nbs_db_2021", year - 1), values("gdp_index", "nbs_db_2021", year), groups(scheme)
    keep = [c for c in g0 if group == "national" or m[c] == group]
    return (sum(g0[c] * idx[c] / 100 for c in keep) / sum(g0[c] for c in keep) - 1) * 100


def beta_half_life(start: int, end: int, real: bool) -> tuple[float, float]:
    """OLS β of average log growth on log start level (31 provinces) and the half-life, with
    per-capita GDP nominal or in constant start-year prices (the GDP index chained)."""
    pop0, pop1 = values("population", "nbs_db", start), values("population", "nbs_db", end)
    gdp0 = values("gdp", "nbs_db_2021", start)
    if real:
        gdp1 = dict(gdp0)
        for y in range(start + 1, end + 1):
            idx = values("gdp_index", "nbs_db_2021", y)
            gdp1 = {c: gdp1[c] * idx[c] / 100 for c in gdp1}
    else:
        gdp1 = values("gdp", "nbs_db_2021", end)
    codes = sorted(gdp0)
    x = np.array([math.log(gdp0[c] / pop0[c]) for c in codes])
    yT = np.array([math.log(gdp1[c] / pop1[c]) for c in codes])
    g = (yT - x) / (end - start)
    beta = np.polyfit(x, g, 1)[0]
    lam = -math.log(1 + beta * (end - start)) / (end - start)
    return float(beta), math.log(2) / lam


def timeline_ftz_year(name: str) -> int | None:
    years = [int(r["year"]) for r in rows("timeline.csv") if r["kind"] == "ftz" and name in r["event_zh"]]
    return min(years) if years else None


def exchange_rate(year: int) -> float:
    found = [float(r["value"]) for r in rows("national.csv") if r["indicator"] == "cny_per_usd" and int(r["year"]) == year]
    assert len(found) == 1
    return found[0]
