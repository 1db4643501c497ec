"""Every notebook page of the book can be downloaded as an executed ``.ipynb`` and opened on
Binder or Colab.

A local Sphinx extension (``_config.yml``: ``sphinx.local_extensions: {ipynb_download: _ext}``).

1. ``build-finished``: for every page that myst-nb read as a notebook (its metadata carries a
   ``kernelspec``), the executed notebook that myst-nb wrote (``env.mystnb_config.output_folder``,
   i.e. ``_build/jupyter_execute/<page>.ipynb``) is copied to ``<html>/_notebooks/<page>.ipynb``
   with its outputs, after three changes that make it useful outside the site:

   - a first Markdown cell says where the notebook comes from and that it needs the book's
     ``inland_coastal`` library and ``data/`` (``make env`` in the project; ready on Binder);
   - a second, code cell sets the library up when the notebook runs on Google Colab (it does
     nothing anywhere else);
   - chart outputs drawn by the site's own ``book`` renderer (an HTML snippet calling the site's
     ``window.vegaEmbed``) become Altair's standard HTML output of the same Vega-Lite spec, which
     Jupyter draws once the notebook is trusted or re-run.

   The result is validated against the nbformat 4 schema before it is written; an invalid
   notebook is a build warning (an error under ``--warningiserror``).

2. ``html-page-context`` (after sphinx-book-theme built its header buttons):

   - the ``.ipynb`` item of the download dropdown points at ``_notebooks/<page>.ipynb`` (added
     next to the source and ``.pdf`` items if the theme did not add one);
   - the Binder button opens ``<page>.ipynb`` in the repository: ``binder/postBuild`` turns the
     MyST chapters into notebooks with jupytext after installing the library;
   - the Colab button opens the executed copy in the branch that holds the published site
     (``ipynb_download_colab_branch``, default ``gh-pages``, as written by ``ghp-import``), since
     Colab can open ``.ipynb`` files from GitHub but not MyST Markdown.

Configuration (Sphinx ``config`` values, all optional):

``ipynb_download_dir``            folder of the copies inside the HTML output (``_notebooks``)
``ipynb_download_colab_branch``   branch of the repository holding the published HTML (``gh-pages``)
``ipynb_download_colab_site_path`` folder of the HTML inside that branch (``""`` = its root)
``ipynb_download_binder_suffix``  suffix of the notebooks Binder opens (``.ipynb``; ``""`` keeps
                                  the theme's link to the Markdown source)
"""
from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import nbformat
from sphinx.application import Sphinx
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
__version__ = "1.0"

NOTE_CELL_ID = "ipynb-download-note"
SETUP_CELL_ID = "ipynb-download-colab-setup"
#: what the Colab set-up installs: the book's library from the clone, with the extra of
#: pyproject.toml that a chapter needs (its run-time dependencies and myst-nb's glue); pip keeps
#: what Colab already has when it fits the ranges, the rest of Colab's environment is left alone
COLAB_EXTRA = "notebook"
_BOOK_CHART = re.compile(r'<div id="(vl-[0-9a-f]+-\d+)" class="ic-chart[^"]*"></div>\s*<script>')


# ---------------------------------------------------------------- which pages, which files
def is_notebook(app: Sphinx, docname: str) -> bool:
    """myst-nb moves a notebook's kernelspec into the page metadata (text notebooks included)."""
    return "kernelspec" in app.env.metadata.get(docname, {})


def executed_folder(app: Sphinx) -> Path:
    """Where myst-nb wrote the executed notebooks (``_build/jupyter_execute``)."""
    cfg = getattr(app.env, "mystnb_config", None)
    folder = getattr(cfg, "output_folder", None)
    return Path(folder) if folder else Path(app.outdir).parent / "jupyter_execute"


def executed_notebook(app: Sphinx, docname: str) -> Path:
    *parts, last = docname.split("/")
    return executed_folder(app).joinpath(*parts, last + ".ipynb")


