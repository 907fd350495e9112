"""Extract the Concept 2023–2029 Action Plan and the restated section 6 targets (document 003).

Decree No. 465 of 13 June 2024 restates some sub-items of section 6 of the Concept ("Целевые
индикаторы и ожидаемые результаты") and replaces the whole Action Plan. The plan is a table that
the conversion to text flattened: every cell is followed by a line holding a single TAB, and a
cell spans several lines (blank lines included). Its blocks, in order:

* a chapter heading "Глава N. title" (a cell of its own);
* a target indicator: either a heading cell "Целевой индикатор N" with the name and the targets
  in parentheses, or, for most indicators, no heading at all: the name line (which starts with a
  space) sits at the end of the previous cell, after a chapter heading or after the responsible
  bodies of the previous action;
* an action: a number cell "N." followed by four cells: text, completion form, deadline,
  responsible bodies.

After the plan comes "Примечание: расшифровка аббревиатур:" and the glossary as cells
abbreviation, "–", expansion.

Everything in these regions must be recognised; anything else raises SourceFormatError naming
the line, so that a changed document fails loudly instead of losing rows.

Published conventions: breakdown_count counts named breakdowns (0 for a single series);
target_as_published is cut from the line as printed, so a no-break space before "%" stays; a
target whose value was wrapped onto the next line keeps the line and text of its year label
("2025 год –"); an action's indicator is the last indicator printed above it.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import itertools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import polars as pl

from pipelines.errors import SourceFormatError, raise_all
from pipelines.language.grammar import typeset_numbers
from pipelines.normalise.numbers import NUMBER_PATTERN, as_plain, parse_number
from pipelines.normalise.periods import RU_MONTHS as MONTHS
from pipelines.normalise.periods import RU_MONTHS_GENITIVE as MONTHS_GENITIVE
from pipelines.normalise.text import fold as _fold_full
from pipelines.normalise.text import fold_spaces_and_dashes
from pipelines.paths import REFERENCE, ROOT, TRANSLATIONS
from pipelines.reference import AliasTable, load_alias_table
from pipelines.sources import Document
from pipelines.vocabularies import DIRECTIONS
from pipelines.yaml_files import read_yaml

CELL_BREAK = "\t"
EXPECTED_CHAPTERS = 7

HIGHER, LOWER = DIRECTIONS
UNCLEAR = ""

# Anomaly thresholds for find_target_anomalies.
LARGE_DROP_POINTS = 20.0  # a percent target falling by more than this many points in one year


@dataclass(frozen=True)
class IndicatorMeta:
    slug: str
    keyword: str  # must occur in the Russian name: guards against slugs drifting if the order changes
    direction: str


# One entry per indicator, in plan order. Direction is "" where a fall is not a deterioration:
# yearly flows of new places / centres, and the state attestation share, which restarts with the
# next five-year attestation cycle in 2027.
INDICATORS: tuple[IndicatorMeta, ...] = (
    IndicatorMeta("ci01-preschool-coverage", "дошкольным воспитанием и обучением от 2 до 6 лет", HIGHER),
    IndicatorMeta("ci02-preschool-quality-criteria", "критериям оценки качества", HIGHER),
    IndicatorMeta("ci03-preschool-water-sanitation", "Доля дошкольных организаций, обеспеченных базовыми", HIGHER),
    IndicatorMeta("ci04-pisa-mean-score", "по результатам теста PISA", HIGHER),
    IndicatorMeta("ci05-pisa-rural-proficiency", "Доля сельских обучающихся", HIGHER),
    IndicatorMeta("ci06-pisa-proficiency", "Доля обучающихся, преодолевших пороговый уровень", HIGHER),
    IndicatorMeta("ci07-per-capita-funding-schools", "перешедших на подушевое финансирование", HIGHER),
    IndicatorMeta("ci08-special-needs-support", "психолого-педагогической поддержкой", HIGHER),
    IndicatorMeta("ci09-inclusive-education-conditions", "условия для инклюзивного образования", HIGHER),
    IndicatorMeta("ci10-school-high-speed-internet", "высокоскоростным Интернетом", HIGHER),
    IndicatorMeta("ci11-new-school-places", "новых ученических мест", UNCLEAR),
    IndicatorMeta("ci12-science-stem-classrooms", "предметными кабинетами", HIGHER),
    IndicatorMeta("ci13-school-water-sanitation", "Доля школ, обеспеченных базовыми", HIGHER),
    IndicatorMeta("ci14-tvet-graduate-employment", "трудоустроенных выпускников", HIGHER),
    IndicatorMeta("ci15-free-college-education", "бесплатным обучением в колледжах", HIGHER),
    IndicatorMeta("ci16-dual-training", "дуальным обучением", HIGHER),
    IndicatorMeta("ci17-worldskills-assessment", "систему оценивания WorldSkills", HIGHER),
    IndicatorMeta("ci18-competence-centres", "центров компетенций", UNCLEAR),
    IndicatorMeta("ci19-child-legal-protection", "правовой защищенности детей", HIGHER),
    IndicatorMeta("ci20-children-in-orphanages", "детей-сирот", LOWER),
    IndicatorMeta("ci21-anti-terror-protection", "антитеррористической безопасности", HIGHER),
    IndicatorMeta("ci22-civic-engagement", "организованную общественную деятельность", HIGHER),
    IndicatorMeta("ci23-extracurricular-coverage", "дополнительным образованием", HIGHER),
    IndicatorMeta("ci24-school-sports-facilities", "условия для занятий спортом", HIGHER),
    IndicatorMeta("ci25-preschool-qualified-staff", "профильное образование", HIGHER),
    IndicatorMeta("ci26-teacher-qualification-levels", "квалификационным уровнем", HIGHER),
    IndicatorMeta("ci27-industry-specialists-tvet", "привлеченных с производства", HIGHER),
    IndicatorMeta("ci28-state-attestation", "государственной аттестации", UNCLEAR),
)
DIRECTIONS: dict[str, str] = {meta.slug: meta.direction for meta in INDICATORS}

# Keys are casefolded, folded labels as printed; values the published slugs.
BREAKDOWNS = {
    "по математике средний балл": "math",
    "по чтению средний балл": "reading",
    "по естествознанию средний балл": "science",
    "математика": "math",
    "чтение": "reading",
    "естествознание": "science",
    "в дошкольных организациях": "preschool",
    "в организациях среднего образования": "secondary",
    "в организациях типо": "tvet",
}

# All patterns below run on fold()ed text: spaces are ' ', dashes '–' (so "PISA-2025" reads
# "PISA–2025" and "4-й" reads "4–й").
PLAN_START = re.compile(r"^\s*Глава 1\.\s")
PLAN_END = re.compile(r"^\s*Примечание:\s*расшифровка аббревиатур:\s*$")
CHAPTER = re.compile(r"^\s*Глава (?P<no>\d+)\.\s+(?P<title>\S.*?)\s*$")
INDICATOR_HEADING = re.compile(r"^\s*Целевой индикатор (?P<no>\d+)\s*$")
# A stray mark after the dot ("83.     ,") is accepted and published as has_stray_mark.
ACTION_NUMBER = re.compile(r"^\s*(?P<no>\d+)\.\s*(?P<stray>[,.;:])?\s*$")
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
PLAN_TRAILER = re.compile(r"\s*")
NAME_MATCH_MIN_RATIO = 0.9

EXPECTED_DEADLINE = "a deadline like 'декабрь 2023 – 2029 годов'"


# ---------------------------------------------------------------------------------------------
# Cells and text blocks

_LATIN = re.compile(r"[A-Za-z]")


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """fold() from pipelines.normalise.text, skipping its costly look-alike pass on lines with no
    Latin letter, where it changes nothing (same result, a few times faster on the long lines).
    Cached: the plan's bounds, section 6 and the cells each scan the same lines again."""
    return _fold_full(text) if _LATIN.search(text) else fold_spaces_and_dashes(text)



