"""Build one or a few pages strictly, in a private output folder, to check a chapter while
others work on the book. The main _config.yml is used, with the execution cache moved into
the output folder so that parallel checks never share a cache.

The private cache follows lib/ and data/ exactly as the book's does (``tools/build.py``: the
same fingerprint, taken before the build and recorded only if it still holds after): when they
changed since the last check in this folder, the cache is dropped and the pages are executed
again.

Usage: python tools/page.py chapters/logic.md [more pages] [--out /tmp/page-logic]
Outputs: OUT/_build/html/..., executed notebooks in OUT/_build/jupyter_execute/.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from build import build_pages  # tools/build.py, beside this script

ROOT = Path(__file__).resolve().parents[1]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("pages", nargs="+")
    ap.add_argument("--out", default=None)
    a = ap.parse_args(argv)
    out = Path(a.out or f"/tmp/page-{Path(a.pages[0]).stem}").resolve()
    return build_pages(ROOT, a.pages, out)


if __name__ == "__main__":
    sys.exit(main())
