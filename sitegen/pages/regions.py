"""/regions/ and /regions/<code>/: every figure the documents give for each first-level unit.

A region page shows the latest period of the lists first (its rank among the regions and the whole
list's share taken within that period), then how its figures changed between periods (the progress
resource), then each earlier period in a section of its own, which the period switch at the top links
to.
"""

from __future__ import annotations

from pipelines.language import grammar
from sitegen import charts
from sitegen.charts import Chart
from sitegen.context import PageCtx, front_matter, heading
from sitegen.data import Row, split_refs
from sitegen.html import Markup, block, el, esc, table
from sitegen.issues import distinct, issue_anchor, issue_description
from sitegen.pages.coverage import (
    CITY_MEASURES,
    ORG_TYPES,
    REGION_MEASURE,
    count_of_total,
    coverage_periods,
    coverage_rows,
    documents_of,
    full_stop,
    list_total,
    period_nav,
    ranks,
)
from sitegen.pages.progress import comparisons_table, progress_rows
from sitegen.periods import Period, period_label
from sitegen.search import EARLIER_CLASS


def regions_index(page: PageCtx) -> str:
    rows = []
    for code, region in grammar.sort_names(page.data.regions.items(), page.lang, key=lambda kv: page.region_name(kv[0])):
        link = Markup(f'<a href="{esc(page.href(f"regions/{code.lower()}/"))}">{esc(page.region_name(code))}</a>')
        kind = page.t(f"region.kind.{region['kind']}")
        rows.append([link, code, kind, region[f"capital_{page.lang}"]])
    headers = [page.t("coverage.col.region"), page.t("regions.col.code"), page.t("regions.col.kind"),
               page.t("regions.col.capital")]
    units = page.data.regions
    cities = [code for code, region in units.items() if region["kind"] == "city"]
    intro = page.t("regions.intro", oblasts=len(units) - len(cities), cities=len(cities),
                   names=page.sorted_names([page.region_name(c) for c in cities]))
    return (
        front_matter(page.t("page.regions"), page.t("regions.description", regions=len(units)))
        + heading(1, page.t("page.regions"), "regions")
        + "\n" + esc(intro) + "\n"
        + block(table(headers, rows, label=page.t("page.regions")))
    )


def quote(page: PageCtx, row: Row) -> Markup:
    """The source text exactly as printed, in the document's language, with a link to its line."""
    return Markup(f"{page.quote(row['source_text'], row['source_id'])} "
                  f"{page.source_link(row['source_id'], row['source_line'])}")


def measure_table(page: PageCtx, measure: str, area_type: str, key_field: str, key: str,
                  period: Period) -> tuple[Markup, int]:
    """Rows of one list of one period for this place: value, count of total, rank among the list of the
    same period, the whole list's share in that period, flags; then the quotes."""
    all_rows = coverage_rows(page, measure, area_type, period.code)
    body = []
    quotes = []
    for org in ORG_TYPES:
        same_org = [r for r in all_rows if r["org_type"] == org]
        mine = [r for r in same_org if r[key_field] == key]
        if not mine:
            continue
        row = mine[0]
        rank = ranks(same_org, by=key_field)[str(row[key_field])]
        _, _, reference = list_total(same_org)
        body.append([
            page.org(org),
            Markup(f"{esc(page.pct(row['percent']))} {page.flags_html(row['flags'])}"),
            count_of_total(page, row),
            page.t("regions.rank", rank=rank, of=len(same_org)),
            page.pct(reference),
        ])
        quotes.append(f"<li>{esc(page.org(org))}: {quote(page, row)}</li>")
    headers = [page.t("regions.col.org"), page.t("regions.col.percent"), page.t("regions.col.count"),
               page.t("regions.col.rank"), page.t("regions.col.list_total")]
    caption = page.t("regions.table_caption", measure=page.measure(measure), period=period_label(period.code, page.lang))
    tbl = table(headers, body, caption=caption, numeric=[1, 2, 4])
    return Markup(f'{tbl}<ul class="bd-quotes">{"".join(quotes)}</ul>'), len(body)


