"""Declared corrections (data/corrections.yml): load, verify against the rows, apply."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipelines.errors import CheckFailure, SourceFormatError
from pipelines.language.numbers import LANGS
from pipelines.normalise.text import fold
from pipelines.paths import CORRECTIONS, ROOT, SOURCES
from pipelines.yaml_files import read_yaml

ACTIONS = ("swap_count_total", "set_total", "set_value")
REQUIRED = ("id", "resource", "key", "source_id", "source_line", "quote", "action",
            *(f"reason_{lang}" for lang in LANGS))


@dataclass(frozen=True)
class Correction:
    id: str
    resource: str
    key: dict
    source_id: str
    source_line: int
    quote: str
    action: str
    reasons: dict[str, str]
    value: float | None = None


def load_corrections(path: Path = CORRECTIONS) -> list[Correction]:
    entries = read_yaml(path) or []
    corrections = []
    for number, entry in enumerate(entries, start=1):
        missing = [name for name in REQUIRED if name not in entry]
        if missing or entry.get("action") not in ACTIONS:
            raise SourceFormatError(
                path.name, None, f"correction #{number} with {', '.join(REQUIRED)} and an action in {ACTIONS}",
                str(entry.get("id")),
            )
        if entry["action"] != "swap_count_total" and "value" not in entry:
            raise SourceFormatError(path.name, None, f"a value for correction {entry['id']}")
        corrections.append(
            Correction(
                id=entry["id"], resource=entry["resource"], key=dict(entry["key"]), source_id=entry["source_id"],
                source_line=int(entry["source_line"]), quote=entry["quote"], action=entry["action"],
                reasons={lang: " ".join(entry[f"reason_{lang}"].split()) for lang in LANGS},
                value=entry.get("value"),
            )
        )
    ids = [c.id for c in corrections]
    if len(ids) != len(set(ids)):
        raise SourceFormatError(path.name, None, "unique correction ids")
    return corrections


def _row_mask(frame: pl.DataFrame, correction: Correction) -> pl.Series:
    mask = pl.Series([True] * frame.height)
    for column, value in correction.key.items():
        if column not in frame.columns:
            raise CheckFailure(f"correction {correction.id}: {correction.resource} has no column {column!r}")
        mask = mask & (frame[column] == value)
    return mask


def _where(correction: Correction) -> str:
    """"path:line" of the source line a correction quotes, as a SourceFormatError would name it."""
    return f"{(SOURCES / f'{correction.source_id}.txt').relative_to(ROOT).as_posix()}:{correction.source_line}"


def _same_words(quote: str, text: str) -> bool:
    """Whether `quote` is in `text` as the parsers read text: spaces, dashes and look-alikes folded,
    runs of spaces as one (a no-break space or a Latin 'a' does not make the quote stale)."""
    return " ".join(fold(quote).split()) in " ".join(fold(text).split())


def apply_corrections(frame: pl.DataFrame, corrections: list[Correction], resource: str,
                      fields: tuple[str, str] = ("count", "total")) -> pl.DataFrame:
    """Apply the corrections for `resource`; adds `correction_id` ("" where none applies).

    A correction whose row is missing, whose quote is no longer on its line, or whose premise no
    longer holds (a swap where the count does not exceed the total) stops the build: a stale
    correction must be reviewed, not silently skipped. The message names the document and line the
    correction quotes, and the correction in data/corrections.yml.
    """
    count_field, total_field = fields
    frame = frame.with_columns(pl.lit("").alias("correction_id"))
    for correction in (c for c in corrections if c.resource == resource):
        mask = _row_mask(frame, correction)
        matches = frame.filter(mask)
        declared = f"correction {correction.id} in data/corrections.yml"
        if matches.height != 1:
            raise CheckFailure(f"{_where(correction)}: expected one {resource} row for {correction.key} "
                               f"({declared}); found {matches.height}")
        row = matches.row(0, named=True)
        if (row["source_id"], row["source_line"]) != (correction.source_id, correction.source_line) or \
                not _same_words(correction.quote, row["source_text"]):
            raise CheckFailure(f"{_where(correction)}: expected the text {correction.quote!r} ({declared}); "
                               f"found {row['source_text']!r} at {row['source_id']}:{row['source_line']}")
        if correction.action == "swap_count_total":
            if not row[count_field] > row[total_field]:
                raise CheckFailure(f"{_where(correction)}: expected a {count_field} above the {total_field} "
                                   f"({declared} swaps them); found {row[count_field]} and {row[total_field]}")
            updates = {count_field: row[total_field], total_field: row[count_field]}
        elif correction.action == "set_total":
            updates = {total_field: correction.value}
        else:
            updates = {count_field: correction.value}
        frame = frame.with_columns(
            *[pl.when(mask).then(pl.lit(value)).otherwise(pl.col(name)).alias(name) for name, value in updates.items()],
            pl.when(mask).then(pl.lit(correction.id)).otherwise(pl.col("correction_id")).alias("correction_id"),
        )
    return frame
