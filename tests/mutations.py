"""Realistic damage to the five source documents, and what the parsers must make of it.

A case is (document, operator, parameters): one kind of damage at one place, generated from fixed
seeds so that every run (and every pytest-xdist worker) sees the same cases. The damaged bytes go
through the same decoding and the same parsers as the real document, and the outcome is one of:

* ``identical``: every resource has exactly the rows of the undamaged document. Value columns
  (numbers, codes, periods, keys, lines) must be equal; columns that copy the document's text as
  printed (``source_text``, ``name_as_published``, action texts ...) are compared after the same
  folding the parsers use (spaces, dashes, Latin look-alikes) and with runs of spaces as one, or not
  at all when the damage rewrites printed words (a misspelt name is published as printed).
* ``stopped``: `SourceFormatError` or `CheckFailure` whose message names the document's path and a
  line of it ("path:line: expected ...").

Anything else is a failure: ``changed`` (rows differ), ``traceback`` (any other exception) or
``stopped_without_line`` (a stop that does not point into the document).

Damage that turns one valid-looking document into another (a digit changed, a known place swapped
for another where nothing repeats) cannot be told from a real document and is never generated.
"""

from __future__ import annotations

import hashlib
import itertools
import random
import re
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache

import polars as pl

from pipelines.errors import CheckFailure, SourceFormatError
from pipelines.extract.formats import READERS, STATEMENTS
from pipelines.extract.plan_table import ACTION_NUMBER, _indicator_start, plan_bounds
from pipelines.extract.plan_text import TARGETS_OPEN, split_cells
from pipelines.extract.security_lists import parse_entry
from pipelines.extract.statement_spec import DocumentSpec, statement_spec
from pipelines.flow import STEPS, inputs, run_steps
from pipelines.normalise.text import LATIN_LOOKALIKES, fold
from pipelines.reference import AliasTable
from pipelines.sources import Document, decode_document

IDENTICAL, STOPPED = "identical", "stopped"
CHANGED, TRACEBACK, STOPPED_WITHOUT_LINE = "changed", "traceback", "stopped_without_line"
ACCEPTABLE = (IDENTICAL, STOPPED)
OUTCOMES = (IDENTICAL, STOPPED, CHANGED, TRACEBACK, STOPPED_WITHOUT_LINE)

SEED = "bilim-data-mutations-1"

# Columns that copy the document's words as printed; every other column is a value.
AS_PRINTED: dict[str, frozenset[str]] = {
    "national_figures": frozenset({"value_as_published", "source_text"}),
    "security_coverage": frozenset({"name_as_published", "source_text"}),
    "concept_indicators": frozenset({"name_ru", "chapter_title_ru", "source_text"}),
    "concept_targets": frozenset({"breakdown_ru", "target_as_published", "note", "source_text"}),
    "section6_targets": frozenset({"breakdown_ru", "target_as_published", "note", "source_text"}),
    "concept_actions": frozenset({"text_ru", "completion_form", "deadline_text", "responsible", "source_text"}),
    "abbreviations": frozenset({"abbr", "expansion_ru", "source_text"}),
}

CYRILLIC = re.compile(r"[\u0400-\u04ff]")
WORD = re.compile(r"[^\W\d_]+")
# A printed number: digits grouped by single spaces in threes, or a plain run; optional decimals.
NUMBER_TOKEN = re.compile(r"(?<![\d,.])(?:\d{1,3}(?: \d{3})+(?:[,.]\d+)?|\d+(?:[,.]\d+)?)(?![\d])")
GROUPED = re.compile(r"\d{1,3}(?: \d{3})+(?:[,.]\d+)?")
TO_LATIN = {cyrillic: latin for latin, cyrillic in LATIN_LOOKALIKES.items()}
DASH_VARIANTS = ("-", "–", "—", "−")  # hyphen-minus, en dash, em dash, minus sign
SPACE_VARIANTS = {"no-break": "\u00a0", "thin": "\u2009", "narrow no-break": "\u202f"}
# Bytes that never occur in printable UTF-8 text: C0 controls other than TAB/LF/CR, DEL, and
# bytes no UTF-8 sequence may contain.
NEVER_TEXT = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0xC0, 0xC1, *range(0xF5, 0x100)])
# Typing Kazakh or Russian on the other keyboard, and the commonest slips between similar letters.
LETTER_SLIPS = {
    "қ": "к", "ө": "о", "ү": "у", "ұ": "у", "ә": "а", "і": "и", "ң": "н", "ғ": "г", "һ": "х",
    "к": "қ", "о": "ө", "у": "ұ", "а": "ә", "и": "й", "й": "и", "е": "ё", "ы": "і", "н": "ң",
}
UNKNOWN_PLACES = {
    "region": ("Сарыарқа", "Қаражар", "Приморье", "Жаңақала"),
    "city_group": ("Байқоңыр қ.", "Сәтбаев қ.", "Арқалық қ.", "Ақсу және Екібастұз ққ."),
    "region_ru": ("Приморской", "Сибирской", "Байконырской"),
}


# --------------------------------------------------------------------------------------------------
# Running the parsers of one document


# `make data`'s steps from the documents to the normalised resources: a damaged document goes through
# these, among the other documents as they are (the steps it does not feed are taken from the
# undamaged run). The checks are not run: what they flag is the parse, and the parse is compared.
DOCUMENT_STEPS = tuple(step for step in STEPS
                       if step.name == "sources: by parser" or step.name.startswith(("extract:", "normalise:")))
