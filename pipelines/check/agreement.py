"""Kinds of issue between two places that state the same number: the lists of one note, a note's list and
the total it states, and two documents."""

from __future__ import annotations

import re

from pipelines.check.kind import IssueKind, Query, number
from pipelines.language.grammar import (
    count_noun,
    count_of_total,
    period_label,
    quoted,
    source_ref,
    unmarked,
)
from pipelines.language.numbers import format_number
from pipelines.normalise.periods import PERIOD_BOUNDS, period_bounds
from pipelines.vocabularies import LIST_MEASURES

# Figures of two documents this close in time (gap in days between the moments they describe, each
# figure's moment as MOMENTS reads it: "2023" in a document of 30 May 2023 is May 2023, not December) may
# describe the same moment; which of them are compared is the nearest-period rule below.
CLOSE_PERIOD_DAYS = 92

# Each figure's moment: its period, ending at its document's date when the period was still running
# then ("2023" in a document of 2023-03-07 is the count as of that day). A figure is compared with a
# figure of another document, or of the series of quarterly notes, whose period it could know (begun
# by its document's date) and that is nearest to that moment, preferring periods that had ended by its
# document's date: a document of 30 May is compared with Q1, the last quarter it could have figures for,
# not with the Q2 still running (Q2's note reports the end of June); a document of 7 March, when no
# quarter had ended yet, with the Q1 that contains it. The quarterly notes never choose: each is compared
# only with the figures that choose it, and two quarters are successive states of a series, not two
# accounts of one moment.
MOMENTS = f"""
    SELECT n.*, {PERIOD_BOUNDS}, {period_bounds("s.date", "doc")}, s.format = 'security_note' AS is_note,
           CASE WHEN s.format = 'security_note' THEN s.format ELSE n.source_id END AS series
    FROM national_figures n JOIN sources s USING (source_id)
"""
NEAREST = f"""
    SELECT a.figure_id AS chooser, b.*,
           rank() OVER (PARTITION BY a.figure_id, b.series
                        ORDER BY b.period_end > a.doc_end,
                                 greatest(b.moment_start - a.moment_end, a.moment_start - b.moment_end, 0),
                                 greatest(b.moment_start - a.moment_end, a.moment_end - b.moment_end, 0)) AS nearness
    FROM moments a JOIN moments b
      ON a.measure = b.measure AND a.org_type = b.org_type AND a.scope = b.scope AND a.locality = b.locality
     AND a.city_group = b.city_group AND a.unit = b.unit AND a.series <> b.series AND NOT a.is_note
     AND b.period_start <= a.doc_end
     AND NOT (a.period LIKE '____-Q_' AND b.period LIKE '____-Q_' AND a.period <> b.period)
     AND greatest(b.moment_start - a.moment_end, a.moment_start - b.moment_end, 0) <= {CLOSE_PERIOD_DAYS}
"""
# The area a measure's lists cover (LIST_MEASURES), in SQL.
LIST_AREA = "CASE f.measure " + " ".join(f"WHEN '{m}' THEN '{a}'" for m, a in LIST_MEASURES.items()) + " END"


