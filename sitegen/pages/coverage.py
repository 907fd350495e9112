"""/coverage/: the four security measures nationally, by region (CCTV–police link) and by large city.

Every figure belongs to the period of its quarterly note. /coverage/ shows the latest period; each
earlier one has a page of its own (/coverage/2023-q1/), reached by the period switch at the top. Sums,
shares and ranks are taken within one period: `list_total` and `ranks` refuse rows of two periods.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from decimal import Decimal

from pipelines.language import grammar
from pipelines.language.numbers import format_percent
from pipelines.normalise.security_coverage import percent_one_decimal
from pipelines.vocabularies import LIST_MEASURES, LIST_ORG_TYPES
from sitegen import charts
from sitegen.charts import Chart
from sitegen.context import PageCtx, SiteData, front_matter, heading
from sitegen.data import Row
from sitegen.html import Markup, block, el, esc, table
from sitegen.i18n import inner_label
from sitegen.periods import Period, period_label, periods
from sitegen.search import EARLIER_BOOST

ORG_TYPES = list(LIST_ORG_TYPES)
(REGION_MEASURE,) = (measure for measure, area in LIST_MEASURES.items() if area == "region")
CITY_MEASURES = [measure for measure, area in LIST_MEASURES.items() if area == "city"]

# Tile-grid positions (column, row) of the units, roughly as they lie on the map: west to east,
# north to south. Chosen by hand; no boundary file is needed for a tile map.
TILE_GRID: dict[str, tuple[int, int]] = {
    "KZ-59": (3, 0),
    "KZ-27": (0, 1), "KZ-15": (1, 1), "KZ-39": (2, 1), "KZ-11": (3, 1), "KZ-71": (4, 1), "KZ-55": (5, 1),
    "KZ-23": (0, 2), "KZ-62": (2, 2), "KZ-35": (3, 2), "KZ-10": (4, 2), "KZ-63": (5, 2),
    "KZ-47": (0, 3), "KZ-43": (1, 3), "KZ-61": (2, 3), "KZ-31": (3, 3), "KZ-19": (4, 3), "KZ-33": (5, 3),
    "KZ-79": (2, 4), "KZ-75": (4, 4),
}


class MixedPeriods(ValueError):
    """Rows of more than one period were to be added up or ranked together."""


# --- Periods ----------------------------------------------------------------------------------------------

def coverage_periods(data: SiteData) -> list[Period]:
    """The periods of the security lists, oldest first (empty when the package has none)."""
    return periods(r["period"] for r in data.optional("security_coverage"))


def latest_period(data: SiteData) -> Period | None:
    found = coverage_periods(data)
    return found[-1] if found else None


def earlier_periods(data: SiteData) -> list[Period]:
    """Every period but the latest, newest first: the pages of /coverage/<period>/."""
    return coverage_periods(data)[:-1][::-1]


def period_page(data: SiteData, period: Period) -> str:
    """Page path of the coverage page of a period: the latest is /coverage/ itself."""
    latest = latest_period(data)
    return "coverage/" if latest is None or period.code == latest.code else f"coverage/{period.slug}/"


def period_nav(page: PageCtx, current: Period, href: Callable[[Period], str]) -> Markup:
    """The period switch: every period, newest first, the current one marked and the others linked.

    Plain links (to other pages or to sections of this one), so it works without scripts. Nothing
    when there is one period only: there is nothing to switch to.
    """
    found = coverage_periods(page.data)
    if len(found) < 2:
        return Markup("")
    items = []
    for item in reversed(found):
        label = period_label(item.code, page.lang)
        if item.code == current.code:
            items.append(f'<li><strong aria-current="page">{esc(label)}</strong></li>')
        else:
            items.append(f'<li><a href="{esc(href(item))}">{esc(label)}</a></li>')
    title = page.t("coverage.periods")
    return Markup(f'<nav class="bd-parts bd-periods" aria-label="{esc(title)}">'
                  f'<span class="bd-note">{esc(title)}:</span><ul>{"".join(items)}</ul></nav>')


def full_stop(markup: Markup) -> Markup:
    """Markup ending a sentence with one full stop (none more after a text that ends with one)."""
    text = re.sub(r"<[^>]+>", "", str(markup)).rstrip()
    return markup if text.endswith((".", "!", "?", "…")) else Markup(markup + ".")


def documents_of(page: PageCtx, rows: Iterable[Row]) -> Markup:
    """The documents the rows come from, each named and linked to its page; a title in the project's
    translation (the document is in another language than the page) is marked unofficial, with the title
    as printed beside it in its own language (`title_translated`)."""
    names = []
    for source_id in sorted({str(r["source_id"]) for r in rows}):
        row = page.data.sources.get(source_id, {})
        title = row.get(f"title_{page.lang}") or row.get("title")
        # Notes of different quarters may share a printed title (every Kazakh note is «Ақпарат»): then a
        # document of one period is named with its period.
        period = page.title_shared_period(row) if row else None
        if period:
            doc = page.t("coverage.document_period", title=title or source_id, doc=source_id[:3], p=period)
        else:
            doc = page.t("coverage.document", title=title or source_id, doc=source_id[:3])
        names.append(f'<a href="{esc(page.href(f"sources/{source_id}/"))}">{esc(doc)}</a>'
                     + title_translated(page, row))
    return Markup(", ".join(names))


ORIGINAL_MARK = "\ue001"  # where the title as printed, marked with its language, goes into the sentence


def title_translated(page: PageCtx, row: Row) -> str:
    """", the title in an unofficial translation (original: “Ақпарат”)" after a document the page names in
    the project's translation of its title; nothing when the page shows the title as printed."""
    language = str(row.get("language") or "")
    if not row.get(f"title_{page.lang}") or language in ("", page.lang):
        return ""
    original = f'<span lang="{esc(language)}">{esc(grammar.quoted(str(row["title"]), page.lang))}</span>'
    return ", " + str(esc(page.t("coverage.title_translated", original=ORIGINAL_MARK))).replace(ORIGINAL_MARK, original)


