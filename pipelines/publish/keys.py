"""Row keys, from the field dictionary's primary keys: how quality_issues names a row (`row_key`), and
how a flag finds the row it belongs to.

A row's key is its primary key's values in the dictionary's order, '|'-joined, empty values left out (a
region row of security_coverage has no city group: "cctv_police_link|region|school|KZ-19|2023-Q1"). A
resource may declare a `short_key` (progress: figure_id_to, comparison): a row whose short-key fields all
have values is keyed by those alone ("000-L031-3|since_earliest"). A problem in a document's text that
no row holds is keyed by its line (`line_key`).
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from pipelines.publish.fields import Resource, resource

ROW_KEY = "row_key"


def _text(value: object) -> str:
    """A key value as the CSV prints it: "" for none, a whole number without decimals."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def row_key(name: str, row: Mapping[str, object]) -> str:
    """The key of one row of resource `name` (a frame's row or a CSV row alike)."""
    spec = resource(name)
    short = [_text(row[field]) for field in spec.short_key]
    if short and all(short):
        return "|".join(short)
    return "|".join(text for field in spec.primary_key if (text := _text(row[field])))


def line_key(source_id: str, line: int) -> str:
    """The key of a problem in a document's text that no row holds, under the resource sources:
    "003_c2990e6476669ab7|L512"."""
    return f"{source_id}|L{line}"


def _joined(fields: list[str]) -> pl.Expr:
    parts = [pl.col(field).cast(pl.String) for field in fields]
    return pl.concat_str([pl.when(part != "").then(part) for part in parts], separator="|", ignore_nulls=True)


def row_key_expr(spec: Resource) -> pl.Expr:
    """`row_key` as a Polars expression over the resource's frame (the same text as `row_key`)."""
    full = _joined(spec.primary_key)
    if not spec.short_key:
        return full.alias(ROW_KEY)
    has_short = pl.all_horizontal([pl.col(field).cast(pl.String).fill_null("") != "" for field in spec.short_key])
    return pl.when(has_short).then(_joined(spec.short_key)).otherwise(full).alias(ROW_KEY)


def with_row_keys(frame: pl.DataFrame, name: str) -> pl.DataFrame:
    """The frame with a `row_key` column added."""
    return frame.with_columns(row_key_expr(resource(name)))
