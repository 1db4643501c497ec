"""The book's teaching material read from the chapter sources: exercises (with their time
estimates), learning goals, sections and reading load, and a course plan built from them.

The course guide (课程指南) calls these when the book is built, so its lists and times follow
the chapters as they are: an exercise added to a chapter, or a time estimate changed in an
exercise's title, shows in the guide at the next build. Only the MyST Markdown sources in
``chapters/`` are read; nothing is executed.

Conventions read here (those of the chapters):

- an exercise is a ``{exercise}`` directive (backtick or colon fence) with a ``:label:``; its time
  estimate is written ``（约 N 分钟）`` in its title or its first line; the part of the title before
  a full-width colon is its kind (读图, 改分组, ...); its solution runs code when it is written
  with ``{solution-start}`` / ``{solution-end}`` around code cells;
- a chapter's learning goals are the numbered list of its ``学习目标`` admonition;
- a chapter's sections are its ``## `` headings; 本章小结 and 练习 are not reading sections.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .errors import DataError
from .paths import PROJECT_ROOT

#: the five body chapters, in the order of the paper's sections 2-6
CHAPTERS = ("background", "logic", "mechanisms", "dilemmas", "pathways")
#: their short names, those of the paper's sections
SHORT_NAMES = {"background": "背景", "logic": "内在逻辑", "mechanisms": "动力机制", "dilemmas": "困境",
               "pathways": "突破路径"}
#: characters of Chinese prose a student reads carefully in a minute (a rule of thumb for a text
#: with numbers to check; a quick read of plain prose runs at twice this)
READING_RATE = 250
#: minutes added for each numbered figure, table or displayed equation a student has to read
MINUTES_PER_EXHIBIT = 2
#: headings that are not reading sections
NOT_READING = ("本章小结", "练习", "小结")

_FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{exercise\}[ \t]*(?P<title>[^\n]*)\n(?P<body>.*?)^(?P=fence)[ \t]*$",
                    re.M | re.S)
_MINUTES = re.compile(r"[（(]\s*约\s*(\d+)\s*分钟\s*[)）]")
_LABEL = re.compile(r"^:label:\s*(\S+)", re.M)
_REFS = re.compile(r"\{(?:numref|ref|eq)\}`(?:[^`<]*<)?([^`>]+)>?`")
_CODE = re.compile(r"```\{code-cell\}.*?```", re.S)


def chapter_path(chapter: str, root: str | Path | None = None) -> Path:
    path = Path(root or PROJECT_ROOT) / "chapters" / f"{chapter}.md"
    if not path.exists():
        raise DataError(f"no chapter '{chapter}': {path} does not exist")
    return path


def chapter_source(chapter: str, root: str | Path | None = None) -> str:
    """The MyST Markdown source of ``chapters/<chapter>.md``."""
    return chapter_path(chapter, root).read_text(encoding="utf-8")


def chapter_title(chapter: str, root: str | Path | None = None) -> str:
    """The chapter's first ``# `` heading."""
    m = re.search(r"^# (.+)$", chapter_source(chapter, root), re.M)
    return m.group(1).strip() if m else chapter


@dataclass(frozen=True)
class Exercise:
    chapter: str
    label: str
    title: str
    kind: str
    minutes: int | None
    code: bool
    refs: tuple


def exercises(chapter: str, root: str | Path | None = None) -> list[Exercise]:
    """Every labelled exercise of a chapter, in order.

    ``minutes`` is the N of ``（约 N 分钟）`` in the title or the first non-empty line of the
    statement (None when the chapter gives none); ``refs`` are the labels the statement cites
    (``{numref}``, ``{ref}``, ``{eq}``), used to place the exercise in a section."""
    text = chapter_source(chapter, root)
    out = []
    for m in _FENCE.finditer(text):
        body = m.group("body")
        label = _LABEL.search(body)
        if not label:
            continue
        label = label.group(1)
        title = m.group("title").strip()
        statement = [ln for ln in body.splitlines() if ln.strip() and not ln.startswith(":")]
        minutes = _MINUTES.search(title) or (_MINUTES.search(statement[0]) if statement else None)
        kind = title.split("：", 1)[0].strip() if "：" in title else "—"
        code = re.search(r"\{solution-start\}\s*" + re.escape(label) + r"\b", text) is not None
        out.append(Exercise(chapter, label, title, kind, int(minutes.group(1)) if minutes else None, code,
                            tuple(dict.fromkeys(_REFS.findall(body)))))
    return out


def exercise_table(chapters=CHAPTERS, root: str | Path | None = None) -> pd.DataFrame:
    """All exercises of ``chapters``: chapter, number (in the chapter), label, title, kind,
    minutes (NaN where none is given), code (bool)."""
    rows = []
    for c in chapters:
        for i, e in enumerate(exercises(c, root), start=1):
            rows.append({"chapter": c, "number": i, "label": e.label, "title": e.title, "kind": e.kind,
                         "minutes": e.minutes, "code": e.code})
    return pd.DataFrame(rows, columns=["chapter", "number", "label", "title", "kind", "minutes", "code"])


