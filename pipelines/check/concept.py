"""Kinds of issue in the Concept plan (document 003): odd steps in the yearly targets, section 6 against the
Action Plan, and problems in the text. Found in Python by the plan's engine
(pipelines/extract/plan_findings.py) and turned into findings here: each names the row it flags (`row`, a
row of its `resource`) or, for a problem no row holds, the document's line (`line`: source id and line
number, under the resource sources); pipelines/check/checks.py keys them as quality_issues does."""

from __future__ import annotations

import polars as pl

from pipelines.check.kind import IssueKind, format_value
from pipelines.extract.plan_findings import compare_section6, find_target_anomalies, find_text_oddities
from pipelines.language.grammar import period_label
from pipelines.sources import Document


def _step(params: dict, lang: str) -> dict[str, str]:
    """A target's change from one period to the next: "535 000 (2024 жыл) → 329 000 (2025 жыл)"."""
    before = f"{format_value(params['previous'], lang)} ({period_label(str(params['previous_label']), lang)})"
    after = f"{format_value(params['value'], lang)} ({period_label(str(params['label']), lang)})"
    return {"step": f"{before} → {after}"}


TARGETS = "pipelines.check.concept.target_findings"
SECTION6 = "pipelines.check.concept.section6_findings"
TEXT = "pipelines.check.concept.text_findings"

