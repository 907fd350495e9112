"""/concept/ and /concept/<indicator_id>/: the 28 target indicators of the Concept 2023–2029."""

from __future__ import annotations

from sitegen import charts
from sitegen.charts import Chart
from sitegen.context import PageCtx, front_matter, heading
from sitegen.data import Row, split_list
from sitegen.html import Markup, block, el, esc, table

# Where a document gives an actual figure for the same thing an indicator targets, the site shows it
# beside the target. These pairs are the site's own reading (said so on the page), not the documents':
# indicator id → national_figures measures that count the same thing.
COMPARABLE: dict[str, tuple[str, ...]] = {
    "ci10-school-high-speed-internet": (
        "school_internet_itu_speed", "school_internet_below_itu_speed", "school_internet_connected",
        "state_schools_total", "school_internet_4mbps_plus",
    ),
}


def label_or(page: PageCtx, prefix: str, value: object) -> str:
    """A translated label for a code (direction) when one exists, else the code itself."""
    key = f"{prefix}.{value}"
    return page.t(key) if value and page.strings.has(key) else str(value or "–")


def unit_label(page: PageCtx, value: object) -> str:
    return page.unit(value)


def indicators(page: PageCtx) -> list[Row]:
    return sorted(page.data.package.table("concept_indicators"),
                  key=lambda r: (int(r.get("indicator_no") or 0), str(r["indicator_id"])))


def indicator_name(page: PageCtx, row: Row) -> str:
    return str(row.get(f"name_{page.lang}") or row["name_ru"])


def indicator_short(page: PageCtx, row: Row) -> str:
    return str(row.get(f"short_{page.lang}") or indicator_name(page, row))


def targets_for(page: PageCtx, indicator_id: str) -> list[Row]:
    return sorted((t for t in page.data.package.table("concept_targets") if t["indicator_id"] == indicator_id),
                  key=lambda t: (str(t.get("breakdown") or ""), str(t.get("period_label") or t.get("year"))))


def actions_for(page: PageCtx, indicator_id: str) -> list[Row]:
    return sorted((a for a in page.data.package.table("concept_actions") if a.get("indicator_id") == indicator_id),
                  key=lambda a: int(a["action_no"]))


def breakdown_label(page: PageCtx, t: Row) -> str:
    if page.lang == "ru":
        return str(t.get("breakdown_ru") or t.get("breakdown") or page.t("concept.total"))
    key = f"breakdown.{t.get('breakdown')}"
    if t.get("breakdown") and page.strings.has(key):
        return page.t(key)
    return str(t.get("breakdown") or page.t("concept.total"))


def target_chart(page: PageCtx, ind: Row) -> Chart | None:
    targets = [t for t in targets_for(page, str(ind["indicator_id"])) if t.get("target") is not None]
    if not targets:
        return None
    drawn = [
        {
            "indicator_id": ind["indicator_id"], "breakdown": t.get("breakdown") or "",
            "series": breakdown_label(page, t), "period": str(t.get("period_label") or t.get("year")),
            "period_label": page.period(t.get("period_label") or t.get("year")),
            "target": t["target"], "label": page.auto(t["target"]), "unit": t.get("unit") or ind.get("unit") or "",
        }
        for t in targets
    ]
    series = page.sorted_names(list({d["series"] for d in drawn}))
    periods = sorted({d["period"] for d in drawn})
    labels = {d["period"]: d["period_label"] for d in drawn}
    spec = charts.line_path(
        drawn, x_field="period_label", x_order=[labels[p] for p in periods], y_field="target",
        y_title=unit_label(page, ind.get("unit")), series_field="series", series_order=series, text_field="label",
        colours=(charts.PALETTE * 3)[: len(series)],
    )
    first = [d for d in drawn if d["period"] == periods[0]]
    last = [d for d in drawn if d["period"] == periods[-1]]
    summary = page.t("concept.chart_summary", first=labels[periods[0]], last=labels[periods[-1]],
                     start=page.auto(first[0]["target"]), end=page.auto(last[0]["target"]), n=len(series))
    return Chart(
        chart_id=f"target-{ind['indicator_id']}",
        title=page.t("concept.chart_title", name=indicator_short(page, ind)),
        summary=summary, spec=spec, rows=drawn,
        columns=["indicator_id", "breakdown", "series", "period", "target", "unit"],
        sources=charts.source_refs(targets),
    )


def figure_text(page: PageCtx, figure: Row) -> str:
    """What a figure is, in the page's language: the measure's name from the terminology table."""
    return page.measure(str(figure["measure"]))


def comparable_figures(page: PageCtx, ind: Row) -> list[Row]:
    wanted = set(COMPARABLE.get(str(ind["indicator_id"]), ()))
    return sorted((f for f in page.data.optional("national_figures") if f.get("measure") in wanted),
                  key=lambda f: (str(f["period"]), str(f["figure_id"])))


