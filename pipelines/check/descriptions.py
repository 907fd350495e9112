"""Plain-language descriptions of every kind of quality issue, in English, Russian and Kazakh."""

from __future__ import annotations

from string import Formatter

LANGUAGES = ("en", "ru", "kk")

TEMPLATES: dict[str, dict[str, str]] = {
    "count_exceeds_total": {
        "en": "The list prints {count} organisations with the measure out of {total}: more than the total. "
              "Quoted: «{quote}».",
        "ru": "В списке указано {count} организаций с этой мерой из {total}, то есть больше, чем всего. "
              "Цитата: «{quote}».",
        "kk": "Тізімде {total} ұйымның {count} ұйымы көрсетілген, яғни жалпы санынан көп. Дәйексөз: «{quote}».",
    },
    "percent_mismatch": {
        "en": "The printed percent ({printed} %) does not match {count} of {total}, which is {computed} %. "
              "Quoted: «{quote}».",
        "ru": "Указанный процент ({printed} %) не соответствует {count} из {total}, то есть {computed} %. "
              "Цитата: «{quote}».",
        "kk": "Көрсетілген пайыз ({printed} %) {total} ұйымның {count} ұйымына, яғни {computed} %-ға сәйкес "
              "келмейді. Дәйексөз: «{quote}».",
    },
    "total_differs_between_lists": {
        "en": "This list gives the place {total} organisations of this type; {lists} other list(s) of the same "
              "note give {usual_total}. Quoted: «{quote}».",
        "ru": "В этом списке у места {total} организаций этого типа, а в других списках той же записки "
              "({lists}) — {usual_total}. Цитата: «{quote}».",
        "kk": "Бұл тізімде осы түрдегі ұйымдар саны {total}, ал сол ақпараттың басқа тізімдерінде ({lists}) — "
              "{usual_total}. Дәйексөз: «{quote}».",
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
        "en": "The statement gives {value} of {denominator}; the quarterly note's list gives the same place "
              "{list_count} of {list_total} («{list_quote}»). Quoted: «{quote}».",
        "ru": "В тексте {value} из {denominator}; список квартальной записки даёт для того же места "
              "{list_count} из {list_total} («{list_quote}»). Цитата: «{quote}».",
        "kk": "Мәтінде {denominator}-ден {value}; тоқсандық ақпараттың тізімі сол жер үшін {list_total}-ден "
              "{list_count} береді («{list_quote}»). Дәйексөз: «{quote}».",
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
        "kk": "Жиынның жанында келтірілген бөліктер ({parts_text} = {parts_sum}) {value} санына қосылмайды. "
              "Дәйексөз: «{quote}».",
    },
    "multiplier_differs": {
        "en": "The document says the figure grew {stated} times; its own numbers ({value_from} → {value_to}) "
              "give {computed} times. Quoted: «{quote}».",
        "ru": "В документе сказано, что показатель вырос в {stated} раз; его же числа ({value_from} → {value_to}) "
              "дают {computed} раза. Цитата: «{quote}».",
        "kk": "Құжатта көрсеткіш {stated} есе өсті делінген; оның өз сандары ({value_from} → {value_to}) "
              "{computed} есе береді. Дәйексөз: «{quote}».",
    },
    "target_large_drop": {
        "en": "The target falls sharply: {previous_label} {previous} → {label} {value}. Quoted: «{quote}».",
        "ru": "Целевое значение резко падает: {previous_label} {previous} → {label} {value}. Цитата: «{quote}».",
        "kk": "Нысаналы мән күрт төмендейді: {previous_label} {previous} → {label} {value}. Дәйексөз: «{quote}».",
    },
    "target_decreases": {
        "en": "The target falls although a higher value is better: {previous_label} {previous} → {label} {value}. "
              "Quoted: «{quote}».",
        "ru": "Целевое значение снижается, хотя лучше более высокое: {previous_label} {previous} → {label} {value}. "
              "Цитата: «{quote}».",
        "kk": "Жоғары мән жақсы болса да, нысаналы мән төмендейді: {previous_label} {previous} → {label} {value}. "
              "Дәйексөз: «{quote}».",
    },
    "target_increases": {
        "en": "The target rises although a lower value is better: {previous_label} {previous} → {label} {value}. "
              "Quoted: «{quote}».",
        "ru": "Целевое значение растёт, хотя лучше более низкое: {previous_label} {previous} → {label} {value}. "
              "Цитата: «{quote}».",
        "kk": "Төмен мән жақсы болса да, нысаналы мән өседі: {previous_label} {previous} → {label} {value}. "
              "Дәйексөз: «{quote}».",
    },
    "target_reversal": {
        "en": "The target path turns back: {previous_label} {previous} → {label} {value}. Quoted: «{quote}».",
        "ru": "Траектория целевых значений меняет направление: {previous_label} {previous} → {label} {value}. "
              "Цитата: «{quote}».",
        "kk": "Нысаналы мәндер бағыты кері бұрылады: {previous_label} {previous} → {label} {value}. "
              "Дәйексөз: «{quote}».",
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


def format_value(value: object, language: str) -> str:
    """Numbers as readers of each language write them: 1 366 and 77,3 in kk and ru; 1,366 and 77.3 in en."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    number = float(value)
    whole = number == int(number)
    text = f"{int(number):,}" if whole else f"{number:,.2f}".rstrip("0").rstrip(".")
    if language in ("ru", "kk"):
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text


def describe(kind: str, params: dict) -> dict[str, str]:
    if kind not in TEMPLATES:
        raise KeyError(f"no description for quality issue kind {kind!r}")
    out = {}
    for language in LANGUAGES:
        template = TEMPLATES[kind][language]
        needed = {name for _, name, _, _ in Formatter().parse(template) if name}
        missing = needed - set(params)
        if missing:
            raise KeyError(f"{kind}: description needs {sorted(missing)}")
        out[language] = template.format(**{k: format_value(v, language) for k, v in params.items()})
    return out
