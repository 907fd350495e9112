"""Extract the coverage lists of the quarterly security notes (document 004 and its successors).

A note has four measures. Each measure starts with a prose line holding the national total,
followed by three "Анықтама" ("Справка") lists, one per organisation type, of entries such as
"Қарағанды (105-тен 134) – 78%" or, in a Russian note, "Карагандинская (78 из 105) – 74%": place, its
figures, percent (the forms read: `parse_entry`).
A list may run over several lines, broken between entries (`list_lines`). The first measure
lists every region of data/reference/regions.csv, the others the large-city groups of
data/reference/large_cities.csv that the note reports (20 in note 004): each of a note's
large-city lists names the same groups.

A note is read in the language its metadata declares (`language: kk` or `ru`): the words of its headings,
measures and entries are that language's (`LIST_WORDS`, one `ListWords` per language; its statements are
declared per language too, `security_note.spec.yml` and `security_note.ru.spec.yml`). Its place names,
Kazakh or Russian, resolve through the alias table (`pipelines/reference.py`). A note whose lists are
not in the language it declares is refused at its first list line.

What is expected of a note comes from the reference tables and from the note itself, never from a
constant: a region missing from a region list, or a group that one large-city list leaves out while
the note's other large-city lists name it, stops the build at that list's line; a place the alias
table does not know stops it too, every such place of the run reported at once with its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

import polars as pl

from pipelines.errors import SourceFormatError, UnknownPlaces
from pipelines.normalise.periods import (
    EXPECTED_NOTE_PERIOD,
    QUARTER_PERIOD,
    find_note_periods,
    note_date,
    quarter_of,
)
from pipelines.normalise.text import fold
from pipelines.reference import AliasTable
from pipelines.sources import Document
from pipelines.vocabularies import LIST_MEASURES, LIST_ORG_TYPES, MEASURES

SUPPORTED = ("a quarterly note in the format of note 004 (data/sources/004_08b2a54d8bb8e082.txt), in Kazakh "
             "or Russian (metadata language: kk or ru), the format that 'format: security_note' reads")
# Letters of Kazakh that Russian lacks: every Kazakh list line has some ("қ.", "балабақша", place names).
KAZAKH_LETTERS = re.compile(r"[әғқңөұүһі]", re.IGNORECASE)
# "(114 из 122)": a Russian entry, which a Kazakh list writes "(122-ден 114)".
RUSSIAN_ENTRY = re.compile(r"\(\s*\d[\d ]*\s+из\s+\d[\d ]*(?:\s+[а-яё/.]+)*\s*\)", re.IGNORECASE)
# "(122-ден 114)", "(214-тің 204-і)": a Kazakh entry.
KAZAKH_ENTRY = re.compile(r"\(\s*\d[\d ]*\s*–\s*(?:[тдн][еа]н|[тдн][ыі]ң)\s", re.IGNORECASE)

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
RU_MEASURE_KEYWORDS = (
    ("turnstile", re.compile(r"турникет", re.IGNORECASE)),
    ("alarm_button", re.compile(r"тревожн[а-яё]*\s+кноп", re.IGNORECASE)),
    ("licensed_security", re.compile(r"лицензированн[а-яё]*\s+охран", re.IGNORECASE)),
    ("cctv_police_link", re.compile(r"ЦОУ", re.IGNORECASE)),
)
RU_ORG_TYPE_HEADERS = (
    ("kindergarten", re.compile(r"дошкольн[а-яё]*\s+организаци[а-яё]*(?:\s+образования)?\s*:", re.IGNORECASE)),
    ("school", re.compile(r"организаци[а-яё]*\s+среднего\s+образования\s*:", re.IGNORECASE)),
    ("college", re.compile(r"организаци[а-яё]*\s+технического\s+и\s+профессионального\s+образования\s*:",
                           re.IGNORECASE)),
)
RU_LARGE_CITIES = re.compile(r"крупн[а-яё]*\s+город", re.IGNORECASE)
# An entry followed by ';': the mark of a list line. One that no heading claimed is a list whose
# heading is damaged or missing, and must not be skipped as prose.
LIST_MARK = re.compile(r"\)\s*–\s*\d+(?:[,.]\d+)?\s*%\s*;")
# A line that ends with an entry: the last line of a list.
LIST_END = re.compile(r"\)\s*–\s*\d+(?:[,.]\d+)?\s*%[\s.]*$")

_ORG_WORD = r"(?:балабақша|мектеп|колледж)"
# A whole number as the notes print it: "736", "1 024" (thousands apart by a space of any kind, which
# folding has made ' ').
_WHOLE = r"\d{1,3}(?: \d{3})+|\d+"
_INNER_ALL = re.compile(rf"^(?P<total>{_WHOLE})(?:\s+{_ORG_WORD})?$")
# "105-тен 134", "101- ден 6", "214 – тен 100", "3- тен 2-і", "1 024-тен 736": total, Kazakh ablative,
# count; "214-тің 204-і", "160-тың 102-сі": total, genitive, count (with its possessive ending).
_INNER_OF = re.compile(rf"^(?P<total>{_WHOLE})\s*–\s*(?:[тдн][еа]н|[тдн][ыі]ң)\s+(?P<count>{_WHOLE})(?:\s*–\s*с?[іы])?$")
# "96 балабақшаның 8", "96 балабақшаның 8-і": count of total, the organisations' word in the genitive.
_INNER_GENITIVE = re.compile(rf"^(?P<total>{_WHOLE})\s+{_ORG_WORD}[ныі]*ң\s+(?P<count>{_WHOLE})(?:\s*–\s*с?[іы])?$")
# The figures are the last brackets before the percent: a name may hold brackets of its own, such as a
# former name ("Қонаев (Қапшағай) қ. (7-ден 3) – 43%").
_ENTRY = re.compile(r"^(?P<name>[^()]+?(?:\([^()]*\)[^()]*?)*?)\s*\((?P<inner>[^()]*)\)\s*–\s*"
                    r"(?P<percent>\d+(?:[,.]\d+)?)\s*%$")
EXPECTED_ENTRY = ("an entry like 'Қарағанды (105-тен 134) – 78%', 'Алматы қ. (214-тің 204-і) – 95%' or "
                  "'Астана қ. (96 балабақша) – 100%'")
EXPECTED_ALL = "100% after a single number, which counts all of them ('Астана қ. (96 балабақша) – 100%')"
# A Russian entry: "(114 из 122)", "(8 из 96 детских садов)": count "из" total; "(96 детских садов)", "(193)".
_RU_ORG_WORDS = r"(?:детск[а-яё]*\s+сад[а-яё]*|д/с|школ[а-яё]*|колледж[а-яё]*|организаци[а-яё]*(?:\s+образования)?)"
_RU_INNER_OF = re.compile(rf"^(?P<count>{_WHOLE})\s+из\s+(?P<total>{_WHOLE})(?:\s+{_RU_ORG_WORDS})?$", re.IGNORECASE)
_RU_INNER_ALL = re.compile(rf"^(?P<total>{_WHOLE})(?:\s+{_RU_ORG_WORDS})?$", re.IGNORECASE)
RU_EXPECTED_ENTRY = ("an entry like 'Карагандинская (78 из 105) – 74%', 'г. Астана (8 из 96 детских садов) – 8%' "
                     "or 'г. Астана (96 детских садов) – 100%'")
RU_EXPECTED_ALL = "100% after a single number, which counts all of them ('г. Астана (96 детских садов) – 100%')"


@dataclass(frozen=True)
class ListWords:
    """The words of a note's lists in one language: how its measures are introduced, how its lists are
    headed, how its entries print their figures (count and total, or one number for all), and what the
    messages quote as examples."""

    language: str
    measures: tuple[tuple[str, re.Pattern[str]], ...]
    headers: tuple[tuple[str, re.Pattern[str]], ...]
    large_cities: re.Pattern[str]
    inner_of: tuple[re.Pattern[str], ...]
    inner_all: re.Pattern[str]
    expected_entry: str
    expected_all: str
    heading_example: str
    # A quarter, a date or a year ("2023 жылдың қорытындысы бойынша", "по итогам 2023 года") spoken of in
    # words, where a damaged or unread statement of the note's period is looked for.
    period_words: re.Pattern[str]

    def is_written_in(self, heading: str, line: str) -> bool:
        """Whether a list (its heading and first line, folded) is in this language."""
        own = line.split("(", 1)[0]
        if self.language == "kk":
            return bool(KAZAKH_LETTERS.search(heading + own)) and not RUSSIAN_ENTRY.search(line)
        return not KAZAKH_LETTERS.search(heading) and not KAZAKH_ENTRY.search(line)


LIST_WORDS = {
    "kk": ListWords("kk", MEASURE_KEYWORDS, ORG_TYPE_HEADERS, LARGE_CITIES, (_INNER_OF, _INNER_GENITIVE), _INNER_ALL,
                    EXPECTED_ENTRY, EXPECTED_ALL, "'... білім беру ұйымдары:'",
                    re.compile(r"тоқсан|жағдай\s+бойынша|\d{4}\s*жыл\S*\s+(?:\S+\s+){0,2}бойынша", re.IGNORECASE)),
    "ru": ListWords("ru", RU_MEASURE_KEYWORDS, RU_ORG_TYPE_HEADERS, RU_LARGE_CITIES, (_RU_INNER_OF,), _RU_INNER_ALL,
                    RU_EXPECTED_ENTRY, RU_EXPECTED_ALL, "'... организации ... образования:'",
                    re.compile(r"квартал|по\s+состоянию|по\s+итогам|за\s+\d+\s+месяц", re.IGNORECASE)),
}


@dataclass(frozen=True)
class ListContext:
    measure: str
    area_type: str
    org_type: str
    period: str


def declared_quarter(doc: Document) -> str:
    """The one quarter ("2023-Q2") the note's metadata declares in `periods`."""
    periods = [str(p) for p in doc.meta.get("periods") or []]
    if len(periods) != 1 or not QUARTER_PERIOD.match(periods[0]):
        raise SourceFormatError(str(PurePosixPath(doc.path).with_suffix(".yml")), None,
                                "periods: one quarter, such as [\"2023-Q2\"], for a quarterly note", str(periods))
    return periods[0]


