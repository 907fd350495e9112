"""Kinds of issue within one printed line: a number against the numbers printed with it (a count and its
total, a percent, the parts of a total, a stated multiplier)."""

from __future__ import annotations

from pipelines.check.kind import IssueKind, Query, number
from pipelines.language.grammar import count_of_total, term
from pipelines.language.numbers import as_written, format_number, format_percent

# A printed whole percent may differ from count/total×100 by rounding (< 0.5) or truncation (< 1).
PERCENT_TOLERANCE_POINTS = 1.0


COUNT_EXCEEDS_TOTAL = IssueKind(
    "count_exceeds_total",
    label={"kk": "жалпы саннан көп", "ru": "больше общего числа", "en": "count exceeds total"},
    meaning={
        "kk": "Шарасы бар ұйымдар саны осы жердегі ұйымдардың жалпы санынан көп басылған.",
        "ru": "Число организаций с мерой напечатано больше общего числа организаций в этом месте.",
        "en": "The number of organisations with the measure is printed larger than the number of organisations "
              "in the place.",
    },
    description={
        "en": "The list gives the measure for {part}: more than the total. Quoted: {quote}.",
        "ru": "По списку мера есть у {part} — больше, чем всего. Цитата: {quote}.",
        "kk": "Тізім бойынша шара {part} бар, яғни жалпы саннан көп. Дәйексөз: {quote}.",
    },
    queries=(Query("security_coverage", ("security_coverage",), """
        SELECT row_key, source_id || ':' || source_line AS source_refs,
               source_text AS quote, count_as_published AS count, total_as_published AS total
        FROM security_coverage WHERE count_as_published > total_as_published
    """),),
    prepare=lambda p, lang: {
        "part": count_of_total(number(p["count"]), number(p["total"]), lang, "organisation",
                               case="loc" if lang == "kk" else "nom")},
    inherited=True,
)

PERCENT_MISMATCH = IssueKind(
    "percent_mismatch",
    label={"kk": "пайыз сәйкес емес", "ru": "процент не сходится", "en": "percent mismatch"},
    meaning={
        "kk": "Басылған пайыз басылған сан мен жалпы саннан есептелген пайызбен сәйкес келмейді.",
        "ru": "Напечатанный процент не совпадает с процентом, вычисленным из напечатанных числа и итога.",
        "en": "The printed percent does not match the percent computed from the printed count and total.",
    },
    description={
        "en": "The printed percent ({printed}) does not match {part}, which is {computed}. Quoted: {quote}.",
        "ru": "Указанный процент ({printed}) не соответствует доле {part}, то есть {computed}. Цитата: {quote}.",
        "kk": "Көрсетілген пайыз ({printed}) {part} үлесіне сәйкес келмейді: бұл {computed}. Дәйексөз: {quote}.",
    },
    queries=(
        Query("security_coverage", ("security_coverage",), f"""
            SELECT row_key, source_id || ':' || source_line AS source_refs,
                   source_text AS quote, count, total, percent_as_published AS printed,
                   round(100.0 * count / total, 1) AS computed
            FROM security_coverage
            WHERE total > 0 AND abs(100.0 * count / total - percent_as_published) >= {PERCENT_TOLERANCE_POINTS}
        """),
        # A percent printed with its count and denominator against count / denominator × 100.
        Query("national_figures", ("national_figures",), f"""
            SELECT p.row_key, p.source_id || ':' || p.source_line AS source_refs, p.source_text AS quote,
                   c.value AS count, p.denominator AS total, p.value AS printed,
                   round(100.0 * c.value / p.denominator, 1) AS computed
            FROM national_figures p JOIN national_figures c
              ON c.source_id = p.source_id AND c.source_line = p.source_line AND c.measure = p.measure
             AND c.org_type = p.org_type AND c.scope = p.scope AND c.period = p.period AND c.locality = p.locality
             AND c.unit = 'count' AND c.denominator = p.denominator
            WHERE p.unit = 'percent' AND p.denominator > 0
              AND abs(100.0 * c.value / p.denominator - p.value) >= {PERCENT_TOLERANCE_POINTS}
        """),
    ),
    prepare=lambda p, lang: {
        "part": count_of_total(number(p["count"]), number(p["total"]), lang, "organisation",
                               case="gen" if lang == "kk" else "nom"),
        "printed": format_percent(number(p["printed"]), lang),
        "computed": format_percent(number(p["computed"]), lang)},
    inherited=True,
)


def _parts(text: object, lang: str) -> str:
    return " + ".join(format_number(float(part), lang) for part in str(text).split(" + "))


