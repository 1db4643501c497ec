"""_ext/fast_build.py: each shortcut gives what Sphinx, pybtex and nbformat give without it."""
from __future__ import annotations

import importlib.util

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def fb():
    spec = importlib.util.spec_from_file_location("fast_build", ROOT / "_ext" / "fast_build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


WORDS = ["沿海", "内陆", "Theil", "theil", "GDP", "gdp", "Gini", "regions", "regional", "cooperation",
         "was", "is", "news", "The", "datum", "ab", "running", "run", "altair", "Vega-Lite"]


def test_chinese_search_splits_and_stems_as_sphinx(fb):
    from sphinx.search import zh

    ours, theirs = fb.chinese_search_language()({}), zh.SearchChinese({})
    text = "沿海与内陆的产业合作：Theil 指数与 GDP 的 regional convergence（β 收敛）"
    assert ours.split(text) == theirs.split(text)
    assert "沿海" in ours.split(text) and "Theil" in ours.split(text)
    for w in WORDS * 2:  # twice: the second time from the kept stems
        assert ours.stem(w) == theirs.stem(w), w
    # "news" is a Latin term seen in the text: kept whole although its stem is short, as in Sphinx
    ours.split("news"), theirs.split("news")
    assert ours.stem("news") == theirs.stem("news")


def test_pybtex_plugins_are_the_same_when_kept(fb):
    import pybtex.plugin as plugin

    before = plugin.find_plugin("pybtex.style.formatting", "plain")
    fb.keep_pybtex_plugins()
    fb.keep_pybtex_plugins()  # twice is harmless
    assert plugin.find_plugin("pybtex.style.formatting", "plain") is before
    with pytest.raises(plugin.PluginNotFound):
        plugin.find_plugin("pybtex.style.formatting", "no-such-style")


def test_output_checks_accept_and_reject_as_nbformat(fb):
    import nbformat
    from nbformat.v4 import nbbase

    original = nbbase.validate
    fb.fast_output_checks()
    try:
        out = nbbase.new_output("display_data", data={"text/plain": "1", "text/html": "<b>1</b>"},
                                metadata={"scrapbook": {"name": "x"}})
        assert out["output_type"] == "display_data"
        nbbase.new_output("stream", name="stdout", text="a\n")
        nbbase.new_output("error", ename="E", evalue="v", traceback=["t"])
        for bad, ref in [({"output_type": "display_data", "data": 5, "metadata": {}}, "display_data"),
                         ({"output_type": "stream", "name": "stdout"}, "stream")]:
            with pytest.raises(nbformat.ValidationError):
                original(bad, ref)
            with pytest.raises(nbformat.ValidationError):
                nbbase.validate(bad, ref)
    finally:
        nbbase.validate = original
