"""The built site carries everything it needs and works in a browser.

`make test` builds the book first; these tests read _build/html. The browser tests open every
page in headless Chromium (Debian `chromium`, .ci/run installs it) served on 127.0.0.1, with
every request to another host blocked and recorded, and save a screenshot of each chapter page
under _build/screenshots/. Per-page figures (time to draw the charts, sizes) go to
_build/browser-report.json for `make bench` and for a person to read; no wall-clock time is
asserted here.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import browser
from conftest import ROOT, load_module, mini_book

HTML = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
REPORT = ROOT / "_build" / "browser-report.json"
PAGE_BUDGET = 560 * 1024  # bytes of HTML per chapter page (shared scripts excluded); chapters now show their code (issue 10)

site_assets = load_module(ROOT / "_ext" / "site_assets.py")      # the Sphinx extension
vendor_assets = load_module(ROOT / "tools" / "vendor_assets.py")  # the npm vendoring tool


@pytest.fixture(scope="module")
def site(built_book):
    """The built site's HTML folder (requesting it marks a test slow)."""
    if not (HTML / "index.html").exists():
        pytest.fail(f"{HTML / 'index.html'} is missing: build the book first (make book)")
    return HTML


def _pages():
    return browser.site_pages(HTML)


def _chapters():
    return [p for p in _pages() if p.startswith("chapters/")]


def _fmt(bad: dict) -> str:
    return "\n".join(f"  {page}: {items}" for page, items in bad.items())


# ---------------------------------------------------------------- the vendored libraries
def test_vendored_files_match_manifest_and_lockfile(site):
    src = json.loads(vendor_assets.manifest_path(ROOT).read_text())
    built = HTML / "_static" / "vendor"
    assert json.loads((built / "MANIFEST.json").read_text()) == src, "the site's manifest is stale"
    assert src["lockfile_sha256"] == vendor_assets.sha256(ROOT / "web" / "package-lock.json")
    lock = json.loads((ROOT / "web" / "package-lock.json").read_text())
    pins = json.loads((ROOT / "web" / "package.json").read_text())["dependencies"]
    assert set(src["packages"]) == set(pins) == set(vendor_assets.FILES)
    for pkg, info in src["packages"].items():
        assert info["version"] == pins[pkg] == lock["packages"][f"node_modules/{pkg}"]["version"], pkg
        assert info["integrity"] == lock["packages"][f"node_modules/{pkg}"]["integrity"], pkg
        for rel, f in info["files"].items():
            path = built / rel
            assert path.exists(), f"{rel} is not in the built site"
            assert vendor_assets.sha256(path) == f["sha256"], f"{rel}: checksum differs from the manifest"


def test_versions_match_altair(site):
    import altair as alt

    src = json.loads(vendor_assets.manifest_path(ROOT).read_text())
    versions = {k: v["version"] for k, v in src["packages"].items()}
    assert versions["vega-lite"] == alt.SCHEMA_VERSION.lstrip("v")
    assert versions["vega"].split(".")[0] == str(alt.VEGA_VERSION).lstrip("v").split(".")[0]
    assert versions["vega-embed"].split(".")[0] == str(alt.VEGAEMBED_VERSION).lstrip("v").split(".")[0]
    vendor_assets.check_versions(versions)  # the same rule the build applies


def test_vendored_files_are_not_committed():
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(["git", "ls-files", "_static/vendor", "web/node_modules"], cwd=ROOT,
                             capture_output=True, text=True).stdout.split()
    assert tracked == [], f"generated files are committed: {tracked[:5]}"
    lock = subprocess.run(["git", "ls-files", "web/package.json", "web/package-lock.json"], cwd=ROOT,
                          capture_output=True, text=True).stdout.split()
    assert sorted(lock) == ["web/package-lock.json", "web/package.json"]


# ---------------------------------------------------------------- the HTML, statically
def test_no_page_loads_anything_from_another_host(site):
    bad = site_assets.check_site(HTML)
    assert not bad, "resources from other hosts:\n" + _fmt(bad)


