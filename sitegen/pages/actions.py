"""/actions/: the 180 actions of the Action Plan as a table (filters need JavaScript, the table does not).

The plan is printed in Russian. On the Kazakh and English pages each action, its form of completion and
its deadline are the project's translations (concept_actions.text_kk, …); each row's source link opens
its Russian original in the document, the note above the table links the Russian page (the plan as
printed, row for row), and the indicator pages show the originals inline. (All 180 originals inline
would take the page over its weight budget.) Responsible bodies are named by
their short names in the page's language, each body once (the alias table groups the plan's printings:
responsible_body_ids), with «(по согласованию)» as a marker in the reader's language; the list of bodies
below the table gives their full names.
"""

from __future__ import annotations

import csv
import functools
from collections import Counter
from dataclasses import dataclass

from pipelines.extract.concept_plan import AGREEMENT
from pipelines.language import grammar
from pipelines.normalise.text import fold
from pipelines.reference import load_alias_table, load_bodies
from sitegen import charts
from sitegen.charts import Chart
from sitegen.context import PageCtx, front_matter, heading
from sitegen.data import Row, split_list
from sitegen.html import Markup, block, el, esc

TOP_BODIES = 12
FILTER_SCRIPT = "assets/javascripts/actions-filter.js"
# The translated texts of an action: field stem → the column of the Russian original.
ORIGINALS = {"text": "text_ru", "completion_form": "completion_form", "deadline_text": "deadline_text"}


def actions(page: PageCtx) -> list[Row]:
    return sorted(page.data.package.table("concept_actions"), key=lambda a: int(a["action_no"]))


def in_page_language(page: PageCtx, row: Row, stem: str) -> str:
    """An action's text, form of completion or deadline (stem: text, completion_form, deadline_text) in the
    page's language: the original on the Russian page, the translation on the others."""
    if page.lang == "ru":
        return str(row.get(ORIGINALS[stem]) or "")
    # The package's translations are already set in their language's typography.
    return str(row.get(f"{stem}_{page.lang}") or "")


@dataclass(frozen=True)
class Body:
    body_id: str
    short: str  # as the page's tables name it: ОАМ, Ministry of Education, МП
    full: str  # its full name in the page's language


