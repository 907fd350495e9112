"""The Concept plan's action plan and section 6 (document 003), read by its engine: chapters, target
indicators, numbered actions, the glossary, and the restated sub-items of section 6.

Decree No. 465 of 13 June 2024 restates some sub-items of section 6 of the Concept ("Целевые
индикаторы и ожидаемые результаты") and replaces the whole Action Plan. The plan is a table (see
`plan_text.py` for its cells). Its blocks, in order:

* a chapter heading "Глава N. title" (a cell of its own);
* a target indicator: either a heading cell "Целевой индикатор N" with the name and the targets
  in parentheses, or, for most indicators, no heading at all: the name line (which starts with a
  space) sits at the end of the previous cell, after a chapter heading or after the responsible
  bodies of the previous action;
* an action: a number cell "N." followed by four cells: text, completion form, deadline,
  responsible bodies.

After the plan comes "Примечание: расшифровка аббревиатур:" and the glossary as cells
abbreviation, "–", expansion.

How many chapters and which indicators, in which order, is the plan's declaration (`plan_spec.py`):
a plan with more or fewer is read as such when its declaration says so. Everything in these regions
must be recognised; anything else, and a plan that does not hold what its declaration says, raises
SourceFormatError naming the line (and the declaration's), so that a changed document fails loudly
instead of losing rows.

An action's indicator is the last indicator printed above it.
"""

from __future__ import annotations

import difflib
import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass

from pipelines.extract.plan_deadlines import EXPECTED_DEADLINE, Deadline, parse_deadline
from pipelines.extract.plan_spec import PlanSpec, plan_spec
from pipelines.extract.plan_text import (
    CELL_BREAK,
    TARGETS_OPEN,
    Cell,
    IndicatorText,
    fold,
    parse_indicator,
    split_cells,
)
from pipelines.normalise.text import normalise_ws
from pipelines.sources import Document

PLAN_START = re.compile(r"^\s*Глава 1\.\s")
PLAN_END = re.compile(r"^\s*Примечание:\s*расшифровка аббревиатур:\s*$")
CHAPTER = re.compile(r"^\s*Глава (?P<no>\d+)\.\s+(?P<title>\S.*?)\s*$")
INDICATOR_HEADING = re.compile(r"^\s*Целевой индикатор (?P<no>\d+)\s*$")
# A stray mark after the dot ("83.     ,") is accepted and published as has_stray_mark.
ACTION_NUMBER = re.compile(r"^\s*(?P<no>\d+)\.\s*(?P<stray>[,.;:])?\s*$")
EXPECTED_BLOCK = "a chapter heading 'Глава N.', 'Целевой индикатор N', an indicator with targets or an action number 'N.'"

# Section 6 of the decree text: the only line shapes allowed between its heading and the plan.
SECTION6_START = re.compile(r'^\s*в разделе "6\. Целевые индикаторы и ожидаемые результаты":\s*$')
SECTION6_END = re.compile(r"^\s*План действий по реализации Концепции")
SECTION6_SUBITEM = re.compile(r'^\s*"?(?P<no>\d+)\)\s+(?P<body>\S.*)$')
SECTION6_DELETED = re.compile(r"^\s*подпункт (?P<no>\d+)\) исключить;\s*$")
SECTION6_OTHER = (
    re.compile(r"^\s*в части первой:\s*$"),
    re.compile(r"^\s*подпункты? \d+\)(?:(?:,| и) \d+\))* изложить в следующей редакции:\s*$"),
    re.compile(r"^\s*пункт \d+ части второй изложить в следующей редакции:\s*$"),
    re.compile(r'^\s*"\d+\. \d+ % .*\.";\s*$'),  # the restated expected result "5. 89 % выпускников ..."
)
SECTION6_TRAILER = re.compile(r'[\s;."]*')
NAME_MATCH_MIN_RATIO = 0.9


# ---------------------------------------------------------------------------------------------
# Responsible bodies


def _quote_balance(text: str) -> int:
    """Opening minus closing '"': a quote after a space, '(' or the start opens, any other closes.

    Nested names share the closing quote ('АО "Национальная атомная компания "Казатомпром"'),
    so a complete body can show +1; a comma splitting a quoted name shows as +n then -m.
    """
    balance = 0
    for pos, ch in enumerate(text):
        if ch == '"':
            balance += 1 if pos == 0 or text[pos - 1] in " (" else -1
    return balance


