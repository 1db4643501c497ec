"""Front and back matter: 导读, 数据与方法, 勘误与说明, 术语表, 参考文献, 课程指南,
在本地运行与更新数据, 可重复性.

The numbers these pages glue into their prose are checked against values derived from the raw
CSV files (``tests/rawchecks.py``, ``tests/rawdata.py``), not by repeating the pages' own calls;
the pages follow the code rules (hidden code only imports and gluing, at most a quarter of the
code on the errata page, no hidden cell over 40 lines); the data page offers every data file for
download; the glossary defines the terms the book links; the bibliography carries no invented
details and every entry is cited.

Reads the executed notebooks (``_build/jupyter_execute/chapters`` or ``IC_EXECUTED_DIR``)
and the HTML next to them (``<EXECUTED>/../../html``). When a single page was built alone
(``IC_EXECUTED_DIR`` set), tests of the other pages are skipped.
"""
from __future__ import annotations

import hashlib
import html as htmllib
import os
import re
from importlib.metadata import version

import pytest

import rawchecks as raw
from conftest import EXECUTED, ROOT, glued
from rawdata import groups, per_capita_gdp, printed, rows, values

from inland_coastal.teaching import SHORT_NAMES

HTML = EXECUTED.parent.parent / "html"
PAGES = ["intro", "data_methods", "errata", "glossary", "course_guide", "local_run", "reproducibility"]


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


def glued_markdown(page: str) -> dict:
    """name -> the text/markdown a page glued (``book.glue_text``, ``glue_all`` for strings)."""
    import json

    out = {}
    nb, store = EXECUTED / f"{page}.ipynb", EXECUTED / f"{page}.glue.json"
    outputs = [o for c in json.loads(nb.read_text())["cells"] for o in c.get("outputs", [])] if nb.exists() else []
    outputs += list(json.loads(store.read_text()).values()) if store.exists() else []
    for o in outputs:
        name = o.get("metadata", {}).get("scrapbook", {}).get("name")
        md = o.get("data", {}).get("text/markdown")
        if name and md is not None:
            out.setdefault(name, "".join(md) if isinstance(md, list) else md)
    return out


@pytest.mark.parametrize("page", PAGES)
def test_text_roles_show_numbers_not_markdown_objects(page, built_book):
    """A value glued as Markdown (a string through glue_all) must be shown with {glue:md}:
    {glue:text} would print the object's repr."""
    md = glued_markdown(page)
    roles = re.findall(r"\{glue:text\}`([^`:]+)", source(page))
    assert [r for r in roles if r in md] == []


def page_text(page: str) -> str:
    return htmllib.unescape(re.sub(r"<[^>]+>", "", page_html(page)))


def source(page: str) -> str:
    return (ROOT / "chapters" / f"{page}.md").read_text(encoding="utf-8")


# ---------------------------------------------------------------- the code rules
def code_cells(text: str) -> list[tuple[list[str], int]]:
    """(tags, lines of code) of every code cell of a MyST notebook (option lines and blank
    lines not counted)."""
    out = []
    for body in re.findall(r"^```\{code-cell\}[^\n]*\n(.*?)^```\s*$", text, re.M | re.S):
        lines = body.splitlines()
        tags = []
        while lines and lines[0].startswith(":"):
            m = re.match(r":tags:\s*\[(.*)\]", lines[0])
            if m:
                tags = [t.strip() for t in m.group(1).split(",")]
            lines = lines[1:]
        out.append((tags, sum(1 for ln in lines if ln.strip())))
    return out


def hidden(tags) -> bool:
    return "remove-cell" in tags or "remove-input" in tags


@pytest.mark.parametrize("page", PAGES)
def test_no_hidden_cell_longer_than_40_lines(page):
    longest = max([n for tags, n in code_cells(source(page)) if hidden(tags)], default=0)
    assert longest <= 40, f"{page}: a hidden cell of {longest} lines"


def test_errata_hides_at_most_a_quarter_of_its_code():
    cells = code_cells(source("errata"))
    total = sum(n for _, n in cells)
    assert total > 0 and sum(n for tags, n in cells if hidden(tags)) <= total / 4


@pytest.mark.parametrize("page", ["errata", "data_methods", "intro", "course_guide", "reproducibility"])
def test_first_code_cell_imports_and_cells_import_modules_by_name(page):
    text = source(page)
    first = re.search(r"^```\{code-cell\}[^\n]*\n(.*?)^```", text, re.M | re.S).group(1)
    assert "import" in first
    assert not re.search(r"^from inland_coastal\.\w+ import", text, re.M), "import modules by name"
    assert not re.search(r"import \w+ as [A-Z]\b", text), "no one-letter aliases"