def note_period(doc: Document, words: ListWords | None = None) -> tuple[str, int]:
    """The quarter the note reports ("2023-Q1") and the line that says so.

    The first statement of a period in the note is its period (see pipelines/normalise/periods.py
    for the forms read); it must be the quarter the metadata declares, or the note is refused at
    that line (a phrase left over from the previous note would otherwise publish its rows under
    the previous quarter).
    """
    declared = declared_quarter(doc)
    this_year, this_month = note_date(str(doc.meta.get("date", "")))
    for number, line in doc.numbered():
        matches = find_note_periods(fold(line))
        if not matches:
            continue
        phrase = line[matches[0].start():matches[0].end()]
        try:
            period = quarter_of(matches[0], this_year, this_month)
        except ValueError as error:
            raise doc.error(number, str(error), phrase) from None
        if period != declared:
            metadata = PurePosixPath(doc.path).with_suffix(".yml").name
            raise doc.error(number, f"the quarter the metadata declares ({metadata}: periods: [\"{declared}\"]); "
                                    "correct whichever of the two is wrong", f"{phrase} ({period})")
        return period, number
    # Point at the line that still speaks of a quarter or a date (its words damaged), else the end.
    spoken = (words or LIST_WORDS["kk"]).period_words
    near = next((n for n, line in doc.numbered() if spoken.search(fold(line))), None)
    raise doc.error(near or len(doc.lines), EXPECTED_NOTE_PERIOD,
                    doc.line(near) if near else "the end of the document")


