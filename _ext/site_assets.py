"""Sphinx extension: every page loads the site's own copies of its browser libraries, and
nothing from another host.

The files themselves are copied into ``_static/vendor/`` from the pinned npm lockfile by
``tools/vendor_assets.py`` (``make assets``; ``make book`` runs it before every build). This
extension (``_config.yml`` ``sphinx.local_extensions``)

- refuses to build when ``_static/vendor`` is missing or was made from another lockfile, and
  refuses a remote ``mathjax_path`` or ``nb_ipywidgets_js`` entry;
- keeps Jupyter Book from adding every .js/.css under ``_static/vendor`` to every page;
- loads vega, vega-lite and vega-embed only on pages that draw a chart, with a priority that
  puts them *before* require.js (which myst-nb adds on pages with widget state), so their UMD
  builds define ``window.vega``/``window.vegaEmbed`` instead of anonymous AMD modules: Altair
  charts and ipywidgets coexist on one page;
- drops sphinx-thebe's inline configuration (declared twice by Jupyter Book 1, a SyntaxError on
  every page; Thebe is switched off in _config.yml), duplicate scripts, and the notebook
  downloads' chart copies from saved widget state;
- after the build, warns (an error under ``--warningiserror``) for every page written in this
  build, and every stylesheet, that would load something from another host.

Nothing is collected in the application object while pages are written: the pages to check are
the HTML files written since the build started (their modification time), so the extension is
safe for Sphinx's parallel writing.
"""
from __future__ import annotations

import hashlib
import json
import re
import time
from html.parser import HTMLParser
from pathlib import Path

VENDOR = "vendor"  # under _static/
# what a page loads, relative to _static/
VEGA_SCRIPTS = ("vendor/vega/vega.min.js", "vendor/vega-lite/vega-lite.min.js",
                "vendor/vega-embed/vega-embed.min.js")
REQUIRE_JS = "vendor/requirejs/require.js"
WIDGETS_JS = "vendor/jupyter-widgets/embed-amd.js"
MATHJAX_JS = "vendor/mathjax/tex-chtml-full.js"
# before require.js (myst-nb adds it with the default priority 500), after Sphinx's own (200)
VEGA_PRIORITY = 300


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def vendor_problem(root: Path) -> str | None:
    """Why ``_static/vendor`` cannot serve this build (None when it can): missing, made from
    another web/package-lock.json, or a file gone or of another size than its manifest says."""
    root = Path(root)
    manifest = root / "_static" / VENDOR / "MANIFEST.json"
    lock = root / "web" / "package-lock.json"
    if not manifest.exists():
        return f"{manifest} is missing"
    try:
        m = json.loads(manifest.read_text())
    except ValueError as e:
        return f"{manifest} is not valid JSON ({e})"
    if not lock.exists():
        return f"{lock} is missing: the pinned npm lockfile is part of the repository"
    if m.get("lockfile_sha256") != sha256(lock):
        return f"{manifest} was made from another {lock.name}"
    for info in m.get("packages", {}).values():
        for rel, f in info.get("files", {}).items():
            p = manifest.parent / rel
            if not p.exists() or p.stat().st_size != f.get("bytes"):
                return f"{p} is missing or differs from {manifest.name}"
    return None


# ---------------------------------------------------------------- what a page loads
_ALLOWED_IN_SCRIPTS = ("https://vega.github.io/schema/", "http://www.w3.org/")
_URL = re.compile(r"""(?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}[^\s"'<>)\\]*""")
_CSS_URL = re.compile(r"""url\(\s*['"]?((?:https?:)?//[^'")\s]+)""")
_LOADING_LINKS = {"stylesheet", "preload", "modulepreload", "icon", "shortcut", "apple-touch-icon",
                  "manifest", "prefetch", "preconnect", "dns-prefetch"}


