"""/concept/ and /concept/<indicator_id>/: the target indicators of the Concept's action plan."""

from __future__ import annotations

from pipelines.language import grammar
from sitegen import charts
from sitegen.charts import Chart
from sitegen.context import PageCtx, front_matter, heading
from sitegen.data import Row
from sitegen.html import Markup, block, el, esc, table
from sitegen.pages.actions import in_page_language, original_html, original_note, responsible_html

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
    """The breakdown of a target in the page's language (the plan's Russian on the Russian page, the
    translation, concept_targets.breakdown_kk or _en, on the others); "Total" for a single series."""
    text = str(t.get("breakdown_ru" if page.lang == "ru" else f"breakdown_{page.lang}") or "")
    return text[:1].upper() + text[1:] if text else page.t("concept.total")


def target_value(page: PageCtx, t: Row) -> str:
    """A target with the decimals the plan prints it with («12,50» stays 12,50; a whole number, «17,0 %», is
    17, as the site writes every whole number), without its unit."""
    return page.as_published(t.get("target"), t.get("target_as_published"))


# Units a target is said with in a sentence (a chart's summary): a percent with its sign, these with their
# words agreeing with the number (430 баллов, 430 points); a count or a ratio by its number alone.
WORDED_UNITS = ("score", "points", "people", "days", "tenge", "tenge_per_year", "mbps")


def target_stated(page: PageCtx, t: Row, unit: object) -> str:
    """A target as a sentence states it, with its unit as the page's language writes it: "90,2%",
    "90.2%", "430 баллов", "430 points"; a count alone ("137 000")."""
    unit = str(unit or "")
    number = page.as_published(t.get("target"), t.get("target_as_published"), percent=unit == "percent")
    if unit in WORDED_UNITS and number.value is not None:
        return f"{number} {page.unit(unit, number.value)}"
    return str(number)


def final_targets(page: PageCtx, targets: list[Row]) -> Markup:
    """The targets of the last year, one per breakdown: a single series' target alone; several, each
    named by its breakdown, on a line of its own ("Mathematics, mean score: 445"), or one value said of
    each breakdown when they are all the same."""
    shown = [t for t in targets if t.get("target") is not None]
    if not shown:
        return Markup("–")
    if len({t.get("breakdown") or "" for t in shown}) < 2:
        return esc(target_value(page, shown[0]))
    values = {str(target_value(page, t)) for t in shown}
    if len(values) == 1:
        return Markup(f'{esc(values.pop())}<br><span class="bd-note">{esc(page.t("concept.final_each"))}</span>')
    return Markup("<br>".join(str(esc(page.t("concept.final_breakdown", breakdown=breakdown_label(page, t),
                                             value=target_value(page, t)))) for t in shown))


def target_chart(page: PageCtx, ind: Row) -> Chart | None:
    targets = [t for t in targets_for(page, str(ind["indicator_id"])) if t.get("target") is not None]
    if not targets:
        return None
    drawn = [
        {
            "indicator_id": ind["indicator_id"], "breakdown": t.get("breakdown") or "",
            "series": breakdown_label(page, t), "period": str(t.get("period_label") or t.get("year")),
            "period_label": page.period(t.get("period_label") or t.get("year")),
            "target": t["target"], "unit": t.get("unit") or ind.get("unit") or "",
            "label": target_value(page, t) + (f" {charts.FLAG_MARK}" if t.get("flags") else ""),
        }
        for t in targets
    ]
    # The summary says each target with its unit; the chart draws the numbers (its axis names the unit).
    stated = {(d["series"], d["period"]): target_stated(page, t, t.get("unit") or ind.get("unit"))
              for d, t in zip(drawn, targets, strict=True)}
    series = page.sorted_names(list({d["series"] for d in drawn}))
    periods = sorted({d["period"] for d in drawn})
    labels = {d["period"]: d["period_label"] for d in drawn}
    spec = charts.line_path(
        drawn, x_field="period_label", x_order=[labels[p] for p in periods], y_field="target",
        y_title=unit_label(page, ind.get("unit")), series_field="series", series_order=series, text_field="label",
        colours=(charts.PALETTE * 3)[: len(series)],
    )
    if len(series) == 1:
        summary = page.t("concept.chart_summary", first=drawn[0]["period_label"], last=drawn[-1]["period_label"],
                         start=stated[drawn[0]["series"], drawn[0]["period"]],
                         end=stated[drawn[-1]["series"], drawn[-1]["period"]], n=1)
    else:  # each series named with its own first and last target: no number stands for another series'
        each = []
        for name in series:
            mine = sorted((d for d in drawn if d["series"] == name), key=lambda d: d["period"])
            each.append(page.t("concept.chart_summary_series", series=name, first=mine[0]["period_label"],
                               last=mine[-1]["period_label"], start=stated[name, mine[0]["period"]], end=stated[name, mine[-1]["period"]]))
        summary = page.t("concept.chart_summary_each", n=len(series), each="; ".join(each))
    return Chart(
        chart_id=f"target-{ind['indicator_id']}",
        title=page.t("concept.chart_title", name=indicator_short(page, ind)),
        summary=summary, spec=spec, rows=drawn,
        columns=["indicator_id", "breakdown", "series", "period", "target", "unit"],
        notes=[page.t("chart.flag_note", mark=charts.FLAG_MARK)] if any(t.get("flags") for t in targets) else [],
        sources=charts.source_refs(targets),
    )


