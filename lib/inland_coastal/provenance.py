"""What a build of the book is made from: the data files (rows, size, SHA-256), the series of the
province panel with their vintages and years, and the versions of the software against the lock.

The pages 数据与方法 and 可重复性 show these tables; every figure is counted from the files as they
are when the function is called (nothing is cached here, so an edited file is seen at once).
"""
from __future__ import annotations

import hashlib
import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pandas as pd

from .errors import DataError
from .indicators import shares, totals
from .loading import load_panel
from .paths import PROJECT_ROOT, data_dir

#: Chinese names of the panel's indicators, in the order the data page lists them
INDICATOR_NAMES = {
    "gdp": "地区生产总值",
    "population": "年末常住人口",
    "fiscal_revenue": "地方一般公共预算收入",
    "fiscal_expenditure": "地方一般公共预算支出",
    "trade_usd": "货物进出口总额（美元）",
    "exports_usd": "货物出口总额（美元）",
    "imports_usd": "货物进口总额（美元）",
    "trade_cny": "货物进出口总额（人民币）",
    "va_primary": "第一产业增加值",
    "va_secondary": "第二产业增加值",
    "va_tertiary": "第三产业增加值",
    "va_industry": "工业增加值",
    "va_construction": "建筑业增加值",
    "gdp_index": "地区生产总值指数（上年=100）",
    "va_primary_index": "第一产业增加值指数（上年=100）",
    "va_secondary_index": "第二产业增加值指数（上年=100）",
    "va_tertiary_index": "第三产业增加值指数（上年=100）",
    "cpi": "居民消费价格指数（上年=100）",
    "gdp_per_capita_official": "人均地区生产总值（统计局公布）",
    "disposable_income_per_capita": "居民人均可支配收入",
    "urbanisation_rate": "城镇人口比重（城镇化率）",
}
#: Chinese names of the panel's vintages
VINTAGE_NAMES = {
    "paper": "论文所用口径",
    "nbs_db_2021": "国家统计局数据库（约2021年的状态）",
    "first_release": "各年初次发布数",
    "rev2025": "第五次经济普查修订后（2025）",
    "nbs_db": "国家统计局数据库",
    "nbs_db_2025": "国家统计局数据库（2025年取数）",
    "nbs_db_2026": "国家统计局数据库（2026年取数）",
    "compiled_2026": "研究者整理的面板（2026年取数）",
}
#: what each file of ``data/`` holds (the data page's download list)
DATA_FILE_NOTES = {
    "provinces.csv": "分省面板（长表，每行为省份 × 年份 × 指标 × 数据版本）",
    "paper_tables.csv": "论文表1—表8 的逐格转录",
    "regions.csv": "31 个省份的名称，以及每种划分下的所属组别",
    "groups.csv": "各组别的中英文名称、排列顺序和配色",
    "capitals.csv": "省会城市经纬度（WGS84），用于计算距离和引力",
    "tile_grid.csv": "方格地图中每个省份所在的行和列",
    "national.csv": "全国年度序列：人民币对美元年平均汇率",
    "sources.csv": "2026 年新增各序列读取自哪个公开仓库的哪个文件",
    "timeline.csv": "政策节点与冲击的时间线，每条附官方文件名称",
}


def _order(indicator: str) -> int:
    keys = list(INDICATOR_NAMES)
    return keys.index(indicator) if indicator in keys else len(keys)