# ... and the steps before them that read the inputs (documents, reference tables, corrections).
READ_STEPS = tuple(step for step in STEPS[:STEPS.index(DOCUMENT_STEPS[0])] if step not in DOCUMENT_STEPS)


@dataclass(frozen=True)
class Context:
    """The undamaged run: every value the steps read and made."""

    values: dict

    @property
    def aliases(self) -> AliasTable:
        return self.values["aliases"]


def resources(values: dict) -> dict[str, pl.DataFrame]:
    """The frames a run made that a document's rows go to."""
    return {"security_coverage": values["security_coverage"], "national_figures": values["national_figures"],
            **values["plan"]}


def parse_document(doc: Document, context: Context) -> dict[str, pl.DataFrame]:
    """Every resource, with `doc` in place of the document of its id, through `make data`'s own steps."""
    documents = {**context.values["documents"], doc.source_id: doc}
    values = run_steps(DOCUMENT_STEPS, {**context.values, "documents": documents}, report=None,
                       earlier=context.values)
    return resources(values)


def own_rows(frames: dict[str, pl.DataFrame], source_id: str) -> dict[str, pl.DataFrame]:
    """The frames' rows that come from one document (frames it has no row in left out)."""
    own = {name: frame.filter(pl.col("source_id") == source_id) for name, frame in frames.items()}
    return {name: frame for name, frame in own.items() if frame.height}


def figure_specs(doc: Document) -> list[DocumentSpec]:
    """The statements declared for `doc` (its own declaration, or its format's) when its format has any,
    for finding the statements to damage."""
    return [statement_spec(doc.declared())] if STATEMENTS in READERS[doc.meta["format"]] else []


def canonical(text: str) -> str:
    """Printed text as the parsers read it: folded, runs of whitespace as one space."""
    return " ".join(fold(text).split())


def compare(frames: dict[str, pl.DataFrame], baseline: dict[str, pl.DataFrame], words_changed: bool = False) -> str:
    """'' when `frames` hold the baseline's rows, else where they first differ.

    Columns printed as in the document are compared as the parsers read them (folded). When the
    damage rewrites printed words themselves (a name misspelt, a parenthesis dropped), those columns
    legitimately carry the new words and only the values are compared.
    """
    if sorted(frames) != sorted(baseline):
        return f"resources {sorted(frames)} instead of {sorted(baseline)}"
    for name in sorted(baseline):
        old, new = baseline[name], frames[name]
        if old.columns != new.columns or old.dtypes != new.dtypes:
            return f"{name}: columns {new.columns} instead of {old.columns}"
        if old.height != new.height:
            return f"{name}: {new.height} rows instead of {old.height}"
        printed = AS_PRINTED.get(name, frozenset())
        for column in old.columns:
            before, after = old[column].to_list(), new[column].to_list()
            if before == after:
                continue
            if column in printed and words_changed:
                continue
            if column in printed:
                before = [canonical(v) if isinstance(v, str) else v for v in before]
                after = [canonical(v) if isinstance(v, str) else v for v in after]
            if before != after:
                row = next(i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b)
                return f"{name} row {row} {column}: {after[row]!r} instead of {before[row]!r}"
    return ""


@dataclass(frozen=True)
class Outcome:
    kind: str
    detail: str = ""
    line: int | None = None  # the line a stop names


def names_its_line(message: str, path: str, line_count: int) -> int | None:
    """The line a stop message points at ("path:line: expected ..."), if it does so within the document."""
    found = re.search(rf"{re.escape(path)}:(\d+): expected ", message)
    if found is None:
        return None
    line = int(found.group(1))
    return line if 1 <= line <= max(line_count, 1) else None


def run(raw: bytes, original: Document, context: Context, baseline: dict[str, pl.DataFrame],
        words_changed: bool = False) -> Outcome:
    """Decode and parse damaged bytes as if they were the document, and classify what happened."""
    line_count = raw.count(b"\n") + 1
    try:
        lines = decode_document(raw, original.path)
        doc = replace(original, lines=lines, sha256=hashlib.sha256(raw).hexdigest())
        frames = parse_document(doc, context)
    except (SourceFormatError, CheckFailure) as error:
        message = str(error)
        line = names_its_line(message, original.path, line_count)
        if line is None:
            return Outcome(STOPPED_WITHOUT_LINE, message)
        return Outcome(STOPPED, message, line)
    except Exception as error:  # the point of the suite: any other exception is a finding
        where = traceback.extract_tb(error.__traceback__)[-1]
        return Outcome(TRACEBACK, f"{type(error).__name__}: {error} ({where.filename}:{where.lineno})")
    difference = compare(frames, baseline, words_changed)
    return Outcome(CHANGED, difference) if difference else Outcome(IDENTICAL)


# --------------------------------------------------------------------------------------------------
# Cases