TARGET_LARGE_DROP = IssueKind(
    "target_large_drop",
    label={"kk": "нысана күрт төмендейді", "ru": "резкое снижение цели", "en": "large drop in target"},
    meaning={"kk": "Нысаналы мән бір жылда күрт төмендейді.", "ru": "Целевое значение резко снижается за один год.",
             "en": "The target drops sharply from one year to the next."},
    description={
        "en": "The target falls sharply: {step}. Quoted: {quote}.",
        "ru": "Целевое значение резко падает: {step}. Цитата: {quote}.",
        "kk": "Нысаналы мән күрт төмендейді: {step}. Дәйексөз: {quote}.",
    },
    found_by=TARGETS, prepare=_step,
)
TARGET_DECREASES = IssueKind(
    "target_decreases",
    label={"kk": "нысана төмендейді", "ru": "цель снижается", "en": "target decreases"},
    meaning={"kk": "Жоғары болғаны жақсы көрсеткіштің нысаналы мәні төмендейді.",
             "ru": "У индикатора, где лучше больше, целевое значение снижается.",
             "en": "The target of an indicator where higher is better goes down."},
    description={
        "en": "The target falls although a higher value is better: {step}. Quoted: {quote}.",
        "ru": "Целевое значение снижается, хотя лучше более высокое: {step}. Цитата: {quote}.",
        "kk": "Жоғары мән жақсы болса да, нысаналы мән төмендейді: {step}. Дәйексөз: {quote}.",
    },
    found_by=TARGETS, prepare=_step,
)
TARGET_INCREASES = IssueKind(
    "target_increases",
    label={"kk": "нысана өсіп барады", "ru": "цель растёт", "en": "target increases"},
    meaning={"kk": "Төмен болғаны жақсы көрсеткіштің нысаналы мәні өседі.",
             "ru": "У индикатора, где лучше меньше, целевое значение растёт.",
             "en": "The target of an indicator where lower is better goes up."},
    description={
        "en": "The target rises although a lower value is better: {step}. Quoted: {quote}.",
        "ru": "Целевое значение растёт, хотя лучше более низкое: {step}. Цитата: {quote}.",
        "kk": "Төмен мән жақсы болса да, нысаналы мән өседі: {step}. Дәйексөз: {quote}.",
    },
    found_by=TARGETS, prepare=_step,
)
TARGET_REVERSAL = IssueKind(
    "target_reversal",
    label={"kk": "нысана кері бағытта", "ru": "цель меняет направление", "en": "target reverses"},
    meaning={"kk": "Көрсеткіштің нысаналы мәні бір жылы өсіп, келесі жылы төмендейді (немесе керісінше).",
             "ru": "Целевое значение индикатора в один год растёт, а в другой снижается (или наоборот).",
             "en": "The indicator's target rises one year and falls the next (or the other way round)."},
    description={
        "en": "The target path turns back: {step}. Quoted: {quote}.",
        "ru": "Траектория целевых значений меняет направление: {step}. Цитата: {quote}.",
        "kk": "Нысаналы мәндер бағыты кері бұрылады: {step}. Дәйексөз: {quote}.",
    },
    found_by=TARGETS, prepare=_step,
)
TARGET_YEAR_GAP = IssueKind(
    "target_year_gap",
    label={"kk": "жыл өткізілген", "ru": "пропущен год", "en": "year skipped"},
    meaning={"kk": "Жылдық нысаналы мәндердің арасында бір жыл жоқ.",
             "ru": "В ряду ежегодных целевых значений пропущен год.", "en": "The yearly targets leave out a year."},
    description={
        "en": "The yearly targets skip a year: {previous_label} → {label}. Quoted: {quote}.",
        "ru": "В ежегодных целевых значениях пропущен год: {previous_label} → {label}. Цитата: {quote}.",
        "kk": "Жылдық нысаналы мәндерде бір жыл өткізіліп кеткен: {previous_label} → {label}. Дәйексөз: {quote}.",
    },
    found_by=TARGETS,
    prepare=lambda p, lang: {"previous_label": period_label(str(p["previous_label"]), lang),
                             "label": period_label(str(p["label"]), lang)},
)
SECTION6_DIFFERS = IssueKind(
    "section6_differs",
    label={"kk": "6-бөлімнен өзгеше", "ru": "расходится с разделом 6", "en": "differs from section 6"},
    meaning={"kk": "Тұжырымдаманың 6-бөлімі нысаналы мәнді іс-шаралар жоспарынан басқаша береді.",
             "ru": "Раздел 6 Концепции приводит целевое значение иначе, чем план мероприятий.",
             "en": "Section 6 of the Concept gives the target differently from the action plan."},
    description={
        "en": "Section 6 of the Concept restates this target as {section6}; the Action Plan gives {plan}.",
        "ru": "Раздел 6 Концепции приводит это целевое значение как {section6}; План действий — {plan}.",
        "kk": "Тұжырымдаманың 6-бөлімі бұл нысаналы мәнді {section6} деп береді; Іс-қимыл жоспары — {plan}.",
    },
    found_by=SECTION6,
)
SECTION6_MISSING_IN_PLAN = IssueKind(
    "section6_missing_in_plan",
    label={"kk": "жоспарда жоқ", "ru": "нет в плане", "en": "missing in the plan"},
    meaning={"kk": "Тұжырымдаманың 6-бөліміндегі нысаналы мән іс-шаралар жоспарында жоқ.",
             "ru": "Целевого значения из раздела 6 Концепции нет в плане мероприятий.",
             "en": "A target of section 6 of the Concept is missing from the action plan."},
    description={
        "en": "Section 6 of the Concept gives a target ({section6}) that the Action Plan does not.",
        "ru": "Раздел 6 Концепции даёт целевое значение ({section6}), которого нет в Плане действий.",
        "kk": "Тұжырымдаманың 6-бөлімі Іс-қимыл жоспарында жоқ нысаналы мән ({section6}) береді.",
    },
    found_by=SECTION6,
)
SECTION6_MISSING_IN_SECTION6 = IssueKind(
    "section6_missing_in_section6",
    label={"kk": "6-бөлімде жоқ", "ru": "нет в разделе 6", "en": "missing in section 6"},
    meaning={"kk": "Іс-шаралар жоспарындағы нысаналы мән Тұжырымдаманың 6-бөлімінде жоқ.",
             "ru": "Целевого значения из плана мероприятий нет в разделе 6 Концепции.",
             "en": "A target of the action plan is missing from section 6 of the Concept."},
    description={
        "en": "The Action Plan gives a target ({plan}) that the restated section 6 leaves out.",
        "ru": "План действий даёт целевое значение ({plan}), которого нет в новой редакции раздела 6.",
        "kk": "Іс-қимыл жоспары 6-бөлімнің жаңа редакциясында жоқ нысаналы мән ({plan}) береді.",
    },
    found_by=SECTION6,
)
MOJIBAKE = IssueKind(
    "mojibake",
    label={"kk": "бүлінген таңбалар", "ru": "испорченная кодировка", "en": "garbled characters"},
    meaning={"kk": "Құжат мәтінінде кодтау қатесінен бүлінген таңбалар бар.",
             "ru": "В тексте документа есть символы, испорченные ошибкой кодировки.",
             "en": "The document's text holds characters garbled by an encoding error."},
    description={
        "en": "{quote}: a Kazakh letter Ұ inside a Russian word, most likely a garbled “ё”.",
        "ru": "{quote}: казахская буква Ұ внутри русского слова, скорее всего искажённая «ё».",
        "kk": "{quote}: орыс сөзінің ішінде қазақтың Ұ әрпі, бәлкім бұрмаланған «ё».",
    },
    found_by=TEXT,
)
STRAY_MARK = IssueKind(
    "stray_mark",
    label={"kk": "артық белгі", "ru": "лишний знак", "en": "stray mark"},
    meaning={"kk": "Құжат мәтінінде мағынасы жоқ артық белгі бар.", "ru": "В тексте документа есть лишний знак без смысла.",
             "en": "The document's text holds a stray mark with no meaning."},
    description={
        "en": "A stray character follows the action's number: {quote}.",
        "ru": "После номера мероприятия стоит лишний знак: {quote}.",
        "kk": "Іс-шара нөмірінен кейін артық белгі тұр: {quote}.",
    },
    found_by=TEXT,
)
SPLIT_TARGET = IssueKind(
    "split_target",
    label={"kk": "бөлінген нысана", "ru": "разделённое значение", "en": "split target"},
    meaning={"kk": "Құжатта нысаналы мән екі жолға бөлініп басылған.",
             "ru": "Целевое значение в документе напечатано с разрывом на две строки.",
             "en": "The document prints the target split across two lines."},
    description={
        "en": "The target's year ({quote}) and its value are printed on different lines.",
        "ru": "Год целевого значения ({quote}) и само значение напечатаны на разных строках.",
        "kk": "Нысаналы мәннің жылы ({quote}) мен мәнінің өзі әртүрлі жолдарда басылған.",
    },
    found_by=TEXT,
)
UNCLOSED_PARENTHESIS = IssueKind(
    "unclosed_parenthesis",
    label={"kk": "жабылмаған жақша", "ru": "незакрытая скобка", "en": "unclosed parenthesis"},
    meaning={"kk": "Құжат мәтінінде ашылған жақша жабылмаған; мәтін өзгеріссіз берілген.",
             "ru": "В тексте документа открытая скобка не закрыта; текст приведён без изменений.",
             "en": "The document's text opens a parenthesis it never closes; the text is given unchanged."},
    description={
        "en": "The parenthesis that opens the targets is never closed: {quote}.",
        "ru": "Скобка, открывающая целевые значения, не закрыта: {quote}.",
        "kk": "Нысаналы мәндерді ашатын жақша жабылмаған: {quote}.",
    },
    found_by=TEXT,
)
DUPLICATE_ABBREVIATION = IssueKind(
    "duplicate_abbreviation",
    label={"kk": "қайталанған қысқарту", "ru": "повтор сокращения", "en": "duplicate abbreviation"},
    meaning={"kk": "Қысқартулар тізімінде бір қысқарту екі рет берілген.",
             "ru": "Сокращение дважды приведено в перечне сокращений.",
             "en": "The list of abbreviations gives the same abbreviation twice."},
    description={
        "en": "The glossary defines {quote} more than once, with different expansions.",
        "ru": "Глоссарий расшифровывает {quote} более одного раза, по-разному.",
        "kk": "Глоссарий {quote} қысқартуын бірнеше рет, әртүрлі ашып береді.",
    },
    found_by=TEXT,
)

