"""A span of years is written by rule in every language, wherever the site shows it: "2023–2029" (an en
dash, no spaces, CLDR's interval of years by Babel: `grammar.year_span`), never as a document prints it
("декабрь 2023 – 2029 годов", "2023 –2026", "2024-2027"). An action's deadline, a document's title, an
action's text and a figure's statement are shown by the rule; the quotation of the document (its lines,
<q>, a tooltip) and a data page's preview of the published rows stay exactly as printed.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from pipelines.language.grammar import WORD_JOINER, year_span, year_spans
from pipelines.paths import PACKAGE
from sitegen.i18n import LANGS, typeset_page
from tests.site.fit_support import PREFIX, pages_of

YEAR = r"(?:1[89]|2\d)\d\d"
# Two years apart by a spaced dash, a dash with a space on one side, or a hyphen.
PRINTED_SPAN = re.compile(rf"(?<![\w./-]){YEAR}(?:[ \u00a0\u2009\u202f]+[-\u2013\u2014]\u2060?[ \u00a0\u2009\u202f]*"
                          rf"|[-\u2013\u2014]\u2060?[ \u00a0\u2009\u202f]+|-){YEAR}(?![\w/-])")
# Shown exactly as printed: the document's lines, quotations, code and charts.
AS_PRINTED = "ol.bd-source, q, code, pre, svg, script, style, template"
PREVIEW = "preview"  # a data page's section of the published rows


@pytest.mark.parametrize("lang", LANGS)
def test_a_span_of_years_is_babels_interval(lang):
    from datetime import date

    from babel.dates import format_interval

    from pipelines.language.numbers import LOCALES

    assert year_span(2023, 2029, lang) == "2023–2029"
    assert year_span("2023", "2029", lang) == format_interval(date(2023, 1, 1), date(2029, 1, 1), "y",
                                                              locale=LOCALES[lang])
    with pytest.raises(ValueError):
        year_span("2023-Q1", "2029", lang)


@pytest.mark.parametrize(("lang", "printed", "shown"), [
    ("ru", "декабрь 2023 – 2029 годов", "декабрь 2023–2029 годов"),
    ("ru", "декабрь 2023 –2026 годов", "декабрь 2023–2026 годов"),
    ("ru", "в период 2024-2027 годы", "в период 2024–2027 годы"),
    ("ru", "сентябрь 2024 года – май 2025 года", "сентябрь 2024 года – май 2025 года"),  # periods in words
    ("kk", "2023 – 2029 жылдардың желтоқсаны", "2023–2029 жылдардың желтоқсаны"),
    ("kk", "2023 – 2029 жылдары 1 қазанға дейін", "2023–2029 жылдары 1 қазанға дейін"),
    ("en", "December, 2023 – 2029", "December, 2023–2029"),
    ("en", "Q1 2023-Q1, 2023-03-07, lines 12–20", "Q1 2023-Q1, 2023-03-07, lines 12–20"),  # no span of years
])
def test_a_printed_span_is_written_by_rule(lang, printed, shown):
    assert year_spans(printed, lang) == shown
    assert year_spans(shown, lang) == shown


def test_a_page_writes_spans_by_rule_outside_what_is_shown_as_printed():
    page = ("---\ntitle: Тұжырымдама 2023 – 2029\n---\n<p title=\"2023 – 2029\">Срок: декабрь 2023 – 2029 годов "
            "<q lang=\"ru\">2023 – 2029</q></p>\n<ol class=\"bd-source\"><li id=L1>на 2023 – 2029 годы</li></ol>\n"
            "<div translate=\"no\"><div class=\"bd-table-wrap\"><table><tr><td>2023 – 2029</td></tr></table></div>"
            "</div>\n")
    typeset = typeset_page(page, "ru")
    assert f"title: Тұжырымдама 2023–{WORD_JOINER}2029" in typeset
    assert f"Срок: декабрь 2023–{WORD_JOINER}2029 годов <q lang=\"ru\">2023 – 2029</q>" in typeset
    assert "<p title=\"2023 – 2029\">" in typeset
    assert "<li id=L1>на 2023 – 2029 годы</li>" in typeset
    assert "<td>2023\u00a0–" in typeset  # the preview keeps the published value, its range only joined


def shown_text(html: str, page: str) -> list[str]:
    """The page's title and the text of its article, what is shown as printed cut out."""
    soup = BeautifulSoup(html, "html.parser")
    texts = [soup.title.get_text()] if soup.title else []
    article = soup.select_one("article")
    if article is None:
        return texts
    for element in article.select(AS_PRINTED):
        element.decompose()
    if page.startswith("data/"):
        heading = article.select_one(f"h2#{PREVIEW}")
        for sibling in list(heading.find_next_siblings()) if heading else []:
            if sibling.name == "h2":
                break
            sibling.decompose()
    return texts + [t for t in article.find_all(string=True) if t.strip()]


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_shows_a_span_of_years_as_printed(site_dir: Path, lang):
    problems = []
    for url in pages_of(site_dir, lang):
        path = site_dir / url if url.endswith(".html") else site_dir / url / "index.html"
        for text in shown_text(path.read_text(encoding="utf-8"), url.removeprefix(PREFIX[lang])):
            problems += [f"{url}: {m.group(0)!r} in {text.strip()[:90]!r}" for m in PRINTED_SPAN.finditer(text)]
    assert problems == [], f"{len(problems)} spans of years as printed\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("lang", LANGS)
def test_no_chart_image_shows_a_span_of_years_as_printed(site_dir: Path, lang):
    """The image a reader downloads names its documents by title, the plan's "2023 – 2029" by rule too."""
    charts = sorted((site_dir / PREFIX[lang] / "charts").glob("*.svg"))
    assert charts
    problems = []
    for chart in charts:
        text = " ".join(t.get_text() for t in BeautifulSoup(chart.read_text(encoding="utf-8"), "html.parser")("text"))
        problems += [f"{chart.name}: {m.group(0)!r}" for m in PRINTED_SPAN.finditer(text)]
    assert problems == [], f"{len(problems)} spans of years as printed\n" + "\n".join(problems[:20])


@pytest.mark.parametrize("lang", LANGS)
def test_every_deadline_is_written_by_rule_and_its_quotation_kept(site_dir: Path, lang):
    """Each deadline of the actions page is the package's (as printed in ru, our translation in kk and
    en) with its spans of years by rule; the plan's own line still reads as printed."""
    with open(PACKAGE / "concept_actions.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    column = "deadline_text" if lang == "ru" else f"deadline_text_{lang}"
    html = (site_dir / PREFIX[lang] / "actions" / "index.html").read_text(encoding="utf-8")
    cells = {" ".join(td.get_text().replace(WORD_JOINER, "").split())
             for td in BeautifulSoup(html, "html.parser").select("article td")}
    printed = [r for r in rows if PRINTED_SPAN.search(r["deadline_text"])]
    assert printed, "the plan prints no deadline with a spaced span: the test would prove nothing"
    missing = [r[column] for r in rows
               if " ".join(year_spans(r[column], lang).split()) not in {c.replace("\u00a0", " ") for c in cells}]
    assert missing == [], f"deadlines not shown by rule: {missing[:5]}"
    source = site_dir / PREFIX[lang] / "sources" / printed[0]["source_id"]
    lines = " ".join(p.read_text(encoding="utf-8") for p in source.rglob("index.html"))
    assert "2023 – 2029" in lines, "the document's lines must keep the plan's own spacing"