@dataclass(frozen=True)
class Case:
    """One damage of one document. Text edits are (start, end, new) offsets into the document's
    text; byte damage is named by `transform` with its `offset` and `payload`."""

    source_id: str
    operator: str
    number: int
    description: str
    edits: tuple[tuple[int, int, str], ...] = ()
    transform: str = ""
    offset: int = 0
    payload: bytes = b""
    expected: tuple[str, ...] = ACCEPTABLE
    stop_line: int | None = None  # where the stop must point, when the damage is confined to one line

    @property
    def id(self) -> str:
        return f"{self.source_id[:3]}-{self.operator}-{self.number:03d}"

    def damage(self, original: bytes) -> bytes:
        if self.edits:
            text = original.decode("utf-8")
            for start, end, new in sorted(self.edits, reverse=True):
                text = text[:start] + new + text[end:]
            original = text.encode("utf-8")
        if self.transform == "crlf":
            return original.replace(b"\n", b"\r\n")
        if self.transform == "crlf_some":  # mixed line ends: every other line
            lines = original.split(b"\n")
            return b"\n".join(line + b"\r" if i % 2 and i < len(lines) - 1 else line for i, line in enumerate(lines))
        if self.transform == "bom":
            return b"\xef\xbb\xbf" + original
        if self.transform == "bom_crlf":
            return b"\xef\xbb\xbf" + original.replace(b"\n", b"\r\n")
        if self.transform == "cp1251":
            return original.decode("utf-8").encode("cp1251", errors="replace")
        if self.transform == "cp1251_line":
            lines = original.split(b"\n")
            index = self.offset - 1
            lines[index] = lines[index].decode("utf-8").encode("cp1251", errors="replace")
            return b"\n".join(lines)
        if self.transform == "truncate":
            return original[:self.offset]
        if self.transform == "replace":
            return self.payload
        if self.transform == "insert":
            return original[:self.offset] + self.payload + original[self.offset:]
        if self.transform:
            raise ValueError(f"unknown transform {self.transform!r}")
        return original


@dataclass(frozen=True)
class Span:
    line: int  # 1-based
    start: int  # offsets in the line
    end: int


@dataclass(frozen=True)
class Place:
    span: Span
    kind: str  # "region" or "city_group"
    code: str
    repeats_checked: bool  # a list where every place appears once, so a known other place is caught
    quoted: bool = False  # its entry is quoted by a declared correction, which a changed word makes stale


@dataclass
class Anatomy:
    """Where in one document the values are, found from the undamaged parse."""

    doc: Document
    text: str
    offsets: list[int]  # text offset of each line
    read_lines: list[int] = field(default_factory=list)  # lines the parsers take values from
    figure_numbers: list[Span] = field(default_factory=list)  # printed numbers that are values
    paren_spans: list[Span] = field(default_factory=list)  # where parentheses are part of the shape
    places: list[Place] = field(default_factory=list)
    entries: list[tuple[Span, Span]] = field(default_factory=list)  # 004 list entry, and with separator
    blocks: list[tuple[int, int, str]] = field(default_factory=list)  # whole-line records (first, last, what)
    prose_lines: set[int] = field(default_factory=set)  # lines of national-figure statements
    reported_at: dict[int, int] = field(default_factory=dict)  # a line whose errors name another (its cell's)

    def at(self, line: int, column: int = 0) -> int:
        return self.offsets[line - 1] + column

    def line(self, number: int) -> str:
        return self.doc.lines[number - 1]

    def lines_span(self, first: int, last: int) -> tuple[int, int]:
        """Text offsets of lines first..last with their line ends."""
        end = self.at(last + 1) if last < len(self.doc.lines) else len(self.text)
        return self.at(first), end

    def last_read_line(self) -> int:
        return max(self.read_lines)


def _find(line: str, text: str) -> int:
    position = line.find(text)
    if position < 0:
        raise AssertionError(f"{text!r} is not on its line")
    return position


def _statement_matches(doc: Document) -> Iterator[tuple[int, re.Match[str], frozenset[str]]]:
    """Every match of every national-figure statement and section opening, with its number groups."""
    for spec in figure_specs(doc):
        for section in spec.sections:
            patterns = [(section.opening, frozenset())]
            patterns += [(s.pattern, frozenset(g for f in s.figures for g in (f.value, f.denominator) if g))
                         for s in section.statements]
            for pattern, numbers in patterns:
                compiled = re.compile(pattern)
                for number, line in doc.numbered():
                    for match in compiled.finditer(fold(line)):
                        yield number, match, numbers


def anatomy(doc: Document, frames: dict[str, pl.DataFrame], aliases: AliasTable) -> Anatomy:
    """Find the places to damage from the undamaged parse: the lines rows come from, the statements the
    national figures match, the 004 list entries, the 003 targets, actions and glossary."""
    offsets, position = [], 0
    for line in doc.lines:
        offsets.append(position)
        position += len(line) + 1
    body = Anatomy(doc, "\n".join(doc.lines), offsets)
    read: set[int] = set()
    for frame in frames.values():
        if "source_line" in frame.columns:
            read.update(frame["source_line"].to_list())

    # National figures: the whole match of each statement is read; number groups are values.
    for number, match, groups in _statement_matches(doc):
        read.add(number)
        body.prose_lines.add(number)
        body.paren_spans.append(Span(number, match.start(), match.end()))
        for name, text in match.groupdict().items():
            if text is None or name.startswith("t_"):
                continue
            if name in groups or re.fullmatch(r"y\d?|day", name):
                body.figure_numbers.append(Span(number, match.start(name), match.end(name)))
            if name in ("place", "place_a", "place_b", "city"):
                kind = "city_group" if name == "city" else "region"
                code = aliases.resolve(text, kind)
                assert code is not None, text
                body.places.append(Place(Span(number, match.start(name), match.end(name)), kind, code, False))

    if "security_coverage" in frames:
        rows = frames["security_coverage"].to_dicts()
        by_line: dict[int, list[dict]] = {}
        for row in rows:
            by_line.setdefault(row["source_line"], []).append(row)
        for number, line_rows in sorted(by_line.items()):
            line = doc.line(number)
            spans = []
            for row in line_rows:
                start = _find(line, row["source_text"])
                spans.append(Span(number, start, start + len(row["source_text"])))
                kind = "region" if row["area_type"] == "region" else "city_group"
                code = row["region_code"] if kind == "region" else row["city_group"]
                name_end = start + len(row["name_as_published"])
                body.places.append(Place(Span(number, start, name_end), kind, code, True,
                                         quoted=bool(row["correction_id"])))
            spans.sort(key=lambda s: s.start)
            for index, span in enumerate(spans):
                # With its separator: up to the next entry, or from the previous one for the last.
                if index + 1 < len(spans):
                    wide = Span(number, span.start, spans[index + 1].start)
                else:
                    wide = Span(number, spans[index - 1].end, span.end)
                body.entries.append((span, wide))
                body.paren_spans.append(span)
                body.figure_numbers.extend(Span(number, span.start + m.start(), span.start + m.end())
                                           for m in NUMBER_TOKEN.finditer(fold(line[span.start:span.end])))

    if "concept_targets" in frames:
        _plan_anatomy(body, frames, read)

    body.read_lines = sorted(read)
    return body


