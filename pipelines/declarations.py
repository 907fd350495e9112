"""Declarations: what a document (or every document of a format) states, in a YAML file beside it.

The parsers in `pipelines/extract/` are engines: they know a kind of text (prose statements, the
quarterly note's lists, the plan's table), not one document. What one document holds — its statements
and their wording, the plan's indicators and chapters — is declared in `data/sources/<id>.spec.yml`,
beside the document and its metadata; the documents of a recurring format (the quarterly notes) share
`data/sources/<format>.spec.yml`, and those of one language may share `data/sources/<format>.<language>.spec.yml`
(a Russian quarterly note: `security_note.ru.spec.yml`, its statements worded in Russian). A document's own
declaration comes first, then its format's in its language, then its format's.

Declarations are read with the line of every mapping and key, so that whatever is wrong in one, or
whatever in a document it does not match, is reported with the declaration's file and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from pipelines.errors import SourceFormatError

SUFFIX = ".spec.yml"


class Located(dict):
    """A mapping read from a declaration, with the line it starts on and the line of each key (1-based)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.line = 0
        self.key_lines: dict[str, int] = {}

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser when PyYAML has it
    """The safe subset of YAML, mappings as `Located`, a key repeated in one mapping refused."""


class _Repeated(Exception):
    def __init__(self, key: object, line: int) -> None:
        self.key, self.line = key, line


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Iterable[Located]:
    loader.flatten_mapping(node)  # YAML merge keys ("<<: *anchor")
    mapping = Located()
    mapping.line = node.start_mark.line + 1
    yield mapping
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise _Repeated(key, key_node.start_mark.line + 1)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


@dataclass(frozen=True, eq=False)
class Declaration:
    """One declaration file: `path` as messages name it (relative to the repository), its `text` and
    the `data` read from it (a `Located` mapping at the top)."""

    path: str
    text: str
    data: Located

    def error(self, line: int | None, expected: str, found: str | None = None) -> SourceFormatError:
        return SourceFormatError(self.path, line, expected, found)

    def where(self, line: int) -> str:
        """"data/sources/000_….spec.yml:42", for messages about the document that name the declaration."""
        return f"{self.path}:{line}"


def read_declaration(text: str, path: str) -> Declaration:
    """A declaration from its text. Raises SourceFormatError naming `path` and the line for text that is
    not YAML, a key given twice, or a top level that is not a mapping."""
    try:
        data = yaml.load(text, Loader=_Loader)
    except _Repeated as error:
        raise SourceFormatError(path, error.line, "each key once in a mapping", str(error.key)) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise SourceFormatError(path, mark.line + 1 if mark else None, "a YAML declaration",
                                str(error.problem or error.context)) from None
    if not isinstance(data, Located):
        raise SourceFormatError(path, 1, "a mapping at the top level of the declaration", type(data).__name__)
    return Declaration(path, text, data)


def load_declaration(path: Path, shown: str) -> Declaration:
    """The declaration file at `path`; `shown` is the path messages name."""
    return read_declaration(path.read_text(encoding="utf-8"), shown)


def declaration_path(document: Path, fmt: str, language: str = "") -> Path | None:
    """The declaration that reads `document`: its own (`<id>.spec.yml`), else its format's in its
    language (`<format>.<language>.spec.yml` in the same folder), else its format's (`<format>.spec.yml`);
    None when there is none."""
    candidates = (document.with_name(document.stem + SUFFIX),
                  *((document.with_name(f"{fmt}.{language}{SUFFIX}"),) if language else ()),
                  document.with_name(fmt + SUFFIX))
    for candidate in candidates:
        if candidate.exists():
            return candidate
    return None


def expected_declarations(document: str, fmt: str) -> str:
    """Both places a declaration of `document` (a path as messages name it) may be, for a refusal."""
    folder = PurePosixPath(document).parent
    return f"{folder / (PurePosixPath(document).stem + SUFFIX)} or {folder / (fmt + SUFFIX)}"