def test_remote_loads_detector():
    """The detector itself: CDN scripts, styles, fonts and images count; links do not."""
    html = """<head><script src="https://cdn.example.org/npm/vega@6"></script>
    <link rel="stylesheet" href="//fonts.example.com/css?family=Roboto">
    <style>@font-face{src:url(https://example.org/f.woff2)}</style></head>
    <body><a href="https://github.com/x">repo</a><img src="https://example.org/a.png">
    <script>var spec={"$schema":"https://vega.github.io/schema/vega-lite/v6.json"};
    requirejs.config({paths:{vega:"https://cdn.example.org/npm/vega@6?noext"}});</script>
    <script src="../_static/vendor/vega/vega.min.js"></script></body>"""
    found = [u for _, u in site_assets.remote_loads(html)]
    assert "https://cdn.example.org/npm/vega@6" in found
    assert "//fonts.example.com/css?family=Roboto" in found
    assert "https://example.org/f.woff2" in found and "https://example.org/a.png" in found
    assert any(u.startswith("https://cdn.example.org/npm/vega@6?noext") for u in found)
    assert not any("github.com" in u or "vega.github.io" in u or "_static" in u for u in found)
    css = """/* @import url(https://x.org/commented.css); */ @import "//fonts.example.com/css";
    .a{background:url("https://x.org/i.png")} .b{src:url(data:font/woff2;base64,AA)} .c{src:url(../f.woff)}"""
    assert [u for _, u in site_assets.remote_css(css)] == ["https://x.org/i.png", "//fonts.example.com/css"]


def test_thebe_config_not_declared_twice(site):
    bad = {p: n for p in _pages() if (n := (HTML / p).read_text().count("THEBE_JS_URL")) > 1}
    assert not bad, f"THEBE_JS_URL declared more than once (a SyntaxError): {bad}"


def test_vega_loads_before_require_js(site):
    """require.js would turn Vega's UMD builds into anonymous AMD modules: on pages with both,
    vega, vega-lite and vega-embed come first."""
    both = 0
    for p in _pages():
        html = (HTML / p).read_text()
        srcs = re.findall(r'<script[^>]*\bsrc="([^"]+)"', html.split("</head>")[0])
        names = [s.split("?")[0].rsplit("/", 1)[-1] for s in srcs]
        if "require.js" in names and "vega-embed.min.js" in names:
            both += 1
            req = names.index("require.js")
            assert max(names.index(n) for n in ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")) < req, p
    charts = [p for p in _pages() if 'class="ic-chart' in (HTML / p).read_text()]
    for p in charts:
        assert "vendor/vega-embed/vega-embed.min.js" in (HTML / p).read_text(), f"{p} draws charts without vegaEmbed"


def test_chinese_search_index(site):
    text = (HTML / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1: text.rindex(")")])
    terms = index["terms"]
    assert "沿海" in terms and "内陆" in terms, "Chinese words are not in the search index"
    cjk = [t for t in terms if re.fullmatch(r"[\u4e00-\u9fff]+", t)]
    assert len(cjk) > 100
    too_long = [t for t in cjk if len(t) > 16]
    assert not too_long, f"unsegmented Chinese runs in the search index (zh splitter off?): {too_long[:5]}"
    assert "language_data.js" in (HTML / "search.html").read_text()


def test_sidebar_lists_every_page_and_search_box_is_chinese(site):
    from bs4 import BeautifulSoup

    pages = [p for p in _pages() if p.startswith("chapters/")]
    soup = BeautifulSoup((HTML / "chapters" / "logic.html").read_text(encoding="utf-8"), "html.parser")
    nav = soup.select_one("nav.bd-docs-nav")
    links = {a["href"] for a in nav.select("a.reference.internal")}
    assert {f"{p.split('/')[-1]}" for p in pages} - {"logic.html"} <= links | {"#"}
    assert not any("#" in h and h != "#" for h in links), "section anchors in the page list"
    assert {c.get_text(strip=True) for c in nav.select("p.caption")} == {"正文", "资料与附录", "教学与复现"}
    assert soup.select_one("input[name=q]")["placeholder"] == "搜索本书……"


