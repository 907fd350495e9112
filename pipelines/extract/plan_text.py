"""The text of the Concept plan (document 003) as its engine reads it: table cells, and an indicator's name
with its targets in parentheses.

The conversion to text flattened the plan's table: every cell is followed by a line holding a single
TAB, and a cell spans several lines (blank lines included). A `TextBlock` joins a cell's lines with a
folded twin of equal length, so that a span found in the folded text cuts the same characters out of
the document's line.

Targets: "(2023 год – 90,2 %, 2024 год – 92,5 %, ...)", optionally in ';'-separated groups that start
with a breakdown label ("в дошкольных организациях: 2023 год – …") or a PISA cycle ("PISA-2025:
математика – 45 %, …"). The breakdown labels are the plan's, declared in its declaration (see
`plan_spec.py`); anything else raises SourceFormatError naming the line.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from pipelines.normalise.numbers import NUMBER_PATTERN, parse_number
from pipelines.normalise.text import fold as _fold
from pipelines.normalise.text import normalise_ws
from pipelines.sources import Document

if TYPE_CHECKING:
    from pipelines.extract.plan_spec import PlanSpec

CELL_BREAK = "\t"

# All patterns below run on fold()ed text: spaces are ' ', dashes '–' (so "PISA-2025" reads
# "PISA–2025" and "4-й" reads "4–й").
# The parenthesis that opens the targets: the first one whose content starts with a year or a
# PISA cycle, possibly after a "label:" ("(в дошкольных организациях: 2023 год – ...").
# Parentheses inside names ("(стандартам)", "(выпускники 9-х классов)") do not qualify.
TARGETS_OPEN = re.compile(r"\((?=\s*(?:[^():;]*:\s*)?(?:\d{4} год\b|PISA–\d{4}))")
GROUP_LABEL = re.compile(r"(?P<label>[^\d\s:;()][^:;()]*?)\s*:")
TARGET_ITEM = re.compile(
    r"(?:(?P<year>\d{4}) год|PISA–(?P<cycle>\d{4})|(?P<subject>математика|чтение|естествознание))"
    rf"\s*–\s*(?P<value>{NUMBER_PATTERN})(?:\s*(?P<mark>%|единиц))?"
    r"(?:\s*\((?P<note>уровень [^()]+)\))?"
)
PISA_LABEL = re.compile(r"PISA–(?P<cycle>\d{4})")
EXPECTED_TARGET = "a target like '2023 год – 90,2 %', 'PISA-2025 – 435 (уровень 2)' or 'математика – 45 %'"
PLAN_TRAILER = re.compile(r"\s*")


# ---------------------------------------------------------------------------------------------
# Cells and text blocks

@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """fold() from pipelines.normalise.text, cached: the plan's bounds, section 6 and the cells each scan
    the same lines again."""
    return _fold(text)



@dataclass(frozen=True, slots=True)  # one per cell: hundreds of thousands in a long plan
class Cell:
    """The lines of one table cell; `start` is its first line (or the closing TAB line if empty)."""

    start: int
    # The cell's consecutive lines from `start` on. Their numbered pairs are made when asked for: a plan
    # of a million lines would otherwise hold a pair and a number object for each line of every cell.
    texts: tuple[str, ...]

    @property
    def lines(self) -> tuple[tuple[int, str], ...]:
        return tuple(enumerate(self.texts, start=self.start))

    @property
    def nonblank(self) -> list[tuple[int, str]]:
        return [(number, text) for number, text in enumerate(self.texts, start=self.start) if text.strip()]


def split_cells(doc: Document, first: int, last: int) -> list[Cell]:
    """Cells of lines first..last (1-based, inclusive): a line holding one TAB closes a cell."""
    cells: list[Cell] = []
    begin = first  # the first line of the cell being read
    for number in range(first, last + 1):
        text = doc.line(number)
        if text == CELL_BREAK:
            cells.append(Cell(min(begin, number), doc.lines[begin - 1:number - 1]))
            begin = number + 1
        elif "\t" in text:
            raise doc.error(number, "a line that is a single TAB (cell break) or holds no TAB", text)
    if begin <= last:
        cells.append(Cell(begin, doc.lines[begin - 1:last]))
    return cells


class TextBlock:
    """Consecutive lines joined by '\\n', with a folded twin of equal length for matching.

    A span found in `folded` cuts the same characters out of `original`, so a span inside one
    line gives an exact substring of that document line.
    """

    def __init__(self, lines: Sequence[tuple[int, str]]) -> None:
        self.numbers = [number for number, _ in lines]
        self.original = "\n".join(text for _, text in lines)
        self.folded = "\n".join(fold(text) for _, text in lines)
        self.starts: list[int] = []
        offset = 0
        for _, text in lines:
            self.starts.append(offset)
            offset += len(text) + 1

    def index(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos) - 1

    def line_no(self, pos: int) -> int:
        return self.numbers[self.index(min(pos, len(self.original) - 1))]

    def line_end(self, index: int) -> int:
        return self.starts[index + 1] - 1 if index + 1 < len(self.starts) else len(self.original)

    def excerpt(self, start: int, end: int) -> tuple[int, str]:
        """Line of `start` and the text from there to `end`, cut at the end of that line, trimmed."""
        index = self.index(start)
        return self.numbers[index], self.original[start:min(end, self.line_end(index))].strip()

    def snippet(self, pos: int) -> str:
        return self.original[pos:pos + 60]


def _skip_ws(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos].isspace():
        pos += 1
    return pos


def _matching_paren(text: str, open_pos: int) -> int | None:
    depth = 0
    for pos in range(open_pos, len(text)):
        if text[pos] == "(":
            depth += 1
        elif text[pos] == ")":
            depth -= 1
            if depth == 0:
                return pos
    return None


# ---------------------------------------------------------------------------------------------
# Targets


@dataclass(frozen=True)
class Target:
    breakdown: str
    breakdown_ru: str
    year: int
    period_label: str
    value: Decimal
    as_published: str
    mark: str  # "%", "единиц" or "" as printed after the number
    note: str
    line: int
    text: str
    split_across_lines: bool


@dataclass(frozen=True)
class IndicatorText:
    name: str
    name_line: int
    targets: tuple[Target, ...]
    unit: str
    unclosed: bool  # the targets parenthesis is never closed (indicator 4, sub-item 4)


def _groups(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the ';'-separated groups of the targets text, ignoring ';' inside parentheses."""
    spans, depth, left = [], 0, start
    for pos in range(start, end):
        if text[pos] == "(":
            depth += 1
        elif text[pos] == ")":
            depth -= 1
        elif text[pos] == ";" and depth == 0:
            spans.append((left, pos))
            left = pos + 1
    spans.append((left, end))
    return spans


