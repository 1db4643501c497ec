"""The site carries every browser library it needs: nothing is loaded from a CDN at view time.

Vega, Vega-Lite and Vega-Embed (the versions Altair's schema needs), require.js and the
@jupyter-widgets html manager (for pages with widget state) and MathJax come from the npm
registry through web/package.json + web/package-lock.json (exact pins). This module

1. ``vendor(root)`` – runs ``npm ci`` in web/ when web/node_modules is missing or was
   installed from another lockfile, checks the versions against Altair, copies the files the
   pages load into ``_static/vendor/`` and writes ``_static/vendor/MANIFEST.json`` (package
   versions, npm integrity, sha256 and size of every copied file). Nothing under
   _static/vendor is committed; ``make book`` (tools/build.py) regenerates it.
   Command line: ``python tools/site_assets.py [ROOT]``; ``--check-site DIR`` lists any
   resource a built page would fetch from another host (exit 1 if there is one).

2. ``setup(app)`` – a Sphinx extension (_config.yml ``sphinx.local_extensions``) that
   - keeps Jupyter Book from adding every .js/.css under _static/vendor to every page;
   - refuses a remote ``mathjax_path`` or ``nb_ipywidgets_js`` entry;
   - loads vega, vega-lite and vega-embed only on pages that draw a chart, with a priority
     that puts them *before* require.js (which myst-nb adds on pages with widget state), so
     their UMD builds define ``window.vega``/``window.vegaEmbed`` instead of anonymous AMD
     modules – Altair charts and ipywidgets coexist on one page;
   - drops sphinx-thebe's inline configuration (declared twice by Jupyter Book 1, a
     SyntaxError on every page; Thebe is switched off in _config.yml) and duplicate scripts;
   - after the build, warns (an error under --warningiserror) for every page that would load
     something from another host.
"""
from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR = "vendor"  # under _static/
SPEC_VERSION = 1  # bump when FILES changes: forces a fresh copy

# npm package -> (destination folder under _static/vendor, glob patterns relative to the package)
FILES: dict[str, tuple[str, list[str]]] = {
    "vega": ("vega", ["build/vega.min.js", "LICENSE"]),
    "vega-lite": ("vega-lite", ["build/vega-lite.min.js", "LICENSE"]),
    "vega-embed": ("vega-embed", ["build/vega-embed.min.js", "LICENSE"]),
    "requirejs": ("requirejs", ["require.js"]),  # licence in the file header
    # embed-amd.js loads its fonts (Font Awesome) from its own folder
    "@jupyter-widgets/html-manager": ("jupyter-widgets", [
        "dist/embed-amd.js", "dist/*.woff2", "dist/*.woff", "dist/*.ttf", "dist/*.eot", "dist/*.svg",
        "dist/embed.js.LICENSE.txt"]),
    # the combined TeX+CHTML component; it loads its fonts and the menu's a11y helpers on demand
    "mathjax": ("mathjax", ["es5/tex-chtml-full.js", "es5/output/chtml/fonts/woff-v2/*",
                            "es5/a11y/*.js", "es5/ui/*.js", "LICENSE"]),
}
# what a page loads, relative to _static/
VEGA_SCRIPTS = ("vendor/vega/vega.min.js", "vendor/vega-lite/vega-lite.min.js",
                "vendor/vega-embed/vega-embed.min.js")
REQUIRE_JS = "vendor/requirejs/require.js"
WIDGETS_JS = "vendor/jupyter-widgets/embed-amd.js"
MATHJAX_JS = "vendor/mathjax/tex-chtml-full.js"
# before require.js (myst-nb adds it with the default priority 500), after Sphinx's own (200)
VEGA_PRIORITY = 300


class AssetError(RuntimeError):
    pass


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@contextlib.contextmanager
def _lock(path: Path):
    """An exclusive lock, so that parallel page builds never copy at the same time."""
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


