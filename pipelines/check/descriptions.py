"""Plain-language descriptions of every kind of quality issue, in English, Russian and Kazakh.

Each template's placeholders are filled by the language module: numbers as each language writes them,
counts with their nouns agreeing (CLDR plurals; Kazakh case endings by rule), "count of total" in each
language's own construction, periods and dates in words, quotations without Markdown marks. No
template writes an ending or a plural itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from string import Formatter

from pipelines.language import grammar
from pipelines.language.grammar import (
    count_noun,
    count_of_total,
    format_number,
    format_percent,
    period_label,
    source_ref,
    term,
    unmarked,
)

LANGUAGES = ("en", "ru", "kk")

TEMPLATES: dict[str, dict[str, str]] = {
    "count_exceeds_total": {
        "en": "The list gives the measure for {part}: more than the total. Quoted: «{quote}».",
        "ru": "По списку мера есть у {part} — больше, чем всего. Цитата: «{quote}».",
        "kk": "Тізім бойынша шара {part} бар, яғни жалпы саннан көп. Дәйексөз: «{quote}».",
    },
    "percent_mismatch": {
        "en": "The printed percent ({printed}) does not match {part}, which is {computed}. Quoted: «{quote}».",
        "ru": "Указанный процент ({printed}) не соответствует доле {part}, то есть {computed}. Цитата: «{quote}».",
        "kk": "Көрсетілген пайыз ({printed}) {part} үлесіне сәйкес келмейді: бұл {computed}. Дәйексөз: «{quote}».",
    },
    "total_differs_between_lists": {
        "en": "This list gives the place {organisations} of this type; the same note's other lists ({lists}) "
              "give {usual_total}. Quoted: «{quote}».",
        "ru": "В этом списке у места {organisations} этого типа, а в других списках той же записки ({lists}) — "
              "{usual_total}. Цитата: «{quote}».",
        "kk": "Бұл тізімде осы жердегі осы түрдегі ұйымдар саны {total}, ал сол ақпараттың басқа тізімдерінде "
              "({lists}) — {usual_total}. Дәйексөз: «{quote}».",
    },
    "differs_between_documents": {
        "en": "Another document states this figure differently for the same or a close period. This row: {value} "
              "(«{quote}»); elsewhere: {others}.",
        "ru": "Другой документ приводит эту величину иначе за тот же или близкий период. Здесь: {value} "
              "(«{quote}»); в другом месте: {others}.",
        "kk": "Басқа құжат осы көрсеткішті сол немесе жақын кезең үшін басқаша келтіреді. Мұнда: {value} "
              "(«{quote}»); басқа жерде: {others}.",
    },
    "differs_from_note_list": {
        "en": "The statement gives {stated}; the quarterly note's list gives the same place {listed} "
              "(«{list_quote}»). Quoted: «{quote}».",
        "ru": "В тексте {stated}; список квартальной записки даёт для того же места {listed} («{list_quote}»). "
              "Цитата: «{quote}».",
        "kk": "Мәтінде {stated}; тоқсандық ақпараттың тізімі сол жер үшін {listed} береді («{list_quote}»). "
              "Дәйексөз: «{quote}».",
    },
    "differs_from_list_sum": {
        "en": "The note states {value}, but its own list adds up to {list_sum}. Quoted: «{quote}».",
        "ru": "В записке указано {value}, но её собственный список в сумме даёт {list_sum}. Цитата: «{quote}».",
        "kk": "Ақпаратта {value} көрсетілген, бірақ оның өз тізімінің жиыны {list_sum}. Дәйексөз: «{quote}».",
    },
    "parts_do_not_sum": {
        "en": "The parts printed beside this total ({parts_text} = {parts_sum}) do not add up to {value}. "
              "Quoted: «{quote}».",
        "ru": "Части, приведённые рядом с итогом ({parts_text} = {parts_sum}), не складываются в {value}. "
              "Цитата: «{quote}».",
        "kk": "Жиынның жанында келтірілген бөліктердің қосындысы ({parts_text} = {parts_sum}) жиынға ({value}) "
              "тең емес. Дәйексөз: «{quote}».",
    },
    "multiplier_differs": {
        "en": "The document says the figure grew {stated}; its own numbers ({value_from} → {value_to}) "
              "give {computed}. Quoted: «{quote}».",
        "ru": "В документе сказано, что показатель вырос в {stated}; его же числа ({value_from} → {value_to}) "
              "дают рост в {computed}. Цитата: «{quote}».",
        "kk": "Құжатта көрсеткіш {stated} өсті делінген; оның өз сандары ({value_from} → {value_to}) "
              "{computed} өсуді береді. Дәйексөз: «{quote}».",
    },
    "target_large_drop": {
        "en": "The target falls sharply: {step}. Quoted: «{quote}».",
        "ru": "Целевое значение резко падает: {step}. Цитата: «{quote}».",
        "kk": "Нысаналы мән күрт төмендейді: {step}. Дәйексөз: «{quote}».",
    },
    "target_decreases": {
        "en": "The target falls although a higher value is better: {step}. Quoted: «{quote}».",
        "ru": "Целевое значение снижается, хотя лучше более высокое: {step}. Цитата: «{quote}».",
        "kk": "Жоғары мән жақсы болса да, нысаналы мән төмендейді: {step}. Дәйексөз: «{quote}».",
    },
    "target_increases": {
        "en": "The target rises although a lower value is better: {step}. Quoted: «{quote}».",
        "ru": "Целевое значение растёт, хотя лучше более низкое: {step}. Цитата: «{quote}».",
        "kk": "Төмен мән жақсы болса да, нысаналы мән өседі: {step}. Дәйексөз: «{quote}».",
    },
    "target_reversal": {
        "en": "The target path turns back: {step}. Quoted: «{quote}».",
        "ru": "Траектория целевых значений меняет направление: {step}. Цитата: «{quote}».",
        "kk": "Нысаналы мәндер бағыты кері бұрылады: {step}. Дәйексөз: «{quote}».",
    },
    "target_year_gap": {
        "en": "The yearly targets skip a year: {previous_label} → {label}. Quoted: «{quote}».",
        "ru": "В ежегодных целевых значениях пропущен год: {previous_label} → {label}. Цитата: «{quote}».",
        "kk": "Жылдық нысаналы мәндерде бір жыл өткізіліп кеткен: {previous_label} → {label}. Дәйексөз: «{quote}».",
    },
    "section6_differs": {
        "en": "Section 6 of the Concept restates this target as {section6}; the Action Plan gives {plan}.",
        "ru": "Раздел 6 Концепции приводит это целевое значение как {section6}; План действий — {plan}.",
        "kk": "Тұжырымдаманың 6-бөлімі бұл нысаналы мәнді {section6} деп береді; Іс-қимыл жоспары — {plan}.",
    },
    "section6_missing_in_plan": {
        "en": "Section 6 of the Concept gives a target ({section6}) that the Action Plan does not.",
        "ru": "Раздел 6 Концепции даёт целевое значение ({section6}), которого нет в Плане действий.",
        "kk": "Тұжырымдаманың 6-бөлімі Іс-қимыл жоспарында жоқ нысаналы мән ({section6}) береді.",
    },
    "section6_missing_in_section6": {
        "en": "The Action Plan gives a target ({plan}) that the restated section 6 leaves out.",
        "ru": "План действий даёт целевое значение ({plan}), которого нет в новой редакции раздела 6.",
        "kk": "Іс-қимыл жоспары 6-бөлімнің жаңа редакциясында жоқ нысаналы мән ({plan}) береді.",
    },
    "mojibake": {
        "en": "«{quote}»: a Kazakh letter Ұ inside a Russian word, most likely a garbled «ё».",
        "ru": "«{quote}»: казахская буква Ұ внутри русского слова, скорее всего искажённая «ё».",
        "kk": "«{quote}»: орыс сөзінің ішінде қазақтың Ұ әрпі, бәлкім бұрмаланған «ё».",
    },
    "stray_mark": {
        "en": "A stray character follows the action's number: «{quote}».",
        "ru": "После номера мероприятия стоит лишний знак: «{quote}».",
        "kk": "Іс-шара нөмірінен кейін артық белгі тұр: «{quote}».",
    },
    "split_target": {
        "en": "The target's year («{quote}») and its value are printed on different lines.",
        "ru": "Год целевого значения («{quote}») и само значение напечатаны на разных строках.",
        "kk": "Нысаналы мәннің жылы («{quote}») мен мәнінің өзі әр түрлі жолдарда басылған.",
    },
    "unclosed_parenthesis": {
        "en": "The parenthesis that opens the targets is never closed: «{quote}».",
        "ru": "Скобка, открывающая целевые значения, не закрыта: «{quote}».",
        "kk": "Нысаналы мәндерді ашатын жақша жабылмаған: «{quote}».",
    },
    "duplicate_abbreviation": {
        "en": "The glossary defines «{quote}» more than once, with different expansions.",
        "ru": "Глоссарий расшифровывает «{quote}» более одного раза, по-разному.",
        "kk": "Глоссарий «{quote}» қысқартуын бірнеше рет, әр түрлі ашып береді.",
    },
    "corrected": {
        "en": "Corrected as declared in data/corrections.yml ({correction_id}): {reason_en}",
        "ru": "Исправлено согласно data/corrections.yml ({correction_id}): {reason_ru}",
        "kk": "data/corrections.yml файлында жарияланғандай түзетілді ({correction_id}): {reason_kk}",
    },
}

# How `others` of differs_between_documents is written by its check: value (period, source:line: «quote»)
# for each other document, separated by "; ".
OTHER_FIGURE = re.compile(r"(?P<value>-?\d+(?:\.\d+)?) \((?P<period>[^,]+), (?P<source>[^:]+):(?P<line>\d+): "
                          r"«(?P<quote>.*?)»\)(?:; |$)")


def format_value(value: object, language: str) -> str:
    """Numbers as readers of each language write them (1 366 and 77,3 in kk and ru; 1,366 and 77.3 in en);
    text as it is; None as "–"."""
    if value is None:
        return "–"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return format_number(value, language)


def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number, got {value!r}")
    return value


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
                     f"«{unmarked(m['quote'])}»)")
    return "; ".join(parts)


def _step(params: dict, lang: str) -> str:
    """A target's change from one period to the next: "535 000 (2024 жыл) → 329 000 (2025 жыл)"."""
    before = f"{format_value(params['previous'], lang)} ({period_label(str(params['previous_label']), lang)})"
    after = f"{format_value(params['value'], lang)} ({period_label(str(params['label']), lang)})"
    return f"{before} → {after}"


