"""Render the data package: each resource's CSV and the package's datapackage.json, as the files of the
package folder (data/package/; pipelines/publish/outputs.py publishes them), and the README's table."""

from __future__ import annotations

import hashlib
import io
import json
import os
import posixpath
import re
from collections.abc import Mapping
from datetime import UTC, datetime

import polars as pl

from pipelines.errors import CheckFailure
from pipelines.paths import PACKAGE, ROOT
from pipelines.publish.fields import RESOURCES, Resource, resource
from pipelines.version import RELEASED, VERSION

PACKAGE_NAME = "bilim-data"
PACKAGE_TITLE = "Bilim Data: safety and connectivity of Kazakhstan's education organisations"
PACKAGE_DESCRIPTION = (
    "Figures parsed from government documents of Kazakhstan (Russian and Kazakh): which regions "
    "connected school CCTV to police operational control centres, which large cities' kindergartens, "
    "schools and colleges have licensed security, alarm buttons and turnstiles, how school internet "
    "changed since 2020, and the yearly targets and action plan of the Concept for preschool, school "
    "and vocational education 2023–2029. Every row carries its source document, line and the exact "
    "quoted text; contradictions between and within the documents are flagged and listed in "
    "quality_issues. Every text is given in Kazakh, Russian and English: the documents' own words as "
    "printed (the Concept's action plan, targets and glossary in Russian), and beside them unofficial "
    "translations by Bilim Data (names, chapters, actions, forms of completion, deadlines, breakdowns, "
    "notes and abbreviations of the Concept; the documents' titles, descriptions and issuers; the "
    "statements of national_figures), each field saying where its original is."
)


def created_timestamp() -> str:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else the release date of this version."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{RELEASED}T00:00:00Z"


def _format_number(value: float | None) -> str | None:
    if value is None:
        return None
    if value == int(value):
        return str(int(value))
    return repr(value)


def to_csv_frame(frame: pl.DataFrame, spec: Resource) -> pl.DataFrame:
    """Columns in dictionary order, numbers printed without a spurious '.0', booleans lower-case."""
    missing = [name for name in spec.field_names if name not in frame.columns]
    extra = [name for name in frame.columns if name not in spec.field_names]
    if missing or extra:
        raise CheckFailure(f"{spec.name}: columns differ from the field dictionary "
                           f"(missing {missing}, not documented {extra})")
    columns = []
    for item in spec.fields:
        column = pl.col(item.name)
        if item.type == "number":
            column = column.cast(pl.Float64).map_elements(_format_number, return_dtype=pl.String)
        elif item.type == "boolean":
            column = pl.when(column.cast(pl.Boolean)).then(pl.lit("true")).otherwise(pl.lit("false"))
        else:
            # Empty text is written as an empty cell, which Table Schema reads as missing.
            column = column.cast(pl.String)
            column = pl.when(column == "").then(None).otherwise(column)
        columns.append(column.alias(item.name))
    return frame.select(columns).sort([_typed(spec, name) for name in spec.primary_key], maintain_order=True)


def _typed(spec: Resource, name: str) -> pl.Expr:
    """A written column read back as its field's type, so that rows sort by value, not by text (action 2
    before action 10); a missing key sorts first."""
    kind = next(item.type for item in spec.fields if item.name == name)
    column = pl.col(name)
    if kind == "integer":
        return column.cast(pl.Int64)
    if kind == "number":
        return column.cast(pl.Float64)
    if kind == "boolean":
        return column == "true"
    return column


def csv_bytes(frame: pl.DataFrame) -> bytes:
    # Written as UTF-8 into a buffer, not returned as text and encoded: a large resource is then held once
    # in memory, not as text and again as bytes.
    buffer = io.BytesIO()
    frame.write_csv(buffer, line_terminator="\n", null_value="")
    return buffer.getvalue()


# The package folder, relative to the repository root: its descriptor's paths are relative to it.
PACKAGE_FOLDER = PACKAGE.relative_to(ROOT).as_posix()
DESCRIPTOR = "datapackage.json"


