"""Sphinx extension: the same book, built in less time.

Each measure below keeps the output as it was and removes work that long Chinese pages full of
charts, tables and glued numbers made expensive (``make bench`` measures the build):

* Chinese full-text search: Sphinx's ``zh`` search language (jieba word splitter), with the
  Latin terms it has seen kept in a set (Sphinx keeps a list shared by the whole build and scans
  it for every word it stems) and each distinct word stemmed once;
* numbered references: Sphinx unpickles another page's whole doctree for every ``{numref}`` to a
  figure or table on it, and once more per page to number the figures; both only read it, so
  between the end of reading and the end of the build each page's doctree is unpickled once
  and shared (pages being written still get their own fresh copies from Sphinx);
* citations: sphinxcontrib-bibtex asks pybtex for its style plugins at every citation and
  pybtex looks each one up among all installed packages' entry points; the answer does not
  change within a build, so it is kept;
* the sidebar: see :func:`_sidebar_to_pages`;
* notebook execution: nbclient checks every output message of a running kernel against the
  notebook schema, and nbformat checks a part of a notebook with jsonschema (its fast validator
  handles whole notebooks only), about a millisecond per output while the chapters glue
  hundreds of values; parts are checked with fastjsonschema against the same schema, anything it
  rejects goes to nbformat's own check for the error message, and whole notebooks are validated
  by nbformat as before when they are written.
"""
from __future__ import annotations

import functools
import hashlib
from pathlib import Path

# ---------------------------------------------------------------- search
def chinese_search_language():
    from sphinx.search import zh

    class SearchChinese(zh.SearchChinese):
        def init(self, options):
            super().init(options)
            self.latin_terms = set()
            self._stems: dict[str, str] = {}

        def split(self, input):
            chinese = list(zh.jieba.cut_for_search(input)) if zh.JIEBA else []
            latin1 = [term.strip() for term in self.latin1_letters.findall(input)]
            self.latin_terms.update(latin1)
            return chinese + latin1

        def stem(self, word):
            low = word.lower()
            stemmed = self._stems.get(low)
            if stemmed is None:
                stemmed = self._stems[low] = self.stemmer.stemWord(low)
            # as Sphinx: long Latin terms that stemming would cut below 3 letters stay whole
            if len(word) >= 3 and len(stemmed) < 3 and word in self.latin_terms:
                return low
            return stemmed

    return SearchChinese


# ---------------------------------------------------------------- numbered references
_DOCTREES: dict = {}


def _shared_doctrees(fn):
    """``fn(self, env, ...)`` with ``env.get_doctree`` answered from one shared copy per page."""
    if getattr(fn, "_fast_build", False):
        return fn

    def wrapper(self, env, *args, **kwargs):
        def cached(docname, _real=env.get_doctree):
            if docname not in _DOCTREES:
                _DOCTREES[docname] = _real(docname)
            return _DOCTREES[docname]

        env.get_doctree = cached
        try:
            return fn(self, env, *args, **kwargs)
        finally:
            del env.get_doctree

    wrapper._fast_build = True
    return wrapper


def share_doctrees() -> None:
    from sphinx.domains.std import StandardDomain
    from sphinx.environment.collectors.toctree import TocTreeCollector

    StandardDomain._resolve_numref_xref = _shared_doctrees(StandardDomain._resolve_numref_xref)
    TocTreeCollector.assign_figure_numbers = _shared_doctrees(TocTreeCollector.assign_figure_numbers)


def _forget_doctrees(*args) -> None:
    _DOCTREES.clear()


# ---------------------------------------------------------------- citations
def keep_pybtex_plugins() -> None:
    try:
        import pybtex.plugin as plugin
    except ImportError:  # pragma: no cover - sphinxcontrib-bibtex depends on it
        return
    if not hasattr(plugin._load_entry_point, "cache_info"):
        plugin._load_entry_point = functools.lru_cache(maxsize=None)(plugin._load_entry_point)


# ---------------------------------------------------------------- notebook outputs
def _part_checker(nbformat_check):
    """``validate(node, ref)`` for nbformat.v4.nbbase: parts (``ref`` given) checked with
    fastjsonschema compiled once per part type; nbformat's own check for whole notebooks and
    for anything fastjsonschema rejects (its error message is the one readers know)."""
    import fastjsonschema
    from nbformat.v4 import nbbase
    from nbformat.validator import get_validator

    schema = get_validator(version=nbbase.nbformat, version_minor=nbbase.nbformat_minor,
                           name="fastjsonschema")._schema
    compiled: dict = {}

    def check(node, ref=None):
        if ref is None:
            return nbformat_check(node, ref)
        fn = compiled.get(ref)
        if fn is None:
            fn = compiled[ref] = fastjsonschema.compile(
                {"$schema": schema["$schema"], "definitions": schema["definitions"],
                 "$ref": f"#/definitions/{ref}"}, use_default=False)
        try:
            fn(node)
        except fastjsonschema.JsonSchemaException:
            return nbformat_check(node, ref)
        return None

    check._fast_build = True
    return check


def fast_output_checks() -> None:
    try:
        import fastjsonschema  # noqa: F401
        from nbformat.v4 import nbbase
    except ImportError:  # pragma: no cover - nbformat's own dependency
        return
    if not getattr(nbbase.validate, "_fast_build", False):
        nbbase.validate = _part_checker(nbbase.validate)


# ---------------------------------------------------------------- the sidebar
def _sidebar_to_pages(app, config) -> None:
    """The sidebar lists page titles only (sphinx-book-theme asks for ``titles_only``), but the
    theme's default depth (4) makes Sphinx copy every section heading of every page into each
    page's sidebar first and drop them afterwards. The book's table of contents is one level
    of pages under the part captions, so depth 1 gives the same sidebar."""
    config.html_theme_options.setdefault("max_navbar_depth", 1)


def setup(app):
    app.connect("config-inited", _sidebar_to_pages)
    app.add_search_language(chinese_search_language())
    keep_pybtex_plugins()
    share_doctrees()
    fast_output_checks()
    for event in ("env-before-read-docs", "env-updated", "build-finished"):
        app.connect(event, _forget_doctrees)
    # a new version of this file may change the search index: Sphinx then re-reads every page
    env_version = int(hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:7], 16)
    return {"version": "1", "env_version": env_version, "parallel_read_safe": True,
            "parallel_write_safe": True}