def figure_text(page: PageCtx, figure: Row) -> str:
    """What a figure states, in the page's language, naming each of its dimensions (rural, urban, a
    share rather than a count): the row's own statement."""
    return page.figure_label(figure)


def comparable_figures(page: PageCtx, ind: Row) -> list[Row]:
    wanted = set(COMPARABLE.get(str(ind["indicator_id"]), ()))
    return sorted((f for f in page.data.optional("national_figures") if f.get("measure") in wanted),
                  key=lambda f: (str(f["period"]), str(f["figure_id"])))


def target_years(page: PageCtx) -> list[str]:
    """The years the plan sets yearly targets for, in order (a PISA cycle is not a year of the plan)."""
    return sorted({str(t["year"]) for t in page.data.package.table("concept_targets")
                   if t.get("year") and str(t.get("period_label") or t["year"]) == str(t["year"])})


def plan_source(page: PageCtx) -> Row:
    """The document the indicators come from (the plan as amended), as the sources resource describes it."""
    found = sorted({str(i["source_id"]) for i in page.data.package.table("concept_indicators") if i.get("source_id")})
    return page.data.sources.get(found[-1], {}) if found else {}


def plan_intro(page: PageCtx) -> str:
    source = plan_source(page)
    if not source:
        return ""
    issuer = source["issuer"] if page.lang == "en" else source[f"issuer_{page.lang}"]
    return page.t("concept.intro", issuer=issuer, date=source["date"], doc=str(source["source_id"])[:3])


def concept_index(page: PageCtx) -> str:
    rows = []
    years = target_years(page)
    last = max((str(t["year"]) for t in page.data.package.table("concept_targets") if t.get("year")), default="")
    for ind in indicators(page):
        iid = str(ind["indicator_id"])
        targets = targets_for(page, iid)
        final = [t for t in targets if str(t.get("year") or "") == last]
        link = Markup(f'<a href="{esc(page.href(f"concept/{iid}/"))}">{esc(indicator_short(page, ind))}</a>')
        rows.append([ind.get("indicator_no"), ind.get("chapter"), link, unit_label(page, ind.get("unit")),
                     final_targets(page, final), page.num(len(actions_for(page, iid)))])
    headers = [page.t("concept.col.no"), page.t("concept.col.chapter"), page.t("concept.col.indicator"),
               page.t("concept.col.unit"), page.t("concept.col.target_final", year=last), page.t("concept.col.actions")]
    # Each year named, not their span: a reader searching for "targets 2026" finds the page.
    description = page.t("concept.description", indicators=len(indicators(page)),
                         years=grammar.list_phrase(years, page.lang))
    parts = [
        front_matter(page.t("page.concept"), description),
        heading(1, page.t("page.concept"), "concept"),
    ]
    if plan_intro(page):
        parts.append(block(el("p", plan_intro(page))))
    if page.lang != "ru":
        parts.append(block(el("p", page.t("concept.unofficial"), class_="bd-note")))
    # The final targets are not a numeric column: an indicator of several breakdowns names each one, and a
    # numeric cell does not wrap (it would widen the table past a phone's screen).
    # The table under a heading of its own: a reader searching for the targets finds this page by it.
    parts.append(heading(2, page.t("concept.table_heading", indicators=len(rows)), "indicators"))
    parts.append(block(table(headers, rows, numeric=[0, 1, 5], label=page.t("page.concept"))))
    return "".join(parts)


