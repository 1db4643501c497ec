"""A stand-in for myst-nb in the book's JupyterLite copy: only ``glue``.

myst-nb (a Sphinx extension) cannot be installed in the browser, yet the chapters import
``myst_nb.glue`` and ``inland_coastal.book.glue_value`` calls it. In the book a glued value
is stored for the prose and not shown; in the browser the prose is plain Markdown, so the value
is shown where it is computed instead (see :func:`inland_coastal_lite.glue`). This package is
built into the site by tools/lite.py and exists only there.
"""
from inland_coastal_lite import glue

__all__ = ["glue"]
__version__ = "0+lite"
