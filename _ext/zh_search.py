"""Sphinx extension: Chinese full-text search for the book.

Sphinx's own ``zh`` search language (``html_search_language: zh`` in ``_config.yml``) splits
Chinese text into words with jieba. It also remembers every Latin term it has seen in a list
shared by the whole build and scans that list for every word it stems, so that acronyms are not
cut short; on a book of long pages full of numbers and code that scan grows with the text.
:class:`SearchChinese` is a subclass of Sphinx's that gives the same words and stems (tested in
``tests/test_zh_search.py``), keeping the Latin terms in a set and each distinct word's stem once.
It is registered for ``zh`` with Sphinx's public ``app.add_search_language``.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from sphinx.search import zh


class SearchChinese(zh.SearchChinese):
    """Sphinx's Chinese search language with the Latin terms in a set and stems kept."""

    def init(self, options: dict[str, str]) -> None:
        super().init(options)
        self.latin_terms = set()
        self.stems: dict[str, str] = {}

    def split(self, input: str) -> list[str]:
        chinese = list(zh.jieba.cut_for_search(input)) if zh.JIEBA else []
        latin1 = [term.strip() for term in self.latin1_letters.findall(input)]
        self.latin_terms.update(latin1)
        return chinese + latin1

    def stem(self, word: str) -> str:
        low = word.lower()
        stemmed = self.stems.get(low)
        if stemmed is None:
            stemmed = self.stems[low] = self.stemmer.stemWord(low)
        # as Sphinx: Latin terms of 3 letters or more that stemming would cut below 3 stay whole
        if len(word) >= 3 and len(stemmed) < 3 and word in self.latin_terms:
            return low
        return stemmed


def setup(app):
    app.add_search_language(SearchChinese)
    # a new version of this file may change the search index: Sphinx then re-reads every page
    env_version = int(hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:7], 16)
    return {"version": "1", "env_version": env_version, "parallel_read_safe": True,
            "parallel_write_safe": True}
