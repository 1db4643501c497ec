"""The built book: every page executed without error, the chapters carry their charts,
figures and tables are numbered, and the paper's tables are on the pages that discuss them.
`make test` builds the book first."""
import json
import re

import pytest
import yaml

from conftest import BUILD, ROOT

HTML = BUILD / "html"
pytestmark = pytest.mark.usefixtures("built_book")  # every test here reads the built book
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


def _outputs(page: str) -> list[dict]:
    """Every output of a page's executed notebook, and the glue outputs myst-nb keeps beside it
    (<page>.glue.json: glue calls in removed cells)."""
    outs = []
    nb = BUILD / "jupyter_execute" / f"{page}.ipynb"
    if nb.exists():
        outs += [o for c in json.loads(nb.read_text())["cells"] for o in c.get("outputs", [])]
    store = BUILD / "jupyter_execute" / f"{page}.glue.json"
    if store.exists():
        outs += list(json.loads(store.read_text()).values())
    return outs


def _glued_plain(page: str) -> dict[str, str]:
    """name -> the text/plain a page glued."""
    out = {}
    for o in _outputs(page):
        name = o.get("metadata", {}).get("scrapbook", {}).get("name")
        text = o.get("data", {}).get("text/plain")
        if name and text is not None:
            out.setdefault(name, "".join(text) if isinstance(text, list) else text)
    return out


def _prose(md: str) -> str:
    """A MyST page without its code: the lines of code cells and of plain code blocks dropped,
    directives (exercises, tables, admonitions) and their content kept."""
    kept, stack = [], []  # open fences: (character, length, is code)
    for line in md.splitlines():
        m = re.match(r"^\s*(`{3,}|:{3,})\s*(.*?)\s*$", line)
        if m:
            fence, info = m.groups()
            if stack and not info and fence[0] == stack[-1][0] and len(fence) >= stack[-1][1]:
                stack.pop()
                continue
            if not (stack and stack[-1][2]):
                stack.append((fence[0], len(fence), not info.startswith("{") or info.startswith("{code-cell}")))
                continue
        if not any(code for *_, code in stack):
            kept.append(line)
    return "\n".join(kept)


_GLUE_TEXT = re.compile(r"\{glue:text\}`([^`]+)`")


def _as_rendered(text: str, spec: str) -> str:
    """The text a ``{glue:text}`name:spec``` role shows: the glued text/plain read back as a
    Python literal when it is one, formatted with ``spec`` (the format mini-language)."""
    import ast

    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        value = text
    kind = spec[-1] if spec else "s"
    if kind in "eEfFgGn%":
        value = float(value)
    elif kind in "bcdoxX":
        value = int(value)
    elif kind == "s":
        value = str(value)
    return format(value, spec) if spec else str(value)


@pytest.mark.parametrize("page", toc_pages())
def test_page_executed_without_errors_and_shows_its_glued_values(page):
    """No executed cell left an error or a traceback, and every ``{glue:text}`` role of the page's
    prose shows the value its notebook glued, formatted as the role asks (myst-nb drops a role
    whose value is missing or cannot be formatted; this counts the values on the page)."""
    from collections import Counter
    from html import escape

    html = page_html(page)
    assert "Traceback" not in html and "(Being written.)" not in html
    errors = [(o.get("ename"), o.get("evalue")) for o in _outputs(page) if o.get("output_type") == "error"]
    assert not errors, f"{page}: error outputs {errors}"
    source = _prose((ROOT / f"{page}.md").read_text(encoding="utf-8"))
    roles = [r for r in _GLUE_TEXT.findall(source) if "::" not in r]
    if not roles:
        return
    values = _glued_plain(page)
    expected = []
    for role in roles:
        name, _, spec = role.rpartition(":") if ":" in role else (role, "", "")
        assert name in values, f"{page}: {{glue:text}}`{role}` but nothing was glued as {name!r}"
        expected.append(escape(_as_rendered(values[name], spec), quote=False))
    shown = re.findall(r'<span class="pasted-text">(.*?)</span>', html, re.S)
    missing = Counter(expected) - Counter(shown)
    assert not missing, f"{page}: glued values not on the page: {dict(missing)}"
    assert len(shown) == len(expected), f"{page}: {len(shown)} pasted values for {len(expected)} roles"


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
