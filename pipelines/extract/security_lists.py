"""Extract the coverage lists of the quarterly security notes (document 004 and its successors).

A note has four measures. Each measure starts with a prose line holding the national total,
followed by three "Анықтама" lists, one per organisation type, of 20 entries such as
"Қарағанды (105-тен 134) – 78%": place, (total-ablative count), percent. The first measure
lists the 20 regions, the others the 20 large-city groups.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from pipelines.normalise.text import fold
from pipelines.reference import AliasTable
from pipelines.sources import Document

ORG_TYPES = ("kindergarten", "school", "college")
MEASURES = ("cctv_police_link", "licensed_security", "alarm_button", "turnstile")
LIST_LENGTH = 20

# Order matters: a later measure's intro can mention an earlier one's words. Words are separated by
# runs of spaces (\s+), so a doubled space does not hide a heading. Patterns run on fold()ed text,
# where every dash is '–'.
MEASURE_KEYWORDS = (
    ("turnstile", re.compile(r"турникет", re.IGNORECASE)),
    ("alarm_button", re.compile(r"дабыл\s+түйме", re.IGNORECASE)),
    ("licensed_security", re.compile(r"лицензияланған\s+күзет", re.IGNORECASE)),
    ("cctv_police_link", re.compile(r"ЖБО", re.IGNORECASE)),
)
ORG_TYPE_HEADERS = (
    ("kindergarten", re.compile(r"мектепке\s+дейінгі\s+білім\s+беру\s+ұйымдары\s*:", re.IGNORECASE)),
    ("school", re.compile(r"орта\s+білім\s+беру\s+ұйымдары\s*:", re.IGNORECASE)),
    ("college", re.compile(r"техникалық\s+және\s+кәсіптік\s+білім\s+беру\s+ұйымдары\s*:", re.IGNORECASE)),
)
LARGE_CITIES = re.compile(r"ірі\s+қала", re.IGNORECASE)
PERIOD = re.compile(r"(\d{4})\s+жылғы\s+(\d)\s*(?:–ші\s*)?тоқсан", re.IGNORECASE)
# An entry followed by ';': the mark of a list line. One that no heading claimed is a list whose
# heading is damaged or missing, and must not be skipped as prose.
LIST_MARK = re.compile(r"\)\s*–\s*\d+(?:[,.]\d+)?\s*%\s*;")

_ORG_WORD = r"(?:балабақша|мектеп|колледж)"
_INNER_ALL = re.compile(rf"^(?P<total>\d+)(?:\s+{_ORG_WORD})?$")
# "105-тен 134", "101- ден 6", "214 – тен 100", "3- тен 2-і": total, Kazakh ablative, count.
_INNER_OF = re.compile(r"^(?P<total>\d+)\s*–\s*(?:[тдн][еа]н)\s+(?P<count>\d+)(?:\s*–\s*[іы])?$")
# "96 балабақшаның 8": count of total, genitive form.
_INNER_GENITIVE = re.compile(rf"^(?P<total>\d+)\s+{_ORG_WORD}[ныі]*ң\s+(?P<count>\d+)$")
_ENTRY = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<inner>[^()]*)\)\s*–\s*(?P<percent>\d+(?:[,.]\d+)?)\s*%$")
EXPECTED_ENTRY = "an entry like 'Қарағанды (105-тен 134) – 78%' or 'Астана қ. (96 балабақша) – 100%'"
EXPECTED_ALL = "100% after a single number, which counts all of them ('Астана қ. (96 балабақша) – 100%')"


@dataclass(frozen=True)
class ListContext:
    measure: str
    area_type: str
    org_type: str
    period: str


def note_period(doc: Document) -> tuple[str, int]:
    """The quarter the note reports ("2023-Q1") and the line that says so."""
    for number, line in doc.numbered():
        match = PERIOD.search(fold(line))
        if match:
            return f"{match.group(1)}-Q{match.group(2)}", number
    # Point at the line that still speaks of a quarter (its year or number damaged), else the end.
    near = next((n for n, line in doc.numbered() if re.search(r"тоқсан", fold(line), re.IGNORECASE)), None)
    raise doc.error(near or len(doc.lines), "a reporting quarter such as '2023 жылғы 1 тоқсандағы жағдай бойынша'",
                    doc.line(near) if near else "the end of the document")


def split_entries(line: str) -> list[tuple[int, int]]:
    """Spans of the ';'-separated entries of a list line, trimmed of spaces and the final '.'."""
    folded = fold(line)
    spans: list[tuple[int, int]] = []
    start = 0
    for end in [m.start() for m in re.finditer(";", folded)] + [len(folded)]:
        left, right = start, end
        while left < right and folded[left] == " ":
            left += 1
        while right > left and folded[right - 1] in " .":
            right -= 1
        if right > left:
            spans.append((left, right))
        start = end + 1
    return spans


def parse_entry(text: str) -> tuple[str, int, int, str]:
    """(name, count, total, percent) as printed; ValueError (saying what was expected) when the entry
    has another shape.

    A single number counts all of them, so its percent must be 100: every such entry of the notes
    prints 100%, and two numbers run together ("(26-дан 0) – 0%" printed "(260) – 0%") would
    otherwise read as 260 of 260.
    """
    folded = fold(text)
    match = _ENTRY.match(folded)
    if not match:
        raise ValueError(EXPECTED_ENTRY)
    inner = re.sub(r"\s+", " ", match.group("inner")).strip()
    for pattern in (_INNER_OF, _INNER_GENITIVE):
        found = pattern.match(inner)
        if found:
            return match.group("name"), int(found.group("count")), int(found.group("total")), match.group("percent")
    found = _INNER_ALL.match(inner)
    if found:
        if float(match.group("percent").replace(",", ".")) != 100:
            raise ValueError(EXPECTED_ALL)
        total = int(found.group("total"))
        return match.group("name"), total, total, match.group("percent")
    raise ValueError(EXPECTED_ENTRY)


def parse_list_line(doc: Document, number: int, context: ListContext, aliases: AliasTable) -> list[dict]:
    line = doc.line(number)
    spans = split_entries(line)
    if not spans:
        raise doc.error(number, f"a list of {LIST_LENGTH} entries", line)
    alias_kind = "region" if context.area_type == "region" else "city_group"
    rows, seen = [], {}
    for left, right in spans:
        text = line[left:right]
        try:
            name, count, total, percent = parse_entry(text)
        except ValueError as error:
            raise doc.error(number, str(error), text) from None
        code = aliases.resolve(name, alias_kind)
        if code is None:
            kind_words = "one of the 20 regions" if alias_kind == "region" else "one of the 20 large-city groups"
            raise doc.error(number, f"{kind_words} (see data/reference/name_aliases.csv)", name)
        if code in seen:
            raise doc.error(number, f"each place once in the list; {code} appears again", text)
        seen[code] = text
        rows.append(
            {
                "measure": context.measure,
                "area_type": context.area_type,
                "place": code,
                "org_type": context.org_type,
                "period": context.period,
                "name_as_published": name.strip(),
                "count_as_published": count,
                "total_as_published": total,
                "percent_as_published": float(percent.replace(",", ".")),
                "source_id": doc.source_id,
                "source_line": number,
                "source_text": text,
            }
        )
    return rows


def _next_text_line(doc: Document, number: int) -> int:
    for candidate in range(number + 1, len(doc.lines) + 1):
        if doc.line(candidate).strip():
            return candidate
    raise doc.error(number, "a list after this heading", "the end of the document")


def extract_security_lists(doc: Document, aliases: AliasTable) -> pl.DataFrame:
    """All coverage lists of one note, one row per entry, values exactly as printed.

    `place` is a region code for region lists and a city-group slug for large-city lists.
    """
    period, _ = note_period(doc)
    measure: str | None = None
    area_type = "region"
    rows: list[dict] = []
    seen_lists: dict[tuple[str, str], int] = {}
    number = 1
    while number <= len(doc.lines):
        folded = fold(doc.line(number))
        header = next((org for org, pattern in ORG_TYPE_HEADERS if pattern.search(folded)), None)
        if header is None:
            if LIST_MARK.search(folded):
                raise doc.error(number, "an organisation-type heading ('... білім беру ұйымдары:') before this list",
                                doc.line(number))
            intro = next((m for m, pattern in MEASURE_KEYWORDS if pattern.search(folded)), None)
            if intro is not None and re.search(r"\d", folded):
                measure = intro
                if LARGE_CITIES.search(folded):
                    area_type = "city"
            number += 1
            continue
        if measure is None:
            raise doc.error(number, "a measure's national total before its first list", doc.line(number))
        if (measure, header) in seen_lists:
            raise doc.error(number, f"one {header} list for {measure}; another is at line {seen_lists[(measure, header)]}")
        list_line = number
        after_colon = folded.split(":", 1)[1] if ":" in folded else ""
        if not re.search(r"\(", after_colon):
            list_line = _next_text_line(doc, number)
        seen_lists[(measure, header)] = list_line
        entries = parse_list_line(doc, list_line, ListContext(measure, area_type, header, period), aliases)
        if len(entries) != LIST_LENGTH:
            raise doc.error(list_line, f"{LIST_LENGTH} entries in the {header} list of {measure}", f"{len(entries)} entries")
        rows.extend(entries)
        number = list_line + 1
    missing = [(m, o) for m in MEASURES for o in ORG_TYPES if (m, o) not in seen_lists]
    if missing:
        names = ", ".join(f"{m}/{o}" for m, o in missing)
        raise doc.error(len(doc.lines), f"twelve lists (4 measures × 3 organisation types); missing {names}",
                        "the end of the document")
    return pl.DataFrame(rows)