@dataclass(frozen=True)
class Cell:
    """The lines of one table cell; `start` is its first line (or the closing TAB line if empty)."""

    start: int
    lines: tuple[tuple[int, str], ...]

    @property
    def nonblank(self) -> list[tuple[int, str]]:
        return [(number, text) for number, text in self.lines if text.strip()]


def split_cells(doc: Document, first: int, last: int) -> list[Cell]:
    """Cells of lines first..last (1-based, inclusive): a line holding one TAB closes a cell."""
    cells: list[Cell] = []
    current: list[tuple[int, str]] = []
    for number in range(first, last + 1):
        text = doc.line(number)
        if text == CELL_BREAK:
            cells.append(Cell(current[0][0] if current else number, tuple(current)))
            current = []
        elif "\t" in text:
            raise doc.error(number, "a line that is a single TAB (cell break) or holds no TAB", text)
        else:
            current.append((number, text))
    if current:
        cells.append(Cell(current[0][0], tuple(current)))
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


def normalise_ws(text: str) -> str:
    """Runs of whitespace (no-break spaces and line breaks included) to one space, trimmed."""
    return " ".join(text.split())


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


def _breakdown(doc: Document, block: TextBlock, start: int, end: int) -> tuple[str, str]:
    label = block.original[start:end].strip()
    slug = BREAKDOWNS.get(normalise_ws(block.folded[start:end]).casefold())
    if slug is None:
        raise doc.error(block.line_no(start), f"a breakdown label, one of {sorted(BREAKDOWNS)}", label)
    return slug, label


def parse_targets(doc: Document, block: TextBlock, start: int, end: int) -> list[Target]:
    """The targets between the parentheses (folded span start..end of `block`).

    Groups are separated by ';'. A group may start with a label: a breakdown ("в дошкольных
    организациях:", "по математике средний балл:") or a PISA cycle ("PISA-2025:", then the
    items are subjects). Items are separated by ','; anything else raises.
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
                breakdown, breakdown_ru = _breakdown(doc, block, label.start("label"), label.end("label"))
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
                breakdown, breakdown_ru = _breakdown(doc, block, item.start("subject"), item.end("subject"))
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


def parse_indicator(doc: Document, lines: Sequence[tuple[int, str]], trailer: re.Pattern[str] = PLAN_TRAILER
                    ) -> IndicatorText:
    """An indicator's name and targets; `lines` start at the name line and run to the end of its cell."""
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
    targets = parse_targets(doc, block, opening.end(), inner_end)
    return IndicatorText(name, block.numbers[0], tuple(targets), _unit(doc, block.numbers[0], name, targets),
                         close is None)


# ---------------------------------------------------------------------------------------------
# Deadlines


