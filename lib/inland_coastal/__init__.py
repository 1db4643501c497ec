"""inland_coastal: data, indicators and charts for the executable book on China's
inland-coastal regional economy.

Data flow one way: ``data/`` → csvfiles and loading (read and validated) → indicators →
the analyses → charts and maps → chapters, which call the library in a line or two and
glue its numbers into the prose. Import a module by its name, e.g.
``from inland_coastal import indicators, spatial``.

Modules, by layer (a module imports only from its own layer and the layers above it;
``tests/test_architecture.py`` checks this, that there is no import cycle and that no module uses
another's private names):

- foundations: :mod:`~inland_coastal.errors` (``DataError``), :mod:`~inland_coastal.paths`
  (``data/`` or ``$INLAND_COASTAL_DATA``), :mod:`~inland_coastal.cache` (``data_version()``,
  one cache keyed on the data files' content, ``clear_caches()``),
  :mod:`~inland_coastal.style` (fonts, sizes, colours, source notes; no Altair)
- reading: :mod:`~inland_coastal.csvfiles` (every CSV file is read here),
  :mod:`~inland_coastal.groupings` (the provinces and the regional schemes),
  :mod:`~inland_coastal.loading` (the panel, the paper's tables, capitals),
  :mod:`~inland_coastal.nbs` (NBS data-portal exports, 分省年度数据)
- geometry: :mod:`~inland_coastal.boundaries` (simplified province boundaries and the shared
  map files; no Altair)
- computing: :mod:`~inland_coastal.indicators` (totals, per-capita values, shares, the
  paper's Tables 1-8, and the GDP/population input of the analyses), then
  :mod:`~inland_coastal.inequality` (Theil T and L, Williamson, Gini),
  :mod:`~inland_coastal.convergence` (σ and β), :mod:`~inland_coastal.spatial` (distances,
  gravity linkage, market potential), :mod:`~inland_coastal.structure` (industry shares,
  location quotients, shift-share), :mod:`~inland_coastal.scenario` (projections),
  :mod:`~inland_coastal.real` (real growth, chained real GDP, deflators, CPI deflation),
  :mod:`~inland_coastal.finance` (fiscal revenue, expenditure and their gap),
  :mod:`~inland_coastal.trade` (exports, imports, openness, with provinces left out),
  :mod:`~inland_coastal.urbanisation` (population-weighted urbanisation by group),
  :mod:`~inland_coastal.reproduction` (the paper's tables from the provinces beside the printed ones),
  :mod:`~inland_coastal.paperchecks` (the paper's figures and statements against the panel and the
  official documents: the evidence of the errata page), :mod:`~inland_coastal.provenance` (the data
  files, the panel's series and vintages, series breaks, software versions against the lock),
  :mod:`~inland_coastal.teaching` (exercises, learning goals, reading load and a course plan read
  from the chapter sources)
- drawing: :mod:`~inland_coastal.charts` (the Altair theme and chart builders; importing it
  registers the theme), :mod:`~inland_coastal.maps` (choropleths, group maps, tile grids,
  linkage maps)
- for the chapters and readers: :mod:`~inland_coastal.book` (glue and numbered tables),
  :mod:`~inland_coastal.explore` (ipywidgets explorers), :mod:`~inland_coastal.cli`
  (``python -m inland_coastal``; the only module that parses arguments)
"""
from .cache import clear_caches, data_version
from .errors import DataError

__all__ = ["DataError", "clear_caches", "data_version"]
__version__ = "0.1.0"
