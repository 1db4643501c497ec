"""The execution cache never serves stale results (tools/build.py).

myst-nb keys a notebook's cached outputs on its code cells only, so a change in lib/ or data/
would otherwise leave old numbers on the page. tools/build.py fingerprints lib/ and data/ and
re-executes every page when they change. Proved end to end on a tiny temporary book: one
notebook page prints a value a tiny library reads from data/; each execution also appends a
line to a log outside lib/ and data/, so re-executions can be counted.
"""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import mini_book

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "tools" / "build.py"

PAGE = textwrap.dedent("""\
    ---
    jupytext:
      text_representation:
        extension: .md
        format_name: myst
    kernelspec:
      display_name: Python 3
      language: python
      name: python3
    ---

    # 缓存测试

    ```{code-cell} ipython3
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path("..").resolve() / "lib"))
    with open(Path("..") / "executions.log", "a") as fh:
        fh.write("run\\n")
    import tinylib
    print("VALUE=" + tinylib.value())
    ```
    """)

LIB_V1 = textwrap.dedent("""\
    from pathlib import Path

    def value():
        return (Path(__file__).resolve().parents[2] / "data" / "value.txt").read_text().strip()
    """)


def _book(tmp: Path) -> Path:
    root = mini_book(tmp, PAGE, title="cache test",
                     execute={"execute_notebooks": "cache", "cache": "_build/.jupyter_cache", "timeout": 120})
    (root / "lib" / "tinylib").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "lib" / "tinylib" / "__init__.py").write_text(LIB_V1)
    (root / "data" / "value.txt").write_text("first-1\n")
    return root


def _build(root: Path) -> str:
    r = subprocess.run([sys.executable, str(BUILD), str(root)], capture_output=True, text=True, cwd=root)
    assert r.returncode == 0, f"build failed:\n{r.stdout[-4000:]}\n{r.stderr[-4000:]}"
    return r.stdout


def _html(root: Path) -> str:
    return (root / "_build" / "html" / "chapters" / "page.html").read_text()


def _executions(root: Path) -> int:
    log = root / "executions.log"
    return len(log.read_text().splitlines()) if log.exists() else 0


@pytest.mark.slow
def test_build_cache_follows_lib_and_data(tmp_path):
    root = _book(tmp_path)

    _build(root)
    assert "VALUE=first-1" in _html(root)
    assert _executions(root) == 1

    # nothing changed: served from the cache, not executed again
    out = _build(root)
    assert "inputs changed" not in out
    assert _executions(root) == 1
    assert "VALUE=first-1" in _html(root)

    # a data file changed: the page is executed again and shows the new value
    (root / "data" / "value.txt").write_text("second-2\n")
    out = _build(root)
    assert "inputs changed" in out
    assert _executions(root) == 2
    html = _html(root)
    assert "VALUE=second-2" in html and "first-1" not in html

    # the library changed (code, not data): executed again
    (root / "lib" / "tinylib" / "__init__.py").write_text(
        LIB_V1.replace(".read_text().strip()", ".read_text().strip().upper()"))
    _build(root)
    assert _executions(root) == 3
    assert "VALUE=SECOND-2" in _html(root)

    # and once more unchanged: no execution
    _build(root)
    assert _executions(root) == 3


def test_fingerprint_ignores_caches(tmp_path):
    """__pycache__, .pyc and .ipynb_checkpoints never trigger a rebuild."""
    sys.path.insert(0, str(ROOT / "tools"))
    import build

    (tmp_path / "lib" / "pkg").mkdir(parents=True)
    (tmp_path / "data").mkdir()
    (tmp_path / "lib" / "pkg" / "m.py").write_text("x = 1\n")
    (tmp_path / "data" / "d.csv").write_text("a\n1\n")
    before = build.fingerprint(tmp_path)
    (tmp_path / "lib" / "pkg" / "__pycache__").mkdir()
    (tmp_path / "lib" / "pkg" / "__pycache__" / "m.cpython-311.pyc").write_bytes(b"\0")
    (tmp_path / "data" / ".ipynb_checkpoints").mkdir()
    (tmp_path / "data" / ".ipynb_checkpoints" / "d-checkpoint.csv").write_text("a\n2\n")
    assert build.fingerprint(tmp_path) == before
    (tmp_path / "data" / "d.csv").write_text("a\n2\n")
    assert build.fingerprint(tmp_path) != before
