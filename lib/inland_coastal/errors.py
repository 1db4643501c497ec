"""The project's error type: every problem with a user's input is reported through it."""
from __future__ import annotations

from pathlib import Path


class DataError(Exception):
    """A problem in an input file, named by file, row and column.

    ``row`` is the 1-based line number in the file as a person sees it in an editor
    (the header is line 1 of a CSV), so a message can be acted on directly.
    """

    def __init__(self, problem: str, file: str | Path | None = None,
                 row: int | None = None, column: str | None = None):
        self.problem = problem
        self.file = str(file) if file is not None else None
        self.row = row
        self.column = column
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.row is not None:
            where.append(f"line {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        prefix = ", ".join(where)
        return f"{prefix}: {self.problem}" if prefix else self.problem
