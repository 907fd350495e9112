"""/coverage/: the four security measures nationally, by region (CCTV–police link) and by large city."""

from __future__ import annotations

from collections.abc import Iterable

from sitegen import charts
from sitegen.charts import Chart
from sitegen.context import PageCtx, front_matter, heading
from sitegen.data import Row
from sitegen.html import Markup, block, esc, table

ORG_TYPES = ["kindergarten", "school", "college"]
CITY_MEASURES = ["licensed_security", "alarm_button", "turnstile"]
REGION_MEASURE = "cctv_police_link"

# Tile-grid positions (column, row) of the 20 units, roughly as they lie on the map: west to east,
# north to south. Chosen by hand; no boundary file is needed for a tile map.
TILE_GRID: dict[str, tuple[int, int]] = {
    "KZ-59": (3, 0),
    "KZ-27": (0, 1), "KZ-15": (1, 1), "KZ-39": (2, 1), "KZ-11": (3, 1), "KZ-71": (4, 1), "KZ-55": (5, 1),
    "KZ-23": (0, 2), "KZ-62": (2, 2), "KZ-35": (3, 2), "KZ-10": (4, 2), "KZ-63": (5, 2),
    "KZ-47": (0, 3), "KZ-43": (1, 3), "KZ-61": (2, 3), "KZ-31": (3, 3), "KZ-19": (4, 3), "KZ-33": (5, 3),
    "KZ-79": (2, 4), "KZ-75": (4, 4),
}


def coverage_rows(page: PageCtx, measure: str, area_type: str) -> list[Row]:
    return sorted(
        (r for r in page.data.package.table("security_coverage")
         if r["measure"] == measure and r["area_type"] == area_type),
        key=lambda r: (str(r["org_type"]), str(r["region_code"]), str(r["city_group"] or "")),
    )


def list_total(rows: Iterable[Row]) -> tuple[int, int, float | None]:
    """Sum of counts and totals of a list, and the percent they give (one decimal)."""
    rows = list(rows)
    count = sum(int(r["count"] or 0) for r in rows)
    total = sum(int(r["total"] or 0) for r in rows)
    return count, total, (round(count / total * 100, 1) if total else None)


def ranks(rows: list[Row], key: str = "percent") -> dict[str, int]:
    """Competition ranking by percent, highest first (ties share a rank): code → rank."""
    values = sorted((float(r[key]) if r[key] is not None else -1.0 for r in rows), reverse=True)
    return {str(r["region_code"]): values.index(float(r[key]) if r[key] is not None else -1.0) + 1 for r in rows}


def count_of_total(page: PageCtx, row: Row) -> str:
    return page.t("coverage.count_of_total", count=page.num(row["count"]), total=page.num(row["total"]))


def value_label(page: PageCtx, row: Row) -> str:
    mark = f" {charts.FLAG_MARK}" if row["flags"] else ""
    return page.pct(row["percent"]) + mark


