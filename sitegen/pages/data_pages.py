"""/data/ and /data/<resource>/: downloads, and each resource's fields from the field dictionary."""

from __future__ import annotations

import functools
import re

from pipelines.language import grammar
from pipelines.paths import TRANSLATIONS
from pipelines.publish.fields import DOCUMENT, text_language
from pipelines.yaml_files import read_yaml
from sitegen.context import PageCtx, SiteData, front_matter, heading
from sitegen.data import Row, split_refs
from sitegen.downloads import (
    DESCRIPTOR,
    DUCKDB_NAME,
    FORMATS,
    LOADERS,
    ZIP_NAME,
    duckdb_oldest_release,
    format_path,
    load_with_types,
)
from sitegen.html import Markup, block, el, esc, table
from sitegen.issues import quote_language, quoted_minor
from sitegen.paths import DOCS, DOWNLOADS
from sitegen.search import RESOURCE_BOOST

PREVIEW_ROWS = 10
# Where the downloads are served, below the site root.
DOWNLOADS_URL = DOWNLOADS.relative_to(DOCS).as_posix() + "/"
WHICH_ANCHOR = "which-file"
KEYS_MARK = "\ue000"  # where the primary key's field names, as code, go into a sentence


def download_links(page: PageCtx, name: str) -> Markup:
    """Every format of a resource, spreadsheets first, each where the published package has it."""
    package = page.data.package
    links = " · ".join(
        f'<a href="{esc(page.asset(DOWNLOADS_URL + format_path(package, name, f.suffix)))}" download>'
        f"{esc(page.t(f.label))}</a>"
        for f in FORMATS
    )
    return Markup(f'<span class="bd-downloads">{links}</span>')


def with_code(text: str, code: str) -> Markup:
    """`text` (a translated string holding '{code}' once) with `code` set in <code>."""
    before, _, after = text.partition("\0")
    return Markup(f"{esc(before)}<code>{esc(code)}</code>{esc(after)}")


def published_url(page: PageCtx, path: str) -> str:
    """The address a download is published at: the package's home page, the downloads' folder, `path`
    (relative to that folder, as the descriptor places the file)."""
    return str(page.data.package.descriptor.get("homepage", "")) + DOWNLOADS_URL + path


def which_file(page: PageCtx) -> Markup:
    """Which file serves whom: spreadsheets (XLSX first), spreadsheets in kk/ru settings, programs, the
    files under each chart, Frictionless by URL."""
    url = published_url(page, DESCRIPTOR)
    items = [
        esc(page.t("downloads.which.xlsx")),
        esc(page.t("downloads.which.locale_csv")),
        esc(page.t("downloads.which.programs", duckdb=duckdb_oldest_release())),
        esc(page.t("downloads.which.charts")),
        with_code(page.t("downloads.which.frictionless", code="\0"), f'Package("{url}")'),
    ]
    return Markup("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")


@functools.cache
def _descriptions() -> dict:
    """data/translations/fields.yml: the field dictionary's descriptions in Kazakh and Russian."""
    return read_yaml(TRANSLATIONS / "fields.yml") or {}


# Names kept from the field dictionary as code (fields, resources, values): in Kazakh and Russian every
# word in lower-case Latin letters (cctv_police_link, national, briefing), in English the snake_case ones
# and those in backticks; in every language a value's code given as an example, a quarter's or a PISA
# cycle's (2023-Q1, PISA-2025), which readers otherwise meet in words. Dates the dictionary writes as ISO
# dates are shown in words.
_VALUE_CODE = r"|(?<![\w/.`-])(?:\d{4}-Q[1-4]|[A-Z]{2,}-\d{4})(?![\w/`-])"
_CODE_NAME = {
    "kk": re.compile(r"`([^`]+)`|(?<![\w/.`-])[a-z][a-z0-9]*(?:_[a-z0-9]+)*(?![\w/`-])" + _VALUE_CODE),
    "ru": re.compile(r"`([^`]+)`|(?<![\w/.`-])[a-z][a-z0-9]*(?:_[a-z0-9]+)*(?![\w/`-])" + _VALUE_CODE),
    "en": re.compile(r"`([^`]+)`|(?<![\w/.`-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/`-])" + _VALUE_CODE),
}
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def described(page: PageCtx, name: str, english: object, field: str | None = None) -> Markup:
    """The description of a resource (field None) or of one of its fields in the page's language: the
    English of the field dictionary, or its Kazakh or Russian translation (the tests require one for
    every resource and field), its code names marked as code, and each quotation of a document's
    wording («в 11 раз», “(по согласованию)”) marked with its language when that is not the page's."""
    text = str(english or "")
    if page.lang != "en":
        entry = _descriptions().get(name) or {}
        texts = (entry.get("fields") or {}).get(field) if field else entry.get("description")
        text = str((texts or {}).get(page.lang) or english or "")
    text = _ISO_DATE.sub(lambda m: page.date(m.group(0)), text)
    start, end = grammar.quotation_marks(page.lang)[:2]
    quotation = re.compile(f"{re.escape(start)}[^{re.escape(start + end)}]*{re.escape(end)}")
    parts, last = [], 0
    for match in quotation.finditer(text):
        said = dictionary_quote_language(match.group(0)[1:-1], page.data)
        quoted = esc(match.group(0))
        parts += [_with_code_names(text[last:match.start()], page.lang),
                  f'<span lang="{said}">{quoted}</span>' if said and said != page.lang else str(quoted)]
        last = match.end()
    return Markup("".join(parts) + _with_code_names(text[last:], page.lang))