@dataclass(frozen=True)
class Deadline:
    start: str  # "YYYY-MM", "YYYY" when only the year is printed, "" when not stated
    end: str
    recurring: bool
    years: tuple[int, ...]


_M = "(?:" + "|".join(MONTHS) + ")"
_MG = "(?:" + "|".join(MONTHS_GENITIVE) + ")"
_Y1, _Y2 = r"(?P<y1>\d{4})", r"(?P<y2>\d{4})"
# Tried in this order at each position; a deadline is one or more parts separated by ', ' or ' '
# (a cell holding two sub-rows: "апрель 2023 года декабрь 2023 – 2027 годов").
DEADLINE_PARTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("span", re.compile(rf"(?P<m1>{_M}) {_Y1} года – (?P<m2>{_M}) {_Y2} года")),
    ("months_range", re.compile(rf"(?P<months>{_M}(?:, {_M})*) {_Y1} – {_Y2} годов")),
    ("months_year", re.compile(rf"(?P<months>{_M}(?:, {_M})*) {_Y1} года")),
    ("quarter_range", re.compile(rf"(?P<q>[1-4])–й квартал {_Y1} – {_Y2} годов")),
    ("by_date_range", re.compile(rf"до \d{{1,2}} (?P<mg>{_MG}) {_Y1} – {_Y2} годов")),
    ("half_year", re.compile(rf"(?P<half>первое|второе) полугодие {_Y1} года")),
    ("quarterly", re.compile(rf"ежеквартально, {_Y1} – {_Y2} годы")),
    ("month_yearly", re.compile(rf"(?P<months>{_M}), ежегодно")),
    ("by_date_yearly", re.compile(rf"до \d{{1,2}} (?P<mg>{_MG}), ежегодно")),
    ("cycle", re.compile(rf"по завершении цикла в {_Y1} – {_Y2} годах")),
)
DEADLINE_SEPARATOR = re.compile(r",? ")


def _deadline_key(text: str) -> str:
    key = normalise_ws(fold(text)).casefold()
    return re.sub(r"(\d)\s*–\s*(\d)", r"\1 – \2", key)  # "2023 –2026" as "2023 – 2026"


# Deadlines in words that the grammar does not cover, read by hand. "с 2024 года – сопровождение"
# is open-ended, so its end is "". The yearly report "не позднее 1 мая, следующего за отчетным
# годом" names no month of a known year.
KNOWN_FREE_TEXT_DEADLINES: dict[str, Deadline] = {
    _deadline_key(text): deadline
    for text, deadline in (
        ("2023 год – ввод в опытную эксплуатацию, 2024 год – ввод в промышленную эксплуатацию",
         Deadline("2023", "2024", False, (2023, 2024))),
        ("декабрь 2023 года – разработка и апробация, с 2024 года – сопровождение",
         Deadline("2023-12", "", False, (2023, 2024))),
        ("не позднее 1 мая, следующего за отчетным годом", Deadline("", "", True, ())),
        ("в организациях среднего образования – декабрь 2023 – 2029 годов, "
         "в организациях ТиПО – декабрь 2025 – 2029 годов",
         Deadline("2023-12", "2029-12", True, tuple(range(2023, 2030)))),
    )
}


def _ym(year: str | int, month: int) -> str:
    return f"{int(year):04d}-{month:02d}"


def _deadline_part(kind: str, m: re.Match[str]) -> Deadline:
    groups = m.groupdict()
    y1 = int(groups["y1"]) if groups.get("y1") else None
    y2 = int(groups["y2"]) if groups.get("y2") else y1
    years = tuple(range(y1, y2 + 1)) if y1 is not None and y2 is not None else ()
    months = [MONTHS[name] for name in groups["months"].split(", ")] if groups.get("months") else []
    if kind == "span":
        return Deadline(_ym(y1, MONTHS[groups["m1"]]), _ym(y2, MONTHS[groups["m2"]]), False, years)
    if kind in ("months_range", "months_year"):
        # Several months over a range of years: every listed month of every year.
        return Deadline(_ym(y1, months[0]), _ym(y2, months[-1]), len(years) > 1, years)
    if kind == "quarter_range":
        quarter = int(groups["q"])
        return Deadline(_ym(y1, 3 * quarter - 2), _ym(y2, 3 * quarter), len(years) > 1, years)
    if kind == "by_date_range":
        # "до 1 октября": the month of the date, day dropped.
        month = MONTHS_GENITIVE[groups["mg"]]
        return Deadline(_ym(y1, month), _ym(y2, month), len(years) > 1, years)
    if kind == "half_year":
        first = 1 if groups["half"] == "первое" else 7
        return Deadline(_ym(y1, first), _ym(y1, first + 5), False, years)
    if kind == "quarterly":
        # Quarters as months: from the first month of the first quarter to the last of the last.
        return Deadline(_ym(y1, 1), _ym(y2, 12), True, years)
    if kind in ("month_yearly", "by_date_yearly"):
        return Deadline("", "", True, ())  # every year, no year printed
    if kind == "cycle":
        return Deadline(str(y1), str(y2), False, years)  # per survey cycle: only years are known
    raise AssertionError(kind)  # pragma: no cover