def region_chart(page: PageCtx, code: str, period: Period) -> Chart | None:
    """This region beside the whole list, per org type, in one period (CCTV linked to police control
    centres)."""
    rows = coverage_rows(page, REGION_MEASURE, "region", period.code)
    drawn = []
    here, everywhere = page.region_short(code), page.t("coverage.all_regions")
    for org in ORG_TYPES:
        same_org = [r for r in rows if r["org_type"] == org]
        mine = [r for r in same_org if r["region_code"] == code]
        if not mine:
            continue
        _, _, reference = list_total(same_org)
        flag = f" {charts.FLAG_MARK}" if mine[0]["flags"] else ""
        drawn.append({"period": period.code, "org_type": org, "org": page.org(org), "series": here,
                      "percent": mine[0]["percent"], "label": page.pct(mine[0]["percent"]) + flag})
        drawn.append({"period": period.code, "org_type": org, "org": page.org(org), "series": everywhere,
                      "percent": reference, "label": page.pct(reference)})
    if not drawn:
        return None
    spec = charts.grouped_bars(
        drawn, group_field="org", group_order=[page.org(o) for o in ORG_TYPES], series_field="series",
        series_order=[here, everywhere], series_colours=[charts.BAR_COLOUR, "#999999"], value_field="percent",
        value_title=page.t("coverage.axis_percent"), text_field="label",
    )
    ahead = [lowered(a["org"]) for a, b in zip(drawn[::2], drawn[1::2], strict=True)
             if (a["percent"] or 0) >= (b["percent"] or 0)]
    when = period_label(period.code, page.lang)
    # The legend names the region short (Карагандинская); a sentence and the title by its name
    # (Карагандинская область), as a reader writes it.
    name = page.region_name(code)
    if ahead:
        summary = page.t("regions.chart_summary", region=name, orgs=grammar.list_phrase(ahead, page.lang), period=when)
    else:
        summary = page.t("regions.chart_summary_below", region=name, period=when)
    return Chart(
        chart_id=f"region-{code.lower()}-cctv-{period.slug}",
        title=page.t("regions.chart_title", region=name, measure=page.measure(REGION_MEASURE), period=when),
        summary=grammar.sentence(summary),
        spec=spec, rows=drawn, columns=["period", "org_type", "series", "percent"],
        notes=[page.t("chart.flag_note", mark=charts.FLAG_MARK)] if any("⚑" in d["label"] for d in drawn) else [],
        sources=charts.source_refs(rows),
    )


