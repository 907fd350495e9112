"""Documents are declarations, not code: a new briefing in a known format is read from its declaration
beside it, and whatever a declaration gets wrong, or whatever in a document it does not match, stops at
a file and line — the declaration's, and the document's closest line."""

from __future__ import annotations

import contextlib
import hashlib
import io
import shutil
from pathlib import Path

import polars as pl
import pytest

from pipelines.declarations import declaration_path, read_declaration
from pipelines.errors import SourceFormatError
from pipelines.extract.formats import READERS
from pipelines.extract.statement_spec import statement_spec
from pipelines.flow import build_frames
from pipelines.paths import ROOT
from pipelines.vocabularies import FORMATS

# An invented briefing (never published): Russian prose with a dated monitoring, a section on school
# safety and an off-topic part the declaration leaves out.
BRIEFING = """\
Справочная информация к заседанию Правительства от 16 апреля 2024 г.
О подключении школ к сети Интернет
По состоянию на **1 апреля т.г.** к сети Интернет подключены **7 105** государственных школ из 7 112.
Из них 812 сельских школ получают интернет через спутник.

О безопасности в школах
Тревожными кнопками оснащены 96% школ крупных городов, турникетами – 81%.

О закупке учебников
В 2024 году закуплено 3,1 млн учебников, к сети Интернет подключены 40 библиотек.
"""

METADATA = """\
title: "Справочная информация к заседанию Правительства от 16 апреля 2024 г."
title_kk: "Үкімет отырысына арналған 2024 жылғы 16 сәуірдегі анықтама"
title_en: "Briefing for the Government meeting of 16 April 2024"
description_en: "An invented briefing: school internet and safety."
description_kk: "Ойдан құрастырылған анықтама: мектептердің интернеті және қауіпсіздігі."
description_ru: "Вымышленная справка: интернет и безопасность в школах."
issuer: "Ministry of Education of the Republic of Kazakhstan"
issuer_kk: "Қазақстан Республикасы Оқу-ағарту министрлігі"
issuer_ru: "Министерство просвещения Республики Казахстан"
date: "2024-04-16"
language: ru
periods: ["2024-04-01", "2024-04-16"]
format: briefing
"""

DECLARATION = """\
# What the invented briefing states.
end: '^О закупке учебников'
fragments:
  B: '\\**'
sections:
  - opening: 'По состоянию на {B}(?P<day>\\d{1,2}) (?P<month>[а-я]+) т\\.г\\.{B}'
    period: '{year}-{month}-{day}'
    statements:
      - pattern: '(?P<t_v>к сети Интернет подключены {B}(?P<v>{N}){B} государственных школ из (?P<total>{N}))'
        figures:
          - value: v
            measure: school_internet_connected
            org_type: school
            denominator: total
            statement:
              en: State schools connected to the internet
              kk: интернетке қосылған мемлекеттік мектептер
              ru: Государственные школы, подключённые к интернету
      - pattern: '(?P<t_v>(?P<v>{N}) сельских школ) получают интернет через спутник'
        figures:
          - value: v
            measure: school_internet_satellite
            org_type: school
            locality: rural
            statement:
              en: Rural schools with internet by satellite
              kk: интернетке спутник арқылы қосылған ауыл мектептері
              ru: Сельские школы с интернетом через спутник
  - opening: '^О безопасности в школах$'
    period: '{date}'
    statements:
      - pattern: '(?P<t_alarm>Тревожными кнопками оснащены (?P<alarm>{N})% школ крупных городов), (?P<t_turnstile>турникетами – (?P<turnstile>{N})%)'
        figures:
          - value: alarm
            measure: alarm_button
            unit: percent
            org_type: school
            scope: large_cities
            statement:
              en: Share of schools in large cities with alarm buttons
              kk: ірі қалалардағы дабыл түймелері бар {org:pl.gen} үлесі
              ru: Доля {org:pl.gen} в крупных городах с тревожными кнопками
          - value: turnstile
            measure: turnstile
            unit: percent
            org_type: school
            scope: large_cities
            statement:
              en: Share of schools in large cities with turnstiles
              kk: ірі қалалардағы турникеттері бар мектептердің үлесі
              ru: Доля школ в крупных городах с турникетами
"""


def briefing_id(text: str = BRIEFING) -> str:
    return f"905_{hashlib.sha256(text.encode()).hexdigest()[:16]}"


def repository(base: Path, text: str = BRIEFING, declaration: str = DECLARATION) -> tuple[Path, str]:
    """A copy of data/ with the invented briefing, its metadata and its declaration added: no code."""
    root = base / "repo"
    shutil.copytree(ROOT / "data", root / "data")
    source_id = briefing_id(text)
    sources = root / "data" / "sources"
    (sources / f"{source_id}.txt").write_text(text, encoding="utf-8")
    (sources / f"{source_id}.yml").write_text(METADATA, encoding="utf-8")
    (sources / f"{source_id}.spec.yml").write_text(declaration, encoding="utf-8")
    return root, source_id


