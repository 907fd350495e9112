"""The lines each resource's page gives for loading its CSV with its types, run as an analyst runs them:
copied from the built page (every language's), pointed at the served file, in DuckDB, in Polars and in
pandas. Every column must come out of the type its field declares, and every value as the package holds
it; the readers' own guessing, which the lines are there to prevent, must be shown to get something
wrong."""

from __future__ import annotations

import html
import re
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pytest

from sitegen.data import load_package
from sitegen.downloads import frame

PACKAGE = load_package()
NAMES = PACKAGE.resource_names()
DUCKDB_TYPES = {"integer": "BIGINT", "number": "DOUBLE", "boolean": "BOOLEAN", "string": "VARCHAR"}
POLARS_TYPES = {"integer": pl.Int64, "number": pl.Float64, "boolean": pl.Boolean, "string": pl.String}
# pandas' nullable types: a column with a missing value keeps its type (an integer column would otherwise
# turn into floats).
PANDAS_TYPES = {"integer": pd.Int64Dtype(), "number": pd.Float64Dtype(), "boolean": pd.BooleanDtype(),
                "string": pd.StringDtype()}
PREFIX = {"kk": "", "ru": "ru/", "en": "en/"}


def page_lines(site_dir: Path, lang: str, name: str) -> list[str]:
    """The code blocks of the resource's page, as a reader copies them."""
    text = (site_dir / PREFIX[lang] / "data" / name / "index.html").read_text(encoding="utf-8")
    return [html.unescape(re.sub(r"<[^>]+>", "", block))
            for block in re.findall(r'<pre class="bd-load" translate="no"><code>(.*?)</code></pre>', text, re.S)]


def served(site_dir: Path, code: str) -> str:
    """`code` with the published address of a download replaced by the file in the built site."""
    url = re.search(r"""['"](https?://[^'"]+/downloads/[^'"]+\.csv)['"]""", code).group(1)
    local = site_dir / "downloads" / url.split("/downloads/", 1)[1]
    assert local.exists(), url
    return code.replace(url, local.as_posix())


@pytest.mark.parametrize("lang", list(PREFIX))
@pytest.mark.parametrize("name", NAMES)
def test_the_pages_lines_load_every_column_as_its_field_says(site_dir: Path, name: str, lang: str):
    duckdb_sql, polars_code, pandas_code = page_lines(site_dir, lang, name)
    fields = PACKAGE.fields(name)
    expected = frame(PACKAGE, name)

    relation = duckdb.connect().sql(served(site_dir, duckdb_sql))
    assert relation.columns == [f["name"] for f in fields]
    assert [str(t) for t in relation.types] == [DUCKDB_TYPES[f.get("type", "string")] for f in fields]
    assert relation.pl().equals(expected)

    scope: dict = {}
    exec(served(site_dir, polars_code), scope)  # the page's Python, as a reader pastes it
    loaded = scope["frame"]
    assert loaded.schema == pl.Schema({f["name"]: POLARS_TYPES[f.get("type", "string")] for f in fields})
    assert loaded.equals(expected)

    scope = {}
    exec(served(site_dir, pandas_code), scope)
    loaded = scope["frame"]
    assert list(loaded.columns) == [f["name"] for f in fields]
    assert list(loaded.dtypes) == [PANDAS_TYPES[f.get("type", "string")] for f in fields]
    # Every value as the package holds it, a missing one as missing (pandas' NA; Polars' None).
    as_rows = loaded.astype(object).where(loaded.notna(), None).to_dict("records")
    assert as_rows == expected.to_dicts()


def test_guessing_gets_some_columns_wrong(site_dir: Path):
    """Not a check of nothing: read without the lines, some text columns come out as numbers (DuckDB)."""
    wrong = []
    for name in NAMES:
        duckdb_sql = page_lines(site_dir, "en", name)[0]
        path = served(site_dir, duckdb_sql).split("'")[1]
        guessed = duckdb.connect().sql(f"SELECT * FROM read_csv('{path}')")
        declared = {f["name"]: DUCKDB_TYPES[f.get("type", "string")] for f in PACKAGE.fields(name)}
        wrong += [f"{name}.{column}" for column, kind in zip(guessed.columns, guessed.types, strict=True)
                  if str(kind) != declared[column]]
    assert wrong, "every column guessed right: the lines would not be needed"


def test_pandas_guessing_gets_some_columns_wrong(site_dir: Path):
    """pandas' own reading, without the lines: some text column comes out as numbers, or some text as
    missing (pandas takes "NA", "None", "null" and the like for a missing value)."""
    wrong = []
    for name in NAMES:
        path = served(site_dir, page_lines(site_dir, "en", name)[2]).split('"')[1]
        guessed = pd.read_csv(path)
        expected = frame(PACKAGE, name)
        for field in PACKAGE.fields(name):
            column = field["name"]
            if field.get("type", "string") == "string" and pd.api.types.is_numeric_dtype(guessed[column]):
                wrong.append(f"{name}.{column}: {guessed[column].dtype}")
            elif int(guessed[column].isna().sum()) != expected[column].null_count():
                wrong.append(f"{name}.{column}: missing values")
    assert wrong, "pandas guessed every column right: the lines would not be needed"