def join_responsible_lines(lines: Sequence[str]) -> str:
    """Lines of a responsible cell as one text. A line that neither ends with ',' (or 'имени')
    nor is continued by '(по согласованию)' closes a sub-row, so the next line is a new body."""
    joined = ""
    for line in (normalise_ws(text) for text in lines):
        if not joined:
            joined = line
        # Folded, so "имени" typed with a Latin 'm' still continues the name onto the next line.
        elif joined.endswith(",") or fold(joined).endswith(" имени") or line.startswith("("):
            joined += " " + line
        else:
            joined += ", " + line
    return joined


def split_responsible(text: str) -> list[str]:
    """Bodies separated by commas outside parentheses and quotes; '(по согласованию)' stays with its body."""
    pieces: list[str] = []
    depth, left = 0, 0
    for pos, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == "," and depth == 0:
            pieces.append(text[left:pos].strip())
            left = pos + 1
    pieces.append(text[left:].strip())
    bodies: list[str] = []
    for piece in pieces:
        if bodies and _quote_balance(bodies[-1]) > 0 and _quote_balance(piece) < 0:
            bodies[-1] += ", " + piece
        else:
            bodies.append(piece)
    if not all(bodies):
        raise ValueError(f"empty body in {text!r}")
    return bodies


# ---------------------------------------------------------------------------------------------
# The plan


@dataclass(frozen=True)
class PlanIndicator:
    order: int
    chapter: int
    chapter_title: str
    number_in_source: int | None
    text: IndicatorText


@dataclass(frozen=True, slots=True)  # one per action: tens of thousands in a long plan
class PlanAction:
    number: int
    chapter: int
    indicator_order: int
    number_line: int
    number_text: str
    stray_mark: str
    text: str
    text_line: int
    completion_form: str
    deadline_text: str
    deadline: Deadline
    responsible: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    first_line: int
    last_line: int
    chapters: dict[int, str]
    indicators: tuple[PlanIndicator, ...]
    actions: tuple[PlanAction, ...]


def plan_bounds(doc: Document) -> tuple[int, int]:
    """First line ("Глава 1.") and last line of the Action Plan, and so the glossary heading + 1."""
    start = next((n for n, line in doc.numbered() if PLAN_START.match(fold(line))), None)
    if start is None:
        raise doc.error(len(doc.lines), "the Action Plan, starting with 'Глава 1.'", "the end of the document")
    end = next((n for n, line in doc.numbered() if n > start and PLAN_END.match(fold(line))), None)
    if end is None:
        raise doc.error(len(doc.lines), "'Примечание: расшифровка аббревиатур:' after the Action Plan",
                        "the end of the document")
    return start, end - 1


def _indicator_start(lines: Sequence[tuple[int, str]]) -> int | None:
    """Index of the first line that opens an indicator (name and targets parenthesis)."""
    for index, (_, text) in enumerate(lines):
        if TARGETS_OPEN.search(fold(text)):
            return index
    return None


