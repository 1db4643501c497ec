"""Where the data live: ``data/`` at the project root, or ``$INLAND_COASTAL_DATA``."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    return Path(os.environ.get("INLAND_COASTAL_DATA", PROJECT_ROOT / "data"))


def data_path(name: str) -> Path:
    return data_dir() / name