# The same place and organisation type should have one total in every list of a note: the region list's
# city rows (Astana, Almaty, Shymkent) and the large-city lists included.
TOTAL_DIFFERS_BETWEEN_LISTS = IssueKind(
    "total_differs_between_lists",
    label={"kk": "тізімдерде жалпы сан әртүрлі", "ru": "итоги расходятся между списками",
           "en": "total differs between lists"},
    meaning={
        "kk": "Бір жердегі бір түрдегі ұйымдардың жалпы саны бір ақпараттың әр тізімінде әртүрлі.",
        "ru": "Общее число организаций одного типа в одном месте различается в разных списках одной записки.",
        "en": "The total number of organisations of one type in one place differs between the lists of the same "
              "note.",
    },
    description={
        "en": "This list gives the place {organisations} of this type; the same note's other lists ({lists}) "
              "give {usual_total}. Quoted: {quote}.",
        "ru": "В этом списке у места {organisations} этого типа, а в других списках той же записки ({lists}) — "
              "{usual_total}. Цитата: {quote}.",
        "kk": "Бұл тізімде осы жердегі осы түрдегі ұйымдар саны {total}, ал сол ақпараттың басқа тізімдерінде "
              "({lists}) — {usual_total}. Дәйексөз: {quote}.",
    },
    queries=(Query("security_coverage", ("security_coverage", "regions", "large_cities"), """
        WITH placed AS (
            SELECT c.*,
                   CASE WHEN c.area_type = 'city' THEN c.city_group
                        WHEN r.kind = 'city' THEN l.city_group
                        ELSE c.region_code END AS place
            FROM security_coverage c JOIN regions r ON r.code = c.region_code
            LEFT JOIN large_cities l ON r.kind = 'city' AND l.region_code = c.region_code
        ),
        modes AS (
            SELECT period, org_type, place, total_as_published AS total, count(*) AS lists,
                   row_number() OVER (PARTITION BY period, org_type, place
                                      ORDER BY count(*) DESC, total_as_published) AS rank,
                   count(*) OVER (PARTITION BY period, org_type, place) AS distinct_totals
            FROM placed GROUP BY period, org_type, place, total_as_published
        )
        SELECT p.row_key,
               (SELECT string_agg(DISTINCT q.source_id || ':' || q.source_line, ';'
                                  ORDER BY q.source_id || ':' || q.source_line)
                FROM placed q WHERE q.period = p.period AND q.org_type = p.org_type AND q.place = p.place)
               AS source_refs,
               p.source_text AS quote, p.total_as_published AS total, m.total AS usual_total, m.lists AS lists
        FROM placed p
        JOIN modes m ON m.period = p.period AND m.org_type = p.org_type AND m.place = p.place AND m.rank = 1
        WHERE m.distinct_totals > 1 AND p.total_as_published <> m.total
    """),),
    prepare=lambda p, lang: {
        "organisations": count_noun(number(p["total"]), "organisation", lang),
        "lists": count_noun(number(p["lists"]), "list", lang)},
    inherited=True,
)

# How `others` of differs_between_documents is written by its query: value (period, source:line: «quote»)
# for each other document, separated by "; ".
OTHER_FIGURE = re.compile(r"(?P<value>-?\d+(?:\.\d+)?) \((?P<period>[^,]+), (?P<source>[^:]+):(?P<line>\d+): "
                          r"«(?P<quote>.*?)»\)(?:; |$)")


def _others(text: object, lang: str) -> str:
    """The other documents' figures: "5 588 (2023 жыл; 001-құжат, 18-жол: «…»)"."""
    raw = str(text)
    matches = list(OTHER_FIGURE.finditer(raw))
    if not matches or "".join(m.group(0) for m in matches) != raw:
        raise ValueError(f"differs_between_documents: cannot read the other figures {raw!r}")
    parts = []
    for m in matches:
        where = source_ref(m["source"][:3], int(m["line"]), lang)
        parts.append(f"{format_number(float(m['value']), lang)} ({period_label(m['period'], lang)}; {where}: "
                     f"{quoted(unmarked(m['quote']), lang)})")
    return "; ".join(parts)