def build(root: Path) -> dict[str, pl.DataFrame]:
    with contextlib.redirect_stdout(io.StringIO()):
        return build_frames(root / "data/sources", root / "data/reference", root / "data/corrections.yml", root)


# --- A new briefing is a new declaration --------------------------------------------------------------


def test_a_new_briefing_is_read_from_its_declaration(tmp_path):
    root, source_id = repository(tmp_path)
    frames = build(root)
    rows = frames["national_figures"].filter(pl.col("source_id") == source_id).select(
        "figure_id", "measure", "org_type", "scope", "locality", "period", "value", "value_as_published", "unit",
        "denominator", "statement_en", "statement_kk", "statement_ru", "source_line", "source_text").rows()
    assert rows == [
        ("905-L003-1", "school_internet_connected", "school", "national", "", "2024-04-01", 7105.0, "7 105",
         "count", 7112.0, "State schools connected to the internet", "Интернетке қосылған мемлекеттік мектептер",
         "Государственные школы, подключённые к интернету", 3,
         "к сети Интернет подключены **7 105** государственных школ из 7 112"),
        ("905-L004-1", "school_internet_satellite", "school", "national", "rural", "2024-04-01", 812.0, "812",
         "count", None, "Rural schools with internet by satellite", "Интернетке спутник арқылы қосылған ауыл "
         "мектептері", "Сельские школы с интернетом через спутник", 4, "812 сельских школ"),
        ("905-L007-1", "alarm_button", "school", "large_cities", "", "2024-04-16", 96.0, "96", "percent", None,
         "Share of schools in large cities with alarm buttons", "Ірі қалалардағы дабыл түймелері бар "
         "мектептердің үлесі", "Доля школ в крупных городах с тревожными кнопками", 7,
         "Тревожными кнопками оснащены 96% школ крупных городов"),
        ("905-L007-2", "turnstile", "school", "large_cities", "", "2024-04-16", 81.0, "81", "percent", None,
         "Share of schools in large cities with turnstiles", "Ірі қалалардағы турникеттері бар мектептердің үлесі",
         "Доля школ в крупных городах с турникетами", 7, "турникетами – 81%"),
    ]
    # The briefing is one of the sources, and its count is compared with the earlier briefing's.
    assert frames["sources"].filter(pl.col("source_id") == source_id)["format"].to_list() == ["briefing"]
    progress = frames["progress"].filter((pl.col("measure") == "school_internet_connected")
                                         & (pl.col("period_to") == "2024-04-01"))
    assert progress.height >= 1
    # The documents already there give the same rows as before.
    before = build(ROOT)["national_figures"]
    assert frames["national_figures"].filter(pl.col("source_id") != source_id).equals(before)


def test_a_briefing_its_declaration_does_not_match_stops_at_both(tmp_path):
    """The satellite sentence reworded: the stop names the document's line and the statement's line in the
    declaration."""
    text = BRIEFING.replace("получают интернет через спутник", "подключены по спутниковой связи")
    root, source_id = repository(tmp_path, text)
    with pytest.raises(SourceFormatError) as caught:
        build(root)
    message = str(caught.value)
    assert message.startswith(f"data/sources/{source_id}.txt:4: expected 1 match(es) between lines 3 and 5 of the "
                              "statement of school_internet_satellite «Rural schools with internet by satellite» "
                              f"(declared at data/sources/{source_id}.spec.yml:19) (found 0)"), message
    declared_line = DECLARATION.split("\n")[18]
    assert declared_line.startswith("      - pattern: '(?P<t_v>(?P<v>{N}) сельских школ)")


def test_a_briefing_without_the_heading_its_declaration_ends_at_stops(tmp_path):
    root, source_id = repository(tmp_path, BRIEFING.replace("О закупке учебников", "Об учебниках"))
    with pytest.raises(SourceFormatError, match=rf"^data/sources/{source_id}\.txt:\d+: expected the heading that "
                                                rf"ends the part this parser reads \(/\^О закупке учебников/\) "
                                                rf"\(declared at data/sources/{source_id}\.spec\.yml:2\)"):
        build(root)


def test_every_format_is_read_by_its_engines():
    """A format without engines would be accepted in metadata and read by nothing."""
    assert list(READERS) == list(FORMATS)
    assert all(READERS.values())


# --- Declarations that do not read stop at their line ------------------------------------------------------

SMALL = """\
sections:
  - opening: 'подключены к интернету'
    period: '{year}'
    statements:
      - pattern: '(?P<t_v>(?P<v>{N}) школ подключены)'
        figures:
          - value: v
            measure: school_internet_4mbps_plus
            statement: {en: Schools, kk: Мектептер, ru: Школы}
"""