# ---------------------------------------------------------------- 导读
def test_intro_headline_numbers(built_book):
    g = page_glue("intro")
    pop = raw.group_sum("population", "nbs_db", 2022)
    assert (g["intro-first-year"], g["intro-last-year"]) == (2012, 2022)
    assert g["intro-coastal-gdp-share-last"] == printed("T1", "gdp_share", 2022, "coastal")
    assert g["intro-coastal-gdp-share-first"] == printed("T1", "gdp_share", 2012, "coastal")
    assert g["intro-coastal-pop-share-last"] == pytest.approx(pop["coastal"] / pop["national"] * 100)
    assert g["intro-inland-index-first"] == printed("T2", "gdp_per_capita_index", 2012, "inland")
    assert g["intro-n-coastal"] == sum(v == "coastal" for v in groups("coastal").values())


def test_intro_panel_counts(built_book):
    g = page_glue("intro")
    r = rows("provinces.csv")
    assert g["intro-panel-rows"] == len(r)
    assert g["intro-panel-year-min"] == min(int(x["year"]) for x in r)
    assert g["intro-panel-vintages"] == len({x["vintage"] for x in r})
    assert g["intro-years-real-last"] == max(int(x["year"]) for x in r if x["indicator"] == "gdp_index")


def test_intro_has_abstract_commands_and_three_reading_paths():
    text = source("intro")
    assert "## Abstract" in text and "make book" in text and "make test" in text
    for chapter in ("background", "logic", "mechanisms", "dilemmas", "pathways"):
        assert f"{{doc}}`{chapter}`" in text
    paths = text[text.index("## 三种读法"):text.index("## 全书结构")]
    assert [ln for ln in paths.splitlines() if ln and not ln.startswith((":", " ", "#"))] == \
           ["在手机上读", "重新运行的学生", "备课的教师"]
    assert "用我们自己的话" not in text


# ---------------------------------------------------------------- 数据与方法
def test_data_methods_counts(built_book):
    g = page_glue("data_methods")
    r = rows("provinces.csv")
    assert g["data_methods-panel-rows"] == len(r)
    assert g["data_methods-panel-series"] == len({(x["indicator"], x["vintage"]) for x in r})
    for scheme in ("coastal", "four_regions", "north_south"):
        m = groups(scheme)
        for grp in set(m.values()):
            assert g[f"data_methods-n-{scheme}-{grp}"] == sum(v == grp for v in m.values())
    assert (g["data_methods-n-north_south-north"], g["data_methods-n-north_south-south"]) == (15, 16)
    assert groups("north_south")[540000] == "south"   # Tibet counted south


def test_data_methods_worked_examples(built_book):
    g = page_glue("data_methods")
    year = g["data_methods-pc-year"]
    s, p = raw.group_sum("gdp", "paper", year), raw.group_sum("population", "nbs_db", year)
    assert g["data_methods-pc-coastal"] == pytest.approx(s["coastal"] / p["coastal"] * 1e4)
    assert g["data_methods-pc-coastal"] == pytest.approx(printed("T2", "gdp_per_capita", year, "coastal"), abs=0.006)
    assert g["data_methods-pc-coastal-mean"] != pytest.approx(g["data_methods-pc-coastal"], rel=1e-3)
    # Theil T from the raw per-capita values and population shares
    import numpy as np
    _, y, w = per_capita_gdp(year)
    pw = w / w.sum()
    mu = (pw * y).sum()
    theil = float((pw * y / mu * np.log(y / mu)).sum())
    assert g["data_methods-theil-total"] == pytest.approx(theil)
    assert g["data_methods-theil-between"] + g["data_methods-theil-within"] == pytest.approx(theil)
    assert g["data_methods-theil-between"] < g["data_methods-theil-within"]


