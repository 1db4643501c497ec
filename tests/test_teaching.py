"""inland_coastal.teaching: exercises, learning goals, sections and a course plan read from
chapter sources. Hand-written chapters in a temporary project, so every expected value is
known from the text itself."""
from __future__ import annotations

import re

import pytest

from inland_coastal import teaching
from inland_coastal.errors import DataError

CHAPTER = """---
kernelspec:
  name: python3
---

# 样章：测试

```{admonition} 本章对应论文的哪一部分
:class: note
第三部分。
```

```{admonition} 学习目标
:class: tip
读完本章，你应当能够：

1. 说出第一点；
2. 说出第二点。
```

## 第一节

一二三四五六七八九十。

```{glue:figure} fig-a
:name: fig-a

图题。
```

## 第二节

""" + "很长的一节。" * 200 + """

```{math}
:label: eq-x
x = 1
```

## 第三节

短。

## 本章小结

小结不算阅读。

## 练习

```{exercise} 读图：看图一（约 10 分钟）
:label: ex-a

在 {numref}`fig-a` 中找出最大值。
```

```{exercise} 改公式：换一个指数
:label: ex-b

（约 25 分钟）改一个参数。
```

```{solution-start} ex-b
:class: dropdown
```

```{code-cell} ipython3
print(1)
```

```{solution-end}
```

```{exercise} 没有标签的不算
没有 label。
```
"""

BULLETS = """# 另一章

**学习目标**

- 第一条；
- 第二条

## 唯一一节

正文。
"""


@pytest.fixture
def root(tmp_path):
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "sample.md").write_text(CHAPTER, encoding="utf-8")
    (tmp_path / "chapters" / "other.md").write_text(BULLETS, encoding="utf-8")
    return tmp_path


def test_exercises_title_label_kind_minutes_and_code(root):
    ex = teaching.exercises("sample", root)
    assert [e.label for e in ex] == ["ex-a", "ex-b"]
    assert [e.kind for e in ex] == ["读图", "改公式"]
    assert [e.minutes for e in ex] == [10, 25]          # from the title, then from the first line
    assert [e.code for e in ex] == [False, True]
    assert ex[0].refs == ("fig-a",)


def test_exercise_table_counts(root):
    t = teaching.exercise_table(["sample", "other"], root)
    assert len(t) == 2 and t["minutes"].sum() == 35
    v = teaching.exercise_values(["sample", "other"], root)
    assert v == {"n-exercises": 2, "n-code-solutions": 1, "min-per-chapter": 0, "n-timed": 2, "minutes-total": 35}


def test_learning_goals_admonition_and_bold_list(root):
    assert teaching.learning_goals("sample", root) == ["说出第一点", "说出第二点"]
    assert teaching.learning_goals("other", root) == ["第一条", "第二条"]


def test_sections_leave_out_summary_and_exercises(root):
    secs = teaching.sections("sample", root)
    assert [s.title for s in secs] == ["第一节", "第二节", "第三节"]
    # the opening admonitions count with the first section; 5 characters per "很长的一节。"
    assert secs[1].chars == 5 * 200
    assert secs[0].exhibits == 1 and secs[1].exhibits == 1
    assert "fig-a" in secs[0].labels
    assert secs[1].minutes == pytest.approx(1000 / teaching.READING_RATE + teaching.MINUTES_PER_EXHIBIT)


def test_split_sections_balances_reading_time(root):
    runs = teaching.split_sections("sample", 2, root)
    # about 2.2, 6.0 and 0.0 minutes: the long second section starts the second half
    assert [[s.title for s in r] for r in runs] == [["第一节"], ["第二节", "第三节"]]
    with pytest.raises(DataError, match="cannot be read in 4 parts"):
        teaching.split_sections("sample", 4, root)


def test_session_plan_places_exercises_by_the_figures_they_cite(root):
    runs = teaching.split_sections("sample", 3, root)
    assert [len(r) for r in runs] == [1, 1, 1]
    plan = teaching.session_plan([("一", ["sample:1/3"]), ("二", ["sample:2/3"]), ("三", ["sample:3/3", "other"])],
                                 root)
    # sample is not a body chapter: its exercises are not assigned
    assert all(s["exercises"] == [] for s in plan)
    assert [s["sections"] for s in plan] == [[("sample", "第一节")], [("sample", "第二节")],
                                             [("sample", "第三节"), ("other", "唯一一节")]]
    assert plan[1]["reading_minutes"] % 5 == 0 and plan[1]["reading_minutes"] >= plan[1]["chars"] / 250


def test_session_plan_on_the_books_chapters_covers_every_section_once():
    plan = teaching.session_plan([(c, [f"{c}:1/2"]) for c in teaching.CHAPTERS]
                                 + [(c, [f"{c}:2/2"]) for c in teaching.CHAPTERS])
    for c in teaching.CHAPTERS:
        read = [t for s in plan for ch, t in s["sections"] if ch == c]
        assert read == [s.title for s in teaching.sections(c)]
        placed = [e.label for s in plan for e in s["exercises"] if e.chapter == c]
        assert sorted(placed) == sorted(e.label for e in teaching.exercises(c))


def test_plan_values_are_plain_text_and_the_table_links(root):
    plan = teaching.session_plan([("一", ["sample:1/2"]), ("二", ["other"])], root)
    v = teaching.plan_values(plan, root=root)
    assert v["s1-readings"].startswith("《样章》第 1 段：“第一节”")
    assert v["s2-readings"] == "《另一章》全篇"
    assert "{" not in v["s1-readings"] + v["s2-readings"]
    t = teaching.plan_table(plan, root=root)
    assert t.loc[1, "课前阅读"] == "{doc}`另一章 <other>`全篇"


def test_bad_readings_are_refused(root):
    with pytest.raises(DataError, match="chapter:part/parts"):
        teaching.session_plan([("x", ["sample:1of2"])], root)
    with pytest.raises(DataError, match="part 3 of 2"):
        teaching.session_plan([("x", ["sample:3/2"])], root)
    with pytest.raises(DataError, match="no chapter 'missing'"):
        teaching.exercises("missing", root)


def test_the_books_exercises_are_all_found():
    """Every labelled exercise in the chapter sources, counted with a different pattern."""
    from inland_coastal.paths import PROJECT_ROOT

    for c in teaching.CHAPTERS:
        text = (PROJECT_ROOT / "chapters" / f"{c}.md").read_text(encoding="utf-8")
        labels = re.findall(r"\{exercise\}[^\n]*\n:label:\s*(\S+)", text)
        assert [e.label for e in teaching.exercises(c)] == labels
