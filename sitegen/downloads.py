"""The data package in every download format: CSV, CSV with BOM, XLSX, JSON, Parquet, ZIP, DuckDB.

Each function returns bytes from the package (pure); `write_downloads` is the one that writes files.
All outputs but the DuckDB file are byte-for-byte reproducible; DuckDB stores a random database
identifier and checksums in its file header, so that one file differs between builds.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl
import xlsxwriter

from sitegen.data import Package

BOM = b"\xef\xbb\xbf"
FORMATS = ("csv", "bom.csv", "xlsx", "json", "parquet")
ZIP_NAME = "bilim-data.zip"
DUCKDB_NAME = "bilim-data.duckdb"
_POLARS_TYPES = {"integer": pl.Int64, "number": pl.Float64, "boolean": pl.Boolean}


def package_time(package: Package) -> datetime:
    """The package's `created` time: the one date stamped into archives and workbooks."""
    try:
        return datetime.strptime(package.created, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return datetime(2020, 1, 1, tzinfo=UTC)


def frame(package: Package, name: str) -> pl.DataFrame:
    fields = package.fields(name)
    schema = {f["name"]: _POLARS_TYPES.get(f.get("type", "string"), pl.String) for f in fields}
    rows = package.table(name)
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)


def xlsx_bytes(package: Package, name: str) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False,
                                            "strings_to_formulas": False, "strings_to_urls": False})
    created = package_time(package).replace(tzinfo=None)
    workbook.set_properties({"title": name, "author": "Bilim Data", "created": created})
    sheet = workbook.add_worksheet(name[:31])
    bold = workbook.add_format({"bold": True})
    fields = [f["name"] for f in package.fields(name)]
    sheet.write_row(0, 0, fields, bold)
    for index, row in enumerate(package.table(name), start=1):
        sheet.write_row(index, 0, ["" if row.get(f) is None else row.get(f) for f in fields])
    sheet.freeze_panes(1, 0)
    workbook.close()
    return buffer.getvalue()


def json_bytes(package: Package, name: str) -> bytes:
    return (json.dumps(package.table(name), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def parquet_bytes(package: Package, name: str) -> bytes:
    buffer = io.BytesIO()
    frame(package, name).write_parquet(buffer, compression="zstd", statistics=False)
    return buffer.getvalue()


def resource_files(package: Package, name: str) -> dict[str, bytes]:
    csv = package.csv_path(name).read_bytes()
    return {
        f"{name}.csv": csv,
        f"{name}.bom.csv": BOM + csv,
        f"{name}.xlsx": xlsx_bytes(package, name),
        f"{name}.json": json_bytes(package, name),
        f"{name}.parquet": parquet_bytes(package, name),
    }


def readme_text(package: Package) -> str:
    d = package.descriptor
    lines = [f"# {d.get('title', 'Bilim Data')}", "", str(d.get("description", "")), "",
             f"Version: {package.version}", f"Created: {package.created}", "", "## Resources", ""]
    for resource in d.get("resources", []):
        lines.append(f"- `{resource['path']}`: {resource.get('title', resource['name'])}. {resource.get('description', '')}")
    licences = ", ".join(item.get("title", item.get("name", "")) for item in d.get("licenses", []))
    lines += ["", f"Licence: {licences}", f"Home page: {d.get('homepage', '')}", ""]
    return "\n".join(lines)


def zip_bytes(package: Package) -> bytes:
    """datapackage.json, a README and every resource CSV, with fixed timestamps and order."""
    stamp = package_time(package).timetuple()[:6]
    buffer = io.BytesIO()
    entries: list[tuple[str, bytes]] = [
        ("bilim-data/datapackage.json", json.dumps(package.descriptor, ensure_ascii=False, indent=2).encode("utf-8")),
        ("bilim-data/README.md", readme_text(package).encode("utf-8")),
    ]
    for resource in package.descriptor.get("resources", []):
        entries.append((f"bilim-data/{resource['path']}", package.csv_path(resource["name"]).read_bytes()))
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for arcname, data in sorted(entries):
            info = zipfile.ZipInfo(arcname, date_time=stamp)  # type: ignore[arg-type]
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def write_duckdb(package: Package, target: Path) -> None:
    """One table per resource, typed by the Table Schema, with field descriptions as column comments."""
    if target.exists():
        target.unlink()
    con = duckdb.connect(str(target))
    try:
        for name in package.resource_names():
            data = frame(package, name)  # noqa: F841 - read by DuckDB through the replacement scan
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM data')
            description = package.resource(name).get("description", "")
            con.execute(f"COMMENT ON TABLE \"{name}\" IS '{description.replace(chr(39), chr(39) * 2)}'")
            for f in package.fields(name):
                text = str(f.get("description", "")).replace("'", "''")
                con.execute(f"COMMENT ON COLUMN \"{name}\".\"{f['name']}\" IS '{text}'")
    finally:
        con.close()


def write_downloads(package: Package, folder: Path, with_duckdb: bool = True) -> list[str]:
    """Write every download into `folder` (emptied first); returns the file names, sorted."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        if old.is_file():
            old.unlink()
    files: dict[str, bytes] = {}
    for name in package.resource_names():
        files.update(resource_files(package, name))
    files["datapackage.json"] = (json.dumps(package.descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    files[ZIP_NAME] = zip_bytes(package)
    for filename, data in sorted(files.items()):
        (folder / filename).write_bytes(data)
    if with_duckdb:
        write_duckdb(package, folder / DUCKDB_NAME)
    return sorted(p.name for p in folder.iterdir())