def test_chapter_pages_within_budget(site):
    sizes = {p: (HTML / p).stat().st_size for p in _chapters()}
    over = {p: f"{s / 1024:.0f} KB" for p, s in sizes.items() if s > PAGE_BUDGET}
    assert not over, f"chapter pages over {PAGE_BUDGET // 1024} KB of HTML: {over}"


SPEC = re.compile(r"var spec=(\{\".*?\});var opt=", re.S)  # not the escaped copies inside widget state


def test_every_chart_is_valid_vega_lite(site):
    """Book builds skip Altair's schema checks (its public debug-mode switch, and
    ``to_dict(validate=False)`` in ``charts.theme.book_display``); every chart on the built
    pages is validated against the Vega-Lite schema here instead."""
    from altair.vegalite.v6.schema.core import TopLevelSpec

    seen, bad = 0, {}
    for page in _pages():
        html = (HTML / page).read_text(encoding="utf-8")
        specs = SPEC.findall(html)
        assert len(specs) == html.count('class="ic-chart'), f"{page}: a chart container without its spec"
        for i, text in enumerate(specs):
            seen += 1
            try:
                TopLevelSpec.validate(json.loads(text))
            except Exception as e:  # jsonschema.ValidationError: say which chart and where
                bad[f"{page} chart {i + 1}"] = str(e).splitlines()[0][:200]
    assert seen >= 40, f"only {seen} charts found in the site"
    assert not bad, "charts that are not valid Vega-Lite:\n" + _fmt(bad)


# ---------------------------------------------------------------- in a browser
@pytest.fixture(scope="session")
def browsed(built_book):
    for old in SCREENSHOTS.glob("*.png"):
        old.unlink()
    report = browser.browse(HTML, screenshots=SCREENSHOTS, search="沿海")
    REPORT.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    return {k: v for k, v in report.items() if not k.startswith("__")}, report.get("__search__")


def test_browser_opens_every_page(browsed):
    pages, _ = browsed
    assert set(pages) == set(_pages())


def test_no_request_to_another_host(browsed):
    pages, _ = browsed
    bad = {p: i["remote_requests"] for p, i in pages.items() if i["remote_requests"]}
    assert not bad, "requests to other hosts (blocked):\n" + _fmt(bad)


def test_no_console_error(browsed):
    pages, _ = browsed
    bad = {p: i["console_errors"] + i["page_errors"] + i["failed"] for p, i in pages.items()
           if i["console_errors"] or i["page_errors"] or i["failed"]}
    assert not bad, "console errors, page errors or failed requests:\n" + _fmt(bad)


def test_every_chart_drawn(browsed):
    pages, _ = browsed
    assert sum(i["charts"] for i in pages.values()) > 0, "no chart anywhere in the site"
    bad = {p: f"{i['drawn']}/{i['charts']} drawn" for p, i in pages.items() if i["drawn"] < i["charts"]}
    assert not bad, "charts without SVG/canvas:\n" + _fmt(bad)


def test_no_error_text(browsed):
    pages, _ = browsed
    bad = {p: i["bad_text"] for p, i in pages.items() if i["bad_text"]}
    assert not bad, "error text on pages:\n" + _fmt(bad)


def test_vega_lite_slider_changes_its_chart(browsed):
    pages, _ = browsed
    tried = {p: i["sliders"] for p, i in pages.items() if i.get("sliders")}
    assert tried, "no chart with a Vega-Lite slider (input[type=range]) in the whole site"
    bad = {p: s for p, s in tried.items() if not all(x and x["changed"] for x in s)}
    assert not bad, "moving the slider did not redraw the chart:\n" + _fmt(bad)