class _PlanWalker:
    """Reads the cells in order; keeps the current chapter and indicator."""

    def __init__(self, doc: Document, cells: list[Cell], spec: PlanSpec) -> None:
        self.doc = doc
        self.cells = cells
        self.spec = spec
        self.chapter = 0
        self.chapter_title = ""
        self.chapters: dict[int, str] = {}
        self.indicators: list[PlanIndicator] = []
        self.actions: list[PlanAction] = []
        self.chapter_of_last_indicator = 0

    def add_indicator(self, lines: Sequence[tuple[int, str]], number: int | None = None,
                      heading_line: int | None = None) -> None:
        order = len(self.indicators) + 1
        if number is not None and number != order:
            raise self.doc.error(heading_line, f"'Целевой индикатор {order}' (indicators in order)",
                                 f"Целевой индикатор {number}")
        self.indicators.append(PlanIndicator(order, self.chapter, self.chapter_title, number,
                                             parse_indicator(self.doc, lines, self.spec)))
        self.chapter_of_last_indicator = self.chapter

    def trailing_indicator(self, cell: Cell, after: int) -> None:
        """Lines after index `after` of a cell: blank, or an unheaded indicator to the end of the cell."""
        rest = cell.lines[after + 1:]
        start = _indicator_start(rest)
        nonblank = [(n, t) for n, t in rest if t.strip()]
        if start is None:
            if nonblank:
                raise self.doc.error(nonblank[0][0], "an indicator with targets in parentheses", nonblank[0][1])
            return
        if any(t.strip() for _, t in rest[:start]):
            raise self.doc.error(rest[0][0], "an indicator with targets in parentheses", rest[0][1])
        self.add_indicator(rest[start:])

    def walk(self) -> None:
        index = 0
        while index < len(self.cells):
            cell = self.cells[index]
            nonblank = cell.nonblank
            if not nonblank:
                raise self.doc.error(cell.start, EXPECTED_BLOCK, "an empty cell")
            first_no, first = nonblank[0]
            folded = fold(first)
            first_index = next(i for i, (n, _) in enumerate(cell.lines) if n == first_no)
            if m := CHAPTER.match(folded):
                self.start_chapter(first_no, first, m)
                self.trailing_indicator(cell, first_index)
                index += 1
            elif m := INDICATOR_HEADING.match(folded):
                rest = cell.lines[first_index + 1:]
                start = _indicator_start(rest)
                if start is None or any(t.strip() for _, t in rest[:start]):
                    # Name the line that should hold the name and targets, not the blank after the heading.
                    where, text = next(((n, t) for n, t in rest if t.strip()), (first_no + 1, None))
                    raise self.doc.error(where, "an indicator name with targets after its heading", text)
                self.add_indicator(rest[start:], int(m.group("no")), first_no)
                index += 1
            elif m := ACTION_NUMBER.match(folded):
                if len(nonblank) > 1:
                    raise self.doc.error(nonblank[1][0], "nothing else in the action number cell", nonblank[1][1])
                if index + 4 >= len(self.cells):
                    raise self.doc.error(first_no, "an action number followed by 4 cells", first)
                self.add_action(first_no, first, m, self.cells[index + 1:index + 5])
                index += 5
            else:
                raise self.doc.error(first_no, EXPECTED_BLOCK, first)
        if self.chapter != self.spec.chapters:
            last = self.cells[-1].lines[-1][0] if self.cells and self.cells[-1].lines else None
            raise self.doc.error(last, f"{self.spec.chapters} chapters{self.spec.where(self.spec.chapters_line)}",
                                 f"{self.chapter} chapters")

    def start_chapter(self, line: int, text: str, m: re.Match[str]) -> None:
        number = int(m.group("no"))
        if number != self.chapter + 1:
            raise self.doc.error(line, f"chapter heading 'Глава {self.chapter + 1}.'", text)
        if number > self.spec.chapters:
            raise self.doc.error(line, f"{self.spec.chapters} chapters{self.spec.where(self.spec.chapters_line)}",
                                 text)
        if self.chapter and not any(a.chapter == self.chapter for a in self.actions):
            raise self.doc.error(line, f"actions under chapter {self.chapter} before the next chapter", text)
        self.chapter = number
        self.chapter_title = text[m.start("title"):m.end("title")]
        self.chapters[number] = self.chapter_title

    def add_action(self, line: int, text: str, m: re.Match[str], cells: list[Cell]) -> None:
        doc = self.doc
        number = int(m.group("no"))
        expected = len(self.actions) + 1
        if number != expected:
            raise doc.error(line, f"action number {expected}.", text)
        # An action belongs to the indicator block right above it; a block of several stacked
        # indicators (4, 5, 6 in chapter 2) gives its actions to the last of them.
        if not self.indicators or self.chapter_of_last_indicator != self.chapter:
            raise doc.error(line, f"an indicator of chapter {self.chapter} before action {number}", text)
        text_cell, form_cell, deadline_cell, responsible_cell = cells
        for what, cell in (("action text", text_cell), ("completion form", form_cell), ("deadline", deadline_cell)):
            if not cell.nonblank:
                raise doc.error(cell.start, f"the {what} of action {number}", "an empty cell")
        indicator_at = _indicator_start(responsible_cell.lines)
        bodies_lines = responsible_cell.lines if indicator_at is None else responsible_cell.lines[:indicator_at]
        bodies_text = [t for _, t in bodies_lines if t.strip()]
        for body_line, body in bodies_lines:
            # Bodies are names. A figure here is an indicator below the bodies whose targets did not
            # read as targets ("(20 23 год – ..."): stop on its line, not at a later indicator heading.
            if re.search(r"\d", body):
                raise doc.error(body_line, "responsible bodies (names, no figures), or an indicator with its "
                                "targets in parentheses such as '(2023 год – 90,2 %, ...'", body)
        if not bodies_text:
            raise doc.error(responsible_cell.start, f"the responsible bodies of action {number}", "an empty cell")
        deadline_text = normalise_ws(" ".join(t for _, t in deadline_cell.nonblank))
        try:
            deadline = parse_deadline(deadline_text, self.spec.deadlines)
        except ValueError:
            raise doc.error(deadline_cell.nonblank[0][0], f"{EXPECTED_DEADLINE}, or a deadline in words the plan's "
                            f"declaration reads{self.spec.where(self.spec.deadlines_line)}", deadline_text) from None
        joined = join_responsible_lines(bodies_text)
        try:
            responsible = tuple(split_responsible(joined))
        except ValueError:
            raise doc.error(responsible_cell.start, "responsible bodies separated by commas", joined) from None
        text_line, _ = text_cell.nonblank[0]
        self.actions.append(PlanAction(
            number=number,
            chapter=self.chapter,
            indicator_order=len(self.indicators),
            number_line=line,
            number_text=text[:text.index(".") + 1].strip(),
            stray_mark=m.group("stray") or "",
            text=normalise_ws(" ".join(t for _, t in text_cell.nonblank)),
            text_line=text_line,
            completion_form=normalise_ws(" ".join(t for _, t in form_cell.nonblank)),
            deadline_text=deadline_text,
            deadline=deadline,
            responsible=responsible,
        ))
        if indicator_at is not None:
            self.add_indicator(responsible_cell.lines[indicator_at:])


