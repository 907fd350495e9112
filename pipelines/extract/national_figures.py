"""The statement engine: national and summary figures of prose documents, as their declarations say.

What each document states is declared beside it (`data/sources/<id>.spec.yml`, or `<format>.spec.yml`
for the quarterly notes; the language is in `pipelines/extract/statement_spec.py`): sections that open
at a line found by a regex and run to the next section's opening, statements that are regexes on the
folded line (never a line number), and one figure per number a statement captures. So a list item such
as "- **51%** детских садов (1367 из 2657)" is read with the heading that gives it its meaning, and a
date stated once ("по состоянию на 1 марта т.г.", "2023 жылғы 1 тоқсандағы жағдай бойынша") sets the
period of what follows.

Every statement must match exactly as often as declared. When a document changes, the engine raises
SourceFormatError naming the document, its closest line and what it expected, with the declaration's
file and line, rather than publishing a partial table.

Output: one row per figure, the columns of COLUMNS (`value` a float in the figure's `unit`, `period`
and `base_period` codes such as 2023, 2023-Q1, 2023-03, 2023-03-01, `denominator` the total a count or
percent is a share of when the text gives one), ids "<NNN>-L<line>-<n>" numbered in order of
appearance on their line.

Which numbers are figures. Every printed number on the project's topics is one row, including
repeated ones (the 700-person threshold, "25 ірі қалада" twice) and hedged ones ("более 6 тыс."), in
their own units. Not rows: dates and numbers of legal acts, category labels ("объектов 2 категории",
"1 және 2 топтағы"), and speeds that only name a band already carried by the measure name
("4 Мбит/с и выше" in `school_internet_4mbps_plus`). Topics outside the project (digital textbooks,
online platforms, devices, COVID cases, teacher training, gender equality) are not read.

Denominators. A count or percent gets a denominator when the text gives the total it is a share of:
"из N", "от N", "жалпы санының" (of the total), or a total whose breakdown the figure's breakdown
repeats after "Из них" / "оның ішінде". Breakdowns of a total by kind or ownership (the "(2 654
балабақша, 6 935 мектеп ...)" after a total, "оның 6 803-і мемлекеттік") are parts, not shares, and
get none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from string import Formatter

import polars as pl

from pipelines.errors import SourceFormatError, UnknownPlaces
from pipelines.extract.formats import STATEMENTS, documents_read_by
from pipelines.extract.statement_spec import DocumentSpec, Figure, Group, N, statement_spec
from pipelines.language.grammar import period_label
from pipelines.language.terms import term
from pipelines.normalise.numbers import parse_scaled
from pipelines.normalise.periods import KK_MONTHS, RU_MONTHS_GENITIVE, note_date, read_note_period
from pipelines.normalise.text import fold
from pipelines.reference import AliasTable
from pipelines.sources import Document
from pipelines.vocabularies import PERIOD_PATTERN

COLUMNS: dict[str, type[pl.DataType]] = {
    "figure_id": pl.String,
    "measure": pl.String,
    "org_type": pl.String,
    "scope": pl.String,
    "city_group": pl.String,
    "locality": pl.String,
    "period": pl.String,
    "base_period": pl.String,
    "value": pl.Float64,
    "value_as_published": pl.String,
    "unit": pl.String,
    "qualifier": pl.String,
    "denominator": pl.Float64,
    "statement_en": pl.String,
    "statement_kk": pl.String,
    "statement_ru": pl.String,
    "source_id": pl.String,
    "source_line": pl.Int64,
    "source_text": pl.String,
}
PERIOD = re.compile(PERIOD_PATTERN)

# Hedging words as the documents print them, folded and case-folded.
QUALIFIER_WORDS = {
    "более": "more_than", "свыше": "more_than", "аса": "more_than", "астам": "more_than",
    "порядка": "about", "около": "about", "практически": "about",
    "менее": "less_than",
}
ORG_WORDS = {
    "балабақша": "kindergarten", "детских садов": "kindergarten", "дет.сады": "kindergarten",
    "мектеп": "school", "школы": "school",
    "колледж": "college", "колледжей": "college", "колледжи": "college",
    "вузов": "university", "вузы": "university",
    "иные": "other",
}
# How statements name an organisation kind in English ("{org_en}" in a template).
ORG_EN = {
    "kindergarten": "kindergartens", "school": "schools", "college": "colleges", "university": "universities",
    "other": "other education organisations", "all": "education organisations",
}
# Figures printed as words rather than digits.
WORD_VALUES = {"ни одна": Decimal(0)}
# Month names as dates print them: Russian genitive, Kazakh nominative.
MONTHS = {name: f"{number:02d}" for name, number in (RU_MONTHS_GENITIVE | KK_MONTHS).items()}

# Where a statement no longer matches, a number or year split by a space still matches a looser
# version of the statement, which finds the damaged line to name.
LOOSE_NUMBERS = ((N, r"\d[\d\s,.]*"), (r"\d{4}", r"\d[\d\s]{3,}"), (r"\d{1,2}", r"\d[\d\s]*"))


def _loose(pattern: str) -> str:
    for strict, loose in LOOSE_NUMBERS:
        pattern = pattern.replace(strict, loose)
    return pattern


# --------------------------------------------------------------------------------------------------
# Filling in the templates


def _template_values(doc: Document, line: int, groups: dict[str, str]) -> dict[str, str]:
    """Captured text as template values: month names become numbers, days are zero-padded, a note's
    statement of its quarter becomes the quarter."""
    values: dict[str, str] = {}
    for name, raw in groups.items():
        text = fold(raw)
        if name == "month":
            if text.casefold() not in MONTHS:
                raise doc.error(line, f"a month name among {sorted(MONTHS)}", raw)
            values[name] = MONTHS[text.casefold()]
        elif name == "day":
            values[name] = text.zfill(2)
        elif name == "note_period":
            try:
                values[name] = read_note_period(text, *note_date(str(doc.meta.get("date", ""))))
            except ValueError as error:
                raise doc.error(line, str(error), raw) from None
        else:
            values[name] = text
    return values


def _captured(match: re.Match[str], original: str) -> dict[str, str]:
    """Each group that took part in the match, cut from the original line (spans are the same)."""
    return {name: original[match.start(name):match.end(name)]
            for name, text in match.groupdict().items() if text is not None}


class _Wording(Formatter):
    """str.format for the Kazakh and Russian statements: organisation kinds and periods by rule."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: object, format_spec: str) -> str:
        head, _, case = format_spec.partition(".")
        if not format_spec:
            return str(value)
        if head == "pl":
            return term(str(value), self.lang, case=case or "nom", form="plural")
        if head == "period":
            return period_label(str(value), self.lang, case or "nom")
        raise ValueError(f"unknown statement placeholder format {format_spec!r}")