def descriptor(files: dict[str, bytes], sources: pl.DataFrame) -> dict:
    """The package's datapackage.json describing the resources in `files` (CSV bytes by resource name), in
    the field dictionary's order."""
    resources = []
    for spec in RESOURCES:
        if spec.name not in files:
            continue
        data = files[spec.name]
        schema: dict = {"fields": [f.schema() for f in spec.fields], "primaryKey": spec.primary_key}
        if spec.foreign_keys:
            schema["foreignKeys"] = spec.foreign_keys
        resources.append({
            "name": spec.name,
            "title": spec.title,
            "description": spec.description,
            "path": f"{spec.name}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "bytes": len(data),
            "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
            "schema": schema,
        })
    return {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": PACKAGE_TITLE,
        "description": PACKAGE_DESCRIPTION,
        "version": VERSION,
        "created": created_timestamp(),
        "homepage": "https://bilimdata.github.io/bilim-data/",
        "keywords": ["Kazakhstan", "education", "school safety", "school internet", "open data"],
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
                      "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "sources": [{"title": row["title_en"], "path": posixpath.relpath(row["path"], PACKAGE_FOLDER)}
                    for row in sources.iter_rows(named=True)],
        "resources": resources,
    }


README = "README.md"
README_START = "<!-- resources: generated by `make data` from the package; edit the descriptions only -->"
README_END = "<!-- end of resources -->"
_README_ROW = re.compile(r"^\| `(\w+)` \| [^|]* \| (.*) \|$")


def readme_with_counts(text: str, counts: dict[str, int]) -> str:
    """README.md with the table of resources between its markers rewritten: one row per resource of
    `counts` (name → rows, in the package's order); each row keeps the description written in the
    README (a new resource gets its title). Text outside the markers is kept as it is.
    Raises CheckFailure when the markers are missing.
    """
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        raise CheckFailure(f"{README}: the resource table's markers {README_START!r} … {README_END!r} are missing")
    body = text[start + len(README_START):end]
    described = {m.group(1): m.group(2) for line in body.splitlines() if (m := _README_ROW.match(line))}
    rows = [f"| `{name}` | {count} | {described.get(name) or resource(name).title} |" for name, count in counts.items()]
    table = "\n".join(["| resource | rows | what |", "|---|---|---|", *rows])
    return f"{text[:start + len(README_START)]}\n{table}\n{text[end:]}"


Rendered = Mapping[str, tuple[pl.DataFrame, bytes]]  # a resource's CSV bytes, and the frame they were rendered from


def render_package(frames: dict[str, pl.DataFrame], rendered: Rendered | None = None) -> dict[str, bytes]:
    """Every file of the package folder, by its name there: each resource's CSV and datapackage.json.

    `rendered` holds the CSVs of resources rendered already (pipelines/run.py renders those final before
    the checks ahead of them): one is reused where its frame holds the same columns, types and values."""
    names = [spec.name for spec in RESOURCES]
    if sorted(frames) != sorted(names):
        raise CheckFailure(f"resources differ from the field dictionary: {sorted(frames)} vs {sorted(names)}")
    return render_resources(frames, frames["sources"], rendered)


def render_resources(frames: dict[str, pl.DataFrame], sources: pl.DataFrame, rendered: Rendered | None = None
                     ) -> dict[str, bytes]:
    """The files of a package of some of the resources (`frames`, each a resource of the field dictionary),
    by name: their CSVs and a datapackage.json describing them, each byte as render_package writes it."""
    def csv_of(spec: Resource) -> bytes:
        frame, earlier = frames[spec.name], (rendered or {}).get(spec.name)
        if earlier is not None and (earlier[0] is frame or (earlier[0].schema == frame.schema
                                                            and earlier[0].equals(frame))):
            return earlier[1]
        return csv_bytes(to_csv_frame(frame, spec))

    files = {spec.name: csv_of(spec) for spec in RESOURCES if spec.name in frames}
    out = {f"{name}.csv": data for name, data in files.items()}
    out[DESCRIPTOR] = json_bytes(descriptor(files, sources))
    return out


def json_bytes(document: dict) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def repository_descriptor(package: dict) -> dict:
    """The repository's own datapackage.json: the package's, each relative path re-based from the package
    folder onto the repository root (data/package/sources.csv, data/sources/000_….txt)."""
    def rebased(item: dict) -> dict:
        path = item.get("path", "")
        if not path or "://" in path:
            return item
        return {**item, "path": posixpath.normpath(posixpath.join(PACKAGE_FOLDER, path))}

    return {**package, "sources": [rebased(s) for s in package.get("sources", [])],
            "resources": [rebased(r) for r in package.get("resources", [])]}