# ---------------------------------------------------------------- npm
def _lock_digest(root: Path) -> str:
    lock = root / "web" / "package-lock.json"
    if not lock.exists():
        raise AssetError(f"{lock} is missing: the pinned npm lockfile is part of the repository")
    return sha256(lock)


def ensure_node_modules(root: Path, log=print) -> bool:
    """``npm ci`` in web/ unless node_modules was installed from this very lockfile.
    Returns True when it ran."""
    web = root / "web"
    stamp = web / "node_modules" / ".installed-from-lock"
    digest = _lock_digest(root)
    if stamp.exists() and stamp.read_text().strip() == digest:
        return False
    npm = shutil.which("npm")
    if not npm:
        raise AssetError("npm is needed to fetch the site's JavaScript libraries (apt-get install npm; "
                         ".ci/run does it)")
    log("web/: npm ci (pinned by web/package-lock.json)")
    r = subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
                       cwd=web, capture_output=True, text=True)
    if r.returncode:
        raise AssetError(f"npm ci failed in {web}:\n{r.stdout}\n{r.stderr}")
    stamp.write_text(digest + "\n")
    return True


def _package_json(root: Path, name: str) -> dict:
    p = root / "web" / "node_modules" / name / "package.json"
    if not p.exists():
        raise AssetError(f"{p} is missing: run `npm ci` in web/")
    return json.loads(p.read_text())


def check_versions(versions: dict[str, str]) -> dict:
    """Vega-Lite must be the schema version Altair writes; Vega and Vega-Embed the majors
    Altair's own HTML renderer asks for."""
    import altair as alt

    expect = {"vega-lite": alt.SCHEMA_VERSION.lstrip("v"), "vega": str(alt.VEGA_VERSION).lstrip("v"),
              "vega-embed": str(alt.VEGAEMBED_VERSION).lstrip("v")}
    for pkg, want in expect.items():
        have = versions[pkg]
        parts = want.split(".")
        if have.split(".")[: len(parts)] != parts:
            raise AssetError(f"web/package.json pins {pkg} {have}, but Altair {alt.__version__} needs "
                             f"{pkg} {want}{'.x' if len(parts) < 3 else ''}: update the pin and "
                             f"package-lock.json (npm install --save-exact {pkg}@...)")
    return {"altair": alt.__version__, "schema": alt.SCHEMA_VERSION, "vega": expect["vega"],
            "vega-embed": expect["vega-embed"]}


# ---------------------------------------------------------------- copy + manifest
def _wanted(root: Path) -> list[tuple[str, Path, Path]]:
    """(package, source file, path relative to _static/vendor) for every file to copy."""
    out = []
    for pkg, (dest, patterns) in FILES.items():
        base = root / "web" / "node_modules" / pkg
        for pat in patterns:
            hits = sorted(p for p in base.glob(pat) if p.is_file())
            if not hits:
                raise AssetError(f"{pkg}: nothing matches {pat} in {base}")
            for src in hits:
                rel = src.relative_to(base)
                # drop the package's build/dist/es5 prefix: vendor/<dest>/<rest>
                parts = rel.parts[1:] if rel.parts[0] in ("build", "dist", "es5") else rel.parts
                out.append((pkg, src, Path(dest, *parts)))
    return out


def manifest_path(root: Path) -> Path:
    return root / "_static" / VENDOR / "MANIFEST.json"


def _is_current(root: Path) -> bool:
    mpath = manifest_path(root)
    if not mpath.exists():
        return False
    try:
        m = json.loads(mpath.read_text())
    except ValueError:
        return False
    if m.get("spec_version") != SPEC_VERSION or m.get("lockfile_sha256") != _lock_digest(root):
        return False
    vendor = mpath.parent
    for info in m["packages"].values():
        for rel, f in info["files"].items():
            p = vendor / rel
            if not p.exists() or p.stat().st_size != f["bytes"]:
                return False
    return True