KINDS = (TARGET_LARGE_DROP, TARGET_DECREASES, TARGET_INCREASES, TARGET_REVERSAL, TARGET_YEAR_GAP,
         SECTION6_DIFFERS, SECTION6_MISSING_IN_PLAN, SECTION6_MISSING_IN_SECTION6,
         MOJIBAKE, STRAY_MARK, SPLIT_TARGET, UNCLOSED_PARENTHESIS, DUPLICATE_ABBREVIATION)

# The parser's names for odd steps of a target path (find_target_anomalies), as kinds.
ANOMALY_KINDS = {
    "large_drop": TARGET_LARGE_DROP.code,
    "decrease": TARGET_DECREASES.code,
    "increase": TARGET_INCREASES.code,
    "reversal": TARGET_REVERSAL.code,
    "year_gap": TARGET_YEAR_GAP.code,
}
# ... and of the differences between section 6 and the Action Plan (compare_section6).
SECTION6_KINDS = {
    "differs": SECTION6_DIFFERS.code,
    "missing_in_plan": SECTION6_MISSING_IN_PLAN.code,
    "missing_in_section6": SECTION6_MISSING_IN_SECTION6.code,
}


def target_findings(targets: pl.DataFrame, indicators: pl.DataFrame) -> list[dict]:
    """Odd steps in the yearly target paths, on the target row where the step lands (each indicator's
    direction as `indicators` publishes it, from the plan's declaration)."""
    by_key = {(r["indicator_id"], r["breakdown"], r["year"]): r for r in targets.iter_rows(named=True)}
    directions = dict(zip(indicators["indicator_id"], indicators["direction"], strict=True))
    findings = []
    for anomaly in find_target_anomalies(targets, directions).iter_rows(named=True):
        key = (anomaly["indicator_id"], anomaly["breakdown"], anomaly["year"])
        row = by_key[key]
        earlier = [r for (i, b, y), r in by_key.items() if (i, b) == key[:2] and y < key[2]]
        previous = max(earlier, key=lambda r: r["year"])
        findings.append({
            "kind": ANOMALY_KINDS[anomaly["kind"]], "resource": "concept_targets",
            "row": row, "source_refs": f"{row['source_id']}:{row['source_line']}",
            "params": {"previous_label": previous["period_label"], "previous": previous["target"],
                       "label": row["period_label"], "value": row["target"], "quote": row["source_text"]},
        })
    return findings