def download_uri(app: Sphinx, docname: str) -> str:
    """Path of the copy relative to the HTML output root (always with '/')."""
    return f"{app.config.ipynb_download_dir.strip('/')}/{docname}.ipynb"


# ---------------------------------------------------------------- the notebook itself
def _repository(app: Sphinx) -> tuple[str, str]:
    opts = app.config.html_theme_options or {}
    return (opts.get("repository_url", "") or "").rstrip("/"), opts.get("repository_branch") or "main"


def note_cell(app: Sphinx, docname: str, title: str) -> nbformat.NotebookNode:
    repo, _ = _repository(app)
    where = f"（[{repo}]({repo})）" if repo else ""
    text = (
        f"> **本笔记本下载自《{app.config.html_title or app.config.project}》的网页版：{title}**"
        f"（`{docname}`）。其中保存了构建网页时的运行结果。\n"
        ">\n"
        f"> 重新运行需要本书项目{where}中的 `inland_coastal` 库和 `data/` 数据："
        "在项目目录中执行 `make env`，再用 `.venv` 里的 Python 内核打开本文件；"
        "在 Binder 中库和数据已经装好；在 Google Colab 中请先运行下面的准备单元。\n"
        ">\n"
        "> 网页中的图表由站点自带的脚本绘制；本文件里的图表输出是 Altair 的标准 HTML 输出，"
        "需要“信任”本笔记本（Trust）或重新运行后才会显示；正文中用 `glue` 嵌入的数值和图表"
        "不单独显示为输出，可在运行后查看相应变量。"
    )
    cell = nbformat.v4.new_markdown_cell(text)
    cell.id = NOTE_CELL_ID
    return cell


def colab_setup_cell(app: Sphinx) -> nbformat.NotebookNode:
    repo, branch = _repository(app)
    source = f'''# 仅在 Google Colab 中生效：取得本书仓库（inland_coastal 库与 data/ 数据）并安装所需的库。
# 在本地（make env 之后）或 Binder 中，本单元什么也不做。
import sys

if "google.colab" in sys.modules:
    import pathlib, subprocess
    BOOK = pathlib.Path("/content/book")
    if not BOOK.exists():
        subprocess.run(["git", "clone", "--depth", "1", "--branch", {branch!r}, {repo!r}, str(BOOK)],
                       check=True)
    # 本书的库及其依赖（pyproject.toml 中的 [{COLAB_EXTRA}] 一组）
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "-e", f"{{BOOK}}[{COLAB_EXTRA}]"],
                   check=True)
    sys.path.insert(0, str(BOOK / "lib"))
    if any(name in sys.modules for name in ("numpy", "pandas")):
        print("若 Colab 提示重新启动会话（Restart session），重启后从头再运行一次即可。")
'''
    cell = nbformat.v4.new_code_cell(source)
    cell.id = SETUP_CELL_ID
    return cell


def _book_chart_spec(html: str) -> dict | None:
    """The Vega-Lite spec inside an HTML output of inland_coastal.charts' ``book`` renderer."""
    if not _BOOK_CHART.match(html.lstrip()):
        return None
    start = html.find("var spec=")
    if start < 0:
        return None
    try:
        spec, _ = json.JSONDecoder().raw_decode(html, start + len("var spec="))
    except ValueError:
        return None
    return spec if isinstance(spec, dict) else None


def _standard_chart_bundle(spec: dict) -> dict[str, str] | None:
    try:
        from altair.vegalite.v6.display import html_renderer
    except ImportError:  # pragma: no cover - the project pins Altair 6
        return None
    bundle = html_renderer(spec)
    if isinstance(bundle, tuple):
        bundle = bundle[0]
    html = bundle.get("text/html") if isinstance(bundle, dict) else None
    return {"text/html": html, "text/plain": "<VegaLite 6 chart>"} if html else None


#: where inland_coastal.charts' book renderer leaves Altair's standard HTML of a chart
PORTABLE_METADATA = "inland_coastal/portable"