def render_statement(template: str, lang: str, values: dict[str, str]) -> str:
    """A Kazakh or Russian statement template filled in (see statement_spec), its first letter a capital.

    render_statement("{y0:period.loc} бейнебақылауы бар {org:pl}", "kk", {"y0": "2020", "org": "school"})
    == "2020 жылы бейнебақылауы бар мектептер". Raises ValueError for an unknown placeholder format and
    UnknownTerm for a kind of organisation the terminology table lacks.
    """
    text = _Wording(lang).vformat(template, (), values)
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------------------------------
# Finding the statements


def _parse_value(doc: Document, line: int, text: str, what: str) -> Decimal:
    words = fold(text).strip().casefold()
    if words in WORD_VALUES:
        return WORD_VALUES[words]
    try:
        return parse_scaled(text)
    except ValueError:
        raise doc.error(line, f"a number for {what}", text) from None


def _best_line(folded: list[str], first: int, last: int, pattern: str, skip: frozenset[int] = frozenset()) -> int:
    """Where a maintainer should look: the line of [first, last] sharing most words with the pattern.

    Lines the pattern did match are skipped; on a tie the shorter line wins, as statements that
    continue a sentence ("Мангистауской – по **154**.") are short.
    """
    words = set(re.findall(r"[^\W\d_]{4,}", re.sub(r"\(\?P<\w+>", "(", pattern).casefold()))
    words = {w for w in words if re.search(r"[\u0400-\u04ff]", w)}
    candidates = [n for n in range(first, last + 1) if n not in skip] or [first]

    def score(number: int) -> tuple[int, int]:
        text = folded[number - 1].casefold()
        return sum(1 for word in words if word in text), -len(text.split())

    return max(candidates, key=score)