def _plan_anatomy(body: Anatomy, frames: dict[str, pl.DataFrame], read: set[int]) -> None:
    """Document 003: targets and their parentheses, action numbers, deadlines, actions and glossary entries."""
    doc = body.doc
    target_lines: set[int] = set()
    for name in ("concept_targets", "section6_targets"):
        for row in frames[name].iter_rows(named=True):
            line = doc.line(row["source_line"])
            start = _find(line, row["source_text"])
            span = Span(row["source_line"], start, start + len(row["source_text"]))
            body.figure_numbers.extend(Span(span.line, start + m.start(), start + m.end())
                                       for m in NUMBER_TOKEN.finditer(fold(row["source_text"])))
            target_lines.add(row["source_line"])
    target_lines.update(frames["concept_indicators"]["source_line"].to_list())
    for number in sorted(target_lines):
        folded = fold(doc.line(number))
        opening = TARGETS_OPEN.search(folded)
        body.paren_spans.append(Span(number, opening.start() if opening else 0, len(folded)))

    first, last = plan_bounds(doc)
    cells = split_cells(doc, first, last)
    for index, cell in enumerate(cells):
        nonblank = cell.nonblank
        if not nonblank or not ACTION_NUMBER.match(fold(nonblank[0][1])) or index + 5 >= len(cells):
            continue
        number_line, number_text = nonblank[0]
        digits = re.search(r"\d+", number_text)
        assert digits is not None
        body.figure_numbers.append(Span(number_line, digits.start(), digits.end()))
        for line_number, text in cells[index + 3].nonblank:  # the deadline cell, reported at its first line
            read.add(line_number)
            body.reported_at[line_number] = cells[index + 3].nonblank[0][0]
            body.figure_numbers.extend(Span(line_number, m.start(), m.end())
                                       for m in NUMBER_TOKEN.finditer(fold(text)))
        if _indicator_start(cells[index + 4].lines) is None:  # an action that is only an action
            body.blocks.append((cell.start, cells[index + 5].start - 1, f"action {number_text.strip()}"))

    glossary = split_cells(doc, last + 2, len(doc.lines))
    if glossary and not glossary[0].lines:
        glossary = glossary[1:]
    for index in range(0, len(glossary) - 3, 3):
        abbr = glossary[index].nonblank[0][1].strip()
        body.blocks.append((glossary[index].start, glossary[index + 3].start - 1, f"glossary entry {abbr}"))
    read.update(range(first, len(doc.lines) + 1))


# --------------------------------------------------------------------------------------------------
# Operators: each makes up to `count` cases for one document, drawing places with its own seeded `rng`.


def _case(body: Anatomy, operator: str, description: str, *, edits: tuple[tuple[int, int, str], ...] = (),
          transform: str = "", offset: int = 0, payload: bytes = b"", expected: tuple[str, ...] = ACCEPTABLE,
          stop_line: int | None = None) -> Case:
    """A case of `body`'s document, numbered later (within its document and operator)."""
    return Case(body.doc.source_id, operator, 0, description, edits, transform, offset, payload, expected, stop_line)


def _edit(body: Anatomy, line: int, start: int, end: int, new: str) -> tuple[tuple[int, int, str], ...]:
    return ((body.at(line, start), body.at(line, end), new),)


def _sample(rng: random.Random, items: list, count: int) -> list:
    items = sorted(set(items), key=repr)
    return rng.sample(items, min(count, len(items)))


def _shown(text: str) -> str:
    return text if len(text) <= 50 else text[:47] + "..."


