"""Scan built pages for the known wrong kinds of language, the way a careful editor reads them.

What a reader sees is the page's text (and its title, description, aria-label and title attributes),
without quoted document text: <q> (read only for raw Markdown marks, which a quotation must not show),
<code>, <pre>, a document's lines (.bd-source), text inside «…» quotation marks, and elements in another
language than the page (lang="ru" on a Kazakh page). Data
tables of the /data/ pages hold codes by design and are skipped by the machine-format checks.

Kinds (each finding is (kind, page, excerpt)):
- kk-ending: a number, a hyphen and a Kazakh ending that is not the one `kk_inflect` gives it, an
  ordinal ending (-ші/-шы, -інші/-ыншы, -нші/-ншы) that is not the one `kk_ordinal` gives it, or an
  abbreviation's ending that is not one `kk_attach` gives it as the abbreviation is read (CSV-сі, ЖБО-ға)
- ru-plural: a Russian number and counted noun of the terminology table that disagree (CLDR)
- en-plural: an English number and counted noun that disagree ("1 organisations")
- plural-hedge: "(s)", "(ов)" … instead of the right form
- iso-date, period-code: "2023-03-07", "2023-Q1", "2023-05" in running text
- period-words: a quarter in other words than the language's (period_label): "4-тоқсан", "1-ші тоқсан"
  for "IV тоқсан" in Kazakh, "4th quarter" for "Q4" in English
- code: a unit or measure code ("tenge_per_year", "cctv installed", a cell that reads "mbps") or a
  language code ("RU") shown as text
- markdown: raw Markdown emphasis ("**65%**")
- year-span: a span of years not written as `year_span` writes it ("2023 – 2029" for "2023–2029")
- nested-quote: a quotation mark doubled by quoting a quotation ("««Қазақстан…»»" for "«“Қазақстан…”»")
- double-stop: ".." after an abbreviation
- run-together: a year and a number written as one ("2024 535 000")
- avoid: a variant the terminology table says must not appear
- quote-marks: English text quoting in « » or in straight marks ("…", '…') instead of “…”
- inner-capital: a measure's label with its capital after a colon or a dash inside a sentence in Kazakh
  or Russian ("Регионы: Видеонаблюдение", "самая высокая доля (95,3 %) — Тревожные кнопки")
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from pipelines.language import grammar, kazakh
from pipelines.language.terms import default_terminology
from pipelines.vocabularies import FIGURE_UNITS, TARGET_UNITS
from sitegen.i18n import inner_label
from tests.conftest import read_published

LANG_PREFIX = {"ru": "ru/", "en": "en/"}
SKIP_TAGS = {"script", "style", "code", "pre", "kbd", "samp", "template"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
INLINE_TAGS = {"a", "abbr", "b", "bdi", "bdo", "cite", "data", "dfn", "em", "i", "mark", "s", "small", "span",
               "strong", "sub", "sup", "time", "u", "var", "label", "output"}
ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")
NUMBER = r"\d{1,3}(?:[ \u00a0]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"


@dataclass
class Segment:
    text: str
    in_data_table: bool = False
    quoted: bool = False  # a quotation of a document (<q>): read only for Markdown marks


@dataclass
class PageText:
    path: str
    lang: str
    segments: list[Segment] = field(default_factory=list)

    def texts(self, *, data_tables: bool = True) -> Iterator[str]:
        for segment in self.segments:
            if data_tables or not segment.in_data_table:
                yield segment.text


class _Reader(HTMLParser):
    def __init__(self, lang: str, data_page: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = lang
        self.data_page = data_page
        self.stack: list[tuple[str, bool, bool, bool]] = []  # tag, skipped, data table, quoted
        self.segments: list[Segment] = []
        self.buffer: list[str] = []

    def _skipped(self) -> bool:
        return any(entry[1] for entry in self.stack)

    def _in_table(self) -> bool:
        return any(entry[2] for entry in self.stack)

    def _quoted(self) -> bool:
        return any(entry[3] for entry in self.stack)

    def _flush(self) -> None:
        text = "".join(self.buffer).strip()
        if text:
            self.segments.append(Segment(text, self._in_table(), self._quoted()))
        self.buffer = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and values.get("name") == "description" and values.get("content"):
            self.segments.append(Segment(values["content"] or ""))
        if tag in VOID_TAGS:
            if tag == "br":
                self._flush()
            return
        if tag not in INLINE_TAGS or tag == "q":
            self._flush()
        classes = (values.get("class") or "").split()
        other_lang = values.get("lang") not in (None, self.lang) and tag not in ("html", "q")
        skipped = tag in SKIP_TAGS or other_lang or "bd-source" in classes
        table = tag == "table" and self.data_page
        if not self._skipped() and not skipped and not self._quoted():
            for name in ATTRIBUTES:
                if values.get(name):
                    self.segments.append(Segment(values[name] or "", self._in_table() or table))
        self.stack.append((tag, skipped, table, tag == "q"))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS:
            return
        if tag not in INLINE_TAGS or tag == "q":
            self._flush()
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data: str) -> None:
        if not self._skipped():
            self.buffer.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def page_lang(relative: str) -> str:
    for lang, prefix in LANG_PREFIX.items():
        if relative.startswith(prefix):
            return lang
    return "kk"


def read_page(path: Path, site_dir: Path) -> PageText:
    relative = path.relative_to(site_dir).as_posix()
    lang = page_lang(relative)
    bare = relative.removeprefix(LANG_PREFIX.get(lang, ""))
    reader = _Reader(lang, data_page=bare.startswith("data/"))
    # Word joiners (U+2060: "20-\u2060дан", "2023–\u20602029") only keep a line whole: read without them.
    reader.feed(path.read_text(encoding="utf-8").replace("\u2060", ""))
    reader.close()
    return PageText(relative, lang, reader.segments)


def site_pages(site_dir: Path) -> list[Path]:
    return sorted(p for p in site_dir.rglob("*.html") if p.name == "index.html")


def without_quotes(text: str) -> str:
    """The text with «…» quotations (document text quoted in a sentence) blanked out."""
    return re.sub(r"«[^«»]*»", "«»", text)


# --- Kazakh endings ----------------------------------------------------------------------------------

def _kk_endings() -> dict[str, tuple[str, bool]]:
    """Every ending the grammar can write after a number → (case, possessive)."""
    endings: dict[str, tuple[str, bool]] = {}
    probe_words = ["екі", "алты", "бір", "тоғыз", "он", "мың", "үш", "қырық", "сегіз", "елу", "жүз", "бес"]
    for word in probe_words:
        for case in kazakh.CASES:
            for possessive in (False, True):
                ending = kazakh.kk_suffix(word, case, possessive)
                if ending:
                    endings[ending] = (case, possessive)
    return endings


KK_ENDINGS = _kk_endings()
KK_PATTERN = re.compile(
    r"(?<![\w.,\u00a0])(−?(?:" + NUMBER + r"))((?:[ \u00a0]?%)?)-("
    + "|".join(sorted(map(re.escape, KK_ENDINGS), key=len, reverse=True)) + r")(?![\w-])"
)


def parse_number(text: str) -> tuple[str, int]:
    """'2 426' → ('2426', 0); '59,9' → ('59.9', 1)."""
    plain = text.replace("\u00a0", "").replace(" ", "").replace("−", "-").replace(",", ".")
    places = len(plain.split(".")[1]) if "." in plain else 0
    return plain, places


# An ending written on the digits without its hyphen ("49дың", "100%ға").
KK_GLUED = re.compile(r"(?<![\w.,])\d+%?(" + "|".join(sorted(map(re.escape, KK_ENDINGS), key=len, reverse=True))
                      + r")(?![\w-])")


def kk_ending_errors(text: str) -> list[str]:
    found = [f"{m.group(0)} (a hyphen before the ending)" for m in KK_GLUED.finditer(without_quotes(text))]
    for match in KK_PATTERN.finditer(without_quotes(text)):
        number, percent, ending = match.groups()
        case, possessive = KK_ENDINGS[ending]
        value, places = parse_number(number)
        expected = grammar.kk_inflect(float(value) if places else int(value), case, possessive, places,
                                      percent=bool(percent))
        written = match.group(0).replace(" ", "\u00a0")
        if expected.replace("\u2212", "−") != written:
            found.append(f"{match.group(0)} (expected {expected})")
    return found


# An abbreviation (two capitals or more, Cyrillic or Latin, or a unit's symbol with a slash), a hyphen
# and a Kazakh ending: ЖБО-ға, CSV-сі, Мбит/с-тен. Words joined by a hyphen (HR-ұстаз, IT-центры) are not
# endings and are left alone.
KK_ABBREVIATION = re.compile(r"(?<![\w/-])([A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі/]*[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]"
                             r"[A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі/]*)-([а-яёәғқңөұүһі]+)(?![\w-])")
KK_ALL_ENDINGS = {kazakh.kk_suffix(word, case, possessive) for word in
                  ["екі", "алты", "он", "мың", "үш", "қырық", "ЖБО", "ОАэм", *kazakh.LETTER_NAMES.values()]
                  for case in kazakh.CASES for possessive in (False, True)} - {""}


def kk_abbreviation_errors(text: str) -> list[str]:
    """An abbreviation's ending that is not one `kk_attach` gives it as the abbreviation is read
    ("CSV-і" for "CSV-сі": C is read "си"; "ЖБО-ге" for "ЖБО-ға")."""
    found = []
    for match in KK_ABBREVIATION.finditer(without_quotes(text)):
        word, ending = match.groups()
        if ending not in KK_ALL_ENDINGS or not kazakh.is_abbreviation(word):
            continue
        allowed = {kazakh.kk_attach(word, case, possessive) for case in kazakh.CASES for possessive in (False, True)}
        if match.group(0) not in allowed:
            right = kazakh.kk_attach(word, "nom", True)
            found.append(f"{match.group(0)} (not a form of {word} as it is read: {right}, "
                         f"{kazakh.kk_attach(word, 'dat')}, …)")
    return found


KK_ORDINAL = re.compile(r"(?<![\w.,\u00a0])(\d{1,3}(?:[ \u00a0]\d{3})+|\d+)-(ыншы|інші|ншы|нші|шы|ші)(?![\w-])")


def kk_ordinal_errors(text: str) -> list[str]:
    """Ordinals in digits whose ending is not the one of the number's last spoken word (6-ші for 6-шы)."""
    found = []
    for match in KK_ORDINAL.finditer(without_quotes(text)):
        number = match.group(1)
        value = int(re.sub(r"\D", "", number))
        if value < 1:
            found.append(f"{match.group(0)} (no ordinal of zero)")
            continue
        allowed = {grammar.kk_ordinal(value), grammar.kk_ordinal(value, full=True)}
        if match.group(0).replace(" ", "\u00a0") not in allowed:
            found.append(f"{match.group(0)} (expected {grammar.kk_ordinal(value)})")
    return found


