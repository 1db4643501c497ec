"""Urbanisation: the share of residents living in towns and cities (城镇人口比重, %).

A province's rate is urban ÷ resident population × 100, so a group's rate is the
population-weighted mean of its provinces' rates,

    u_G = Σ_{i∈G} u_i · N_i / Σ_{i∈G} N_i,

with N_i the year-end resident population (万人), which is the group's urban population
over its resident population. The series (``urbanisation_rate``, vintage ``compiled_2026``,
2005-2024) is an author's compiled panel of NBS figures (see ``data/sources.csv``), not an
NBS database export: for 2005-2010 it equals urban ÷ resident population of the 2021
database, and from 2011 it is the series revised after the 2020 census.
"""
from __future__ import annotations

import pandas as pd

from .indicators import weighted_mean

VINTAGE = "compiled_2026"


def urbanisation(scheme: str = "coastal", years=None, vintage: str = VINTAGE) -> pd.DataFrame:
    """Population-weighted urbanisation rate by group, %: year × [national, group...].

    Parameters
    ----------
    scheme : str
        Grouping scheme of ``data/regions.csv``.
    years : iterable of int, optional
        Default every year the series covers (2005-2024).
    vintage : str

    Returns
    -------
    pandas.DataFrame
        ``Σ u_i N_i / Σ N_i`` for the 31 provinces (national) and each group.
    """
    out = weighted_mean("urbanisation_rate", vintage, scheme, years=years)
    out.index.name = "year"
    return out