# --- Rows, sums and ranks ---------------------------------------------------------------------------------

def coverage_rows(page: PageCtx, measure: str, area_type: str, period: str) -> list[Row]:
    """One list (measure × area type) of one period, in a stable order."""
    return sorted(
        (r for r in page.data.package.table("security_coverage")
         if r["measure"] == measure and r["area_type"] == area_type and r["period"] == period),
        key=lambda r: (str(r["org_type"]), str(r["region_code"]), str(r["city_group"] or "")),
    )


def measures_listed(page: PageCtx, period: str, area_type: str | None = None) -> int:
    """How many measures the lists of a period cover (of one area type, or all)."""
    return len({r["measure"] for r in page.data.package.table("security_coverage")
                if r["period"] == period and area_type in (None, r["area_type"])})


def one_period(rows: list[Row]) -> str | None:
    """The period all rows share. Raises MixedPeriods when they do not."""
    found = {str(r["period"]) for r in rows}
    if len(found) > 1:
        raise MixedPeriods(f"rows of several periods taken together: {sorted(found)}")
    return found.pop() if found else None


def list_total(rows: Iterable[Row]) -> tuple[int, int, float | None]:
    """Sum of counts and totals of a list of one period, and the percent they give (one decimal)."""
    rows = list(rows)
    one_period(rows)
    count = sum(int(r["count"] or 0) for r in rows)
    total = sum(int(r["total"] or 0) for r in rows)
    return count, total, percent_one_decimal(count, total)


def ranks(rows: list[Row], key: str = "percent", by: str = "region_code") -> dict[str, int]:
    """Competition ranking by percent within one period, highest first (ties share a rank): the rows'
    `by` (a region list's region_code, a large-city list's city_group: a region may hold two groups) →
    rank."""
    one_period(rows)
    values = sorted((float(r[key]) if r[key] is not None else -1.0 for r in rows), reverse=True)
    return {str(r[by]): values.index(float(r[key]) if r[key] is not None else -1.0) + 1 for r in rows}