def section6_findings(targets: pl.DataFrame, section6: pl.DataFrame, source_id: str) -> list[dict]:
    """Where the restated sub-items of section 6 disagree with the Action Plan: on the plan's target row,
    or on the document's line (keyed source_id|L<line>) for a target the plan does not have."""
    findings = []
    for diff in compare_section6(targets, section6).iter_rows(named=True):
        refs = ";".join(f"{source_id}:{line}" for line in (diff["plan_line"], diff["section6_line"]) if line)
        if diff["plan_line"] is None:
            resource, where = "sources", {"line": (source_id, diff["section6_line"])}
        else:
            resource, where = "concept_targets", {"row": diff}
        findings.append({
            "kind": SECTION6_KINDS[diff["kind"]], "resource": resource, **where, "source_refs": refs,
            "params": {"plan": diff["plan_target"], "section6": diff["section6_target"]},
        })
    return findings


def text_findings(doc: Document, frames: dict[str, pl.DataFrame]) -> list[dict]:
    """Problems in the text itself, on the row they touch, or on the document (keyed source_id|L<line>)
    when no row holds them."""
    targets = {(r["source_line"], r["source_text"]): r for r in frames["concept_targets"].iter_rows(named=True)}
    indicators = {r["source_line"]: r for r in frames["concept_indicators"].iter_rows(named=True)}
    actions = {r["source_line"]: r for r in frames["concept_actions"].iter_rows(named=True)}
    abbreviations = {r["source_line"]: r for r in frames["abbreviations"].iter_rows(named=True)}
    findings = []
    for odd in find_text_oddities(doc).iter_rows(named=True):
        line, kind, quote = odd["source_line"], odd["kind"], odd["source_text"]
        resource, row = "sources", None
        if kind == SPLIT_TARGET.code and (line, quote) in targets:
            resource, row = "concept_targets", targets[(line, quote)]
        elif kind == UNCLOSED_PARENTHESIS.code and line in indicators:
            resource, row = "concept_indicators", indicators[line]
        elif kind == STRAY_MARK.code and line in actions:
            resource, row = "concept_actions", actions[line]
        elif kind == DUPLICATE_ABBREVIATION.code and line in abbreviations:
            resource, row = "abbreviations", abbreviations[line]
        where = {"line": (doc.source_id, line)} if row is None else {"row": row}
        findings.append({"kind": kind, "resource": resource, **where,
                         "source_refs": f"{doc.source_id}:{line}", "params": {"quote": quote}})
    return findings