def learning_goals(chapter: str, root: str | Path | None = None) -> list[str]:
    """The items of the chapter's ``学习目标`` admonition (numbered or bulleted), or of a list
    after a bold **学习目标** line; empty when the chapter has neither."""
    text = chapter_source(chapter, root)
    m = re.search(r"^(`{3,}|:{3,})\{admonition\}\s*学习目标[^\n]*\n(.*?)^\1\s*$", text, re.M | re.S)
    block = m.group(2) if m else None
    if block is None:
        m = re.search(r"^\*\*学习目标\*\*\s*\n((?:\s*\n|\s*(?:\d+\.|[-*])\s+[^\n]+\n)+)", text, re.M)
        block = m.group(1) if m else ""
    items = re.findall(r"^\s*(?:\d+\.|[-*])\s+(.+)$", block, re.M)
    return [re.sub(r"\s+", " ", g).strip().rstrip("；;。") for g in items]


def prose_chars(text: str) -> int:
    """Chinese characters of a MyST text outside code cells (what a reader reads)."""
    return len(re.findall(r"[\u4e00-\u9fff]", _CODE.sub("", text)))


def exhibits(text: str) -> int:
    """Figures, tables and equations a text shows: ``{glue:figure}``, ``{figure}``, ``{table}`` and
    ``{math}`` directives, and ``table_md(`` / ``paper_table_md(`` calls in its code."""
    return len(re.findall(r"\{glue:figure\}|\{figure\}|\{table\}|\{math\}|\btable_md\(|\bpaper_table_md\(", text))


@dataclass(frozen=True)
class Section:
    chapter: str
    title: str
    chars: int
    exhibits: int
    labels: tuple

    @property
    def minutes(self) -> float:
        return self.chars / READING_RATE + self.exhibits * MINUTES_PER_EXHIBIT


def sections(chapter: str, root: str | Path | None = None) -> list[Section]:
    """The chapter's reading sections (``## `` headings, without 本章小结 and 练习); the text before
    the first heading (the opening admonitions) counts with the first section. ``labels`` are the
    names of the figures, tables and targets defined in the section."""
    text = chapter_source(chapter, root)
    parts = re.split(r"^## (.+)$", text, flags=re.M)
    head, rest = parts[0], parts[1:]
    out = []
    for i in range(0, len(rest), 2):
        title, body = rest[i].strip(), rest[i + 1]
        if any(title.startswith(t) for t in NOT_READING):
            continue
        if not out:
            body = head + body
        names = re.findall(r'^:name:\s*(\S+)|table_md\([^\n]*?"(tbl-[^"]+)"|^\((\S+)\)=', body, re.M)
        labels = tuple(n for g in names for n in g if n)
        out.append(Section(chapter, title, prose_chars(body), exhibits(body), labels))
    if not out:
        raise DataError(f"chapter '{chapter}' has no '## ' section to read")
    return out


def split_sections(chapter: str, parts: int, root: str | Path | None = None) -> list[list[Section]]:
    """The reading sections cut into ``parts`` consecutive runs of about equal reading time
    (a long chapter read over several sessions)."""
    secs = sections(chapter, root)
    if not 1 <= parts <= len(secs):
        raise DataError(f"chapter '{chapter}' has {len(secs)} sections; it cannot be read in {parts} parts")
    total = sum(s.minutes for s in secs)
    out, cur, done = [], [], 0.0
    for i, s in enumerate(secs):
        left_parts = parts - len(out)
        left_secs = len(secs) - i
        if cur and (left_secs < left_parts or done + s.minutes / 2 > total * (len(out) + 1) / parts):
            out.append(cur)
            cur = []
        cur.append(s)
        done += s.minutes
    out.append(cur)
    return out


def _reading(item: str, root) -> tuple[str, int, int, list[Section]]:
    """'logic' or 'logic:1/2' -> (chapter, part, parts, sections)."""
    m = re.fullmatch(r"([a-z_]+)(?::(\d+)/(\d+))?", item)
    if not m:
        raise DataError(f"a reading is 'chapter' or 'chapter:part/parts' (e.g. logic:1/2), not '{item}'")
    chapter, part, parts = m.group(1), int(m.group(2) or 1), int(m.group(3) or 1)
    if not 1 <= part <= parts:
        raise DataError(f"'{item}': part {part} of {parts} does not exist")
    return chapter, part, parts, split_sections(chapter, parts, root)[part - 1]