def extremes(rows: list[dict], name: str, value: str = "percent") -> tuple[list[str], object, list[str], object]:
    """Every name sharing the highest value and every name sharing the lowest (ties are named together)."""
    present = [r for r in rows if r[value] is not None]
    if not present:
        return [], None, [], None
    high = max(r[value] for r in present)
    low = min(r[value] for r in present)
    return ([str(r[name]) for r in present if r[value] == high], high,
            [str(r[name]) for r in present if r[value] == low], low)


def names(page: PageCtx, codes: list[str]) -> str:
    """Regions (by code) named in a sentence, as the page's language lists them, in its alphabetical order
    (ICU): by their names (Карагандинская область), not the short labels of a chart's axis."""
    return grammar.list_phrase(grammar.sort_names([page.region_name(c) for c in codes], page.lang), page.lang)


def count_of_total(page: PageCtx, row: Row, noun: str | None = None) -> str:
    """"count of total" as the page's language builds it (49-дың 21-і, 21 из 49, 21 of 49)."""
    return grammar.count_of_total(row["count"], row["total"], page.lang, noun)


def counted(page: PageCtx, n: int, noun: str) -> dict[str, str]:
    """A count with its noun in the cases the strings use: {x} and {x_gen} (Kazakh and Russian genitive;
    English has one form). Each language's string takes the form its sentence needs."""
    return {"nom": grammar.count_noun(n, noun, page.lang), "gen": grammar.count_noun(n, noun, page.lang, "gen")}


def value_label(page: PageCtx, row: Row) -> str:
    mark = f" {charts.FLAG_MARK}" if row["flags"] else ""
    return page.pct(row["percent"]) + mark


def chart_id(base: str, period: Period) -> str:
    return f"{base}-{period.slug}"


# --- Charts -----------------------------------------------------------------------------------------------

def region_bar_chart(page: PageCtx, org_type: str, period: Period) -> Chart:
    rows = [r for r in coverage_rows(page, REGION_MEASURE, "region", period.code) if r["org_type"] == org_type]
    _, _, national = list_total(rows)
    drawn = [
        {
            "period": period.code,
            "region_code": r["region_code"],
            "region": page.region_short(str(r["region_code"])),
            "percent": r["percent"],
            "count": r["count"],
            "total": r["total"],
            "label": value_label(page, r),
            "flag_mark": charts.FLAG_MARK if r["flags"] else "",
            "flags": r["flags"],
        }
        for r in rows
    ]
    spec = charts.bar_ranked(
        drawn, label_field="region", value_field="percent", value_title=page.t("coverage.axis_percent"),
        text_field="label", reference=national, reference_label=page.t("coverage.all_regions"),
    )
    best, best_pct, worst, worst_pct = extremes(drawn, "region_code")
    when = period_label(period.code, page.lang)
    summary = grammar.sentence(page.t(
        "coverage.region_bar_summary", org=page.org(org_type), period=when, best=names(page, best),
        best_pct=page.pct(best_pct), worst=names(page, worst), worst_pct=page.pct(worst_pct),
        national=page.pct(national),
    ))
    notes = [page.t("coverage.reference_note", national=page.pct(national))]
    if any(r["flag_mark"] for r in drawn):
        notes.append(page.t("chart.flag_note", mark=charts.FLAG_MARK))
    return Chart(
        chart_id=chart_id(f"cctv-regions-{org_type}", period),
        title=page.t("coverage.region_bar_title", org=page.org(org_type), measure=page.measure(REGION_MEASURE),
                     period=when),
        summary=summary, spec=spec, rows=drawn,
        columns=["period", "region_code", "region", "count", "total", "percent", "flags"], notes=notes,
        sources=charts.source_refs(rows),
    )


