"""Build the book strictly, re-executing chapters whenever lib/ or data/ changed.

myst-nb's execution cache keys a notebook on its code cells only, and Sphinx re-reads a
page only when its source changed, so an edit in ``lib/`` or ``data/`` would otherwise be
served from stale outputs. This script fingerprints those inputs (the bytes of every file) before
the build; when the fingerprint differs from the last recorded one it drops the execution cache
and Sphinx's environment and rebuilds every page. After the build the inputs are fingerprinted
again, and the first fingerprint is recorded only if the build succeeded and the inputs still
match it: an edit made while the book was building is never taken as built.

Before the build, the site's own JavaScript is copied into _static/vendor
(``tools/vendor_assets.py``) and the shared map files are written on the other core.

Usage: python tools/build.py [ROOT] [--builder html]
"""
from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

INPUT_DIRS = ("lib", "data")
SKIP_PARTS = {"__pycache__", ".ipynb_checkpoints"}
STAMP = ".inputs-fingerprint"
# what depends on lib/ and data/ without knowing it, relative to the build folder
CACHES = (".jupyter_cache", ".doctrees", "jupyter_execute")


def fingerprint(root: Path, dirs=INPUT_DIRS) -> str:
    """sha256 over the relative path and bytes of every file under ``dirs`` (bytecode, notebook
    checkpoints and packaging metadata left out)."""
    h = hashlib.sha256()
    for d in dirs:
        base = root / d
        if not base.exists():
            continue
        for f in sorted(p for p in base.rglob("*") if p.is_file()):
            rel = f.relative_to(root)
            if SKIP_PARTS & set(rel.parts) or f.suffix == ".pyc" or ".egg-info" in str(rel):
                continue
            h.update(rel.as_posix().encode())
            h.update(b"\0")
            h.update(f.read_bytes())
            h.update(b"\0")
    return h.hexdigest()


def recorded(stamp: Path) -> str | None:
    return stamp.read_text().strip() if stamp.exists() else None


def invalidate(stamp: Path, caches: Iterable[Path]) -> None:
    """Forget the recorded fingerprint, then drop the caches built from older inputs. The stamp
    goes first: a build that stops half-way never leaves a fingerprint that vouches for caches
    filled from other inputs."""
    stamp.unlink(missing_ok=True)
    for path in caches:
        shutil.rmtree(path, ignore_errors=True)


def record(stamp: Path, value: str) -> None:
    """Write the fingerprint atomically (a temporary file renamed into place)."""
    stamp.parent.mkdir(parents=True, exist_ok=True)
    tmp = stamp.with_name(stamp.name + ".tmp")
    tmp.write_text(value + "\n")
    os.replace(tmp, stamp)


def build_with_fingerprint(root: Path, stamp: Path, caches: Iterable[Path],
                           run: Callable[[bool], int], dirs=INPUT_DIRS, log=print) -> int:
    """Fingerprint ``dirs`` of ``root``; if that differs from ``stamp``, drop ``caches``; call
    ``run(full)`` (``full``: every page must be rebuilt) and return its exit status. The
    fingerprint taken before the build is recorded in ``stamp`` only when ``run`` succeeded
    and the inputs still have it afterwards."""
    before = fingerprint(root, dirs)
    full = recorded(stamp) != before
    if full:
        invalidate(stamp, caches)
    rc = run(full)
    if rc != 0:
        return rc
    if fingerprint(root, dirs) != before:
        log(f"warning: {', '.join(dirs)} changed while building: not recorded as built; "
            "the next build executes every page again")
        stamp.unlink(missing_ok=True)
        return rc
    record(stamp, before)
    return rc


def _start_maps(root: Path, env: dict):
    """Write the shared map files (simplified boundaries, group outlines; about a second of
    work) in a background process at low priority, on the machine's other core, while the
    book builds. A chapter that needs a file before it is ready makes it itself (the files are
    written atomically and their content is the same either way)."""
    if not (root / "lib" / "inland_coastal" / "boundaries.py").exists():
        return None
    return subprocess.Popen([sys.executable, "-m", "inland_coastal", "maps"], env=env, cwd=root,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            preexec_fn=(lambda: os.nice(10)) if hasattr(os, "nice") else None)