def concept_index(page: PageCtx) -> str:
    rows = []
    for ind in indicators(page):
        iid = str(ind["indicator_id"])
        targets = targets_for(page, iid)
        final = [t for t in targets if str(t.get("year") or "") == "2029" or "2029" in str(t.get("period_label"))]
        link = Markup(f'<a href="{esc(page.href(f"concept/{iid}/"))}">{esc(indicator_short(page, ind))}</a>')
        rows.append([ind.get("indicator_no"), ind.get("chapter"), link, unit_label(page, ind.get("unit")),
                     page.auto(final[0]["target"]) if final and final[0].get("target") is not None else "–",
                     page.num(len(actions_for(page, iid)))])
    headers = [page.t("concept.col.no"), page.t("concept.col.chapter"), page.t("concept.col.indicator"),
               page.t("concept.col.unit"), page.t("concept.col.target_2029"), page.t("concept.col.actions")]
    parts = [
        front_matter(page.t("page.concept"), page.t("concept.description")),
        heading(1, page.t("page.concept"), "concept"),
        block(el("p", page.t("concept.intro"))),
    ]
    if page.lang != "ru":
        parts.append(block(el("p", page.t("concept.unofficial"), class_="bd-note")))
    parts.append(block(table(headers, rows, numeric=[0, 1, 4, 5], label=page.t("page.concept"))))
    return "".join(parts)


def indicator_page(page: PageCtx, ind: Row) -> str:
    iid = str(ind["indicator_id"])
    names = [
        [page.t("concept.name_ru"), Markup(f'<span lang="ru">{esc(ind["name_ru"])}</span>')],
        [page.t("concept.name_kk"), Markup(f'<span lang="kk">{esc(ind.get("name_kk") or "–")}</span>')],
        [page.t("concept.name_en"), Markup(f'<span lang="en">{esc(ind.get("name_en") or "–")}</span>')],
        [page.t("concept.col.unit"), unit_label(page, ind.get("unit"))],
        [page.t("concept.direction"), label_or(page, "direction", ind.get("direction"))],
        [page.t("concept.col.chapter"), Markup(f"{esc(ind.get('chapter'))}. "
                                              f'<span lang="ru">{esc(ind.get("chapter_title_ru") or "")}</span>')],
        [page.t("regions.col.source"), page.source_link(ind["source_id"], ind["source_line"])
         if ind.get("source_id") else "–"],
    ]
    name_table = Markup(
        f'<div class="bd-table-wrap" role="region" tabindex="0" aria-label="{esc(page.t("concept.names"))}">'
        '<table class="bd-table"><tbody>'
        + "".join(f'<tr><th scope="row">{esc(k)}</th><td>{esc(v)}</td></tr>' for k, v in names)
        + "</tbody></table></div>"
    )
    parts = [
        front_matter(indicator_short(page, ind), indicator_name(page, ind)),
        heading(1, indicator_short(page, ind), iid),
        block(name_table),
        block(el("p", page.t("concept.unofficial"), class_="bd-note")),
        heading(2, page.t("concept.targets_heading"), "targets"),
    ]
    chart = target_chart(page, ind)
    if chart is not None:
        parts.append(block(page.chart(chart)))
    targets = targets_for(page, iid)
    parts.append(block(table(
        [page.t("concept.col.breakdown"), page.t("concept.col.period"), page.t("concept.col.target"),
         page.t("concept.col.as_published"), page.t("regions.col.source")],
        [[breakdown_label(page, t), page.period(t.get("period_label") or t.get("year")), page.auto(t.get("target")),
          Markup(f'<span lang="ru">{esc(t.get("target_as_published") or "")}</span>'),
          page.source_link(t["source_id"], t["source_line"]) if t.get("source_id") else ""] for t in targets],
        numeric=[2], caption=page.t("concept.targets_heading"),
    )))
    actual = comparable_figures(page, ind)
    if actual:
        parts.append(heading(2, page.t("concept.actual_heading"), "actual"))
        parts.append(block(el("p", page.t("concept.actual_note"), class_="bd-note")))
        parts.append(block(table(
            [page.t("progress.col.period"), page.t("progress.col.figure"), page.t("progress.col.value"),
             page.t("regions.col.source")],
            [[page.period(f["period"]), figure_text(page, f),
              page.pct(f["value"]) if f.get("unit") == "percent" else page.auto(f["value"]),
              Markup(f"{page.source_link(f['source_id'], f['source_line'])} {page.flags_html(f.get('flags'))}")]
             for f in actual],
            numeric=[2], caption=page.t("concept.actual_heading"),
        )))
    acts = actions_for(page, iid)
    parts.append(heading(2, page.t("concept.actions_heading", n=len(acts)), "actions"))
    if acts:
        items = "".join(
            f'<li><a href="{esc(page.href("actions/") + "#a" + str(a["action_no"]))}">{esc(a["action_no"])}</a>. '
            f'<span lang="ru">{esc(a["text_ru"])}</span> '
            f'<span class="bd-note">(<span lang="ru">{esc(a.get("deadline_text") or "")}</span>; '
            f'<span lang="ru">{esc(", ".join(split_list(a.get("responsible"))))}</span>)</span></li>'
            for a in acts
        )
        # Out of the search index: the same actions are indexed on /actions/.
        parts.append(block(Markup(f"<ul data-search-exclude>{items}</ul>")))
    else:
        parts.append(block(el("p", page.t("concept.no_actions"))))
    return "".join(parts)
