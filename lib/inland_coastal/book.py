"""Small helpers the chapters call: glue numbers, show numbered tables.

``glue_value`` converts numpy scalars to plain Python numbers before gluing, so the
``{glue:text}`name:.2f``` role can format them. ``table_md`` returns a MyST ``{table}``
directive as a Markdown output; the book renders Markdown outputs as MyST
(``nb_render_markdown_format: myst``), so the table is numbered, captioned and can be
cross-referenced with ``{numref}`label```.
"""
from __future__ import annotations

import numbers

import numpy as np
import pandas as pd
from IPython.display import Markdown

from .groupings import groups, labels
from .indicators import table_spec


def plain(value):
    """numpy scalar -> Python int/float (other values unchanged)."""
    if isinstance(value, np.generic):
        return value.item()
    return value


def glue_value(name: str, value, display: bool = False):
    """Glue a number (or text) for the prose; returns the plain value."""
    from myst_nb import glue

    v = plain(value)
    glue(name, v, display=display)
    return v


def glue_text(name: str, text) -> str:
    """Glue a short piece of text (a province name, a list of names) for ``{glue:md}`name```."""
    from myst_nb import glue

    text = str(text)
    glue(name, Markdown(text), display=False)
    return text


def glue_all(prefix: str, values: dict) -> dict:
    """Glue every entry of ``values`` as ``<prefix>-<key>`` (numbers through :func:`glue_value`,
    strings as Markdown text through :func:`glue_text`) and return the plain values.

    The usual way for a chapter to hand the numbers of a section to its prose: a library function
    returns a dict of named results, the chapter shows it (``pd.Series(values)``) and glues it in
    one line, ``glue_all("logic-fiscal", values)``; the prose then cites
    ``{glue:text}`logic-fiscal-ratio-2022:.2f```."""
    out = {}
    for key, v in values.items():
        name = f"{prefix}-{key}"
        out[key] = glue_text(name, v) if isinstance(v, str) else glue_value(name, v)
    return out


def glue_frame(prefix: str, df: pd.DataFrame, columns=None) -> dict:
    """Glue every cell of a table with a named index (e.g. :func:`inland_coastal.convergence.summary_table`)
    as ``<prefix>-<row>-<column>`` through :func:`glue_all`, and return the plain values.

    Missing values (None, NaN) are skipped: nothing is glued for them, so a ``{glue:text}`` role
    naming one fails the strict build instead of printing "nan". ``columns`` limits the columns
    (default all). Booleans are glued as numbers (1/0)."""
    values = {}
    cols = list(columns) if columns is not None else list(df.columns)
    for row in df.index:                     # column by column: each keeps its own dtype (years stay int)
        for col in cols:
            v = df[col].loc[row]
            if v is None or (pd.api.types.is_scalar(v) and pd.isna(v)):
                continue
            values[f"{row}-{col}"] = int(v) if isinstance(v, (bool, np.bool_)) else v
    return glue_all(prefix, values)


def _fmt(v, spec: str) -> str:
    if v is None or (isinstance(v, numbers.Number) and np.isnan(v)):
        return "—"
    return format(v, spec)


def table_md(df: pd.DataFrame, caption: str, label: str, formats: dict | None = None,
             note: str | None = None, align: str | None = None) -> Markdown:
    """A numbered, captioned MyST table from a DataFrame (columns as headers, index dropped).

    ``formats`` maps column -> format spec (e.g. ',.1f'); ``note`` is printed under the table.
    """
    formats = formats or {}
    cols = list(df.columns)
    lines = ["| " + " | ".join(str(c) for c in cols) + " |",
             "|" + "|".join(("---:" if pd.api.types.is_numeric_dtype(df[c]) else ":---") for c in cols) + "|"]
    for _, row in df.iterrows():
        cells = []
        for c in cols:
            v = row[c]
            cells.append(_fmt(v, formats[c]) if c in formats else str(v))
        lines.append("| " + " | ".join(cells) + " |")
    body = "\n".join(lines)
    md = f"````{{table}} {caption}\n:name: {label}\n:align: {align or 'center'}\n\n{body}\n````"
    if note:
        md += f"\n\n<p class=\"ic-table-note\">{note}</p>"
    return Markdown(md)


def group_frame(t: pd.DataFrame, unit: str, kind: str, scheme: str = "coastal") -> pd.DataFrame:
    """A year, national, <group>..., <group>_pct... table with Chinese headers: 年份, 全国（unit）,
    each group (unit), then each group's share (%) for totals or index (全国=100) for per-capita."""
    lab = labels(scheme)
    out = pd.DataFrame({"年份": t["year"].astype(int).astype(str)})
    out[f"全国（{unit}）"] = t["national"]
    for g in groups(scheme):
        out[f"{lab[g]}（{unit}）"] = t[g]
    suffix = "占比（%）" if kind == "total" else "指数（全国=100）"
    for g in groups(scheme):
        out[f"{lab[g]}{suffix}"] = t[f"{g}_pct"]
    return out