def parse_deadline(text: str) -> Deadline:
    """Parse a deadline cell; raise ValueError when it matches no known form.

    start/end are "YYYY-MM": the first month of the first year and the last month of the last
    year ("июль, декабрь 2023 – 2024 годов" → 2023-07 … 2024-12); quarters and half-years become
    their months ("4-й квартал" → 10 … 12, "ежеквартально, 2023 – 2029 годы" → 2023-01 … 2029-12);
    "YYYY" when only years are printed; "" when the text names no year ("декабрь, ежегодно").
    recurring: "ежегодно", "ежеквартально", or months repeated over a range of years.
    """
    key = _deadline_key(text)
    if key in KNOWN_FREE_TEXT_DEADLINES:
        return KNOWN_FREE_TEXT_DEADLINES[key]
    parts: list[Deadline] = []
    pos = 0
    while True:
        for kind, pattern in DEADLINE_PARTS:
            m = pattern.match(key, pos)
            if m and (m.end() == len(key) or DEADLINE_SEPARATOR.match(key, m.end())):
                parts.append(_deadline_part(kind, m))
                pos = m.end()
                break
        else:
            raise ValueError(f"not a deadline: {text!r}")
        if pos == len(key):
            break
        pos = DEADLINE_SEPARATOR.match(key, pos).end()  # type: ignore[union-attr]
    years = tuple(sorted({year for part in parts for year in part.years}))
    return Deadline(parts[0].start, parts[-1].end, any(p.recurring for p in parts), years)


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


@dataclass(frozen=True)
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

    def __init__(self, doc: Document, cells: list[Cell]) -> None:
        self.doc = doc
        self.cells = cells
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
                                             parse_indicator(self.doc, lines)))
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
        if self.chapter != EXPECTED_CHAPTERS:
            last = self.cells[-1].lines[-1][0] if self.cells and self.cells[-1].lines else None
            raise self.doc.error(last, f"{EXPECTED_CHAPTERS} chapters", f"{self.chapter} chapters")

    def start_chapter(self, line: int, text: str, m: re.Match[str]) -> None:
        number = int(m.group("no"))
        if number != self.chapter + 1:
            raise self.doc.error(line, f"chapter heading 'Глава {self.chapter + 1}.'", text)
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
            deadline = parse_deadline(deadline_text)
        except ValueError:
            raise doc.error(deadline_cell.nonblank[0][0], EXPECTED_DEADLINE, deadline_text) from None
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


# The plan is read by the extract step and again by the checks (find_text_oddities); parse it once.
@functools.lru_cache(maxsize=4)
def parse_plan(doc: Document) -> Plan:
    """Chapters, indicators and actions of the Action Plan, checked for completeness and order."""
    first, last = plan_bounds(doc)
    walker = _PlanWalker(doc, split_cells(doc, first, last))
    walker.walk()
    if len(walker.indicators) != len(INDICATORS):
        raise doc.error(last, f"{len(INDICATORS)} target indicators", f"{len(walker.indicators)}")
    for indicator, meta in zip(walker.indicators, INDICATORS, strict=True):
        if fold(meta.keyword).casefold() not in fold(indicator.text.name).casefold():
            raise doc.error(indicator.text.name_line, f"indicator {indicator.order} to mention {meta.keyword!r}",
                            indicator.text.name)
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


def parse_section6(doc: Document) -> list[Section6Item]:
    """The restated sub-items, with their targets. A deleted sub-item ("подпункт N) исключить;") restates
    no target: it is read as one of the amending instructions."""
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
            text = parse_indicator(doc, [(number, " " * body + line[body:])], SECTION6_TRAILER)
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


# ---------------------------------------------------------------------------------------------
# Translations
#
# The plan is printed in Russian; its Kazakh and English texts are the project's own (unofficial)
# translations in data/translations/, published as added columns (text_kk, completion_form_en, …).
# Every Russian text the package publishes must have them: a new action, form of completion, deadline,
# chapter, breakdown, note, abbreviation or indicator without one stops the build, and every missing
# text of the run is listed at once, each with its file and section.

LANGUAGE_NAMES = {"kk": "Kazakh", "en": "English"}
AGREEMENT = "(по согласованию)"


@dataclass(frozen=True)
class Translations:
    """The translation tables of the plan, as read from `folder` (data/translations/)."""

    folder: Path
    indicators: Mapping  # concept_indicators.yml: indicator_id → name_kk, name_en, short_*
    abbreviations_en: Mapping  # abbreviations.yml: abbreviation → English expansion (a list if repeated)
    abbreviations_kk: Mapping  # abbreviations.kk.yml: abbreviation → {abbr_kk, expansion_kk} (a list …)
    actions: Mapping[str, Mapping]  # language → concept_actions.<lang>.yml
    targets: Mapping  # concept_targets.yml: breakdowns and notes by their Russian text

    def shown(self, name: str) -> str:
        """A translation file as error messages name it (relative to the repository when inside it)."""
        path = self.folder / name
        try:
            return path.resolve().relative_to(ROOT).as_posix()
        except ValueError:
            return path.as_posix()

    def section_line(self, name: str, section: str) -> int | None:
        """The line of a top-level section of a translation file, for messages that point at it."""
        lines = (self.folder / name).read_text(encoding="utf-8").splitlines()
        return next((n for n, line in enumerate(lines, start=1) if line.startswith(f"{section}:")), None)


def _mapping(folder: Path, name: str) -> Mapping:
    path = folder / name
    if not path.exists():
        raise SourceFormatError(path.as_posix(), None, "a translation file")
    table = read_yaml(path) or {}
    if not isinstance(table, Mapping):
        raise SourceFormatError(path.as_posix(), 1, "a mapping at the top level of the translation file")
    return table


