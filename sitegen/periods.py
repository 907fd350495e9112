"""Periods as the site shows them: in time order, with their dates, a URL slug, and in words.

A period is written as the data package writes it (`PERIOD_PATTERN`: "2020", "2023-Q1", "2023-03",
"2023-03-07"). Its first and last day come from the pipeline's own rule (`PERIOD_BOUNDS`, DuckDB SQL),
so that the site and the package never disagree on when a period starts or ends. Periods are ordered by
their last day, then their first: a quarter comes before the year that holds it, since the year's figure
can only be complete after the quarter's.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import duckdb

from pipelines.duck import connect
from pipelines.language import grammar
from pipelines.normalise.periods import PERIOD_BOUNDS


@dataclass(frozen=True)
class Period:
    """One period: its code as published and its first and last day (both inclusive)."""

    code: str
    start: date
    end: date

    @property
    def slug(self) -> str:
        """The period in a URL or an HTML id: '2023-Q1' → '2023-q1'."""
        return slug(self.code)

    @property
    def middle(self) -> date:
        """The day halfway between the first and the last (rounded down): where a chart puts the period."""
        return self.start + timedelta(days=(self.end - self.start).days // 2)


def slug(code: str) -> str:
    return code.lower()


@functools.lru_cache(maxsize=64)
def _bounds(codes: tuple[str, ...]) -> dict[str, Period]:
    if not codes:
        return {}
    con = connect()
    try:
        values = ", ".join("(?)" for _ in codes)
        rows = con.execute(f"SELECT period, {PERIOD_BOUNDS} FROM (VALUES {values}) AS t(period)", list(codes)).fetchall()
    finally:
        con.close()
    return {code: Period(code, start, end) for code, start, end in rows}


def periods(codes: Iterable[object]) -> list[Period]:
    """The distinct periods among `codes` (empty ones left out), oldest first.

    Raises ValueError naming the code when one is not a period (DuckDB cannot read it as one).
    """
    distinct = tuple(sorted({str(c) for c in codes if c not in (None, "")}))
    try:
        found = _bounds(distinct)
    except duckdb.Error as error:
        raise ValueError(f"not a period (expected 2020, 2023-Q1, 2023-03 or 2023-03-07): {distinct}") from error
    return sorted(found.values(), key=lambda p: (p.end, p.start, p.code))


def period(code: str) -> Period:
    return periods([code])[0]


def period_label(code: str, lang: str, case: str = "nom") -> str:
    """The period in words in the page's language (the shared language module's `period_label`)."""
    return grammar.period_label(code, lang, case)


def period_range(first: str, last: str, lang: str, *, attributive: bool = False) -> str:
    """From one period to another in words; one period alone when they are the same."""
    if first == last:
        return grammar.period_label(first, lang)
    return grammar.period_range(first, last, lang, attributive=attributive)
