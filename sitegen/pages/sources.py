"""/sources/ and /sources/<source_id>/: every document in full, one anchor per line (#L123)."""

from __future__ import annotations

from sitegen.context import PageCtx, front_matter, heading
from sitegen.html import Markup, block, el, esc, table


def source_title(page: PageCtx, row: dict) -> str:
    """The document's own title, with the English descriptive title on the English site."""
    return str(row["title_en"] if page.lang == "en" else row["title"])


def sources_index(page: PageCtx) -> str:
    rows = []
    for sid, row in page.data.sources.items():
        link = Markup(f'<a href="{esc(page.href(f"sources/{sid}/"))}">{esc(source_title(page, row))}</a>')
        rows.append([link, row["date"], str(row["language"]).upper(), page.num(row["line_count"]), sid])
    headers = [page.t("sources.col.title"), page.t("sources.col.date"), page.t("sources.col.language"),
               page.t("sources.col.lines"), page.t("sources.col.id")]
    return (
        front_matter(page.t("page.sources"), page.t("sources.description"))
        + heading(1, page.t("page.sources"))
        + "\n" + page.t("sources.intro") + "\n"
        + block(table(headers, rows, numeric=[3], label=page.t("page.sources")))
    )


def source_lines_html(lines: list[str], lang: str) -> Markup:
    """Each line a block with id L<n>; its number links to itself. :target highlights it (CSS only).

    The markup is kept short (unquoted attributes, no classes, the text a bare grid item; styled
    through .bd-source > div):
    the longest document has 3 590 lines and the page must stay light.
    """
    out = []
    for number, text in enumerate(lines, start=1):
        out.append(f"<div id=L{number}><a href=#L{number}>{number}</a>{esc(text)}</div>")
    # Excluded from the search index: the full text would make every page load a far larger index.
    # A <section>, not a <div>: Material's search parser matches excluded elements by tag name, so the
    # first inner </div> would end the exclusion of an outer <div>.
    return Markup(f'<section class="bd-source" lang="{esc(lang)}" data-search-exclude>\n'
                  + "\n".join(out) + "\n</section>")


def source_page(page: PageCtx, source_id: str) -> str:
    row = page.data.sources[source_id]
    lines = page.data.source_lines[source_id]
    doc_lang = str(row["language"])
    meta_rows = [
        [page.t("sources.col.title"), row["title"]],
        [page.t("sources.col.title_en"), row["title_en"]],
        [page.t("sources.col.issuer"), row["issuer"]],
        [page.t("sources.col.date"), row["date"]],
        [page.t("sources.col.periods"), str(row["periods"]).replace(";", ", ")],
        [page.t("sources.col.language"), doc_lang.upper()],
        [page.t("sources.col.lines"), page.num(row["line_count"])],
        [page.t("sources.col.file"), row["path"]],
        ["SHA-256", Markup(f"<code>{esc(row['sha256'])}</code>")],
    ]
    meta = "".join(f"<tr><th scope=\"row\">{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in meta_rows)
    meta_table = Markup(
        f'<div class="bd-table-wrap" role="region" tabindex="0" aria-label="{esc(page.t("sources.meta"))}">'
        f'<table class="bd-table"><tbody>{meta}</tbody></table></div>'
    )
    parts = [
        front_matter(source_title(page, row), str(row["title_en"]), hide=["toc"]),
        heading(1, source_title(page, row)),
        "\n" + esc(page.t("sources.page_intro")) + "\n",
        block(meta_table),
    ]
    if page.lang == "en":
        parts.append(block(el("p", row["description_en"])))
    parts += [heading(2, page.t("sources.text"), "text"), block(source_lines_html(lines, doc_lang))]
    return "".join(parts)
