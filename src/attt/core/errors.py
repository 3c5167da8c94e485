"""Errors that carry a message for people, in the user's language."""
from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain refused an action. `message` is shown to the user as is."""

    def __init__(self, message, *, field: str | None = None, code: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.code = code

    def __str__(self) -> str:
        return str(self.message)


class RowErrors(DomainError):
    """A tabular import found errors; nothing was saved. `rows` is [(row_number, message), ...]."""

    def __init__(self, message, rows: list[tuple[int, str]]):
        super().__init__(message)
        self.rows = rows
