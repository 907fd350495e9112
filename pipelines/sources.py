"""Step 1: the source documents and their provenance metadata."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import yaml

from pipelines.errors import SourceFormatError
from pipelines.paths import ROOT, SOURCES

METADATA_FIELDS = ("title", "title_en", "description_en", "issuer", "date", "language", "periods", "format")
FORMATS = ("security_note", "concept_plan", "briefing", "theses", "reply")
LANGUAGES = ("ru", "kk")


@dataclass(frozen=True)
class Document:
    """One source document: its id, where it lives and its lines (1-based through `line`)."""

    source_id: str
    path: str  # relative to the repository root, with forward slashes
    lines: tuple[str, ...]
    sha256: str
    meta: dict = field(default_factory=dict, compare=False)

    def line(self, number: int) -> str:
        return self.lines[number - 1]

    def numbered(self) -> list[tuple[int, str]]:
        return list(enumerate(self.lines, start=1))

    def error(self, line: int | None, expected: str, found: str | None = None) -> SourceFormatError:
        return SourceFormatError(self.path, line, expected, found)


def decode_document(raw: bytes, path: str) -> tuple[str, ...]:
    """Bytes to lines. UTF-8 only; a byte-order mark and CRLF line ends are tolerated."""
    if not raw.strip():
        raise SourceFormatError(path, None, "a non-empty UTF-8 text document", "an empty file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceFormatError(path, line, "UTF-8 text", f"bytes {raw[exc.start:exc.start + 4]!r}") from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    for number, line in enumerate(text.split("\n"), start=1):
        bad = [ch for ch in line if (ord(ch) < 32 and ch != "\t") or ch == "\ufffd"]
        if bad:
            raise SourceFormatError(path, number, "printable text", f"control character {bad[0]!r}")
    return tuple(text.split("\n"))


def load_document(path: Path, root: Path = ROOT) -> Document:
    """Read one document and the metadata file beside it (same stem, `.yml`)."""
    relative = path.resolve().relative_to(root.resolve()).as_posix()
    raw = path.read_bytes()
    meta = load_metadata(path.with_suffix(".yml"), relative)
    return Document(
        source_id=path.stem,
        path=relative,
        lines=decode_document(raw, relative),
        sha256=hashlib.sha256(raw).hexdigest(),
        meta=meta,
    )


def load_metadata(path: Path, document: str) -> dict:
    if not path.exists():
        raise SourceFormatError(document, None, f"a metadata file {path.name} beside the document")
    meta = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    missing = [name for name in METADATA_FIELDS if not meta.get(name)]
    if missing:
        raise SourceFormatError(path.name, None, f"metadata fields {', '.join(missing)}")
    if meta["format"] not in FORMATS:
        raise SourceFormatError(path.name, None, f"format one of {FORMATS}", str(meta["format"]))
    if meta["language"] not in LANGUAGES:
        raise SourceFormatError(path.name, None, f"language one of {LANGUAGES}", str(meta["language"]))
    return meta


def load_documents(folder: Path = SOURCES, root: Path = ROOT) -> dict[str, Document]:
    """Every `*.txt` document in the sources folder, by source id."""
    documents = {p.stem: load_document(p, root) for p in sorted(folder.glob("*.txt"))}
    if not documents:
        raise SourceFormatError(folder.as_posix(), None, "at least one *.txt document")
    return documents


def documents_of_format(documents: dict[str, Document], fmt: str) -> list[Document]:
    """The documents a parser reads, in source-id order (a new quarterly note joins its format)."""
    return [doc for _, doc in sorted(documents.items()) if doc.meta["format"] == fmt]


def build_sources(documents: dict[str, Document]) -> pl.DataFrame:
    """The `sources` resource: one row per document."""
    rows = [
        {
            "source_id": doc.source_id,
            "path": doc.path,
            "title": doc.meta["title"],
            "title_en": doc.meta["title_en"],
            "description_en": " ".join(doc.meta["description_en"].split()),
            "language": doc.meta["language"],
            "date": str(doc.meta["date"]),
            "issuer": doc.meta["issuer"],
            "periods": ";".join(str(p) for p in doc.meta["periods"]),
            "format": doc.meta["format"],
            "line_count": len(doc.lines),
            "sha256": doc.sha256,
        }
        for doc in documents.values()
    ]
    return pl.DataFrame(rows).sort("source_id")