# Parts printed beside a total (by organisation type, or rural/urban) should add up to it.
PARTS_DO_NOT_SUM = IssueKind(
    "parts_do_not_sum",
    label={"kk": "бөліктер жиынға тең емес", "ru": "части не дают итог", "en": "parts do not sum"},
    meaning={
        "kk": "Жиынның жанында келтірілген бөліктердің қосындысы жиынның өзіне тең емес.",
        "ru": "Части, приведённые рядом с итогом, в сумме не дают этот итог.",
        "en": "The parts printed beside a total do not add up to it.",
    },
    description={
        "en": "The parts printed beside this total ({parts_text} = {parts_sum}) do not add up to {value}. "
              "Quoted: {quote}.",
        "ru": "Части, приведённые рядом с итогом ({parts_text} = {parts_sum}), не складываются в {value}. "
              "Цитата: {quote}.",
        "kk": "Жиынның жанында келтірілген бөліктердің қосындысы ({parts_text} = {parts_sum}) жиынға ({value}) "
              "тең емес. Дәйексөз: {quote}.",
    },
    queries=(Query("national_figures", ("national_figures",), """
        WITH parts AS (
            SELECT a.row_key, a.value, a.qualifier, a.source_text AS quote,
                   a.source_id || ':' || a.source_line AS ref,
                   sum(p.value) AS parts_sum, count(*) AS parts,
                   string_agg(p.value::VARCHAR, ' + ' ORDER BY p.figure_id) AS parts_text
            FROM national_figures a JOIN national_figures p
              ON p.source_id = a.source_id AND p.source_line = a.source_line AND p.measure = a.measure
             AND p.scope = a.scope AND p.period = a.period AND p.unit = a.unit AND p.figure_id <> a.figure_id
             AND ((a.org_type = 'all' AND p.org_type <> 'all' AND p.locality = a.locality)
               OR (a.locality = '' AND p.locality <> '' AND p.org_type = a.org_type))
            WHERE a.unit = 'count'
            GROUP BY ALL
        )
        SELECT row_key, ref AS source_refs, quote, value, parts_sum, parts_text
        FROM parts
        WHERE parts > 1 AND CASE qualifier WHEN '' THEN parts_sum <> value
                                           WHEN 'more_than' THEN parts_sum < value ELSE FALSE END
    """),),
    prepare=lambda p, lang: {"parts_text": _parts(p["parts_text"], lang)},
    inherited=True,
)


def _times(value: object, lang: str) -> str:
    n = number(value)
    return f"{format_number(n, lang)} {term('times', lang, n=as_written(n, None))}"


# Stated multipliers against computed ones, to the precision the document states them.
MULTIPLIER_DIFFERS = IssueKind(
    "multiplier_differs",
    label={"kk": "еселік сәйкес емес", "ru": "кратность не сходится", "en": "multiplier differs"},
    meaning={
        "kk": "Құжат айтқан еселік («11 есе») құжаттағы сандардан есептелген еселіктен айтарлықтай өзгеше.",
        "ru": "Названная в документе кратность («в 11 раз») заметно отличается от вычисленной из его же чисел.",
        "en": "The multiplier the document states (“11 times”) differs noticeably from the one its own numbers "
              "give.",
    },
    description={
        "en": "The document says the figure grew {stated}; its own numbers ({value_from} → {value_to}) "
              "give {computed}. Quoted: {quote}.",
        "ru": "В документе сказано, что показатель вырос в {stated}; его же числа ({value_from} → {value_to}) "
              "дают рост в {computed}. Цитата: {quote}.",
        "kk": "Құжатта көрсеткіш {stated} өсті делінген; оның өз сандары ({value_from} → {value_to}) "
              "{computed} өсуді береді. Дәйексөз: {quote}.",
    },
    queries=(Query("progress", ("progress",), """
        SELECT row_key, source_id || ':' || source_line AS source_refs, source_text AS quote,
               multiplier_stated AS stated, multiplier_computed AS computed, value_from, value_to
        FROM progress
        WHERE multiplier_stated IS NOT NULL
          AND round(multiplier_computed, CASE WHEN multiplier_stated = floor(multiplier_stated) THEN 0 ELSE 1 END)
              <> multiplier_stated
    """),),
    prepare=lambda p, lang: {"stated": _times(p["stated"], lang), "computed": _times(p["computed"], lang)},
)

KINDS = (COUNT_EXCEEDS_TOTAL, PERCENT_MISMATCH, PARTS_DO_NOT_SUM, MULTIPLIER_DIFFERS)
