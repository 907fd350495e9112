"""Declared corrections (data/corrections.yml): load, verify against the rows, apply."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl
import yaml

from pipelines.errors import CheckFailure, SourceFormatError
from pipelines.paths import CORRECTIONS

ACTIONS = ("swap_count_total", "set_total", "set_value")
REQUIRED = ("id", "resource", "key", "source_id", "source_line", "quote", "action", "reason_en", "reason_ru",
            "reason_kk")


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
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
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
                reasons={lang: " ".join(entry[f"reason_{lang}"].split()) for lang in ("en", "ru", "kk")},
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


def apply_corrections(frame: pl.DataFrame, corrections: list[Correction], resource: str,
                      fields: tuple[str, str] = ("count", "total")) -> pl.DataFrame:
    """Apply the corrections for `resource`; adds `correction_id` ("" where none applies).

    A correction whose row is missing, whose quote is no longer on its line, or whose premise no
    longer holds (a swap where the count does not exceed the total) stops the build: a stale
    correction must be reviewed, not silently skipped.
    """
    count_field, total_field = fields
    frame = frame.with_columns(pl.lit("").alias("correction_id"))
    for correction in (c for c in corrections if c.resource == resource):
        mask = _row_mask(frame, correction)
        matches = frame.filter(mask)
        if matches.height != 1:
            raise CheckFailure(f"correction {correction.id}: expected one {resource} row for {correction.key}, "
                               f"found {matches.height}")
        row = matches.row(0, named=True)
        if (row["source_id"], row["source_line"]) != (correction.source_id, correction.source_line) or \
                correction.quote not in row["source_text"]:
            raise CheckFailure(f"correction {correction.id}: the row no longer comes from "
                               f"{correction.source_id}:{correction.source_line} quoting {correction.quote!r}")
        if correction.action == "swap_count_total":
            if not row[count_field] > row[total_field]:
                raise CheckFailure(f"correction {correction.id}: count does not exceed total any more")
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
