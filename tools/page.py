"""Build one or a few pages strictly, in a private output folder, to check a chapter while
others work on the book. The main _config.yml is used, with the execution cache moved into
the output folder so that parallel checks never share a cache.

Usage: python tools/page.py chapters/logic.md [more pages] [--out /tmp/page-logic]
Outputs: OUT/_build/html/..., executed notebooks in OUT/_build/jupyter_execute/.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("pages", nargs="+")
    ap.add_argument("--out", default=None)
    a = ap.parse_args(argv)
    pages = [str(Path(p).with_suffix("")) for p in a.pages]
    out = Path(a.out or f"/tmp/page-{Path(pages[0]).name}")
    out.mkdir(parents=True, exist_ok=True)
    cfg = yaml.safe_load((ROOT / "_config.yml").read_text())
    cfg.setdefault("execute", {})["cache"] = str(out / "jupyter_cache")
    # Jupyter Book finds local extensions relative to the config file: keep them in ROOT
    local = (cfg.get("sphinx") or {}).get("local_extensions") or {}
    for name, path in local.items():
        local[name] = str((ROOT / path).resolve())
    (out / "_config.yml").write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False))
    toc = {"format": "jb-book", "root": pages[0]}
    if len(pages) > 1:
        toc["chapters"] = [{"file": p} for p in pages[1:]]
    (out / "_toc.yml").write_text(yaml.safe_dump(toc, allow_unicode=True))
    env = dict(os.environ, INLAND_COASTAL_RENDERER="book")
    cmd = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(ROOT), "--config",
           str(out / "_config.yml"), "--toc", str(out / "_toc.yml"), "--path-output", str(out),
           "--warningiserror", "--keep-going"]
    print(" ".join(cmd), flush=True)
    return subprocess.call(cmd, env=env, cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main())