def _portable_bundle(data: dict, metadata: dict | None = None) -> int:
    """Rewrite the book-renderer chart HTML in one mime bundle; returns how many changed.
    The standard HTML comes from the output's metadata, where the renderer left it; outputs
    without it (older caches) are converted with Altair here."""
    changed = 0
    portable = (metadata or {}).pop(PORTABLE_METADATA, None) if isinstance(metadata, dict) else None
    # a chart shown directly, or glued (myst-nb stores it under a papermill.record/ prefix)
    for key in [k for k in data if k == "text/html" or k.endswith("record/text/html")]:
        html = data[key]
        html = "".join(html) if isinstance(html, list) else html
        if not (isinstance(html, str) and _BOOK_CHART.match(html.lstrip())):
            continue
        if isinstance(portable, dict) and portable.get("text/html"):
            bundle = {"text/html": portable["text/html"], "text/plain": "<VegaLite 6 chart>"}
        else:
            spec = _book_chart_spec(html)
            bundle = _standard_chart_bundle(spec) if spec is not None else None
        if bundle is None:
            continue
        data[key] = bundle["text/html"]
        data.setdefault(key.replace("text/html", "text/plain"), bundle["text/plain"])
        changed += 1
    return changed


def _walk_bundles(node) -> int:
    """Every ``data`` mime bundle below ``node`` (cell outputs, and outputs saved inside the
    widget state of an Output widget)."""
    changed = 0
    if isinstance(node, dict):
        if isinstance(node.get("data"), dict):
            changed += _portable_bundle(node["data"], node.get("metadata"))
        for value in node.values():
            changed += _walk_bundles(value)
    elif isinstance(node, list):
        for value in node:
            changed += _walk_bundles(value)
    return changed


def portable_outputs(nb: nbformat.NotebookNode) -> int:
    """Replace outputs of the site-only chart renderer by Altair's standard HTML output, in
    cell outputs and in saved widget state. Returns how many outputs changed."""
    return _walk_bundles([c.get("outputs", []) for c in nb.cells]) + _walk_bundles(nb.metadata.get("widgets", {}))


def downloadable(app: Sphinx, docname: str, nb: nbformat.NotebookNode,
                 in_place: bool = False) -> nbformat.NotebookNode:
    """The executed notebook as readers download it (``in_place``: change ``nb`` itself
    instead of a copy, for a notebook read only to be converted)."""
    nb = nb if in_place else copy.deepcopy(nb)
    nb.cells = [c for c in nb.cells if c.get("id") not in (NOTE_CELL_ID, SETUP_CELL_ID)]
    title = _title(app, docname)
    nb.cells[:0] = [note_cell(app, docname, title), colab_setup_cell(app)]
    portable_outputs(nb)
    nb.metadata.pop("source_map", None)  # myst-nb's internal line map of the .md source
    nb.nbformat, nb.nbformat_minor = 4, max(int(nb.get("nbformat_minor", 5)), 5)
    return nb


def _title(app: Sphinx, docname: str) -> str:
    node = app.env.titles.get(docname)
    return node.astext() if node is not None else docname


def with_cached_outputs(app: Sphinx, nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook with its outputs from myst-nb's execution cache.

    myst-nb 1.4 in ``cache`` mode writes the *unexecuted* notebook to jupyter_execute when a
    page's outputs come from the cache, so the outputs are merged back from the cache (keyed on
    the code cells, which are the same)."""
    cfg = getattr(app.env, "mystnb_config", None)
    path = getattr(cfg, "execution_cache_path", None) or str(Path(app.outdir).parent / ".jupyter_cache")
    if getattr(cfg, "execution_mode", None) != "cache" or not Path(path).exists():
        return nb
    from jupyter_cache import get_cache

    try:
        _, merged = get_cache(path).merge_match_into_notebook(nb)
    except KeyError:  # no cache record for these code cells
        return nb
    return merged


# ---------------------------------------------------------------- Sphinx events
def copy_notebooks(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: write ``_notebooks/<page>.ipynb`` for every notebook page."""
    if exception is not None or getattr(app.builder, "format", "") != "html":
        return
    for docname in sorted(app.env.all_docs):
        if not is_notebook(app, docname):
            continue
        src = executed_notebook(app, docname)
        if not src.exists():
            LOGGER.warning("ipynb_download: no executed notebook for %s (%s)", docname, src,
                           type="ipynb_download", subtype="missing")
            continue
        nb = with_cached_outputs(app, nbformat.read(src, as_version=4))
        out = downloadable(app, docname, nb, in_place=True)
        try:
            nbformat.validate(out)
        except nbformat.ValidationError as err:
            LOGGER.warning("ipynb_download: %s is not a valid notebook: %s", docname, err.message,
                           type="ipynb_download", subtype="invalid")
            continue
        dest = Path(app.outdir) / download_uri(app, docname)
        dest.parent.mkdir(parents=True, exist_ok=True)
        text = nbformat.writes(out)
        if not dest.exists() or dest.read_text(encoding="utf-8") != text:
            dest.write_text(text, encoding="utf-8")


