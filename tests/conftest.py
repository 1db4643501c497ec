"""Shared fixtures. The book is built by `make test` before pytest runs (the Makefile's
`test: book`), so executed chapters are in _build/jupyter_execute."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build"
import os

# IC_EXECUTED_DIR lets a page checked alone (tools/page.py --out DIR) be tested:
# IC_EXECUTED_DIR=DIR/_build/jupyter_execute/chapters pytest tests/test_chapter_x.py
EXECUTED = Path(os.environ.get("IC_EXECUTED_DIR", BUILD / "jupyter_execute" / "chapters"))


def run_cli(*args, input=None):
    """Run ``python -m inland_coastal ARGS`` and return the CompletedProcess."""
    return subprocess.run([sys.executable, "-m", "inland_coastal", *map(str, args)], capture_output=True,
                          text=True, cwd=ROOT, input=input)


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


NEEDS_BUILD = ("test_book.py", "test_pages.py", "test_site.py", "test_build_cache.py")


def pytest_collection_modifyitems(config, items):
    """Tests that read or make the built book are 'slow' (`make test-fast` skips them)."""
    for item in items:
        name = item.path.name
        if name in NEEDS_BUILD or name.startswith("test_chapter_"):
            item.add_marker(pytest.mark.slow)


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
