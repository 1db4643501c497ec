"""The site's own JavaScript: Vega, Vega-Lite and Vega-Embed (the versions Altair's schema
needs), require.js and the @jupyter-widgets html manager (for pages with widget state) and
MathJax, from the npm registry, pinned by web/package.json and web/package-lock.json.

``vendor(root)`` runs ``npm ci`` in web/ when web/node_modules is missing or was installed from
another lockfile, checks the versions against Altair, copies the files the pages load into
``_static/vendor/`` and writes ``_static/vendor/MANIFEST.json`` (package versions, npm
integrity, sha256 and size of every copied file). The copy is made in a temporary folder and
moved into place whole. Nothing under _static/vendor is committed; ``make assets`` runs this
tool, and ``make book`` (tools/build.py) runs it before every build. How pages load the files is
the Sphinx extension ``_ext/site_assets.py``.

Usage: python tools/vendor_assets.py [ROOT] [--force]
"""
from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR = "vendor"  # under _static/
SPEC_VERSION = 1  # bump when FILES changes: forces a fresh copy

# npm package -> (destination folder under _static/vendor, glob patterns relative to the package)
FILES: dict[str, tuple[str, list[str]]] = {
    "vega": ("vega", ["build/vega.min.js", "LICENSE"]),
    "vega-lite": ("vega-lite", ["build/vega-lite.min.js", "LICENSE"]),
    "vega-embed": ("vega-embed", ["build/vega-embed.min.js", "LICENSE"]),
    "requirejs": ("requirejs", ["require.js"]),  # licence in the file header
    # embed-amd.js loads its fonts (Font Awesome) from its own folder
    "@jupyter-widgets/html-manager": ("jupyter-widgets", [
        "dist/embed-amd.js", "dist/*.woff2", "dist/*.woff", "dist/*.ttf", "dist/*.eot", "dist/*.svg",
        "dist/embed.js.LICENSE.txt"]),
    # the combined TeX+CHTML component; it loads its fonts and the menu's a11y helpers on demand
    "mathjax": ("mathjax", ["es5/tex-chtml-full.js", "es5/output/chtml/fonts/woff-v2/*",
                            "es5/a11y/*.js", "es5/ui/*.js", "LICENSE"]),
}


class AssetError(RuntimeError):
    """The site's libraries cannot be fetched or copied (npm missing, a pin that does not fit Altair)."""


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@contextlib.contextmanager
def _lock(path: Path):
    """An exclusive lock, so that parallel page builds never copy at the same time."""
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


# ---------------------------------------------------------------- npm
def _lock_digest(root: Path) -> str:
    lock = root / "web" / "package-lock.json"
    if not lock.exists():
        raise AssetError(f"{lock} is missing: the pinned npm lockfile is part of the repository")
    return sha256(lock)


def ensure_node_modules(root: Path, log=print) -> bool:
    """``npm ci`` in web/ unless node_modules was installed from this very lockfile.
    Returns True when it ran."""
    web = root / "web"
    stamp = web / "node_modules" / ".installed-from-lock"
    digest = _lock_digest(root)
    if stamp.exists() and stamp.read_text().strip() == digest:
        return False
    npm = shutil.which("npm")
    if not npm:
        raise AssetError("npm is needed to fetch the site's JavaScript libraries (apt-get install npm; "
                         ".ci/run does it)")
    log("web/: npm ci (pinned by web/package-lock.json)")
    r = subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
                       cwd=web, capture_output=True, text=True)
    if r.returncode:
        raise AssetError(f"npm ci failed in {web}:\n{r.stdout}\n{r.stderr}")
    stamp.write_text(digest + "\n")
    return True


def _package_json(root: Path, name: str) -> dict:
    p = root / "web" / "node_modules" / name / "package.json"
    if not p.exists():
        raise AssetError(f"{p} is missing: run `npm ci` in web/")
    return json.loads(p.read_text())