# --- Russian and English counted nouns ---------------------------------------------------------------

def _counted_nouns(lang: str) -> dict[str, str]:
    """Every form of every counted noun of the terminology table → its key."""
    table = default_terminology()
    forms: dict[str, str] = {}
    for key in table.term_keys():
        value = table.entry(key)[lang]
        if lang == "ru" and isinstance(value, dict) and "sg" in value:
            for number in ("sg", "pl", "count"):
                for form in (value.get(number) or {}).values():
                    forms.setdefault(str(form).split()[0], key)
        if lang == "en" and isinstance(value, dict) and "one" in value and "other" in value:
            forms.setdefault(str(value["one"]).split()[0], key)
            forms.setdefault(str(value["other"]).split()[0], key)
    return forms


RU_NOUNS = _counted_nouns("ru")
EN_NOUNS = _counted_nouns("en")
# Which cases a Russian preposition (or a quantity word) before a number allows; none: nom or acc.
RU_GOVERNMENT: dict[str, tuple[str, ...]] = {
    "из": ("gen",), "от": ("gen",), "до": ("gen",), "у": ("gen",), "для": ("gen",), "без": ("gen",),
    "около": ("gen",), "более": ("gen",), "менее": ("gen",), "свыше": ("gen",), "нет": ("gen",),
    "с": ("gen", "ins"), "со": ("gen", "ins"), "по": ("dat", "acc"), "к": ("dat",), "в": ("loc", "acc"),
    "во": ("loc", "acc"), "на": ("loc", "acc"), "о": ("loc",), "об": ("loc",), "при": ("loc",),
    "за": ("acc", "ins"), "под": ("ins", "acc"), "над": ("ins",), "между": ("ins",), "перед": ("ins",),
}
# A noun followed by a number is a label ("документ 004"), not a counted noun; an English noun before
# "type(s)" is an attributive noun ("3 organisation types").
RU_PATTERN = re.compile(r"(?:(\w+)\s+)?(?<![\w.,\u00a0-])(" + NUMBER + r")\s+(" + "|".join(
    sorted(map(re.escape, RU_NOUNS), key=len, reverse=True)) + r")(?![\w])(?!\s+\d)")