class _Loads(HTMLParser):
    """Collects every URL a page fetches by itself (not <a href> links)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self._in = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link":
            rels = set((a.get("rel") or "").lower().split())
            if rels & _LOADING_LINKS and a.get("href"):
                self.found.append((f"link[{' '.join(sorted(rels))}]", a["href"]))
        for key in ("src", "data", "poster", "srcset"):
            if a.get(key) and tag in ("script", "img", "iframe", "source", "video", "audio", "embed",
                                      "object", "input", "track", "image"):
                self.found.append((f"{tag}[{key}]", a[key]))
        if tag == "image" and (a.get("href") or a.get("xlink:href")):
            self.found.append(("image[href]", a.get("href") or a.get("xlink:href")))
        if a.get("style"):
            for u in _CSS_URL.findall(a["style"]):
                self.found.append((f"{tag}[style]", u))
        if tag in ("script", "style"):
            self._in = tag
        # data-* attributes that are base URLs for scripts (ipywidgets)
        for k, v in a.items():
            if k.startswith("data-") and k.endswith("-cdn") and v:
                self.found.append((f"{tag}[{k}]", v))

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "style":
            self.found += [("style", u) for u in _CSS_URL.findall(data)]
            self.found += [("style@import", u) for u in re.findall(r"@import\s+['\"]((?:https?:)?//[^'\"]+)", data)]
        elif self._in == "script":
            for u in _URL.findall(data):
                if not u.startswith(_ALLOWED_IN_SCRIPTS):
                    self.found.append(("script text", u))


def remote_loads(html: str) -> list[tuple[str, str]]:
    """(where, url) for every resource in ``html`` that would come from another host."""
    p = _Loads()
    p.feed(html)
    return [(w, u) for w, u in p.found if re.match(r"^(https?:)?//", u.strip())]


def remote_css(css: str) -> list[tuple[str, str]]:
    """Fonts, images and imports a stylesheet would fetch from another host."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    found = [("css url()", u) for u in _CSS_URL.findall(css)]
    found += [("css @import", u) for u in re.findall(r"@import\s+(?:url\()?\s*['\"]?((?:https?:)?//[^'\")\s]+)", css)]
    return found


def check_site(html_dir: Path, pages=None) -> dict[str, list[tuple[str, str]]]:
    """page or stylesheet -> what it would load from another host (empty when self-contained).
    ``pages``: the HTML files to read (default: every page of the site)."""
    bad = {}
    html_dir = Path(html_dir)
    if pages is None:
        pages = [p for p in sorted(html_dir.rglob("*.html"))
                 if "_static" not in p.relative_to(html_dir).parts]
    for page in pages:
        if not page.exists():
            continue
        hits = remote_loads(page.read_text(encoding="utf-8", errors="replace"))
        if hits:
            bad[page.relative_to(html_dir).as_posix()] = hits
    for css in sorted(html_dir.rglob("*.css")):
        hits = remote_css(css.read_text(encoding="utf-8", errors="replace"))
        if hits:
            bad[css.relative_to(html_dir).as_posix()] = hits
    return bad


# ---------------------------------------------------------------- Sphinx extension
def _config_inited(app, config):
    from sphinx.errors import ExtensionError

    problem = vendor_problem(Path(app.srcdir))
    if problem:
        raise ExtensionError(f"the site's own JavaScript is not ready: {problem}. "
                             "Run `make assets` (python tools/vendor_assets.py); `make book` does it.")

    def keep(entry):
        name = entry if isinstance(entry, str) else entry[0]
        return not (name or "").startswith(VENDOR + "/")

    # Jupyter Book adds every .js/.css found under _static to every page: not the vendored ones
    config.html_js_files = [e for e in config.html_js_files if keep(e)]
    config.html_css_files = [e for e in config.html_css_files if keep(e)]

    remote = [u for u in [config.mathjax_path, *getattr(config, "nb_ipywidgets_js", {}).keys()]
              if u and "://" in u]
    if remote:
        raise ExtensionError("the site must not load scripts from another host; set mathjax_path and "
                             f"nb_ipywidgets_js to the copies in _static/{VENDOR} (see _config.yml): {remote}")


# On pages with widget state, before require.js and embed-amd.js: (1) embed-amd.js finds its
# Font Awesome files through the AMD id of its own module; map that id to the vendored folder
# (otherwise they are looked up under the page's folder); (2) ipywidgets still calls the
# MathJax 2 API (MathJax.Hub.Queue) to typeset labels, the site ships MathJax 3: forward them.
_WIDGET_SHIM = """var require = (function (rel) {
  var abs = new URL(rel, document.baseURI).href;
  window.__jupyter_widgets_assets_path__ = abs;
  return {paths: {"@jupyter-widgets/html-manager/dist": abs.replace(/\\/$/, "")}};
})(%s);
(function () {
  var pending = [];
  function typeset(el) {
    var M = window.MathJax;
    if (M && M.startup && M.startup.promise && M.typesetPromise) {
      M.startup.promise.then(function () { return M.typesetPromise([el]); })
        .catch(function (e) { console.warn(e); });
    } else { pending.push(el); }
  }
  function install() {
    var M = window.MathJax;
    if (M && !M.Hub) {
      M.Hub = {Queue: function () {
        for (var i = 0; i < arguments.length; i++) {
          var a = arguments[i];
          if (a && a[0] === "Typeset" && a[2]) { typeset(a[2]); }
        }
      }};
    }
    if (M && M.typesetPromise) { pending.splice(0).forEach(typeset); }
  }
  install();
  document.addEventListener("DOMContentLoaded", install);
  window.addEventListener("load", install);
})();"""


