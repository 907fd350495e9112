"""The one error a malformed or unexpected document raises."""

from __future__ import annotations


class SourceFormatError(ValueError):
    """A document does not have the shape the parser expects.

    The message names the file, the 1-based line and what was expected, so that a maintainer
    can open the document at that line and see what changed.
    """

    def __init__(self, path: str, line: int | None, expected: str, found: str | None = None) -> None:
        self.path = path
        self.line = line
        self.expected = expected
        self.found = found
        where = f"{path}:{line}" if line else path
        message = f"{where}: expected {expected}"
        if found is not None:
            shown = found if len(found) <= 120 else found[:117] + "..."
            message += f"; found {shown!r}"
        super().__init__(message)


class CheckFailure(RuntimeError):
    """An invariant of the published package does not hold (a bug or a stale correction)."""
