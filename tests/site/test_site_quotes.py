"""A quotation inside a quotation is written with the language's inner marks (CLDR's, by ICU: kk « » “ ”,
ru « » „ “, en “ ” ‘ ’), wherever the site quotes a text that has marks of its own: the plan's title
«О внесении … "Об утверждении Концепции …"» and ««Қазақстан … туралы» қаулысына …» were shown with the
same or the typewriter's marks inside. Quotations of a document (its lines, <q>) stay as printed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from pipelines.language.grammar import nested_quotes, quotation_marks
from sitegen.i18n import LANGS, Strings, typeset_page
from tests.site.fit_support import PREFIX, pages_of
from tests.site.test_site_year_spans import shown_text

# A quotation opened inside another in the same marks, or the typewriter's marks inside one.
SAME_INSIDE = {
    "kk": re.compile(r"«[^»]*[«\"]"),
    "ru": re.compile(r"«[^»]*[«\"]"),
    "en": re.compile(r"“[^”]*[“\"]"),
}


def test_the_marks_are_cldr_s():
    assert quotation_marks("kk") == ("«", "»", "“", "”")
    assert quotation_marks("ru") == ("«", "»", "„", "“")
    assert quotation_marks("en") == ("“", "”", "‘", "’")


@pytest.mark.parametrize(("lang", "text", "written"), [
    ("ru", 'документ 003 «О внесении в постановление № 249 "Об утверждении Концепции"», строка 3',
     "документ 003 «О внесении в постановление № 249 „Об утверждении Концепции“», строка 3"),
    ("ru", "«Ответ на запрос «ДЗ-121»»", "«Ответ на запрос „ДЗ-121“»"),
    ("ru", "«a “b” c»", "«a „b“ c»"),
    ("kk", "003-құжат ««Қазақстан … туралы» қаулысына өзгерістер енгізу туралы», 893-жол",
     "003-құжат «“Қазақстан … туралы” қаулысына өзгерістер енгізу туралы», 893-жол"),
    ("en", 'document 003 “Amendments to Decree 249 "On approval of the Concept"”, line 3',
     "document 003 “Amendments to Decree 249 ‘On approval of the Concept’”, line 3"),
    ("en", "the resource 'regions' of Vice-Minister Ospan's note", "the resource 'regions' of Vice-Minister Ospan's note"),
    ("kk", "<dd>«&quot;Өрлеу&quot; орталығы» АҚ</dd>", "<dd>«“Өрлеу” орталығы» АҚ</dd>"),  # in markup's text
    ("ru", "«a» и «b»", "«a» и «b»"),  # side by side, not inside
    ("ru", 'без кавычек "x"', 'без кавычек "x"'),  # no quotation in the own marks around it
    ("ru", '«не закрыта "x»', '«не закрыта "x»'),  # marks that do not pair up: left as they are
])
def test_a_quotation_inside_a_quotation_takes_the_inner_marks(lang, text, written):
    assert nested_quotes(text, lang) == written
    assert nested_quotes(written, lang) == written


def test_a_page_nests_the_marks_of_a_name_it_quotes():
    page = '<dt id="b">«Өрлеу» АҚ</dt><dd>«&quot;Өрлеу&quot; орталығы» АҚ <q lang="ru">«"x"»</q></dd>'
    assert typeset_page(page, "kk") == '<dt id="b">«Өрлеу» АҚ</dt><dd>«“Өрлеу” орталығы» АҚ <q lang="ru">«"x"»</q></dd>'


def test_markup_and_quotations_of_a_document_are_left_as_they_are():
    skip = re.compile(r"<q\b.*?</q>|<[^>]*>", re.S)
    text = '«Документ <a href="x" title="y">"Об утверждении"</a> <q lang="ru">«как напечатано»</q>»'
    assert nested_quotes(text, "ru", skip) == ('«Документ <a href="x" title="y">„Об утверждении“</a> '
                                               '<q lang="ru">«как напечатано»</q>»')


def test_a_string_quoting_a_title_nests_its_marks():
    strings = Strings({"doc": {"kk": "{doc}-құжат {title:quote}", "ru": "документ {doc} {title:quote}",
                               "en": "document {doc} {title:quote}"}})
    assert strings.t("ru", "doc", doc="003", title='О внесении "Об утверждении"') == \
        "документ 003 «О внесении „Об утверждении“»"
    assert strings.t("kk", "doc", doc="003", title="«Тұжырымдама» туралы") == "003-құжат «“Тұжырымдама” туралы»"
    assert strings.t("kk", "doc", doc="004", title="«Өрлеу»") == "004-құжат «Өрлеу»"  # wholly quoted: once
    assert strings.t("en", "doc", doc="003", title='Amendments to "On approval"') == \
        "document 003 “Amendments to ‘On approval’”"


def chart_texts(svg: str) -> str:
    return " ".join(t.get_text() for t in BeautifulSoup(svg, "html.parser").find_all("text"))


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_or_chart_quotes_inside_a_quotation_in_the_same_marks(site_dir: Path, lang):
    pattern, problems = SAME_INSIDE[lang], []
    for url in pages_of(site_dir, lang):
        path = site_dir / url if url.endswith(".html") else site_dir / url / "index.html"
        for text in shown_text(path.read_text(encoding="utf-8"), url.removeprefix(PREFIX[lang])):
            problems += [f"{url}: {m.group(0)[-80:]!r}" for m in pattern.finditer(text)]
    charts = sorted((site_dir / PREFIX[lang] / "charts").glob("*.svg"))
    assert charts
    for chart in charts:
        problems += [f"{chart.name}: {m.group(0)[-80:]!r}"
                     for m in pattern.finditer(chart_texts(chart.read_text(encoding="utf-8")))]
    assert problems == [], f"{len(problems)} quotations inside a quotation in the same marks\n" + "\n".join(problems[:30])


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_a_quotation_shows_the_page_language_s_marks(browser, site_dir: Path, lang):
    """<q lang="ru"> on a Kazakh page is shown «…», on an English page “…”: the marks are the page's."""
    from tests.site.fit_support import github_pages

    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    try:
        with github_pages(site_dir) as url:
            page.goto(f"{url}{PREFIX[lang]}coverage/", wait_until="load")
            marks = page.evaluate("""() => [...document.querySelectorAll('article q')].slice(0, 20).map(q =>
                getComputedStyle(q).quotes)""")
    finally:
        context.close()
    expected = " ".join(f'"{mark}"' for mark in quotation_marks(lang))
    assert marks and all(m == expected for m in marks), marks


@pytest.mark.parametrize(("text", "written"), [
    ('НАО "Talap"', "НАО «Talap»"),
    ('АО "Национальная компания "Қазақстан темір жолы"', "АО «Национальная компания „Қазақстан темір жолы“»"),
    ('АО "Центр "Талдау" имени А. Байтұрсынұлы"', "АО «Центр „Талдау“ имени А. Байтұрсынұлы»"),
    ("без кавычек", "без кавычек"),
])
def test_straight_quotes_are_written_as_russian_writes_them(text, written):
    from pipelines.language.grammar import typographic_quotes

    assert typographic_quotes(text, "ru") == written


def test_the_russian_pages_name_the_bodies_without_straight_quotes(site_dir: Path):
    """The bodies' names on the Russian action plan page (its list of bodies, filter, chart) are names,
    written «…»: the plan's printing 'НАО "Talap"' was shown as it is."""
    page = BeautifulSoup((site_dir / "ru" / "actions" / "index.html").read_text(encoding="utf-8"), "html.parser")
    names = [dt.get_text() for dt in page.select("h2#bodies ~ dl dt")]
    names += [option.get_text() for option in page.select('select[data-filter="body"] option')]
    assert len(names) > 40
    assert [n for n in names if '"' in n] == []
