"""A "在浏览器中运行" button on every notebook page: it opens the page's notebook in the site's
own JupyterLite (``lite/``, made by ``tools/lite.py`` after the book), where the Pyodide kernel
runs it in the reader's browser.

A local Sphinx extension (``_config.yml``: ``sphinx.local_extensions: {lite_button: _ext}``).
On ``html-page-context`` (after sphinx-book-theme and ``ipynb_download``), the first item of the
theme's launch-button dropdown becomes a link to
``lite/notebooks/index.html?path=<page>.ipynb``, relative to the page, so the site works
wherever it is served. The notebook at that path is the page's download
(``_notebooks/<page>.ipynb``) with its outputs cleared.

Configuration: ``lite_button_app`` (default ``lite/notebooks/index.html``; ``lite/lab/index.html``
opens JupyterLab instead).
"""
from __future__ import annotations

from typing import Any
from urllib.parse import quote

from sphinx.application import Sphinx

__version__ = "1.0"
LABEL = "lite-button"
TEXT = "在浏览器中运行"
TOOLTIP = "在浏览器中运行本章的代码（JupyterLite，不需要安装软件；首次启动要下载不到 30 MB）"


def is_notebook(app: Sphinx, docname: str) -> bool:
    return "kernelspec" in app.env.metadata.get(docname, {})


def lite_url(app: Sphinx, pagename: str, pathto) -> str:
    return f"{pathto(app.config.lite_button_app, 1)}?path={quote(pagename + '.ipynb')}"


def add_button(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree) -> None:
    if doctree is None or not is_notebook(app, pagename):
        return
    groups = context.get("header_buttons")
    if groups is None:
        return
    launch = next((g for g in groups if g.get("label") == "launch-buttons"), None)
    if launch is None:
        launch = {"type": "group", "tooltip": "运行本章", "icon": "fas fa-rocket", "buttons": [],
                  "label": "launch-buttons"}
        groups.append(launch)
    launch["buttons"][:] = [b for b in launch["buttons"] if b.get("label") != LABEL]
    launch["buttons"].insert(0, {"type": "link", "text": TEXT, "tooltip": TOOLTIP, "icon": "fas fa-play",
                                 "label": LABEL, "url": lite_url(app, pagename, context["pathto"])})


def setup(app: Sphinx) -> dict:
    app.add_config_value("lite_button_app", "lite/notebooks/index.html", "html")
    app.connect("html-page-context", add_button, priority=950)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
