"""/sources/ and /sources/<source_id>/: every document in full, one anchor per line (#L123).

A long document is split over several pages (/sources/<source_id>/part-2/, …; see PART_BYTES) so that
every page stays light; provenance links point at the part that holds the line.
"""

from __future__ import annotations

import re

from pipelines.language.terms import default_terminology
from sitegen.context import PageCtx, front_matter, heading, part_path
from sitegen.html import Markup, block, el, esc, table

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def source_title(page: PageCtx, row: dict) -> str:
    """The document's own title, with the English descriptive title on the English site."""
    return str(row["title_en"] if page.lang == "en" else row["title"])


def when(page: PageCtx, code: object) -> str:
    """A document's date in words: a full date as a date, a month or a year as a period."""
    text = str(code or "")
    return page.date(text) if DATE.match(text) else page.period(text)


def language_name(page: PageCtx, code: object) -> str:
    return page.term(f"language.{code}")


def _split_top_level(text: str) -> list[str]:
    """Parts of a list separated by commas outside parentheses."""
    parts, depth, current = [], 0, []
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    parts.append("".join(current).strip())
    return [p for p in parts if p]


def _by_english(page: PageCtx, text: str, prefixes: tuple[str, ...]) -> str | None:
    """The term (of the given kinds) whose English name or short name is `text`, in the page's language."""
    table = default_terminology()
    for key in table.term_keys():
        if not key.startswith(prefixes):
            continue
        english = table.entry(key)["en"]
        forms = {"one": english} if isinstance(english, str) else dict(english)
        for form, name in forms.items():
            if name == text:
                return page.term(key, form="short" if form == "short" else None)
    return None


def _issuer_part(page: PageCtx, part: str) -> Markup:
    """One body, or an office and its holder, of an issuer in the page's language, by their English names
    in the terminology table; text it does not know stays English (and is marked so)."""
    name = re.sub(r"\s*\([^)]*\)$", "", part).strip()
    body = _by_english(page, name, ("body.",))
    if body:
        return esc(body)
    for key in default_terminology().term_keys():
        if key.startswith("office."):
            office = str(default_terminology().entry(key)["en"])
            holder = _by_english(page, name.removeprefix(office).strip(), ("person.",))
            if name.startswith(office + " ") and holder:
                return esc(f"{page.term(key)} {holder}")
    return Markup(f'<span lang="en">{esc(part)}</span>')


def issuer_label(page: PageCtx, issuer: object) -> Markup:
    """Who issued a document, in the page's language (the English record as it is on the English site)."""
    text = str(issuer or "")
    if page.lang == "en":
        return esc(text)
    return Markup(", ".join(_issuer_part(page, part) for part in _split_top_level(text)))


def sources_index(page: PageCtx) -> str:
    rows = []
    for sid, row in page.data.sources.items():
        marked = f' lang="{esc(row["language"])}"' if page.lang != "en" and row["language"] != page.lang else ""
        link = Markup(f'<a href="{esc(page.href(f"sources/{sid}/"))}"{marked}>{esc(source_title(page, row))}</a>')
        rows.append([link, when(page, row["date"]), language_name(page, row["language"]), page.num(row["line_count"]),
                     sid])
    headers = [page.t("sources.col.title"), page.t("sources.col.date"), page.t("sources.col.language"),
               page.t("sources.col.lines"), page.t("sources.col.id")]
    return (
        front_matter(page.t("page.sources"), page.t("sources.description"))
        + heading(1, page.t("page.sources"), "sources")
        + "\n" + page.t("sources.intro") + "\n"
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
    meta_rows = [
        [page.t("sources.col.title"), Markup(f'<span lang="{esc(row["language"])}">{esc(row["title"])}</span>')],
        [page.t("sources.col.title_en"), Markup(f'<span lang="en">{esc(row["title_en"])}</span>')
         if page.lang != "en" else row["title_en"]],
        [page.t("sources.col.issuer"), issuer_label(page, row["issuer"])],
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
    title = source_title(page, row)
    label = page.t("sources.part", start=page.num(first), end=page.num(last))
    if part == 0:
        out = [
            front_matter(title, title, hide=["toc"]),
            heading(1, title, source_id),
            "\n" + esc(page.t("sources.page_intro")) + "\n",
            block(meta_table(page, row)),
        ]
        if page.lang == "en":
            out.append(block(el("p", row["description_en"])))
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