def _exercise_part(e: Exercise, runs: list[list[Section]]) -> int:
    """The run (1-based) whose sections define a label the exercise cites; the last one if none."""
    for i, run in enumerate(runs, start=1):
        if any(ref in s.labels for s in run for ref in e.refs):
            return i
    return len(runs)


def session_plan(plan, root: str | Path | None = None) -> list[dict]:
    """A course plan with its reading load and exercises, from the chapter sources.

    Parameters
    ----------
    plan : list of (str, list of str)
        One entry per session: its topic and its readings, each a chapter (``"background"``) or a
        part of one (``"logic:1/2"``: the first of two runs of sections, :func:`split_sections`).

    Returns
    -------
    list of dict
        Per session: ``number``, ``topic``, ``readings`` (list of (chapter, part, parts)),
        ``part_sections`` ((chapter, part) -> its (chapter, section title) pairs), ``sections``
        (list of (chapter, section title), all readings),
        ``chars`` (Chinese characters to read), ``exhibits``, ``reading_minutes`` (rounded up to 5),
        ``exercises`` (the :class:`Exercise` objects of the chapters or parts read) and
        ``exercise_minutes`` (their sum; None when an exercise gives no estimate).
    """
    out = []
    for number, (topic, readings) in enumerate(plan, start=1):
        secs, exs, read, parts_of = [], [], [], {}
        for item in readings:
            chapter, part, parts, run = _reading(item, root)
            secs += run
            read.append((chapter, part, parts))
            parts_of[(chapter, part)] = [(s.chapter, s.title) for s in run]
            if chapter in CHAPTERS:
                runs = split_sections(chapter, parts, root)
                exs += [e for e in exercises(chapter, root) if _exercise_part(e, runs) == part]
        minutes = sum(s.minutes for s in secs)
        ex_minutes = [e.minutes for e in exs]
        out.append({"number": number, "topic": topic, "readings": read, "part_sections": parts_of,
                    "sections": [(s.chapter, s.title) for s in secs],
                    "chars": sum(s.chars for s in secs), "exhibits": sum(s.exhibits for s in secs),
                    "reading_minutes": int(5 * math.ceil(minutes / 5)), "exercises": exs,
                    "exercise_minutes": None if None in ex_minutes else sum(ex_minutes)})
    return out


def _ex_link(e: Exercise, with_minutes: bool = True, link: bool = True) -> str:
    m = f"（{e.minutes} 分钟）" if with_minutes and e.minutes is not None and "分钟" not in e.title else ""
    return (f"{{ref}}`{e.title} <{e.label}>`" if link else f"“{e.title}”") + m


def short_name(chapter: str, root: str | Path | None = None) -> str:
    """The name a plan uses for a chapter: the paper's section name for the body chapters
    (:data:`SHORT_NAMES`), the page title otherwise."""
    return SHORT_NAMES.get(chapter) or chapter_title(chapter, root).split("：")[0]


def _readings(s: dict, link: bool, root) -> str:
    out = []
    for chapter, part, parts in s["readings"]:
        name = f"{{doc}}`{short_name(chapter, root)} <{chapter}>`" if link else f"《{short_name(chapter, root)}》"
        if parts == 1:
            out.append(f"{name}全篇")
        else:
            titles = [t for c, t in s["sections"] if c == chapter and (c, t) in s["part_sections"][(chapter, part)]]
            out.append(f"{name}第 {part} 段：" + "、".join(f"“{t}”" for t in titles))
    return "；".join(out)


def plan_values(sessions: list[dict], missing: str = "未标注", root: str | Path | None = None) -> dict:
    """The numbers and lists of :func:`session_plan` for gluing into prose, per session n:
    ``s<n>-topic``, ``s<n>-chars``, ``s<n>-reading-minutes``, ``s<n>-exercise-count``,
    ``s<n>-exercise-minutes`` (text: the sum, or ``missing`` when an exercise gives no estimate),
    ``s<n>-readings`` and ``s<n>-exercises`` (plain text: glued text is not parsed for roles);
    and ``sessions``, ``reading-minutes-max``, ``reading-minutes-total``."""
    out = {}
    for s in sessions:
        n = s["number"]
        out[f"s{n}-topic"] = s["topic"]
        out[f"s{n}-chars"] = s["chars"]
        out[f"s{n}-reading-minutes"] = s["reading_minutes"]
        out[f"s{n}-exercise-count"] = len(s["exercises"])
        out[f"s{n}-exercise-minutes"] = missing if s["exercise_minutes"] is None else str(s["exercise_minutes"])
        out[f"s{n}-readings"] = _readings(s, False, root)
        out[f"s{n}-exercises"] = "；".join(_ex_link(e, link=False) for e in s["exercises"]) or "无"
    out["sessions"] = len(sessions)
    out["reading-minutes-max"] = max(s["reading_minutes"] for s in sessions)
    out["reading-minutes-total"] = sum(s["reading_minutes"] for s in sessions)
    return out