def first_list_line(doc: Document) -> int | None:
    """The first line that holds a list ("...) – 100%; ..."), if any."""
    return next((n for n, line in doc.numbered() if LIST_MARK.search(fold(line))), None)


LANGUAGE_NAMES = {"kk": "Kazakh", "ru": "Russian"}


def check_language(doc: Document) -> ListWords:
    """The words of the note's language (its metadata's `language`); refused, at its first list line, a
    note in another language, or one whose lists are not in the language it declares.

    A Kazakh list is headed in Kazakh ("мектепке дейінгі білім беру ұйымдары:") and prints "(122-ден 114)";
    a Russian one is headed in Russian ("дошкольные организации образования:") and prints "(114 из 122)",
    whatever its place names ("Ақмола (114 из 122)" is a Russian entry).
    """
    language = str(doc.meta.get("language"))
    number = first_list_line(doc)
    if language not in LIST_WORDS:
        line = number or 1
        raise doc.error(line, f"{SUPPORTED}; this note is in language '{language}' (its metadata)", doc.line(line))
    words = LIST_WORDS[language]
    if number is None:
        return words  # no list at all: the missing headings and lists are reported where expected
    heading = next((doc.line(n) for n in range(number - 1, 0, -1) if doc.line(n).strip()), "")
    if not words.is_written_in(fold(heading), fold(doc.line(number))):
        other = next(name for code, name in LANGUAGE_NAMES.items() if code != language)
        raise doc.error(number, f"{SUPPORTED}; this list is not in {LANGUAGE_NAMES[language]}, the language its "
                                f"metadata declares (language: {language}; a {other} note?)", doc.line(number))
    return words