def lowered(label: str) -> str:
    """A label inside a sentence: its first letter in lower case, unless the label is an abbreviation."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def period_tables(page: PageCtx, code: str, groups: list[Row], period: Period, level: int) -> list[str]:
    """The lists of one period for this region and each of its large-city groups, under headings of
    `level`."""
    parts = []
    cctv, n = measure_table(page, REGION_MEASURE, "region", "region_code", code, period)
    parts.append(block(cctv) if n else block(el("p", page.t("regions.no_figures"))))
    for group in groups:
        slug = str(group["city_group"])
        tables = [measure_table(page, m, "city", "city_group", slug, period) for m in CITY_MEASURES]
        if any(n for _, n in tables):
            # Its period in its heading: a search result of this section names it.
            parts.append(heading(level, page.t("regions.city_named_heading", city=page.city_name(slug),
                                               period=period_label(period.code, page.lang)),
                                 f"period-{period.slug}-{slug}"))
            parts += [block(tbl) for tbl, n in tables if n]
    return parts


def place_comparisons(page: PageCtx, code: str, groups: list[Row]) -> list[Row]:
    """The progress rows of this region or its large cities."""
    slugs = {str(g["city_group"]) for g in groups}
    return [r for r in progress_rows(page)
            if r.get("scope") == code or r.get("scope") in slugs or r.get("city_group") in slugs]


def national_statements(page: PageCtx, code: str) -> list[Row]:
    return sorted(
        (f for f in page.data.optional("national_figures") if f.get("scope") == code),
        key=lambda f: (str(f["source_id"]), int(f["source_line"] or 0), str(f["figure_id"])),
    )


def statement_item(page: PageCtx, row: Row) -> Markup:
    """One statement: its period, what it states and its figure in the page's language ("Schools of the
    region under licensed security, of those that must have it: 0 of 42"), then the document's own words
    as the source, with a link to the line."""
    said = page.t("figure.statement", statement=page.figure_label(row), value=page.figure_stated(row))
    return Markup(f"<li>{esc(period_label(str(row['period']), page.lang))}: {esc(said)}<br>"
                  f'<span class="bd-note">{quote(page, row)}</span> {page.flags_html(row.get("flags"))}</li>')


def related_issues(page: PageCtx, code: str, city_groups: list[str]) -> list[Row]:
    """The issues of this region's and its large cities' rows, each problem once: a comparison's issue
    that restates a count's is that count's issue (its own period, its own line on /quality/)."""
    keys = {code, *city_groups}
    every = page.data.optional("quality_issues")
    out = [i for i in every if set(str(i.get("row_key", "")).split("|")) & keys]
    return sorted(distinct(out, {str(i["issue_id"]): i for i in every}), key=lambda i: str(i["issue_id"]))


def issue_item(page: PageCtx, issue: Row) -> Markup:
    links = page.source_links(split_refs(issue.get("source_refs")))
    anchor = page.href("quality/") + "#" + issue_anchor(str(issue["issue_id"]))
    period = issue_period(page, issue)
    when = f"{period_label(period, page.lang)}: " if period else ""
    return Markup(
        f'<li><span class="bd-flag">⚑ <a href="{esc(anchor)}">{esc(page.flag_label(str(issue["kind"])))}</a></span>: '
        f"{esc(when)}{issue_description(page, issue)} {links}</li>"
    )


def issue_period(page: PageCtx, issue: Row) -> str | None:
    """The list period an issue is about, when its row key names one."""
    known = {p.code for p in coverage_periods(page.data)}
    found = [part for part in str(issue.get("row_key", "")).split("|") if part in known]
    return found[0] if found else None


def region_page(page: PageCtx, code: str) -> str:
    region = page.data.regions[code]
    name = page.region_name(code)
    # A region may hold several groups of the large-city lists (Zhezkazgan, and Satbayev once listed):
    # the one listed longest first.
    first = page.data.first_listed
    groups = sorted((g for g in page.data.city_groups.values() if g["region_code"] == code),
                    key=lambda g: (first.get(str(g["city_group"]), "~"), str(g["city_group"])))
    found = coverage_periods(page.data)
    latest = found[-1]
    when = period_label(latest.code, page.lang)
    parts = [
        front_matter(name, page.t("regions.page_description", region=name)),
        heading(1, name, code.lower()),
        block(el("p", page.t("regions.facts", code=code, capital=region[f"capital_{page.lang}"],
                              kind=page.t(f"region.kind.{region['kind']}")))),
    ]
    switch = period_nav(page, latest, lambda p: f"#period-{p.slug}")
    if switch:
        parts.append(block(switch))
    parts.append(heading(2, page.t("regions.latest_heading", measure=page.measure(REGION_MEASURE), period=when),
                         "cctv"))
    rows = [r for r in page.data.package.table("security_coverage")
            if r["period"] == latest.code and r["region_code"] == code]
    if rows:
        parts.append(block(el("p", Markup(
            esc(grammar.sentence(page.t("coverage.intro_period", period=when))) + " " + esc(page.t("coverage.intro_source")) + " "
            + full_stop(documents_of(page, rows))))))
    chart = region_chart(page, code, latest)
    if chart is not None:
        parts.append(block(page.chart(chart)))
    cctv, n = measure_table(page, REGION_MEASURE, "region", "region_code", code, latest)
    parts.append(block(cctv) if n else block(el("p", page.t("regions.no_figures"))))
    if not groups:
        parts.append(heading(2, page.t("regions.city_heading", period=when), "city"))
        parts.append(block(el("p", page.t("regions.no_city"))))
    for number, group in enumerate(groups):
        slug = str(group["city_group"])
        parts.append(heading(2, page.t("regions.city_named_heading", city=page.city_name(slug), period=when),
                             "city" if number == 0 else f"city-{slug}"))
        # A group of two cities (Karaganda and Temirtau) is spoken of in the plural; a city beside
        # another group of the region as one of its large cities.
        intro = ("regions.cities_intro" if int(group.get("city_count") or 1) > 1
                 else "regions.city_intro" if len(groups) == 1 else "regions.city_of_several")
        parts.append(block(el("p", grammar.sentence(page.t(intro, city=page.city_name(slug))))))
        tables = [measure_table(page, measure, "city", "city_group", slug, latest) for measure in CITY_MEASURES]
        parts += [block(tbl) for tbl, n in tables if n]
        if not any(n for _, n in tables):
            # A group an earlier note lists and the latest does not: said, not an empty section.
            parts.append(block(el("p", grammar.sentence(page.t("regions.city_not_listed",
                                                                city=page.city_name(slug), period=latest.code)))))
    comparisons = place_comparisons(page, code, groups)
    if comparisons:
        parts.append(heading(2, page.t("regions.change_heading"), "change"))
        parts.append(block(comparisons_table(page, comparisons, page.t("regions.change_caption", region=name))))
    if len(found) > 1:
        # Below it, search puts the earlier periods after the latest (sitegen/search.py, EARLIER_CLASS).
        parts.append(heading(2, page.t("regions.earlier_heading"), "earlier", (EARLIER_CLASS,)))
        for earlier in reversed(found[:-1]):
            parts.append(heading(3, period_label(earlier.code, page.lang), f"period-{earlier.slug}"))
            parts += period_tables(page, code, groups, earlier, 4)
    statements = national_statements(page, code)
    if statements:
        parts.append(heading(2, page.t("regions.statements_heading"), "statements"))
        parts.append(block(Markup(f"<ul>{''.join(statement_item(page, s) for s in statements)}</ul>")))
    issues = related_issues(page, code, [str(g["city_group"]) for g in groups])
    parts.append(heading(2, page.t("regions.flags_heading"), "flags"))
    if issues:
        parts.append(block(Markup("<ul>" + "".join(issue_item(page, i) for i in issues) + "</ul>")))
    else:
        parts.append(block(el("p", page.t("regions.no_flags"))))
    back = page.href("coverage/") + "#regions"
    parts.append(block(Markup(f'<p><a href="{esc(back)}">{esc(page.t("regions.back"))}</a></p>')))
    return "".join(parts)