def _breakdown(doc: Document, block: TextBlock, start: int, end: int, spec: PlanSpec) -> tuple[str, str]:
    label = block.original[start:end].strip()
    slug = spec.breakdowns.get(normalise_ws(block.folded[start:end]).casefold())
    if slug is None:
        raise doc.error(block.line_no(start), f"a breakdown label, one of {sorted(spec.breakdowns)}"
                        f"{spec.where(spec.breakdowns_line)}", label)
    return slug, label


def parse_targets(doc: Document, block: TextBlock, start: int, end: int, spec: PlanSpec) -> list[Target]:
    """The targets between the parentheses (folded span start..end of `block`).

    Groups are separated by ';'. A group may start with a label: a breakdown ("в дошкольных
    организациях:", "по математике средний балл:"; the plan's declared labels) or a PISA cycle
    ("PISA-2025:", then the items are subjects). Items are separated by ','; anything else raises.
    """
    text = block.folded
    targets: list[Target] = []
    seen: set[tuple[str, int]] = set()
    for group_start, group_end in _groups(text, start, end):
        pos = _skip_ws(text, group_start, group_end)
        breakdown, breakdown_ru, cycle = "", "", None
        label = GROUP_LABEL.match(text, pos, group_end)
        if label:
            cycle_match = PISA_LABEL.fullmatch(normalise_ws(label.group("label")))
            if cycle_match:
                cycle = int(cycle_match.group("cycle"))
            else:
                breakdown, breakdown_ru = _breakdown(doc, block, label.start("label"), label.end("label"), spec)
            pos = label.end()
        while True:
            pos = _skip_ws(text, pos, group_end)
            item = TARGET_ITEM.match(text, pos, group_end)
            if item is None:
                raise doc.error(block.line_no(pos), EXPECTED_TARGET, block.snippet(pos))
            if item.group("subject"):
                if cycle is None:
                    raise doc.error(block.line_no(pos), "a subject target under a 'PISA-YYYY:' label",
                                    block.snippet(pos))
                breakdown, breakdown_ru = _breakdown(doc, block, item.start("subject"), item.end("subject"), spec)
                year, period = cycle, f"PISA-{cycle}"
            elif cycle is not None:
                raise doc.error(block.line_no(pos), "subject targets after a 'PISA-YYYY:' label",
                                block.snippet(pos))
            elif item.group("cycle"):
                year = int(item.group("cycle"))
                period = f"PISA-{year}"
            else:
                year = int(item.group("year"))
                period = str(year)
            if (breakdown, year) in seen:
                raise doc.error(block.line_no(pos), f"one target per year; {year} is repeated", block.snippet(pos))
            seen.add((breakdown, year))
            published_end = item.end("mark") if item.group("mark") else item.end("value")
            line, source_text = block.excerpt(item.start(), item.end())
            note = item.group("note")
            targets.append(Target(
                breakdown=breakdown,
                breakdown_ru=breakdown_ru,
                year=year,
                period_label=period,
                value=parse_number(item.group("value")),
                as_published=block.original[item.start("value"):published_end],
                mark=item.group("mark") or "",
                note=block.original[item.start("note"):item.end("note")] if note else "",
                line=line,
                text=source_text,
                split_across_lines=block.index(item.start()) != block.index(item.end() - 1),
            ))
            pos = _skip_ws(text, item.end(), group_end)
            if pos >= group_end:
                break
            if text[pos] != ",":
                raise doc.error(block.line_no(pos), f"',' or ';' between targets ({EXPECTED_TARGET})",
                                block.snippet(pos))
            pos += 1
    return targets


