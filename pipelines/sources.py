"""Step 1: the source documents and their provenance metadata."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import polars as pl

from pipelines.declarations import (
    SUFFIX,
    Declaration,
    declaration_path,
    expected_declarations,
    load_declaration,
    stray_declarations,
)
from pipelines.errors import SourceFormatError
from pipelines.language.grammar import typeset_numbers
from pipelines.normalise.periods import QUARTER_PERIOD
from pipelines.paths import ROOT, SOURCES
from pipelines.vocabularies import DOCUMENT_LANGUAGES as LANGUAGES
from pipelines.vocabularies import FORMATS, SOURCE_ID_PATTERN
from pipelines.yaml_files import read_yaml

METADATA_FIELDS = ("title", "title_en", "description_en", "issuer", "date", "language", "periods", "format")
# The metadata in the site's other languages (Bilim Data's own, unofficial): the description and the
# issuer in Kazakh and Russian, and the title in the one of them the document is not written in (its
# own is `title`, as printed).
TRANSLATED_FIELDS = ("description_kk", "description_ru", "issuer_kk", "issuer_ru")


@dataclass(frozen=True)
class Document:
    """One source document: its id, where it lives and its lines (1-based through `line`), its metadata
    and the declaration of what it holds (its own, or its format's)."""

    source_id: str
    path: str  # relative to the repository root, with forward slashes
    lines: tuple[str, ...]
    sha256: str
    meta: dict = field(default_factory=dict, compare=False)
    declaration: Declaration | None = field(default=None, compare=False)

    def declared(self) -> Declaration:
        """The declaration the engines read this document with; SourceFormatError when it has none."""
        if self.declaration is None:
            raise SourceFormatError(self.path, None, "a declaration of what the document holds: "
                                    + expected_declarations(self.path, str(self.meta.get("format"))))
        return self.declaration

    def line(self, number: int) -> str:
        return self.lines[number - 1]

    def numbered(self) -> Iterator[tuple[int, str]]:
        """(line number, text) for each line, in order; an iterator, as a plan of a million lines would
        make a list of a million pairs for each scan."""
        return enumerate(self.lines, start=1)

    def error(self, line: int | None, expected: str, found: str | None = None) -> SourceFormatError:
        return SourceFormatError(self.path, line, expected, found)


# C0 controls other than TAB (a lone CR included), DEL, C1 controls, and the replacement character a
# lossy conversion leaves behind: none belongs in a text document, and each can hide inside a number.
_NOT_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffd]")


def _looks_like_cp1251(raw: bytes, position: int) -> bool:
    """Whether the line holding the byte at `position` reads as Cyrillic text in Windows-1251."""
    start = raw.rfind(b"\n", 0, position) + 1
    end = raw.find(b"\n", position)
    try:
        line = raw[start:end if end >= 0 else len(raw)].decode("cp1251")
    except UnicodeDecodeError:
        return False
    wide = [ch for ch in line if ord(ch) > 127]
    return sum(1 for ch in wide if "\u0400" <= ch <= "\u04ff") >= 0.8 * len(wide) > 0