def plan_spec_of(doc: Document) -> PlanSpec:
    """The plan `doc`'s declaration declares (SourceFormatError when it has none or it does not read)."""
    return plan_spec(doc.declared())


# The plan is read by the extract step and again by the checks (find_text_oddities): parsed once, and
# kept while its document is, not for the life of the process (a long plan's actions would outlive the
# build that read them, through rendering and validation).
_PLANS: weakref.WeakKeyDictionary[Document, dict[PlanSpec, Plan]] = weakref.WeakKeyDictionary()


def parse_plan(doc: Document, spec: PlanSpec) -> Plan:
    """Chapters, indicators and actions of the Action Plan, checked for completeness and order and
    against `spec`: as many chapters and indicators as it declares, each indicator naming its words.
    Raises SourceFormatError at the document's line, naming the declaration's line where they differ."""
    by_spec = _PLANS.setdefault(doc, {})
    if spec not in by_spec:
        by_spec[spec] = _parse_plan(doc, spec)
    return by_spec[spec]


def _parse_plan(doc: Document, spec: PlanSpec) -> Plan:
    first, last = plan_bounds(doc)
    walker = _PlanWalker(doc, split_cells(doc, first, last), spec)
    walker.walk()
    if len(walker.indicators) != len(spec.indicators):
        where = (walker.indicators[len(spec.indicators)].text.name_line
                 if len(walker.indicators) > len(spec.indicators) else last)
        raise doc.error(where, f"{len(spec.indicators)} target indicators{spec.where(spec.indicators_line)}",
                        f"{len(walker.indicators)}")
    for indicator, meta in zip(walker.indicators, spec.indicators, strict=True):
        if fold(meta.keyword).casefold() not in fold(indicator.text.name).casefold():
            raise doc.error(indicator.text.name_line, f"indicator {indicator.order} to mention {meta.keyword!r}"
                            f"{spec.where(meta.line)}", indicator.text.name)
    return Plan(first, last, walker.chapters, tuple(walker.indicators), tuple(walker.actions))


# ---------------------------------------------------------------------------------------------
# Glossary


@dataclass(frozen=True)
class GlossaryEntry:
    abbr: str
    expansion: str
    line: int