def test_widget_state_renders(browsed):
    pages, _ = browsed
    with_state = {p: i for p, i in pages.items() if i["widget_state"]}
    assert with_state, ("no page carries ipywidgets state (application/vnd.jupyter.widget-state+json); "
                        "a chapter should show at least one widget")
    bad = {p: f"{i['widgets_rendered']} rendered for {i['widget_views']} views"
           for p, i in with_state.items() if i["widgets_rendered"] < max(1, i["widget_views"])}
    assert not bad, "widget state did not render:\n" + _fmt(bad)


def test_math_typeset_by_local_mathjax(browsed):
    pages, _ = browsed
    bad = {p: f"{i['math_rendered']} of {i['math']}" for p, i in pages.items()
           if i["math"] and not i["math_rendered"]}
    assert not bad, "math not typeset:\n" + _fmt(bad)


def test_chinese_search_finds_pages(browsed):
    _, search = browsed
    assert search and search["hits"], "searching 沿海 on search.html found nothing"
    assert any(h.startswith("chapters/") for h in search["hits"])


def test_screenshot_of_every_chapter(browsed):
    pages, _ = browsed
    missing = [p for p in _chapters() if not Path(pages[p].get("screenshot", "")).is_file()]
    assert not missing, f"no screenshot for {missing}"
    for p in _chapters():
        assert Path(pages[p]["screenshot"]).stat().st_size > 10_000, p


# ---------------------------------------------------------------- the build refuses a CDN
@pytest.mark.slow  # builds a book of its own
def test_build_fails_when_a_page_loads_from_a_cdn(tmp_path):
    """A page that would fetch a script from another host fails the strict build, naming it."""
    root = mini_book(tmp_path,
                     "# 测试\n\n正文。\n\n```{raw} html\n<script src=\"https://cdn.example.org/npm/vega@6\"></script>\n```\n")
    r = subprocess.run([sys.executable, str(ROOT / "tools" / "build.py"), str(root)], cwd=root,
                       capture_output=True, text=True)
    assert r.returncode != 0
    assert "chapters/page.html: script[src] loads https://cdn.example.org/npm/vega@6" in r.stdout + r.stderr


# ---------------------------------------------------------------- the extension, without a build
def test_extension_refuses_a_missing_or_stale_vendor_folder(tmp_path):
    """_ext/site_assets.py builds only on a _static/vendor made from this very lockfile."""
    (tmp_path / "web").mkdir()
    lock = tmp_path / "web" / "package-lock.json"
    lock.write_text('{"lockfileVersion": 3}')
    assert "MANIFEST.json is missing" in site_assets.vendor_problem(tmp_path)
    vendor = tmp_path / "_static" / "vendor"
    (vendor / "vega").mkdir(parents=True)
    (vendor / "vega" / "vega.min.js").write_text("x" * 10)
    manifest = {"lockfile_sha256": vendor_assets.sha256(lock),
                "packages": {"vega": {"files": {"vega/vega.min.js": {"bytes": 10}}}}}
    (vendor / "MANIFEST.json").write_text(json.dumps(manifest))
    assert site_assets.vendor_problem(tmp_path) is None
    (vendor / "vega" / "vega.min.js").write_text("x" * 9)
    assert "vega.min.js is missing or differs" in site_assets.vendor_problem(tmp_path)
    (vendor / "vega" / "vega.min.js").write_text("x" * 10)
    lock.write_text('{"lockfileVersion": 3, "changed": true}')
    assert "made from another package-lock.json" in site_assets.vendor_problem(tmp_path)


def test_extension_checks_the_pages_written_in_this_build(tmp_path):
    """The pages to check are found from the files (written since the build started), not
    collected while pages are written: safe for Sphinx's parallel writing."""
    import os
    import time

    out = tmp_path / "html"
    (out / "chapters").mkdir(parents=True)
    (out / "_static").mkdir()
    old, new, static = out / "chapters" / "old.html", out / "chapters" / "new.html", out / "_static" / "x.html"
    for f in (old, new, static):
        f.write_text("<p>x</p>")
    started = time.time()
    os.utime(old, (started - 60, started - 60))

    class App:
        outdir = str(out)

    assert site_assets._pages_written(App(), started) == [new]
