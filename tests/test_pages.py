"""Front and back matter: 导读, 数据与方法, 勘误与说明, 术语表, 参考文献, 课程指南,
在本地运行与更新数据, 可重复性.

The numbers these pages glue into their prose must equal the library's; the data page must
offer every data file for download; the glossary must define the terms the project asked
for; the bibliography must not carry invented details for works the paper cites by author
and year only.

Reads the executed notebooks (``_build/jupyter_execute/chapters`` or ``IC_EXECUTED_DIR``)
and the HTML next to them (``<EXECUTED>/../../html``). When a single page was built alone
(``IC_EXECUTED_DIR`` set), tests of the other pages are skipped.
"""
from __future__ import annotations

import hashlib
import os
import re
from importlib.metadata import version

import pytest

from conftest import EXECUTED, ROOT, glued

from inland_coastal import groupings as G
from inland_coastal import indicators as I
from inland_coastal.loading import load_panel

HTML = EXECUTED.parent.parent / "html"


def page_glue(page: str) -> dict:
    """glued(page), skipped when only other pages were built (IC_EXECUTED_DIR)."""
    if os.environ.get("IC_EXECUTED_DIR") and not (EXECUTED / f"{page}.ipynb").exists():
        pytest.skip(f"{page} was not built in {EXECUTED}")
    return glued(page)


def page_html(page: str) -> str:
    path = HTML / "chapters" / f"{page}.html"
    if not path.exists():
        if os.environ.get("IC_EXECUTED_DIR"):
            pytest.skip(f"{path} was not built")
        pytest.fail(f"{path} is missing: build the book first (make book)")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def panel():
    return load_panel()


# ---------------------------------------------------------------- 导读
def test_intro_panel_counts(built_book, panel):
    g = page_glue("intro")
    assert g["intro-provinces"] == panel["adcode"].nunique() == 31
    assert g["intro-year-min"] == panel["year"].min()
    assert g["intro-year-max"] == panel["year"].max()
    assert g["intro-indicators"] == panel["indicator"].nunique()
    assert g["intro-vintages"] == panel["vintage"].nunique()
    assert g["intro-series"] == len(panel.groupby(["indicator", "vintage"]))
    assert g["intro-rows"] == len(panel)


def test_intro_headline_numbers(built_book):
    g = page_glue("intro")
    t1 = I.table_from_paper(1).set_index("year")
    t2 = I.table_from_paper(2).set_index("year")
    last = int(t1.index.max())
    assert g["intro-last-year"] == last
    assert g["intro-coastal-gdp-share"] == pytest.approx(t1.loc[last, "coastal_pct"])
    assert g["intro-coastal-gdp-share-first"] == pytest.approx(t1["coastal_pct"].iloc[0])
    pop = I.totals("population", "nbs_db", "coastal", years=[last]).loc[last]
    assert g["intro-coastal-pop-share"] == pytest.approx(pop["coastal"] / pop["national"] * 100)
    assert g["intro-coastal-index-last"] == pytest.approx(t2["coastal_pct"].iloc[-1])
    assert g["intro-inland-index-first"] == pytest.approx(t2["inland_pct"].iloc[0])
    assert g["intro-n-coastal"] == 11


def test_intro_has_abstract_and_commands():
    text = (ROOT / "chapters" / "intro.md").read_text(encoding="utf-8")
    assert "## Abstract" in text
    assert "make book" in text and "make test" in text
    for chapter in ("background", "logic", "mechanisms", "dilemmas", "pathways"):
        assert f"{{doc}}`{chapter}`" in text


# ---------------------------------------------------------------- 数据与方法
def test_data_methods_counts(built_book, panel):
    g = page_glue("data_methods")
    assert g["data_methods-panel-rows"] == len(panel)
    assert g["data_methods-panel-indicators"] == panel["indicator"].nunique()
    assert g["data_methods-panel-vintages"] == panel["vintage"].nunique()
    assert g["data_methods-panel-series"] == len(panel.groupby(["indicator", "vintage"]))
    for scheme in G.schemes():
        m = G.membership(scheme)
        for grp in G.groups(scheme):
            assert g[f"data_methods-n-{scheme}-{grp}"] == int((m == grp).sum())
    # the paper's grouping and the north/south line as the book states them
    assert (g["data_methods-n-coastal-coastal"], g["data_methods-n-coastal-inland"]) == (11, 20)
    assert (g["data_methods-n-north_south-north"], g["data_methods-n-north_south-south"]) == (15, 16)
    assert G.membership("north_south")[540000] == "south"   # Tibet counted south