def split_entries(line: str, start: int = 0) -> list[tuple[int, int]]:
    """Spans of the ';'-separated entries of a list line from offset `start` (after a heading printed on the
    same line), trimmed of spaces and the final '.'."""
    folded = fold(line)
    spans: list[tuple[int, int]] = []
    for end in [m.start() for m in re.finditer(";", folded) if m.start() >= start] + [len(folded)]:
        left, right = start, end
        while left < right and folded[left] == " ":
            left += 1
        while right > left and folded[right - 1] in " .":
            right -= 1
        if right > left:
            spans.append((left, right))
        start = end + 1
    return spans


def _whole(printed: str) -> int:
    return int(printed.replace(" ", ""))


def parse_entry(text: str, words: ListWords | None = None) -> tuple[str, int, int, str]:
    """(name, count, total, percent) as printed; ValueError (saying what was expected) when the entry
    has another shape.

    The forms: the total with its ablative ("214-тен 198", "101- ден 6") or its genitive ("214-тің 198-і",
    "160-тың 102-сі", "96 балабақшаның 8"), then the count; or a single number ("(96 балабақша)"). Numbers
    may group thousands ("1 024"); the name may hold brackets of its own ("Қонаев (Қапшағай) қ.").
    A Russian entry (`words` of LIST_WORDS["ru"]) prints the count first: "(114 из 122)", "(8 из 96 детских
    садов)", or a single number ("(96 детских садов)", "(193)").
    A single number counts all of them, so its percent must be 100: every such entry of the notes
    prints 100%, and two numbers run together ("(26-дан 0) – 0%" printed "(260) – 0%") would
    otherwise read as 260 of 260.
    """
    words = words or LIST_WORDS["kk"]
    folded = fold(text)
    match = _ENTRY.match(folded)
    if not match:
        raise ValueError(words.expected_entry)
    inner = re.sub(r"\s+", " ", match.group("inner")).strip()
    # The name as printed (folding keeps offsets): "Усть-Каменогорск" keeps its hyphen, which folding makes '–'.
    name = text[match.start("name"):match.end("name")]
    for pattern in words.inner_of:
        found = pattern.match(inner)
        if found:
            return (name, _whole(found.group("count")), _whole(found.group("total")),
                    match.group("percent"))
    found = words.inner_all.match(inner)
    if found:
        if float(match.group("percent").replace(",", ".")) != 100:
            raise ValueError(words.expected_all)
        total = _whole(found.group("total"))
        return name, total, total, match.group("percent")
    raise ValueError(words.expected_entry)


def list_lines(doc: Document, number: int, words: ListWords | None = None) -> list[int]:
    """The lines of the list that starts on line `number`: that line, and the lines it runs on to.

    A list ends with '.'; a line that ends with ';' is a list wrapped between two entries, which runs on to
    the next line with text (each entry keeps the line it is printed on). An entry cut in two by a line
    break (its figures on the next line) cannot be quoted from one line: it stops the build at its line,
    which says so."""
    numbers = [number]
    while (folded := fold(doc.line(numbers[-1])).rstrip(" .")).endswith(";") or _cut_entry(folded):
        if not folded.endswith(";"):
            raise doc.error(numbers[-1], "every entry of a list on one line; this line ends inside an entry, "
                                         "which goes on at the next line (convert the document again with "
                                         "one paragraph a line, as CONTRIBUTING.md says)", doc.line(numbers[-1]))
        following = _next_text_line(doc, numbers[-1])
        text = fold(doc.line(following))
        if any(pattern.search(text) for _, pattern in (words or LIST_WORDS["kk"]).headers) or not (
                LIST_MARK.search(text) or LIST_END.search(text)):
            break  # a heading or prose follows: this list ended with ';'
        numbers.append(following)
    return numbers