def action_file(lang: str) -> str:
    return f"concept_actions.{lang}.yml"


def load_translations(folder: Path = TRANSLATIONS) -> Translations:
    """Every translation table of the plan. Raises SourceFormatError naming a missing or malformed file."""
    return Translations(
        folder=folder,
        indicators=_mapping(folder, "concept_indicators.yml"),
        abbreviations_en=_mapping(folder, "abbreviations.yml"),
        abbreviations_kk=_mapping(folder, "abbreviations.kk.yml"),
        actions={lang: _mapping(folder, action_file(lang)) for lang in LANGUAGE_NAMES},
        targets=_mapping(folder, "concept_targets.yml"),
    )


def _canonical(text: object) -> str:
    """A translation key as the parsers read text: folded (spaces, dashes, Latin look-alikes), runs of
    white space as one. A document retyped with a no-break space keeps its translations."""
    return " ".join(fold(str(text)).split())


class _Missing:
    """Looks up the translations of one document's texts and collects those the tables lack, so that
    all of them are reported together, each at the document line of the text and naming the file."""

    def __init__(self, doc: Document, translations: Translations) -> None:
        self.doc = doc
        self.translations = translations
        self.errors: list[SourceFormatError] = []
        self._index: dict[tuple[str, str], dict[str, object]] = {}
        self._reported: set[tuple[str, str, str, str]] = set()

    def _section(self, name: str, section: str) -> dict[str, object]:
        if (name, section) not in self._index:
            table = (self.translations.actions[name.split(".")[1]] if name.startswith("concept_actions.")
                     else self.translations.targets)
            entries = table.get(section)
            self._index[name, section] = ({_canonical(k): v for k, v in entries.items()}
                                          if isinstance(entries, Mapping) else {})
        return self._index[name, section]

    def text(self, name: str, section: str, key: object, lang: str, what: str, russian: str, line: int) -> str:
        """The `lang` text of `key` in `section` of translation file `name`; '' and a recorded error naming
        the document's `line` and the file when it is missing or empty."""
        value = self._section(name, section).get(_canonical(key))
        if isinstance(value, Mapping):  # concept_targets.yml: {kk: …, en: …}
            value = value.get(lang)
        if isinstance(value, str) and value.strip():
            return value
        if (name, section, _canonical(key), lang) not in self._reported:  # a text repeated is reported once
            self._reported.add((name, section, _canonical(key), lang))
            start = self.translations.section_line(name, section)
            self.errors.append(self.doc.error(
                line, f"{'an' if lang == 'en' else 'a'} {LANGUAGE_NAMES[lang]} text for {what} in "
                      f"{self.translations.shown(name)} (key {key!r} of its section {section!r}"
                      + (f", which starts at line {start})" if start else ")"), russian))
        return ""

    def raise_all(self) -> None:
        raise_all(self.errors)


def _body_ids(doc: Document, action: PlanAction, aliases: AliasTable) -> tuple[str, str]:
    """The responsible bodies of an action as body ids of data/reference/bodies.csv, each once, in the
    order printed, and those of them that take part «(по согласованию)» (by agreement)."""
    ids: list[str] = []
    agreed: list[str] = []
    unknown = []
    for printed in action.responsible:
        body = aliases.resolve(printed, "body")
        if body is None:
            unknown.append(printed)
            continue
        if body not in ids:
            ids.append(body)
        if _canonical(printed).endswith(_canonical(AGREEMENT)) and body not in agreed:
            agreed.append(body)
    if unknown:
        raise doc.error(action.number_line, "responsible bodies known to data/reference/name_aliases.csv (kind "
                        "body; a new body is a row of data/reference/bodies.csv and its aliases)", "; ".join(unknown))
    return ";".join(ids), ";".join(agreed)


# ---------------------------------------------------------------------------------------------
# Frames

TARGET_SCHEMA = {"indicator_id": pl.String, "breakdown": pl.String, "breakdown_ru": pl.String,
                 "year": pl.Int64, "period_label": pl.String, "target": pl.Float64,
                 "target_as_published": pl.String, "unit": pl.String, "note": pl.String,
                 "source_id": pl.String, "source_line": pl.Int64, "source_text": pl.String}


def _target_rows(doc: Document, indicator_id: str, text: IndicatorText) -> list[dict]:
    order = {b: i for i, b in enumerate(dict.fromkeys(t.breakdown for t in text.targets))}
    rows = [
        {
            "indicator_id": indicator_id, "breakdown": t.breakdown, "breakdown_ru": t.breakdown_ru,
            "year": t.year, "period_label": t.period_label, "target": float(as_plain(t.value)),
            "target_as_published": t.as_published, "unit": text.unit, "note": t.note,
            "source_id": doc.source_id, "source_line": t.line, "source_text": t.text,
            "_breakdown_order": order[t.breakdown],
        }
        for t in text.targets
    ]
    return sorted(rows, key=lambda r: (r["_breakdown_order"], r["year"]))