def test_data_methods_real_growth_and_convergence(built_book):
    g = page_glue("data_methods")
    year = g["data_methods-real-year"]
    assert year == 2019
    for grp in ("national", "coastal", "inland"):
        assert g[f"data_methods-real-real-{grp}"] == pytest.approx(raw.real_growth(year, grp))
    nom = raw.group_sum("gdp", "nbs_db_2021", year), raw.group_sum("gdp", "nbs_db_2021", year - 1)
    assert g["data_methods-real-nominal-inland"] == pytest.approx((nom[0]["inland"] / nom[1]["inland"] - 1) * 100)
    for kind, real in (("nominal", False), ("real", True)):
        beta, half = raw.beta_half_life(2005, 2019, real)
        assert g[f"data_methods-conv-beta-{kind}"] == pytest.approx(beta)
        assert g[f"data_methods-conv-half_life-{kind}"] == pytest.approx(half)
    assert g["data_methods-conv-half_life-real"] > g["data_methods-conv-half_life-nominal"]
    assert g["data_methods-conv-corr"] < 0     # the prose: poorer provinces' prices rose faster


def test_data_methods_shift_share_openness_and_fiscal_gap(built_book):
    g = page_glue("data_methods")
    assert g["data_methods-ss-identity-maxabs"] < 1e-6
    assert g["data_methods-ss-inland-industry_mix"] == pytest.approx(-g["data_methods-ss-coastal-industry_mix"])
    # the inland regional shift from the raw value added: E0 (g_k,inland − g_k), summed over k
    rs = 0.0
    for k in ("va_primary", "va_secondary", "va_tertiary"):
        e0, e1 = raw.group_sum(k, "nbs_db_2021", 2012), raw.group_sum(k, "nbs_db_2021", 2019)
        rs += e0["inland"] * (e1["inland"] / e0["inland"] - e1["national"] / e0["national"])
    assert g["data_methods-ss-inland-regional_shift"] == pytest.approx(rs)
    rate = raw.exchange_rate(2019)
    t, y = raw.group_sum("trade_usd", "nbs_db_2021", 2019), raw.group_sum("gdp", "nbs_db_2021", 2019)
    assert g["data_methods-open-rate"] == rate
    assert g["data_methods-open-national"] == pytest.approx(t["national"] * rate * 1e3 / 1e8 / y["national"] * 100)
    rev, exp = raw.group_sum("fiscal_revenue", "nbs_db_2021", 2019), raw.group_sum("fiscal_expenditure", "nbs_db_2021", 2019)
    pop = raw.group_sum("population", "nbs_db", 2019)
    assert g["data_methods-open-gap-pc-inland"] == pytest.approx((exp["inland"] - rev["inland"]) / pop["inland"] * 1e4)


def test_data_methods_breaks(built_book):
    g = page_glue("data_methods")
    assert g["data_methods-breaks-pop-before"] == raw.group_sum("population", "nbs_db", 2004)["national"]
    assert g["data_methods-breaks-pop-after"] == raw.group_sum("population", "nbs_db", 2005)["national"]
    assert g["data_methods-breaks-first-step"] > 1 > 0.5 > abs(g["data_methods-breaks-db-step"])


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


def test_data_methods_has_every_formula_and_the_timeline():
    text = source("data_methods")
    for label in ["eq-group-total", "eq-per-capita", "eq-share", "eq-index", "eq-theil-t", "eq-theil-l",
                  "eq-theil-decomposition", "eq-williamson", "eq-gini", "eq-sigma", "eq-beta", "eq-lambda",
                  "eq-haversine", "eq-gravity", "eq-market-potential", "eq-location-quotient", "eq-upgrading",
                  "eq-scenario", "eq-scenario-ratio", "eq-weighted-mean", "eq-openness",
                  "eq-relative-openness", "eq-cagr", "eq-real-growth", "eq-chain", "eq-shift-share",
                  "eq-fiscal-gap", "eq-openness-usd"]:
        assert f":label: {label}" in text, label
    assert "## 政策与冲击的时间线" in text and "## 断点与衔接" in text
    assert "斜率恰好是 $-2$" in text   # the gravity index is built with D^-2


# ---------------------------------------------------------------- 勘误与说明
def test_errata_table4_and_the_fiscal_figure(built_book):
    g = page_glue("errata")
    assert g["errata-t4-implied-pop-maxdiff-pct"] == pytest.approx(raw.implied_population_maxdiff_pct())
    assert g["errata-t4-implied-pop-maxdiff-pct"] < 0.001   # percent: equal to within rounding
    assert g["errata-t4-income-national-last"] == pytest.approx(raw.weighted_income(2022))
    assert g["errata-fiscal-t3-inland-last"] == printed("T3", "fiscal_revenue", 2022, "inland") == 49214.23
    assert g["errata-fiscal-t1-inland-last"] == printed("T1", "gdp", 2022, "inland")
    assert g["errata-national-province-sum-last"] == pytest.approx(sum(values("gdp", "paper", 2022).values()))