EN_PATTERN = re.compile(r"(?<![\w.,-])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s+(" + "|".join(
    sorted(map(re.escape, EN_NOUNS), key=len, reverse=True)) + r")(?![\w])(?!\s+\d)(?!\s+types?\b)")


def adjective_cases(word: str) -> tuple[str, ...]:
    """The cases an adjective or participle before the number shows by its ending (с указанными 204
    колледжами: ins); none of these: nom or acc."""
    word = word.lower()
    if word.endswith(("ыми", "ими")):
        return ("ins",)
    if word.endswith(("ых", "их")):
        return ("gen", "loc", "acc")
    if word.endswith(("ым", "им")):
        return ("dat", "ins")
    return ("nom", "acc")


def ru_plural_errors(text: str) -> list[str]:
    found = []
    for match in RU_PATTERN.finditer(without_quotes(text)):
        before, number, noun = match.groups()
        value, places = parse_number(number)
        if places == 0 and 1900 <= int(value) <= 2100 and noun.startswith(("год", "г")):
            continue
        key = RU_NOUNS[noun]
        cases = RU_GOVERNMENT.get((before or "").lower()) or adjective_cases(before or "")
        table = default_terminology()
        allowed = set()
        for case in cases:
            form = table.term(key, "ru", n=float(value) if places else int(value), case=case)
            allowed.add(form.split()[0])
        if noun not in allowed:
            found.append(f"{match.group(0)} (expected {' or '.join(sorted(allowed))})")
    return found