def paper_table_frame(t: pd.DataFrame, n: int, scheme: str = "coastal", descending: bool = True) -> pd.DataFrame:
    """Table n with Chinese headers, latest year first as in the paper."""
    spec = table_spec(n)
    out = group_frame(t, spec.unit, spec.kind, scheme)
    return out.sort_values("年份", ascending=not descending).reset_index(drop=True)


def paper_table_md(t: pd.DataFrame, n: int, label: str, caption: str | None = None, scheme: str = "coastal",
                   note: str | None = None) -> Markdown:
    """Table n (from :func:`inland_coastal.indicators.paper_table`) as a numbered table."""
    spec = table_spec(n)
    df = paper_table_frame(t, n, scheme)
    vf = f",.{spec.decimals}f"
    formats = {c: (".2f" if ("占比" in c or "指数" in c) else vf) for c in df.columns if c != "年份"}
    return table_md(df, caption or f"{spec.title_zh}（论文表{n}）", label, formats, note)


def reproduction_note(n: int, vintage: str | None = None) -> str:
    """One sentence for a table's note: Table n rebuilt from the 31 provinces
    (:func:`inland_coastal.reproduction.reproduce`) and its largest difference from the printed cells."""
    from .reproduction import reproduce

    r = reproduce(n, vintage)
    spec = table_spec(n)
    pct = "占比" if spec.kind == "total" else "指数"
    same = r.max_abs_diff == 0 and r.max_abs_diff_pct == 0
    tail = ("与印出值逐项相同。" if same else
            f"与印出值的最大差异为 {r.max_abs_diff:,.{spec.decimals}f} {spec.unit}，{pct}最大相差 "
            f"{r.max_abs_diff_pct:.2f}。")
    return (f"按31个省份数据（{r.vintage} 版本）重算 {min(r.years)}—{max(r.years)} 年，" + tail)


def printed_table_md(n: int, label: str, note: str = "") -> Markdown:
    """The paper's Table n as printed (:func:`inland_coastal.indicators.table_from_paper`), as a
    numbered table: caption from the table's title and years; a note with the unit, ``note`` (what
    the page wants to add), the source and the rebuild from the provinces (:func:`reproduction_note`)."""
    from .indicators import table_from_paper

    spec = table_spec(n)
    t = table_from_paper(n)
    y0, y1 = int(t["year"].min()), int(t["year"].max())
    head = (f"单位：{spec.unit}、%。" if spec.kind == "total"
            else f"单位：{spec.unit}；指数以全国人均值为100（论文称“占全国比重”）。")
    return paper_table_md(t, n, label, caption=f"{spec.title_zh}（论文表{n}，{y0}—{y1}年）",
                          note=head + note + f"资料来源：论文表{n}。" + reproduction_note(n))


def table_values(df: pd.DataFrame, keys, columns=None) -> dict:
    """Every cell of a table as a named value, for :func:`glue_all`: the name is the row's key
    values and the column joined by '-' (underscores in the column name become '-'; key values are
    kept as they are), e.g. a row ``industry='secondary', year=2012`` and the column ``pc_ratio``
    give ``'secondary-2012-pc-ratio'``.

    Parameters
    ----------
    df : pandas.DataFrame
    keys : list of str
        Columns that identify a row (together unique).
    columns : list of str, optional
        Columns to take (default every column not in ``keys``).

    Returns
    -------
    dict
        name -> plain value (numpy scalars converted).
    """
    keys = [keys] if isinstance(keys, str) else list(keys)
    if df.duplicated(keys).any():
        raise ValueError(f"the key columns {keys} do not identify the rows uniquely")
    columns = [c for c in df.columns if c not in keys] if columns is None else list(columns)
    out = {}
    key_values = zip(*(df[k].tolist() for k in keys))        # each column keeps its own type
    cells = zip(*(df[c].tolist() for c in columns))
    for kv, vals in zip(key_values, cells):
        stem = "-".join(str(plain(v)) for v in kv)
        for c, v in zip(columns, vals):
            out[f"{stem}-{str(c).replace('_', '-')}"] = plain(v)
    return out


def series_values(s: pd.Series, years=(), stem: str = "") -> dict:
    """A year-indexed series in a few named values: first-year, last-year, first, last, max,
    max-year, min, min-year, and the value of each of ``years`` (named by the year); each name
    prefixed with ``stem-`` when ``stem`` is given. NaN years are left out."""
    s = s.dropna()
    if s.empty:
        raise ValueError("the series has no values")
    pre = f"{stem}-" if stem else ""
    out = {"first-year": int(s.index.min()), "last-year": int(s.index.max()), "first": s.iloc[0],
           "last": s.iloc[-1], "max": s.max(), "max-year": int(s.idxmax()), "min": s.min(),
           "min-year": int(s.idxmin())}
    for y in years:
        if int(y) not in s.index:
            raise ValueError(f"the series has no value for {y}; it covers {int(s.index.min())}-{int(s.index.max())}")
        out[str(int(y))] = s.loc[int(y)]
    return {f"{pre}{k}": plain(v) for k, v in out.items()}