# One measure stated differently by different documents for the same moment (see MOMENTS).
DIFFERS_BETWEEN_DOCUMENTS = IssueKind(
    "differs_between_documents",
    label={"kk": "құжаттар арасында әртүрлі", "ru": "расходится между документами",
           "en": "differs between documents"},
    meaning={
        "kk": "Бір нәрсе туралы екі құжат әртүрлі сан береді.",
        "ru": "Два документа дают разные числа об одном и том же.",
        "en": "Two documents give different numbers for the same thing.",
    },
    description={
        "en": "Another document states this figure differently for the same or a close period. This row: {value} "
              "({quote}); elsewhere: {others}.",
        "ru": "Другой документ приводит эту величину иначе за тот же или близкий период. Здесь: {value} "
              "({quote}); в другом месте: {others}.",
        "kk": "Басқа құжат осы көрсеткішті сол немесе жақын кезең үшін басқаша келтіреді. Мұнда: {value} "
              "({quote}); басқа жерде: {others}.",
    },
    queries=(Query("national_figures", ("national_figures", "sources"), f"""
        WITH figures AS ({MOMENTS} WHERE n.qualifier = '' AND n.unit IN ('count', 'percent')),
        moments AS (
            SELECT *, period_start AS moment_start,
                   CASE WHEN doc_end >= period_start AND doc_end < period_end THEN doc_end ELSE period_end END
                   AS moment_end
            FROM figures
        ),
        chosen AS (SELECT chooser, figure_id AS chosen FROM ({NEAREST}) WHERE nearness = 1),
        compared AS (SELECT chooser AS a_id, chosen AS b_id FROM chosen
                     UNION SELECT chosen, chooser FROM chosen),
        pairs AS (
            SELECT a.row_key, a.value, a.source_text AS quote,
                   a.source_id || ':' || a.source_line AS own_ref, b.source_id || ':' || b.source_line AS other_ref,
                   b.value AS other_value, b.period AS other_period, b.source_text AS other_quote
            FROM compared c JOIN moments a ON a.figure_id = c.a_id JOIN moments b ON b.figure_id = c.b_id
            WHERE a.value <> b.value
        )
        SELECT row_key, own_ref || ';' || string_agg(DISTINCT other_ref, ';' ORDER BY other_ref) AS source_refs,
               any_value(quote) AS quote, any_value(value) AS value,
               string_agg(other_value || ' (' || other_period || ', ' || other_ref || ': «' || other_quote || '»)',
                          '; ' ORDER BY other_ref, other_value) AS others
        FROM pairs GROUP BY row_key, own_ref
    """),),
    prepare=lambda p, lang: {"others": _others(p["others"], lang)},
)

# The region statements of the briefing against the list of the note nearest to them (see MOMENTS).
DIFFERS_FROM_NOTE_LIST = IssueKind(
    "differs_from_note_list",
    label={"kk": "ақпарат тізімінен өзгеше", "ru": "расходится со списком записки",
           "en": "differs from the note's list"},
    meaning={
        "kk": "Сан тоқсандық ақпараттың тізіміндегі сол жердің санынан өзгеше.",
        "ru": "Число отличается от числа по тому же месту в списке квартальной записки.",
        "en": "The figure differs from the same place's figure in the list of a quarterly note.",
    },
    description={
        "en": "The statement gives {stated}; the quarterly note's list gives the same place {listed} "
              "({list_quote}). Quoted: {quote}.",
        "ru": "В тексте {stated}; список квартальной записки даёт для того же места {listed} ({list_quote}). "
              "Цитата: {quote}.",
        "kk": "Мәтінде {stated}; тоқсандық ақпараттың тізімі сол жер үшін {listed} береді ({list_quote}). "
              "Дәйексөз: {quote}.",
    },
    queries=(Query("national_figures", ("national_figures", "security_coverage", "sources"), f"""
        WITH f AS (
            SELECT *, CASE WHEN doc_end >= period_start AND doc_end < period_end THEN doc_end ELSE period_end END
                      AS moment_end
            FROM ({MOMENTS} WHERE n.unit = 'count' AND n.denominator IS NOT NULL AND n.scope LIKE 'KZ-%')
        ),
        c AS (SELECT *, {PERIOD_BOUNDS} FROM security_coverage),
        statements AS (
            SELECT f.row_key, f.value, f.denominator, f.source_text, f.source_id, f.source_line,
                   c.count AS list_count, c.total AS list_total, c.source_text AS list_quote,
                   c.source_id || ':' || c.source_line AS list_ref,
                   rank() OVER (PARTITION BY f.figure_id
                                ORDER BY c.period_end > f.doc_end,
                                         greatest(c.period_start - f.moment_end, f.period_start - c.period_end, 0),
                                         greatest(c.period_start - f.moment_end, f.moment_end - c.period_end, 0))
                   AS nearness
            FROM f JOIN c
              ON c.measure = f.measure AND c.org_type = f.org_type AND c.region_code = f.scope
             AND c.area_type = {LIST_AREA}
             AND (f.city_group = '' OR c.city_group = f.city_group)
             AND c.period_start <= f.doc_end
        )
        SELECT row_key, source_id || ':' || source_line || ';' || list_ref AS source_refs,
               source_text AS quote, value, denominator, list_count, list_total, list_quote
        FROM statements WHERE nearness = 1 AND (value <> list_count OR denominator <> list_total)
    """),),
    prepare=lambda p, lang: {
        "stated": count_of_total(number(p["value"]), number(p["denominator"]), lang),
        "listed": count_of_total(number(p["list_count"]), number(p["list_total"]), lang,
                                 case="acc" if lang == "kk" else "nom")},
)

