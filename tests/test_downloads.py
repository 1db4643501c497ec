"""Downloads and launch buttons (_ext/ipynb_download.py, binder/).

The tests that use the ``built_book`` fixture read the built book (``make book`` first): every chapter that is a
notebook links to its executed notebook in ``_notebooks/``, the file is a valid nbformat 4
notebook with the outputs of the build, and the Binder and Colab buttons open notebooks.
``IC_HTML_DIR=/tmp/page-x/_build/html`` checks a folder built by tools/page.py instead (then only
the pages present there are checked). The other tests need no build.
"""
from __future__ import annotations

import importlib.util
import json
import os
import re
import stat
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import nbformat
import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import BUILD, ROOT, load_module

HTML = Path(os.environ.get("IC_HTML_DIR", BUILD / "html"))
EXECUTED = HTML.parent / "jupyter_execute"
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
OWN_CELLS = ("ipynb-download-note", "ipynb-download-colab-setup")


def _load_extension():
    spec = importlib.util.spec_from_file_location("ipynb_download", ROOT / "_ext" / "ipynb_download.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ext = _load_extension()


def toc_pages() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"]]
    for part in toc.get("parts", []):
        pages += [c["file"] for c in part.get("chapters", [])]
    return pages


def is_notebook_source(page: str) -> bool:
    """A MyST page is a notebook when its front matter has a kernelspec (as myst-nb decides)."""
    text = (ROOT / f"{page}.md").read_text(encoding="utf-8")
    m = re.match(r"---\n(.*?)\n---\n", text, re.S)
    return bool(m) and "kernelspec" in (yaml.safe_load(m.group(1)) or {})


def notebook_pages() -> list[str]:
    pages = [p for p in toc_pages() if (ROOT / f"{p}.md").exists() and is_notebook_source(p)]
    if "IC_HTML_DIR" in os.environ:
        pages = [p for p in pages if (HTML / f"{p}.html").exists()]
    return pages


def page_soup(page: str) -> BeautifulSoup:
    path = HTML / f"{page}.html"
    if not path.exists():
        pytest.fail(f"{path} is missing: build the book first (make book)")
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def header_link(soup: BeautifulSoup, text: str):
    """The <a> of a header dropdown item (download or launch) whose label is ``text``."""
    for a in soup.select(".article-header-buttons a.btn"):
        label = a.select_one(".btn__text-container")
        if label is not None and label.get_text(strip=True) == text:
            return a
    return None


def ipynb_link(page: str) -> Path:
    soup = page_soup(page)
    a = header_link(soup, ".ipynb")
    assert a is not None, f"{page}: no .ipynb item in the download dropdown"
    href = a["href"]
    assert href.endswith(f"_notebooks/{page}.ipynb"), (page, href)
    assert "download-source-button" in str(soup) and "download-pdf-button" in str(soup)
    return (HTML / page).parent.joinpath(href).resolve()


# ---------------------------------------------------------------- the built book
@pytest.mark.usefixtures("built_book")
def test_every_chapter_is_a_notebook_page():
    pages = notebook_pages()
    assert pages, "no notebook page found"
    if "IC_HTML_DIR" not in os.environ:
        # every page written as a notebook (a kernelspec in its front matter) gets a download;
        # plain Markdown pages such as the references have nothing to execute
        chapters = [p for p in toc_pages() if "kernelspec:" in (ROOT / f"{p}.md").read_text(encoding="utf-8")]
        assert len(chapters) >= 12 and set(chapters) <= set(pages), sorted(set(chapters) - set(pages))


@pytest.mark.usefixtures("built_book")
@pytest.mark.parametrize("page", notebook_pages())
def test_ipynb_download_is_the_executed_notebook(page):
    path = ipynb_link(page)
    assert path.is_file(), f"{page}: the linked notebook {path} is not in the HTML output"
    assert path.is_relative_to(HTML.resolve())
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.nbformat == 4 and nb.metadata["kernelspec"]["name"]
    first = nb.cells[0]
    assert first.cell_type == "markdown" and "inland_coastal" in first.source and "make env" in first.source

    executed = executed_with_outputs(page)
    ours = [c for c in nb.cells if c.get("id") not in OWN_CELLS]
    assert [c.cell_type for c in ours] == [c.cell_type for c in executed.cells]
    for got, want in zip(ours, executed.cells):
        assert got.source == want.source
        if want.cell_type == "code":
            assert got.execution_count == want.execution_count
            assert [o.output_type for o in got.outputs] == [o.output_type for o in want.outputs]
    code = [c for c in ours if c.cell_type == "code"]
    if code:  # executed: every cell ran, none failed
        assert all(isinstance(c.execution_count, int) for c in code), page
        assert not any(o.output_type == "error" for c in code for o in c.outputs), page
    text = path.read_text(encoding="utf-8")
    assert "window.vegaEmbed('#vl-" not in text, "a site-only chart output was left in the download"
    assert ext.PORTABLE_METADATA not in text, "the renderer's metadata was left in the download"


def executed_with_outputs(page: str) -> nbformat.NotebookNode:
    """The executed notebook as myst-nb ran it: jupyter_execute/<page>.ipynb with its outputs
    from the execution cache (myst-nb writes that file without outputs on a cache hit)."""
    from jupyter_cache import get_cache

    nb = nbformat.read(EXECUTED / f"{page}.ipynb", as_version=4)
    _, merged = get_cache(str(BUILD / ".jupyter_cache")).merge_match_into_notebook(nb)
    return merged


@pytest.mark.usefixtures("built_book")
@pytest.mark.parametrize("page", notebook_pages())
def test_downloaded_notebook_carries_outputs(page):
    nb = nbformat.read(ipynb_link(page), as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code" and c.get("id") not in OWN_CELLS]
    if code:
        assert sum(len(c.get("outputs", [])) for c in code) > 0, f"{page}: no outputs in the download"


@pytest.mark.usefixtures("built_book")
@pytest.mark.parametrize("page", notebook_pages())
def test_launch_buttons_open_notebooks_on_binder_and_colab(page):
    soup = page_soup(page)
    repo = CONFIG["repository"]["url"].rstrip("/")
    org_repo = urlsplit(repo).path.strip("/")
    branch = CONFIG["repository"].get("branch", "main")
    launch = CONFIG["launch_buttons"]

    binder = header_link(soup, "Binder")
    assert binder is not None, f"{page}: no Binder button"
    url = urlsplit(binder["href"])
    assert f"{url.scheme}://{url.netloc}" == launch["binderhub_url"].rstrip("/")
    assert url.path == f"/v2/gh/{org_repo}/{branch}"
    ui = {"jupyterlab": "lab/tree", "classic": "tree"}[launch.get("notebook_interface", "classic")]
    assert parse_qs(url.query)["urlpath"] == [f"{ui}/{page}.ipynb"]

    colab = header_link(soup, "Colab")
    assert colab is not None, f"{page}: no Colab button"
    assert colab["href"].startswith(f"{launch['colab_url'].rstrip('/')}/github/{org_repo}/blob/")
    assert colab["href"].endswith(f"/_notebooks/{page}.ipynb")
    assert not soup.select(".btn-launch-thebe"), "Thebe must stay off"


# ---------------------------------------------------------------- no build needed
def _book_chart_html() -> str:
    import altair as alt
    from inland_coastal import charts

    chart = alt.Chart(alt.Data(values=[{"a": 1, "b": "沿海"}])).mark_point().encode(x="a:Q", color="b:N")
    return charts.book_renderer(chart.to_dict())[0]["text/html"]


def test_site_chart_outputs_become_standard_altair_outputs():
    html = _book_chart_html()
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("chart", execution_count=1)
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": html, "text/plain": "x"}),
                    nbformat.v4.new_output("display_data", data={"text/html": "<b>表</b>"})]
    nb.cells.append(cell)
    assert ext.portable_outputs(nb) == 1
    out = nb.cells[0].outputs
    assert "window.vegaEmbed('#vl-" not in out[0].data["text/html"] and "vegaEmbed" in out[0].data["text/html"]
    assert "沿海" in out[0].data["text/html"] or json.dumps("沿海")[1:-1] in out[0].data["text/html"]
    assert out[1].data["text/html"] == "<b>表</b>"
    nbformat.validate(nb)


def test_download_uses_the_standard_html_the_renderer_left_in_metadata():
    import altair as alt
    from inland_coastal import charts

    chart = alt.Chart(alt.Data(values=[{"a": 2}])).mark_bar().encode(x="a:Q")
    bundle, metadata = charts.book_renderer(chart.to_dict())
    standard = metadata[ext.PORTABLE_METADATA]["text/html"]
    assert "vegaEmbed" in standard and "ic-chart" not in standard
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("chart", execution_count=1)
    glued = {"application/papermill.record/text/html": bundle["text/html"]}
    cell.outputs = [nbformat.v4.new_output("display_data", data=glued,
                                           metadata={**metadata, "scrapbook": {"name": "fig"}})]
    nb.cells.append(cell)
    assert ext.portable_outputs(nb) == 1
    out = nb.cells[0].outputs[0]
    assert out.data["application/papermill.record/text/html"] == standard
    assert ext.PORTABLE_METADATA not in out.metadata and out.metadata["scrapbook"] == {"name": "fig"}
    nbformat.validate(nb)


def test_pages_keep_no_download_copy_in_widget_state():
    """Charts inside Output widgets keep the renderer's metadata in the saved widget state (the
    downloads use it); the page's copy of that state drops it, since Altair's standard HTML
    names a CDN."""
    import importlib

    site_assets = load_module(ROOT / "_ext" / "site_assets.py")
    theme = importlib.import_module("inland_coastal.charts.theme")
    assert ext.PORTABLE_METADATA == site_assets.PORTABLE_METADATA == theme.PORTABLE_METADATA
    output = {"output_type": "display_data", "data": {"text/html": "<div>图</div>"},
              "metadata": {ext.PORTABLE_METADATA: {"text/html": "<script src='https://cdn.example.org/x'>"},
                           "other": 1}}
    state = {"version_major": 2, "state": {"m1": {"state": {"outputs": [output]}}}}
    page = site_assets.without_portable_copies(json.dumps(state))
    back = json.loads(page)
    assert back["state"]["m1"]["state"]["outputs"][0]["metadata"] == {"other": 1}
    assert back["state"]["m1"]["state"]["outputs"][0]["data"] == output["data"]
    assert "cdn.example.org" not in page and "</" not in page
    plain = json.dumps({"state": {}})
    assert site_assets.without_portable_copies(plain) is plain


def test_chart_spec_is_read_back_exactly():
    import altair as alt
    from inland_coastal import charts

    spec = alt.Chart(alt.Data(values=[{"a": 1, "t": 'x;var opt={"y":1}'}])).mark_bar().encode(x="a:Q").to_dict()
    assert ext._book_chart_spec(charts.book_renderer(spec)[0]["text/html"]) == json.loads(json.dumps(spec))
    assert ext._book_chart_spec("<div>not a chart</div>") is None


def test_binder_url_points_at_the_notebook():
    url = "https://mybinder.org/v2/gh/o/r/main?urlpath=lab/tree/chapters/logic.md"
    assert ext._binder_url(url, "chapters/logic", ".ipynb").endswith("urlpath=lab/tree/chapters/logic.ipynb")


def test_binder_configuration():
    binder = ROOT / "binder"
    req = (binder / "requirements.txt").read_text(encoding="utf-8").splitlines()
    # the binder extra of pyproject.toml locked (tests/test_dependencies.py checks it in full)
    assert "uv pip compile pyproject.toml --extra binder" in req[1]
    assert any(line.startswith("jupytext==") for line in req)
    assert any(line.startswith("myst-nb==") for line in req)
    assert (binder / "runtime.txt").read_text().strip() == "python-3.11"
    post = binder / "postBuild"
    assert post.stat().st_mode & stat.S_IXUSR, "postBuild must be executable"
    text = post.read_text(encoding="utf-8")
    assert "pip install" in text and "-e ." in text and "jupytext" in text and "--to ipynb" in text


def test_colab_setup_cell_does_nothing_outside_colab():
    class Config:
        html_theme_options = {"repository_url": CONFIG["repository"]["url"],
                              "repository_branch": CONFIG["repository"].get("branch", "main")}

    class App:
        config = Config()

    cell = ext.colab_setup_cell(App())
    assert CONFIG["repository"]["url"] in cell.source and '"google.colab" in sys.modules' in cell.source
    scope: dict = {}
    exec(compile(cell.source, "setup", "exec"), scope)  # not on Colab: no clone, no install
    assert "BOOK" not in scope