def _with_code_names(text: str, lang: str) -> str:
    """`text` as HTML, the code names in it (`_CODE_NAME`) in <code>."""
    parts, last = [], 0
    for match in _CODE_NAME[lang].finditer(text):
        parts += [str(esc(text[last:match.start()])), f"<code>{esc(match.group(1) or match.group(0))}</code>"]
        last = match.end()
    return "".join(parts) + str(esc(text[last:]))


def dictionary_quote_language(quote: str, data: SiteData) -> str:
    """The language of a quotation in the field dictionary: that of the document that holds it
    (`quote_language` over every document), else, for a document's wording with its number left out
    ("Целевой индикатор N", "в 11 раз"), Kazakh when it has a letter of Kazakh's own, Russian when it has
    other Cyrillic letters (the dictionary quotes the documents, in these two languages); none for a
    sign ("«;»")."""
    said = quote_language(quote, [(sid, 0) for sid in data.source_lines], data)
    if said or not _CYRILLIC.search(quote):
        return said
    return "kk" if _KAZAKH_LETTERS & set(quote) else "ru"


def resource_title(page: PageCtx, name: str) -> str:
    key = f"resource.{name}"
    return page.t(key) if page.strings.has(key) else name


def data_index(page: PageCtx) -> str:
    package = page.data.package
    rows = []
    for name in package.resource_names():
        link = Markup(f'<a href="{esc(page.href(f"data/{name}/"))}"><code>{esc(name)}</code></a>')
        rows.append([link, resource_title(page, name), page.num(len(package.table(name))), download_links(page, name)])
    headers = [page.t("data.col.resource"), page.t("data.col.title"), page.t("data.col.rows"),
               page.t("data.col.downloads")]
    whole = [
        (ZIP_NAME, page.t("downloads.zip")),
        (DUCKDB_NAME, page.t("downloads.duckdb", duckdb=duckdb_oldest_release())),
        (DESCRIPTOR, page.t("downloads.descriptor")),
    ]
    items = "".join(f'<li><a href="{esc(page.asset(DOWNLOADS_URL + path))}" download>{esc(label)}</a></li>'
                    for path, label in whole)
    return (
        front_matter(page.t("page.data"), page.t("downloads.description"))
        + heading(1, page.t("page.data"), "data")
        + block(el("p", page.t("data.intro", version=package.version, created=package.created[:10])))
        + heading(2, page.t("downloads.which_heading"), WHICH_ANCHOR)
        + block(which_file(page))
        + heading(2, page.t("data.whole_heading"), "package")
        + block(Markup(f"<ul>{items}</ul>"))
        + heading(2, page.t("data.resources_heading"), "resources")
        + block(table(headers, rows, numeric=[2], label=page.t("data.resources_heading")))
    )


def constraints_html(page: PageCtx, field: dict) -> Markup:
    """A field's Table Schema constraints as a reader of the page's language reads them: each named in its
    words ("міндетті", "обязательное", "required"; a constraint without its words in the interface strings
    raises KeyError), its value a number in the language's notation or, a pattern and the allowed values,
    code as it is."""
    parts = []
    for key, value in sorted(field.get("constraints", {}).items()):
        name = esc(page.t(f"data.constraint.{key}"))
        if value is True:
            parts.append(str(name))
        elif key == "enum":
            parts.append(f"{name}: " + ", ".join(f"<code>{esc(v)}</code>" for v in value))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            parts.append(f"{name}: {esc(page.num(value))}")
        else:
            parts.append(f"{name}: <code>{esc(value)}</code>")
    return Markup("; ".join(parts))