def _finditer(pattern: str, folded: list[str], first: int, last: int) -> Iterator[tuple[int, re.Match[str]]]:
    compiled = re.compile(pattern)
    for number in range(first, last + 1):
        for match in compiled.finditer(folded[number - 1]):
            yield number, match


def _split_over_lines(pattern: str, folded: list[str], first: int, last: int) -> int | None:
    """The first line of [first, last) whose statement `pattern` matches only with the next line run on to
    it (a paragraph a converter broke in two), or None."""
    compiled = re.compile(pattern)
    for number in range(first, last):
        joined = folded[number - 1].rstrip() + " " + folded[number].lstrip()
        boundary = len(folded[number - 1].rstrip())
        if any(match.start() < boundary < match.end() for match in compiled.finditer(joined)):
            return number
    return None


def _document_values(doc: Document) -> dict[str, str]:
    """`{year}` and `{date}`: "т.г." and "ағымдағы жыл" mean the year of the document's date."""
    date = str(doc.meta.get("date", ""))
    if not re.match(r"^\d{4}", date):
        raise doc.error(None, "a metadata date starting with the year", date)
    return {"year": date[:4], "date": date}


def _last_line(doc: Document, folded: list[str], spec: DocumentSpec) -> int:
    if not spec.end:
        return len(folded)
    ends = [number for number, _ in _finditer(spec.end, folded, 1, len(folded))]
    if not ends:
        raise doc.error(len(folded), f"the heading that ends the part this parser reads (/{spec.end}/)"
                        f"{spec.where(spec.end_line)}", "the end of the document")
    return ends[0] - 1


def _section_bounds(doc: Document, folded: list[str], spec: DocumentSpec, last: int) -> list[tuple[int, int]]:
    starts: list[int] = []
    for section in spec.sections:
        matches = list(_finditer(section.opening, folded, 1, last))
        found = [number for number, _ in matches]
        # The same statement made again (a note's title and its text naming one quarter, "2023 жылғы III
        # тоқсан" and "2023 жылғы 1 қазандағы жағдай бойынша"): one opening, the first.
        if len({tuple(sorted(_template_values(doc, number, _captured(match, doc.lines[number - 1])).items()))
                for number, match in matches}) == 1:
            found = found[:1]
        if len(found) != 1:
            where = found[1] if found else _best_line(folded, starts[-1] if starts else 1, last, section.opening)
            # Two openings that read differently (a note naming a second quarter, as when it restates an
            # earlier one's figure):
            # each is quoted with its line, which the line's first words would not show.
            shown = "; ".join(f"line {n}: {m.group(0)!r}" for n, m in matches) if found else doc.lines[where - 1]
            raise doc.error(where, f"exactly one line opening a section, matching /{section.declared or section.opening}/"
                                   f"{spec.where(section.line)}, before line {last + 1} (found {len(found)})",
                            shown)
        if starts and found[0] <= starts[-1]:
            raise doc.error(found[0], f"the section /{section.declared or section.opening}/{spec.where(section.line)} after line "
                                      f"{starts[-1]}", doc.lines[found[0] - 1])
        starts.append(found[0])
    return [(start, (starts[i + 1] - 1) if i + 1 < len(starts) else last) for i, start in enumerate(starts)]


# --------------------------------------------------------------------------------------------------
# One figure


def _group_text(doc: Document, line: int, group: Group, captured: dict[str, str]) -> str:
    if group.name not in captured:
        raise doc.error(line, f"the words for {group.name}", doc.lines[line - 1])
    return captured[group.name]


def _org_type(doc: Document, line: int, field: str | Group, captured: dict[str, str]) -> str:
    if isinstance(field, str):
        return field
    text = _group_text(doc, line, field, captured)
    org = ORG_WORDS.get(fold(text).replace("*", "").strip().casefold())
    if org is None:
        raise doc.error(line, f"an organisation kind among {sorted(ORG_WORDS)}", text)
    return org


