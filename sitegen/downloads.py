"""The data package in every download format: XLSX, CSV for spreadsheets in Kazakh and Russian settings,
CSV, JSON, Parquet, ZIP and DuckDB.

Layout. The published package is the repository's package as a folder: its descriptor and every file the
descriptor names by a relative path (each resource, the documents of its `sources` list, and the
documents named by a resource's `path` field), each at that path relative to the descriptor. So a
descriptor resolves wherever it is published (the site's downloads/, the ZIP, the repository), and the
package's folder can move without this module knowing where. Every other format of a resource sits
beside the resource's CSV under the same stem (`data/regions.csv` → `data/regions.xlsx`).

Which format serves whom (the data page says the same, in three languages):
- spreadsheets in any language setting: XLSX, numbers typed as numbers with a number format that shows
  each value's own decimals, and every text (codes, periods, dates, ids) stored as text;
- spreadsheets set to Kazakh or Russian: a CSV with `;` between fields, a decimal comma and a UTF-8
  byte-order mark, every non-empty field quoted (so that a program splitting on commas as well keeps
  the decimal commas inside their field), and a text that a spreadsheet could misread as a number or
  date ("2023", "95 %", "August 2024") written as the formula of its text, `="2023"`, so that it stays
  that text in a spreadsheet of any setting (sitegen/spreadsheet_csv.py);
- programs: the package's own CSV (UTF-8, comma, decimal point, described by datapackage.json),
  Parquet and DuckDB (typed), JSON.

Each function returns bytes from the package (pure); `write_downloads` is the one that writes files.
Every output is byte-for-byte reproducible, the DuckDB file included (see DUCKDB_UNSEEDED).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import duckdb
import polars as pl

from pipelines.publish.package import PACKAGE_FOLDER, repository_descriptor
from sitegen import spreadsheet_csv
from sitegen.data import Package
from sitegen.workbook import workbook_bytes

DESCRIPTOR = "datapackage.json"
ZIP_NAME = "bilim-data.zip"
ZIP_FOLDER = "bilim-data"
DUCKDB_NAME = "bilim-data.duckdb"
# The DuckDB file is written in this storage format, which every DuckDB release since it reads (newer
# releases write a format older ones refuse: "version number 69, but we can only read … 64 and 68").
DUCKDB_STORAGE_VERSION = "v1.0.0"
# A Table Schema type as each reader names it: Polars' type (the frames here, and the lines that load a
# CSV with its types), DuckDB's and pandas' (nullable, so that a missing value keeps its column's type).
# The readers' own guessing takes a text of digits ("2020", "1.") for a number.
_READER_TYPES: dict[str, dict[str, object]] = {
    "string": {"polars": pl.String, "duckdb": "VARCHAR", "pandas": "string"},
    "integer": {"polars": pl.Int64, "duckdb": "BIGINT", "pandas": "Int64"},
    "number": {"polars": pl.Float64, "duckdb": "DOUBLE", "pandas": "Float64"},
    "boolean": {"polars": pl.Boolean, "duckdb": "BOOLEAN", "pandas": "boolean"},
}
# The readers whose lines a resource's page gives, in order, with their labels (names, not translated).
LOADERS = {"duckdb": "DuckDB (SQL)", "polars": "Python (Polars)", "pandas": "Python (pandas)"}


def reader_type(field: dict, reader: str) -> object:
    """The type `reader` ("polars", "duckdb", "pandas") gives the Table Schema `field`'s values; raises
    KeyError for a field type no reader is given here."""
    return _READER_TYPES[field.get("type", "string")][reader]


def load_with_types(fields: list[dict], url: str) -> dict[str, str]:
    """The lines that load a resource's CSV for code at `url` with every column typed as its Table Schema
    field (`fields`, in order) says, not as the reader guesses: {reader of LOADERS: its code} (a SQL
    query, Python). Only an empty cell is a missing value, as in the package (pandas would also take
    "NA", "null", "None" and the like for one). Raises KeyError for a field type no reader is given."""
    # One field a line: the lines are read on a phone, and copied whole.
    duckdb_types = "".join(f"\n    '{f['name']}': '{reader_type(f, 'duckdb')}'," for f in fields)
    polars_types = "".join(f'\n        "{f["name"]}": pl.{reader_type(f, "polars").__name__},'  # type: ignore[attr-defined]
                           for f in fields)
    pandas_types = "".join(f'\n        "{f["name"]}": "{reader_type(f, "pandas")}",' for f in fields)
    return {
        "duckdb": f"SELECT * FROM read_csv(\n  '{url}',\n  header = true,\n  types = {{{duckdb_types}\n  }}\n);",
        "polars": f'import polars as pl\nframe = pl.read_csv(\n    "{url}",\n'
                  f"    schema_overrides={{{polars_types}\n    }},\n)",
        "pandas": f'import pandas as pd\nframe = pd.read_csv(\n    "{url}",\n'
                  f"    dtype={{{pandas_types}\n    }},\n"
                  '    keep_default_na=False,\n    na_values=[""],\n)',
    }


def package_time(package: Package) -> datetime:
    """The package's `created` time: the one date stamped into archives and workbooks."""
    try:
        return datetime.strptime(package.created, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return datetime(2020, 1, 1, tzinfo=UTC)


# --- Where the files go ----------------------------------------------------------------------------------

def is_local(path: str) -> bool:
    """A path the descriptor resolves against its own folder (not a URL, not absolute, not leaving it)."""
    pure = PurePosixPath(path)
    return bool(path) and "://" not in path and not pure.is_absolute() and ".." not in pure.parts


def repository_view(package: Package) -> Package:
    """The package as the repository's top-level datapackage.json gives it, its paths from the repository
    root (data/package/sources.csv, data/sources/000_….txt), so that a published copy (the site's
    downloads, the ZIP) holds every file the descriptor, or the `sources` resource's `path` field (relative
    to the repository root), names at the same relative place. A package read from its own folder
    (data/package/, whose documents lie outside it, '../sources/…') is re-based; any other is returned as
    it is."""
    if not any(str(s.get("path", "")).startswith("../") for s in package.descriptor.get("sources", [])):
        return package
    root = package.root
    for _ in PurePosixPath(PACKAGE_FOLDER).parts:
        root = root.parent
    return Package(repository_descriptor(package.descriptor), root, package._tables)


def referenced_paths(package: Package) -> list[str]:
    """Every relative path the package names, sorted: resource paths, the descriptor's `sources` list
    and the values of each resource's `path` field (paths relative to the package's folder, as the
    field's description says). Raises FileNotFoundError naming the first one that does not exist."""
    package = repository_view(package)
    paths = {str(r["path"]) for r in package.descriptor.get("resources", [])}
    paths |= {str(s["path"]) for s in package.descriptor.get("sources", []) if "path" in s}
    for name in package.resource_names():
        if any(f["name"] == "path" for f in package.fields(name)):
            paths |= {str(row["path"]) for row in package.table(name) if row.get("path")}
    local = sorted(p for p in paths if is_local(p))
    for path in local:
        if not (package.root / path).is_file():
            raise FileNotFoundError(f"{package.root / path}: named by {DESCRIPTOR} but missing")
    return local


def format_path(package: Package, name: str, suffix: str) -> str:
    """Where a format of a resource goes: beside its CSV, same stem ('data/regions.csv', '.xlsx' →
    'data/regions.xlsx'), as the repository's descriptor places it (see `repository_view`)."""
    package = repository_view(package)
    return PurePosixPath(str(package.resource(name)["path"])).with_suffix(suffix).as_posix()


# --- Formats of one resource -----------------------------------------------------------------------------

def typed_rows(package: Package, name: str) -> list[dict]:
    """The resource's rows with every missing value as None: Table Schema's `missingValues` (by default
    the empty string) are missing in string fields too, as Frictionless reads them."""
    missing = set(package.resource(name).get("schema", {}).get("missingValues", [""]))
    return [{key: None if value in missing else value for key, value in row.items()}
            for row in package.table(name)]


def frame(package: Package, name: str) -> pl.DataFrame:
    fields = package.fields(name)
    schema = {f["name"]: reader_type(f, "polars") for f in fields}
    rows = typed_rows(package, name)
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)