def region_bar_chart(page: PageCtx, org_type: str) -> Chart:
    rows = [r for r in coverage_rows(page, REGION_MEASURE, "region") if r["org_type"] == org_type]
    _, _, national = list_total(rows)
    drawn = [
        {
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
    best = max(drawn, key=lambda r: (r["percent"] or 0, r["region"]))
    worst = min(drawn, key=lambda r: (r["percent"] or 0, r["region"]))
    summary = page.t(
        "coverage.region_bar_summary", org=page.org(org_type), best=best["region"], best_pct=page.pct(best["percent"]),
        worst=worst["region"], worst_pct=page.pct(worst["percent"]), national=page.pct(national),
    )
    notes = [page.t("coverage.reference_note", national=page.pct(national))]
    if any(r["flag_mark"] for r in drawn):
        notes.append(page.t("chart.flag_note", mark=charts.FLAG_MARK))
    return Chart(
        chart_id=f"cctv-regions-{org_type}",
        title=page.t("coverage.region_bar_title", org=page.org(org_type)),
        summary=summary, spec=spec, rows=drawn,
        columns=["region_code", "region", "count", "total", "percent", "flags"], notes=notes,
    )


def region_heatmap(page: PageCtx) -> Chart:
    rows = coverage_rows(page, REGION_MEASURE, "region")
    drawn = [
        {
            "region_code": r["region_code"], "region": page.region_short(str(r["region_code"])),
            "org_type": r["org_type"], "org": page.org(str(r["org_type"])),
            "percent": r["percent"], "label": value_label(page, r), "flags": r["flags"],
        }
        for r in rows
    ]
    order = [page.region_short(code) for code in sorted(page.data.regions, key=lambda c: page.region_short(c))]
    full = sum(1 for r in drawn if r["percent"] == 100)
    spec = charts.heatmap(
        drawn, x_field="org", x_order=[page.org(o) for o in ORG_TYPES], y_field="region", y_order=order,
        value_field="percent", text_field="label", legend_title=page.t("coverage.axis_percent"),
    )
    return Chart(
        chart_id="cctv-heatmap",
        title=page.t("coverage.heatmap_title"),
        summary=page.t("coverage.heatmap_summary", full=full, cells=len(drawn)),
        spec=spec, rows=drawn, columns=["region_code", "region", "org_type", "percent", "flags"],
        notes=[page.t("chart.flag_note", mark=charts.FLAG_MARK)] if any(r["flags"] for r in drawn) else [],
    )


def tile_map_chart(page: PageCtx) -> Chart:
    rows = coverage_rows(page, REGION_MEASURE, "region")
    drawn = []
    for code in sorted(page.data.regions):
        mine = [r for r in rows if r["region_code"] == code]
        count, total, percent = list_total(mine)
        col, row = TILE_GRID.get(code, (6, 0))
        drawn.append({
            "region_code": code, "region": page.region_short(code), "col": col, "row": row,
            "count": count, "total": total, "percent": percent,
            "label": page.pct(round(percent)) if percent is not None else "–",
        })
    spec = charts.tile_map(drawn, value_field="percent", text_field="label", label_field="region",
                           legend_title=page.t("coverage.axis_percent"))
    low = [r["region"] for r in sorted(drawn, key=lambda r: (r["percent"] or 0, r["region"]))[:3]]
    return Chart(
        chart_id="cctv-tile-map",
        title=page.t("coverage.tile_title"),
        summary=page.t("coverage.tile_summary", low=", ".join(low)),
        spec=spec, rows=drawn, columns=["region_code", "region", "col", "row", "count", "total", "percent"],
        notes=[page.t("coverage.tile_note")],
    )


def city_heatmap(page: PageCtx, measure: str) -> Chart:
    rows = coverage_rows(page, measure, "city")
    drawn = [
        {
            "city_group": r["city_group"], "city": page.city_name(str(r["city_group"])),
            "region_code": r["region_code"], "org_type": r["org_type"], "org": page.org(str(r["org_type"])),
            "count": r["count"], "total": r["total"], "percent": r["percent"],
            "label": value_label(page, r), "flags": r["flags"],
        }
        for r in rows
    ]
    order = sorted({d["city"] for d in drawn})
    count, total, percent = list_total(rows)
    spec = charts.heatmap(
        drawn, x_field="org", x_order=[page.org(o) for o in ORG_TYPES], y_field="city", y_order=order,
        value_field="percent", text_field="label", legend_title=page.t("coverage.axis_percent"),
    )
    return Chart(
        chart_id=f"city-{measure}",
        title=page.t("coverage.city_title", measure=page.measure(measure)),
        summary=page.t("coverage.city_summary", measure=page.measure(measure), count=page.num(count),
                       total=page.num(total), percent=page.pct(percent)),
        spec=spec, rows=drawn,
        columns=["city_group", "city", "region_code", "org_type", "count", "total", "percent", "flags"],
        notes=[page.t("chart.flag_note", mark=charts.FLAG_MARK)] if any(r["flags"] for r in drawn) else [],
    )


def national_chart(page: PageCtx) -> Chart:
    """The four measures by org type, summed over their lists (CCTV: 20 regions; others: large cities)."""
    drawn = []
    for measure in charts_measures():
        area = "region" if measure == REGION_MEASURE else "city"
        rows = coverage_rows(page, measure, area)
        for org in ORG_TYPES:
            mine = [r for r in rows if r["org_type"] == org]
            count, total, percent = list_total(mine)
            flagged = any(r["flags"] for r in mine)
            drawn.append({
                "measure": measure, "measure_label": page.measure(measure), "org_type": org, "org": page.org(org),
                "area_type": area, "count": count, "total": total, "percent": percent,
                "label": page.pct(percent) + (f" {charts.FLAG_MARK}" if flagged else ""),
                "flag_mark": charts.FLAG_MARK if flagged else "",
            })
    spec = charts.grouped_bars(
        drawn, group_field="measure_label", group_order=[page.measure(m) for m in charts_measures()],
        series_field="org", series_order=[page.org(o) for o in ORG_TYPES],
        series_colours=[charts.ORG_COLOURS[o] for o in ORG_TYPES], value_field="percent",
        value_title=page.t("coverage.axis_percent"), text_field="label",
    )
    top = max(drawn, key=lambda d: (d["percent"] or 0, d["measure"], d["org_type"]))
    notes = [page.t("coverage.national_note")]
    if any(d["flag_mark"] for d in drawn):
        notes.append(page.t("chart.flag_note", mark=charts.FLAG_MARK))
    return Chart(
        chart_id="national-measures",
        title=page.t("coverage.national_title"),
        summary=page.t("coverage.national_summary", measure=top["measure_label"], org=top["org"],
                       percent=page.pct(top["percent"])),
        spec=spec, rows=drawn,
        columns=["measure", "area_type", "org_type", "count", "total", "percent"], notes=notes,
    )


def stated_totals(page: PageCtx) -> Markup:
    """What the documents themselves state for the four measures in 2023, with their quotes."""
    figures = sorted(
        (f for f in page.data.optional("national_figures")
         if f.get("measure") in charts_measures() and str(f.get("period", "")).startswith("2023")
         and f.get("scope") in ("national", "large_cities") and f.get("unit") in ("percent", "count")),
        key=lambda f: (charts_measures().index(str(f["measure"])), str(f["scope"]), str(f["org_type"]),
                       str(f["period"]), str(f["figure_id"])),
    )
    body = []
    for f in figures:
        value = page.pct(f["value"]) if f["unit"] == "percent" else page.num(f["value"])
        scope = page.t("progress.scope_national") if f["scope"] == "national" else page.t("progress.scope_large_cities")
        doc_lang = str(page.data.sources.get(str(f["source_id"]), {}).get("language", ""))
        body.append([
            page.measure(str(f["measure"])), page.org(str(f["org_type"])), scope, f["period"],
            Markup(f"{esc(value)} {page.flags_html(f.get('flags'))}"),
            Markup(f'<q class="bd-quote" lang="{esc(doc_lang)}">{esc(f["source_text"])}</q> '
                   f"{page.source_link(f['source_id'], f['source_line'])}"),
        ])
    headers = [page.t("progress.col.measure"), page.t("regions.col.org"), page.t("progress.col.scope"),
               page.t("progress.col.period"), page.t("progress.col.value"), page.t("regions.col.source")]
    return table(headers, body, numeric=[4], caption=page.t("coverage.stated_caption"))


def charts_measures() -> list[str]:
    return [REGION_MEASURE, *CITY_MEASURES]


def region_table(page: PageCtx) -> Markup:
    rows = coverage_rows(page, REGION_MEASURE, "region")
    by_code: dict[str, dict[str, Row]] = {}
    for r in rows:
        by_code.setdefault(str(r["region_code"]), {})[str(r["org_type"])] = r
    body = []
    for code in sorted(by_code, key=lambda c: page.region_name(c)):
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
    return table(headers, body, caption=page.t("coverage.region_table"), numeric=[1, 2, 3])


def coverage_page(page: PageCtx) -> str:
    parts = [
        front_matter(page.t("page.coverage"), page.t("coverage.description")),
        heading(1, page.t("page.coverage"), "coverage"),
        "\n" + esc(page.t("coverage.intro")) + "\n",
    ]
    parts += [heading(2, page.t("coverage.national_heading"), "national"), block(page.chart(national_chart(page)))]
    if page.data.optional("national_figures"):
        parts += [heading(3, page.t("coverage.stated_heading"), "stated"), block(stated_totals(page))]
    parts += [
        heading(2, page.t("coverage.regions_heading"), "regions"),
        "\n" + esc(page.t("coverage.regions_intro")) + "\n",
        block(page.chart(tile_map_chart(page))),
    ]
    for org in ORG_TYPES:
        parts.append(block(page.chart(region_bar_chart(page, org))))
    parts += [block(page.chart(region_heatmap(page))), block(region_table(page))]
    parts += [
        heading(2, page.t("coverage.cities_heading"), "cities"),
        "\n" + esc(page.t("coverage.cities_intro")) + "\n",
    ]
    for measure in CITY_MEASURES:
        parts.append(block(page.chart(city_heatmap(page, measure))))
    return "".join(parts)
