"""The book's charts: one Altair theme, Chinese labels, units on axes, tooltips, a source
note under every chart, and interactivity that works on the static page (Vega-Lite params and
selections). Import as ``from inland_coastal import charts`` and call ``charts.table_chart(...)``.

Modules, by concern:

- :mod:`.theme`      the theme, the book renderer and display, source notes, number axes, scheme helpers
  (the constants of the look, fonts, sizes and colours, are in :mod:`inland_coastal.style`)
- :mod:`.regional`   regional comparisons over the years (groups, paper tables, vintages)
- :mod:`.provinces`  province-level rankings, scatters and heatmaps with year sliders
- :mod:`.analysis`   inequality decompositions, convergence and the scenario tool
"""
from ..style import (FONT, HEIGHT, NATIONAL_COLOR, NATIONAL_ZH, SCHEMES, SOURCE_NBS, SOURCE_PAPER,
                     WIDTH)
from .theme import (event_rules, EMBED_OPTIONS, ZH_NUMBER_LABEL, book_renderer, long_by_group, long_by_scheme, packed_data,
                    scheme_color_scale, scheme_group_expr, scheme_scale, source_note, spec_json, theme,
                    with_scheme_labels, zh_axis)

from .regional import (category_lines, count_bars_by_group, gap_bars_by_year, group_lines, scheme_lines,
                       paper_vintages_chart, reproduction_chart, share_indicator_lines, table_chart,
                       vintage_table_chart)
from .regional import dashed_lines, long_by_measure, long_lines, nbs_source

from .provinces import (heatmap_by_year, log_scatter, matrix_heatmap, paired_bars_by_year,
                        province_bars_by_year, province_lines, province_scatter_by_year)

from .analysis import (beta_panel_chart, beta_scatter, decomposition_chart, scenario_sliders, sigma_lines, theil_split_chart)

from .theme import packed_series
from .regional import FISCAL_MEASURES, fiscal_lines, pair_ratio_lines
from .provinces import contribution_bars, province_scatter_panels

__all__ = [
    "EMBED_OPTIONS",
    "FONT",
    "HEIGHT",
    "NATIONAL_COLOR",
    "NATIONAL_ZH",
    "SCHEMES",
    "SOURCE_NBS",
    "SOURCE_PAPER",
    "WIDTH",
    "ZH_NUMBER_LABEL",
    "book_renderer",
    "long_by_group",
    "long_by_scheme",
    "packed_data",
    "scheme_color_scale",
    "scheme_group_expr",
    "scheme_scale",
    "source_note",
    "spec_json",
    "theme",
    "event_rules",
    "with_scheme_labels",
    "zh_axis",
    "category_lines",
    "dashed_lines",
    "long_by_measure",
    "long_lines",
    "nbs_source",
    "count_bars_by_group",
    "gap_bars_by_year",
    "group_lines",
    "scheme_lines",
    "share_indicator_lines",
    "paper_vintages_chart",
    "reproduction_chart",
    "table_chart",
    "vintage_table_chart",
    "heatmap_by_year",
    "log_scatter",
    "matrix_heatmap",
    "paired_bars_by_year",
    "province_bars_by_year",
    "province_lines",
    "province_scatter_by_year",
    "beta_panel_chart",
    "beta_scatter",
    "decomposition_chart",
    "scenario_sliders",
    "sigma_lines",
    "theil_split_chart",
]
__all__ += ["packed_series", "FISCAL_MEASURES", "fiscal_lines", "pair_ratio_lines", "contribution_bars", "province_scatter_panels"]