def test_data_methods_worked_examples(built_book):
    g = page_glue("data_methods")
    year = g["data_methods-check-year"]
    pc = I.per_capita("gdp", "paper", "coastal", years=[year]).loc[year]
    assert g["data_methods-pc-coastal"] == pytest.approx(pc["coastal"])
    assert g["data_methods-pc-coastal-paper"] == pytest.approx(I.table_from_paper(2).set_index("year").loc[year, "coastal"])
    assert g["data_methods-pc-coastal"] == pytest.approx(g["data_methods-pc-coastal-paper"], abs=0.006)
    assert g["data_methods-theil-between"] + g["data_methods-theil-within"] == pytest.approx(g["data_methods-theil-total"])
    from inland_coastal.inequality import inequality_table
    row = inequality_table("coastal", "paper", [year]).iloc[0]
    assert g["data_methods-theil-total"] == pytest.approx(row["theil_t"])
    assert g["data_methods-theil-between"] == pytest.approx(row["theil_t_between"])


def test_data_methods_download_links(built_book):
    html = page_html("data_methods")
    hrefs = re.findall(r'<a class="reference download internal"[^>]*href="([^"]+)"', html)
    data_files = sorted((ROOT / "data").glob("*.csv"))
    assert data_files
    for f in data_files:
        match = [h for h in hrefs if h.endswith("/" + f.name)]
        assert match, f"no download link for data/{f.name}"
        target = (HTML / "chapters" / match[0]).resolve()
        assert target.exists(), f"{target} missing"
        assert "_downloads" in target.parts
        assert target.read_bytes() == f.read_bytes()


def test_data_methods_has_every_formula():
    text = (ROOT / "chapters" / "data_methods.md").read_text(encoding="utf-8")
    for label in ["eq-group-total", "eq-per-capita", "eq-share", "eq-index", "eq-theil-t", "eq-theil-l",
                  "eq-theil-decomposition", "eq-williamson", "eq-gini", "eq-sigma", "eq-beta", "eq-lambda",
                  "eq-haversine", "eq-gravity", "eq-market-potential", "eq-location-quotient", "eq-upgrading",
                  "eq-scenario", "eq-scenario-ratio", "eq-weighted-mean", "eq-openness",
                  "eq-relative-openness", "eq-cagr"]:
        assert f":label: {label}" in text, label


# ---------------------------------------------------------------- 勘误与说明
def test_errata_table4_is_fiscal_revenue_per_resident(built_book):
    g = page_glue("errata")
    ip = I.implied_population()
    maxdiff = float(ip.xs("rel_diff_pct", axis=1, level=1).abs().max().max())
    assert g["errata-implied-pop-maxdiff-pct"] == pytest.approx(maxdiff)
    assert maxdiff < 0.001   # percent: equal to within rounding


def test_errata_fiscal_and_trade_vintages(built_book):
    g = page_glue("errata")
    c3 = I.compare_with_paper(3, "nbs_db_2025").query("year == 2022 and column == 'national'").iloc[0]
    assert g["errata-t3-paper-last"] == pytest.approx(c3["paper"]) == pytest.approx(108818.52)
    assert g["errata-t3-panel-last"] == pytest.approx(c3["provinces"]) == pytest.approx(108761.94)
    c5 = I.compare_with_paper(5, "paper")
    c5 = c5[c5["column"].isin(["national", "coastal", "inland"])]
    assert g["errata-t5-2012-maxabs"] == pytest.approx(c5.query("year == 2012")["diff"].abs().max())
    assert g["errata-t5-2012-maxabs"] < 10
    assert g["errata-t5-maxabs"] == pytest.approx(c5["diff"].abs().max())


def test_errata_text_slips_and_vintages(built_book):
    g = page_glue("errata")
    t1 = I.table_from_paper(1).set_index("year")
    t3 = I.table_from_paper(3).set_index("year")
    assert g["errata-t3-inland-last"] == pytest.approx(t3.loc[2022, "inland"]) == pytest.approx(49214.23)
    assert g["errata-gdp-sum-last"] == pytest.approx(t1.loc[2022, "national"])
    ns = I.totals("gdp", "first_release", "north_south", years=[2021]).loc[2021]
    assert g["errata-ns-first-north"] == pytest.approx(ns["north"]) == pytest.approx(401039.2)
    assert g["errata-ns-first-south"] == pytest.approx(ns["south"]) == pytest.approx(736704.2)
    va = I.compare_with_paper(7, "rev2025").query("year == 2022 and column == 'national'").iloc[0]
    assert g["errata-va2-paper-last"] == pytest.approx(va["paper"])
    assert g["errata-va2-rev-last"] == pytest.approx(va["provinces"])
    pop = I.wide("population", "nbs_db").diff()
    south = G.membership("north_south") == "south"
    for year in (2021, 2022):
        fell = pop.loc[year] < 0
        assert g[f"errata-decline-{year}-n"] == int(fell.sum())
        assert g[f"errata-decline-{year}-south"] == int((fell & south.reindex(fell.index)).sum())


def test_errata_mentions_the_date_slip():
    text = (ROOT / "chapters" / "errata.md").read_text(encoding="utf-8")
    assert "19世纪60年代" in text and "20 世纪" in text
    assert "{cite}`friedmann1966`" in text