def decode_document(raw: bytes, path: str) -> tuple[str, ...]:
    """Bytes to lines. UTF-8 only; a byte-order mark and CRLF line ends are tolerated.

    Every refusal names a line: the first one that is not UTF-8 text, or line 1 of an empty file.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        found = f"bytes {raw[exc.start:exc.start + 4]!r}"
        if exc.reason == "unexpected end of data":
            found += " at the end of the file, inside a character (is the file cut short?)"
        elif _looks_like_cp1251(raw, exc.start):
            found += " (the file looks like Windows-1251; save it as UTF-8)"
        raise SourceFormatError(path, line, "UTF-8 text", found) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    if not text.strip():
        raise SourceFormatError(path, 1, "a non-empty UTF-8 text document", "an empty file")
    if text.endswith("\n"):
        text = text[:-1]
    bad = _NOT_TEXT.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise SourceFormatError(path, line, "printable text", f"control character {bad.group()!r}")
    return tuple(text.split("\n"))


def load_document(path: Path, root: Path = ROOT, declarations: dict[Path, Declaration] | None = None) -> Document:
    """Read one document, the metadata file beside it (same stem, `.yml`) and its declaration (its own
    `<id>.spec.yml`, else its format's `<format>.spec.yml` in the same folder). `declarations` keeps
    the declarations read so far, so that a format's is read once for all its documents.

    Raises SourceFormatError for a document that is not UTF-8 text, metadata that lacks a field, and a
    document without a declaration (naming the metadata's `format` line and where a declaration goes)."""
    relative = path.resolve().relative_to(root.resolve()).as_posix()
    raw = path.read_bytes()
    meta = load_metadata(path.with_suffix(".yml"), relative)
    found = declaration_path(path, meta["format"], str(meta.get("language") or ""))
    if found is None:
        raise SourceFormatError(str(PurePosixPath(relative).with_suffix(".yml")),
                                _key_line(path.with_suffix(".yml"), "format"),
                                f"a declaration of what a document of format {meta['format']} holds: "
                                f"{expected_declarations(relative, meta['format'])}", str(meta["format"]))
    declarations = {} if declarations is None else declarations
    if found not in declarations:
        declarations[found] = load_declaration(found, found.resolve().relative_to(root.resolve()).as_posix())
    return Document(
        source_id=path.stem,
        path=relative,
        lines=decode_document(raw, relative),
        sha256=hashlib.sha256(raw).hexdigest(),
        meta=meta,
        declaration=declarations[found],
    )


def _key_line(path: Path, key: str) -> int | None:
    """The line of a top-level key in a metadata file, for messages that point at it."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if re.match(rf"^{re.escape(key)}\s*:", line):
            return number
    return None


def load_metadata(path: Path, document: str) -> dict:
    """The provenance metadata of `document` (a path relative to the repository root).

    Refusals name the metadata file (beside the document, same stem) and the line of the field.
    """
    shown = str(PurePosixPath(document).with_suffix(".yml"))
    if not path.exists():
        raise SourceFormatError(document, None, f"a metadata file {path.name} beside the document")
    meta = read_yaml(path) or {}
    missing = [name for name in METADATA_FIELDS if not meta.get(name)]
    if missing:
        raise SourceFormatError(shown, None, f"metadata fields {', '.join(missing)}")
    if meta["format"] not in FORMATS:
        raise SourceFormatError(shown, _key_line(path, "format"), f"format one of {FORMATS}", str(meta["format"]))
    if meta["language"] not in LANGUAGES:
        raise SourceFormatError(shown, _key_line(path, "language"), f"language one of {LANGUAGES}",
                                str(meta["language"]))
    own = f"title_{meta['language']}"
    if own in meta:
        # A title in the other language beside it names the language the metadata may have wrong (a
        # Russian note's metadata copied from a Kazakh note's).
        other = other_language(meta["language"])
        raise SourceFormatError(shown, _key_line(path, own), f"no {own}: the document's own title is `title`, "
                                f"as printed (in a document in {other}, `language: {other}`, `title_{meta['language']}`"
                                " its translation)", str(meta[own]))
    untranslated = [name for name in (*TRANSLATED_FIELDS, f"title_{other_language(meta['language'])}")
                    if not isinstance(meta.get(name), str) or not meta[name].strip()]
    if untranslated:
        raise SourceFormatError(shown, None, f"the metadata in Kazakh and Russian: {', '.join(untranslated)} "
                                "(unofficial translations of title_en, description_en and issuer)")
    if not re.match(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$", str(meta["date"])):
        raise SourceFormatError(shown, _key_line(path, "date"), 'date as precise as known: "2023", "2023-07" or '
                                '"2023-07-05"', str(meta["date"]))
    periods = meta["periods"] if isinstance(meta["periods"], list) else [meta["periods"]]
    if meta["format"] == "security_note" and (len(periods) != 1 or not QUARTER_PERIOD.match(str(periods[0]))):
        raise SourceFormatError(shown, _key_line(path, "periods"),
                                'periods: the one quarter the note reports, such as ["2023-Q2"]', str(periods))
    if meta["format"] == "security_note":
        # A note reports a quarter in its last month at the earliest (as of its last day); a date before
        # that is a date or a quarter copied from another note.
        year, quarter = int(str(periods[0])[:4]), int(str(periods[0])[-1])
        date = str(meta["date"])
        dated = (int(date[:4]), int(date[5:7]) if len(date) >= 7 else 12)
        if dated < (year, 3 * quarter):
            raise SourceFormatError(shown, _key_line(path, "date"),
                                    f"a date no earlier than {year}-{3 * quarter:02d}, the last month of the "
                                    f"quarter the note reports ({periods[0]}); correct whichever of date and "
                                    "periods is wrong", date)
    return meta


def other_language(language: str) -> str:
    """The one of Kazakh and Russian a document is not written in."""
    return "kk" if language == "ru" else "ru"


def check_note_periods(documents: dict[str, Document], root: Path = ROOT) -> None:
    """Two quarterly notes never report the same quarter: the later file is refused, naming both."""
    first_of: dict[str, Document] = {}
    for _, doc in sorted(documents.items()):
        if doc.meta["format"] != "security_note":
            continue
        period = str(doc.meta["periods"][0])
        if period in first_of:
            earlier = first_of[period]
            metadata = PurePosixPath(doc.path).with_suffix(".yml")
            raise SourceFormatError(
                str(metadata), _key_line(root / metadata, "periods"),
                f"a quarter no other note reports; {PurePosixPath(earlier.path).with_suffix('.yml')} declares "
                f"{period} too (one note per quarter: correct the periods of the one that is wrong; a revised note "
                f"does not replace a published one: see CONTRIBUTING.md)", period)
        first_of[period] = doc


def load_documents(folder: Path = SOURCES, root: Path = ROOT) -> dict[str, Document]:
    """Every `*.txt` document in the sources folder, by source id, with its metadata and declaration.

    A declaration that reads no document (`<id>.spec.yml` without its `<id>.txt`, or named after no
    format) is refused, naming it."""
    declarations: dict[Path, Declaration] = {}
    documents = {p.stem: load_document(p, root, declarations) for p in sorted(folder.glob("*.txt"))}
    if not documents:
        raise SourceFormatError(folder.as_posix(), None, "at least one *.txt document")
    for stray in stray_declarations(folder, documents, FORMATS, LANGUAGES):
        raise SourceFormatError(stray.resolve().relative_to(root.resolve()).as_posix(), 1,
                                f"a declaration named after a document of its folder (<id>{SUFFIX} beside "
                                f"<id>.txt) or after a format ({', '.join(f + SUFFIX for f in FORMATS)}; "
                                f"in one language: <format>.<language>{SUFFIX}, language one of {', '.join(LANGUAGES)})",
                                stray.name)
    check_document_names(folder, documents, root)
    check_note_periods(documents, root)
    return documents


def check_document_names(folder: Path, documents: dict[str, Document], root: Path = ROOT) -> None:
    """Every document is named `NNN_<16 hex digits>.txt` and has a number of its own.

    Readers know a document by its number ("document 005", "005-құжат"), so two documents of one number
    (two notes added on two branches) would be one to them. Raises SourceFormatError naming the file and
    the name to give it."""
    free = max((int(source_id[:3]) for source_id in documents if source_id[:3].isdigit()), default=-1) + 1
    owner: dict[str, str] = {}
    for source_id in sorted(documents):
        path = (folder / f"{source_id}.txt").resolve()
        shown = path.relative_to(root.resolve()).as_posix() if path.is_relative_to(root.resolve()) else str(path)
        if not re.fullmatch(SOURCE_ID_PATTERN, source_id):
            raise SourceFormatError(shown, None, f"a document named NNN_<the first 16 hex digits of its sha256>.txt, "
                                    f"NNN the next free number ({free:03d}); its .yml beside it of the same name",
                                    f"{source_id}.txt")
        number = source_id[:3]
        if number in owner:
            raise SourceFormatError(shown, None, f"a document number of its own: {number} is already "
                                    f"{owner[number]}.txt; rename this document and its .yml (and .spec.yml) "
                                    f"to {free:03d}_{source_id[4:]}", f"{source_id}.txt")
        owner[number] = source_id


def documents_of_format(documents: dict[str, Document], fmt: str) -> list[Document]:
    """The documents a parser reads, in source-id order (a new quarterly note joins its format)."""
    return [doc for _, doc in sorted(documents.items()) if doc.meta["format"] == fmt]


def _title(meta: dict, lang: str) -> str:
    """The title in kk or ru: the title as printed in the document's own language, else its translation."""
    return meta["title"] if meta["language"] == lang else meta[f"title_{lang}"]


def the_document_of_format(documents: dict[str, Document], fmt: str) -> Document:
    """The one document of a format the sources hold exactly once (the Concept plan)."""
    found = documents_of_format(documents, fmt)
    if len(found) != 1:
        raise SourceFormatError("data/sources", None, f"exactly one document of format {fmt}",
                                f"{len(found)} documents")
    return found[0]


def build_sources(documents: dict[str, Document]) -> pl.DataFrame:
    """The `sources` resource: one row per document, its title, description and issuer in kk, ru and en."""
    rows = [
        {
            "source_id": doc.source_id,
            "path": doc.path,
            "title": doc.meta["title"],
            "title_kk": _title(doc.meta, "kk"),
            "title_ru": _title(doc.meta, "ru"),
            "title_en": doc.meta["title_en"],
            "description_en": typeset_numbers(" ".join(doc.meta["description_en"].split()), "en"),
            "description_kk": typeset_numbers(" ".join(doc.meta["description_kk"].split()), "kk"),
            "description_ru": typeset_numbers(" ".join(doc.meta["description_ru"].split()), "ru"),
            "language": doc.meta["language"],
            "date": str(doc.meta["date"]),
            "issuer": doc.meta["issuer"],
            "issuer_kk": doc.meta["issuer_kk"],
            "issuer_ru": doc.meta["issuer_ru"],
            "periods": ";".join(str(p) for p in doc.meta["periods"]),
            "format": doc.meta["format"],
            "line_count": len(doc.lines),
            "sha256": doc.sha256,
        }
        for doc in documents.values()
    ]
    return pl.DataFrame(rows).sort("source_id")