def stray_declarations(folder: Path, stems: Iterable[str], formats: Iterable[str],
                       languages: Iterable[str] = ()) -> list[Path]:
    """Declaration files of `folder` that read no document: named after neither a document, nor a format,
    nor a format in one of the `languages` (`security_note.ru`)."""
    formats = tuple(formats)
    known = {*stems, *formats, *(f"{fmt}.{language}" for fmt in formats for language in languages)}
    return [p for p in sorted(folder.glob("*" + SUFFIX)) if p.name[:-len(SUFFIX)] not in known]


# --------------------------------------------------------------------------------------------------
# Reading the fields of a declaration, each refusal at its line.


def fields(declaration: Declaration, mapping: Any, line: int, allowed: Iterable[str],
           required: Iterable[str] = (), what: str = "an entry") -> Located:
    """`mapping` checked to be a mapping with only the `allowed` keys and every `required` one."""
    if not isinstance(mapping, Located):
        raise declaration.error(line, f"{what}: a mapping", repr(mapping))
    allowed = tuple(allowed)
    unknown = [str(key) for key in mapping if key not in allowed]
    if unknown:
        raise declaration.error(mapping.line_of(unknown[0]), f"{what} with keys among {', '.join(allowed)}",
                                unknown[0])
    missing = [key for key in required if key not in mapping]
    if missing:
        raise declaration.error(mapping.line, f"{what} with {', '.join(missing)}", ", ".join(map(str, mapping)))
    return mapping


def text(declaration: Declaration, mapping: Located, key: str, default: str | None = None,
         allow_empty: bool = False) -> str:
    """A string field; a list of strings is joined (a long pattern written in pieces)."""
    if key not in mapping:
        if default is None:
            raise declaration.error(mapping.line, f"a field {key}")
        return default
    value = mapping[key]
    if isinstance(value, list) and value and all(isinstance(piece, str) for piece in value):
        value = "".join(value)
    if not isinstance(value, str) or (not value and not allow_empty):
        raise declaration.error(mapping.line_of(key), f"{key}: a non-empty text" + (" or a list of texts" if
                                                                                      key == "pattern" else ""),
                                repr(value))
    return value


def integer(declaration: Declaration, mapping: Located, key: str, default: int | None = None,
            minimum: int = 1) -> int:
    value = mapping.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise declaration.error(mapping.line_of(key), f"{key}: a whole number of at least {minimum}", repr(value))
    return value


def one_of(declaration: Declaration, mapping: Located, key: str, allowed: Iterable[str], default: str) -> str:
    value = mapping.get(key, default)
    allowed = tuple(allowed)
    if value not in allowed:
        raise declaration.error(mapping.line_of(key), f"{key}: one of {', '.join(repr(a) for a in allowed)}",
                                repr(value))
    return value


def listed(declaration: Declaration, mapping: Located, key: str, required: bool = True) -> list:
    value = mapping.get(key, [] if not required else None)
    if not isinstance(value, list) or (required and not value):
        raise declaration.error(mapping.line_of(key), f"{key}: a non-empty list", repr(value))
    return value


def compiled(declaration: Declaration, line: int, pattern: str, what: str) -> re.Pattern[str]:
    """`pattern` compiled; a regex that does not compile is refused at its declaration line."""
    try:
        return re.compile(pattern)
    except re.error as error:
        raise declaration.error(line, f"{what}: a regular expression ({error})", pattern) from None


def mapping_of_texts(declaration: Declaration, mapping: Located, key: str) -> Mapping[str, str]:
    value = mapping.get(key, {})
    if not isinstance(value, Located) or not all(isinstance(k, str) and isinstance(v, str) and v
                                                 for k, v in value.items()):
        raise declaration.error(mapping.line_of(key), f"{key}: a mapping of texts", repr(value))
    return value