@functools.cache
def _body_names(actions_csv: str, lang: str) -> dict[str, Body]:
    """Every body of data/reference/bodies.csv named in `lang`. Kazakh and English short names are the
    table's; the Russian one is the body's most frequent printing in the plan (actions_csv), without
    «(по согласованию)», or its glossary abbreviation."""
    printed: dict[str, Counter[str]] = {}
    aliases = load_alias_table()
    with open(actions_csv, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            for text in split_list(row["responsible"]):
                shown = " ".join(text.split())
                if fold(shown).endswith(fold(AGREEMENT)):
                    shown = shown[: -len(AGREEMENT)].rstrip()
                printed.setdefault(str(aliases.resolve(text, "body")), Counter())[shown] += 1
    out = {}
    for row in load_bodies().iter_rows(named=True):
        body_id = row["body_id"]
        if lang == "ru":
            forms = sorted(printed.get(body_id, Counter()).items(), key=lambda kv: (-kv[1], kv[0]))
            # As printed, its quotation marks as Russian writes them (НАО «Talap»): a name, not a quotation.
            short = grammar.typographic_quotes(forms[0][0], "ru") if forms else row["abbr_ru"] or row["name_ru"]
        else:
            short = row[f"short_{lang}"]
        out[body_id] = Body(body_id, short, row[f"name_{lang}"])
    return out


def bodies(page: PageCtx) -> dict[str, Body]:
    """Every responsible body, named in the page's language (short and full)."""
    return _body_names(str(page.data.package.csv_path("concept_actions")), page.lang)


def collated(page: PageCtx, names: list[Body]) -> list[Body]:
    """Bodies in the alphabetical order of the page's language (ICU), quotation marks aside."""
    return page.sorted_names(names, key=lambda b: b.short.translate(str.maketrans("", "", "«»\"")))


def leaders(counts: dict[str, int]) -> tuple[list[str], int]:
    """The keys with the highest count (all of them when several tie) and that count."""
    if not counts:
        return [], 0
    top = max(counts.values())
    return sorted(k for k, n in counts.items() if n == top), top


def year_chart(page: PageCtx, rows: list[Row]) -> Chart:
    counts = Counter(y for a in rows for y in split_list(a.get("deadline_years")))
    drawn = [{"year": y, "actions": counts[y]} for y in sorted(counts)]
    spec = charts.count_bars(drawn, label_field="year", label_order=[d["year"] for d in drawn],
                             value_field="actions", value_title=page.t("actions.axis_actions"))
    years, n = leaders(dict(counts))
    if len(years) > 1:
        summary = page.t("actions.year_summary_tie", years=page.listing(years), n=n)
    else:
        summary = page.t("actions.year_summary", year=years[0] if years else "–", n=n)
    return Chart(
        chart_id="actions-by-year", title=page.t("actions.year_title"), summary=summary,
        spec=spec, rows=drawn, columns=["year", "actions"], notes=[page.t("actions.year_note")],
        sources=charts.source_refs(rows),
    )


def body_chart(page: PageCtx, rows: list[Row]) -> Chart:
    """The bodies responsible for the most actions (TOP_BODIES, more when others tie with the last), each
    body once however the plan prints it, named by its short name in the page's language."""
    names = bodies(page)
    counts = Counter(b for a in rows for b in split_list(a.get("responsible_body_ids")))
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    # The first TOP_BODIES, and every body with as many actions as the last of them: a cut through a tie
    # would show one body and hide another with the same count.
    least = ranked[TOP_BODIES - 1][1] if len(ranked) > TOP_BODIES else 0
    top = [kv for kv in ranked if kv[1] >= least]
    drawn = [{"body_id": b, "body": names[b].short, "actions": n} for b, n in top]
    spec = charts.count_bars(drawn, label_field="body", label_order=None, value_field="actions",
                             value_title=page.t("actions.axis_actions"))
    leading, n = leaders(dict(counts))
    shown = [names[b].short for b in leading]
    if len(shown) > 1:
        summary = page.t("actions.body_summary_tie", bodies=page.listing(shown), n=n)
    else:
        summary = page.t("actions.body_summary", body=shown[0] if shown else "–", n=n)
    return Chart(
        chart_id="actions-by-body", title=page.t("actions.body_title", n=len(drawn)), summary=summary,
        spec=spec, rows=drawn, columns=["body_id", "body", "actions"], notes=[page.t("actions.body_note")],
        sources=charts.source_refs(rows),
    )


def responsible_html(page: PageCtx, row: Row, legend: str = "") -> Markup:
    """The responsible bodies of an action, each once, by short name linked to its full name in the list
    of bodies (on `legend`, the actions page itself by default), those «(по согласованию)» marked so in the
    page's language."""
    names = bodies(page)
    agreed = set(split_list(row.get("by_agreement_body_ids")))
    marker = esc(f" ({page.t('actions.by_agreement')})")
    # Unquoted attributes: the action plan's 180 rows are near the page-weight budget.
    parts = [f"<a href={esc(legend)}#body-{esc(b)}>{esc(names[b].short)}</a>" + (marker if b in agreed else "")
             for b in split_list(row.get("responsible_body_ids"))]
    return Markup(", ".join(parts))


def original_html(page: PageCtx, row: Row) -> Markup:
    """The Russian original of a row (text, form of completion, deadline, bodies as printed), folded away
    under "Original" and kept out of the search index (the translation is what the page's search finds)."""
    ru = page.strings
    lines = [esc(row.get("text_ru"))]
    for key, column in (("actions.col.form", "completion_form"), ("actions.col.deadline", "deadline_text")):
        lines.append(Markup(f"{esc(ru.t('ru', key))}: {esc(row.get(column))}"))
    lines.append(Markup(f"{esc(ru.t('ru', 'actions.col.responsible'))}: "
                        f"{esc(', '.join(split_list(row.get('responsible'))))}"))
    return Markup(
        f'<details class="bd-original" lang="ru" data-search-exclude>'
        f'<summary lang="{page.lang}">{esc(page.t("translation.original"))}</summary>'
        + "<br>".join(lines) + "</details>"
    )


def original_note(page: PageCtx, text: object) -> Markup:
    """A Russian original after its translation, on a line of its own, marked as the original and kept out
    of the search index (the translation is what the page's search finds; one element, no nested one of
    the same name, as Material's search reads the exclusion)."""
    return Markup(f'<br><small class="bd-original" data-search-exclude>{esc(page.t("translation.original"))}: '
                  f'<span lang="ru">{esc(text)}</span></small>')


def actions_table(page: PageCtx, rows: list[Row]) -> Markup:
    head = "".join(f'<th scope="col">{esc(page.t(k))}</th>' for k in (
        "actions.col.no", "concept.col.chapter", "actions.col.action", "actions.col.form", "actions.col.deadline",
        "actions.col.responsible", "concept.col.indicator"))
    body = []
    # On the Russian page the cells hold the document's own words, as printed.
    verbatim = ' class="bd-original"' if page.lang == "ru" else ""
    for a in rows:
        years = split_list(a.get("deadline_years"))
        indicator = str(a.get("indicator_id") or "")
        ind_link = (f'<a href="{esc(page.href(f"concept/{indicator}/"))}">{esc(indicator.split("-")[0])}</a>'
                    if indicator else "")
        # The source link opens the action's line in the document: its Russian original.
        source = page.source_link(a["source_id"], a["source_line"]) if a.get("source_id") else ""
        body.append(
            f'<tr id="a{esc(a["action_no"])}" data-years="{esc(year_runs(years))}">'
            f'<td class="num">{esc(a["action_no"])}</td><td class="num">{esc(a.get("chapter"))}</td>'
            f'<td{verbatim}>{esc(in_page_language(page, a, "text"))} {source} {page.flags_html(a.get("flags"))}</td>'
            f'<td{verbatim}>{esc(in_page_language(page, a, "completion_form"))}</td>'
            f'<td{verbatim}>{esc(in_page_language(page, a, "deadline_text"))}</td>'
            f'<td class="bd-bodies">{responsible_html(page, a)}</td><td>{ind_link}</td></tr>'
        )
    # Out of the search index, which every page loads: each action is indexed on its indicator's page,
    # text only, where a search lands on the few actions of one indicator rather than on this table.
    return Markup(
        f'<div class="bd-table-wrap" role="region" tabindex="0" aria-label="{esc(page.t("actions.table_label"))}" '
        f'data-search-exclude><table class="bd-table" id="actions-table"><thead><tr>{head}</tr></thead>'
        f'<tbody>{"".join(body)}</tbody></table></div>'
    )


def bodies_list(page: PageCtx, rows: list[Row]) -> Markup:
    """Every responsible body of the plan: its short name (the anchor the table links to) and full name."""
    names = bodies(page)
    used = {b for a in rows for b in split_list(a.get("responsible_body_ids"))}
    items = "".join(f'<dt id="body-{esc(b.body_id)}">{esc(b.short)}</dt><dd>{esc(b.full)}</dd>'
                    for b in collated(page, [names[b] for b in used]))
    # Out of the search index, which every page loads: the glossary's abbreviations (indexed) name them too.
    return Markup(f'<dl class="bd-dl" data-search-exclude>{items}</dl>')


def filters(page: PageCtx, rows: list[Row]) -> Markup:
    """The filter form, hidden until the script shows it (without JavaScript it would do nothing).
    Kept out of the search index: its options are every chapter, year and body, not content. Each body
    is one option (its id), named in the page's language, in the language's alphabetical order."""
    chapters = sorted({int(a["chapter"]) for a in rows if a.get("chapter") is not None})
    years = sorted({y for a in rows for y in split_list(a.get("deadline_years"))})
    names = bodies(page)
    used = collated(page, [names[b] for b in {b for a in rows for b in split_list(a.get("responsible_body_ids"))}])

    def select(name: str, label: str, options: list[tuple[object, object]]) -> str:
        shown = "".join(f'<option value="{esc(v)}">{esc(text)}</option>' for v, text in options)
        return (f'<label>{esc(label)}<select name="{name}" data-filter="{name}">'
                f'<option value="">{esc(page.t("actions.filter_all"))}</option>{shown}</select></label>')

    # The total is the page's, written by the language module ("180-нің ішінен", "из 180"); the script
    # puts the count of rows shown in place of {shown}.
    # The script shows it as it is: its hyphens get their word joiners here (attributes are not typeset).
    shown_template = grammar.nobreak_hyphens(page.t("actions.shown", total=len(rows), shown="{shown}"))
    return Markup(
        f'<form class="bd-filters" id="actions-filters" hidden data-search-exclude aria-label="{esc(page.t("actions.filters"))}">'
        + select("chapter", page.t("concept.col.chapter"), [(c, c) for c in chapters])
        + select("year", page.t("actions.filter_year"), [(y, y) for y in years])
        + select("body", page.t("actions.col.responsible"), [(b.body_id, b.short) for b in used])
        + f'<button type="submit">{esc(page.t("fit.filters_apply"))}</button>'
        + f'<output id="actions-count" aria-live="polite" data-template="{esc(shown_template)}"></output>'
        + "</form>"
    )


def translation_note(page: PageCtx) -> Markup:
    """Once per page: the texts are our unofficial translation, the original is Russian (a link to the
    Russian page, the plan as printed)."""
    if page.lang == "ru":
        return el("p", page.t("actions.translation_note"), class_="bd-note")
    link = (f'<a href="{esc(page.href("actions/", "ru"))}" hreflang="ru">'
            f'{esc(page.t("actions.original_link"))}</a>')
    return Markup(f'<p class="bd-note">{esc(page.t("actions.translation_note"))} {link}</p>')


def year_runs(years: list[str]) -> str:
    """The years of a row for the year filter (actions-filter.js), each run of consecutive years as its
    first and last: "2023 2024 2025 2027" → "2023-2025 2027" (the page is the site's heaviest)."""
    runs: list[list[int]] = []
    for year in sorted({int(y) for y in years}):
        if runs and year == runs[-1][1] + 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    return " ".join(f"{first}-{last}" if last > first else f"{first}" for first, last in runs)


def actions_page(page: PageCtx) -> str:
    rows = actions(page)
    # The years the deadlines fall in, each a word the site search finds the page by (search_terms), not
    # in its description: the page is the site's heaviest.
    years = sorted({y for a in rows for y in split_list(a.get("deadline_years"))})
    return (
        front_matter(page.t("page.actions"), page.t("actions.description", actions=len(rows)),
                     scripts=[FILTER_SCRIPT], search_terms=years)
        + heading(1, page.t("page.actions"), "actions")
        + block(el("p", page.t("actions.lead", n=len(rows))))
        + block(translation_note(page))
        + block(page.chart(year_chart(page, rows)))
        + block(page.chart(body_chart(page, rows)))
        + heading(2, page.t("actions.table_heading"), "table")
        + block(filters(page, rows))
        + block(actions_table(page, rows))
        + heading(2, page.t("actions.bodies_heading"), "bodies")
        + block(el("p", page.t("actions.bodies_intro")))
        + block(bodies_list(page, rows))
    )
