"""Small HTML builders. Every piece of text passes through `esc`; only builders return raw markup.

Pages are Markdown files whose body is mostly raw HTML blocks: Markdown leaves the inside of a block
element alone, so text quoted from the documents (with its `**`, `_`, `<` and `|`) is shown exactly,
escaped once, and never read as Markdown.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sitegen.i18n import DEFAULT_LANG


class Markup(str):
    """A string that is already HTML (built here), not text to escape."""


def esc(text: object) -> Markup:
    if isinstance(text, Markup):
        return text
    return Markup(html.escape("" if text is None else str(text), quote=True))


def attrs(**values: object) -> str:
    """Attributes in the given order; `class_` → class, `data_x` → data-x; None and False are left out."""
    parts = []
    for key, value in values.items():
        if value is None or value is False:
            continue
        name = key.rstrip("_").replace("_", "-")
        parts.append(f" {name}" if value is True else f' {name}="{esc(value)}"')
    return "".join(parts)


def el(tag: str, content: object = "", **attributes: object) -> Markup:
    return Markup(f"<{tag}{attrs(**attributes)}>{esc(content)}</{tag}>")


def join(parts: Iterable[object], sep: str = "") -> Markup:
    return Markup(esc(sep).join(esc(p) for p in parts))


# --- URLs -------------------------------------------------------------------------------------------

def page_url(lang: str, path: str) -> str:
    """Site-root-relative URL of a page: ('ru', 'regions/kz-75/') → 'ru/regions/kz-75/'."""
    path = path.lstrip("/")
    return path if lang == DEFAULT_LANG else f"{lang}/{path}"


def rel(from_url: str, to_url: str) -> str:
    """Relative href from the page at `from_url` to `to_url` (both site-root-relative)."""
    target, _, fragment = to_url.partition("#")
    base = from_url if from_url.endswith("/") or from_url == "" else posixpath.dirname(from_url) + "/"
    relative = posixpath.relpath("/" + target, "/" + base) if target else ""
    if target.endswith("/") and relative not in ("", ".") and not relative.endswith("/"):
        relative += "/"
    if relative == ".":
        relative = "./"
    return relative + (f"#{fragment}" if fragment else "")


@dataclass(frozen=True)
class Ctx:
    """Where a page is: its language and site-root-relative URL, for links and strings."""

    lang: str
    url: str

    def href(self, path: str, lang: str | None = None) -> str:
        """Link to a page path of this (or another) language, e.g. 'regions/kz-75/'."""
        return rel(self.url, page_url(lang or self.lang, path))

    def asset(self, path: str) -> str:
        """Link to a language-independent file at the site root, e.g. 'downloads/regions.csv'."""
        return rel(self.url, path)


# --- Blocks -----------------------------------------------------------------------------------------

# A cell of at most this many characters is kept on one line (class bd-nw): a place, a code, a rank, a
# document's line. A line may break after a hyphen, which would part a number from its Kazakh ending
# ("20-/дан 16-/шы", "004-/құжат") in a column the phone's width narrows.
SHORT_CELL = 24


def short(cell: object) -> str:
    """' class="bd-nw"' for a cell whose text is short (SHORT_CELL), else ''."""
    text = html.unescape(re.sub(r"<[^>]+>", "", str(esc(cell))))
    return ' class="bd-nw"' if 0 < len(text) <= SHORT_CELL else ""


def table(
    headers: Sequence[object],
    rows: Iterable[Sequence[object]],
    *,
    caption: object = None,
    numeric: Sequence[int] = (),
    label: str | None = None,
    row_attrs: Sequence[dict] | None = None,
    table_id: str | None = None,
    searchable: bool = True,
) -> Markup:
    """A table in a horizontally scrolling, keyboard-focusable region (WCAG: scrollable content).

    `searchable=False` keeps the table out of the search index, which every page loads: for tables
    whose text is repeated elsewhere or is no use to search (data previews).
    """
    num = ' class="num"'
    head = "".join(f'<th scope="col"{num if i in numeric else ""}>{esc(h)}</th>' for i, h in enumerate(headers))
    body = []
    for index, row in enumerate(rows):
        extra = attrs(**row_attrs[index]) if row_attrs else ""
        cells = "".join(f'<td{num if i in numeric else short(c)}>{esc(c)}</td>' for i, c in enumerate(row))
        body.append(f"<tr{extra}>{cells}</tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    region = attrs(class_="bd-table-wrap", role="region", tabindex="0", aria_label=label or caption or None,
                   data_search_exclude=not searchable)
    return Markup(
        f'<div{region}><table class="bd-table"{attrs(id=table_id)}>{cap}<thead><tr>{head}</tr></thead>'
        f'<tbody>{"".join(body)}</tbody></table></div>'
    )


def block(markup: object) -> str:
    """A raw HTML block for a Markdown page: blank lines around it, none inside it."""
    text = str(esc(markup))
    return "\n" + "\n".join(line for line in text.split("\n") if line.strip()) + "\n"