def test_errata_reproduction_and_later_vintages(built_book):
    g = page_glue("errata")
    years = range(2012, 2020)
    assert g["errata-repro-t5-maxdiff"] == raw.max_table_diff("T5", "goods_trade", "trade_usd", "nbs_db_2021",
                                                               years, 0) == 0
    assert g["errata-repro-t3-maxdiff"] == pytest.approx(
        raw.max_table_diff("T3", "fiscal_revenue", "fiscal_revenue", "nbs_db_2021", years, 2))
    assert g["errata-t3-later-last"] == pytest.approx(sum(values("fiscal_revenue", "nbs_db_2025", 2022).values()))
    assert g["errata-t3-paper-last"] == printed("T3", "fiscal_revenue", 2022, "national")
    s22 = sum(values("trade_usd", "nbs_db_2026", 2022).values())
    p22 = printed("T5", "goods_trade", 2022, "national")
    assert g["errata-t5-later-reldiff-2022"] == pytest.approx((s22 - p22) / p22 * 100)
    assert g["errata-va-va2-rev-last"] == pytest.approx(sum(values("va_secondary", "rev2025", 2022).values()))
    assert g["errata-va-va2-paper-last"] == printed("T7", "va_secondary", 2022, "national")


def test_errata_vintage_of_the_papers_gdp(built_book):
    g = page_glue("errata")
    assert g["errata-vintage-paper-step"] == pytest.approx(raw.share("gdp", "paper", 2019) - raw.share("gdp", "paper", 2018))
    assert g["errata-vintage-first-step"] == pytest.approx(
        raw.share("gdp", "first_release", 2019) - raw.share("gdp", "first_release", 2018))
    assert abs(g["errata-vintage-paper-step"]) < 0.5 and g["errata-vintage-first-step"] > 1
    assert g["errata-vintage-paper-minus-rev-last"] == pytest.approx(
        raw.share("gdp", "paper", 2022) - raw.share("gdp", "rev2025", 2022))


def test_errata_north_south_declines_and_the_industry_gap(built_book):
    g = page_glue("errata")
    fr = raw.group_sum("gdp", "first_release", 2021, "north_south")
    assert g["errata-ns-first-north"] == pytest.approx(fr["north"]) == pytest.approx(401039.2)
    assert g["errata-ns-first-south"] == pytest.approx(fr["south"]) == pytest.approx(736704.2)
    for year in (2021, 2022):
        assert (g[f"errata-decline-{year}-n"], g[f"errata-decline-{year}-south"]) == raw.population_declines(year)
    assert g["errata-gap-va2-pc-ratio-last"] == pytest.approx(raw.per_capita_ratio("T7", "va_secondary", 2022))
    assert g["errata-gap-va2-pc-ratio-last"] < g["errata-gap-va2-pc-ratio-first"]
    assert g["errata-gap-va2-gap-last"] > g["errata-gap-va2-gap-first"]


def test_errata_free_trade_zones_and_the_corridor(built_book):
    g = page_glue("errata")
    assert g["errata-ftz-hunan-year"] == raw.timeline_ftz_year("湖南") == 2020
    assert g["errata-ftz-xinjiang-year"] == raw.timeline_ftz_year("新疆") == 2023
    text = page_text("errata")
    assert "两横三纵" in text and "包昆通道" in text and "三条纵轴" in text
    assert "东西向综合大通道" in text       # the paper's phrase, quoted, not more


def test_errata_sources_cited_and_date_slip():
    text = source("errata")
    for key in ("friedmann1966", "state_council2010_zoning", "state_council2020_ftz",
                "state_council2023_xinjiang_ftz", "sun_wang2023", "zhou_qiye1957", "quesnay1766"):
        assert f"{{cite}}`{key}`" in text, key
    assert "19世纪60年代" in text and "20 世纪" in text
    assert "2012—2015 年没有分省财政收入" not in text   # out of date since the long panel


# ---------------------------------------------------------------- 术语表
REQUIRED_TERMS = ["飞地经济", "对口支援", "点轴系统", "涓滴效应", "增长极", "中心—外围", "梯度转移", "双循环",
                  "空间贫困陷阱", "极化效应", "区位商", "泰尔指数", "σ收敛", "β收敛", "引力模型", "市场潜能",
                  "口径", "数据版本", "名义增长", "实际增长", "地区生产总值平减指数", "偏离—份额分析", "财政缺口",
                  "城镇化率", "按经营单位所在地统计", "增值税留抵退税", "产业转移", "两横三纵", "自由贸易试验区"]