def licence_text(package: Package) -> str:
    return ", ".join(f"{item.get('title', item.get('name', ''))} ({item.get('path', '')})"
                     for item in package.descriptor.get("licenses", []))


def xlsx_bytes(package: Package, name: str) -> bytes:
    """The resource as a workbook (see `workbook_bytes`), with its description, licence and fields."""
    fields = package.fields(name)
    info = package.resource(name)
    about = [str(info.get("title", name)), str(info.get("description", "")), "",
             f"{package.descriptor.get('title', '')}, version {package.version}",
             f"Licence: {licence_text(package)}", str(package.descriptor.get("homepage", ""))]
    return workbook_bytes(
        name, [(f["name"], f.get("type", "string")) for f in fields], package.table(name), about,
        package_time(package),
        [(f["name"], f.get("type", "string"), str(f.get("description", ""))) for f in fields],
    )


def locale_csv_bytes(package: Package, name: str) -> bytes:
    """The resource's CSV for spreadsheets set to Kazakh or Russian (see sitegen/spreadsheet_csv.py): `;`
    between fields, decimal comma, CRLF line ends, UTF-8 with a byte-order mark, every non-empty field
    quoted, a text a spreadsheet could misread as a number or date written as the formula of its text.
    Values are the package's CSV text otherwise unchanged."""
    kinds = [f.get("type", "string") for f in package.fields(name)]
    reader = csv.reader(io.StringIO(package.csv_path(name).read_text(encoding="utf-8"), newline=""))
    header = next(reader)
    rows = (list(zip(row, kinds, strict=True)) for row in reader)
    return spreadsheet_csv.csv_text(header, rows, spreadsheet_csv.SETTINGS["ru"]).encode("utf-8")