def original_line(page: PageCtx, text: object) -> Markup:
    """The Russian original of a translated text, on a line of its own (nothing on the Russian page, which
    shows the original itself)."""
    if page.lang == "ru":
        return Markup("")
    return original_note(page, text)


def chapter_title(page: PageCtx, ind: Row) -> str:
    return str(ind.get("chapter_title_ru" if page.lang == "ru" else f"chapter_title_{page.lang}") or "")


def action_item(page: PageCtx, a: Row) -> str:
    """An action under its indicator: number (linked to its row of the action plan), text, deadline and
    responsible bodies in the page's language, and the Russian original folded away."""
    link = f'<a href="{esc(page.href("actions/") + "#a" + str(a["action_no"]))}">{esc(a["action_no"])}</a>'
    bodies = responsible_html(page, a, page.href("actions/"))
    original = original_html(page, a) if page.lang != "ru" else ""
    text = esc(in_page_language(page, a, "text"))
    if page.lang == "ru":  # the document's own words, as printed
        text = Markup(f'<span class="bd-original">{text}</span>')
    return (f"<li>{link}. {text} {page.flags_html(a.get('flags'))}"
            f'<span class="bd-note" data-search-exclude>({esc(in_page_language(page, a, "deadline_text"))}; '
            f"{bodies})</span>{original}</li>")


def indicator_page(page: PageCtx, ind: Row) -> str:
    iid = str(ind["indicator_id"])
    names = [[page.t("concept.name"), indicator_name(page, ind)]]
    if page.lang != "ru":
        names.append([page.t("concept.name_ru"),
                      Markup(f'<span lang="ru" class="bd-original" data-search-exclude>{esc(ind["name_ru"])}</span>')])
    names += [
        [page.t("concept.col.unit"), unit_label(page, ind.get("unit"))],
        [page.t("concept.direction"), label_or(page, "direction", ind.get("direction"))],
        [page.t("concept.col.chapter"), Markup(f"{esc(ind.get('chapter'))}. {esc(chapter_title(page, ind))}"
                                              f"{original_line(page, ind.get('chapter_title_ru'))}")],
        [page.t("regions.col.source"), Markup(f"{page.source_link(ind['source_id'], ind['source_line'])} "
                                              f"{page.flags_html(ind.get('flags'))}")
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
        block(el("p", page.t("concept.translation_note"), class_="bd-note")),
        heading(2, page.t("concept.targets_heading"), "targets"),
    ]
    chart = target_chart(page, ind)
    if chart is not None:
        parts.append(block(page.chart(chart)))
    targets = targets_for(page, iid)
    parts.append(block(table(
        [page.t("concept.col.breakdown"), page.t("concept.col.period"), page.t("concept.col.target"),
         page.t("concept.col.as_published"), page.t("regions.col.source")],
        [[breakdown_label(page, t), page.period(t.get("period_label") or t.get("year")), target_value(page, t),
          Markup(f'<span lang="ru" class="bd-original">{esc(t.get("target_as_published") or "")}</span>'),
          Markup(f"{page.source_link(t['source_id'], t['source_line'])} {page.flags_html(t.get('flags'))}")
          if t.get("source_id") else page.flags_html(t.get("flags"))] for t in targets],
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
              page.figure_value(f, with_unit=True),
              Markup(f"{page.source_link(f['source_id'], f['source_line'])} {page.flags_html(f.get('flags'))}")]
             for f in actual],
            numeric=[2], caption=page.t("concept.actual_heading"),
        )))
    acts = actions_for(page, iid)
    parts.append(heading(2, page.t("concept.actions_heading", n=len(acts)), "actions"))
    if acts:
        items = "".join(action_item(page, a) for a in acts)
        # In the search index, text only (the action plan's table is not): a search for an action lands
        # here, on the few actions of one indicator, each linked to its row of the plan.
        parts.append(block(Markup(f"<ul>{items}</ul>")))
    else:
        parts.append(block(el("p", page.t("concept.no_actions"))))
    return "".join(parts)
