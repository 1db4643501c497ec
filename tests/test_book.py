"""The built book: every page executed without error, the chapters carry their charts,
figures and tables are numbered, and the paper's tables are on the pages that discuss them.
`make test` builds the book first."""
import json
import re

import pytest
import yaml

from conftest import BUILD, ROOT

HTML = BUILD / "html"
CHAPTERS = ["background", "logic", "mechanisms", "dilemmas", "pathways"]


def toc_pages():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    pages = [toc["root"]]
    for part in toc.get("parts", []):
        pages += [c["file"] for c in part["chapters"]]
    return pages


def page_html(page: str) -> str:
    path = HTML / f"{page}.html"
    assert path.exists(), f"{path} was not built"
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("page", toc_pages())
def test_page_executed_without_errors(page):
    nb = BUILD / "jupyter_execute" / f"{page}.ipynb"
    html = page_html(page)
    assert "Traceback" not in html and "(Being written.)" not in html
    if not nb.exists():  # a page with no code cells is not executed
        return
    for cell in json.loads(nb.read_text())["cells"]:
        for out in cell.get("outputs", []):
            assert out.get("output_type") != "error", (page, out.get("ename"), out.get("evalue"))


def test_toc_mirrors_the_paper():
    titles = {}
    for page in toc_pages():
        m = re.search(r"<h1>(.*?)<a", page_html(page), re.S)
        titles[page] = re.sub(r"<.*?>", "", m.group(1)).strip() if m else ""
    expected = {"chapters/background": "背景", "chapters/logic": "内在逻辑", "chapters/mechanisms": "动力机制",
                "chapters/dilemmas": "困境", "chapters/pathways": "突破路径"}
    for page, word in expected.items():
        assert word in titles[page], (page, titles[page])
    order = [p for p in toc_pages() if p in expected]
    assert order == list(expected)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_has_charts_exercises_and_numbered_figures(chapter):
    html = page_html(f"chapters/{chapter}")
    charts = len(re.findall(r'class="ic-chart', html))
    assert charts >= 3, f"{chapter} has {charts} charts"
    assert len(re.findall(r'class="[^"]*exercise', html)) >= 3
    assert re.search(r"图 \d+(\.\d+)*", html), "no numbered figure"


def test_book_has_at_least_20_charts():
    total = sum(len(re.findall(r'class="ic-chart', page_html(p))) for p in toc_pages())
    assert total >= 20, total


@pytest.mark.parametrize("n,chapter", [(1, "logic"), (2, "logic"), (3, "logic"), (4, "logic"), (5, "logic"),
                                       (6, "dilemmas"), (7, "dilemmas"), (8, "dilemmas")])
def test_paper_tables_on_their_pages(n, chapter):
    """The formatted table carries the paper's printed 2022 and 2012 values."""
    from inland_coastal.indicators import TABLES, table_from_paper

    spec = TABLES[n]
    html = page_html(f"chapters/{chapter}")
    t = table_from_paper(n).set_index("year")
    for year in (2012, 2022):
        for col in ("national", "coastal", "inland"):
            s = format(t.loc[year, col], f",.{spec.decimals}f")
            assert s in html, (n, year, col, s)
        assert format(t.loc[year, "coastal_pct"], ".2f") in html