def _unit(doc: Document, line: int, name: str, targets: Sequence[Target]) -> str:
    """The unit the marks give, once the targets are shown to be alike: a percent is a share (at most
    100), and a level note is printed after every target or after none. Two targets run together
    ("математика – 45 %, чтение – 25 %" printed "математика – 4525 %", or "443 (уровень 2)" printed
    "4432") break one of these rather than publish a wrong target."""
    for target in targets:
        if target.mark == "%" and target.value > 100:
            raise doc.error(target.line, "a percent target of at most 100 (a share)", target.text)
    noted = [t for t in targets if t.note]
    if noted and len(noted) != len(targets):
        bare = next(t for t in targets if not t.note)
        raise doc.error(bare.line, "a level note '(уровень N)' after every target of the list, or after none",
                        bare.text)
    marks = {t.mark for t in targets}
    if marks == {"%"}:
        return "percent"
    if marks == {"единиц"}:
        return "count"
    if marks == {""}:
        if all(t.period_label.startswith("PISA-") for t in targets):
            return "score"  # PISA mean score
        if fold(name).casefold().startswith("количество"):
            return "count"  # a bare number of things ("137000" new places)
    raise doc.error(line, "targets all in '%', all in 'единиц', PISA scores or counts", ", ".join(sorted(marks)))


def parse_indicator(doc: Document, lines: Sequence[tuple[int, str]], spec: PlanSpec,
                    trailer: re.Pattern[str] = PLAN_TRAILER) -> IndicatorText:
    """An indicator's name and targets; `lines` start at the name line and run to the end of its cell.
    Raises SourceFormatError at the line of whatever does not read (see parse_targets and _unit)."""
    block = TextBlock(lines)
    opening = TARGETS_OPEN.search(block.folded)
    if opening is None or opening.start() > block.line_end(0):
        raise doc.error(block.numbers[0], "an indicator name followed on the same line by its targets "
                        "in parentheses, e.g. '(2023 год – 90,2 %, ...'", block.original.split("\n")[0])
    name = block.original[:opening.start()].strip()
    if name.count("(") != name.count(")"):
        # A stray or doubled parenthesis before the targets ("ТиПО ((2023 год – ...") would
        # otherwise end up in the published name.
        raise doc.error(block.numbers[0], "an indicator name with balanced parentheses, then its targets "
                        "in parentheses", block.original.split("\n")[0])
    close = _matching_paren(block.folded, opening.start())
    if close is None:
        # Indicator 4 and sub-item 4 never close the parenthesis; the targets run to the end.
        inner_end = len(block.folded)
        while inner_end > opening.end() and block.folded[inner_end - 1] in ' ;."\n':
            inner_end -= 1
    else:
        inner_end = close
        if not trailer.fullmatch(block.folded, close + 1):
            raise doc.error(block.line_no(close + 1), "nothing after the closing parenthesis of the targets",
                            block.snippet(close + 1))
    targets = parse_targets(doc, block, opening.end(), inner_end, spec)
    return IndicatorText(name, block.numbers[0], tuple(targets), _unit(doc, block.numbers[0], name, targets),
                         close is None)