def _times(value: object, lang: str) -> str:
    number = _number(value)
    return f"{format_number(number, lang)} {term('times', lang, n=grammar.as_written(number, None))}"


def _parts(text: object, lang: str) -> str:
    return " + ".join(format_number(float(part), lang) for part in str(text).split(" + "))


# Per kind, the placeholders the module writes from the finding's parameters (others are numbers or text).
PREPARE: dict[str, Callable[[dict, str], dict[str, str]]] = {
    "count_exceeds_total": lambda p, lang: {
        "part": count_of_total(_number(p["count"]), _number(p["total"]), lang, "organisation",
                               case="loc" if lang == "kk" else "nom")},
    "percent_mismatch": lambda p, lang: {
        "part": count_of_total(_number(p["count"]), _number(p["total"]), lang, "organisation",
                               case="gen" if lang == "kk" else "nom"),
        "printed": format_percent(_number(p["printed"]), lang),
        "computed": format_percent(_number(p["computed"]), lang)},
    "total_differs_between_lists": lambda p, lang: {
        "organisations": count_noun(_number(p["total"]), "organisation", lang),
        "lists": count_noun(_number(p["lists"]), "list", lang)},
    "differs_between_documents": lambda p, lang: {"others": _others(p["others"], lang)},
    "differs_from_note_list": lambda p, lang: {
        "stated": count_of_total(_number(p["value"]), _number(p["denominator"]), lang),
        "listed": count_of_total(_number(p["list_count"]), _number(p["list_total"]), lang,
                                 case="acc" if lang == "kk" else "nom")},
    "parts_do_not_sum": lambda p, lang: {"parts_text": _parts(p["parts_text"], lang)},
    "multiplier_differs": lambda p, lang: {"stated": _times(p["stated"], lang), "computed": _times(p["computed"], lang)},
    "target_large_drop": lambda p, lang: {"step": _step(p, lang)},
    "target_decreases": lambda p, lang: {"step": _step(p, lang)},
    "target_increases": lambda p, lang: {"step": _step(p, lang)},
    "target_reversal": lambda p, lang: {"step": _step(p, lang)},
    "target_year_gap": lambda p, lang: {"previous_label": period_label(str(p["previous_label"]), lang),
                                        "label": period_label(str(p["label"]), lang)},
}


def describe(kind: str, params: dict) -> dict[str, str]:
    """The description of one finding in every language: {"en": …, "ru": …, "kk": …}.

    Raises KeyError for a kind without templates or a parameter a template needs, ValueError for a
    parameter the module cannot write (a number that is not one, an unknown period code)."""
    if kind not in TEMPLATES:
        raise KeyError(f"no description for quality issue kind {kind!r}")
    out = {}
    for language in LANGUAGES:
        template = TEMPLATES[kind][language]
        needed = {name for _, name, _, _ in Formatter().parse(template) if name}
        prepared = PREPARE[kind](params, language) if kind in PREPARE else {}
        values = {k: format_value(v, language) for k, v in params.items()}
        values.update({k: unmarked(str(v)) for k, v in params.items() if "quote" in k and v is not None})
        values.update(prepared)
        missing = needed - set(values)
        if missing:
            raise KeyError(f"{kind}: description needs {sorted(missing)}")
        out[language] = grammar.sentence(template.format(**values))
    return out