def parse_glossary(doc: Document, plan_last: int) -> list[GlossaryEntry]:
    """Cells after the note heading: abbreviation, '–', expansion; repeated to the end.

    The glossary ends the document, so its last cell has no TAB after it; it must still end with a
    blank line, as every expansion cell does. A last cell ending in text is a document cut short,
    which would otherwise publish the rest of a cut expansion.
    """
    cells = split_cells(doc, plan_last + 2, len(doc.lines))
    if cells and not cells[0].lines:
        cells = cells[1:]  # the TAB right after the heading line
    if doc.lines[-1] != CELL_BREAK and doc.lines[-1].strip():
        raise doc.error(len(doc.lines), "a blank line closing the glossary's last cell at the end of the document",
                        f"the document ending inside it: {doc.lines[-1]}")
    entries: list[GlossaryEntry] = []
    for index in range(0, len(cells), 3):
        triple = cells[index:index + 3]
        if len(triple) < 3:
            raise doc.error(triple[0].start, "abbreviation, '–', expansion cells",
                            " | ".join(t for _, t in triple[-1].lines) or "an empty cell")
        abbr_cell, dash_cell, expansion_cell = triple
        if len(abbr_cell.nonblank) != 1:
            raise doc.error(abbr_cell.start, "one abbreviation per cell", " | ".join(t for _, t in abbr_cell.lines))
        if [fold(t).strip() for _, t in dash_cell.nonblank] != ["–"]:
            raise doc.error(dash_cell.start, "a cell holding '–'", " | ".join(t for _, t in dash_cell.lines))
        if not expansion_cell.nonblank:
            raise doc.error(expansion_cell.start, "the expansion of an abbreviation", "an empty cell")
        line, abbr = abbr_cell.nonblank[0]
        entries.append(GlossaryEntry(abbr.strip(), normalise_ws(" ".join(t for _, t in expansion_cell.nonblank)),
                                     line))
    return entries


# ---------------------------------------------------------------------------------------------
# Section 6


@dataclass(frozen=True)
class Section6Item:
    number: int
    text: IndicatorText


def parse_section6(doc: Document, spec: PlanSpec) -> list[Section6Item]:
    """The restated sub-items, with their targets read as `spec` declares. A deleted sub-item ("подпункт
    N) исключить;") restates no target: it is read as one of the amending instructions."""
    start = next((n for n, line in doc.numbered() if SECTION6_START.match(fold(line))), None)
    if start is None:
        raise doc.error(len(doc.lines), "the amendments to section '6. Целевые индикаторы и ожидаемые результаты'",
                        "the end of the document")
    end = next((n for n, line in doc.numbered() if n > start and SECTION6_END.match(fold(line))), None)
    if end is None:
        raise doc.error(start, "the Action Plan paragraph after the section 6 amendments")
    items: list[Section6Item] = []
    for number in range(start + 1, end):
        line = doc.line(number)
        folded = fold(line)
        if not line.strip() or any(p.match(folded) for p in (*SECTION6_OTHER, SECTION6_DELETED)):
            continue
        if m := SECTION6_SUBITEM.match(folded):
            body = m.start("body")
            text = parse_indicator(doc, [(number, " " * body + line[body:])], spec, SECTION6_TRAILER)
            items.append(Section6Item(int(m.group("no")), text))
        else:
            raise doc.error(number, "a restated sub-item 'N) name (targets)' or an amending instruction", line)
    if not items:
        raise doc.error(start, "at least one restated sub-item")
    return items


def _name_key(name: str) -> str:
    return normalise_ws(fold(name)).casefold()


def match_indicator(doc: Document, item: Section6Item, indicators: Sequence[PlanIndicator]) -> PlanIndicator:
    """The plan indicator with the same name (case aside), else the most similar one, which must be
    close and strictly the best."""
    key = _name_key(item.text.name)
    same = [i for i in indicators if _name_key(i.text.name) == key]
    if len(same) == 1:
        return same[0]
    scored = sorted(((difflib.SequenceMatcher(None, key, _name_key(i.text.name)).ratio(), i.order)
                     for i in indicators), reverse=True)
    (best, order), (second, _) = scored[0], scored[1]
    if best < NAME_MATCH_MIN_RATIO or best == second:
        raise doc.error(item.text.name_line, "a sub-item name matching one Action Plan indicator", item.text.name)
    return indicators[order - 1]
