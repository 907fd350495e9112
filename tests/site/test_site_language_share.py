"""Every Kazakh and English page is in its own language: at most 2 % of its words are in another.

The measure (tests/site/language_share.py) counts the words a reader sees, outside quotations, the
originals shown beside their translations, code and data, and names the language of each by its
script, the letters only Kazakh has, Russian function words and endings. The documents' own pages are
left out: they are the documents. The worst pages are printed whether the test passes or not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.site.language_share import (
    download_share,
    foreign_words,
    measure_page,
    measured_downloads,
    measured_pages,
    report,
)

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


@pytest.mark.parametrize("lang", ["kk", "en"])
def test_every_chart_download_is_in_its_own_language(site_dir: Path, lang):
    """The image a reader saves, and the rows in a spreadsheet, speak the page's language as the page
    does: the chart's words, the words a screen reader is given, the cells of words."""
    shares = measured_downloads(site_dir, (lang,))
    print(f"\n[{lang}] " + report(shares))
    assert len(shares) >= 4 * 30
    over = [s for s in shares if s.share > MAX_SHARE]
    assert not over, (f"{len(over)} {lang} download(s) with more than {MAX_SHARE:.0%} of their words in another "
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


def test_words_in_markup_title_and_description_count(tmp_path):
    """A tooltip, an aria-label, the <title> and the description are read as the page's text is."""
    path = tmp_path / "page" / "index.html"
    path.parent.mkdir()
    path.write_text(f'<!doctype html><html lang="kk"><head><title>{RU}</title><meta name="description" '
                    f'content="{RU}"></head><body><p>{KK}</p><span title="{RU}" aria-label="{RU}">✓</span>'
                    f'<a href="../ru/" hreflang="ru" title="{RU}">Русский</a></body></html>', encoding="utf-8")
    share = measure_page(path, tmp_path)
    assert (share.foreign, share.words) == (4 * 7, 4 * 7 + 8)  # the link to the Russian page is left out


def test_the_english_words_of_a_chart_renderer_count_in_a_kazakh_image(tmp_path):
    """The exported image as the renderer wrote it: its ARIA words English on a Kazakh chart."""
    path = tmp_path / "charts" / "x.svg"
    path.parent.mkdir()
    path.write_text('<svg><title>Мектептер</title><g aria-roledescription="group mark container">'
                    '<text aria-label="Title text \'Мектептер\'">Мектептер</text></g></svg>', encoding="utf-8")
    share = download_share(path, tmp_path)
    assert share.foreign == 4 and share.share > 0.4  # group mark container, text ("Title" a name)