@pytest.mark.parametrize(("old", "new", "line", "expected"), [
    ("    period: '{year}'", "    period: '{year}'\n    heading: x", 4, "a section with keys among opening, period"),
    ("{N}) школ", "{M}) школ", 5, "a fragment among N, NOTE_PERIOD"),
    ("(?P<t_v>(?P<v>", "(?P<t_v>(?P<v", 5, "pattern: a regular expression"),
    ("value: v", "value: w", 7, "value: a group of the statement's pattern"),
    ("measure: school_internet_4mbps_plus", "measure: school_internet_4mbps_plus\n            unit: pieces", 9,
     "unit: one of 'count', 'percent'"),
    ("kk: Мектептер, ", "", 9, "a statement in English, Kazakh and Russian (en, kk, ru) with kk"),
    ("en: Schools", "en: 'Schools in {y0}'", 9, "statement.en: placeholders among the groups"),
    ("      - pattern:", "      - use: growth\n        with: {}\n      - pattern:", 5, "a template among (none)"),
    ("    period: '{year}'", "    period: '{year}'\n    period: '{date}'", 4, "each key once in a mapping; found 'period'"),
    ("measure: school_internet_4mbps_plus", "measure: School internet", 8, "a measure in snake_case"),
    ("sections:\n", "sections: []\nunused:\n", 2, "a declaration of statements with keys among end, fragments"),
])
def test_a_declaration_that_does_not_read_stops_at_its_line(old, new, line, expected):
    text = SMALL.replace(old, new, 1)
    assert text != SMALL
    with pytest.raises(SourceFormatError) as caught:
        statement_spec(read_declaration(text, "data/sources/x.spec.yml"))
    assert str(caught.value).startswith(f"data/sources/x.spec.yml:{line}: expected {expected}"), str(caught.value)


@pytest.mark.parametrize(("text", "line", "expected"), [
    ("sections: []\n", 1, "sections: a non-empty list"),
    ("- sections\n", 1, "a mapping at the top level of the declaration"),
    ("sections:\n  - opening: [x\n", 3, "a YAML declaration"),
])
def test_a_declaration_that_is_not_one_stops_at_its_line(text, line, expected):
    with pytest.raises(SourceFormatError) as caught:
        statement_spec(read_declaration(text, "data/sources/x.spec.yml"))
    assert str(caught.value).startswith(f"data/sources/x.spec.yml:{line}: expected {expected}"), str(caught.value)


def test_templates_and_fragments_are_filled_in():
    text = """\
fragments:
  kinds: '\\((?P<${arg}kindergarten>{N}) балабақша\\)'
templates:
  counted:
    pattern: '${lead} {kinds:n_}'
    figures:
      - for_each_org: [kindergarten]
        value: 'n_{org}'
        text: 'n_{org}'
        measure: ${measure}
        statement: {en: '{org_en} ${what.en}', kk: '${what.kk} {org:pl}', ru: '{org:pl} ${what.ru}'}
sections:
  - opening: 'x'
    period: '{year}'
    statements:
      - use: counted
        with: {lead: барлығы, measure: organisations_total, what: {en: counted, kk: саналған, ru: подсчитанные}}
"""
    spec = statement_spec(read_declaration(text, "data/sources/x.spec.yml"))
    (statement,) = spec.sections[0].statements
    assert statement.line == 16
    assert statement.pattern.startswith(r"барлығы \((?P<n_kindergarten>(?<![\w,.])")
    (figure,) = statement.figures
    assert (figure.value, figure.org_type, figure.measure, figure.statement_en, figure.statement_kk) == (
        "n_kindergarten", "kindergarten", "organisations_total", "{org_en} counted", "саналған {org:pl}")
    with pytest.raises(SourceFormatError, match=r"^data/sources/x\.spec\.yml:16: expected a parameter what"):
        statement_spec(read_declaration(text.replace(", what: {en: counted, kk: саналған, ru: подсчитанные}", ""),
                                        "data/sources/x.spec.yml"))


# --- A format's declaration in one language ------------------------------------------------------------------


def test_a_document_is_read_with_its_format_s_declaration_in_its_language():
    """A Russian quarterly note is read with `security_note.ru.spec.yml`, a Kazakh one (no
    `security_note.kk.spec.yml`) with `security_note.spec.yml`, a document's own declaration before both."""
    sources = ROOT / "data/sources"
    note = sources / "905_0123456789abcdef.txt"
    assert declaration_path(note, "security_note", "ru") == sources / "security_note.ru.spec.yml"
    assert declaration_path(note, "security_note", "kk") == sources / "security_note.spec.yml"
    assert declaration_path(sources / "000_79fb72e18d9edfdc.txt", "briefing", "ru") == \
        sources / "000_79fb72e18d9edfdc.spec.yml"


def test_a_format_s_declaration_in_no_language_of_the_documents_is_refused(tmp_path):
    root, _ = repository(tmp_path)
    (root / "data/sources/security_note.en.spec.yml").write_text(SMALL, encoding="utf-8")
    with pytest.raises(SourceFormatError) as caught:
        build(root)
    assert caught.value.path == "data/sources/security_note.en.spec.yml"
    assert "<format>.<language>.spec.yml, language one of kk, ru" in caught.value.expected
