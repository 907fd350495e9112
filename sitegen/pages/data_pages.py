"""/data/ and /data/<resource>/: downloads, and each resource's fields from the field dictionary."""

from __future__ import annotations

from sitegen.context import PageCtx, front_matter, heading
from sitegen.downloads import DUCKDB_NAME, ZIP_NAME
from sitegen.html import Markup, block, el, esc, table

PREVIEW_ROWS = 10
FORMAT_LABELS = [("csv", "CSV"), ("bom.csv", "CSV (BOM)"), ("xlsx", "XLSX"), ("json", "JSON"), ("parquet", "Parquet")]


def download_links(page: PageCtx, name: str) -> Markup:
    links = " · ".join(
        f'<a href="{esc(page.asset(f"downloads/{name}.{ext}"))}" download>{esc(label)}</a>'
        for ext, label in FORMAT_LABELS
    )
    return Markup(f'<span class="bd-downloads">{links}</span>')


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
    whole = Markup(
        "<ul>"
        f'<li><a href="{esc(page.asset("downloads/" + ZIP_NAME))}" download>{esc(page.t("data.zip"))}</a></li>'
        f'<li><a href="{esc(page.asset("downloads/" + DUCKDB_NAME))}" download>{esc(page.t("data.duckdb"))}</a></li>'
        f'<li><a href="{esc(page.asset("downloads/datapackage.json"))}" download>datapackage.json</a></li>'
        "</ul>"
    )
    return (
        front_matter(page.t("page.data"), page.t("data.description"))
        + heading(1, page.t("page.data"), "data")
        + block(el("p", page.t("data.intro", version=package.version, created=package.created[:10])))
        + heading(2, page.t("data.whole_heading"), "package")
        + block(whole)
        + heading(2, page.t("data.resources_heading"), "resources")
        + block(el("p", page.t("data.formats_note")))
        + block(table(headers, rows, numeric=[2], label=page.t("data.resources_heading")))
    )


def constraints_text(field: dict) -> str:
    c = field.get("constraints", {})
    parts = []
    for key in sorted(c):
        value = c[key]
        if key == "enum":
            value = ", ".join(str(v) for v in value)
        parts.append(f"{key}: {value}")
    return "; ".join(parts)


def resource_page(page: PageCtx, name: str) -> str:
    package = page.data.package
    info = package.resource(name)
    fields = package.fields(name)
    field_rows = [
        [Markup(f"<code>{esc(f['name'])}</code>"), f.get("type", "string"), f.get("description", ""),
         constraints_text(f)]
        for f in fields
    ]
    preview_fields = [f["name"] for f in fields]
    preview = [[("" if r.get(f) is None else r.get(f)) for f in preview_fields]
               for r in package.table(name)[:PREVIEW_ROWS]]
    keys = ", ".join(info.get("schema", {}).get("primaryKey", []))
    return (
        front_matter(resource_title(page, name), str(info.get("description", "")))
        + heading(1, resource_title(page, name), name)
        + block(el("p", info.get("description", "")))
        + block(Markup(f"<p>{esc(page.t('data.col.downloads'))}: {download_links(page, name)}</p>"))
        + block(el("p", page.t("data.resource_facts", rows=page.num(len(package.table(name))), pkey=keys)))
        + heading(2, page.t("data.fields_heading"), "fields")
        + block(el("p", page.t("data.fields_note"), class_="bd-note"))
        + block(table([page.t("data.col.field"), page.t("data.col.type"), page.t("data.col.description"),
                       page.t("data.col.constraints")], field_rows, label=page.t("data.fields_heading"),
                      searchable=False))
        + heading(2, page.t("data.preview_heading"), "preview")
        + block(table(preview_fields, preview, label=page.t("data.preview_heading"),
                      caption=page.t("data.preview_caption", n=min(PREVIEW_ROWS, len(package.table(name)))),
                      searchable=False))
    )
