"""Every published file of every resource lists its rows in the order of its primary key, each key field
compared as its own type says (action 2 before action 10, not "10" before "2" as text): the package's
CSV in the repository and on the site, the spreadsheet CSV, XLSX, JSON, Parquet and the DuckDB table."""

from __future__ import annotations

import csv
import io
import itertools
import json
from pathlib import Path

import duckdb
import openpyxl
import polars as pl
import pytest

from sitegen.data import load_package
from sitegen.downloads import DUCKDB_NAME, format_path

PACKAGE = load_package()
NAMES = PACKAGE.resource_names()


def key_of(name: str, row: dict) -> tuple:
    """The row's primary key as typed values; a missing value sorts first (as written by the pipeline)."""
    kinds = {f["name"]: f.get("type", "string") for f in PACKAGE.fields(name)}
    key = []
    for field in PACKAGE.resource(name)["schema"]["primaryKey"]:
        value = row.get(field)
        if value in (None, ""):
            key.append((0, 0))
            continue
        kind = kinds[field]
        typed = int(value) if kind == "integer" else float(value) if kind == "number" else str(value)
        key.append((1, typed))
    return tuple(key)


def disorder(name: str, rows: list[dict]) -> str | None:
    keys = [key_of(name, row) for row in rows]
    for number, (before, after) in enumerate(itertools.pairwise(keys), start=1):
        if after < before:
            return f"{name}: row {number + 1} {after} comes after row {number} {before}"
    return None


def test_a_resource_with_an_integer_key_has_keys_text_order_would_misplace():
    """The check below can fail: concept_actions' action numbers run past 9, so text order differs."""
    numbers = [int(row["action_no"]) for row in PACKAGE.table("concept_actions")]
    assert sorted(numbers, key=str) != sorted(numbers)


def test_every_resource_of_the_repository_package_is_in_key_order():
    problems = [disorder(name, PACKAGE.table(name)) for name in NAMES]
    assert not [p for p in problems if p], problems


def csv_rows(path: Path, delimiter: str = ",") -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=delimiter))


def xlsx_rows(path: Path) -> list[dict]:
    sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    return [dict(zip(rows[0], row, strict=False)) for row in rows[1:]]


READERS = {
    ".csv": csv_rows,
    ".semicolon.csv": lambda path: csv_rows(path, ";"),
    ".xlsx": xlsx_rows,
    ".json": lambda path: json.loads(path.read_text(encoding="utf-8")),
    ".parquet": lambda path: pl.read_parquet(path).to_dicts(),
}


@pytest.mark.parametrize("suffix", list(READERS))
def test_every_published_file_is_in_key_order(site_dir, suffix):
    folder = site_dir / "downloads"
    problems = []
    for name in NAMES:
        rows = READERS[suffix](folder / format_path(PACKAGE, name, suffix))
        assert len(rows) == len(PACKAGE.table(name)), (name, suffix)
        problems.append(disorder(name, rows))
    assert not [p for p in problems if p], problems


def test_every_duckdb_table_is_in_key_order(site_dir):
    con = duckdb.connect(str(site_dir / "downloads" / DUCKDB_NAME), read_only=True)
    try:
        problems = []
        for name in NAMES:
            cursor = con.execute(f'SELECT * FROM "{name}"')
            columns = [d[0] for d in cursor.description]
            problems.append(disorder(name, [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]))
    finally:
        con.close()
    assert not [p for p in problems if p], problems