def _finish_maps(maps) -> None:
    if maps is None:
        return
    out, _ = maps.communicate()
    if maps.returncode != 0:
        print(f"warning: `python -m inland_coastal maps` failed:\n{out}", file=sys.stderr)


def book_env() -> dict:
    """The environment of a book build: charts drawn by the site's own renderer."""
    return dict(os.environ, INLAND_COASTAL_RENDERER="book")


def _vendor(root: Path) -> int:
    """The site's own JavaScript (npm ci from web/package-lock.json -> _static/vendor)."""
    import vendor_assets  # tools/vendor_assets.py, beside this script

    try:
        vendor_assets.vendor(root)
    except vendor_assets.AssetError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


def jupyter_book() -> str:
    return str(Path(sys.executable).parent / "jupyter-book")


def build(root: Path, builder: str = "html", call=subprocess.call, vendor: bool = True) -> int:
    """The whole book into ROOT/_build (``make book``). ``call(cmd, env=...)`` runs Jupyter
    Book (a stand-in in the tests)."""
    build_dir = root / "_build"
    env = book_env()
    maps = _start_maps(root, env)
    if vendor and _vendor(root):
        _finish_maps(maps)
        return 1

    def run(full: bool) -> int:
        cmd = [jupyter_book(), "build", str(root), "--builder", builder, "--warningiserror", "--keep-going"]
        if full:
            cmd.append("--all")
        print(("inputs changed: re-executing every chapter\n" if full else "") + " ".join(cmd), flush=True)
        rc = call(cmd, env=env)
        _finish_maps(maps)
        return rc

    return build_with_fingerprint(root, build_dir / STAMP, [build_dir / c for c in CACHES], run)


def page_caches(out: Path) -> list[Path]:
    """What a build of a few pages (``tools/page.py``) keeps in its own folder ``out``."""
    return [out / "jupyter_cache"] + [out / "_build" / c for c in CACHES]


def build_pages(root: Path, pages: list[str], out: Path, call=subprocess.call, vendor: bool = True) -> int:
    """One or a few pages, strictly, into ``out`` (``tools/page.py``): the main _config.yml with
    the execution cache moved into ``out``, a table of contents of just these pages, and the same
    fingerprint bookkeeping as :func:`build`, so the private cache follows lib/ and data/ too."""
    import yaml

    pages = [str(Path(p).with_suffix("")) for p in pages]
    out.mkdir(parents=True, exist_ok=True)
    cfg = yaml.safe_load((root / "_config.yml").read_text())
    cfg.setdefault("execute", {})["cache"] = str(out / "jupyter_cache")
    # Jupyter Book finds local extensions relative to the config file: keep them in ROOT
    local = (cfg.get("sphinx") or {}).get("local_extensions") or {}
    for name, path in local.items():
        local[name] = str((root / path).resolve())
    (out / "_config.yml").write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False))
    toc = {"format": "jb-book", "root": pages[0]}
    if len(pages) > 1:
        toc["chapters"] = [{"file": p} for p in pages[1:]]
    (out / "_toc.yml").write_text(yaml.safe_dump(toc, allow_unicode=True))
    if vendor and _vendor(root):
        return 1

    def run(full: bool) -> int:
        cmd = [jupyter_book(), "build", str(root), "--config", str(out / "_config.yml"), "--toc",
               str(out / "_toc.yml"), "--path-output", str(out), "--warningiserror", "--keep-going"]
        if full:
            cmd.append("--all")
        print(("inputs changed: re-executing the pages\n" if full else "") + " ".join(cmd), flush=True)
        return call(cmd, env=book_env(), cwd=root)

    return build_with_fingerprint(root, out / STAMP, page_caches(out), run)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("root", nargs="?", default=".")
    ap.add_argument("--builder", default="html")
    a = ap.parse_args(argv)
    return build(Path(a.root).resolve(), a.builder)


if __name__ == "__main__":
    sys.exit(main())
