"""_ext/zh_search.py: the Chinese search language gives Sphinx's own words and stems."""
from __future__ import annotations

import importlib.util

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def zh_search():
    spec = importlib.util.spec_from_file_location("zh_search", ROOT / "_ext" / "zh_search.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


WORDS = ["沿海", "内陆", "Theil", "theil", "GDP", "gdp", "Gini", "regions", "regional", "cooperation",
         "was", "is", "news", "The", "datum", "ab", "running", "run", "altair", "Vega-Lite"]


def test_chinese_search_splits_and_stems_as_sphinx(zh_search):
    from sphinx.search import zh

    ours, theirs = zh_search.SearchChinese({}), zh.SearchChinese({})
    assert isinstance(ours, zh.SearchChinese) and ours.lang == "zh"
    text = "沿海与内陆的产业合作：Theil 指数与 GDP 的 regional convergence（β 收敛）"
    assert ours.split(text) == theirs.split(text)
    assert "沿海" in ours.split(text) and "Theil" in ours.split(text)
    for w in WORDS * 2:  # twice: the second time from the kept stems
        assert ours.stem(w) == theirs.stem(w), w
    assert ours.stem("running") == "run"
    assert ours.stem("GDP") == theirs.stem("GDP") == "gdp"
    # a Latin term seen in the text that stemming would cut below 3 letters stays whole, as in
    # Sphinx ("ins" -> "in" otherwise)
    assert zh_search.SearchChinese({}).stem("ins") == "in"
    ours.split("the ins and outs"), theirs.split("the ins and outs")
    assert ours.stem("ins") == theirs.stem("ins") == "ins"


def test_registered_for_zh(zh_search):
    seen = {}

    class App:
        def add_search_language(self, cls):
            seen["cls"] = cls

    meta = zh_search.setup(App())
    assert seen["cls"] is zh_search.SearchChinese
    assert meta["parallel_read_safe"] and meta["parallel_write_safe"]