def region_heatmap(page: PageCtx, period: Period) -> Chart:
    rows = coverage_rows(page, REGION_MEASURE, "region", period.code)
    drawn = [
        {
            "period": period.code,
            "region_code": r["region_code"], "region": page.region_short(str(r["region_code"])),
            "org_type": r["org_type"], "org": page.org(str(r["org_type"])),
            "percent": r["percent"], "label": value_label(page, r), "flags": r["flags"],
        }
        for r in rows
    ]
    order = grammar.sort_names([page.region_short(code) for code in page.data.regions], page.lang)
    full = sum(1 for r in drawn if r["percent"] == 100)
    cells = grammar.count_of_total(full, len(drawn), page.lang, noun="cell", case="loc" if page.lang == "kk" else "nom")
    spec = charts.heatmap(
        drawn, x_field="org", x_order=[page.org(o) for o in ORG_TYPES], y_field="region", y_order=order,
        value_field="percent", text_field="label", legend_title=page.t("coverage.axis_percent"),
    )
    when = period_label(period.code, page.lang)
    return Chart(
        chart_id=chart_id("cctv-heatmap", period),
        title=page.t("coverage.heatmap_title", measure=page.measure(REGION_MEASURE), period=when),
        summary=grammar.sentence(page.t("coverage.heatmap_summary", cells=cells, period=when)),
        spec=spec, rows=drawn, columns=["period", "region_code", "region", "org_type", "percent", "flags"],
        notes=[page.t("chart.flag_note", mark=charts.FLAG_MARK)] if any(r["flags"] for r in drawn) else [],
        sources=charts.source_refs(rows),
    )


def tile_map_chart(page: PageCtx, period: Period) -> Chart:
    rows = coverage_rows(page, REGION_MEASURE, "region", period.code)
    drawn = []
    for code in sorted(page.data.regions):
        mine = [r for r in rows if r["region_code"] == code]
        count, total, percent = list_total(mine)
        col, row = TILE_GRID.get(code, (6, 0))
        drawn.append({
            "period": period.code,
            "region_code": code, "region": page.region_short(code), "col": col, "row": row,
            "count": count, "total": total, "percent": percent,
            # Rounded once, from the counts: 278 of 373 is 74.53 %, shown 75 %, not 74.5 % rounded again.
            "label": format_percent(Decimal(count) * 100 / total, page.lang, decimals=0) if total else "–",
        })
    spec = charts.tile_map(drawn, value_field="percent", text_field="label", label_field="region",
                           legend_title=page.t("coverage.axis_percent"), lang=page.lang)
    best, best_pct, worst, worst_pct = extremes(drawn, "region_code")
    when = period_label(period.code, page.lang)
    return Chart(
        chart_id=chart_id("cctv-tile-map", period),
        title=page.t("coverage.tile_title", measure=page.measure(REGION_MEASURE), period=when),
        summary=grammar.sentence(page.t("coverage.tile_summary", period=when, best=names(page, best),
                                        best_pct=page.pct(best_pct), worst=names(page, worst),
                                        worst_pct=page.pct(worst_pct))),
        spec=spec, rows=drawn,
        columns=["period", "region_code", "region", "col", "row", "count", "total", "percent"],
        notes=[page.t("coverage.tile_note")],
        sources=charts.source_refs(rows),
    )


def city_heatmap(page: PageCtx, measure: str, period: Period) -> Chart:
    rows = coverage_rows(page, measure, "city", period.code)
    drawn = [
        {
            "period": period.code,
            "city_group": r["city_group"], "city": page.city_name(str(r["city_group"])),
            "region_code": r["region_code"], "org_type": r["org_type"], "org": page.org(str(r["org_type"])),
            "count": r["count"], "total": r["total"], "percent": r["percent"],
            "label": value_label(page, r), "flags": r["flags"],
        }
        for r in rows
    ]
    order = grammar.sort_names({d["city"] for d in drawn}, page.lang)
    count, total, percent = list_total(rows)
    spec = charts.heatmap(
        drawn, x_field="org", x_order=[page.org(o) for o in ORG_TYPES], y_field="city", y_order=order,
        value_field="percent", text_field="label", legend_title=page.t("coverage.axis_percent"),
    )
    when = period_label(period.code, page.lang)
    return Chart(
        chart_id=chart_id(f"city-{measure}", period),
        title=page.t("coverage.city_title", measure=page.measure(measure), period=when),
        summary=grammar.sentence(page.t(
            "coverage.city_summary", measure=page.measure(measure), period=when, percent=page.pct(percent),
            of_total=grammar.count_of_total(count, total, page.lang, "organisation"))),
        spec=spec, rows=drawn,
        columns=["period", "city_group", "city", "region_code", "org_type", "count", "total", "percent", "flags"],
        notes=[page.t("chart.flag_note", mark=charts.FLAG_MARK)] if any(r["flags"] for r in drawn) else [],
        sources=charts.source_refs(rows),
    )


