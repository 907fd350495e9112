"""Kinds of issue of a comparison across periods: the two figures it compares are not of the same things.

A quarterly note counts the organisations of "the large cities", and a later note may count one city more
(a new large-city group). A progress row comparing the large cities' totals of two notes then shows the
added city's organisations as a change.
"""

from __future__ import annotations

from pipelines.check.kind import IssueKind, Query
from pipelines.language.grammar import period_label

LARGE_CITIES_CHANGED = IssueKind(
    "large_cities_changed",
    label={"kk": "ірі қалалар саны өзгерді", "ru": "число крупных городов изменилось",
           "en": "number of large cities changed"},
    meaning={
        "kk": "Салыстырудың екі кезеңінде ірі қалалардың саны әртүрлі: өзгерістің бір бөлігі тізімге қосылған "
              "немесе одан шыққан қалалардан.",
        "ru": "В двух периодах сравнения учтено разное число крупных городов: часть изменения дают города, "
              "добавленные в список или выбывшие из него.",
        "en": "The two periods of the comparison count a different number of large cities: part of the change "
              "is the cities added to the list or dropped from it.",
    },
    description={
        "en": "Large cities counted: {cities_from} in {period_from}, {cities_to} in {period_to}; the change "
              "{value_from} → {value_to} compares different sets of cities.",
        "ru": "Учтено крупных городов: {period_from} — {cities_from}, {period_to} — {cities_to}; изменение "
              "{value_from} → {value_to} сравнивает разные наборы городов.",
        "kk": "Есепке алынған ірі қалалар саны: {period_from} — {cities_from}, {period_to} — {cities_to}; "
              "{value_from} → {value_to} өзгерісі әртүрлі қалалар жиынын салыстырады.",
    },
    # Each period's number of large cities is the note's own statement of it (measure large_cities_total);
    # a progress row of the large cities' totals whose two periods state different numbers is flagged.
    queries=(Query("progress", ("progress", "national_figures"), """
        WITH cities AS (
            SELECT period, max(value) AS cities, min(source_id || ':' || source_line) AS ref
            FROM national_figures WHERE measure = 'large_cities_total' GROUP BY period
        )
        SELECT p.row_key, p.source_id || ':' || p.source_line || ';' || a.ref || ';' || b.ref AS source_refs,
               p.period_from, p.period_to, a.cities AS cities_from, b.cities AS cities_to, p.value_from, p.value_to
        FROM progress p
        JOIN cities a ON a.period = p.period_from
        JOIN cities b ON b.period = p.period_to
        WHERE p.scope = 'large_cities' AND a.cities <> b.cities
    """),),
    prepare=lambda p, lang: {"period_from": period_label(str(p["period_from"]), lang),
                             "period_to": period_label(str(p["period_to"]), lang)},
)

KINDS = (LARGE_CITIES_CHANGED,)
