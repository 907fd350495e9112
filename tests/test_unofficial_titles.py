"""A page that names a document by the project's translation of its title (a Kazakh note on the Russian
and English pages, a Russian document on the Kazakh ones) marks the translation unofficial and gives the
title as printed beside it, in its own language: the coverage page and the region pages; a chart's image,
which names its documents by the page's titles, says once that such titles are unofficial translations."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from sitegen.charts import Chart
from sitegen.context import PageCtx, SiteData
from sitegen.figures import credit
from sitegen.i18n import load_strings
from sitegen.pages.coverage import documents_of

KK_NOTE, RU_DOC = "004_aaaaaaaaaaaaaaaa", "000_bbbbbbbbbbbbbbbb"
SOURCES = {
    KK_NOTE: {"source_id": KK_NOTE, "language": "kk", "title": "Ақпарат", "title_kk": "Ақпарат",
              "title_ru": "Информация о требованиях безопасности", "title_en": "Information note on security",
              "periods": "2023-Q1"},
    RU_DOC: {"source_id": RU_DOC, "language": "ru", "title": "Справка", "title_kk": "Анықтама",
             "title_ru": "Справка", "title_en": "Briefing", "periods": "2023"},
}


def page(lang: str) -> PageCtx:
    data = SiteData(package=None, source_lines={})  # type: ignore[arg-type]
    data.__dict__["sources"] = SOURCES  # the cached lookup, filled
    return PageCtx(data, load_strings(), lang, ("" if lang == "kk" else f"{lang}/") + "coverage/",
                   lambda chart, page: "")


def text(markup: object) -> str:
    return re.sub(r"<[^>]+>", "", str(markup)).replace("\u2060", "")


@pytest.mark.parametrize(("lang", "source_id", "shown", "original"), [
    ("en", KK_NOTE, "Information note on security (document 004), title in an unofficial translation by Bilim "
                    "Data (original: “Ақпарат”)", '<span lang="kk">“Ақпарат”</span>'),
    ("ru", KK_NOTE, "«Информация о требованиях безопасности», документ 004, название — неофициальный перевод "
                    "Bilim Data (в оригинале «Ақпарат»)", '<span lang="kk">«Ақпарат»</span>'),
    ("kk", RU_DOC, "«Анықтама», 000-құжат, атауы — Bilim Data-ның ресми емес аудармасы (түпнұсқасы: «Справка»)",
     '<span lang="ru">«Справка»</span>'),
])
def test_a_translated_title_is_marked_unofficial_beside_the_title_as_printed(lang, source_id, shown, original):
    html = documents_of(page(lang), [{"source_id": source_id}])
    assert text(html) == shown
    assert original in str(html)


@pytest.mark.parametrize(("lang", "source_id"), [("kk", KK_NOTE), ("ru", RU_DOC)])
def test_a_title_as_printed_is_shown_alone(lang, source_id):
    html = str(documents_of(page(lang), [{"source_id": source_id}]))
    assert "lang=" not in html and "Bilim Data" not in html


def chart_page(lang: str) -> PageCtx:
    ctx = page(lang)
    ctx.data.package = SimpleNamespace(descriptor={"title": "Bilim Data: test", "homepage": "https://example.org/"})
    return ctx


@pytest.mark.parametrize(("lang", "sources", "marked"), [
    ("en", ((KK_NOTE, 3),), "Titles of documents in other languages: unofficial translations by Bilim Data."),
    ("ru", ((KK_NOTE, 3), (RU_DOC, 5)), "Названия документов на других языках — неофициальный перевод Bilim Data."),
    ("kk", ((RU_DOC, 5),), "Басқа тілдегі құжаттардың атаулары — Bilim Data-ның ресми емес аудармасы."),
    ("kk", ((KK_NOTE, 3),), None),  # the title as printed: nothing to mark
    ("ru", ((RU_DOC, 5),), None),
])
def test_a_chart_image_naming_a_document_by_a_translated_title_says_it_is_unofficial(lang, sources, marked):
    chart = Chart(chart_id="c", title="T", summary="", spec={}, rows=[], columns=[], sources=sources)
    source = credit(chart, chart_page(lang)).source.replace("\u2060", "")
    if marked:
        assert source.endswith(" " + marked)
    else:
        assert "Bilim Data" not in source
