"""Measure how fast the book builds and how heavy the site is; write _build/bench.json and the
README's "Performance" section.

Everything is measured in a temporary clone of the repository's last commit (uncommitted
edits are not part of it), with the environment already made: the clone uses this checkout's
.venv (its own lib/ first on PYTHONPATH, so the clone's library is the one executed) and a
hard-linked copy of web/node_modules. Builds run exactly as `make book` runs them:
`python tools/build.py ROOT`.

- cold build: fresh clone, no _build;
- no-op rebuild; rebuild after a prose edit, and after a code edit, in one chapter;
- the floor: a book with the same table of contents and configuration whose notebooks only
  import pandas and altair, built cold the same way;
- the largest chapter page and the size of the whole site (and of the shared scripts);
- the library's time to compute all indicators, in a fresh process;
- in Chromium: the time from page load until the last chart is drawn, for every page.

Targets (the issue): cold build within 2x the floor (stock libraries), no-op rebuild under 3 s, prose edit under
5 s, no chapter page over 400 KB of HTML, charts drawn within 1 s of page load.

Cold builds of the book and the floor alternate, --repeat times each (default 3), and the
fastest of each is kept: the machine may be shared, the fastest run is the least disturbed.

Usage: python tools/bench.py [--chapter logic] [--repeat 2] [--keep] [--no-browser] [--no-readme]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

import vendor_assets  # tools/vendor_assets.py, beside this script

ROOT = Path(__file__).resolve().parents[1]

TARGETS = {"cold_over_floor": 2.0, "noop_s": 3.0, "prose_edit_s": 5.0, "page_kb": 400.0, "chart_after_load_s": 1.0}
#: the chapters in the browser (issue 14): a chapter's first start, and click to first chart
LITE_TARGETS = {"lite_first_start_mib": 30.0, "lite_first_chart_s": 30.0}
PROSE = "\n\n（本段为性能测试临时加入的一句话。）\n"
README_START, README_END = "<!-- bench:start -->", "<!-- bench:end -->"

LIBRARY_RUN = r'''
import json, sys, time, warnings
warnings.simplefilter("ignore")
t0 = time.perf_counter()
import inland_coastal
from inland_coastal import indicators as I
t_import = time.perf_counter() - t0
done, failed = [], []

def run(name, f, *a, **k):
    try:
        f(*a, **k); done.append(name)
    except Exception as e:  # report, do not stop
        failed.append(f"{name}: {type(e).__name__}: {e}"[:200])

def opt(module):
    try:
        return __import__(f"inland_coastal.{module}", fromlist=["x"])
    except Exception as e:
        failed.append(f"import {module}: {e}"[:200]); return None

for n in range(1, 9):
    run(f"table_from_paper({n})", I.table_from_paper, n)
    run(f"table_from_provinces({n})", I.table_from_provinces, n)
    run(f"compare_with_paper({n})", I.compare_with_paper, n)
for scheme in ("coastal", "four_regions", "north_south"):
    for n in (1, 2):
        run(f"table_from_provinces({n}, {scheme})", I.table_from_provinces, n, scheme)
ineq, conv, spat, struct = opt("inequality"), opt("convergence"), opt("spatial"), opt("structure")
years = list(range(2011, 2023))
if ineq:
    for scheme in ("coastal", "four_regions", "north_south"):
        run(f"inequality_table({scheme})", ineq.inequality_table, scheme)
if conv:
    run("sigma_convergence", conv.sigma_convergence)
    run("beta_convergence(2011, 2022)", conv.beta_convergence, 2011, 2022)
if spat:
    for y in years:
        run(f"coastal_ties({y})", spat.coastal_ties, y)
        run(f"market_potential({y})", spat.market_potential, y)
if struct:
    for src in ("paper", "provinces"):
        run(f"industry_shares({src})", struct.industry_shares, src)
        run(f"upgrading_ratio({src})", struct.upgrading_ratio, src)
    run("location_quotients(2024)", struct.location_quotients, 2024)
    run("va_shares()", struct.va_shares)
    run("va_shares(province)", struct.va_shares, level="province")
    run("location_quotients_by_year()", struct.location_quotients_by_year)
    run("shift_share(2012, 2019)", struct.shift_share, 2012, 2019)
    run("shift_share(2019, 2024, rev2025, provinces)", struct.shift_share, 2019, 2024, "rev2025", None)
real, fin, trd, urb, rep = opt("real"), opt("finance"), opt("trade"), opt("urbanisation"), opt("reproduction")
if real:
    for r in (False, True):
        for scheme in ("coastal", "four_regions", "north_south"):
            run(f"growth({scheme}, real={r})", real.growth, scheme, "nbs_db_2021", r)
    run("real_totals(2000)", real.real_totals, 2000)
    run("real_gdp_per_capita(2005)", real.real_gdp_per_capita, 2005)
    run("deflator(2010)", real.deflator, 2010)
    run("cpi_deflated(disposable income, 2016)", real.cpi_deflated, "disposable_income_per_capita", "nbs_db_2025", 2016)
if conv:
    for r in (False, True):
        run(f"convergence_summary(2005, 2019, real={r})", conv.convergence_summary, 2005, 2019, "nbs_db_2021", r)
        run(f"sigma_series(2005, 2019, real={r})", conv.sigma_series, 2005, 2019, "nbs_db_2021", r)
if fin:
    for v in ("nbs_db_2021", "nbs_db_2025"):
        run(f"fiscal({v})", fin.fiscal, "coastal", v)
    run("fiscal(province)", fin.fiscal, level="province")
if trd:
    for f in ("trade", "exports", "imports"):
        run(f"trade.flows({f})", trd.flows, f)
    run("openness(usd)", trd.openness)
    run("openness(usd, exclude Beijing)", trd.openness, exclude=["北京"])
    run("openness(cny)", trd.openness, currency="cny")
if urb:
    run("urbanisation()", urb.urbanisation)
if rep:
    run("reproduce_all()", rep.reproduce_all)
print(json.dumps({"import_s": round(t_import, 3), "total_s": round(time.perf_counter() - t0, 3),
                  "computed": len(done), "failed": failed}))
'''


def log(msg: str) -> None:
    print(f"[bench] {msg}", flush=True)


def run_build(root: Path, env: dict) -> tuple[float, bool, str]:
    t = time.perf_counter()
    r = subprocess.run([sys.executable, str(root / "tools" / "build.py"), str(root)], cwd=root, env=env,
                       capture_output=True, text=True)
    secs = time.perf_counter() - t
    return round(secs, 2), r.returncode == 0, r.stdout + r.stderr


def execution_times(output: str) -> dict[str, float]:
    """chapter -> seconds, from myst-nb's log ("reading sources... NAME" then "Executed notebook
    in N seconds")."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", output)
    times, current = {}, None
    for line in text.splitlines():
        if m := re.search(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", line):
            current = m.group(1)
        elif (m := re.search(r"Executed notebook in ([0-9.]+) seconds", line)) and current:
            times[current] = float(m.group(1))
    return dict(sorted(times.items(), key=lambda kv: -kv[1]))


def toc_files(root: Path) -> list[str]:
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    files = [toc["root"]]

    def walk(node):
        for key in ("chapters", "sections", "parts"):
            for item in node.get(key, []) or []:
                if "file" in item:
                    files.append(item["file"])
                walk(item)

    walk(toc)
    return files


def is_notebook(md: Path) -> bool:
    return "```{code-cell}" in md.read_text(encoding="utf-8")


def code_edit(md: Path) -> None:
    """Add a comment line to the first code cell (after its options): the cell's code changes,
    so the execution cache misses and the chapter is executed again."""
    lines = md.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith("```{code-cell}"):
            j = i + 1
            if j < len(lines) and lines[j].strip() == "---":
                j += 1
                while j < len(lines) and lines[j].strip() != "---":
                    j += 1
                j += 1
            while j < len(lines) and lines[j].startswith(":"):
                j += 1
            lines.insert(j, "# bench: a code edit\n")
            md.write_text("".join(lines), encoding="utf-8")
            return
    raise SystemExit(f"{md} has no code cell")


def make_floor(clone: Path, floor: Path) -> int:
    """Same configuration and table of contents; every notebook only imports pandas and altair."""
    (floor / "chapters").mkdir(parents=True)
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy2(clone / name, floor / name)
    for bib in clone.glob("chapters/*.bib"):
        shutil.copy2(bib, floor / "chapters" / bib.name)
    cfg = yaml.safe_load((clone / "_config.yml").read_text())
    local_ext = list((cfg.get("sphinx", {}).get("local_extensions") or {}).values())
    for name in {"tools", "web", "_static", *local_ext}:
        (floor / name).symlink_to(clone / name)
    header = ("---\njupytext:\n  text_representation:\n    extension: .md\n    format_name: myst\n"
              "kernelspec:\n  display_name: Python 3\n  language: python\n  name: python3\n---\n\n")
    n = 0
    for f in toc_files(clone):
        src = clone / f"{f}.md"
        dst = floor / f"{f}.md"
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.exists() and is_notebook(src):
            n += 1
            # the comment makes each notebook's code distinct: the execution cache would otherwise
            # execute one and serve the others from it
            dst.write_text(header + f"# 页面 {n}\n\n```{{code-cell}} ipython3\n# floor page {n}\n"
                           "import pandas as pd\nimport altair as alt\n```\n", encoding="utf-8")
        else:
            dst.write_text(f"# 页面 {f}\n\n正文。\n", encoding="utf-8")
    return n


def site_sizes(html: Path) -> dict:
    chapters = {p.relative_to(html).as_posix(): p.stat().st_size for p in html.glob("chapters/*.html")}
    largest = max(chapters, key=chapters.get)
    total = sum(p.stat().st_size for p in html.rglob("*") if p.is_file())
    vendor = sum(p.stat().st_size for p in (html / "_static" / "vendor").rglob("*") if p.is_file())
    static = sum(p.stat().st_size for p in (html / "_static").rglob("*") if p.is_file())
    return {"largest_page": largest, "largest_page_kb": round(chapters[largest] / 1024, 1),
            "pages_over_400kb": sorted(p for p, s in chapters.items() if s > 400 * 1024),
            "chapter_pages_kb": {p: round(s / 1024, 1) for p, s in sorted(chapters.items())},
            "site_mb": round(total / 2**20, 2), "static_mb": round(static / 2**20, 2),
            "vendor_mb": round(vendor / 2**20, 2),
            "site_without_shared_mb": round((total - static) / 2**20, 2)}


def _browser_harness():
    """tests/browser.py, the tests' browser harness, loaded from its file (tests/ is no package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("ic_browser", ROOT / "tests" / "browser.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def browser_times(html: Path) -> dict:
    rep = _browser_harness().browse(html, sliders=False)
    per = {}
    for page, i in rep.items():
        if i.get("charts"):
            per[page] = {"charts": i["charts"], "drawn": i["drawn"], "load_ms": i["load_ms"],
                         "last_chart_ms": i["last_chart_ms"], "after_load_ms": i["chart_after_load_ms"]}
    worst = max((v["after_load_ms"] or 0 for v in per.values()), default=0)
    return {"pages": per, "worst_after_load_s": round(max(worst, 0) / 1000, 3),
            "all_drawn": all(v["drawn"] == v["charts"] for v in per.values())}


# ---------------------------------------------------------------- the chapters in the browser
def lite_first_start(root: Path = ROOT, page: str = "chapters/intro.html") -> dict:
    """JupyterLite (tools/lite.py) on this checkout's built site: what a chapter's first start
    downloads (bytes sent by a static host that compresses text and wasm, and what the files
    weigh) and the time from the click on 在浏览器中运行 to the first chart drawn, in headless
    Chromium with every host but 127.0.0.1 blocked. The lite site is brought up to date first
    (nothing happens when it is); the book must have been built (make book)."""
    import lite

    html = root / "_build" / "html"
    if not (html / "_notebooks").is_dir():
        return {"error": f"{html} has no book: run make book first"}
    lite.build(root)
    r = lite.run_chapter(html, page)
    return {"page": page, "first_start_mib": round(r["bytes_sent"] / 2**20, 2),
            "files_mib": round(r["bytes_files"] / 2**20, 2), "requests": r["requests"],
            "notebook_open_s": r["notebook_open_s"], "first_chart_s": r["first_chart_s"],
            "all_cells_s": r["all_cells_s"],
            "ok": r["done"] == r["cells"] and r["drawn"] == r["charts"] > 0 and not r["errors"]
            and not r["remote_requests"] and not r["console_errors"]}


def readme_section(b: dict) -> str:
    t, r = b["targets"], b["results"]
    ok = lambda k: "yes" if t[k]["met"] else "**no**"  # noqa: E731
    lines = [
        README_START,
        f"Measured by `make bench` on {b['date']} (commit `{b['commit'][:10]}`, {b['machine']['cpus']} CPUs, "
        f"load average {b['machine']['load_before']:.1f}); numbers from `_build/bench.json`.",
        "",
        "| measure | value | target | met |",
        "|---|---|---|---|",
        f"| cold build (fresh clone, environment made; fastest of {len(r['cold_build_runs_s'])}) | {r['cold_build_s']} s "
        f"({t['cold_over_floor']['value']} × floor) | ≤ {t['cold_over_floor']['target']:g} × floor "
        f"({round(t['cold_over_floor']['target'] * r['floor_cold_build_s'], 1)} s) | {ok('cold_over_floor')} |",
        f"| floor: {r['floor_notebooks']} notebooks importing pandas and altair | {r['floor_cold_build_s']} s | | |",
        f"| no-op rebuild | {r['noop_rebuild_s']} s | < 3 s | {ok('noop_s')} |",
        f"| rebuild after a prose edit ({b['chapter']}) | {r['prose_edit_rebuild_s']} s | < 5 s | {ok('prose_edit_s')} |",
        f"| rebuild after a code edit ({b['chapter']}) | {r['code_edit_rebuild_s']} s | | |",
        f"| executing the chapters (cold build; floor) | {sum(r['cold_execution_s'].values()):.1f} s; "
        f"{r['floor_execution_s']} s | | |",
        "| slowest chapters to execute | " + ", ".join(f"{k.split('/')[-1]} {v:.1f} s" for k, v in
                                                   list(r["cold_execution_s"].items())[:4]) + " | | |",
        f"| largest chapter page ({r['sizes']['largest_page']}) | {r['sizes']['largest_page_kb']} KB | ≤ 400 KB "
        f"| {ok('page_kb')} |",
        f"| whole site / shared scripts and styles (`_static`) | {r['sizes']['site_mb']} MB / "
        f"{r['sizes']['static_mb']} MB | | |",
        f"| library: all indicators, fresh process | {r['library'].get('total_s')} s "
        f"({r['library'].get('computed')} computations) | | |",
    ]
    if r.get("browser"):
        lines.append(f"| last chart drawn after page load (worst page) | {r['browser']['worst_after_load_s']} s "
                     f"| ≤ 1 s | {ok('chart_after_load_s')} |")
    lite_r = r.get("lite") or {}
    if lite_r.get("first_chart_s") is not None:
        page = lite_r["page"].removesuffix(".html")
        lines.append(f"| in the browser (JupyterLite, {page}): first start download, compressed (files) | "
                     f"{lite_r['first_start_mib']} MiB ({lite_r['files_mib']} MiB) | ≤ 30 MiB | {ok('lite_first_start_mib')} |")
        lines.append(f"| in the browser: click on 在浏览器中运行 to first chart (all cells) | {lite_r['first_chart_s']} s "
                     f"({lite_r['all_cells_s']} s) | ≤ 30 s | {ok('lite_first_chart_s')} |")
    lines += ["", "Vendored libraries (versions and sha256 of every file): `_static/vendor/MANIFEST.json`, "
              "generated by `make book` from `web/package-lock.json`.", README_END]
    return "\n".join(lines)


def update_readme(text: str, section: str) -> str:
    if README_START in text and README_END in text:
        a, b = text.index(README_START), text.index(README_END) + len(README_END)
        return text[:a] + section + text[b:]
    intro = ("## Performance\n\nBuild times depend on the machine; targets from the project's issue. "
             "Re-measure with `make bench`.\n\n")
    return text.rstrip("\n") + "\n\n" + intro + section + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--chapter", default="logic", help="chapter edited for the rebuild measures")
    ap.add_argument("--keep", action="store_true", help="keep the temporary clone")
    ap.add_argument("--repeat", type=int, default=3, help="cold builds of the book and the floor (fastest kept)")
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--no-readme", action="store_true")
    ap.add_argument("--no-lite", action="store_true", help="skip the JupyterLite measure")
    a = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    clone, floor = tmp / "book", tmp / "floor"
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        dirty = bool(subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                                    capture_output=True, text=True).stdout.strip())
        log(f"cloning {commit[:10]} into {clone}")
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        # the environment is already made: this checkout's venv, and its node_modules (hard links)
        (clone / ".venv").symlink_to(ROOT / ".venv")
        vendor_assets.ensure_node_modules(ROOT, log)
        subprocess.run(["cp", "-al", str(ROOT / "web" / "node_modules"), str(clone / "web" / "node_modules")],
                       check=True)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(clone / "lib"),
                                                                       os.environ.get("PYTHONPATH")])))
        load_before = os.getloadavg()[0]
        res: dict = {}

        # cold builds of the book and of the floor, alternating, each from scratch; the machine
        # may be shared, so the fastest of the runs is kept for each (all runs are recorded)
        res["floor_notebooks"] = make_floor(clone, floor)
        cold, floors = [], []
        for i in range(a.repeat):
            for root, runs, what in ((floor, floors, f"floor ({res['floor_notebooks']} notebooks)"),
                                     (clone, cold, "cold build")):
                shutil.rmtree(root / "_build", ignore_errors=True)
                # what a build writes under _static (vendored scripts, the map file) goes too
                for generated in ("vendor", "maps"):
                    shutil.rmtree(clone / "_static" / generated, ignore_errors=True)
                secs, ok, out = run_build(root, env)
                if not ok:
                    log(f"{what} FAILED:\n" + out[-3000:])
                    return 1
                runs.append((secs, out))
                log(f"{what} run {i + 1}: {secs} s")
        best_cold, best_floor = min(cold, key=lambda x: x[0]), min(floors, key=lambda x: x[0])
        res["cold_build_s"], res["cold_build_runs_s"] = best_cold[0], [x[0] for x in cold]
        res["floor_cold_build_s"], res["floor_runs_s"] = best_floor[0], [x[0] for x in floors]
        res["cold_execution_s"] = execution_times(best_cold[1])
        res["floor_execution_s"] = round(sum(execution_times(best_floor[1]).values()), 2)
        log(f"cold build {res['cold_build_s']} s (executing {sum(res['cold_execution_s'].values()):.1f} s: "
            f"{res['cold_execution_s']}); floor {res['floor_cold_build_s']} s "
            f"(executing {res['floor_execution_s']} s)")
        res["noop_rebuild_s"], ok, out = run_build(clone, env)
        log(f"no-op rebuild {res['noop_rebuild_s']} s")

        md = clone / "chapters" / f"{a.chapter}.md"
        md.write_text(md.read_text(encoding="utf-8") + PROSE, encoding="utf-8")
        res["prose_edit_rebuild_s"], ok, out = run_build(clone, env)
        log(f"prose edit {res['prose_edit_rebuild_s']} s")
        code_edit(md)
        res["code_edit_rebuild_s"], ok2, out = run_build(clone, env)
        log(f"code edit {res['code_edit_rebuild_s']} s")
        if not (ok and ok2):
            log("an edit rebuild FAILED:\n" + out[-3000:])
        res["edit_builds_ok"] = ok and ok2

        # the edits above are reverted for the size and browser measures: a clean rebuild
        subprocess.run(["git", "checkout", "--quiet", "--", "chapters"], cwd=clone, check=True)
        run_build(clone, env)
        html = clone / "_build" / "html"
        res["sizes"] = site_sizes(html)

        r = subprocess.run([sys.executable, "-c", LIBRARY_RUN], cwd=clone, env=env, capture_output=True, text=True)
        try:
            res["library"] = json.loads(r.stdout.strip().splitlines()[-1])
        except (ValueError, IndexError):
            res["library"] = {"error": (r.stdout + r.stderr)[-1000:]}
        log(f"library {res['library']}")

        if not a.no_browser:
            log("browser ...")
            res["browser"] = browser_times(html)
            log(f"charts: worst {res['browser']['worst_after_load_s']} s after load")

        if not a.no_lite:
            log("JupyterLite: a chapter's first start ...")
            res["lite"] = lite_first_start(ROOT)
            log(f"lite {res['lite']}")

        targets = {
            "cold_over_floor": {"value": round(res["cold_build_s"] / res["floor_cold_build_s"], 2),
                                "target": TARGETS["cold_over_floor"]},
            "noop_s": {"value": res["noop_rebuild_s"], "target": TARGETS["noop_s"]},
            "prose_edit_s": {"value": res["prose_edit_rebuild_s"], "target": TARGETS["prose_edit_s"]},
            "page_kb": {"value": res["sizes"]["largest_page_kb"], "target": TARGETS["page_kb"]},
        }
        if res.get("browser"):
            targets["chart_after_load_s"] = {"value": res["browser"]["worst_after_load_s"],
                                             "target": TARGETS["chart_after_load_s"]}
        if (res.get("lite") or {}).get("first_chart_s") is not None:
            targets["lite_first_start_mib"] = {"value": res["lite"]["first_start_mib"],
                                               "target": LITE_TARGETS["lite_first_start_mib"]}
            targets["lite_first_chart_s"] = {"value": res["lite"]["first_chart_s"],
                                             "target": LITE_TARGETS["lite_first_chart_s"]}
        for k, v in targets.items():
            v["met"] = v["value"] <= v["target"] if k in ("cold_over_floor", "page_kb", "chart_after_load_s",
                                                          *LITE_TARGETS) \
                else v["value"] < v["target"]
        bench = {
            "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "commit": commit, "uncommitted_changes_not_measured": dirty, "chapter": a.chapter,
            "machine": {"cpus": os.cpu_count(), "load_before": load_before, "load_after": os.getloadavg()[0],
                        "python": platform.python_version(), "platform": platform.platform()},
            "results": res, "targets": targets,
            "all_targets_met": all(v["met"] for v in targets.values()),
        }
        out_path = ROOT / "_build" / "bench.json"
        out_path.parent.mkdir(exist_ok=True)
        out_path.write_text(json.dumps(bench, ensure_ascii=False, indent=1) + "\n")
        log(f"wrote {out_path}")
        for k, v in targets.items():
            log(f"{k:20s} {v['value']:>8} (target {v['target']}) {'met' if v['met'] else 'NOT MET'}")
        if not a.no_readme:
            readme = ROOT / "README.md"
            readme.write_text(update_readme(readme.read_text(encoding="utf-8"), readme_section(bench)),
                              encoding="utf-8")
            log("README.md: Performance section updated")
        return 0
    finally:
        if a.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
