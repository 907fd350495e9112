"""The plan's deadlines in Kazakh and English are written by rule (pipelines/language/deadlines.py), so a
deadline the tables never saw reads right in every language; only deadlines in words the plan declares
are translated in data/translations/."""

from __future__ import annotations

from dataclasses import replace

import pytest
import yaml

from pipelines.extract.concept_plan import parse_concept_plan
from pipelines.extract.plan_deadlines import DEADLINE_PARTS, deadline_parts, parse_deadline
from pipelines.language.deadlines import deadline_words
from pipelines.paths import SOURCES, TRANSLATIONS
from pipelines.sources import load_document
from tests.conftest import declared_in_words

# Forms and months the plan does not print today, with the Kazakh endings they take: a possessive after a
# consonant (ақпаны) and after a vowel (шілдесі), front and back (сәуірі, қазаны); к voiced before a vowel
# (қыркүйегі) and the dative after a voiceless consonant (қыркүйекке) or a vowel (қарашаға).
CASES = [
    ("март 2027 года", "2027 жылғы наурыз", "March 2027"),
    ("февраль, апрель, октябрь 2026 – 2027 годов", "2026–2027 жылдардың ақпаны, сәуірі, қазаны",
     "February, April and October, 2026–2027"),
    ("июль, сентябрь 2030 – 2031 годов", "2030–2031 жылдардың шілдесі, қыркүйегі", "July and September, 2030–2031"),
    ("первое полугодие 2026 года", "2026 жылдың бірінші жартыжылдығы", "first half of 2026"),
    # Kazakh writes I, II and III with its own letter І, as the site's quarters do (period_label).
    ("2-й квартал 2024 – 2025 годов", "2024–2025 жылдардың \u0406\u0406 тоқсаны", "Q2, 2024–2025"),
    ("IV квартал 2024 года", "2024 жылғы IV тоқсан", "Q4 2024"),
    ("1-й квартал 2026 года", "2026 жылғы \u0406 тоқсан", "Q1 2026"),
    ("III квартал 2025 – 2027 годов", "2025–2027 жылдардың \u0406\u0406\u0406 тоқсаны", "Q3, 2025–2027"),
    ("до 1 сентября, ежегодно", "жыл сайын, 1 қыркүйекке дейін", "by 1 September, annually"),
    ("до 15 ноября 2024 – 2026 годов", "2024–2026 жылдары 15 қарашаға дейін", "by 15 November, 2024–2026"),
    ("март, ежегодно", "жыл сайын, наурыз", "March, annually"),
    ("октябрь 2026 года – февраль 2027 года", "2026 жылғы қазан – 2027 жылғы ақпан", "October 2026 to February 2027"),
    ("май 2026 года, май 2028 года", "2026 жылғы мамыр, 2028 жылғы мамыр", "May 2026 and May 2028"),
    ("март 2026 года ноябрь 2026 – 2028 годов", "2026 жылғы наурыз, 2026–2028 жылдардың қарашасы",
     "March 2026; November, 2026–2028"),
    ("ежеквартально, 2025 – 2026 годы", "тоқсан сайын, 2025–2026 жылдар", "quarterly, 2025–2026"),
    ("по завершении цикла в 2026 – 2028 годах", "2026–2028 жылдары цикл аяқталғаннан кейін",
     "on completion of the cycle, 2026–2028"),
]


@pytest.mark.parametrize(("russian", "kk", "en"), CASES)
def test_a_deadline_is_written_by_rule(russian, kk, en):
    parts = deadline_parts(russian)
    assert deadline_words(parts, "kk") == kk
    assert deadline_words(parts, "en") == en


def test_every_form_of_the_grammar_is_written():
    """A form added to the grammar without its words in each language fails here, not in a build."""
    written = {kind for russian, _kk, _en in CASES for kind, _groups in deadline_parts(russian)}
    assert written == {kind for kind, _pattern in DEADLINE_PARTS}


def test_only_kazakh_and_english_are_written_and_a_text_outside_the_grammar_is_refused():
    with pytest.raises(ValueError, match="not 'ru'"):
        deadline_words(deadline_parts("март 2027 года"), "ru")
    with pytest.raises(ValueError, match="not a deadline"):
        deadline_parts("не позднее 1 мая, следующего за отчетным годом")


@pytest.mark.parametrize("lang", ["kk", "en"])
def test_the_tables_translate_only_deadlines_outside_the_grammar(lang):
    """One home for each deadline: a table entry the rule would write is a second, diverging home."""
    table = yaml.safe_load((TRANSLATIONS / f"concept_actions.{lang}.yml").read_text(encoding="utf-8"))
    written_by_rule = [russian for russian in table["deadlines"] if not declared_in_words(russian)]
    assert table["deadlines"] and written_by_rule == []


def test_a_new_deadline_in_the_plan_reads_right_without_a_translation():
    """Action 2's deadline "декабрь 2025 года" (lines 658 and 660) changed to "март 2027 года", as a revised
    plan might print it: the build needs no table entry, and the action's Kazakh and English say March 2027."""
    doc = load_document(SOURCES / "003_c2990e6476669ab7.txt")
    lines = list(doc.lines)
    assert (lines[657], lines[659]) == ("декабрь ", "2025 года ")
    lines[657], lines[659] = "март ", "2027 года "
    revised = replace(doc, lines=tuple(lines), sha256="revised")
    row = parse_concept_plan(revised)["concept_actions"].filter(action_no=2).row(0, named=True)
    assert (row["deadline_text"], row["deadline_start"], row["deadline_end"]) == ("март 2027 года", "2027-03", "2027-03")
    assert (row["deadline_text_kk"], row["deadline_text_en"]) == ("2027 жылғы наурыз", "March 2027")


@pytest.mark.parametrize(("russian", "start", "end", "years"), [
    ("IV квартал 2024 года", "2024-10", "2024-12", (2024,)),
    ("2-й квартал 2026 года", "2026-04", "2026-06", (2026,)),
    ("I квартал 2025 – 2026 годов", "2025-01", "2026-03", (2025, 2026)),
])
def test_a_quarter_of_one_year_or_several_is_read_as_its_months(russian, start, end, years):
    deadline = parse_deadline(russian)
    assert (deadline.start, deadline.end, deadline.years, deadline.recurring) == (start, end, years, len(years) > 1)