DIFFERS_FROM_LIST_SUM = IssueKind(
    "differs_from_list_sum",
    label={"kk": "тізім қосындысынан өзгеше", "ru": "не равно сумме списка", "en": "differs from list sum"},
    meaning={
        "kk": "Құжатта айтылған жиын сол құжаттағы тізімнің қосындысына тең емес.",
        "ru": "Указанный в документе итог не равен сумме его же списка.",
        "en": "A total the document states is not the sum of the document's own list.",
    },
    description={
        "en": "The note states {value}, but its own list adds up to {list_sum}. Quoted: {quote}.",
        "ru": "В записке указано {value}, но её собственный список в сумме даёт {list_sum}. Цитата: {quote}.",
        "kk": "Ақпаратта {value} көрсетілген, бірақ оның өз тізімінің жиыны {list_sum}. Дәйексөз: {quote}.",
    },
    queries=(
        # Each list's sum against the total the note states for it (after declared corrections): its counts
        # against the stated count, and, where those agree, its totals against the number of organisations
        # the count is of ("…6 936 мектептің 4 360-ы…": 6 936), a list that leaves organisations out or
        # counts some twice.
        Query("national_figures", ("national_figures", "security_coverage"), """
            WITH sums AS (
                SELECT source_id, period, measure, org_type, area_type, sum(count) AS list_count,
                       sum(total) AS list_total, min(source_line) AS list_line
                FROM security_coverage GROUP BY ALL
            )
            SELECT f.row_key,
                   f.source_id || ':' || f.source_line || ';' || s.source_id || ':' || s.list_line AS source_refs,
                   f.source_text AS quote,
                   CASE WHEN f.value <> s.list_count THEN f.value ELSE f.denominator END AS value,
                   CASE WHEN f.value <> s.list_count THEN s.list_count ELSE s.list_total END AS list_sum
            FROM national_figures f
            JOIN sums s ON s.source_id = f.source_id AND s.period = f.period AND s.measure = f.measure
                       AND s.org_type = f.org_type
                       AND s.area_type = CASE f.scope WHEN 'national' THEN 'region' ELSE 'city' END
            WHERE f.unit = 'count' AND f.qualifier = '' AND f.scope IN ('national', 'large_cities')
              AND (f.value <> s.list_count OR f.denominator <> s.list_total)
        """),
        # The number of large cities a note states ("25 ірі қалада") against the cities of the groups its
        # lists name (data/reference/large_cities.csv): a group left out of every list shows here.
        Query("national_figures", ("national_figures", "security_coverage", "large_cities"), """
            WITH listed AS (
                SELECT c.source_id, c.city_group, min(c.source_line) AS list_line
                FROM security_coverage c WHERE c.area_type = 'city' GROUP BY ALL
            ),
            cities AS (
                SELECT listed.source_id, sum(l.city_count) AS list_count, min(listed.list_line) AS list_line
                FROM listed JOIN large_cities l USING (city_group) GROUP BY ALL
            )
            SELECT f.row_key,
                   f.source_id || ':' || f.source_line || ';' || s.source_id || ':' || s.list_line AS source_refs,
                   f.source_text AS quote, f.value, s.list_count AS list_sum
            FROM national_figures f JOIN cities s ON s.source_id = f.source_id
            WHERE f.measure = 'large_cities_total' AND f.unit = 'count' AND f.value <> s.list_count
        """),
    ),
    inherited=True,
)

KINDS = (TOTAL_DIFFERS_BETWEEN_LISTS, DIFFERS_BETWEEN_DOCUMENTS, DIFFERS_FROM_NOTE_LIST, DIFFERS_FROM_LIST_SUM)