# The end of a line cut inside an entry: an open bracket not yet closed ("Жамбыл (445-тен"), or the figures
# closed with no percent after them ("Жамбыл (445-тен 143)", "… 143) –", "… 143) – 32").
_CUT = re.compile(r"\([^()]*$|\)\s*(?:–\s*(?:\d+(?:[,.]\d+)?)?)?$")


def _cut_entry(folded: str) -> bool:
    """Whether a list line ends inside an entry (after its last ';'). A line whose last entry is whole but
    followed by other text ("… – 78%. Ескерту: …") is not cut: its last entry is refused as it is printed."""
    return bool(_CUT.search(folded.rsplit(";", 1)[-1].rstrip()))


def parse_list(doc: Document, numbers: list[int], context: ListContext, aliases: AliasTable,
                    unknown: list[SourceFormatError], words: ListWords | None = None, start: int = 0) -> list[dict]:
    """The entries of the list on lines `numbers` (its first line and the lines it runs on to: see
    `list_lines`), its first line read from offset `start` (after its heading, when the heading is printed
    on that line). Unknown place names are added to `unknown` (and their entries left out) so that every
    one of them is reported together; any other problem stops at once."""
    entries = [(line_number, span) for line_number in numbers
               for span in split_entries(doc.line(line_number), start if line_number == numbers[0] else 0)]
    if not entries:
        raise doc.error(numbers[0], f"a list of the {context.org_type} entries of {context.measure}",
                        doc.line(numbers[0]))
    # Another list's heading inside this list's lines: two lists run together on one line, whose entries
    # would be read as one list's (the second list's places as the first's, repeated).
    words = words or LIST_WORDS["kk"]
    for line_number in numbers:
        folded = fold(doc.line(line_number))
        offset = start if line_number == numbers[0] else 0
        inside = next((match for _, pattern in words.headers if (match := pattern.search(folded, offset))), None)
        if inside is not None:
            raise doc.error(line_number, f"one list on a line; the heading of another list "
                                         f"({words.heading_example}) is inside this list's line, after its "
                                         f"entries (a list begins on its heading's line or on the next)",
                            doc.line(line_number)[inside.start():inside.end()])
    alias_kind = "region" if context.area_type == "region" else "city_group"
    rows, seen = [], {}
    for number, (left, right) in entries:
        line = doc.line(number)
        text = line[left:right]
        try:
            name, count, total, percent = parse_entry(text, words)
        except ValueError as error:
            raise doc.error(number, str(error), text) from None
        code = aliases.resolve(name, alias_kind)
        if code is None:
            known = len(aliases.codes[alias_kind])
            kind_words = (f"one of the {known} regions of data/reference/regions.csv" if alias_kind == "region"
                          else f"one of the {known} large-city groups of data/reference/large_cities.csv")
            unknown.append(doc.error(number, f"{kind_words}, by a name in data/reference/name_aliases.csv "
                                             "(a new spelling of a known place: its alias row; a new place: "
                                             "its reference row and its alias; "
                                             "see CONTRIBUTING.md)", name.strip()))
            continue
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


def _check_places(doc: Document, lists: dict[tuple[str, str], tuple[int, list[dict]]],
                  aliases: AliasTable) -> None:
    """Every region list names every region of the reference; every large-city list names the groups
    most of the note's large-city lists name, and no other. A list that differs stops at its line."""
    printed: dict[str, str] = {}
    for _, entries in lists.values():
        for row in entries:
            printed.setdefault(row["place"], row["name_as_published"])
    city_lists = [{row["place"] for row in entries} for (measure, _), (_, entries) in lists.items()
                  if LIST_MEASURES[measure] == "city"]
    named_by = {place: sum(place in names for names in city_lists) for names in city_lists for place in names}
    city_groups = {place for place, lists_naming in named_by.items() if 2 * lists_naming > len(city_lists)}
    for (measure, org_type), (line, entries) in lists.items():
        area_type = LIST_MEASURES[measure]
        expected = aliases.codes["region"] if area_type == "region" else city_groups
        names = {row["place"] for row in entries}
        missing, extra = sorted(expected - names), sorted(names - expected)
        if missing or extra:
            whose = ("every region of data/reference/regions.csv" if area_type == "region" else
                     "the large-city groups the note's other large-city lists name")
            found = f"{len(entries)} entries"
            if missing:
                found += "; missing " + ", ".join(printed.get(code, code) for code in missing)
            if extra:
                found += "; named by no other list " + ", ".join(printed.get(code, code) for code in extra)
            raise doc.error(line, f"{len(expected)} entries in the {org_type} list of {measure} ({whose})", found)