def json_bytes(package: Package, name: str) -> bytes:
    return (json.dumps(typed_rows(package, name), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def parquet_bytes(package: Package, name: str) -> bytes:
    buffer = io.BytesIO()
    frame(package, name).write_parquet(buffer, compression="zstd", statistics=False)
    return buffer.getvalue()


def csv_bytes(package: Package, name: str) -> bytes:
    return package.csv_path(name).read_bytes()


@dataclass(frozen=True)
class Format:
    """One download format of a resource: where it goes (suffix beside the resource's CSV), its label's
    string key, how it is made, and for a spreadsheet format the site languages whose spreadsheet
    settings read it right (empty for a format made for programs)."""

    key: str
    suffix: str
    label: str
    build: Callable[[Package, str], bytes]
    spreadsheet_langs: tuple[str, ...] = ()


# In the order the data page offers them: spreadsheets first.
FORMATS: tuple[Format, ...] = (
    Format("xlsx", ".xlsx", "downloads.format.xlsx", xlsx_bytes, ("kk", "ru", "en")),
    Format("locale_csv", ".semicolon.csv", "downloads.format.locale_csv", locale_csv_bytes, ("kk", "ru")),
    Format("csv", ".csv", "downloads.format.csv", csv_bytes),
    Format("json", ".json", "downloads.format.json", json_bytes),
    Format("parquet", ".parquet", "downloads.format.parquet", parquet_bytes),
)


def resource_files(package: Package, name: str) -> dict[str, bytes]:
    """Every format of one resource: {path relative to the descriptor: bytes}."""
    return {format_path(package, name, f.suffix): f.build(package, name) for f in FORMATS}


# --- The whole package -----------------------------------------------------------------------------------

def descriptor_bytes(package: Package) -> bytes:
    return (json.dumps(package.descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def readme_text(package: Package) -> str:
    d = package.descriptor
    lines = [f"# {d.get('title', 'Bilim Data')}", "", str(d.get("description", "")), "",
             f"Version: {package.version}", f"Created: {package.created}", "", "## Resources", ""]
    for resource in d.get("resources", []):
        lines.append(f"- `{resource['path']}`: {resource.get('title', resource['name'])}. {resource.get('description', '')}")
    documents = [s for s in d.get("sources", []) if is_local(str(s.get("path", "")))]
    if documents:
        lines += ["", "## Source documents", ""]
        lines += [f"- `{s['path']}`: {s.get('title', '')}" for s in documents]
    licences = ", ".join(item.get("title", item.get("name", "")) for item in d.get("licenses", []))
    lines += ["", "Every path above is relative to this folder, as in `datapackage.json`: load the package",
              "with Frictionless (`frictionless.Package(\"datapackage.json\")`) or read the CSV files directly.",
              "", f"Licence: {licences}", f"Home page: {d.get('homepage', '')}", ""]
    return "\n".join(lines)


def package_tree(package: Package) -> dict[str, bytes]:
    """The package as a folder: the descriptor and every file it names, at the same relative paths."""
    package = repository_view(package)
    tree = {DESCRIPTOR: descriptor_bytes(package)}
    for path in referenced_paths(package):
        tree[path] = (package.root / path).read_bytes()
    return tree


def zip_bytes(package: Package) -> bytes:
    """The package as a folder (see `package_tree`) with a README, under one top folder; fixed
    timestamps and order."""
    stamp = package_time(package).timetuple()[:6]
    entries = {**package_tree(package), "README.md": readme_text(package).encode("utf-8")}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(entries):
            info = zipfile.ZipInfo(f"{ZIP_FOLDER}/{path}", date_time=stamp)  # type: ignore[arg-type]
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, entries[path])
    return buffer.getvalue()


def _sql_text(text: object) -> str:
    return "'" + str(text).replace("'", "''") + "'"


# DuckDB's compressions that choose their encoding from a random sample of the values: FSST (strings)
# builds its symbol table from one, ALP and ALPRD (decimals) pick their exponents from one, so the same
# data gave a file that differed in about 250 KB from one write to the next. Without them the strings
# fall back to dictionary compression and the decimals to Chimp/Patas/bit-packing, and the file is the
# same size (3.7 MB today) and the same bytes on every write, with any number of threads.
DUCKDB_UNSEEDED = ("fsst", "alp", "alprd")


def write_duckdb(package: Package, target: Path) -> None:
    """One table per resource, typed by the Table Schema, with field descriptions as column comments,
    in storage format DUCKDB_STORAGE_VERSION (readable by every DuckDB release since that one); the
    same package gives the same bytes (DUCKDB_UNSEEDED)."""
    if target.exists():
        target.unlink()
    con = duckdb.connect()
    try:
        con.execute(f"SET disabled_compression_methods = {_sql_text(','.join(DUCKDB_UNSEEDED))}")
        con.execute(f"ATTACH {_sql_text(target)} AS package (STORAGE_VERSION {_sql_text(DUCKDB_STORAGE_VERSION)})")
        for name in package.resource_names():
            data = frame(package, name)  # noqa: F841 - read by DuckDB through the replacement scan
            con.execute(f'CREATE TABLE package."{name}" AS SELECT * FROM data')
            con.execute(f'COMMENT ON TABLE package."{name}" IS '
                        + _sql_text(package.resource(name).get("description", "")))
            for f in package.fields(name):
                con.execute(f'COMMENT ON COLUMN package."{name}"."{f["name"]}" IS '
                            + _sql_text(f.get("description", "")))
        con.execute("DETACH package")
    finally:
        con.close()


def duckdb_oldest_release() -> str:
    """The oldest DuckDB release that opens the file, as people name it: 'v1.0.0' → '1.0.0'."""
    return DUCKDB_STORAGE_VERSION.removeprefix("v")


def write_package_downloads(descriptor: Path, folder: Path) -> list[str]:
    """`write_downloads` of the package described by `descriptor` (for a worker process, which is
    given the package by its path)."""
    from sitegen.data import load_package

    return write_downloads(load_package(descriptor), folder)


def write_downloads(package: Package, folder: Path, with_duckdb: bool = True) -> list[str]:
    """Write every download into `folder` (emptied first): the package as a folder (see
    `package_tree`), every format of each resource beside its CSV, the ZIP and the DuckDB file.
    Returns the written paths relative to `folder`, sorted."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    package = repository_view(package)
    files = package_tree(package)
    for name in package.resource_names():
        files.update(resource_files(package, name))
    files[ZIP_NAME] = zip_bytes(package)
    for path, data in sorted(files.items()):
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    if with_duckdb:
        write_duckdb(package, folder / DUCKDB_NAME)
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