def latin_lookalike(body: Anatomy, rng: random.Random, count: int) -> list[Case]:
    """One Cyrillic letter typed as its Latin twin ("Ақмола" → "Aқмола") in a word on a line the parsers
    read (half of the cases in a place name). Parsers fold look-alikes back: identical."""
    sites = []
    lines = body.read_lines
    for number in lines:
        line = body.line(number)
        for word in WORD.finditer(line):
            letters = [i for i in range(word.start(), word.end()) if line[i] in TO_LATIN]
            if len(CYRILLIC.findall(word.group())) >= 2:
                sites.extend((number, i) for i in letters)
    place_sites = [(p.span.line, i) for p in body.places for i in range(p.span.start, p.span.end)
                   if body.line(p.span.line)[i] in TO_LATIN]
    chosen = _sample(rng, place_sites, count // 2)
    taken = set(chosen)
    chosen += _sample(rng, [s for s in sites if s not in taken], count - len(chosen))
    cases = []
    for number, column in chosen:
        line = body.line(number)
        word = next(w for w in WORD.finditer(line) if w.start() <= column < w.end())
        new = TO_LATIN[line[column]]
        damaged_word = line[word.start():column] + new + line[column + 1:word.end()]
        cases.append(_case(body, "latin_lookalike", f"line {number}: {word.group()!r} → {damaged_word!r}",
                           edits=_edit(body, number, column, column + 1, new), expected=(IDENTICAL,)))
    return cases


def dash_variant(body: Anatomy, rng: random.Random, count: int) -> list[Case]:
    """A dash printed as another one (hyphen-minus, en or em dash, minus sign): parsers fold dashes, identical."""
    sites = [(n, i) for n in body.read_lines for i, ch in enumerate(body.line(n)) if ch in DASH_VARIANTS]
    cases = []
    for number, column in _sample(rng, sites, count):
        old = body.line(number)[column]
        new = rng.choice([d for d in DASH_VARIANTS if d != old])
        cases.append(_case(body, "dash_variant", f"line {number} col {column}: U+{ord(old):04X} → U+{ord(new):04X}",
                           edits=_edit(body, number, column, column + 1, new), expected=(IDENTICAL,)))
    return cases


def _space_sites(body: Anatomy) -> list[tuple[int, int]]:
    return [(n, i) for n in body.read_lines for i, ch in enumerate(body.line(n)) if ch == " "]


def space_variant(body: Anatomy, rng: random.Random, count: int) -> list[Case]:
    """A space printed as a no-break, thin or narrow no-break space (also inside "5 985"): folded, identical."""
    cases = []
    for number, column in _sample(rng, _space_sites(body), count):
        kind = rng.choice(sorted(SPACE_VARIANTS))
        cases.append(_case(body, "space_variant", f"line {number} col {column}: space → {kind} space",
                           edits=_edit(body, number, column, column + 1, SPACE_VARIANTS[kind]),
                           expected=(IDENTICAL,)))
    return cases


def double_space(body: Anatomy, rng: random.Random, count: int) -> list[Case]:
    """A doubled space. Lists, targets and deadlines read runs of spaces as one; the prose statements of
    the national figures are matched word for word, so there it may stop at its line: either is right."""
    return [_case(body, "double_space", f"line {number} col {column}: space doubled",
                  edits=_edit(body, number, column, column + 1, "  "))
            for number, column in _sample(rng, _space_sites(body), count)]


def crlf(body: Anatomy, rng: random.Random, count: int) -> list[Case]:
    """Windows line ends, on every line or on every other one: identical."""
    return [_case(body, "crlf", "CRLF on every line", transform="crlf", expected=(IDENTICAL,)),
            _case(body, "crlf", "CRLF on every other line", transform="crlf_some", expected=(IDENTICAL,))][:count]


def bom(body: Anatomy, rng: random.Random, count: int) -> list[Case]:
    """A byte-order mark, alone or with CRLF line ends: identical."""
    return [_case(body, "bom", "UTF-8 byte-order mark", transform="bom", expected=(IDENTICAL,)),
            _case(body, "bom", "byte-order mark and CRLF", transform="bom_crlf", expected=(IDENTICAL,))][:count]


def _first_undecodable_line(lines: list[bytes]) -> int:
    for number, line in enumerate(lines, start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            return number
    raise AssertionError("every line decodes")


def cp1251(body: Anatomy, rng: random.Random, count: int) -> list[Case]:
    """The file (or one line of it) saved as Windows-1251: not UTF-8, stops at the first line that is not."""
    encoded = body.text.encode("cp1251", errors="replace").split(b"\n")
    cases = [_case(body, "cp1251", "whole file in Windows-1251", transform="cp1251", expected=(STOPPED,),
                   stop_line=_first_undecodable_line(encoded))]
    lines = [n for n in body.read_lines if CYRILLIC.search(body.line(n))]
    for number in _sample(rng, lines, count - 1):
        cases.append(_case(body, "cp1251", f"line {number} in Windows-1251", transform="cp1251_line", offset=number,
                           expected=(STOPPED,), stop_line=number))
    return cases


def _paren_sites(body: Anatomy) -> list[tuple[int, int]]:
    sites = set()
    for span in body.paren_spans:
        line = body.line(span.line)
        sites.update((span.line, i) for i in range(span.start, span.end) if line[i] in "()")
    return sorted(sites)


def drop_paren(body: Anatomy, rng: random.Random, count: int) -> list[Case]:
    """A parenthesis of a statement, list entry or target list left out. Stops, except the closing
    parenthesis of an indicator's targets: an unclosed target list is read to the end of its cell
    (as indicator 4 prints it) and reported as a text oddity."""
    return [_case(body, "drop_paren", f"line {n} col {i}: {body.line(n)[i]!r} dropped",
                  edits=_edit(body, n, i, i + 1, ""))
            for n, i in _sample(rng, _paren_sites(body), count)]


def double_paren(body: Anatomy, rng: random.Random, count: int) -> list[Case]:
    """A parenthesis of a statement, list entry or target list typed twice."""
    return [_case(body, "double_paren", f"line {n} col {i}: {body.line(n)[i]!r} doubled",
                  edits=_edit(body, n, i, i + 1, body.line(n)[i] * 2))
            for n, i in _sample(rng, _paren_sites(body), count)]


def _misspellings(name: str) -> list[str]:
    """Single slips in a name: a letter left out, typed twice, two letters swapped, a keyboard slip."""
    letters = [i for i, ch in enumerate(name) if ch.isalpha()]
    found = []
    for i in letters:
        found.append(name[:i] + name[i + 1:])
        found.append(name[:i] + name[i] * 2 + name[i + 1:])
        if i + 1 in letters and name[i] != name[i + 1]:
            found.append(name[:i] + name[i + 1] + name[i] + name[i + 2:])
        slip = LETTER_SLIPS.get(name[i].lower())
        if slip:
            found.append(name[:i] + (slip.upper() if name[i].isupper() else slip) + name[i + 1:])
    return sorted(set(found) - {name})


def misspell_place(body: Anatomy, rng: random.Random, count: int, aliases: AliasTable) -> list[Case]:
    """A place name misspelt. Still a name of the same place (a known variant, "СКО" for "СҚО", or a stem
    the alias table matches by prefix): identical in a list; in prose also possibly stopped, where the
    statement spells out the ending ("...ской – по"). Unknown: stops at its line. The name of another
    place: only in the lists, where that place then appears twice and stops; in prose it would be a
    different, valid statement, so it is not generated there."""
    candidates = []
    for place in body.places:
        line = body.line(place.span.line)
        name = line[place.span.start:place.span.end]
        for new in _misspellings(name):
            code = aliases.resolve(new, place.kind)
            if code is not None and code != place.code and not place.repeats_checked:
                continue
            # Still the same place: identical in a list; a prose statement may also no longer match
            # its words ("Актюбинскои – по 107" is not "...ской – по"), and stops.
            # An entry a declared correction quotes stops either way: its quote is no longer on the line.
            if code == place.code and not place.quoted:
                expected = (IDENTICAL,) if place.repeats_checked else ACCEPTABLE
            else:
                expected = (STOPPED,)
            # A list stops on the entry's line; a prose statement may stop where it no longer matches.
            stop_line = place.span.line if expected == (STOPPED,) and place.repeats_checked else None
            candidates.append((place.span, name, new, expected, stop_line))
    return [_case(body, "misspell_place", f"line {span.line}: {name!r} → {new!r}",
                  edits=_edit(body, span.line, span.start, span.end, new), expected=expected, stop_line=stop_line)
            for span, name, new, expected, stop_line in _sample(rng, candidates, count)]


def unknown_place(body: Anatomy, rng: random.Random, count: int, aliases: AliasTable) -> list[Case]:
    """A place that is not in the reference (or, in a list, another list member named twice): stops."""
    candidates = []
    for place in body.places:
        line = body.line(place.span.line)
        name = line[place.span.start:place.span.end]
        if place.repeats_checked:
            pool = UNKNOWN_PLACES[place.kind] + ("Абай" if place.kind == "region" else "Семей қ.",)
            replacements = [new for new in pool if aliases.resolve(new, place.kind) != place.code]
        else:
            # Prose: replace the capitalised word, keeping "области", "г." and emphasis around it.
            word = next((w for w in WORD.finditer(name) if w.group()[0].isupper()), None)
            if word is None:
                continue
            replacements = [name[:word.start()] + new + name[word.end():] for new in UNKNOWN_PLACES["region_ru"]]
        for new in replacements:
            code = aliases.resolve(new, place.kind)
            if code is None or place.repeats_checked:
                candidates.append((place.span, name, new, place.span.line if place.repeats_checked else None))
    return [_case(body, "unknown_place", f"line {span.line}: {name!r} → {new!r}",
                  edits=_edit(body, span.line, span.start, span.end, new), expected=(STOPPED,), stop_line=stop_line)
            for span, name, new, stop_line in _sample(rng, candidates, count)]


def _bullet_lines(body: Anatomy) -> list[int]:
    """Lines of markdown list items that hold figures."""
    return [n for n in body.read_lines if re.match(r"^\s*[-–]\s", fold(body.line(n)))]


def remove_entry(body: Anatomy, rng: random.Random, count: int) -> list[Case]:
    """A list entry left out: an entry of a 004 list, an action or glossary entry of 003, a list item
    holding figures in the prose documents. Every list has a known length or numbering: stops."""
    cases = []
    for entry, wide in _sample(rng, body.entries, count):
        text = body.line(entry.line)[entry.start:entry.end]
        cases.append(_case(body, "remove_entry", f"line {entry.line}: entry {_shown(text)!r} left out",
                           edits=_edit(body, wide.line, wide.start, wide.end, ""), expected=(STOPPED,),
                           stop_line=entry.line))
    for first, last, what in _sample(rng, body.blocks, count - len(cases)):
        cases.append(_case(body, "remove_entry", f"lines {first}-{last}: {what} left out",
                           edits=((*body.lines_span(first, last), ""),), expected=(STOPPED,)))
    for number in _sample(rng, _bullet_lines(body), count - len(cases)):
        cases.append(_case(body, "remove_entry", f"line {number}: list item left out",
                           edits=((*body.lines_span(number, number), ""),), expected=(STOPPED,)))
    return cases


def repeat_entry(body: Anatomy, rng: random.Random, count: int) -> list[Case]:
    """A list entry printed twice (same places as remove_entry): stops."""
    cases = []
    for entry, _ in _sample(rng, body.entries, count):
        text = body.line(entry.line)[entry.start:entry.end]
        cases.append(_case(body, "repeat_entry", f"line {entry.line}: entry {_shown(text)!r} repeated",
                           edits=_edit(body, entry.line, entry.start, entry.start, text + "; "),
                           expected=(STOPPED,), stop_line=entry.line))
    for first, last, what in _sample(rng, body.blocks, count - len(cases)):
        start, end = body.lines_span(first, last)
        cases.append(_case(body, "repeat_entry", f"lines {first}-{last}: {what} repeated",
                           edits=((end, end, body.text[start:end]),), expected=(STOPPED,)))
    for number in _sample(rng, _bullet_lines(body), count - len(cases)):
        copy = body.line(number) + "\n"
        cases.append(_case(body, "repeat_entry", f"line {number}: list item repeated",
                           edits=((body.at(number), body.at(number), copy),), expected=(STOPPED,)))
    return cases


def _number_tokens(body: Anatomy) -> list[Span]:
    """Printed numbers that are values: each a whole token inside a value group."""
    tokens = set()
    for span in body.figure_numbers:
        folded = fold(body.line(span.line))
        for m in NUMBER_TOKEN.finditer(folded):
            if m.start() < span.end and m.end() > span.start:
                tokens.add(Span(span.line, m.start(), m.end()))
    return sorted(tokens, key=lambda s: (s.line, s.start))


def split_number(body: Anatomy, rng: random.Random, count: int) -> list[Case]:
    """A space typed inside a number ("5 985" → "5 9 85", "134" → "13 4"). A split that groups the digits
    correctly ("5985" → "5 985") is the same number and is not generated; any other is not a printed
    number, and a parser that read a part of it would publish a wrong value: stops."""
    candidates = []
    for token in _number_tokens(body):
        text = fold(body.line(token.line))[token.start:token.end]
        for cut in range(1, len(text)):
            between_digits = text[cut - 1].isdigit() and text[cut].isdigit()
            if between_digits and not GROUPED.fullmatch(text[:cut] + " " + text[cut:]):
                candidates.append((token, cut))
    cases = []
    for token, cut in _sample(rng, candidates, count):
        original = body.line(token.line)[token.start:token.end]
        separator = rng.choice((" ", " ", "\u00a0"))
        new = original[:cut] + separator + original[cut:]
        cases.append(_case(body, "split_number", f"line {token.line}: {original!r} → {new!r}",
                           edits=_edit(body, token.line, token.start, token.end, new), expected=(STOPPED,),
                           stop_line=body.reported_at.get(token.line, token.line)))
    return cases


def _valid_entry(text: str) -> bool:
    try:
        parse_entry(text)
    except ValueError:
        return False
    return True


def join_numbers(body: Anatomy, rng: random.Random, count: int) -> list[Case]:
    """The words or signs between two numbers left out ("(122-ден 114)" → "(122114)", "1367 из 2657" →
    "13672657"). The digits then make one number that no statement or entry can hold in that place (a
    single number in a list entry means "all of them" and must print 100%), so it stops. Only numbers
    that are values are joined, never free text; and not an entry that printed 100% of two numbers
    ("(22-ден 17) – 100%" → "(2217) – 100%"): that is a valid entry with another value, which only
    the list-sum checks can notice (as a flagged quality issue)."""
    tokens = _number_tokens(body)
    candidates = []
    for left, right in itertools.pairwise(tokens):
        if left.line != right.line:
            continue
        line = body.line(left.line)
        gap = line[left.end:right.start]
        if not 0 < len(gap) <= 16 or re.search(r"\d", gap):
            continue
        entry = next((e for e, _ in body.entries if e.line == left.line and e.start <= left.start
                      and right.end <= e.end), None)
        if entry is not None and _valid_entry(line[entry.start:left.end] + line[right.start:entry.end]):
            continue  # "(22-ден 17) – 100%" → "(2217) – 100%": a valid entry with another value
        candidates.append((left, right))
    cases = []
    for left, right in _sample(rng, candidates, count):
        line = body.line(left.line)
        before, after = line[left.start:right.end], line[left.start:left.end] + line[right.start:right.end]
        # A prose statement that lost its words no longer resembles itself: the stop names the line of
        # its section that does most, so only lists, targets and deadlines promise the very line.
        stop_line = None if left.line in body.prose_lines else body.reported_at.get(left.line, left.line)
        cases.append(_case(body, "join_numbers", f"line {left.line}: {_shown(before)!r} → {after!r}",
                           edits=_edit(body, left.line, left.end, right.start, ""), expected=(STOPPED,),
                           stop_line=stop_line))
    return cases


def truncate(body: Anatomy, rng: random.Random, count: int) -> list[Case]:
    """The file cut at a byte offset (anywhere, and near the end of what the parsers read). Stops,
    unless everything the parsers read lies before the cut."""
    raw = body.text.encode("utf-8")
    last_read = body.at(body.last_read_line())
    last_read_byte = len(body.text[:last_read].encode("utf-8"))
    offsets = {rng.randrange(1, len(raw)) for _ in range(count * 2)}
    near_end = len(body.line(body.last_read_line()).encode("utf-8"))
    offsets.update(last_read_byte + rng.randrange(0, near_end + 1) for _ in range(max(count // 4, 1)))
    return [_case(body, "truncate", f"cut at byte {offset} of {len(raw)}", transform="truncate", offset=offset)
            for offset in _sample(rng, sorted(offsets), count)]


def empty(body: Anatomy, rng: random.Random, count: int) -> list[Case]:
    """An empty file, or one holding only line ends, spaces or a byte-order mark: stops at line 1."""
    payloads = (b"", b"\n", b"\r\n\r\n", b" \t \n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\n")
    return [_case(body, "empty", f"file holding {payload!r}", transform="replace", payload=payload,
                  expected=(STOPPED,), stop_line=1) for payload in payloads[:count]]


def binary_noise(body: Anatomy, rng: random.Random, count: int) -> list[Case]:
    """Bytes that are not text inserted at a byte offset: a NUL, a control character, DEL, a C1 control, or
    a run of random bytes holding at least one that never occurs in UTF-8 text. Stops at that line.
    Printable noise (a stray letter or digit) is text, and can be a valid different value: not generated."""
    raw = body.text.encode("utf-8")
    read = [body.at(n) for n in body.read_lines]
    cases = []
    allowed = [b for b in range(256) if b not in (0x09, 0x0A, 0x0D)]
    for index in range(count):
        # Half inside lines the parsers read, half anywhere.
        if index % 2 and read:
            offset = len(body.text[:rng.choice(read)].encode("utf-8")) + rng.randrange(0, 40)
        else:
            offset = rng.randrange(0, len(raw) + 1)
        kind = ("NUL", "control", "DEL", "C1 control", "random bytes")[index % 5]
        if kind == "NUL":
            payload = b"\x00"
        elif kind == "control":
            payload = bytes([rng.choice([b for b in NEVER_TEXT if b < 0x20])])
        elif kind == "DEL":
            payload = b"\x7f"
        elif kind == "C1 control":
            payload = "\u0080\u0085\u008d\u009b\u009f"[rng.randrange(5)].encode("utf-8")
        else:
            payload = bytes(rng.choice(allowed) for _ in range(rng.randrange(1, 9)))
            if not set(payload) & set(NEVER_TEXT):
                payload += bytes([rng.choice(NEVER_TEXT)])
        cases.append(_case(body, "binary_noise", f"{kind} {payload!r} at byte {offset}", transform="insert",
                           offset=offset, payload=payload, expected=(STOPPED,),
                           stop_line=raw[:offset].count(b"\n") + 1))
    return cases


# How many cases of each operator per document (fewer where a document has few such places).
PLAN: dict[str, int] = {
    "latin_lookalike": 60, "dash_variant": 40, "space_variant": 40, "double_space": 20, "crlf": 2, "bom": 2,
    "cp1251": 3, "drop_paren": 25, "double_paren": 25, "misspell_place": 80, "unknown_place": 30,
    "remove_entry": 30, "repeat_entry": 30, "split_number": 50, "join_numbers": 35, "truncate": 35,
    "empty": 6, "binary_noise": 35,
}
OPERATORS: dict[str, Callable[..., list[Case]]] = {
    "latin_lookalike": latin_lookalike, "dash_variant": dash_variant, "space_variant": space_variant,
    "double_space": double_space, "crlf": crlf, "bom": bom, "cp1251": cp1251, "drop_paren": drop_paren,
    "double_paren": double_paren, "misspell_place": misspell_place, "unknown_place": unknown_place,
    "remove_entry": remove_entry, "repeat_entry": repeat_entry, "split_number": split_number,
    "join_numbers": join_numbers, "truncate": truncate, "empty": empty, "binary_noise": binary_noise,
}
NEEDS_ALIASES = ("misspell_place", "unknown_place")
# Operators that change the printed words, which as-printed columns then carry (see compare()).
REWRITES_WORDS = frozenset({"misspell_place", "unknown_place", "drop_paren", "double_paren", "split_number",
                            "join_numbers"})


# --------------------------------------------------------------------------------------------------
# The corpus: documents, their undamaged parse, and every case


@dataclass(frozen=True)
class Corpus:
    context: Context
    documents: dict[str, Document]
    originals: dict[str, bytes]
    baseline: dict[str, pl.DataFrame]
    cases: tuple[Case, ...]

    def run(self, case: Case) -> Outcome:
        raw = case.damage(self.originals[case.source_id])
        return run(raw, self.documents[case.source_id], self.context, self.baseline,
                   case.operator in REWRITES_WORDS)


@cache
def corpus() -> Corpus:
    # The undamaged run: `make data`'s first steps, then the steps every damaged document goes through.
    values = run_steps((*READ_STEPS, *DOCUMENT_STEPS), inputs(), report=None)
    context = Context(values)
    documents = values["documents"]
    originals = {sid: (values["root"] / doc.path).read_bytes() for sid, doc in documents.items()}
    baseline = resources(values)
    aliases = context.aliases
    cases: list[Case] = []
    for source_id, doc in documents.items():
        body = anatomy(doc, own_rows(baseline, source_id), aliases)
        for operator, make in OPERATORS.items():
            rng = random.Random(f"{SEED}:{source_id}:{operator}")
            extra = (aliases,) if operator in NEEDS_ALIASES else ()
            made = make(body, rng, PLAN[operator], *extra)
            cases.extend(replace(case, number=number) for number, case in enumerate(made, start=1))
    return Corpus(context, documents, originals, baseline, tuple(cases))


def summary(results: list[tuple[str, str, str]]) -> list[str]:
    """The table printed after the run: per document × operator, how many cases ended how."""
    counts = Counter(results)
    documents = sorted({d for d, _, _ in results})
    operators = [o for o in OPERATORS if any(op == o for _, op, _ in results)]
    header = f"{'document':<10}{'operator':<17}{'cases':>6}" + "".join(f"{k:>10}" for k in (IDENTICAL, STOPPED)) \
        + f"{'failures':>10}"
    lines = [header, "-" * len(header)]
    totals: Counter[str] = Counter()
    for document in documents:
        for operator in operators:
            row = {kind: counts[(document, operator, kind)] for kind in OUTCOMES}
            cases = sum(row.values())
            if not cases:
                continue
            failures = cases - row[IDENTICAL] - row[STOPPED]
            totals.update({"cases": cases, IDENTICAL: row[IDENTICAL], STOPPED: row[STOPPED], "failures": failures})
            lines.append(f"{document:<10}{operator:<17}{cases:>6}{row[IDENTICAL]:>10}{row[STOPPED]:>10}{failures:>10}")
    lines.append("-" * len(header))
    lines.append(f"{'all':<27}{totals['cases']:>6}{totals[IDENTICAL]:>10}{totals[STOPPED]:>10}{totals['failures']:>10}")
    return lines
