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

from conftest import load_module, mini_book

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


def _tool(name):
    return load_module(ROOT / "tools" / f"{name}.py")


def _inputs(tmp_path: Path) -> Path:
    (tmp_path / "lib" / "pkg").mkdir(parents=True)
    (tmp_path / "data").mkdir()
    (tmp_path / "lib" / "pkg" / "m.py").write_text("x = 1\n")
    (tmp_path / "data" / "d.csv").write_text("a\n1\n")
    return tmp_path


def test_fingerprint_ignores_caches(tmp_path):
    """__pycache__, .pyc and .ipynb_checkpoints never trigger a rebuild."""
    build = _tool("build")
    _inputs(tmp_path)
    before = build.fingerprint(tmp_path)
    (tmp_path / "lib" / "pkg" / "__pycache__").mkdir()
    (tmp_path / "lib" / "pkg" / "__pycache__" / "m.cpython-311.pyc").write_bytes(b"\0")
    (tmp_path / "data" / ".ipynb_checkpoints").mkdir()
    (tmp_path / "data" / ".ipynb_checkpoints" / "d-checkpoint.csv").write_text("a\n2\n")
    assert build.fingerprint(tmp_path) == before
    (tmp_path / "data" / "d.csv").write_text("a\n2\n")
    assert build.fingerprint(tmp_path) != before


class Builds:
    """tools/build.py's bookkeeping around a stand-in for the book build: each call of
    ``run(full)`` is recorded, and may edit the inputs while it 'builds'."""

    def __init__(self, root: Path):
        self.build = _tool("build")
        self.root, self.stamp = root, root / "_build" / ".inputs-fingerprint"
        self.cache = root / "_build" / ".jupyter_cache"
        self.calls: list[bool] = []
        self.during = None  # an edit to make while building
        self.rc = 0

    def __call__(self) -> int:
        def run(full: bool) -> int:
            self.calls.append(full)
            self.cache.mkdir(parents=True, exist_ok=True)
            (self.cache / "outputs").write_text(self.build.fingerprint(self.root))
            if self.during:
                self.during()
                self.during = None
            return self.rc

        return self.build.build_with_fingerprint(self.root, self.stamp, [self.cache], run, log=lambda m: None)


def test_an_edit_during_the_build_is_not_taken_as_built(tmp_path):
    builds = Builds(_inputs(tmp_path))
    assert builds() == 0 and builds.calls == [True]           # first build: everything
    assert builds() == 0 and builds.calls == [True, False]    # nothing changed
    built = builds.stamp.read_text().strip()
    assert built == builds.build.fingerprint(tmp_path)

    # a data file edited while the book builds: the build finishes, but is not recorded as
    # having built the edited inputs
    builds.during = lambda: (tmp_path / "data" / "d.csv").write_text("a\n3\n")
    assert builds() == 0 and builds.calls[-1] is False
    assert not builds.stamp.exists()
    # so the next build drops the cache and rebuilds everything, and then records the inputs
    assert builds() == 0 and builds.calls[-1] is True
    assert builds.stamp.read_text().strip() == builds.build.fingerprint(tmp_path) != built
    assert builds() == 0 and builds.calls[-1] is False

    # the same during a full build (a library edit this time)
    (tmp_path / "data" / "d.csv").write_text("a\n4\n")
    builds.during = lambda: (tmp_path / "lib" / "pkg" / "m.py").write_text("x = 2\n")
    assert builds() == 0 and builds.calls[-1] is True and not builds.stamp.exists()
    assert builds() == 0 and builds.calls[-1] is True
    assert builds() == 0 and builds.calls[-1] is False


def test_a_failed_build_records_nothing_and_keeps_no_stale_cache(tmp_path):
    builds = Builds(_inputs(tmp_path))
    builds()
    old = builds.stamp.read_text()
    (tmp_path / "data" / "d.csv").write_text("a\n5\n")
    builds.rc = 1
    assert builds() == 1 and builds.calls[-1] is True
    # the old fingerprint is gone with the cache it vouched for: reverting the edit cannot
    # bring back outputs computed from the edited inputs
    assert not builds.stamp.exists()
    (tmp_path / "data" / "d.csv").write_text("a\n1\n")
    builds.rc = 0
    assert builds() == 0 and builds.calls[-1] is True
    assert builds.stamp.read_text() == old


def test_page_builds_follow_the_same_fingerprint(tmp_path):
    """tools/page.py (build.build_pages): a page checked alone in its own folder is executed
    again after an edit of lib/ or data/, with its private cache dropped, and not after none;
    an edit during its build is not taken as built either."""
    build = _tool("build")
    root = _inputs(tmp_path / "project")
    (root / "_config.yml").write_text((ROOT / "_config.yml").read_text())
    out = tmp_path / "out"
    calls = []

    def call(cmd, env=None, cwd=None):
        calls.append("--all" in cmd)
        if "--all" in cmd:  # executing again: the private cache of older inputs is gone
            assert not (out / "jupyter_cache").exists()
        assert cmd[cmd.index("--path-output") + 1] == str(out) and env["INLAND_COASTAL_RENDERER"] == "book"
        (out / "jupyter_cache").mkdir(parents=True, exist_ok=True)
        (out / "jupyter_cache" / "outputs").write_text("executed")
        return 0

    def check():
        return build.build_pages(root, ["chapters/logic.md"], out, call=call, vendor=False)

    assert check() == 0 and calls == [True]
    assert (out / "_toc.yml").read_text().startswith("format: jb-book")
    assert check() == 0 and calls == [True, False]
    (root / "data" / "d.csv").write_text("a\n9\n")
    assert check() == 0 and calls[-1] is True
    assert check() == 0 and calls[-1] is False

    def call_with_edit(cmd, env=None, cwd=None):
        call(cmd, env, cwd)
        (root / "lib" / "pkg" / "m.py").write_text("x = 3\n")
        return 0

    assert build.build_pages(root, ["chapters/logic.md"], out, call=call_with_edit, vendor=False) == 0
    assert check() == 0 and calls[-1] is True
    assert check() == 0 and calls[-1] is False