def _indicator_frames(doc: Document, plan: Plan, translations: Translations, missing: _Missing
                      ) -> tuple[pl.DataFrame, pl.DataFrame]:
    indicator_rows, target_rows = [], []
    names_path = translations.shown("concept_indicators.yml")
    for indicator, meta in zip(plan.indicators, INDICATORS, strict=True):
        text = indicator.text
        translation = translations.indicators.get(meta.slug) or {}
        for key in ("name_kk", "name_en"):
            if not translation.get(key):
                missing.errors.append(doc.error(text.name_line, f"{key} for {meta.slug} in {names_path}", text.name))
        chapters = {lang: missing.text(action_file(lang), "chapters", indicator.chapter, lang,
                                       f"the title of chapter {indicator.chapter}", indicator.chapter_title,
                                       text.name_line) for lang in LANGUAGE_NAMES}
        years = [t.year for t in text.targets]
        indicator_rows.append({
            "indicator_id": meta.slug, "indicator_no": indicator.order, "chapter": indicator.chapter,
            "chapter_title_ru": indicator.chapter_title, "chapter_title_kk": chapters["kk"],
            "chapter_title_en": chapters["en"], "number_in_source": indicator.number_in_source,
            "name_ru": text.name, "name_kk": translation.get("name_kk", ""), "name_en": translation.get("name_en", ""),
            "short_ru": translation.get("short_ru", ""), "short_kk": translation.get("short_kk", ""),
            "short_en": translation.get("short_en", ""), "unit": text.unit, "direction": meta.direction,
            "breakdown_count": len({t.breakdown for t in text.targets} - {""}),
            "target_count": len(text.targets), "first_year": min(years), "last_year": max(years),
            "source_id": doc.source_id, "source_line": text.name_line, "source_text": text.name,
        })
        target_rows.extend(_target_rows(doc, meta.slug, text))
    indicators = pl.DataFrame(indicator_rows, schema_overrides={"number_in_source": pl.Int64})
    targets = pl.DataFrame(target_rows, schema=TARGET_SCHEMA | {"_breakdown_order": pl.Int64})
    return indicators, _translated_targets(targets.drop("_breakdown_order"), missing)


def _translated_targets(targets: pl.DataFrame, missing: _Missing) -> pl.DataFrame:
    """The targets with breakdown_kk/_en beside breakdown_ru and note_kk/_en beside note ('' where the
    document prints none)."""
    columns: dict[str, list[str]] = {}
    lines = dict(zip(targets["breakdown_ru"].to_list() + targets["note"].to_list(),
                     targets["source_line"].to_list() * 2, strict=True))
    for section, column, what in (("breakdowns", "breakdown_ru", "the breakdown"), ("notes", "note", "the note")):
        texts = {value: {lang: missing.text("concept_targets.yml", section, value, lang, what, value, lines[value])
                         for lang in LANGUAGE_NAMES}
                 for value in dict.fromkeys(targets[column].to_list()) if value}
        stem = column.removesuffix("_ru")
        for lang in LANGUAGE_NAMES:
            columns[f"{stem}_{lang}"] = [texts[v][lang] if v else "" for v in targets[column].to_list()]
    frame = targets.with_columns(pl.Series(name, values, dtype=pl.String) for name, values in columns.items())
    order = [c for name in TARGET_SCHEMA
             for c in ([name, "breakdown_kk", "breakdown_en"] if name == "breakdown_ru"
                       else [name, "note_kk", "note_en"] if name == "note" else [name])]
    return frame.select(order)


def _action_frame(doc: Document, plan: Plan, missing: _Missing, aliases: AliasTable) -> pl.DataFrame:
    rows = []
    for a in plan.actions:
        texts = {}
        for lang in LANGUAGE_NAMES:
            name = action_file(lang)
            texts[f"text_{lang}"] = missing.text(name, "actions", a.number, lang, f"action {a.number}", a.text,
                                                 a.number_line)
            texts[f"completion_form_{lang}"] = missing.text(name, "completion_forms", a.completion_form, lang,
                                                            f"the form of completion of action {a.number}",
                                                            a.completion_form, a.number_line)
            texts[f"deadline_text_{lang}"] = missing.text(name, "deadlines", a.deadline_text, lang,
                                                          f"the deadline of action {a.number}", a.deadline_text,
                                                          a.number_line)
        # Our translations follow their language's typography (digit groups, decimal sign, percent sign); the
        # Russian original stays as printed.
        texts = {column: typeset_numbers(text, column.rsplit("_", 1)[1]) for column, text in texts.items()}
        body_ids, agreed = _body_ids(doc, a, aliases)
        rows.append({
            "action_no": a.number, "chapter": a.chapter, "indicator_id": INDICATORS[a.indicator_order - 1].slug,
            "text_ru": a.text, "text_kk": texts["text_kk"], "text_en": texts["text_en"],
            "completion_form": a.completion_form, "completion_form_kk": texts["completion_form_kk"],
            "completion_form_en": texts["completion_form_en"],
            "deadline_text": a.deadline_text, "deadline_text_kk": texts["deadline_text_kk"],
            "deadline_text_en": texts["deadline_text_en"],
            "deadline_start": a.deadline.start, "deadline_end": a.deadline.end,
            "is_recurring": a.deadline.recurring,
            "deadline_years": ";".join(str(y) for y in a.deadline.years),
            "responsible": ";".join(a.responsible), "responsible_body_ids": body_ids,
            "by_agreement_body_ids": agreed, "has_stray_mark": bool(a.stray_mark),
            "source_id": doc.source_id, "source_line": a.number_line, "source_text": a.number_text,
            "text_line": a.text_line,
        })
    return pl.DataFrame(rows)