def check_versions(versions: dict[str, str]) -> dict:
    """Vega-Lite must be the schema version Altair writes; Vega and Vega-Embed the majors
    Altair's own HTML renderer asks for."""
    import altair as alt

    expect = {"vega-lite": alt.SCHEMA_VERSION.lstrip("v"), "vega": str(alt.VEGA_VERSION).lstrip("v"),
              "vega-embed": str(alt.VEGAEMBED_VERSION).lstrip("v")}
    for pkg, want in expect.items():
        have = versions[pkg]
        parts = want.split(".")
        if have.split(".")[: len(parts)] != parts:
            raise AssetError(f"web/package.json pins {pkg} {have}, but Altair {alt.__version__} needs "
                             f"{pkg} {want}{'.x' if len(parts) < 3 else ''}: update the pin and "
                             f"package-lock.json (npm install --save-exact {pkg}@...)")
    return {"altair": alt.__version__, "schema": alt.SCHEMA_VERSION, "vega": expect["vega"],
            "vega-embed": expect["vega-embed"]}


# ---------------------------------------------------------------- copy + manifest
def _wanted(root: Path) -> list[tuple[str, Path, Path]]:
    """(package, source file, path relative to _static/vendor) for every file to copy."""
    out = []
    for pkg, (dest, patterns) in FILES.items():
        base = root / "web" / "node_modules" / pkg
        for pat in patterns:
            hits = sorted(p for p in base.glob(pat) if p.is_file())
            if not hits:
                raise AssetError(f"{pkg}: nothing matches {pat} in {base}")
            for src in hits:
                rel = src.relative_to(base)
                # drop the package's build/dist/es5 prefix: vendor/<dest>/<rest>
                parts = rel.parts[1:] if rel.parts[0] in ("build", "dist", "es5") else rel.parts
                out.append((pkg, src, Path(dest, *parts)))
    return out


def manifest_path(root: Path) -> Path:
    return root / "_static" / VENDOR / "MANIFEST.json"


def is_current(root: Path) -> bool:
    mpath = manifest_path(root)
    if not mpath.exists():
        return False
    try:
        m = json.loads(mpath.read_text())
    except ValueError:
        return False
    if m.get("spec_version") != SPEC_VERSION or m.get("lockfile_sha256") != _lock_digest(root):
        return False
    vendor = mpath.parent
    for info in m["packages"].values():
        for rel, f in info["files"].items():
            p = vendor / rel
            if not p.exists() or p.stat().st_size != f["bytes"]:
                return False
    return True


def vendor(root: Path = ROOT, log=print, force: bool = False) -> dict:
    """Fetch (npm ci) and copy the site's libraries into _static/vendor; return the manifest."""
    root = Path(root).resolve()
    with _lock(root / "web" / ".vendor-assets.lock"):
        if not force and is_current(root):
            return json.loads(manifest_path(root).read_text())
        ensure_node_modules(root, log)
        lock = json.loads((root / "web" / "package-lock.json").read_text())
        versions = {pkg: _package_json(root, pkg)["version"] for pkg in FILES}
        altair_info = check_versions(versions)
        out = root / "_static" / VENDOR
        tmp = out.with_name(VENDOR + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        packages = {}
        for pkg, src, rel in _wanted(root):
            dst = tmp / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
            meta = _package_json(root, pkg)
            entry = packages.setdefault(pkg, {
                "version": meta["version"], "license": meta.get("license"),
                "folder": f"_static/{VENDOR}/{FILES[pkg][0]}",
                "integrity": lock["packages"].get(f"node_modules/{pkg}", {}).get("integrity"),
                "files": {}})
            entry["files"][rel.as_posix()] = {"sha256": sha256(dst), "bytes": dst.stat().st_size}
        manifest = {
            "generated_by": "tools/vendor_assets.py (make assets, make book); do not edit, do not commit",
            "spec_version": SPEC_VERSION,
            "lockfile": "web/package-lock.json",
            "lockfile_sha256": _lock_digest(root),
            "altair": altair_info,
            "packages": packages,
        }
        (tmp / "MANIFEST.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
        shutil.rmtree(out, ignore_errors=True)
        tmp.rename(out)
        n = sum(len(p["files"]) for p in packages.values())
        log(f"_static/{VENDOR}: {n} files from " + ", ".join(f"{k}@{v['version']}" for k, v in packages.items()))
        return manifest


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("root", nargs="?", default=str(ROOT))
    ap.add_argument("--force", action="store_true", help="copy again even if up to date")
    a = ap.parse_args(argv)
    try:
        vendor(Path(a.root), force=a.force)
    except AssetError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