def national_chart(page: PageCtx, period: Period) -> Chart:
    """The four measures by org type, each summed over its list of one period (CCTV: the regions;
    the others: the large cities)."""
    drawn, used = [], []
    for measure in charts_measures():
        area = LIST_MEASURES[measure]
        rows = coverage_rows(page, measure, area, period.code)
        used += rows
        for org in ORG_TYPES:
            mine = [r for r in rows if r["org_type"] == org]
            if not mine:
                continue
            count, total, percent = list_total(mine)
            flagged = any(r["flags"] for r in mine)
            drawn.append({
                "period": period.code,
                "measure": measure, "measure_label": page.measure(measure), "org_type": org, "org": page.org(org),
                "area_type": area, "count": count, "total": total, "percent": percent,
                "label": page.pct(percent) + (f" {charts.FLAG_MARK}" if flagged else ""),
                "flag_mark": charts.FLAG_MARK if flagged else "",
            })
    measures = [m for m in charts_measures() if any(d["measure"] == m for d in drawn)]
    spec = charts.grouped_bars(
        drawn, group_field="measure_label", group_order=[page.measure(m) for m in measures],
        series_field="org", series_order=[page.org(o) for o in ORG_TYPES],
        series_colours=[charts.ORG_COLOURS[o] for o in ORG_TYPES], value_field="percent",
        value_title=page.t("coverage.axis_percent"), text_field="label",
    )
    top = max((d["percent"] or 0) for d in drawn)
    # Every measure and organisation type at the highest share is named: a tie is stated as a tie. The
    # measure's label stands inside the sentence, after a dash: "— тревожные кнопки (школы)".
    leaders = [f"{inner_label(d['measure_label'], page.lang)} ({d['org'][:1].lower()}{d['org'][1:]})"
               for d in drawn if (d["percent"] or 0) == top]
    when = period_label(period.code, page.lang)
    regions = counted(page, len({r["region_code"] for r in coverage_rows(page, REGION_MEASURE, "region", period.code)}),
                      "region")
    notes = [page.t("coverage.national_note", measure=page.measure(REGION_MEASURE), regions=regions["nom"],
                    regions_gen=regions["gen"], others=measures_listed(page, period.code, "city"))]
    if any(d["flag_mark"] for d in drawn):
        notes.append(page.t("chart.flag_note", mark=charts.FLAG_MARK))
    return Chart(
        chart_id=chart_id("national-measures", period),
        title=page.t("coverage.national_title", period=when, measures=measures_listed(page, period.code)),
        summary=grammar.sentence(page.t("coverage.national_summary", leaders=grammar.list_phrase(leaders, page.lang),
                                        percent=page.pct(top), period=when)),
        spec=spec, rows=drawn,
        columns=["period", "measure", "area_type", "org_type", "count", "total", "percent"], notes=notes,
        sources=charts.source_refs(used),
    )


# --- Tables -----------------------------------------------------------------------------------------------

def charts_measures() -> list[str]:
    return [REGION_MEASURE, *CITY_MEASURES]