def glossary_entries() -> dict[str, tuple[list[str], str]]:
    """first term of each entry -> (its term lines, its definition)."""
    entries = {}
    for block in re.findall(r"```\{glossary\}\n(.*?)```", source("glossary"), flags=re.S):
        for entry in re.split(r"\n\s*\n", block.strip()):
            lines = entry.splitlines()
            terms = [ln.strip() for ln in lines if ln.strip() and not ln.startswith((" ", "\t"))]
            definition = " ".join(ln.strip() for ln in lines if ln.startswith((" ", "\t")))
            entries[terms[0]] = (terms, definition)
    return entries


def test_glossary_has_required_terms_in_its_format():
    entries = glossary_entries()
    for term in REQUIRED_TERMS:
        assert term in entries, term
    for term, (names, definition) in entries.items():
        assert any(re.search(r"[A-Za-z]{3}", t) for t in names[1:]), f"{term} has no English name"
        assert re.search(r"本书：.*。$", definition), f"{term}: the definition must end with 本书：..."
    assert "enclave economy" in entries["飞地经济"][1] and "不宜直译" in entries["飞地经济"][1]


def test_every_term_link_in_the_book_has_an_entry():
    names = {n for terms, _ in glossary_entries().values() for n in terms}
    for page in sorted((ROOT / "chapters").glob("*.md")):
        for m in re.finditer(r"\{term\}`([^`]+)`", page.read_text(encoding="utf-8")):
            target = re.search(r"<([^>]+)>$", m.group(1))
            term = target.group(1) if target else m.group(1)
            assert term in names, f"{page.name}: {{term}} {term!r} has no glossary entry"


def test_glossary_html_defines_terms_and_glues_counts(built_book):
    html = page_html("glossary")
    assert re.search(r'<dl class="[^"]*\bglossary\b', html)
    for term in REQUIRED_TERMS:
        assert term in html
    g = page_glue("glossary")
    assert g["glossary-n-coastal-coastal"] == sum(v == "coastal" for v in groups("coastal").values())
    assert g["glossary-real-last"] == 2019


# ---------------------------------------------------------------- 参考文献
def bib():
    from pybtex.database import parse_file

    return parse_file(str(ROOT / "chapters" / "references.bib"))


def test_bibliography_is_honest():
    entries = bib().entries
    for key in ["wu_inland_coastal", "friedmann1966", "harris1954", "jalan_ravallion1997", "lu_dadao1986",
                "quesnay1766", "zhou_guo1994", "theil1967", "williamson1965", "barro_salaimartin1992",
                "shorrocks1980", "state_council2010_zoning"]:
        assert key in entries, key
    paper = entries["wu_inland_coastal"].fields
    assert "journal" not in paper and "year" not in paper   # the paper text states neither
    for key, e in entries.items():
        if "论文所引" in e.fields.get("note", ""):
            invented = {"title", "journal", "booktitle", "pages", "volume", "publisher"} & set(e.fields)
            assert not invented, f"{key} carries {invented} although the paper gives only author and year"
    zhou = entries["zhou_qiye1957"].fields
    assert "待核实" in zhou["note"] and zhou["year"] == "1957" and "title" not in zhou


def test_every_reference_is_cited_somewhere():
    cited = set()
    for page in (ROOT / "chapters").glob("*.md"):
        for m in re.finditer(r"\{cite(?::\w+)?\}`([^`]+)`", page.read_text(encoding="utf-8")):
            cited |= {k.strip() for k in m.group(1).split(",")}
    keys = set(bib().entries)
    assert keys - cited == set(), "never cited"
    assert cited - keys == set(), "cited but not in references.bib"


def test_references_page(built_book):
    assert "```{bibliography}" in (ROOT / "chapters" / "references.md").read_text(encoding="utf-8")
    text = page_text("references")
    assert "吴碧波" in text and "Friedmann" in text and "待核实" in text


