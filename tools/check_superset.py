"""Check that every row of an old panel CSV is in a new one, unchanged.

Usage: python tools/check_superset.py OLD.csv NEW.csv

Rows are compared as text, field by field, after stripping blanks (so a value is the same
only if it is written the same way). Prints a one-line summary; for rows of OLD that are
missing or changed in NEW, prints the first few (OLD line and, for a changed row, the NEW
line with the same key) and exits 1. Used when a newer extract replaces data/provinces.csv.
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

KEY = ("adcode", "year", "indicator", "vintage")


def read_rows(path: Path) -> tuple[list[str], list[tuple[int, tuple[str, ...]]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = [c.strip() for c in next(reader)]
        rows = [(i, tuple(c.strip() for c in r)) for i, r in enumerate(reader, start=2) if any(r)]
    return header, rows


def compare(old: Path, new: Path) -> tuple[int, list[str]]:
    """Number of rows of ``old`` checked and a list of problems (empty when all are in ``new``)."""
    h_old, r_old = read_rows(old)
    h_new, r_new = read_rows(new)
    if h_old != h_new:
        return 0, [f"headers differ: {old} has {','.join(h_old)}; {new} has {','.join(h_new)}"]
    missing = [k for k in KEY if k not in h_old]
    if missing:
        return 0, [f"{old}: no column(s) {', '.join(missing)}"]
    kx = [h_old.index(k) for k in KEY]
    by_key = {tuple(r[j] for j in kx): (i, r) for i, r in r_new}
    new_rows = set(r for _, r in r_new)
    problems = []
    for i, r in r_old:
        if r in new_rows:
            continue
        hit = by_key.get(tuple(r[j] for j in kx))
        if hit is None:
            problems.append(f"{old} line {i}: not in {new}: {','.join(r)}")
        else:
            problems.append(f"{old} line {i}: changed in {new} line {hit[0]}: {','.join(r)} -> {','.join(hit[1])}")
    return len(r_old), problems


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    old, new = map(Path, argv)
    for p in (old, new):
        if not p.is_file():
            print(f"error: {p}: no such file", file=sys.stderr)
            return 1
    n, problems = compare(old, new)
    if problems:
        for line in problems[:10]:
            print(line, file=sys.stderr)
        print(f"error: {len(problems)} of {n} rows of {old} are missing or changed in {new}", file=sys.stderr)
        return 1
    print(f"OK: all {n} rows of {old} are in {new} unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