def _entry(value: object, seen: int) -> object:
    """The translation of an abbreviation's `seen`-th definition: a repeated abbreviation (НАО) has a
    list of translations, one per definition in document order."""
    if isinstance(value, list):
        return value[seen] if seen < len(value) else None
    return value if seen == 0 else None


def _abbreviation_frame(doc: Document, entries: Sequence[GlossaryEntry], translations: Translations,
                        missing: _Missing) -> pl.DataFrame:
    """The glossary with its English expansions and Kazakh abbreviations and expansions. The translation
    tables and the glossary must agree both ways: an entry repeated or left out of the document stops
    the build like a new one.

    Abbreviations are matched folded, so a Latin look-alike typed into one ("MИО") is still it.
    """
    en_path, kk_path = translations.shown("abbreviations.yml"), translations.shown("abbreviations.kk.yml")
    tables = {lang: {fold(str(key)): value for key, value in table.items()}
              for lang, table in (("en", translations.abbreviations_en), ("kk", translations.abbreviations_kk))}
    keys = [fold(e.abbr) for e in entries]
    counts = Counter(keys)
    seen: Counter[str] = Counter()
    rows = []
    for entry, key in zip(entries, keys, strict=True):
        english, kazakh = (tables[lang].get(key) for lang in ("en", "kk"))
        for value, path in ((english, en_path), (kazakh, kk_path)):
            # A repeated abbreviation (НАО) has a list of translations, one per occurrence in order.
            defined = len(value) if isinstance(value, list) else 1
            if value and seen[key] >= defined:
                raise doc.error(entry.line, f"{entry.abbr} defined {defined} time(s), as {path} translates it",
                                f"definition {seen[key] + 1}")
        english, kazakh = _entry(english, seen[key]), _entry(kazakh, seen[key])
        seen[key] += 1
        if not english:
            missing.errors.append(doc.error(entry.line, f"an abbreviation with an English expansion in {en_path}",
                                            entry.abbr))
        if not (isinstance(kazakh, Mapping) and kazakh.get("abbr_kk") and kazakh.get("expansion_kk")):
            missing.errors.append(doc.error(entry.line, "an abbreviation with its Kazakh abbreviation and expansion "
                                            f"(abbr_kk, expansion_kk) in {kk_path}", entry.abbr))
            kazakh = {}
        rows.append({
            "abbr": entry.abbr, "abbr_kk": str(kazakh.get("abbr_kk", "")), "expansion_ru": entry.expansion,
            "expansion_kk": str(kazakh.get("expansion_kk", "")), "expansion_en": english or "",
            "is_duplicate": counts[key] > 1,
            "source_id": doc.source_id, "source_line": entry.line, "source_text": entry.abbr,
        })
    for table, path in ((translations.abbreviations_en, en_path), (translations.abbreviations_kk, kk_path)):
        left = [str(k) for k, v in table.items() if seen[fold(str(k))] < (len(v) if isinstance(v, list) else 1)]
        if left:
            raise doc.error(len(doc.lines), f"the glossary to define {', '.join(left)}, as {path} translates them",
                            "the end of the glossary")
    return pl.DataFrame(rows)


def _section6_frame(doc: Document, items: Sequence[Section6Item], plan: Plan) -> pl.DataFrame:
    rows = []
    for item in items:
        indicator = match_indicator(doc, item, plan.indicators)
        for row in _target_rows(doc, INDICATORS[indicator.order - 1].slug, item.text):
            rows.append({"subitem_no": item.number} | row)
    frame = pl.DataFrame(rows, schema={"subitem_no": pl.Int64} | TARGET_SCHEMA | {"_breakdown_order": pl.Int64})
    return frame.drop("_breakdown_order")


def parse_concept_plan(doc: Document, translations: Path = TRANSLATIONS,
                       reference: Path = REFERENCE) -> dict[str, pl.DataFrame]:
    """All frames of document 003: indicators, targets, actions, abbreviations, section 6 targets.

    The published frames carry the Kazakh and English translations of `translations` and the body ids
    of the alias table of `reference`. Raises SourceFormatError (SourceFormatErrors for several) naming
    each missing translation with its file, or the document line of an unknown body.
    """
    plan = parse_plan(doc)
    tables = load_translations(translations)
    missing = _Missing(doc, tables)
    indicators, targets = _indicator_frames(doc, plan, tables, missing)
    items = parse_section6(doc)
    actions = _action_frame(doc, plan, missing, load_alias_table(reference))
    abbreviations = _abbreviation_frame(doc, parse_glossary(doc, plan.last_line), tables, missing)
    missing.raise_all()
    return {
        "concept_indicators": indicators,
        "concept_targets": targets,
        "concept_actions": actions,
        "abbreviations": abbreviations,
        "section6_targets": _section6_frame(doc, items, plan),
    }


# ---------------------------------------------------------------------------------------------
# Checks