def en_plural_errors(text: str) -> list[str]:
    found = []
    for match in EN_PATTERN.finditer(without_quotes(text)):
        number, noun = match.groups()
        key = EN_NOUNS[noun]
        plain = number.replace(",", "")
        value = float(plain) if "." in plain else int(plain)
        expected = default_terminology().term(key, "en", n=value).split()[0]
        if noun != expected:
            found.append(f"{match.group(0)} (expected {number} {expected})")
    return found


HEDGE = re.compile(r"\w\((?:s|es|ов|и|ы|ей|а|ий|ок|лар|лер|дар|дер|тар|тер)\)")


# --- Machine formats ---------------------------------------------------------------------------------

ISO_DATE = re.compile(r"(?<![\w-])\d{4}-\d{2}-\d{2}(?![\w-])")
PERIOD = re.compile(r"(?<![\w-])\d{4}-(?:Q[1-4]|(?:0[1-9]|1[0-2]))(?![\w-]|-\d)")
# A quarter numbered in digits: Kazakh writes it in Roman numerals (2023 жылғы І тоқсан), English "Q1 2023".
QUARTER_WORDS = {
    "kk": re.compile(r"(?<![\w.,])[1-4](?:-?(?:ші|шы|інші|ыншы|нші|ншы))?[- \u00a0]тоқсан", re.IGNORECASE),
    "en": re.compile(r"(?<![\w.,])(?:[1-4](?:st|nd|rd|th)|first|second|third|fourth) quarter\b", re.IGNORECASE),
}
SNAKE = re.compile(r"(?<![\w./-])[a-z]+(?:_[a-z0-9]+)+(?![\w./])")
MARKDOWN = re.compile(r"\*\*|__\w")
DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")
YEAR_SPAN_SPACED = re.compile(r"(?<![\w./-])(?:19|20)\d\d(?:[ \u00a0\u202f]+[-\u2013\u2014\u2212]\u2060?[ \u00a0\u202f]*"
                              r"|[-\u2013\u2014\u2212]\u2060?[ \u00a0\u202f]+)(?:19|20)\d\d(?![\w/-])")
NESTED_QUOTE = re.compile(r"««|»»|“{2}|”{2}")
RUN_TOGETHER = re.compile(r"(?<![\d,.])(?<!\d[ \u00a0])(?:19|20)\d\d[ \u00a0]\d{3}(?![\d])")
LANGUAGE_CODES = {"RU", "KK", "EN", "ru", "kk", "en"}
# Snake-case names readers meet on purpose: file and column names of the data package are shown as code.
ALLOWED_SNAKE = {"as_published"}


def _codes() -> tuple[set[str], set[str]]:
    """The measure codes of the published package and every unit code a field may hold."""
    measures = {row["measure"] for name in ("national_figures", "security_coverage", "progress")
                for row in read_published(name) if row["measure"]}
    return measures, {*FIGURE_UNITS, *TARGET_UNITS}


MEASURES, UNITS = _codes()
MEASURE_PHRASES = re.compile(r"(?<![\w])(" + "|".join(
    re.escape(m.replace("_", " ")) for m in sorted(MEASURES, key=len, reverse=True) if "_" in m) + r")(?![\w])")


