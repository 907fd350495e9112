"""/sources/ and /sources/<source_id>/: every document in full, one anchor per line (#L123).

A long document is split over several pages (/sources/<source_id>/part-2/, …; see PART_BYTES) so that
every page stays light; provenance links point at the part that holds the line.
"""

from __future__ import annotations

import re

from sitegen.context import PageCtx, front_matter, heading, part_path
from sitegen.html import Markup, block, el, esc, table

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def when(page: PageCtx, code: object) -> str:
    """A document's date in words: a full date as a date, a month or a year as a period."""
    text = str(code or "")
    return page.date(text) if DATE.match(text) else page.period(text)


def language_name(page: PageCtx, code: object) -> str:
    return page.term(f"language.{code}")


def issuer_label(page: PageCtx, row: dict) -> str:
    """Who issued a document, in the page's language (sources.issuer_kk, issuer_ru; issuer in English)."""
    return str(row.get("issuer" if page.lang == "en" else f"issuer_{page.lang}") or row["issuer"])


def description(page: PageCtx, row: dict) -> str:
    """The document's description (the project's own text) in the page's language, as the package gives it."""
    return str(row.get(f"description_{page.lang}") or row["description_en"])


def sources_index(page: PageCtx) -> str:
    rows = []
    for sid, row in page.data.sources.items():
        link = Markup(f'<a href="{esc(page.href(f"sources/{sid}/"))}">{esc(page.source_name(row))}</a>')
        rows.append([link, when(page, row["date"]), language_name(page, row["language"]), page.num(row["line_count"]),
                     Markup(f"<code>{esc(sid)}</code>")])
    headers = [page.t("sources.col.title"), page.t("sources.col.date"), page.t("sources.col.language"),
               page.t("sources.col.lines"), page.t("sources.col.id")]
    return (
        front_matter(page.t("page.sources"), page.t("sources.description", documents=len(page.data.sources)))
        + heading(1, page.t("page.sources"), "sources")
        + "\n" + page.t("sources.intro") + "\n"
        + block(el("p", page.t("sources.translation_note"), class_="bd-note"))
        + block(table(headers, rows, numeric=[3], label=page.t("page.sources")))
    )


def source_lines_html(lines: list[str], lang: str, first: int = 1) -> Markup:
    """Lines `first`, `first + 1`, … of a document as an ordered list: each item has the id L<n>.

    The number is the list's own marker (no per-line link or span), and `li:target` highlights the line a
    provenance link points at (CSS only). The markup is kept short (unquoted ids, no classes): the
    longest document has 3 590 lines and its pages must stay light.
    """
    items = [f"<li id=L{number}>{esc(text)}</li>" for number, text in enumerate(lines, start=first)]
    start = f' start="{first}"' if first != 1 else ""
    # Excluded from the search index: the full text would make every page load a far larger index.
    # Material's search parser matches excluded elements by tag name, so the exclusion sits on the <ol>
    # itself (no element of the same name inside it).
    return Markup(f'<ol class="bd-source" lang="{esc(lang)}"{start} data-search-exclude>\n'
                  + "\n".join(items) + "\n</ol>")


def parts_nav(page: PageCtx, source_id: str, current: int) -> Markup:
    """Links to every part of a long document; the current one is marked, not linked."""
    items = []
    for index, (first, last) in enumerate(page.data.source_parts[source_id]):
        label = page.t("sources.part", start=page.num(first), end=page.num(last))
        if index == current:
            items.append(f'<li><strong aria-current="page">{esc(label)}</strong></li>')
        else:
            href = page.href(part_path(source_id, index))
            items.append(f'<li><a href="{esc(href)}">{esc(label)}</a></li>')
    return Markup(f'<nav class="bd-parts" aria-label="{esc(page.t("sources.parts"))}"><ul>'
                  + "".join(items) + "</ul></nav>")


def meta_table(page: PageCtx, row: dict) -> Markup:
    meta_rows = [[page.t("sources.col.title"), page.source_title(row)]]
    if row["language"] != page.lang:
        meta_rows.append([page.t("sources.col.original_title"),
                          Markup(f'<span lang="{esc(row["language"])}" class="bd-original">{esc(row["title"])}</span>')])
    meta_rows += [
        [page.t("sources.col.description"), description(page, row)],
        [page.t("sources.col.issuer"), issuer_label(page, row)],
        [page.t("sources.col.date"), when(page, row["date"])],
        [page.t("sources.col.periods"), page.periods(row["periods"])],
        [page.t("sources.col.language"), language_name(page, row["language"])],
        [page.t("sources.col.lines"), page.num(row["line_count"])],
        [page.t("sources.col.file"), Markup(f"<code>{esc(row['path'])}</code>")],
        ["SHA-256", Markup(f"<code>{esc(row['sha256'])}</code>")],
    ]
    meta = "".join(f"<tr><th scope=\"row\">{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in meta_rows)
    return Markup(
        f'<div class="bd-table-wrap" role="region" tabindex="0" aria-label="{esc(page.t("sources.meta"))}">'
        f'<table class="bd-table"><tbody>{meta}</tbody></table></div>'
    )


def source_page(page: PageCtx, source_id: str, part: int = 0) -> str:
    """A document's page (part 0: its description and the first part of its text) or a later part."""
    row = page.data.sources[source_id]
    lines = page.data.source_lines[source_id]
    parts = page.data.source_parts[source_id]
    first, last = parts[part]
    doc_lang = str(row["language"])
    title = page.source_name(row)
    label = page.t("sources.part", start=page.num(first), end=page.num(last))
    if part == 0:
        out = [
            front_matter(title, title, hide=["toc"]),
            heading(1, title, source_id),
            "\n" + esc(page.t("sources.page_intro")) + "\n",
            block(meta_table(page, row)),
            block(el("p", page.t("sources.translation_note"), class_="bd-note")),
        ]
        out.append(heading(2, page.t("sources.text"), "text"))
    else:
        out = [
            front_matter(f"{title} · {label}", title, hide=["toc"]),
            heading(1, f"{title} · {label}", f"part-{part + 1}"),
            block(el("p", Markup(f'<a href="{esc(page.href(part_path(source_id, 0)))}">'
                                 f'{esc(page.t("sources.meta"))}</a>'))),
        ]
    if len(parts) > 1:
        out.append(block(parts_nav(page, source_id, part)))
    out.append(block(source_lines_html(lines[first - 1:last], doc_lang, first)))
    if len(parts) > 1:
        out.append(block(parts_nav(page, source_id, part)))
    return "".join(out)