def compare_section6(targets: pl.DataFrame, section6: pl.DataFrame) -> pl.DataFrame:
    """Every (indicator, breakdown, year) of the restated sub-items whose value differs from the
    plan or that only one of the two has. Plan indicators not restated in section 6 are skipped."""
    keys = ["indicator_id", "breakdown", "year"]
    plan = targets.filter(pl.col("indicator_id").is_in(section6["indicator_id"].unique().implode())).select(
        *keys, pl.col("target").alias("plan_target"), pl.col("source_line").alias("plan_line"))
    restated = section6.select(*keys, pl.col("target").alias("section6_target"),
                               pl.col("source_line").alias("section6_line"))
    kind = (
        pl.when(pl.col("plan_target").is_null()).then(pl.lit("missing_in_plan"))
        .when(pl.col("section6_target").is_null()).then(pl.lit("missing_in_section6"))
        .when(pl.col("plan_target") != pl.col("section6_target")).then(pl.lit("differs"))
    )
    return (
        plan.join(restated, on=keys, how="full", coalesce=True)
        .with_columns(kind.alias("kind"))
        .filter(pl.col("kind").is_not_null())
        .select(*keys, "plan_target", "section6_target", "plan_line", "section6_line", "kind")
        .sort(keys)
    )


def find_target_anomalies(targets: pl.DataFrame, directions: Mapping[str, str] | None = None) -> pl.DataFrame:
    """Odd steps in each target path (indicator × breakdown, by year).

    kinds: "large_drop" (a percent target falls by more than LARGE_DROP_POINTS points),
    "decrease" (any fall of a higher_is_better indicator), "increase" (any rise of a
    lower_is_better one), "reversal" (the path turns: a rise after a fall or a fall after a rise),
    "year_gap" (a yearly path skips a year; PISA cycles are not yearly).
    """
    directions = DIRECTIONS if directions is None else directions
    rows: list[dict] = []

    def add(row: dict, kind: str, description: str) -> None:
        rows.append({"indicator_id": row["indicator_id"], "breakdown": row["breakdown"], "year": row["year"],
                     "kind": kind, "description_en": description, "source_line": row["source_line"]})

    for (indicator_id, _breakdown), series in targets.sort("year").group_by(
            ["indicator_id", "breakdown"], maintain_order=True):
        path = series.to_dicts()
        direction = directions.get(str(indicator_id), "")
        last_step = 0.0
        for prev, cur in itertools.pairwise(path):
            step = cur["target"] - prev["target"]
            where = f"{prev['period_label']} {prev['target']:g} → {cur['period_label']} {cur['target']:g}"
            if prev["period_label"] == str(prev["year"]) and cur["year"] - prev["year"] > 1:
                add(cur, "year_gap", f"no target between {prev['year']} and {cur['year']}")
            if cur["unit"] == "percent" and step < -LARGE_DROP_POINTS:
                add(cur, "large_drop", f"falls by {-step:g} points: {where}")
            if direction == HIGHER and step < 0:
                add(cur, "decrease", f"falls although higher is better: {where}")
            if direction == LOWER and step > 0:
                add(cur, "increase", f"rises although lower is better: {where}")
            if step and last_step and (step > 0) != (last_step > 0):
                add(cur, "reversal", f"{'rises' if step > 0 else 'falls'} again after "
                                     f"{'falling' if step > 0 else 'rising'}: {where}")
            if step:
                last_step = step
    schema = {"indicator_id": pl.String, "breakdown": pl.String, "year": pl.Int64, "kind": pl.String,
              "description_en": pl.String, "source_line": pl.Int64}
    return pl.DataFrame(rows, schema=schema).sort("indicator_id", "breakdown", "year", "kind")


MOJIBAKE = re.compile(r"\w*(?<=[а-яё])Ұ\w*")


def find_text_oddities(doc: Document) -> pl.DataFrame:
    """Things in the document a reader should know about, reported rather than fixed:
    "mojibake" ('Ұ' for 'ё' inside Russian words), "stray_mark" (action number cell),
    "unclosed_parenthesis" (targets never closed), "split_target" (a target's value on the line
    after its year), "duplicate_abbreviation"."""
    rows: list[dict] = []

    def add(line: int, kind: str, description: str, text: str) -> None:
        rows.append({"source_line": line, "kind": kind, "description_en": description, "source_text": text})

    for number, line in doc.numbered():
        for m in MOJIBAKE.finditer(line):
            add(number, "mojibake", "'Ұ' inside a Russian word, probably 'ё'", m.group(0))
    plan = parse_plan(doc)
    for action in plan.actions:
        if action.stray_mark:
            add(action.number_line, "stray_mark", f"stray {action.stray_mark!r} after action number {action.number}",
                doc.line(action.number_line).strip())
    items = parse_section6(doc)
    texts = [(f"indicator {i.order}", i.text) for i in plan.indicators]
    texts += [(f"section 6 sub-item {i.number}", i.text) for i in items]
    for label, text in texts:
        if text.unclosed:
            add(text.name_line, "unclosed_parenthesis", f"{label}: the targets parenthesis is never closed",
                text.name)
        for target in text.targets:
            if target.split_across_lines:
                add(target.line, "split_target", f"{label}: the value of {target.period_label} is on the next line",
                    target.text)
    glossary = parse_glossary(doc, plan.last_line)
    counts = Counter(e.abbr for e in glossary)
    for entry in glossary:
        if counts[entry.abbr] > 1:
            add(entry.line, "duplicate_abbreviation", f"{entry.abbr} is defined {counts[entry.abbr]} times", entry.abbr)
    schema = {"source_line": pl.Int64, "kind": pl.String, "description_en": pl.String, "source_text": pl.String}
    return pl.DataFrame(rows, schema=schema).sort("source_line", "kind")
