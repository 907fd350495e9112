"""The errors a malformed or unexpected document raises."""

from __future__ import annotations

from collections.abc import Iterable


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


class SourceFormatErrors(SourceFormatError):
    """Several problems of the same run, each with its file and line, reported together (one per line
    of the message, in the order found), so that a maintainer fixes them all before running again.

    `path`, `line`, `expected` and `found` are those of the first; `errors` holds every one.
    """

    def __init__(self, errors: Iterable[SourceFormatError]) -> None:
        self.errors: list[SourceFormatError] = []
        for error in errors:
            self.errors.extend(error.errors if isinstance(error, SourceFormatErrors) else [error])
        if not self.errors:
            raise ValueError("SourceFormatErrors needs at least one error")
        first = self.errors[0]
        super().__init__(first.path, first.line, first.expected, first.found)
        self.args = ("\n".join(str(error) for error in self.errors),)

    def __str__(self) -> str:
        return self.args[0]


class UnknownPlaces(SourceFormatErrors):
    """Place names the alias table does not know: every one of a run, so that all are added at once."""


def raise_all(errors: list[SourceFormatError]) -> None:
    """Raise the one error, or all of them together; nothing when the list is empty."""
    if len(errors) == 1 and not isinstance(errors[0], SourceFormatErrors):
        raise errors[0]
    if errors:
        raise SourceFormatErrors(errors)


class CheckFailure(RuntimeError):
    """An invariant of the published package does not hold (a bug or a stale correction)."""