# ---------------------------------------------------------------- 课程指南
def test_course_guide_counts_exercises_and_lists_them(built_book):
    g = page_glue("course_guide")
    labels, minutes = [], []
    for chapter in ("background", "logic", "mechanisms", "dilemmas", "pathways"):
        text = source(chapter)
        found = re.findall(r"^(?:`{3,}|:{3,})\{exercise\}([^\n]*)\n:label:\s*(\S+)", text, flags=re.M)
        labels += [lab for _, lab in found]
        minutes += [int(m) for t, _ in found for m in re.findall(r"约\s*(\d+)\s*分钟", t)]
    assert g["course_guide-ex-n-exercises"] == len(labels)
    assert g["course_guide-ex-minutes-total"] >= sum(minutes)
    html = page_html("course_guide")
    for lab in labels:
        assert f'#{lab}"' in html, f"no link to exercise {lab}"


def test_course_guide_plan_reads_every_body_section_once(built_book):
    g = page_glue("course_guide")
    assert g["course_guide-sessions"] == 8
    # the readings are glued as Markdown text: read them where the page shows them
    text = page_text("course_guide")
    plan = text[text.index("下面逐次说明课上做什么"):text.index("排成十六周。 把每次课")]
    for chapter in ("background", "mechanisms", "pathways"):
        assert plan.count(f"《{SHORT_NAMES[chapter]}》全篇") == 1
    for chapter, name in (("logic", "内在逻辑"), ("dilemmas", "困境")):
        titles = re.findall(r"^## (.+)$", source(chapter), re.M)
        titles = [t for t in titles if not t.startswith(("本章小结", "练习", "小结"))]
        assert plan.count(f"《{name}》第 1 段") == plan.count(f"《{name}》第 2 段") == 1
        for t in titles:
            assert plan.count(f"“{t}”") == 1, t
    assert max(g[f"course_guide-s{n}-reading-minutes"] for n in range(1, 9)) <= 90   # a realistic load


def test_course_guide_presents_learning_goals_as_the_chapters_do():
    text = source("course_guide")
    m = re.search(r"```\{admonition\} 学习目标\n:class: tip\n(.*?)```", text, re.S)
    assert m and "应当能够：" in m.group(1)
    assert re.findall(r"^\d+\. ", m.group(1), re.M)


# ---------------------------------------------------------------- 在本地运行与更新数据
def test_local_run_shows_validate_identities_and_the_new_commands(built_book):
    # read the rendered page, not _build/jupyter_execute: myst-nb 1.4 writes that notebook
    # without outputs when a page is re-read and its outputs come from the execution cache
    out = page_text("local_run")
    for f in sorted((ROOT / "data" / "samples").glob("*.csv")):
        assert f"data/samples/{f.name}: OK (NBS export)" in out
    assert "(a truncated or malformed row)" in out
    assert "choose a new --vintage or pass --replace" in out
    assert "added 279 rows of fiscal_revenue (vintage sample_demo" in out
    assert "湖北省 2015 (nbs_db_2021): the three industries' value added must sum to GDP" in out
    assert "is not additive" in out
    assert "crosses the 2004/2005 population break" in out
    assert "start,end,n,beta,se,speed,half_life,sd_log_start,sd_log_end" in out
    assert "[退出状态 1]" in out and "[退出状态 0]" in out


# ---------------------------------------------------------------- 可重复性
def test_reproducibility_versions_and_checksums(built_book):
    g, md = page_glue("reproducibility"), glued_markdown("reproducibility")
    for name in ["jupyter-book", "myst-nb", "sphinx", "pandas", "altair", "ipywidgets", "statsmodels", "numpy"]:
        assert md[f"reproducibility-version-{name}"] == version(name)
    data = ROOT / "data"
    files = sorted(data.glob("*.csv")) + sorted((data / "samples").glob("*.csv"))
    assert g["reproducibility-n-files"] == len(files)
    for f in files:
        key = f"reproducibility-sha-{f.relative_to(data).as_posix()}"
        assert md[key] == hashlib.sha256(f.read_bytes()).hexdigest(), f"{f} changed since the book was built"


def test_reproducibility_has_exec_table():
    assert "```{nb-exec-table}" in source("reproducibility")


def test_glossary_points_to_pages_that_use_the_term():
    """The 本书： pointers of each entry name pages whose prose uses the term (counted by
    teaching.term_usage, the table at the end of the glossary)."""
    from inland_coastal import teaching

    usage = teaching.term_usage().set_index("术语")["出现的页面（次数）"]
    for term, (_, definition) in glossary_entries().items():
        claimed = re.findall(r"\{doc\}`(\w+)`", definition.split("本书：")[-1])
        used = re.findall(r"\{doc\}`(\w+)`（", usage[term])
        assert set(claimed) <= set(used), f"{term}: 本书 names {claimed}, the term occurs in {used}"
