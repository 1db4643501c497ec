"""inland_coastal: data, indicators and charts for the executable book on China's
inland-coastal regional economy.

Data flow one way: ``data/`` → loading (validated) → indicators and analyses → charts and maps
→ chapters, which call the library in a line or two and glue its numbers into the prose.

Modules, by concern:

- :mod:`~inland_coastal.loading`     read and validate the files in ``data/``
- :mod:`~inland_coastal.nbs`         read NBS data-portal exports (分省年度数据)
- :mod:`~inland_coastal.groupings`   regional schemes (coastal/inland, four regions, north/south)
- :mod:`~inland_coastal.indicators`  totals, per-capita values, shares, indices; the paper's Tables 1-8
- :mod:`~inland_coastal.inequality`  Theil T (between/within), Theil L, Williamson, Gini
- :mod:`~inland_coastal.convergence` sigma and beta convergence
- :mod:`~inland_coastal.spatial`     distances, gravity linkage, market potential
- :mod:`~inland_coastal.structure`   industry shares, upgrading ratio, location quotients
- :mod:`~inland_coastal.scenario`    projections of the inland share and per-capita gap
- :mod:`~inland_coastal.real`        real growth, chained real GDP, deflators, CPI deflation
- :mod:`~inland_coastal.finance`     fiscal revenue, expenditure and their gap
- :mod:`~inland_coastal.trade`       exports, imports and openness (with provinces left out)
- :mod:`~inland_coastal.urbanisation` population-weighted urbanisation by group
- :mod:`~inland_coastal.reproduction` the paper's tables from the provinces beside the printed ones
- :mod:`~inland_coastal.charts`      the book's Altair theme and chart builders
- :mod:`~inland_coastal.boundaries`  simplified province boundaries of the whole territory
- :mod:`~inland_coastal.maps`        choropleths, group maps, tile grids, linkage maps
- :mod:`~inland_coastal.explore`     ipywidgets explorers for a live kernel
- :mod:`~inland_coastal.book`        glue and numbered-table helpers for the chapters
- :mod:`~inland_coastal.cli`         ``python -m inland_coastal``
"""
from .errors import DataError

__all__ = ["DataError"]
__version__ = "0.1.0"
