"""Command line: ``python -m inland_coastal COMMAND``.

``table N --from paper|provinces [--scheme NAME] [--vintage V]``
    CSV of Table N: ``year,national,<group>...,<group>_pct...``.
``validate FILE``
    check a tidy CSV or an NBS export; a one-line summary, or the problem and exit 1.
``merge EXPORT --vintage V [--panel FILE]``
    add an NBS export to the panel (written atomically; existing rows are never overwritten
    unless ``--replace``).
``inequality --scheme S [--year Y] [--vintage V]``
    Theil, Williamson and Gini of per-capita GDP by year, as CSV.
``maps [--out DIR]``
    write the book's shared map files (simplified boundaries, group outlines).
``aggregate INDICATOR --vintage V [--scheme S]``
    sums of an additive indicator by group and each group's share of the national sum (%):
    ``year,national,<group>...,<group>_pct...``.
``growth --vintage V [--scheme S] [--real]``
    GDP growth over the previous year in %, nominal or real: ``year,national,<group>...``.
``convergence --start Y0 --end Y1 --vintage V [--real] [--allow-break]``
    β and σ convergence of per-capita GDP over the 31 provinces, one row:
    ``start,end,n,beta,se,speed,half_life,sd_log_start,sd_log_end``.

Every user mistake is reported as ``error: <file>, line <n>, column '<c>': <problem>`` on
stderr with exit status 1, never as a traceback.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import pandas as pd

from . import boundaries, indicators, inequality, nbs
from .csvfiles import read_text
from .errors import DataError
from .groupings import check_scheme, groups, schemes
from .loading import PANEL_KEY, check_identities, load_panel, read_panel_csv
from .paths import data_path


def _write_csv(df: pd.DataFrame, out=None) -> None:
    (out or sys.stdout).write(df.to_csv(index=False, lineterminator="\n"))


def cmd_table(args) -> int:
    t = indicators.paper_table(args.n, source=args.source, scheme=args.scheme, vintage=args.vintage)
    spec = indicators.table_spec(args.n)
    cols = ["year", "national", *groups(args.scheme)]
    cols += [f"{g}_pct" for g in groups(args.scheme)]
    t = t[cols].copy()
    fmt = {c: (lambda v, d=spec.decimals: f"{v:.{d}f}") for c in cols[1:1 + len(groups(args.scheme)) + 1]}
    fmt.update({c: (lambda v: f"{v:.2f}") for c in cols if c.endswith("_pct")})
    for c, f in fmt.items():
        t[c] = t[c].map(f)
    _write_csv(t)
    if args.source == "provinces":
        from .reproduction import known_problems

        for note in known_problems(args.n, args.vintage, t["year"]):
            print(f"note: {note}", file=sys.stderr)
    return 0


def read_any(path: str | Path) -> tuple[pd.DataFrame, str]:
    """A tidy panel CSV or an NBS export, validated, and which of the two it was."""
    if nbs.is_export(path):
        return nbs.read_export(path), "NBS export"
    return read_panel_csv(path), "tidy CSV"


def _header(path: str | Path) -> list[str]:
    first = read_text(path).lstrip().splitlines()[0]
    return [c.strip() for c in first.split(",")]


def cmd_validate(args) -> int:
    from .loading import SOURCE_COLUMNS, load_national, load_sources

    header = _header(args.file)
    if header[:len(SOURCE_COLUMNS)] == SOURCE_COLUMNS:
        d = load_sources(args.file)
        print(f"{args.file}: OK (sources): {len(d)} series from {d['repository'].nunique()} repositories")
        return 0
    if "adcode" not in header and {"year", "indicator", "value"} <= set(header):
        d = load_national(args.file)
        print(f"{args.file}: OK (national series): {len(d)} rows, {', '.join(sorted(d['indicator'].unique()))}, "
              f"{d['year'].min()}-{d['year'].max()}")
        return 0
    df, kind = read_any(args.file)
    s = nbs.summary(df)
    y0, y1, ny = s["years"]
    print(f"{args.file}: OK ({kind}): {s['rows']} rows, {s['provinces']} provinces, {ny} years ({y0}-{y1}), "
          f"{len(s['indicators'])} indicator(s) ({', '.join(s['indicators'])}), {s['missing']} missing cells")
    return 0


def write_atomic(df: pd.DataFrame, path: Path) -> None:
    """Write a CSV so that the target is either the old file or the complete new one."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            df.to_csv(fh, index=False, lineterminator="\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def cmd_merge(args) -> int:
    panel_path = Path(args.panel or data_path("provinces.csv"))
    new = nbs.read_export(args.export, vintage=args.vintage)
    missing = int(new["value"].isna().sum())
    new = new[new["value"].notna()]
    old = load_panel(panel_path)
    key = old.set_index(PANEL_KEY).index
    clash = new.set_index(PANEL_KEY).index.isin(key)
    if clash.any() and not args.replace:
        r = new[clash].iloc[0]
        raise DataError(f"{int(clash.sum())} rows already in {panel_path} (e.g. {r.province_zh} {r.year} "
                        f"{r.indicator}, vintage {r.vintage}); choose a new --vintage or pass --replace",
                        args.export)
    kept = ~old.set_index(PANEL_KEY).index.isin(new.set_index(PANEL_KEY).index)
    keep = old[kept]
    merged = pd.concat([keep, new], ignore_index=True)
    # the identities (industries sum to GDP, exports + imports = trade) hold in the merged panel,
    # or nothing is written; a row is named by the file it comes from
    old_lines = [i + 2 for i, k in enumerate(kept) if k]
    check_identities(merged, line_of=lambda i: old_lines[i] if i < len(old_lines) else None,
                     file_of=lambda i: panel_path if i < len(old_lines) else args.export)
    merged = merged.sort_values(["indicator", "vintage", "year", "adcode"])
    write_atomic(merged, panel_path)
    print(f"{panel_path}: added {len(new)} rows of {', '.join(new['indicator'].unique())} "
          f"(vintage {args.vintage}, {new['year'].min()}-{new['year'].max()}); "
          f"{missing} empty cells in the export were not added")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m inland_coastal",
                                description="Data and indicators of the inland-coastal book.")
    sub = p.add_subparsers(dest="command", required=True)
    t = sub.add_parser("table", help="print one of the paper's Tables 1-8 as CSV")
    t.add_argument("n", type=int, help="table number, 1-8")
    t.add_argument("--from", dest="source", choices=["paper", "provinces"], default="paper")
    t.add_argument("--scheme", default="coastal")
    t.add_argument("--vintage", default=None)
    t.set_defaults(func=cmd_table)
    v = sub.add_parser("validate", help="check a tidy CSV or an NBS export")
    v.add_argument("file")
    v.set_defaults(func=cmd_validate)
    m = sub.add_parser("merge", help="add an NBS export to the province panel")
    m.add_argument("export")
    m.add_argument("--vintage", required=True, help="label for these figures, e.g. nbs_db_2027")
    m.add_argument("--panel", default=None, help="panel CSV to update (default: data/provinces.csv)")
    m.add_argument("--replace", action="store_true", help="replace rows with the same key")
    m.set_defaults(func=cmd_merge)
    q = sub.add_parser("inequality", help="inequality of per-capita GDP across provinces, as CSV")
    q.add_argument("--scheme", default="coastal", help="grouping for the Theil split (default coastal)")
    q.add_argument("--year", type=int, default=None, help="one year only")
    q.add_argument("--vintage", default=None, help="GDP vintage (default paper: 2012-2022)")
    q.set_defaults(func=cmd_inequality)
    g = sub.add_parser("maps", help="write the simplified boundaries and group outlines for the book's maps")
    g.add_argument("--out", default=None, help="folder (default: _static/maps of the project)")
    g.set_defaults(func=cmd_maps)
    a = sub.add_parser("aggregate", help="sums of an additive indicator by group, with shares of national (%%)")
    a.add_argument("indicator", help="e.g. gdp, va_secondary, fiscal_expenditure, exports_usd")
    a.add_argument("--vintage", required=True)
    a.add_argument("--scheme", default="coastal")
    a.set_defaults(func=cmd_aggregate)
    gr = sub.add_parser("growth", help="GDP growth over the previous year (%%) by group, nominal or real")
    gr.add_argument("--vintage", required=True, help="GDP vintage (real: nbs_db_2021 or paper)")
    gr.add_argument("--scheme", default="coastal")
    gr.add_argument("--real", action="store_true", help="real growth from the provinces' GDP indices")
    gr.set_defaults(func=cmd_growth)
    c = sub.add_parser("convergence", help="beta and sigma convergence of per-capita GDP, one row")
    c.add_argument("--start", type=int, required=True)
    c.add_argument("--end", type=int, required=True)
    c.add_argument("--vintage", required=True)
    c.add_argument("--real", action="store_true", help="per-capita GDP in constant start-year prices")
    c.add_argument("--allow-break", action="store_true",
                   help="allow a period across the 2004/05 population break")
    c.set_defaults(func=cmd_convergence)
    return p