def plan_table(sessions: list[dict], missing: str = "未标注", root: str | Path | None = None) -> pd.DataFrame:
    """:func:`session_plan` as a table for a page (with ``{doc}`` and ``{ref}`` links): 课次, 主题,
    课前阅读, 阅读量, 练习."""
    rows = []
    for s in sessions:
        ex = missing if s["exercise_minutes"] is None else f"合计 {s['exercise_minutes']} 分钟"
        exercises = "；".join(_ex_link(e) for e in s["exercises"])
        rows.append({"课次": str(s["number"]), "主题": s["topic"], "课前阅读": _readings(s, True, root),
                     "阅读量": f"约 {s['chars']:,} 字、{s['reading_minutes']} 分钟",
                     "练习": f"{exercises}（{'用时未标注' if ex == missing else ex}）" if s["exercises"] else "—"})
    return pd.DataFrame(rows)


def exercise_overview(chapters=CHAPTERS, root: str | Path | None = None, missing: str = "未标注") -> pd.DataFrame:
    """Every exercise of ``chapters`` for a page: 章, 练习 (a ``{ref}`` link), 类型, 用时（分钟）,
    答案含代码; the chapters are linked with ``{doc}`` under their titles."""
    rows = []
    for n, c in enumerate(chapters, start=1):
        title = short_name(c, root)
        for e in exercises(c, root):
            rows.append({"章": f"{n} {{doc}}`{title} <{c}>`", "练习": _ex_link(e, with_minutes=False), "类型": e.kind,
                         "用时（分钟）": missing if e.minutes is None else str(e.minutes),
                         "答案含代码": "是" if e.code else "否"})
    return pd.DataFrame(rows)


def exercise_values(chapters=CHAPTERS, root: str | Path | None = None) -> dict:
    """``n-exercises``, ``n-code-solutions``, ``min-per-chapter``, ``n-timed`` (exercises with an
    estimate) and ``minutes-total`` (sum of the estimates given)."""
    t = exercise_table(chapters, root)
    per = t.groupby("chapter").size().reindex(list(chapters), fill_value=0)
    return {"n-exercises": len(t), "n-code-solutions": int(t["code"].sum()), "min-per-chapter": int(per.min()),
            "n-timed": int(t["minutes"].notna().sum()), "minutes-total": int(t["minutes"].fillna(0).sum())}


#: the pages whose prose the glossary's usage table counts, with their short titles
TERM_PAGES = {"intro": "导读", "background": "背景", "logic": "内在逻辑", "mechanisms": "动力机制",
              "dilemmas": "困境", "pathways": "突破路径", "data_methods": "数据与方法", "errata": "勘误与说明",
              "course_guide": "课程指南", "local_run": "在本地运行与更新数据", "reproducibility": "可重复性"}


def glossary_entries(root: str | Path | None = None) -> list[list[str]]:
    """The term lines of every entry in ``chapters/glossary.md``'s ``{glossary}`` blocks, in order
    (the Chinese name first, then the alternates and the English name)."""
    entries = []
    for block in re.findall(r"```\{glossary\}\n(.*?)```", chapter_source("glossary", root), flags=re.S):
        current = None
        for line in block.splitlines():
            if line.strip() and not line.startswith((" ", "\t")):
                if current is None:
                    current = [line.strip()]
                    entries.append(current)
                else:
                    current.append(line.strip())
            else:
                current = None
    return entries


def _normalised(text: str) -> str:
    return re.sub(r"[-–－]", "—", re.sub(r"\s+", "", text))


def term_usage(root: str | Path | None = None) -> pd.DataFrame:
    """How often each glossary term occurs in the prose (code cells left out) of the pages of
    :data:`TERM_PAGES`: one row per entry, 术语 and 出现的页面（次数） (``{doc}`` links). Every
    Chinese name of an entry counts; whitespace and dash variants are ignored."""
    pages = {}
    for name in TERM_PAGES:
        path = Path(root or PROJECT_ROOT) / "chapters" / f"{name}.md"
        if path.exists():
            pages[name] = _normalised(_CODE.sub("", path.read_text(encoding="utf-8")))
    rows = []
    for entry in glossary_entries(root):
        keys = sorted({_normalised(t) for t in entry if re.search(r"[\u4e00-\u9fff]", t)}, key=len, reverse=True)
        pattern = re.compile("|".join(re.escape(k) for k in keys)) if keys else None
        hits = [(name, len(pattern.findall(text))) for name, text in pages.items()] if pattern else []
        shown = "、".join(f"{{doc}}`{name}`（{n}）" for name, n in hits if n)
        rows.append({"术语": entry[0], "出现的页面（次数）": shown or "—"})
    return pd.DataFrame(rows)