def stated_figures(page: PageCtx, period: Period) -> list[Row]:
    """What the documents themselves state for the four measures that belongs with `period`'s lists.

    A statement belongs with the latest list period that starts on or before the statement's last
    day; statements that end before the first list period are on the progress page instead. So each
    statement is on exactly one coverage page, and the latest page has the newest ones.
    """
    candidates = [f for f in page.data.optional("national_figures")
                  if f.get("measure") in charts_measures() and f.get("scope") in ("national", "large_cities")
                  and f.get("unit") in ("percent", "count")]
    bounds = {p.code: p for p in periods(f["period"] for f in candidates)}
    lists = coverage_periods(page.data)
    chosen = []
    for f in candidates:
        own = bounds[str(f["period"])]
        home = [p for p in lists if p.start <= own.end]
        if home and home[-1].code == period.code:
            chosen.append(f)
    order = {p.code: i for i, p in enumerate(bounds.values())}
    return sorted(chosen, key=lambda f: (charts_measures().index(str(f["measure"])), str(f["scope"]),
                                         str(f["org_type"]), order[str(f["period"])], str(f["figure_id"])))


def stated_totals(page: PageCtx, period: Period) -> Markup:
    """The statements of `stated_figures`, each with its period in words and its quote."""
    body = []
    for f in stated_figures(page, period):
        value = page.figure_value(f)
        scope = page.t("progress.scope_national") if f["scope"] == "national" else page.t("progress.scope_large_cities")
        body.append([
            page.measure(str(f["measure"])), page.org(str(f["org_type"])), scope,
            period_label(str(f["period"]), page.lang),
            Markup(f"{esc(value)} {page.flags_html(f.get('flags'))}"),
            Markup(f"{page.quote(f['source_text'], f['source_id'])} "
                   f"{page.source_link(f['source_id'], f['source_line'])}"),
        ])
    headers = [page.t("progress.col.measure"), page.t("regions.col.org"), page.t("progress.col.scope"),
               page.t("progress.col.period"), page.t("progress.col.value"), page.t("regions.col.source")]
    caption = page.t("coverage.stated_caption", period=period_label(period.code, page.lang),
                     measures=measures_listed(page, period.code))
    return table(headers, body, numeric=[4], caption=caption)


def region_table(page: PageCtx, period: Period) -> Markup:
    rows = coverage_rows(page, REGION_MEASURE, "region", period.code)
    by_code: dict[str, dict[str, Row]] = {}
    for r in rows:
        by_code.setdefault(str(r["region_code"]), {})[str(r["org_type"])] = r
    body = []
    for code in grammar.sort_names(by_code, page.lang, key=page.region_name):
        cells: list[object] = [Markup(f'<a href="{esc(page.href(f"regions/{code.lower()}/"))}">'
                                      f"{esc(page.region_name(code))}</a>")]
        for org in ORG_TYPES:
            r = by_code[code].get(org)
            if r is None:
                cells.append("–")
                continue
            cells.append(Markup(
                f"{esc(page.pct(r['percent']))}<br><span class=\"bd-note\">{esc(count_of_total(page, r))}</span> "
                f"{page.source_link(r['source_id'], r['source_line'])} {page.flags_html(r['flags'])}"
            ))
        body.append(cells)
    headers = [page.t("coverage.col.region"), *[page.org(o) for o in ORG_TYPES]]
    caption = page.t("coverage.region_table", period=period_label(period.code, page.lang))
    return table(headers, body, caption=caption, numeric=[1, 2, 3])


# --- The page ---------------------------------------------------------------------------------------------

def large_city_statements(page: PageCtx, sources: set) -> dict[str, Row]:
    """What the notes `sources` state about their large cities, as rows of national_figures by measure:
    how many (`large_cities_total`) and above which population (`large_city_population_threshold`); the
    latest statement of each."""
    return {str(f["measure"]): f for f in sorted(page.data.optional("national_figures"),
                                                 key=lambda f: str(f["figure_id"]), reverse=True)
            if f.get("source_id") in sources
            and f.get("measure") in ("large_cities_total", "large_city_population_threshold")}


def population_threshold(page: PageCtx, stated: Row) -> str:
    """What a city must have to be large, with the hedge its note puts on it (`qualifier`): "100 000
    адамнан астам", "более 100 000 человек", "more than 100,000 people"; without one, the number and its
    unit alone ("100 000 адам", "100 000 человек", "100,000 people")."""
    return page.figure_value(stated, with_unit=True)