#: units of indicators that can be summed over provinces (flows and stocks)
ADDITIVE_UNITS = ("亿元", "万人", "千美元")


def cmd_aggregate(args) -> int:
    panel = load_panel()
    sel = panel[panel["indicator"] == args.indicator]
    if sel.empty:
        raise DataError(f"the panel has no indicator '{args.indicator}'; it has "
                        f"{', '.join(sorted(panel['indicator'].unique()))}")
    units = sorted(sel["unit"].unique())
    if any(u not in ADDITIVE_UNITS for u in units):
        additive = sorted(panel.loc[panel["unit"].isin(ADDITIVE_UNITS), "indicator"].unique())
        raise DataError(f"'{args.indicator}' (unit {', '.join(units)}) is not additive: an index, rate or "
                        f"per-capita value cannot be summed over provinces; aggregate sums {', '.join(additive)}")
    check_scheme(args.scheme)
    t = indicators.totals(args.indicator, args.vintage, args.scheme)
    pct = indicators.shares(t).add_suffix("_pct")
    out = pd.concat([t.round(6), pct], axis=1)
    out.index.name = "year"
    _write_csv(out.reset_index())
    return 0


def cmd_growth(args) -> int:
    from .real import growth

    t = growth(args.scheme, args.vintage, real=args.real)
    _write_csv(t.reset_index())
    return 0


def cmd_convergence(args) -> int:
    from .convergence import SUMMARY_COLUMNS, convergence_summary

    r = convergence_summary(args.start, args.end, args.vintage, real=args.real, allow_break=args.allow_break)
    _write_csv(pd.DataFrame([r], columns=SUMMARY_COLUMNS))
    return 0


def cmd_inequality(args) -> int:
    """CSV with the header ``year,theil_t,theil_t_between,theil_t_within,theil_l,williamson,gini``,
    six decimals."""
    t = inequality.inequality_table(args.scheme, args.vintage or "paper",
                                    None if args.year is None else [args.year])
    for c in inequality.COLUMNS[1:]:
        t[c] = t[c].map(lambda v: f"{v:.6f}")
    _write_csv(t)
    return 0


def cmd_maps(args) -> int:
    """Write the shared map files (boundaries and every scheme's group outlines); files already
    made from the same source and settings are left as they are."""
    out = Path(args.out) if args.out else None
    paths = [boundaries.write_boundaries(out)] + [boundaries.write_group_outlines(s, out) for s in schemes()]
    for path in paths:
        print(f"{path} ({path.stat().st_size / 1024:.0f} KB)")
    return 0


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except DataError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