def extract_security_lists(doc: Document, aliases: AliasTable) -> pl.DataFrame:
    """All coverage lists of one note, one row per entry, values exactly as printed.

    `place` is a region code for region lists and a city-group slug for large-city lists. Raises
    SourceFormatError naming the file and line: a note not in the language it declares (Kazakh or
    Russian, `check_language`) at its first list line, a
    period that is not the declared one at its line, a damaged list at its line; UnknownPlaces
    with every unknown place name of the note.
    """
    words = check_language(doc)
    period, _ = note_period(doc, words)
    measure: str | None = None
    area_type = "region"
    lists: dict[tuple[str, str], tuple[int, list[dict]]] = {}
    unknown: list[SourceFormatError] = []
    number = 1
    while number <= len(doc.lines):
        folded = fold(doc.line(number))
        found_header = next(((org, match) for org, pattern in words.headers if (match := pattern.search(folded))), None)
        header = found_header[0] if found_header else None
        if header is None:
            if LIST_MARK.search(folded):
                raise doc.error(number, f"an organisation-type heading ({words.heading_example}) before this list",
                                doc.line(number))
            intro = next((m for m, pattern in words.measures if pattern.search(folded)), None)
            if intro is not None and re.search(r"\d", folded):
                measure = intro
                if words.large_cities.search(folded):
                    area_type = "city"
            number += 1
            continue
        if measure is None:
            raise doc.error(number, "a measure's national total before its first list", doc.line(number))
        if (measure, header) in lists:
            raise doc.error(number, f"one {header} list for {measure}; another is at line {lists[(measure, header)][0]}")
        before = folded[:found_header[1].start()]
        if LIST_MARK.search(before) or re.search(r"\)\s*–\s*\d+(?:[,.]\d+)?\s*%", before):
            raise doc.error(number, f"one list on a line; the heading of another list ({words.heading_example}) "
                                    "is inside a list's line, after its entries (a list begins on its heading's "
                                    "line or on the next)", doc.line(number)[found_header[1].start():found_header[1].end()])
        # The list starts after its heading, on the heading's own line when the entries follow it there
        # ("Анықтама: мектепке дейінгі білім беру ұйымдары: Астана қ. (96 балабақша) – 100%; ...").
        list_line, start = number, found_header[1].end()
        if not re.search(r"\(", folded[start:]):
            list_line, start = _next_text_line(doc, number), 0
        numbers = list_lines(doc, list_line, words)
        entries = parse_list(doc, numbers, ListContext(measure, area_type, header, period), aliases, unknown, words,
                             start)
        lists[(measure, header)] = (list_line, entries)
        number = numbers[-1] + 1
    if unknown:
        raise UnknownPlaces(unknown)
    missing = [(m, o) for m in MEASURES for o in LIST_ORG_TYPES if (m, o) not in lists]
    if missing:
        names = ", ".join(f"{m}/{o}" for m, o in missing)
        raise doc.error(len(doc.lines), f"{len(MEASURES) * len(LIST_ORG_TYPES)} lists ({len(MEASURES)} measures × "
                        f"{len(LIST_ORG_TYPES)} organisation types); missing {names}", "the end of the document")
    _check_places(doc, lists, aliases)
    return pl.DataFrame([row for _, entries in lists.values() for row in entries])


def extract_all_security_lists(notes: list[Document], aliases: AliasTable) -> pl.DataFrame:
    """The lists of every note; the unknown place names of all notes are reported together."""
    frames: list[pl.DataFrame] = []
    errors: list[SourceFormatError] = []
    for doc in notes:
        try:
            frames.append(extract_security_lists(doc, aliases))
        except UnknownPlaces as error:
            errors.append(error)
    if errors:
        raise UnknownPlaces(errors)
    return pl.concat(frames)

