"""Faster chart building for book builds, with the same specs as Altair's.

Altair checks every object against the Vega-Lite schema as it is made and again when the
chart is displayed, copies every sub-chart whenever charts are layered or concatenated (each
copy going through constructors of dozens of keyword arguments), and hashes the schemas of
its ~570 classes each time an encoding is given as a string or a dict. For a book of about
fifty composite charts that was several seconds of every full build. :func:`fast_chart_building`
(switched on by :mod:`.theme` when ``INLAND_COASTAL_RENDERER=book``) removes that work;
``tests/test_charts.py`` checks that the specs come out identical, and ``tests/test_site.py``
validates every chart of the built site against the Vega-Lite schema.
"""
from __future__ import annotations

import altair as alt
from altair.utils import schemapi as _schemapi


def _copy_schema(obj, by_ref: set):
    """A deep copy of an Altair object, the same as Altair's own
    (``altair.utils.schemapi._deep_copy``) without running each object's constructor again.

    Altair copies every sub-chart whenever charts are layered, concatenated or given
    parameters; its copy rebuilds each object through its generated constructor (dozens of
    keyword arguments, most of them Undefined), so a chart of a few layers inside a
    concatenation costs tens of thousands of calls each time. Here the stored arguments of the
    parts (scales, axes, encodings, marks, ...) are copied directly; charts, layers and
    concatenations are still rebuilt through their constructors. ``tests/test_charts.py`` checks
    that the specs come out the same as with Altair's copy."""
    if isinstance(obj, _SchemaBase):
        if getattr(obj, "__deepcopy__", None) is not None:
            return _ALTAIR_DEEP_COPY(obj, by_ref)
        if isinstance(obj, alt.TopLevelMixin):
            # charts, layers and concatenations: their constructors lift parameters and data
            # from their parts, and Altair relies on that happening again in a copy
            args = [_copy_schema(a, by_ref) for a in obj._args]
            kwds = {k: (v if v is _Undefined or k in by_ref else _copy_schema(v, by_ref))
                    for k, v in obj._kwds.items()}
            with _schemapi.debug_mode(False):
                return obj.__class__(*args, **kwds)
        new = object.__new__(type(obj))
        new.__dict__.update(obj.__dict__)
        object.__setattr__(new, "_args", tuple(_copy_schema(a, by_ref) for a in obj._args))
        object.__setattr__(new, "_kwds", {k: (v if v is _Undefined or k in by_ref else _copy_schema(v, by_ref))
                                          for k, v in obj._kwds.items()})
        return new
    if isinstance(obj, list):
        return [_copy_schema(v, by_ref) for v in obj]
    if isinstance(obj, dict):
        return {k: (v if k in by_ref else _copy_schema(v, by_ref)) for k, v in obj.items()}
    return obj


_SchemaBase, _Undefined = _schemapi.SchemaBase, _schemapi.Undefined
_ALTAIR_DEEP_COPY = _schemapi._deep_copy


_ALTAIR_TO_DICT = alt.TopLevelMixin.to_dict
_ALTAIR_PART_TO_DICT = _schemapi.SchemaBase.to_dict
_ALTAIR_FROM_DICT_INIT = _schemapi._FromDict.__init__
_CLASS_TABLES: dict = {}


def _from_dict_init(self, wrapper_classes, /) -> None:
    """Altair's ``_FromDict`` (used whenever an encoding is given as a string or a dict, e.g.
    ``opacity=alt.condition(...)``) hashes the schema of every one of its ~570 classes each
    time it is made, about 2 ms per encoding; the table is the same every time, so keep it."""
    classes = tuple(wrapper_classes)
    table = _CLASS_TABLES.get(classes)
    if table is None:
        _ALTAIR_FROM_DICT_INIT(self, classes)
        _CLASS_TABLES[classes] = self.class_dict
    else:
        self.class_dict = table


def _to_dict_unvalidated(self, validate: bool = False, **kwargs):
    return _ALTAIR_TO_DICT(self, validate, **kwargs)


def _part_to_dict_unvalidated(self, validate: bool = False, **kwargs):
    return _ALTAIR_PART_TO_DICT(self, validate, **kwargs)


def fast_chart_building(on: bool = True) -> None:
    """Build charts faster (the book build turns this on; a live kernel keeps Altair's defaults):

    * no schema validation while a chart is made (Altair's "debug mode"), while its
      parameters are lifted into a layer or concatenation, or when it is displayed: the
      test suite validates every chart of the built site against the Vega-Lite schema instead
      (``tests/test_site.py::test_every_chart_is_valid_vega_lite``), and the browser tests
      draw each one;
    * :func:`_copy_schema` instead of Altair's deep copy;
    * the class table of :func:`_from_dict_init` made once.

    Together they save about three seconds of a full build. ``on=False`` restores Altair's
    defaults."""
    if on:
        _schemapi.disable_debug_mode()
        _schemapi._deep_copy = _copy_schema
        alt.TopLevelMixin.to_dict = _to_dict_unvalidated
        _schemapi.SchemaBase.to_dict = _part_to_dict_unvalidated
        _schemapi._FromDict.__init__ = _from_dict_init
    else:
        _schemapi.enable_debug_mode()
        _schemapi._deep_copy = _ALTAIR_DEEP_COPY
        alt.TopLevelMixin.to_dict = _ALTAIR_TO_DICT
        _schemapi.SchemaBase.to_dict = _ALTAIR_PART_TO_DICT
        _schemapi._FromDict.__init__ = _ALTAIR_FROM_DICT_INIT
