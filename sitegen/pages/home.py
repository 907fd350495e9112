"""/ : headline figures with their periods and source lines, key charts, what the site holds."""

from __future__ import annotations

from pipelines.language import grammar
from sitegen.context import PageCtx, front_matter, heading
from sitegen.data import Row
from sitegen.html import Markup, block, el, esc
from sitegen.pages.coverage import (
    CITY_MEASURES,
    REGION_MEASURE,
    counted,
    coverage_periods,
    coverage_rows,
    latest_period,
    list_total,
    national_chart,
    period_nav,
    period_page,
    tile_map_chart,
)
from sitegen.pages.progress import all_periods, progress_chart, range_label
from sitegen.periods import Period, period_label


def section_counts(page: PageCtx) -> dict[str, object]:
    """What the sections hold, counted in the data and written with their nouns: documents, regions,
    indicators, actions (each also in the genitive, `<name>_gen`, and as the number alone, `<name>_n`), the measures of the lists (a number, for
    `{measures:n=measure}`), and the span of the periods."""
    counts = {"documents": (len(page.data.sources), "document"), "regions": (len(page.data.regions), "region"),
              "indicators": (len(page.data.optional("concept_indicators")), "indicator"),
              "actions": (len(page.data.optional("concept_actions")), "action")}
    out = {}
    for name, (n, noun) in counts.items():
        found = counted(page, n, noun)
        out[name], out[f"{name}_gen"] = found["nom"], found["gen"]
        out[f"{name}_n"] = page.num(n)  # the number alone, after the noun it counts: "the actions (180)"
    spans = all_periods(page)
    first, last = (spans[0].code, spans[-1].code) if spans else ("", "")
    out["measures"] = len({r["measure"] for r in page.data.optional("security_coverage")})
    out["range"] = range_label(page, first, last) if spans else ""
    out["range_attr"] = range_label(page, first, last, attributive=True) if spans else ""
    return out


SECTIONS = ["coverage", "regions", "progress", "concept", "actions", "quality", "sources", "data", "glossary", "about"]


def latest_of(page: PageCtx, measure: str, area: str) -> tuple[Period, list[Row]] | None:
    """The latest period that has this list, and its rows."""
    for period in reversed(coverage_periods(page.data)):
        rows = coverage_rows(page, measure, area, period.code)
        if rows:
            return period, rows
    return None


def headline_cards(page: PageCtx) -> Markup:
    """One card per measure: its list's total coverage in the list's latest period (count of total),
    the period in words and the source lines."""
    cards = []
    for measure, area in [(REGION_MEASURE, "region")] + [(m, "city") for m in CITY_MEASURES]:
        found = latest_of(page, measure, area)
        if found is None:
            continue
        period, rows = found
        count, total, percent = list_total(rows)
        lines = sorted({(str(r["source_id"]), int(r["source_line"])) for r in rows}, key=lambda x: x[1])
        links = page.source_links(lines)
        # The total is a sum of the list's rows: it carries every flag one of them carries.
        flags = ";".join(sorted({c for r in rows for c in str(r.get("flags") or "").split(";") if c}))
        if area == "region":
            scope = grammar.count_noun(len({r["region_code"] for r in rows}), "region", page.lang)
        else:
            scope = page.t("home.scope_cities")
        cards.append(
            # Blocks, not spans: the value, the label and the note are separate words for search and
            # for a screen reader ("Licensed security" then "1,911 of 2,621", never "security1,911").
            '<div class="bd-card">'
            f'<div class="bd-card__value">{esc(page.pct(percent))}</div>'
            f'<div class="bd-card__label">{esc(page.measure(measure))}</div>'
            f'<div class="bd-card__meta">{esc(page.t("home.card_meta", of_total=grammar.count_of_total(count, total, page.lang, "organisation"), scope=scope, period=period_label(period.code, page.lang)))}'
            f"<br>{esc(page.t('home.sources'))}: {links} {page.flags_html(flags)}</div>"
            "</div>"
        )
    return Markup('<div class="bd-cards">' + "".join(cards) + "</div>")


def home_page(page: PageCtx) -> str:
    package = page.data.package
    counts = section_counts(page)
    nav = "".join(
        f'<li><a href="{esc(page.href(s + "/"))}">{esc(page.t("page." + s))}</a> — '
        f'{esc(page.t("home.section." + s, **counts))}</li>'
        for s in SECTIONS
    )
    latest = latest_period(page.data)
    assert latest is not None  # the page needs security_coverage (see generate.PageSpec.needs)
    parts = [
        front_matter(page.t("page.home"), page.t("home.description")),
        heading(1, page.t("home.title"), "home"),
        block(el("p", page.t("home.lead", documents_n=counts["documents_n"]))),
        heading(2, page.t("home.figures_heading"), "figures"),
        block(el("p", page.t("home.figures_note"), class_="bd-note")),
        block(headline_cards(page)),
    ]
    switch = period_nav(page, latest, lambda p: page.href(period_page(page.data, p)))
    if switch:
        parts.append(block(switch))
    parts.append(heading(2, page.t("home.charts_heading"), "charts"))
    parts.append(block(page.chart(national_chart(page, latest))))
    parts.append(block(page.chart(tile_map_chart(page, latest))))
    progress = progress_chart(page)
    if progress is not None:
        parts.append(block(page.chart(progress)))
    parts += [
        heading(2, page.t("home.holds_heading"), "contents"),
        block(Markup(f"<ul>{nav}</ul>")),
        heading(2, page.t("home.download_heading"), "download"),
        block(Markup(
            f"<p>{esc(grammar.sentence(page.t('home.version', version=package.version, created=grammar.date_label(package.created[:10], page.lang))))} "
            f'<a href="{esc(page.href("data/"))}">{esc(page.t("home.download_link"))}</a></p>'
        )),
    ]
    return "".join(parts)