def vendor(root: Path = ROOT, log=print, force: bool = False) -> dict:
    """Fetch (npm ci) and copy the site's libraries into _static/vendor; return the manifest."""
    root = Path(root).resolve()
    with _lock(root / "web" / ".site-assets.lock"):
        if not force and _is_current(root):
            return json.loads(manifest_path(root).read_text())
        ensure_node_modules(root, log)
        lock = json.loads((root / "web" / "package-lock.json").read_text())
        versions = {pkg: _package_json(root, pkg)["version"] for pkg in FILES}
        altair_info = check_versions(versions)
        out = root / "_static" / VENDOR
        tmp = out.with_name(VENDOR + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        packages = {}
        for pkg, src, rel in _wanted(root):
            dst = tmp / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
            meta = _package_json(root, pkg)
            entry = packages.setdefault(pkg, {
                "version": meta["version"], "license": meta.get("license"),
                "folder": f"_static/{VENDOR}/{FILES[pkg][0]}",
                "integrity": lock["packages"].get(f"node_modules/{pkg}", {}).get("integrity"),
                "files": {}})
            entry["files"][rel.as_posix()] = {"sha256": sha256(dst), "bytes": dst.stat().st_size}
        manifest = {
            "generated_by": "tools/site_assets.py (make book); do not edit, do not commit",
            "spec_version": SPEC_VERSION,
            "lockfile": "web/package-lock.json",
            "lockfile_sha256": _lock_digest(root),
            "altair": altair_info,
            "packages": packages,
        }
        (tmp / "MANIFEST.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
        shutil.rmtree(out, ignore_errors=True)
        tmp.rename(out)
        n = sum(len(p["files"]) for p in packages.values())
        log(f"_static/{VENDOR}: {n} files from " + ", ".join(f"{k}@{v['version']}" for k, v in packages.items()))
        return manifest


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

    root = Path(app.srcdir)
    try:
        vendor(root, log=lambda m: print(m, flush=True))
    except AssetError as e:
        raise ExtensionError(str(e)) from e

    def keep(entry):
        name = entry if isinstance(entry, str) else entry[0]
        return not (name or "").startswith(VENDOR + "/")

    # pydata-sphinx-theme logs a console error on a first visit when no default mode is set;
    # light by default (charts are drawn for a light page), the reader's choice is kept
    # (pydata-sphinx-theme 0.17 reads it from html_context)
    config.html_context = {"default_mode": "light", **(config.html_context or {})}
    # Jupyter Book sets the search box's placeholder in English; the book is in Chinese
    config.html_theme_options["search_bar_text"] = "搜索本书……"
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
    written = app.__dict__.setdefault("_site_assets_written", set())
    written.add(pagename)
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


def _build_finished(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    outdir = Path(app.outdir)
    pages = [Path(app.builder.get_outfilename(p)) for p in sorted(app.__dict__.get("_site_assets_written", ()))]
    for page, hits in check_site(outdir, pages).items():
        for where, url in hits:
            logger.warning(f"{page}: {where} loads {url} from another host; the site must carry "
                           "everything it shows (tools/site_assets.py)", type="site_assets",
                           subtype="remote")


def setup(app):
    app.connect("config-inited", _config_inited, priority=400)
    app.connect("html-page-context", _page_context, priority=900)
    app.connect("build-finished", _build_finished, priority=900)
    # a new version of this file changes what pages load: Sphinx then re-reads every page
    # (from the execution cache; nothing is re-executed)
    env_version = int(hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:7], 16)
    return {"version": "1", "env_version": env_version, "parallel_read_safe": True,
            "parallel_write_safe": True}


# ---------------------------------------------------------------- in a browser
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
BAD_TEXT = ("Traceback (most recent call last)", "Error loading script", "Javascript Error",
            "JavaScript output is disabled", "Error rendering", "Failed to display Jupyter Widget")


def chromium_path() -> str:
    for cand in (os.environ.get("CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium",
                 shutil.which("chromium-browser")):
        if cand and Path(cand).exists():
            return cand
    raise AssetError("Chromium is missing: apt-get install chromium fonts-noto-cjk (.ci/run does it)")


@contextlib.contextmanager
def serve(html_dir: Path):
    """Serve ``html_dir`` on 127.0.0.1:<free port>; yields the base URL."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(html_dir)))
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def site_pages(html_dir: Path) -> list[str]:
    """Every HTML page of a built site (relative paths), chapters first. The JupyterLite
    site under lite/ is not among them (tests/test_lite.py drives it)."""
    html_dir = Path(html_dir)
    pages = [p.relative_to(html_dir).as_posix() for p in html_dir.rglob("*.html")
             if not any(part in ("_static", "_sources", "_images") or part.startswith(".")
                        for part in p.relative_to(html_dir).parts)
             and p.relative_to(html_dir).parts[0] != "lite"]
    return sorted(pages, key=lambda p: (not p.startswith("chapters/"), p))


_PROBE = """() => {
  const charts = [...document.querySelectorAll('.ic-chart, .vega-embed')]
    .filter(el => !el.parentElement.closest('.ic-chart, .vega-embed'));
  const nav = performance.getEntriesByType('navigation')[0];
  return {
    charts: charts.length,
    drawn: charts.filter(el => el.querySelector('svg, canvas')).length,
    drawn_ms: charts.map(el => Number(el.getAttribute('data-drawn-ms') || NaN)),
    load_ms: nav ? Math.round(nav.loadEventEnd) : null,
    widget_state: document.querySelectorAll('script[type="application/vnd.jupyter.widget-state+json"]').length,
    widget_views: document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').length,
    widgets_rendered: document.querySelectorAll('.jupyter-widgets.widget-inline-hbox, .jupyter-widgets.widget-box, .jupyter-widgets.widget-output, .jupyter-widgets:not(.jupyter-widgets .jupyter-widgets)').length,
    math: document.querySelectorAll('.math, span.math, div.math').length,
    math_rendered: document.querySelectorAll('mjx-container').length,
    text: document.body ? document.body.innerText : '',
  };
}"""
_READY = """() => {
  const charts = [...document.querySelectorAll('.ic-chart, .vega-embed')];
  const chartsOk = charts.every(el => el.querySelector('svg, canvas'));
  const ws = document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').length;
  const wsOk = !ws || document.querySelectorAll('.jupyter-widgets').length > 0;
  const math = document.querySelectorAll('.math').length;
  const mathOk = !math || document.querySelectorAll('mjx-container').length > 0;
  return chartsOk && wsOk && mathOk;
}"""
_SLIDER = """async (el) => {
  const chart = el;
  const svg = () => { const s = chart.querySelector('svg, canvas'); return s ? (s.tagName === 'CANVAS' ? s.toDataURL() : s.innerHTML) : ''; };
  const input = chart.querySelector('input[type=range]');
  if (!input) return null;
  const before = svg();
  const lo = Number(input.min), hi = Number(input.max), v = Number(input.value);
  input.value = String(v === hi ? lo : hi);
  input.dispatchEvent(new Event('input', {bubbles: true}));
  input.dispatchEvent(new Event('change', {bubbles: true}));
  for (let i = 0; i < 40; i++) {
    await new Promise(r => setTimeout(r, 50));
    if (svg() !== before) return {changed: true, from: v, to: Number(input.value)};
  }
  return {changed: false, from: v, to: Number(input.value)};
}"""


def browse(html_dir: Path, pages: list[str] | None = None, screenshots: Path | None = None,
           timeout_ms: int = 20000, sliders: bool = True, search: str | None = None) -> dict:
    """Open every page of a built site in headless Chromium, served on 127.0.0.1, and report
    per page: requests to other hosts (blocked), console errors, page errors, charts drawn,
    time to draw, widget and math rendering, error text, and a Vega-Lite slider test.
    Chapter pages get a full-page screenshot in ``screenshots``."""
    from urllib.parse import urlparse

    from playwright.sync_api import sync_playwright

    html_dir = Path(html_dir)
    pages = pages if pages is not None else site_pages(html_dir)
    if screenshots:
        Path(screenshots).mkdir(parents=True, exist_ok=True)
    report: dict = {}
    with serve(html_dir) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN",
                                      service_workers="block")
        host = urlparse(base).netloc
        for rel in pages:
            info = {"remote_requests": [], "console_errors": [], "page_errors": [], "failed": []}

            def on_route(route, info=info):
                url = route.request.url
                if urlparse(url).netloc != host and not url.startswith(("data:", "blob:", "about:")):
                    info["remote_requests"].append(url)
                    return route.abort()
                return route.continue_()

            page = context.new_page()
            page.route("**/*", on_route)
            page.on("console", lambda m, info=info: info["console_errors"].append(m.text)
                    if m.type == "error" else None)
            page.on("pageerror", lambda e, info=info: info["page_errors"].append(str(e)))
            page.on("requestfailed", lambda r, info=info: info["failed"].append(r.url)
                    if urlparse(r.url).netloc == host else None)
            page.on("response", lambda r, info=info: info["failed"].append(f"{r.status} {r.url}")
                    if r.status >= 400 else None)
            page.goto(base + rel, wait_until="load", timeout=timeout_ms)
            try:
                page.wait_for_function(_READY, timeout=timeout_ms)
                info["ready"] = True
            except Exception:  # noqa: BLE001 – reported below
                info["ready"] = False
            with contextlib.suppress(Exception):
                page.wait_for_load_state("networkidle", timeout=5000)
            probe = page.evaluate(_PROBE)
            text = probe.pop("text")
            info.update(probe)
            info["bad_text"] = [t for t in BAD_TEXT if t in text]
            drawn = [x for x in probe["drawn_ms"] if x == x]  # drop NaN
            info["last_chart_ms"] = max(drawn) if drawn else None
            info["chart_after_load_ms"] = (max(drawn) - probe["load_ms"]) if drawn and probe["load_ms"] else None
            if screenshots and rel.startswith("chapters/"):
                out = Path(screenshots) / (Path(rel).with_suffix("").as_posix().replace("/", "__")
                                           .replace("chapters__", "") + ".png")
                page.screenshot(path=str(out), full_page=True)
                info["screenshot"] = str(out)
            if sliders and probe["charts"]:
                tested = []
                for el in page.query_selector_all(".ic-chart"):
                    if el.query_selector("input[type=range]"):
                        tested.append(el.evaluate(_SLIDER))
                        break  # one slider per page
                info["sliders"] = tested
            info["html_bytes"] = (html_dir / rel).stat().st_size
            page.close()
            report[rel] = info
        if search:
            page = context.new_page()
            page.route("**/*", lambda route: route.abort() if urlparse(route.request.url).netloc != host
                       else route.continue_())
            page.goto(f"{base}search.html?q={search}", wait_until="load", timeout=timeout_ms)
            hits = []
            with contextlib.suppress(Exception):
                page.wait_for_selector("ul.search li", timeout=timeout_ms)
                hits = page.eval_on_selector_all("ul.search li a", "els => els.map(e => e.getAttribute('href'))")
            report["__search__"] = {"query": search, "hits": hits}
            page.close()
        context.close()
        browser.close()
    return report


# ---------------------------------------------------------------- command line
def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("root", nargs="?", default=str(ROOT))
    ap.add_argument("--force", action="store_true", help="copy again even if up to date")
    ap.add_argument("--check-site", metavar="HTML_DIR", help="list remote resources in a built site")
    a = ap.parse_args(argv)
    if a.check_site:
        bad = check_site(Path(a.check_site))
        for page, hits in bad.items():
            for where, url in hits:
                print(f"{page}: {where} {url}")
        return 1 if bad else 0
    try:
        vendor(Path(a.root), force=a.force)
    except AssetError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