#: columns of :func:`observation_table`
OBSERVATION_COLUMNS = ["指标", "数据与口径", "起点", "最近", "怎样算改善"]


def observation_table(rows) -> pd.DataFrame:
    """A table of indicators to watch: for each, what it is, its data, its first and latest value
    and what would count as progress.

    Parameters
    ----------
    rows : iterable of tuple
        ``(indicator, data, series, fmt, better)``: ``series`` a year-indexed pandas Series
        (its first and last non-missing values are shown with their years, formatted with ``fmt``,
        e.g. ``'.2f'`` or ``'.1f%'`` for a percentage), or None for an indicator the book's data
        do not hold (shown as "—").

    Returns
    -------
    pandas.DataFrame
        Columns :data:`OBSERVATION_COLUMNS`; numbered with :func:`table_md`.
    """
    out = []
    for indicator, data, series, fmt, better in rows:
        if series is None:
            first = last = "—"
        else:
            s = series.dropna()
            unit = "%" if fmt.endswith("%") else ""
            spec = fmt[:-1] if unit else fmt
            first = f"{int(s.index.min())}年：{format(s.iloc[0], spec)}{unit}"
            last = f"{int(s.index.max())}年：{format(s.iloc[-1], spec)}{unit}"
        out.append([indicator, data, first, last, better])
    return pd.DataFrame(out, columns=OBSERVATION_COLUMNS)


#: headers and formats of :func:`convergence_md`
CONVERGENCE_HEADERS = {"period": ("时期", None), "vintage_zh": ("GDP数据口径", None), "prices": ("价格", None),
                       "beta": ("β", ".4f"), "se": ("标准误", ".4f"), "speed_pct": ("收敛速度 λ（%/年）", ".2f"),
                       "half_life": ("半衰期（年）", ".1f"), "sd_log_start": ("期初 σ", ".3f"),
                       "sd_log_end": ("期末 σ", ".3f")}


def convergence_md(table: pd.DataFrame, caption: str, label: str, vintage_labels: dict | None = None,
                   note: str | None = None) -> Markdown:
    """A numbered table of :func:`inland_coastal.convergence.summary_table`: period, GDP vintage
    (named through ``vintage_labels``, e.g. ``explore.VINTAGE_LABELS``), prices (名义 for current
    prices, 实际（…年价） for constant start-year prices), β, its standard error, the speed λ in % per year,
    the half-life and σ (the std of ln y) at the start and the end."""
    labels_ = vintage_labels or {}
    df = pd.DataFrame({
        "period": [f"{int(a)}—{int(b)}" for a, b in zip(table["start"], table["end"])],
        "vintage_zh": [labels_.get(v, v) for v in table["vintage"]],
        "prices": [f"实际（{int(a)}年价）" if r else "名义" for a, r in zip(table["start"], table["real"])],
        "beta": table["beta"], "se": table["se"],
        "speed_pct": [None if s is None or pd.isna(s) else 100 * s for s in table["speed"]],
        "half_life": table["half_life"], "sd_log_start": table["sd_log_start"], "sd_log_end": table["sd_log_end"]})
    df = df.rename(columns={k: h for k, (h, _) in CONVERGENCE_HEADERS.items()})
    formats = {h: f for h, f in CONVERGENCE_HEADERS.values() if f}
    return table_md(df, caption, label, formats, note)


def scenario_md(table: pd.DataFrame, caption: str, label: str, target: int, horizon: int,
                names: dict | None = None, note: str | None = None) -> Markdown:
    """A numbered table of :func:`inland_coastal.scenario.compare`: each case (named through
    ``names``, default its key), its rates (% per year), the elasticity ε, the inland GDP share and
    per-capita index in ``target`` and the closing year (or "``horizon``年前不弥合")."""
    names = names or {}
    df = pd.DataFrame({
        "情景": [names.get(k, str(k)) for k in table.index], "沿海GDP增速（%）": table["gc"], "内陆GDP增速（%）": table["gi"],
        "沿海人口增速（%）": table["nc"], "内陆人口增速（%）": table["ni"], "弹性 ε": table["elasticity"],
        f"{target}年内陆GDP占比（%）": table["inland_share"], f"{target}年内陆人均指数": table["inland_index"],
        "人均差距弥合年份": [f"{horizon}年前不弥合" if c is None or pd.isna(c) else str(int(c))
                             for c in table["closing"]]})
    formats = {c: ".2f" for c in df.columns if c not in ("情景", "弹性 ε", "人均差距弥合年份")}
    formats["弹性 ε"] = ".1f"
    return table_md(df, caption, label, formats, note)
