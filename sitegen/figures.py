"""A chart on its page: the figure that shows it, with its data and image files, and the credit its
exported image carries (title, source documents and lines, licence with the page's address), in the
page's language. The chart itself, its rendering and its files are sitegen/charts.py's.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipelines.language.grammar import WORD_JOINER, nobreak_hyphens, year_spans
from sitegen.charts import (
    Chart,
    Credit,
    ImageRenderer,
    Workbook,
    csv_text,
    figure,
    line_ranges,
    render_chart,
    spreadsheet_csv_text,
    value_types,
)
from sitegen.context import PageCtx
from sitegen.downloads import package_time
from sitegen.html import Markup, page_url

# A chart's CSV for spreadsheets, beside its CSV for programs ('charts/<chart id>.spreadsheet.csv').
SPREADSHEET_CSV = ".spreadsheet.csv"


def credit(chart: Chart, page: PageCtx) -> Credit:
    """The chart's title, its source documents and lines, and the licence with the page's address; the
    image names a document by the page's title of it, so a title in the project's translation is said to
    be unofficial (`chart.titles_translated`), once for the image."""
    by_document: dict[str, list[int]] = {}
    for source_id, line in chart.sources:
        by_document.setdefault(source_id, []).append(line)
    documents, translated = [], False
    for source_id, lines in sorted(by_document.items()):
        row = page.data.sources.get(source_id, {})
        key = "chart.document_line" if len(set(lines)) == 1 else "chart.document_lines"
        documents.append(page.t(key, doc=source_id[:3], title=page.source_name(row) if row else source_id,
                                lines=line_ranges(lines)))
        # A title in the project's translation (the document is in another language than the page's).
        translated |= bool(row.get(f"title_{page.lang}")) and str(row.get("language") or page.lang) != page.lang
    descriptor = page.data.package.descriptor
    url = str(descriptor.get("homepage", "")) + page.url
    # The image and the workbook carry the page's words as the page writes them: spans of years by rule
    # ("2023 – 2029" of a document's title is "2023–2029"), an ending kept with its number or
    # abbreviation (ЖБО-ға, 004-құжат: the image's lines are wrapped too), as typeset_page writes them.
    return Credit(
        title=nobreak_hyphens(year_spans(str(chart.title), page.lang)),
        source=nobreak_hyphens(year_spans(page.t("chart.source", documents="; ".join(documents))
                                          + (" " + page.t("chart.titles_translated") if translated else ""),
                                          page.lang))
        if documents else "",
        licence=page.t("chart.licence", site=str(descriptor.get("title", "")).split(":")[0], url=url),
        lang=page.lang,
    )


def code_labels(page: PageCtx) -> dict[str, tuple[str, Callable[[str], str]]]:
    """A code column of a chart's rows → the column that gives it in the page's words, and how: the
    period in words, the measure's and organisation type's names, a region's or a city's name, an
    indicator's name, a unit, a document's title, a figure's statement, the flags' labels."""
    indicators = {str(r["indicator_id"]): r for r in page.data.optional("concept_indicators")}
    figures = {str(r["figure_id"]): r for r in page.data.optional("national_figures")}

    def capitalised(text: str) -> str:
        return text[:1].upper() + text[1:]

    return {
        "period": ("period_name", page.period),
        "measure": ("measure_name", page.measure),
        "org_type": ("organisations", page.org),
        "area_type": ("area", lambda code: capitalised(page.term(code, form="plural"))),
        "region_code": ("region", page.region_name),
        "city_group": ("city", page.city_name),
        "indicator_id": ("indicator", lambda code: str(indicators[code].get(f"name_{page.lang}")
                                                        or indicators[code]["name_ru"])),
        "breakdown": ("series", str),
        "unit": ("unit_name", page.unit),
        "source_id": ("source", lambda code: page.source_name(page.data.sources[code])),
        "figure_id": ("statement", lambda code: page.figure_label(figures[code])),
        "flags": ("flag_labels", lambda codes: "; ".join(page.flag_label(c) for c in codes.split(";") if c)),
    }


def readable(chart: Chart, page: PageCtx) -> tuple[list[dict], list[str]]:
    """The rows and columns of a chart's downloads (CSV, spreadsheet CSV, XLSX): its own, and beside each
    column of codes the same codes in the page's words, unless the chart gives them already. The codes
    stay, for analysts to join on."""
    labels = code_labels(page)
    columns: list[str] = []
    added: dict[str, tuple[str, Callable[[str], str]]] = {}
    for column in chart.columns:
        columns.append(column)
        if column in labels and labels[column][0] not in chart.columns:
            added[column] = labels[column]
            columns.append(labels[column][0])
    rows = [{**row, **{name: (words(str(row[code])) if row.get(code) not in (None, "") else "")
                       for code, (name, words) in added.items()}}
            for row in chart.rows]
    return rows, columns


def publish(chart: Chart, page: PageCtx, files: dict[str, str | bytes], cache_dir: Path,
            images: ImageRenderer | None = None) -> Markup:
    """The chart's <figure> for its page; its data (XLSX, CSV for spreadsheets in the page's language
    setting, CSV for programs) and image (SVG; its PNG is drawn by the
    reader's browser, see `png_button`) are added to `files` under '<lang>/charts/<chart id>.<ext>' (the
    same chart id, the same files). With `images`, the chart
    is rendered by `images` (in a worker, unless cached): the figure holds a token in place of the inline
    SVG, and `images.finish` puts the SVG there and adds the image and workbook files."""
    about = credit(chart, page)
    about = Credit(str(about.title), str(about.source), str(about.licence), about.lang)  # plain text for the workers
    # Values as the workbook writes them: a text (numbers as a page wrote them too) as plain text.
    shown, columns = readable(chart, page)
    rows = tuple({k: str(v) if isinstance(v, str) else v for k, v in row.items()} for row in shown)
    # A spreadsheet's cells hold no word joiner (a cell does not wrap, and the joiner would be copied).
    plain = tuple(text.replace(WORD_JOINER, "") for text in (about.title, about.source, about.licence))
    book = Workbook(chart.chart_id, tuple(value_types(shown, columns)), rows, plain,
                    package_time(page.data.package).isoformat())
    stem = f"charts/{chart.chart_id}"
    files[f"{page.lang}/{stem}.csv"] = csv_text(shown, columns)
    files[f"{page.lang}/{stem}{SPREADSHEET_CSV}"] = spreadsheet_csv_text(shown, columns, page.lang)
    if images is not None:
        body = images.chart(chart, page.lang, about, book, stem)
    else:
        rendered = render_chart(chart.spec, page.lang, about, book, cache_dir)
        files[f"{page.lang}/{stem}.svg"] = rendered.image
        files[f"{page.lang}/{stem}.xlsx"] = rendered.xlsx
        body = rendered.svg

    def href(ext: str) -> str:
        return page.asset(page_url(page.lang, f"{stem}.{ext}"))

    # Spreadsheets first (the workbook, then the CSV in the page's readers' notation), then the CSV
    # for programs, named so.
    return figure(chart, body, page.ctx, [
        (page.t("chart.data"), [("XLSX", href("xlsx")),
                                (page.t("chart.csv_spreadsheet"), href(SPREADSHEET_CSV.lstrip("."))),
                                (page.t("downloads.format.csv"), href("csv"))]),
        (page.t("chart.image"), [("SVG", href("svg"))]),
    ], inline=images is None, png_from=href("svg"))
