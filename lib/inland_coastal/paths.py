"""Where the data live: ``data/`` at the project root, or ``$INLAND_COASTAL_DATA``.

The two small caches here keep paths computed from their arguments (the variable's value is
an argument), never anything read from a file; the data's own caches are in :mod:`.cache`."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@lru_cache(maxsize=8)
def _data_dir(override: str | None) -> Path:
    return Path(override) if override else PROJECT_ROOT / "data"


def data_dir() -> Path:
    return _data_dir(os.environ.get("INLAND_COASTAL_DATA"))


@lru_cache(maxsize=256)
def _data_path(override: str | None, name: str) -> Path:
    return _data_dir(override) / name


def data_path(name: str) -> Path:
    return _data_path(os.environ.get("INLAND_COASTAL_DATA"), name)