def cities_intro(page: PageCtx, period: Period) -> str:
    """What the large-city lists of a period are, in the words of that period's note: how many cities,
    above which population, and how many entries the lists have (all from the data)."""
    rows = [r for r in page.data.package.table("security_coverage")
            if r["period"] == period.code and r["area_type"] == "city"]
    stated = large_city_statements(page, {r["source_id"] for r in rows})
    entries = grammar.count_noun(len({r["city_group"] for r in rows}), "row", page.lang)
    if len(stated) < 2:
        return grammar.sentence(page.t("coverage.cities_intro_lists", entries=entries))
    cities = counted(page, int(stated["large_cities_total"]["value"]), "city")
    threshold = population_threshold(page, stated["large_city_population_threshold"])
    return grammar.sentence(page.t("coverage.cities_intro", cities=cities["nom"], cities_gen=cities["gen"],
                                   threshold=threshold, entries=entries))



def intro(page: PageCtx, period: Period) -> Markup:
    """Which period the page shows and which documents its figures come from (both from the data)."""
    rows = [r for r in page.data.package.table("security_coverage") if r["period"] == period.code]
    several = len({r["source_id"] for r in rows}) > 1
    return el("p", Markup(esc(grammar.sentence(page.t("coverage.intro_period", period=period_label(period.code, page.lang))))
                          + " " + esc(page.t("coverage.intro_sources" if several else "coverage.intro_source"))
                          + " " + full_stop(documents_of(page, rows)) + " " + esc(page.t("coverage.intro_percent"))))


def coverage_page(page: PageCtx, period: Period | None = None) -> str:
    """The coverage page of `period` (the latest when None)."""
    latest = latest_period(page.data)
    assert latest is not None  # the page needs security_coverage (see generate.PageSpec.needs)
    period = period or latest
    is_latest = period.code == latest.code
    when = period_label(period.code, page.lang)
    title = page.t("page.coverage") if is_latest else page.t("coverage.title_period", period=when)
    parts = [
        # An earlier period's page comes after the latest's in search (sitegen/search.py, EARLIER_BOOST).
        front_matter(title, page.t("coverage.description"), search=None if is_latest else {"boost": EARLIER_BOOST}),
        heading(1, title, "coverage"),
        block(intro(page, period)),
    ]
    switch = period_nav(page, period, lambda p: page.href(period_page(page.data, p)))
    if switch:
        parts.append(block(switch))
    parts += [heading(2, page.t("coverage.national_heading"), "national"),
              block(page.chart(national_chart(page, period)))]
    if stated_figures(page, period):
        parts += [heading(3, page.t("coverage.stated_heading"), "stated"), block(stated_totals(page, period))]
    regions = counted(page, len({r["region_code"] for r in coverage_rows(page, REGION_MEASURE, "region", period.code)}),
                      "region")
    parts += [
        heading(2, page.t("coverage.regions_heading", measure=page.measure(REGION_MEASURE)), "regions"),
        block(el("p", grammar.sentence(page.t("coverage.regions_intro", regions=regions["nom"],
                                              regions_gen=regions["gen"])))),
        block(page.chart(tile_map_chart(page, period))),
    ]
    for org in ORG_TYPES:
        parts.append(block(page.chart(region_bar_chart(page, org, period))))
    parts += [block(page.chart(region_heatmap(page, period))), block(region_table(page, period))]
    parts += [heading(2, page.t("coverage.cities_heading"), "cities"), block(el("p", cities_intro(page, period)))]
    for measure in CITY_MEASURES:
        if coverage_rows(page, measure, "city", period.code):
            # A heading per measure: its own section, which the site search finds by the measure's name first.
            # What the chart shows, in words: the section is found by them ("share of schools with turnstiles").
            parts += [heading(3, page.measure(measure), f"cities-{measure}"),
                      block(el("p", grammar.sentence(page.t("coverage.city_measure_intro",
                                                              measure=page.measure(measure))))),
                      block(page.chart(city_heatmap(page, measure, period)))]
    return "".join(parts)