def _find(buttons: list[dict], label: str) -> dict | None:
    for b in buttons:
        if b.get("label") == label:
            return b
    return None


def _colab_url(app: Sphinx, docname: str, colab_url: str) -> str | None:
    repo, _ = _repository(app)
    parts = urlsplit(repo)
    if parts.netloc.lower() != "github.com":
        return None
    org_repo = parts.path.strip("/")
    site = app.config.ipynb_download_colab_site_path.strip("/")
    path = "/".join(p for p in (site, download_uri(app, docname)) if p)
    return f"{colab_url.rstrip('/')}/github/{org_repo}/blob/{app.config.ipynb_download_colab_branch}/{path}"


def _binder_url(url: str, docname: str, suffix: str) -> str:
    """Swap the source suffix in Binder's ``urlpath=<ui>/<path>/<page>.md`` for ``suffix``."""
    parts = urlsplit(url)
    query = re.sub(rf"({re.escape(docname)})\.(md|myst|ipynb|py)(?=$|&)", rf"\1{suffix}", parts.query)
    return urlunsplit(parts._replace(query=query))


def update_buttons(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                   doctree) -> None:
    """html-page-context, after sphinx-book-theme (priority 501): the .ipynb download and the
    Binder/Colab links of notebook pages."""
    if doctree is None or not is_notebook(app, pagename):
        return
    if not executed_notebook(app, pagename).exists():
        return
    groups = context.get("header_buttons") or []
    downloads = _find(groups, "download-buttons")
    if downloads is not None:
        url = context["pathto"](download_uri(app, pagename), 1)
        item = _find(downloads["buttons"], "download-notebook-button")
        if item is None:
            item = {"type": "link", "text": ".ipynb", "icon": "fas fa-code",
                    "tooltip": "下载已运行的笔记本 (.ipynb)", "label": "download-notebook-button"}
            downloads["buttons"].insert(0, item)
        item["url"] = url
        item["tooltip"] = "下载已运行的笔记本 (.ipynb)"
    launch = _find(groups, "launch-buttons")
    if launch is None:
        return
    opts = (app.config.html_theme_options or {}).get("launch_buttons", {}) or {}
    suffix = app.config.ipynb_download_binder_suffix
    for button in launch["buttons"]:
        if button.get("text") == "Binder" and suffix:
            button["url"] = _binder_url(button["url"], pagename, suffix)
        elif button.get("text") == "Colab" and opts.get("colab_url"):
            url = _colab_url(app, pagename, opts["colab_url"])
            if url:
                button["url"] = url


def setup(app: Sphinx) -> dict:
    app.add_config_value("ipynb_download_dir", "_notebooks", "html")
    app.add_config_value("ipynb_download_colab_branch", "gh-pages", "html")
    app.add_config_value("ipynb_download_colab_site_path", "", "html")
    app.add_config_value("ipynb_download_binder_suffix", ".ipynb", "html")
    app.connect("html-page-context", update_buttons, priority=900)
    app.connect("build-finished", copy_notebooks)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