def _qualifier(doc: Document, line: int, field: str | Group, captured: dict[str, str]) -> str:
    if isinstance(field, str):
        return field
    if field.name not in captured:
        return ""  # an optional hedge that is not printed
    text = captured[field.name]
    qualifier = QUALIFIER_WORDS.get(fold(text).strip().casefold())
    if qualifier is None:
        raise doc.error(line, f"a hedging word among {sorted(QUALIFIER_WORDS)}", text)
    return qualifier


def _place(doc: Document, line: int, field: str | Group, captured: dict[str, str], kind: str,
           aliases: AliasTable, unknown: list[SourceFormatError] | None) -> str:
    """The code of a place the statement names. An unknown name is added to `unknown` (every one of
    the run is reported together), or raised at once when no list is given."""
    if isinstance(field, str):
        return field
    text = _group_text(doc, line, field, captured)
    code = aliases.resolve(text, kind)
    if code is None:
        error = doc.error(line, f"a {kind.replace('_', ' ')} name known to data/reference/name_aliases.csv", text)
        if unknown is None:
            raise error
        unknown.append(error)
        return ""
    return code


def _figure_row(doc: Document, line: int, match: re.Match[str], figure: Figure, section_values: dict[str, str],
                opened: dict[str, str], aliases: AliasTable,
                unknown: list[SourceFormatError] | None = None) -> tuple[tuple[int, int], dict]:
    """One output row (without its id) and the key that orders it on its line."""
    original = doc.lines[line - 1]
    captured = _captured(match, original)
    if figure.value not in captured:
        raise doc.error(line, f"a number for {figure.measure}", original)
    published = captured[figure.value]
    value = _parse_value(doc, line, published, figure.measure)
    denominator: float | None = None
    if figure.denominator:
        # The statement's own total first; else one captured by the opening line of its section.
        total = captured.get(figure.denominator, opened.get(figure.denominator))
        if total is None:
            raise doc.error(line, f"the total ({figure.denominator}) of {figure.measure}", original)
        denominator = float(_parse_value(doc, line, total, f"the total of {figure.measure}"))
    org_type = _org_type(doc, line, figure.org_type, captured)
    values = {**section_values, **_template_values(doc, line, captured), "org_en": ORG_EN[org_type],
              "org": org_type}
    period = figure.period.format_map(values)
    base_period = figure.base_period.format_map(values)
    for shown in (period, base_period):
        if shown and not PERIOD.match(shown):
            raise doc.error(line, "a period such as 2023, 2023-Q1, 2023-03 or 2023-03-01", shown)
    statement = figure.statement_en.format_map(values)
    wordings = {lang: render_statement(template, lang, values)
                for lang, template in (("kk", figure.statement_kk), ("ru", figure.statement_ru))}
    row = {
        "measure": figure.measure,
        "org_type": org_type,
        "scope": _place(doc, line, figure.scope, captured, "region", aliases, unknown),
        "city_group": _place(doc, line, figure.city_group, captured, "city_group", aliases, unknown),
        "locality": figure.locality,
        "period": period,
        "base_period": base_period,
        "value": float(value),
        "value_as_published": published,
        "unit": figure.unit,
        "qualifier": _qualifier(doc, line, figure.qualifier, captured),
        "denominator": denominator,
        "statement_en": statement[:1].upper() + statement[1:],
        "statement_kk": wordings["kk"],
        "statement_ru": wordings["ru"],
        "source_id": doc.source_id,
        "source_line": line,
        "source_text": captured[figure.text_group],
    }
    # Order of appearance: where the number is printed, then where its quote starts ("ни одна" is
    # one printed word for two regions).
    return (match.start(figure.value), match.start(figure.text_group)), row


# --------------------------------------------------------------------------------------------------
# A document, and every document


