"""inland_coastal: data, indicators and charts for the executable book on China's
inland-coastal regional economy.

Modules, by concern:

- :mod:`inland_coastal.loading`    read and validate the files in ``data/``
- :mod:`inland_coastal.nbs`        read NBS data-portal exports (分省年度数据)
- :mod:`inland_coastal.groupings`  regional schemes (coastal/inland, four regions, north/south)
- :mod:`inland_coastal.indicators` totals, per-capita values, shares, indices; the paper's Tables 1-8
- :mod:`inland_coastal.charts`     the book's Altair theme and chart builders
- :mod:`inland_coastal.cli`        ``python -m inland_coastal``
"""
from .errors import DataError

__all__ = ["DataError"]
__version__ = "0.1.0"