#: output metadata in which inland_coastal.charts' book renderer leaves Altair's standard HTML of
#: a chart, for the notebook downloads (_ext/ipynb_download.py); that HTML loads Vega from a CDN
PORTABLE_METADATA = "inland_coastal/portable"


def _drop_portable(node) -> None:
    if isinstance(node, dict):
        md = node.get("metadata")
        if isinstance(md, dict):
            md.pop(PORTABLE_METADATA, None)
        for v in node.values():
            _drop_portable(v)
    elif isinstance(node, list):
        for v in node:
            _drop_portable(v)


def without_portable_copies(state_json: str) -> str:
    """A page's saved widget state without the download copies of its charts: outputs captured
    by Output widgets keep the renderer's metadata, whose standard HTML would put CDN addresses
    into the page (the page draws the chart from the site's own HTML output)."""
    if PORTABLE_METADATA not in state_json:
        return state_json
    state = json.loads(state_json)
    _drop_portable(state)
    return json.dumps(state).replace("</", "<\\/")


def _page_context(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if scripts is None:
        return
    body = context.get("body") or ""
    if 'class="ic-chart' in body or "vega-embed" in body:
        for i, path in enumerate(VEGA_SCRIPTS):
            app.builder.add_js_file(path, priority=VEGA_PRIORITY + i)
    if any((getattr(js, "attributes", {}) or {}).get("type") == "application/vnd.jupyter.widget-state+json"
           for js in scripts):
        assets = context["pathto"](f"_static/{VENDOR}/jupyter-widgets/", resource=True)
        app.builder.add_js_file(None, body=_WIDGET_SHIM % json.dumps(assets), priority=450)
    seen, kept = set(), []
    for js in scripts:
        name = getattr(js, "filename", js) or ""
        attrs = getattr(js, "attributes", {}) or {}
        if attrs.get("type") == "application/vnd.jupyter.widget-state+json" and attrs.get("body"):
            attrs["body"] = without_portable_copies(attrs["body"])
        body_js = attrs.get("body", "")
        if "THEBE_JS_URL" in body_js or name.endswith("sphinx-thebe.js"):
            continue  # Thebe is off (_config.yml launch_buttons.thebe: false)
        key = (name, body_js, tuple(sorted((k, str(v)) for k, v in attrs.items())))
        if key in seen:
            continue
        seen.add(key)
        kept.append(js)
    scripts[:] = kept


# a page whose file changed less than this before the build started is checked too (file
# systems with coarse timestamps); checking a page twice is harmless
_MTIME_SLACK_S = 2.0


_STARTED: dict[int, float] = {}  # id(app) -> when its build started (main process only)


def _builder_inited(app):
    _STARTED[id(app)] = time.time()


def _pages_written(app, since: float) -> list[Path]:
    outdir = Path(app.outdir)
    return [p for p in sorted(outdir.rglob("*.html"))
            if "_static" not in p.relative_to(outdir).parts and p.stat().st_mtime >= since - _MTIME_SLACK_S]


def _build_finished(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    outdir = Path(app.outdir)
    pages = _pages_written(app, _STARTED.pop(id(app), 0.0))
    for page, hits in check_site(outdir, pages).items():
        for where, url in hits:
            logger.warning(f"{page}: {where} loads {url} from another host; the site must carry "
                           "everything it shows (_ext/site_assets.py)", type="site_assets",
                           subtype="remote")


def setup(app):
    app.connect("config-inited", _config_inited, priority=400)
    app.connect("builder-inited", _builder_inited)
    app.connect("html-page-context", _page_context, priority=900)
    app.connect("build-finished", _build_finished, priority=900)
    # a new version of this file changes what pages load: Sphinx then re-reads every page
    # (from the execution cache; nothing is re-executed)
    env_version = int(hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:7], 16)
    return {"version": "1", "env_version": env_version, "parallel_read_safe": True,
            "parallel_write_safe": True}