def machine_format_errors(text: str, lang: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    plain = without_quotes(text)
    found += [("iso-date", m.group(0)) for m in ISO_DATE.finditer(plain)]
    found += [("period-code", m.group(0)) for m in PERIOD.finditer(plain)]
    if lang in QUARTER_WORDS:
        found += [("period-words", m.group(0)) for m in QUARTER_WORDS[lang].finditer(plain)]
    found += [("code", m.group(0)) for m in SNAKE.finditer(plain) if m.group(0) not in ALLOWED_SNAKE]
    stripped = plain.strip()
    if lang != "en":
        found += [("code", m.group(0)) for m in MEASURE_PHRASES.finditer(plain)]
    elif MEASURE_PHRASES.fullmatch(stripped):
        found.append(("code", stripped))
    if stripped in LANGUAGE_CODES or (stripped in UNITS and grammar.unit_label(stripped, lang) != stripped):
        found.append(("code", stripped))
    found += [("run-together", m.group(0)) for m in RUN_TOGETHER.finditer(plain)]
    found += [("year-span", m.group(0)) for m in YEAR_SPAN_SPACED.finditer(plain)
              if int(m.group(0)[-4:]) > int(m.group(0)[:4])]
    found += [("nested-quote", text[max(0, m.start() - 20):m.end() + 20]) for m in NESTED_QUOTE.finditer(text)]
    return found


# English running text quotes in “ ” (and ‘ ’ inside), as grammar.quoted writes: not in the Kazakh and
# Russian « », nor in straight marks ("…", or '…' opening before a word; an apostrophe inside or after a
# word, documents' or action's, is no quotation mark).
EN_FOREIGN_QUOTE = re.compile(r"[«»\"]|(?<![\w’])'(?=[\w“])")


def quote_mark_errors(text: str, lang: str) -> list[str]:
    if lang != "en":
        return []
    return [text[max(0, m.start() - 30):m.end() + 30] for m in EN_FOREIGN_QUOTE.finditer(text)]


def _capital_labels(lang: str) -> re.Pattern[str] | None:
    """A measure's label written with its capital after a colon or inside a sentence after a dash, in a
    language that writes it small there (sitegen.i18n.inner_label): "Регионы: Видеонаблюдение" for
    "Регионы: видеонаблюдение", "самая высокая доля (95,3 %) — Тревожные кнопки" for "— тревожные кнопки"."""
    table = default_terminology()
    labels = [table.term(f"measure.{m}", lang) for m in sorted(MEASURES)]
    capital = [label for label in labels if inner_label(label, lang) != label]
    return (re.compile(r"(?::|(?<=[\w)%]) [—–]) (" + "|".join(map(re.escape, capital)) + r")(?![\w-])")
            if capital else None)


CAPITAL_LABELS = {lang: _capital_labels(lang) for lang in ("kk", "ru")}


def capital_after_colon_errors(text: str, lang: str) -> list[str]:
    pattern = CAPITAL_LABELS.get(lang)
    return [m.group(0) for m in pattern.finditer(without_quotes(text))] if pattern else []


def avoid_errors(text: str, lang: str) -> list[str]:
    return [f"{variant} ({key})" for key, variant in default_terminology().avoided_in(text, lang)]


# --- All kinds ---------------------------------------------------------------------------------------

def scan_text(text: str, lang: str, *, data_table: bool = False) -> list[tuple[str, str]]:
    """Findings (kind, excerpt) in one piece of reader-facing text of a page in `lang`."""
    found: list[tuple[str, str]] = []
    if lang == "kk":
        found += [("kk-ending", e) for e in kk_ending_errors(text)]
        found += [("kk-ending", e) for e in kk_ordinal_errors(text)]
        found += [("kk-ending", e) for e in kk_abbreviation_errors(text)]
    if lang == "ru":
        found += [("ru-plural", e) for e in ru_plural_errors(text)]
    if lang == "en":
        found += [("en-plural", e) for e in en_plural_errors(text)]
    found += [("plural-hedge", m.group(0)) for m in HEDGE.finditer(without_quotes(text))]
    found += [("double-stop", text[max(0, m.start() - 20):m.end()]) for m in DOUBLE_STOP.finditer(text)]
    if data_table:  # rows of the data as they are: codes and quoted text by design
        return found
    found += machine_format_errors(text, lang)
    found += [("markdown", m.group(0)) for m in MARKDOWN.finditer(text)]
    found += [("quote-marks", e) for e in quote_mark_errors(text, lang)]
    found += [("inner-capital", e) for e in capital_after_colon_errors(text, lang)]
    found += [("avoid", e) for e in avoid_errors(without_quotes(text), lang)]
    return found


def scan_page(page: PageText) -> list[tuple[str, str, str]]:
    found = []
    for segment in page.segments:
        if segment.quoted:
            found += [("markdown", page.path, segment.text[:60]) for _ in MARKDOWN.finditer(segment.text)][:1]
            continue
        found += [(kind, page.path, excerpt)
                  for kind, excerpt in scan_text(segment.text, page.lang, data_table=segment.in_data_table)]
    return found


# --- The charts' downloads: image (SVG), data (CSV for programs, CSV for spreadsheets, XLSX) ----------

DOWNLOAD_SUFFIXES = (".svg", ".csv", ".xlsx")
def _code_columns() -> frozenset[str]:
    """The columns of codes a chart's rows may hold, as the generator names them (each given in words in
    the column beside it, `figures.code_labels`), the ids it joins on, and a period's first and last day
    (ISO dates): data for programs, in every language."""
    from sitegen.figures import code_labels

    class NoPage:  # what code_labels asks of a page, for its column names alone
        data = type("NoData", (), {"optional": staticmethod(lambda name: [])})()

        def __getattr__(self, name: str) -> object:
            return str

    return frozenset({*code_labels(NoPage()), "body_id", "period_start", "period_end"})  # type: ignore[arg-type]


CODE_COLUMNS = _code_columns()
_SVG_TEXT = re.compile(r">([^<>]+)<")
_SVG_WORDS_ATTRIBUTE = re.compile(r'\s(?:aria-label|aria-roledescription|aria-description|title|alt)="([^"]*)"')
_FORMULA = re.compile(r'^="(.*)"$')


def download_paths(site_dir: Path) -> list[Path]:
    """Every chart's files in every language (`<lang>/charts/<chart>.svg|csv|spreadsheet.csv|xlsx`)."""
    folders = [site_dir / "charts", *(site_dir / prefix / "charts" for prefix in LANG_PREFIX.values())]
    return sorted(p for folder in folders if folder.is_dir() for p in folder.iterdir()
                  if p.suffix in DOWNLOAD_SUFFIXES)


def _cells(path: Path) -> Iterator[tuple[str, str]]:
    """(column name, text) of every text cell of a chart's CSV or XLSX, and each sheet's other texts
    (the title, source and licence the workbook carries) with the column name ''."""
    import csv
    import io

    if path.suffix == ".xlsx":
        import openpyxl

        for sheet in openpyxl.load_workbook(path, read_only=True).worksheets:
            rows = list(sheet.iter_rows(values_only=True))
            header = [str(h or "") for h in rows[0]] if rows and len(rows[0]) > 1 else []
            for row in rows[1 if header else 0:]:
                for index, value in enumerate(row):
                    if isinstance(value, str):
                        yield (header[index] if index < len(header) else ""), value
        return
    text = path.read_text(encoding="utf-8-sig")
    # The spreadsheet CSV takes the separator of its readers' setting (";" beside a decimal comma).
    delimiter = ";" if '";"' in text.split("\n", 1)[0] else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    for row in rows[1:]:
        for name, value in zip(rows[0], row, strict=False):
            formula = _FORMULA.match(value)
            yield name, formula.group(1).replace('""', '"') if formula else value


def read_download(path: Path, site_dir: Path) -> PageText:
    """A chart's file as the reader meets it in a program: the SVG's texts and the words its markup gives
    assistive technology (aria-label, title …); a CSV's or workbook's cells of words. Columns of codes
    (CODE_COLUMNS) are data for programs and are left out, as the column names are (the package's own)."""
    import html

    relative = path.relative_to(site_dir).as_posix()
    text = PageText(relative, page_lang(relative))
    if path.suffix == ".svg":
        source = path.read_text(encoding="utf-8")
        for match in (*_SVG_TEXT.finditer(source), *_SVG_WORDS_ATTRIBUTE.finditer(source)):
            value = html.unescape(match.group(1)).strip()
            if value:
                text.segments.append(Segment(value))
        return text
    for name, value in _cells(path):
        value = value.strip()
        if value and name not in CODE_COLUMNS and re.search(r"[^\W\d_]", value):
            text.segments.append(Segment(value))
    return text
