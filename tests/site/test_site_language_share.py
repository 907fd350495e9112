"""Every Kazakh and English page is in its own language: at most 2 % of its words are in another.

The measure (tests/site/language_share.py) counts the words a reader sees, outside quotations, the
originals shown beside their translations, code and data, and names the language of each by its
script, the letters only Kazakh has, Russian function words and endings. The documents' own pages are
left out: they are the documents. The worst pages are printed whether the test passes or not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.site.language_share import foreign_words, measure_page, measured_pages, report

MAX_SHARE = 0.02


@pytest.fixture(scope="module")
def shares(site_dir: Path):
    return measured_pages(site_dir)


@pytest.mark.parametrize("lang", ["kk", "en"])
def test_every_page_is_in_its_own_language(shares, lang):
    pages = [s for s in shares if s.lang == lang]
    print(f"\n[{lang}] " + report(pages))
    assert len(pages) >= 60
    over = [s for s in pages if s.share > MAX_SHARE]
    assert not over, (f"{len(over)} {lang} page(s) with more than {MAX_SHARE:.0%} of their words in another "
                      f"language:\n" + report(over, worst=len(over)))


# --- The measure itself ---------------------------------------------------------------------------------

KK = "Мектепке дейінгі ұйымдардың желісін кеңейту және балаларды қамту"
RU = "Расширение сети дошкольных организаций с учетом подушевого финансирования"


@pytest.mark.parametrize(("lang", "text", "foreign"), [
    ("kk", KK, 0),
    ("kk", RU, 7),  # "с", a single letter, is no word
    ("kk", "ОАМ, ЖАО және ТжКБ ұйымдары, 2023 – 2029 жылдардың желтоқсаны", 0),  # abbreviations, numbers
    ("kk", "Сайтта не бар: 25 ірі қала, мектеп, жыл", 0),  # Kazakh words without a Kazakh letter
    ("kk", "отчет в МП", 1),
    ("kk", "форма отчета организации", 3),  # a Russian phrase of Kazakh-looking words is Russian
    ("kk", "WorldSkills, Bilim Data, PISA", 0),  # names
    ("kk", "the number of schools", 4),  # English left untranslated
    ("kk", "data/corrections.yml, swap-004-l005-kz35-college", 0),  # paths and identifiers
    ("en", "Ministry of Education (МП) and local executive bodies", 0),
    ("en", "Развитие сети организаций", 3),
    ("en", "Schools «Доступный интернет»", 0),  # a quoted name
])
def test_the_measure_tells_the_languages_apart(lang, text, foreign):
    assert len(foreign_words(text, lang)[1]) == foreign


def write_page(folder: Path, body: str, lang: str = "kk") -> Path:
    path = folder / ("en/" if lang == "en" else "") / "page" / "index.html"
    path.parent.mkdir(parents=True)
    path.write_text(f'<!doctype html><html lang="{lang}"><head><title>x</title></head><body>{body}</body></html>',
                    encoding="utf-8")
    return path


def test_an_untranslated_table_counts_even_when_marked_russian(tmp_path):
    """The action plan as it was: a Russian table body marked lang="ru" is still Russian to the reader."""
    page = write_page(tmp_path, f"<h1>Іс-шаралар</h1><table><tbody lang=\"ru\"><tr><td>{RU}</td></tr></tbody></table>")
    assert measure_page(page, tmp_path).share > 0.5


def test_quotations_originals_code_and_data_are_left_out(tmp_path):
    body = (f"<p>{KK}</p><q lang=\"ru\">{RU}</q><blockquote>{RU}</blockquote>"
            f"<details class=\"bd-original\" lang=\"ru\"><summary lang=\"kk\">Түпнұсқа</summary>{RU}</details>"
            f"<small class=\"bd-original\">Түпнұсқа: <span lang=\"ru\">{RU}</span></small>"
            f"<code>cctv_police_link national</code><div translate=\"no\"><table><td>{RU}</td></table></div>"
            "<a href=\"../ru/\" hreflang=\"ru\">Русский</a>")
    share = measure_page(write_page(tmp_path, body), tmp_path)
    assert (share.foreign, share.words) == (0, 9)  # the Kazakh paragraph and the label "Түпнұсқа:"
