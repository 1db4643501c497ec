"""Shared fixtures and helpers.

Tests that read the built book request the session fixture ``built_book``; they are marked
``slow`` by that fixture (``pytest_collection_modifyitems`` below), so ``make test-fast``
(``pytest -m "not slow"``) runs every other test, those in the chapter test files included.
``make test`` builds the book before pytest runs (the Makefile's ``test: book``).
"""
from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build"

# IC_EXECUTED_DIR lets a page checked alone (tools/page.py --out DIR) be tested:
# IC_EXECUTED_DIR=DIR/_build/jupyter_execute/chapters pytest tests/test_chapter_x.py
EXECUTED = Path(os.environ.get("IC_EXECUTED_DIR", BUILD / "jupyter_execute" / "chapters"))
HTML = EXECUTED.parents[1] / "html"


@pytest.fixture(scope="session")
def built_book():
    """The built book: ``.executed`` (the executed chapters), ``.html`` (the site). Fails with
    a clear message when the book has not been built. Requesting it marks a test slow."""
    missing = [p for p in (EXECUTED, HTML) if not p.is_dir() or not any(p.iterdir())]
    if missing:
        pytest.fail(f"{', '.join(map(str, missing))} missing: build the book first (make book), "
                    "or run `make test-fast` for the tests that need no build")
    return SimpleNamespace(executed=EXECUTED, html=HTML, build=EXECUTED.parents[1])


def pytest_collection_modifyitems(config, items):
    """A test that reads the built book (it requests ``built_book``, directly or through
    another fixture) is 'slow': `make test-fast` skips it."""
    for item in items:
        if "built_book" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


def load_module(path: Path, name: str | None = None) -> ModuleType:
    """A module of ours that is not on sys.path (a Sphinx extension in _ext/, a script in
    tools/), loaded from its file, so that no folder of scripts is put on sys.path (tools/
    would shadow PyPA's ``build``)."""
    name = name or f"ic_{path.parent.name.strip('_')}_{path.stem}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


def run_cli(*args) -> subprocess.CompletedProcess:
    """``python -m inland_coastal ARGS`` run in this process (``inland_coastal.cli.main``),
    from the project folder, with stdout and stderr captured: a CompletedProcess with the
    exit status (argparse's own exits included), stdout and stderr."""
    from inland_coastal import cli

    argv = [str(a) for a in args]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(ROOT), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(argv)
        except SystemExit as exc:  # argparse: --help, usage errors
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            if isinstance(exc.code, str):
                print(exc.code, file=sys.stderr)
    return subprocess.CompletedProcess(["python", "-m", "inland_coastal", *argv], code or 0,
                                       out.getvalue(), err.getvalue())


def glued(chapter: str) -> dict:
    """name -> value of every number a chapter glued into its prose (myst-nb `glue`), read
    from the executed notebook in _build/jupyter_execute and from myst-nb's
    <chapter>.glue.json beside it (glue calls in a `remove-cell` cell are kept only there)."""
    path = EXECUTED / f"{chapter}.ipynb"
    store = EXECUTED / f"{chapter}.glue.json"
    if not path.exists() and not store.exists():
        pytest.fail(f"{path} is missing: build the book first (make book)")
    out = {}
    if path.exists():
        for cell in json.loads(path.read_text())["cells"]:
            for o in cell.get("outputs", []):
                meta = o.get("metadata", {}).get("scrapbook")
                if meta:
                    out[meta["name"]] = _literal(o["data"].get("text/plain"))
    if store.exists():
        for name, o in json.loads(store.read_text()).items():
            text = o.get("data", {}).get("text/plain")
            if name not in out and text is not None:
                out[name] = _literal(text)
    return out


def _literal(text):
    import ast

    if text is None:
        return None
    if isinstance(text, list):      # nbformat keeps multi-line text as a list of lines
        text = "".join(text)
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        try:
            return float(text.replace("np.float64(", "").rstrip(")"))
        except ValueError:
            return text


@pytest.fixture(scope="session")
def root():
    return ROOT


def mini_book(tmp: Path, page: str, **config) -> Path:
    """A one-page book under ``tmp/book`` built with the project's own configuration, scripts,
    site assets and local extensions (citations left out), for tests that build a book.
    ``config`` entries update the top level of the copied _config.yml."""
    import yaml

    root = tmp / "book"
    (root / "chapters").mkdir(parents=True)
    for name in ("tools", "web", "_static"):
        (root / name).symlink_to(ROOT / name)
    cfg = yaml.safe_load((ROOT / "_config.yml").read_text())
    cfg.pop("bibtex_bibfiles", None)
    cfg["sphinx"]["config"].pop("bibtex_reference_style", None)
    for path in (cfg["sphinx"].get("local_extensions") or {}).values():  # the project's extensions
        if not (root / path).exists():
            (root / path).symlink_to(ROOT / path)
    for key, value in config.items():
        cfg[key] = {**cfg.get(key, {}), **value} if isinstance(value, dict) else value
    (root / "_config.yml").write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False))
    (root / "_toc.yml").write_text(yaml.safe_dump({"format": "jb-book", "root": "chapters/page"}))
    (root / "chapters" / "page.md").write_text(page)
    return root
