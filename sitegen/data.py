"""The data package as the site reads it: typed rows per resource, field descriptions, provenance.

A resource the site needs and the package lacks is an error (MissingResource); a column the site
can do without (short names, notes) is read with `.get()` where it is used.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.atomic import settled
from pipelines.paths import PACKAGE

Row = dict[str, object]

class MissingResource(LookupError):
    """The data package has no such resource (or its CSV file is missing)."""

def _cast(value: str, kind: str) -> object:
    if value == "":
        return None
    if kind == "integer":
        return int(value)
    if kind == "number":
        return float(value)
    if kind == "boolean":
        return value == "true"
    return value

def parse_csv(text: str, fields: list[dict]) -> list[Row]:
    """Rows of a resource CSV, typed by its Table Schema (empty cells of non-strings become None)."""
    types = {f["name"]: f.get("type", "string") for f in fields}
    reader = csv.DictReader(io.StringIO(text))
    rows = []
    for raw in reader:
        row: Row = {}
        for name, value in raw.items():
            kind = types.get(name, "string")
            row[name] = value if kind == "string" else _cast(value, kind)
        rows.append(row)
    return rows

@dataclass
class Package:
    """datapackage.json and the rows of each resource."""

    descriptor: dict
    root: Path
    _tables: dict[str, list[Row]] = field(default_factory=dict)

    @property
    def version(self) -> str:
        return str(self.descriptor.get("version", ""))

    @property
    def created(self) -> str:
        return str(self.descriptor.get("created", ""))

    def resource_names(self) -> list[str]:
        return [r["name"] for r in self.descriptor.get("resources", [])]

    def has(self, name: str) -> bool:
        return name in self.resource_names() and (self.root / self.resource(name)["path"]).exists()

    def resource(self, name: str) -> dict:
        for item in self.descriptor.get("resources", []):
            if item["name"] == name:
                return item
        raise MissingResource(f"the data package has no resource {name!r} (datapackage.json lists "
                              f"{', '.join(self.resource_names()) or 'none'})")

    def fields(self, name: str) -> list[dict]:
        return list(self.resource(name).get("schema", {}).get("fields", []))

    def csv_path(self, name: str) -> Path:
        path = self.root / self.resource(name)["path"]
        if not path.exists():
            raise MissingResource(f"resource {name!r}: {path} does not exist; run `make data`")
        return path

    def table(self, name: str) -> list[Row]:
        if name not in self._tables:
            text = self.csv_path(name).read_text(encoding="utf-8")
            self._tables[name] = parse_csv(text, self.fields(name))
        return self._tables[name]

def load_package(path: Path | None = None) -> Package:
    """The package of a datapackage.json (by default the published one, data/package/, as a build left it:
    the previous folder while a swap is cut short); its resources' paths are relative to its folder."""
    if path is None:
        path = settled(PACKAGE) / "datapackage.json"
    if not path.exists():
        raise MissingResource(f"{path} does not exist; run `make data` to build the data package")
    return Package(json.loads(path.read_text(encoding="utf-8")), path.parent)

def read_source_lines(path: Path) -> list[str]:
    """A document's lines exactly as the pipeline numbers them (UTF-8, BOM and CRLF tolerated)."""
    text = path.read_text(encoding="utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    return text.split("\n")

def split_refs(value: object) -> list[tuple[str, int]]:
    """'004_…:5;000_…:124' → [('004_…', 5), ('000_…', 124)]; malformed parts are skipped."""
    out = []
    for part in str(value or "").split(";"):
        source_id, _, line = part.strip().rpartition(":")
        if source_id and line.isdigit():
            out.append((source_id, int(line)))
    return out

def split_list(value: object) -> list[str]:
    return [part.strip() for part in str(value or "").split(";") if part.strip()]