# ---------------------------------------------------------------- 术语表
REQUIRED_TERMS = ["飞地经济", "对口支援", "点轴系统", "涓滴效应", "增长极", "中心—外围", "梯度转移", "双循环",
                  "空间贫困陷阱", "极化效应", "区位商", "泰尔指数", "σ收敛", "β收敛", "引力模型", "市场潜能",
                  "口径", "数据版本"]


def glossary_entries() -> dict[str, list[str]]:
    """first term of each entry -> its term lines (Chinese, English)."""
    text = (ROOT / "chapters" / "glossary.md").read_text(encoding="utf-8")
    entries, current = {}, None
    for block in re.findall(r"```\{glossary\}\n(.*?)```", text, flags=re.S):
        current = None
        for line in block.splitlines():
            if line.strip() and not line.startswith((" ", "\t")):
                if current is None:
                    current = line.strip()
                    entries[current] = [current]
                else:
                    entries[current].append(line.strip())
            else:
                current = None
    return entries


def test_glossary_has_required_terms():
    entries = glossary_entries()
    for term in REQUIRED_TERMS:
        assert term in entries, term
        assert any(re.search(r"[A-Za-z]{3}", t) for t in entries[term][1:]), f"{term} has no English name"


def test_glossary_html_defines_terms(built_book):
    html = page_html("glossary")
    assert re.search(r'<dl class="[^"]*\bglossary\b', html)
    for term in REQUIRED_TERMS:
        assert term in html


# ---------------------------------------------------------------- 参考文献
def test_bibliography_is_honest():
    from pybtex.database import parse_file

    bib = parse_file(str(ROOT / "chapters" / "references.bib"))
    keys = set(bib.entries)
    for key in ["wu_inland_coastal", "friedmann1966", "harris1954", "jalan_ravallion1997", "lu_dadao1986",
                "quesnay1766", "zhou_guo1994", "theil1967", "williamson1965", "barro_salaimartin1992",
                "shorrocks1980"]:
        assert key in keys, key
    paper = bib.entries["wu_inland_coastal"].fields
    assert "journal" not in paper and "year" not in paper   # the paper text states neither
    for key, e in bib.entries.items():
        if "论文所引" in e.fields.get("note", ""):
            invented = {"title", "journal", "booktitle", "pages", "volume", "publisher"} & set(e.fields)
            assert not invented, f"{key} carries {invented} although the paper gives only author and year"


def test_references_page_lists_everything(built_book):
    text = (ROOT / "chapters" / "references.md").read_text(encoding="utf-8")
    assert "```{bibliography}" in text and ":all:" in text
    html = page_html("references")
    assert "吴碧波" in html and "Friedmann" in html


# ---------------------------------------------------------------- 课程指南
def test_course_guide_counts_exercises(built_book):
    g = page_glue("course_guide")
    n = 0
    for chapter in ("background", "logic", "mechanisms", "dilemmas", "pathways"):
        text = (ROOT / "chapters" / f"{chapter}.md").read_text(encoding="utf-8")
        n += len(re.findall(r"^(?:`{3,}|:{3,})\{exercise\}[^\n]*\n:label:", text, flags=re.M))
    assert g["course_guide-n-exercises"] == n


# ---------------------------------------------------------------- 在本地运行与更新数据
def test_local_run_shows_validate_and_errors(built_book):
    # read the rendered page, not _build/jupyter_execute: myst-nb 1.4 writes that notebook
    # without outputs when a page is re-read and its outputs come from the execution cache
    import html as _html
    out = _html.unescape(re.sub(r"<[^>]+>", "", page_html("local_run")))
    for f in sorted((ROOT / "data" / "samples").glob("*.csv")):
        assert f"data/samples/{f.name}: OK (NBS export)" in out
    assert "(a truncated or malformed row)" in out
    assert "choose a new --vintage or pass --replace" in out
    assert "added 279 rows of fiscal_revenue (vintage sample_demo" in out
    assert "[退出状态 1]" in out


# ---------------------------------------------------------------- 可重复性
def test_reproducibility_versions_and_checksums(built_book):
    g = page_glue("reproducibility")
    for name in ["jupyter-book", "myst-nb", "sphinx", "pandas", "altair", "ipywidgets", "statsmodels", "numpy"]:
        assert g[f"reproducibility-version-{name}"] == version(name)
    data = ROOT / "data"
    files = sorted(data.glob("*.csv")) + sorted((data / "samples").glob("*.csv"))
    assert g["reproducibility-n-files"] == len(files)
    for f in files:
        key = f"reproducibility-sha-{f.relative_to(data).as_posix()}"
        assert g[key] == hashlib.sha256(f.read_bytes()).hexdigest(), f"{f} changed since the book was built"


def test_reproducibility_has_exec_table():
    text = (ROOT / "chapters" / "reproducibility.md").read_text(encoding="utf-8")
    assert "```{nb-exec-table}" in text
