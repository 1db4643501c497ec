"""The browser harness of the tests (and of ``make bench``): serve a built site on 127.0.0.1 and
open its pages in headless Chromium (Debian's ``chromium``; .ci/run installs it) through
Playwright, with every request to another host blocked and recorded.

``browse(html_dir)`` reports per page: requests to other hosts, console and page errors, charts
drawn and when, widget and math rendering, error text, and a Vega-Lite slider test; chapter
pages get a full-page screenshot. Used by ``tests/test_site.py`` and ``tools/bench.py``.
"""
from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path


class BrowserMissing(RuntimeError):
    """No Chromium to drive."""


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
    raise BrowserMissing("Chromium is missing: apt-get install chromium fonts-noto-cjk (.ci/run does it)")


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
