"""A chart on its page: the figure that shows it, with its data and image files, and the credit its
exported image carries (title, source documents and lines, licence with the page's address), in the
page's language. The chart itself, its rendering and its files are sitegen/charts.py's.
"""

from __future__ import annotations

from pathlib import Path

from sitegen.charts import (
    Chart,
    Credit,
    ImageRenderer,
    Workbook,
    column_types,
    csv_text,
    figure,
    line_ranges,
    render_chart,
    spreadsheet_csv_text,
)
from sitegen.context import PageCtx
from sitegen.downloads import package_time
from sitegen.html import Markup, page_url

# A chart's CSV for spreadsheets, beside its CSV for programs ('charts/<chart id>.spreadsheet.csv').
SPREADSHEET_CSV = ".spreadsheet.csv"


def credit(chart: Chart, page: PageCtx) -> Credit:
    """The chart's title, its source documents and lines, and the licence with the page's address."""
    by_document: dict[str, list[int]] = {}
    for source_id, line in chart.sources:
        by_document.setdefault(source_id, []).append(line)
    documents = []
    for source_id, lines in sorted(by_document.items()):
        row = page.data.sources.get(source_id, {})
        key = "chart.document_line" if len(set(lines)) == 1 else "chart.document_lines"
        documents.append(page.t(key, doc=source_id[:3], title=page.source_title(row) if row else source_id,
                                lines=line_ranges(lines)))
    descriptor = page.data.package.descriptor
    url = str(descriptor.get("homepage", "")) + page.url
    return Credit(
        title=chart.title,
        source=page.t("chart.source", documents="; ".join(documents)) if documents else "",
        licence=page.t("chart.licence", site=str(descriptor.get("title", "")).split(":")[0], url=url),
    )


def publish(chart: Chart, page: PageCtx, files: dict[str, str | bytes], cache_dir: Path,
            images: ImageRenderer | None = None) -> Markup:
    """The chart's <figure> for its page; its data (XLSX, CSV for spreadsheets in the page's language
    setting, CSV for programs) and image (SVG; its PNG is drawn by the
    reader's browser, see `png_button`) are added to `files` under '<lang>/charts/<chart id>.<ext>' (the
    same chart id, the same files). With `images`, the chart
    is rendered by `images` (in a worker, unless cached): the figure holds a token in place of the inline
    SVG, and `images.finish` puts the SVG there and adds the image and workbook files."""
    about = credit(chart, page)
    about = Credit(str(about.title), str(about.source), str(about.licence))  # plain text for the workers
    # Values as the workbook writes them: a text (numbers as a page wrote them too) as plain text.
    rows = tuple({k: str(v) if isinstance(v, str) else v for k, v in row.items()} for row in chart.rows)
    book = Workbook(chart.chart_id, tuple(column_types(chart)), rows, (about.title, about.source, about.licence),
                    package_time(page.data.package).isoformat())
    stem = f"charts/{chart.chart_id}"
    files[f"{page.lang}/{stem}.csv"] = csv_text(chart.rows, chart.columns)
    files[f"{page.lang}/{stem}{SPREADSHEET_CSV}"] = spreadsheet_csv_text(chart.rows, chart.columns, page.lang)
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