def in_language(page: PageCtx, resource: str, field: dict, row: Row) -> object:
    """A preview cell marked with its language when it is not the page's, for screen readers and
    translators: the language the field dictionary gives its field (`fields.text_language`: by its
    suffix, text_ru; as declared, issuer in English; the row's document's for its text as printed);
    numbers and codes as they are. A quality issue's description marks its quotations as /quality/ does."""
    name = field["name"]
    value = "" if row.get(name) is None else row.get(name)
    if isinstance(value, bool):
        value = "true" if value else "false"  # as the CSV publishes it (Python's repr is False)
    if field.get("type") == "boolean" or (field.get("constraints") or {}).get("enum"):
        # A code (an enum's value, a truth value): read as code, not as a word of the page's language.
        return Markup(f"<code>{esc(value)}</code>") if value != "" else value
    if not isinstance(value, str) or not re.search(r"[^\W\d_]", value):
        return value
    lang = text_language(resource, name)
    if lang == DOCUMENT:
        lang = str(page.data.sources.get(str(row.get("source_id") or ""), {}).get("language") or "")
    html = None
    if resource == "quality_issues" and name.startswith("description_") and lang:
        refs = split_refs(row.get("source_refs"))
        html = Markup(quoted_minor(value, lang, lambda quote: quote_language(quote, refs, page.data)))
    if lang and lang != page.lang:
        return Markup(f'<span lang="{lang}">{html if html is not None else esc(value)}</span>')
    return html if html is not None else value


def loading_lines(page: PageCtx, name: str) -> Markup:
    """The lines that load the resource's CSV for code, from its published address, with every column of
    the type its field declares (DuckDB SQL, then Python with Polars and with pandas): what the readers'
    guessing gets wrong is said first."""
    url = published_url(page, format_path(page.data.package, name, ".csv"))
    lines = load_with_types(page.data.package.fields(name), url)
    parts = [el("p", page.t("data.load_intro"))]
    for key, label in LOADERS.items():
        parts.append(el("p", label))
        parts.append(Markup(f'<pre class="bd-load" translate="no"><code>{esc(lines[key])}</code></pre>'))
    # Code, not words a reader looks for: the field names are indexed with the table of fields.
    return Markup('<div data-search-exclude>' + "".join(str(part) for part in parts) + "</div>")


def resource_page(page: PageCtx, name: str) -> str:
    package = page.data.package
    info = package.resource(name)
    fields = package.fields(name)
    field_rows = [
        [Markup(f"<code>{esc(f['name'])}</code>"), Markup(f"<code>{esc(f.get('type', 'string'))}</code>"),
         described(page, name, f.get("description", ""), f["name"]),
         constraints_html(page, f)]
        for f in fields
    ]
    preview_fields = [Markup(f"<code>{esc(f['name'])}</code>") for f in fields]  # field names: code, as above
    preview = [[in_language(page, name, f, r) for f in fields] for r in package.table(name)[:PREVIEW_ROWS]]
    keys = ", ".join(f"<code>{esc(k)}</code>" for k in info.get("schema", {}).get("primaryKey", []))
    return (
        front_matter(resource_title(page, name), page.t("data.resource_meta", title=resource_title(page, name),
                                                         rows=page.num(len(package.table(name)))),
                     search={"boost": RESOURCE_BOOST})  # after the pages that show the facts (sitegen/search.py)
        + heading(1, resource_title(page, name), name)
        + block(el("p", described(page, name, info.get("description", ""))))
        + block(Markup(f"<p>{esc(page.t('data.col.downloads'))}: {download_links(page, name)} "
                       f'(<a href="{esc(page.href("data/") + "#" + WHICH_ANCHOR)}">'
                       f'{esc(page.t("downloads.which_heading"))}</a>)</p>'))
        + block(Markup("<p>" + str(esc(page.t("data.resource_facts", rows=page.num(len(package.table(name))),
                                                  pkey=KEYS_MARK))).replace(KEYS_MARK, keys) + "</p>"))
        + heading(2, page.t("data.fields_heading"), "fields")
        + block(el("p", page.t("data.fields_translation_note"), class_="bd-note"))
        + block(table([page.t("data.col.field"), page.t("data.col.type"), page.t("data.col.description"),
                       page.t("data.col.constraints")], field_rows, label=page.t("data.fields_heading"),
                      searchable=False))
        + heading(2, page.t("data.load_heading"), "load")
        + block(loading_lines(page, name))
        + heading(2, page.t("data.preview_heading"), "preview")
        # The data as published, in whatever language each field holds: not ours to translate.
        + block(Markup('<div translate="no">'
                       + table(preview_fields, preview, label=page.t("data.preview_heading"),
                               caption=page.t("data.preview_caption", n=min(PREVIEW_ROWS, len(package.table(name)))),
                               searchable=False)
                       + "</div>"))
    )
