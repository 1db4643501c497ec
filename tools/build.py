"""Build the book strictly, re-executing chapters whenever lib/ or data/ changed.

myst-nb's execution cache keys a notebook on its code cells only, and Sphinx re-reads a
page only when its source changed, so an edit in ``lib/`` or ``data/`` would otherwise be
served from stale outputs. This script fingerprints those inputs; when the fingerprint
differs from the last successful build it drops the execution cache and rebuilds every
page. The fingerprint is recorded only after a build succeeds.

Usage: python tools/build.py [ROOT] [--builder html]
"""
from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

INPUT_DIRS = ("lib", "data")
SKIP_PARTS = {"__pycache__", ".ipynb_checkpoints"}


def fingerprint(root: Path, dirs=INPUT_DIRS) -> str:
    """sha256 over the relative path and bytes of every file under ``dirs``."""
    h = hashlib.sha256()
    for d in dirs:
        base = root / d
        if not base.exists():
            continue
        for f in sorted(p for p in base.rglob("*") if p.is_file()):
            rel = f.relative_to(root)
            if SKIP_PARTS & set(rel.parts) or f.suffix == ".pyc" or ".egg-info" in str(rel):
                continue
            h.update(str(rel).encode())
            h.update(b"\0")
            h.update(f.read_bytes())
            h.update(b"\0")
    return h.hexdigest()


def invalidate_if_changed(root: Path, build_dir: Path) -> bool:
    """Drop the execution cache and Sphinx's environment when inputs changed.
    Returns True when a full re-execution is needed."""
    stamp = build_dir / ".inputs-fingerprint"
    current = fingerprint(root)
    if stamp.exists() and stamp.read_text().strip() == current:
        return False
    for sub in (".jupyter_cache", ".doctrees", "jupyter_execute"):
        shutil.rmtree(build_dir / sub, ignore_errors=True)
    return True


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


def build(root: Path, builder: str = "html") -> int:
    build_dir = root / "_build"
    # every chapter's kernel imports the library: compile it once here, since this environment
    # may not write bytecode by itself (PYTHONDONTWRITEBYTECODE), and each kernel would
    # otherwise compile the same sources again
    import compileall

    compileall.compile_dir(str(root / "lib"), quiet=1)
    env = dict(os.environ, INLAND_COASTAL_RENDERER="book")
    maps = _start_maps(root, env)
    # the site's own JavaScript (npm ci from web/package-lock.json -> _static/vendor)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import site_assets

    try:
        site_assets.vendor(root)
    except site_assets.AssetError as e:
        print(f"error: {e}", file=sys.stderr)
        _finish_maps(maps)
        return 1
    full = invalidate_if_changed(root, build_dir)
    cmd = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(root), "--builder", builder,
           "--warningiserror", "--keep-going"]
    if full:
        cmd.append("--all")
    print(("inputs changed: re-executing every chapter\n" if full else "") + " ".join(cmd), flush=True)
    rc = subprocess.call(cmd, env=env)
    _finish_maps(maps)
    if rc == 0:
        build_dir.mkdir(exist_ok=True)
        (build_dir / ".inputs-fingerprint").write_text(fingerprint(root) + "\n")
    return rc


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("root", nargs="?", default=".")
    ap.add_argument("--builder", default="html")
    a = ap.parse_args(argv)
    return build(Path(a.root).resolve(), a.builder)


if __name__ == "__main__":
    sys.exit(main())