def extract_document(doc: Document, spec: DocumentSpec, aliases: AliasTable,
                     unknown: list[SourceFormatError] | None = None) -> list[dict]:
    """The figures `spec` declares in one document, as rows of the output frame (without the frame's
    order: see extract_national_figures).

    Place names the alias table does not know are added to `unknown` when it is given (the rows
    are then not to be used), else the first one raises SourceFormatError.
    """
    folded = [fold(line) for line in doc.lines]
    last = _last_line(doc, folded, spec)
    document_values = _document_values(doc)
    opened: dict[str, str] = {}  # groups of the section openings so far, as printed
    placed: list[tuple[int, tuple[int, int], dict, int]] = []
    for section, (first, stop) in zip(spec.sections, _section_bounds(doc, folded, spec, last), strict=True):
        opening = re.search(section.opening, folded[first - 1])
        assert opening is not None  # _section_bounds found it on this line
        # A date stated once ("2023 жылғы 1 тоқсандағы") stays in force for the sections after it.
        opened.update(_captured(opening, doc.lines[first - 1]))
        section_values = {**document_values, **_template_values(doc, first, opened)}
        section_values["period"] = section.period.format_map(section_values)
        for statement in section.statements:
            found = list(_finditer(statement.pattern, folded, first, stop))
            if len(found) != statement.matches:
                matched = frozenset(line for line, _ in found)
                loose = [line for line, _ in _finditer(_loose(statement.pattern), folded, first, stop)
                         if line not in matched]
                where = (found[statement.matches][0] if len(found) > statement.matches
                         else loose[0] if loose
                         else _best_line(folded, first, stop, statement.pattern, matched))
                head = statement.figures[0]
                split = _split_over_lines(statement.pattern, folded, first, stop)
                # The pattern itself is at the declaration's line (spec.where): the message says what was
                # expected in words, and where a line break cut it.
                raise doc.error(split or where,
                                f"{statement.matches} match(es) between lines {first} and {stop} of the "
                                f"statement of {head.measure} «{head.statement_en}»"
                                f"{spec.where(statement.line)} (found {len(found)})"
                                + (f"; it runs over lines {split} and {split + 1}, and a statement is read "
                                   "within one line: convert the document again with one paragraph a line, as "
                                   "CONTRIBUTING.md says" if split else ""),
                                doc.lines[(split or where) - 1])
            for line, match in found:
                for figure in statement.figures:
                    order, row = _figure_row(doc, line, match, figure, section_values, opened, aliases, unknown)
                    placed.append((line, order, row, figure.line))
    return _numbered(doc, spec, placed)


def _numbered(doc: Document, spec: DocumentSpec, placed: list[tuple[int, tuple[int, int], dict, int]]) -> list[dict]:
    """The rows in order of appearance, each with its id; two figures of one printed number are refused."""
    declared_at: dict[tuple[int, tuple[int, int]], int] = {}
    for line, order, _, figure_line in placed:
        if (line, order) in declared_at:
            raise doc.error(line, f"each printed number taken by one figure; the figures declared at lines "
                                  f"{declared_at[line, order]} and {figure_line} of {spec.path or 'the declaration'} "
                                  "both take one", doc.lines[line - 1])
        declared_at[line, order] = figure_line
    rows = []
    counters: dict[int, int] = {}
    for line, _, row, _ in sorted(placed, key=lambda item: (item[0], item[1])):
        counters[line] = counters.get(line, 0) + 1
        rows.append({"figure_id": f"{doc.source_id[:3]}-L{line:03d}-{counters[line]}", **row})
    return rows


def extract_national_figures(documents: dict[str, Document], aliases: AliasTable) -> pl.DataFrame:
    """Every figure the declarations of the documents state, for each document whose format the
    statement engine reads (see pipelines/extract/formats.py), one row each, sorted by source id, line
    and id. Raises SourceFormatError for a declaration that does not read, or a document that does not
    match its declaration; UnknownPlaces with every place name of the run the alias table does not
    know, each with its file and line."""
    rows: list[dict] = []
    unknown: list[SourceFormatError] = []
    for doc in documents_read_by(documents, STATEMENTS):
        rows.extend(extract_document(doc, statement_spec(doc.declared()), aliases, unknown))
    if unknown:
        raise UnknownPlaces(unknown)
    return pl.DataFrame(rows, schema=COLUMNS).sort("source_id", "source_line", "figure_id")
