"""A quotation in a quality issue's description carries the language of the document it quotes, read
from the issue's references (sitegen/issues.py), not guessed from its letters."""

from __future__ import annotations

import re

import pytest

from sitegen.context import SiteData
from sitegen.issues import plain, quote_language, quoted_minor

RU, KK = "000_aaaaaaaaaaaaaaaa", "001_bbbbbbbbbbbbbbbb"


def site(lines: dict[str, list[str]]) -> SiteData:
    data = SiteData(package=None, source_lines=lines)
    data.__dict__["sources"] = {RU: {"language": "ru"}, KK: {"language": "kk"}}  # the cached lookup, filled
    return data


DATA = site({
    RU: ["Справка", "в 2022 г. –\u00a05 986 школ", "приҰмных комиссий", "4 084 мектеп",
         "в **Северо-Казахстанской** (42) и **Туркестанской** (61) областях"],
    KK: ["Ақпарат", "2023 ж. –5\u00a0588", "4 084 мектеп", "барлығы 169 колледж"],
})


@pytest.mark.parametrize(("quote", "refs", "language"), [
    ("в 2022 г. – 5 986", [(KK, 2), (RU, 2)], "ru"),  # at the referenced line, spaces as compared
    ("2023 ж. –5 588", [(RU, 2), (KK, 2)], "kk"),
    ("приҰмных", [(RU, 3)], "ru"),  # a garbled Russian word: Kazakh letters, a Russian document
    ("4 084 мектеп", [(KK, 3), (RU, 4)], "kk"),  # in both: the referenced line of the first reference
    ("169 колледж", [(KK, 1)], "kk"),  # not at the referenced line: anywhere in the document
    # the line as readers see it, without its Markdown emphasis marks, in documents of two languages
    ("Туркестанской (61) областях", [(RU, 5), (KK, 4)], "ru"),
    ("ё", [(RU, 3)], "ru"),  # in no document: the documents' one language
    ("ё", [(RU, 3), (KK, 2)], ""),  # ... and none when they differ
    ("2025", [(RU, 1)], ""),  # no letter: no language
    ("x", [], ""),
])
def test_a_quotation_takes_the_language_of_the_document_it_quotes(quote, refs, language):
    assert quote_language(quote, refs, DATA) == language


def test_the_comparison_ignores_invisible_marks_and_kinds_of_space():
    assert plain(" 5\u2060-\u2060ден\u00a0\u202f 5 ") == "5-ден 5"
    assert plain("в **Туркестанской** (61)") == "в Туркестанской (61)"


def test_each_quotation_is_marked_minor_with_its_language_when_not_the_page_s():
    html = quoted_minor("Мұнда: «в 2022 г.» және «4 084 мектеп», «ё».", "kk",
                        {"в 2022 г.": "ru", "4 084 мектеп": "kk", "ё": ""}.get)
    assert re.findall(r"<span[^>]*>[^<]*</span>", html) == [
        '<span data-search-minor lang="ru">«в 2022 г.»</span>',
        "<span data-search-minor>«4 084 мектеп»</span>",
        "<span data-search-minor>«ё»</span>",
    ]
