"""Write the data package: CSV files and datapackage.json, staged and then moved into place."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from pipelines.errors import CheckFailure
from pipelines.publish.fields import RESOURCES, Resource
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
    return frame.select(columns).sort(spec.primary_key)


def csv_bytes(frame: pl.DataFrame) -> bytes:
    return frame.write_csv(line_terminator="\n", null_value="").encode("utf-8")


def descriptor(files: dict[str, bytes], sources: pl.DataFrame) -> dict:
    resources = []
    for spec in RESOURCES:
        data = files[spec.name]
        schema: dict = {"fields": [f.schema() for f in spec.fields], "primaryKey": spec.primary_key}
        if spec.foreign_keys:
            schema["foreignKeys"] = spec.foreign_keys
        resources.append({
            "name": spec.name,
            "title": spec.title,
            "description": spec.description,
            "path": f"data/{spec.name}.csv",
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
        "sources": [{"title": row["title_en"], "path": row["path"]} for row in sources.iter_rows(named=True)],
        "resources": resources,
    }


README = "README.md"
README_START = "<!-- resources: generated by `make data` from the package; edit the descriptions only -->"
README_END = "<!-- end of resources -->"
_README_ROW = re.compile(r"^\| `(\w+)` \| [^|]* \| (.*) \|$")


def readme_with_counts(text: str, counts: dict[str, int]) -> str:
    """README.md with the table of resources between its markers rewritten: one row per resource of
    the field dictionary, in its order, with `counts[name]` rows; each row keeps the description
    written in the README (a new resource gets its title). Text outside the markers is kept as it is.
    Raises CheckFailure when the markers are missing.
    """
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        raise CheckFailure(f"{README}: the resource table's markers {README_START!r} … {README_END!r} are missing")
    body = text[start + len(README_START):end]
    described = {m.group(1): m.group(2) for line in body.splitlines() if (m := _README_ROW.match(line))}
    rows = [f"| `{spec.name}` | {counts[spec.name]} | {described.get(spec.name, spec.title)} |" for spec in RESOURCES]
    table = "\n".join(["| resource | rows | what |", "|---|---|---|", *rows])
    return f"{text[:start + len(README_START)]}\n{table}\n{text[end:]}"


def render_readme(frames: dict[str, pl.DataFrame], root: Path) -> dict[str, bytes]:
    """README.md with its row counts refreshed, as an output of the build ({} when there is none)."""
    path = root / README
    if not path.exists():
        return {}
    text = path.read_text(encoding="utf-8")
    return {README: readme_with_counts(text, {name: frame.height for name, frame in frames.items()}).encode("utf-8")}


def render_package(frames: dict[str, pl.DataFrame]) -> dict[str, bytes]:
    """Every output file's bytes, keyed by path relative to the repository root."""
    names = [spec.name for spec in RESOURCES]
    if sorted(frames) != sorted(names):
        raise CheckFailure(f"resources differ from the field dictionary: {sorted(frames)} vs {sorted(names)}")
    files = {spec.name: csv_bytes(to_csv_frame(frames[spec.name], spec)) for spec in RESOURCES}
    package = descriptor(files, frames["sources"])
    out = {f"data/{name}.csv": data for name, data in files.items()}
    out["datapackage.json"] = (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return out


# --- Publishing: all or nothing ----------------------------------------------------------------------
#
# The outputs (data/*.csv and datapackage.json) live beside the inputs, so they cannot be swapped in as
# one directory. Instead a commit keeps an undo journal:
#
#   1. stage     every new file is written under a temporary folder beside the outputs (same file
#                system, so moves are renames) and validated there; nothing published is touched.
#   2. backup    the current outputs are hard-linked into the staging folder (no copy, and a later
#                rename over the published name leaves the linked file as it was).
#   3. journal   JOURNAL is written atomically (temporary file, fsync, rename): it names the staging
#                folder, the files that existed before and the files the commit writes.
#   4. move      each new file is renamed over its published name; stale resources are removed.
#   5. commit    JOURNAL is deleted: from this instant the new package is the published one. Then the
#                staging folder is removed.
#
# A process killed anywhere before 5 leaves either untouched outputs (before 3) or a journal. `recover`,
# which every build (and the site generator) runs first, rolls an unfinished commit back from the
# backup links and removes leftover staging folders, so the previous outputs come back byte for byte.
# Recovery is idempotent: killed while recovering, it finishes the next time.

JOURNAL = ".package-journal.json"
STAGING_PREFIX = ".tmp-package-"


PACKAGE_FILE = "datapackage.json"


def published_files(root: Path) -> list[str]:
    """The outputs now in place, relative to root: datapackage.json, README.md (its counts) and data/*.csv."""
    found = [f"data/{p.name}" for p in sorted((root / "data").glob("*.csv"))]
    readme = [README] if (root / README).exists() else []
    return ([PACKAGE_FILE] if (root / PACKAGE_FILE).exists() else []) + readme + found


def stage(files: dict[str, bytes], root: Path) -> Path:
    """Write the outputs under a temporary folder beside the repository's own (same file system)."""
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=root))
    for relative, data in files.items():
        target = staging / "new" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return staging


def staged_root(staging: Path) -> Path:
    """Where the staged package is, laid out as in the repository (for validation)."""
    return staging / "new"


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def commit(staging: Path, files: dict[str, bytes], root: Path) -> None:
    """Move the staged files into place as one change (see above); stale resources are removed."""
    recover(root, keep=staging)
    before = published_files(root)
    backup = staging / "old"
    for relative in before:
        (backup / relative).parent.mkdir(parents=True, exist_ok=True)
        os.link(root / relative, backup / relative)
    _write_atomic(root / JOURNAL, json.dumps({"staging": staging.name, "before": before,
                                              "after": sorted(files)}, indent=1))
    try:
        for relative in sorted(files):
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / "new" / relative, target)
        for relative in before:
            if relative not in files:
                (root / relative).unlink()
        _fsync_dir(root / "data")
    except BaseException:
        recover(root)  # an error (not a kill) while moving: roll back at once
        raise
    (root / JOURNAL).unlink()  # the commit point
    _fsync_dir(root)
    shutil.rmtree(staging, ignore_errors=True)


def recover(root: Path, keep: Path | None = None) -> bool:
    """Undo a commit that was interrupted, and remove leftover staging folders. True if one was undone."""
    journal_path = root / JOURNAL
    undone = False
    if journal_path.exists():
        journal = json.loads(journal_path.read_text(encoding="utf-8"))
        backup = root / journal["staging"] / "old"
        for relative in journal["after"]:
            if relative not in journal["before"]:
                (root / relative).unlink(missing_ok=True)
        for relative in journal["before"]:
            if (backup / relative).exists():
                os.replace(backup / relative, root / relative)
        _fsync_dir(root / "data")
        journal_path.unlink()
        _fsync_dir(root)
        undone = True
    for leftover in root.glob(STAGING_PREFIX + "*"):
        if keep is None or leftover.resolve() != keep.resolve():
            shutil.rmtree(leftover, ignore_errors=True)
    (root / (JOURNAL + ".tmp")).unlink(missing_ok=True)
    return undone