def panel_coverage(panel: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per series (indicator × vintage) of the province panel.

    Returns
    -------
    pandas.DataFrame
        indicator, vintage, unit, first, last (years), n_years, provinces, rows; in the order of
        :data:`INDICATOR_NAMES`, then by first year.
    """
    p = load_panel() if panel is None else panel
    cov = (p.groupby(["indicator", "vintage", "unit"])
           .agg(first=("year", "min"), last=("year", "max"), n_years=("year", "nunique"),
                provinces=("adcode", "nunique"), rows=("value", "size"))
           .reset_index())
    cov["_o"] = cov["indicator"].map(_order)
    return cov.sort_values(["_o", "first", "vintage"]).drop(columns="_o").reset_index(drop=True)


def coverage_table(panel: pd.DataFrame | None = None) -> pd.DataFrame:
    """:func:`panel_coverage` with Chinese headers and names, for a page."""
    cov = panel_coverage(panel)
    return pd.DataFrame({
        "指标": cov["indicator"].map(lambda s: INDICATOR_NAMES.get(s, s)),
        "代码": cov["indicator"].map(lambda s: f"`{s}`"),
        "单位": cov["unit"],
        "数据版本": [f"`{v}`（{VINTAGE_NAMES.get(v, v)}）" for v in cov["vintage"]],
        "年份": cov["first"].astype(str) + "—" + cov["last"].astype(str),
        "省份数": cov["provinces"],
        "行数": cov["rows"],
    })


def coverage_years(panel: pd.DataFrame | None = None) -> dict:
    """First and last year of every series: ``<indicator>-<vintage>-first`` and ``...-last``
    (for gluing the years a page states)."""
    out = {}
    for r in panel_coverage(panel).itertuples(index=False):
        out[f"{r.indicator}-{r.vintage}-first"] = int(r.first)
        out[f"{r.indicator}-{r.vintage}-last"] = int(r.last)
    return out


def panel_counts(panel: pd.DataFrame | None = None) -> dict:
    """The panel's size: ``rows``, ``series`` (indicator × vintage), ``indicators``, ``vintages``,
    ``provinces``, ``year-min``, ``year-max``."""
    p = load_panel() if panel is None else panel
    return {"rows": len(p), "series": int(p.groupby(["indicator", "vintage"]).ngroups),
            "indicators": int(p["indicator"].nunique()), "vintages": int(p["vintage"].nunique()),
            "provinces": int(p["adcode"].nunique()), "year-min": int(p["year"].min()),
            "year-max": int(p["year"].max())}


def vintage_summary(panel: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per vintage: vintage, indicators (sorted, comma-separated), first, last, rows."""
    p = load_panel() if panel is None else panel
    return (p.groupby("vintage")
            .agg(indicators=("indicator", lambda s: ", ".join(sorted(s.unique()))),
                 first=("year", "min"), last=("year", "max"), rows=("value", "size"))
            .reset_index())


def sha256(path: str | Path) -> str:
    """SHA-256 of a file's bytes, as ``sha256sum`` prints it."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def data_files(samples: bool = False) -> pd.DataFrame:
    """The CSV files of the data folder (``data/`` or ``$INLAND_COASTAL_DATA``).

    Parameters
    ----------
    samples : bool
        Also list ``samples/*.csv`` (the NBS exports of the local-run page).

    Returns
    -------
    pandas.DataFrame
        file (``data/...``, as from the project root), name, bytes, sha256, and for the tidy files
        of the folder itself rows (without the header), columns and header (the column names);
        the samples, in the NBS export layout, have no header row and get NaN there.
    """
    folder = data_dir()
    paths = sorted(folder.glob("*.csv")) + (sorted((folder / "samples").glob("*.csv")) if samples else [])
    rows = []
    for f in paths:
        rel = f.relative_to(folder).as_posix()
        row = {"file": f"data/{rel}", "name": f.name, "bytes": f.stat().st_size, "sha256": sha256(f)}
        if f.parent == folder:
            df = pd.read_csv(f, dtype=str, keep_default_na=False)
            row.update(rows=len(df), columns=df.shape[1], header=list(df.columns))
        rows.append(row)
    return pd.DataFrame(rows)


def download_list(files: pd.DataFrame | None = None) -> str:
    """A Markdown list with a ``{download}`` link to every data file, what it holds and its columns
    (the data page shows it; the links are relative to ``chapters/``)."""
    files = data_files() if files is None else files
    lines = []
    for r in files.itertuples(index=False):
        cols = "、".join(f"`{c}`" for c in r.header)
        lines.append(f"- {{download}}`{r.name} <../{r.file}>`：{DATA_FILE_NOTES.get(r.name, '数据文件')}；列为 {cols}。")
    return "\n".join(lines)


def locked_versions(lock: str | Path | None = None) -> dict:
    """package (lower case, ``-`` for ``_``) -> version pinned with ``==`` in the lock file
    (default ``requirements.txt`` at the project root; empty when there is none)."""
    path = Path(lock) if lock else PROJECT_ROOT / "requirements.txt"
    pins = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*==\s*([^\s;#]+)", line)
            if m:
                pins[m.group(1).lower().replace("_", "-")] = m.group(2)
    return pins


def installed_version(name: str) -> str | None:
    """The installed version of a distribution, or None."""
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def package_versions(names, lock: str | Path | None = None) -> pd.DataFrame:
    """package, installed and locked (None where not installed or not pinned) for ``names``;
    packages not installed are left out."""
    pins = locked_versions(lock)
    rows = [{"package": n, "installed": installed_version(n), "locked": pins.get(n.lower().replace("_", "-"))}
            for n in names]
    return pd.DataFrame([r for r in rows if r["installed"] is not None], columns=["package", "installed", "locked"])


def source_note(indicator: str, vintages, panel: pd.DataFrame | None = None, table: str = "分省年度数据") -> str:
    """A chart's source note naming the NBS table, the indicator and each vintage with its years,
    e.g. ``资料来源：国家统计局分省年度数据，地区生产总值（paper 2011—2022 年；...）；作者计算。``"""
    cov = panel_coverage(panel).set_index(["indicator", "vintage"])
    parts = []
    for v in vintages:
        if (indicator, v) not in cov.index:
            raise DataError(f"the panel has no vintage '{v}' of {indicator}")
        r = cov.loc[(indicator, v)]
        parts.append(f"{v} {int(r['first'])}—{int(r['last'])} 年")
    return f"资料来源：国家统计局{table}，{INDICATOR_NAMES.get(indicator, indicator)}（{'；'.join(parts)}）；作者计算。"


def series_breaks(population_break=(2004, 2005), census_step=(2018, 2019)) -> dict:
    """The breaks a long series of the panel crosses, measured.

    Returns
    -------
    dict
        ``pop-before``, ``pop-after`` (the 31 provinces' year-end population, 万人, in the two
        years of ``population_break``: several provinces switched from registered to resident
        population) and ``pop-change`` (万人); ``first-step`` and ``db-step`` (change of the inland
        GDP share over ``census_step``, points, in ``first_release``, which splices pre- and
        post-census figures, and in the consistently revised ``nbs_db_2021``); ``va-join-year``
        (the one year both value-added vintages hold), ``va2-join-reldiff``, ``va3-join-reldiff``
        (secondary and tertiary value added of that year, ``rev2025`` against ``nbs_db_2021``, %);
        ``real-last`` (last year of the GDP index and CPI: real values end there).
    """
    a, b = population_break
    pop = totals("population", "nbs_db", "coastal", years=[a, b])["national"]
    c0, c1 = census_step
    first = shares(totals("gdp", "first_release", "coastal"))["inland"]
    db = shares(totals("gdp", "nbs_db_2021", "coastal"))["inland"]
    cov = panel_coverage().set_index(["indicator", "vintage"])
    join = int(cov.loc[("va_secondary", "rev2025"), "first"])
    out = {"pop-before": float(pop.loc[a]), "pop-after": float(pop.loc[b]), "pop-change": float(pop.loc[b] - pop.loc[a]),
           "first-step": float(first.loc[c1] - first.loc[c0]), "db-step": float(db.loc[c1] - db.loc[c0]),
           "va-join-year": join}
    for k in ("va_secondary", "va_tertiary"):
        rev = totals(k, "rev2025", "coastal", years=[join]).loc[join, "national"]
        old = totals(k, "nbs_db_2021", "coastal", years=[join]).loc[join, "national"]
        out[f"va{2 if k == 'va_secondary' else 3}-join-reldiff"] = float((rev - old) / old * 100)
    out["real-last"] = int(min(cov.loc[("gdp_index", "nbs_db_2021"), "last"], cov.loc[("cpi", "nbs_db_2021"), "last"]))
    return out
