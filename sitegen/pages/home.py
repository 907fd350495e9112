"""/ : headline figures with their periods and source lines, key charts, what the site holds."""

from __future__ import annotations

from sitegen.context import PageCtx, front_matter, heading
from sitegen.html import Markup, block, el, esc
from sitegen.pages.coverage import (
    CITY_MEASURES,
    REGION_MEASURE,
    coverage_rows,
    list_total,
    national_chart,
    tile_map_chart,
)
from sitegen.pages.progress import progress_chart

SECTIONS = ["coverage", "regions", "progress", "concept", "actions", "quality", "sources", "data", "glossary", "about"]


def headline_cards(page: PageCtx) -> Markup:
    """One card per measure: the list's total coverage (count of total), its period and source lines."""
    cards = []
    for measure, area in [(REGION_MEASURE, "region")] + [(m, "city") for m in CITY_MEASURES]:
        rows = coverage_rows(page, measure, area)
        if not rows:
            continue
        count, total, percent = list_total(rows)
        lines = sorted({(str(r["source_id"]), int(r["source_line"])) for r in rows}, key=lambda x: x[1])
        links = " ".join(str(page.source_link(sid, line)) for sid, line in lines)
        scope = page.t("home.scope_regions") if area == "region" else page.t("home.scope_cities")
        period = str(rows[0]["period"])
        cards.append(
            '<div class="bd-card">'
            f'<span class="bd-card__value">{esc(page.pct(percent))}</span>'
            f'<span class="bd-card__label">{esc(page.measure(measure))}</span>'
            f'<span class="bd-card__meta">{esc(page.t("home.card_meta", count=page.num(count), total=page.num(total), scope=scope, period=period))}'
            f"<br>{esc(page.t('home.sources'))}: {links}</span>"
            "</div>"
        )
    return Markup('<div class="bd-cards">' + "".join(cards) + "</div>")


def home_page(page: PageCtx) -> str:
    package = page.data.package
    nav = "".join(
        f'<li><a href="{esc(page.href(s + "/"))}">{esc(page.t("page." + s))}</a> — {esc(page.t("home.section." + s))}</li>'
        for s in SECTIONS
    )
    parts = [
        front_matter(page.t("page.home"), page.t("home.description")),
        heading(1, page.t("home.title"), "home"),
        block(el("p", page.t("home.lead"))),
        heading(2, page.t("home.figures_heading"), "figures"),
        block(el("p", page.t("home.figures_note"), class_="bd-note")),
        block(headline_cards(page)),
        heading(2, page.t("home.charts_heading"), "charts"),
    ]
    parts.append(block(page.chart(national_chart(page))))
    parts.append(block(page.chart(tile_map_chart(page))))
    progress = progress_chart(page)
    if progress is not None:
        parts.append(block(page.chart(progress)))
    parts += [
        heading(2, page.t("home.holds_heading"), "contents"),
        block(Markup(f"<ul>{nav}</ul>")),
        heading(2, page.t("home.download_heading"), "download"),
        block(Markup(
            f"<p>{esc(page.t('home.version', version=package.version, created=package.created[:10]))} "
            f'<a href="{esc(page.href("data/"))}">{esc(page.t("home.download_link"))}</a></p>'
        )),
    ]
    return "".join(parts)
