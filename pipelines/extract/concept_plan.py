"""The Concept 2023–2029 Action Plan and the restated section 6 targets (format concept_plan): the
published frames of a plan document.

The plan's engine reads the table (`plan_table.py`, `plan_text.py`, `plan_deadlines.py`) as the plan's
declaration says (`plan_spec.py`: its chapters, indicators, breakdowns and free-text deadlines, in
`data/sources/<id>.spec.yml`); this module makes the frames, with the project's translations
(`plan_translations.py`) and the body ids of the alias table.

Published conventions: breakdown_count counts named breakdowns (0 for a single series);
target_as_published is cut from the line as printed, so a no-break space before "%" stays; a
target whose value was wrapped onto the next line keeps the line and text of its year label
("2025 год –"); an action's indicator is the last indicator printed above it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

import polars as pl

from pipelines.extract.plan_deadlines import deadline_parts
from pipelines.extract.plan_spec import PlanSpec
from pipelines.extract.plan_table import (
    GlossaryEntry,
    Plan,
    PlanAction,
    Section6Item,
    match_indicator,
    parse_glossary,
    parse_plan,
    parse_section6,
    plan_spec_of,
)
from pipelines.extract.plan_text import IndicatorText, fold
from pipelines.extract.plan_translations import (
    LANGUAGE_NAMES,
    Missing,
    Translations,
    action_file,
    canonical,
    load_translations,
)
from pipelines.language.deadlines import deadline_words
from pipelines.language.grammar import typeset_numbers
from pipelines.normalise.numbers import as_plain
from pipelines.paths import REFERENCE, TRANSLATIONS
from pipelines.reference import AliasTable, load_alias_table
from pipelines.sources import Document

AGREEMENT = "(по согласованию)"


def _body_ids(doc: Document, action: PlanAction, aliases: AliasTable) -> tuple[str, str]:
    """The responsible bodies of an action as body ids of data/reference/bodies.csv, each once, in the
    order printed, and those of them that take part «(по согласованию)» (by agreement)."""
    ids: list[str] = []
    agreed: list[str] = []
    unknown = []
    for printed in action.responsible:
        body = aliases.resolve(printed, "body")
        if body is None:
            unknown.append(printed)
            continue
        if body not in ids:
            ids.append(body)
        if canonical(printed).endswith(canonical(AGREEMENT)) and body not in agreed:
            agreed.append(body)
    if unknown:
        raise doc.error(action.number_line, "responsible bodies known to data/reference/name_aliases.csv (kind "
                        "body; a new body is a row of data/reference/bodies.csv and its aliases)", "; ".join(unknown))
    return ";".join(ids), ";".join(agreed)


# ---------------------------------------------------------------------------------------------
# Frames

TARGET_SCHEMA = {"indicator_id": pl.String, "breakdown": pl.String, "breakdown_ru": pl.String,
                 "year": pl.Int64, "period_label": pl.String, "target": pl.Float64,
                 "target_as_published": pl.String, "unit": pl.String, "note": pl.String,
                 "source_id": pl.String, "source_line": pl.Int64, "source_text": pl.String}


def _target_rows(doc: Document, indicator_id: str, text: IndicatorText) -> list[dict]:
    order = {b: i for i, b in enumerate(dict.fromkeys(t.breakdown for t in text.targets))}
    rows = [
        {
            "indicator_id": indicator_id, "breakdown": t.breakdown, "breakdown_ru": t.breakdown_ru,
            "year": t.year, "period_label": t.period_label, "target": float(as_plain(t.value)),
            "target_as_published": t.as_published, "unit": text.unit, "note": t.note,
            "source_id": doc.source_id, "source_line": t.line, "source_text": t.text,
            "_breakdown_order": order[t.breakdown],
        }
        for t in text.targets
    ]
    return sorted(rows, key=lambda r: (r["_breakdown_order"], r["year"]))


def _indicator_frames(doc: Document, plan: Plan, spec: PlanSpec, translations: Translations, missing: Missing
                      ) -> tuple[pl.DataFrame, pl.DataFrame]:
    indicator_rows, target_rows = [], []
    names_path = translations.shown("concept_indicators.yml")
    for indicator, meta in zip(plan.indicators, spec.indicators, strict=True):
        text = indicator.text
        translation = translations.indicators.get(meta.slug) or {}
        for key in ("name_kk", "name_en"):
            if not translation.get(key):
                missing.errors.append(doc.error(text.name_line, f"{key} for {meta.slug} in {names_path}", text.name))
        chapters = {lang: missing.text(action_file(lang), "chapters", indicator.chapter, lang,
                                       f"the title of chapter {indicator.chapter}", indicator.chapter_title,
                                       text.name_line) for lang in LANGUAGE_NAMES}
        years = [t.year for t in text.targets]
        indicator_rows.append({
            "indicator_id": meta.slug, "indicator_no": indicator.order, "chapter": indicator.chapter,
            "chapter_title_ru": indicator.chapter_title, "chapter_title_kk": chapters["kk"],
            "chapter_title_en": chapters["en"], "number_in_source": indicator.number_in_source,
            "name_ru": text.name, "name_kk": translation.get("name_kk", ""), "name_en": translation.get("name_en", ""),
            "short_ru": translation.get("short_ru", ""), "short_kk": translation.get("short_kk", ""),
            "short_en": translation.get("short_en", ""), "unit": text.unit, "direction": meta.direction,
            "breakdown_count": len({t.breakdown for t in text.targets} - {""}),
            "target_count": len(text.targets), "first_year": min(years), "last_year": max(years),
            "source_id": doc.source_id, "source_line": text.name_line, "source_text": text.name,
        })
        target_rows.extend(_target_rows(doc, meta.slug, text))
    indicators = pl.DataFrame(indicator_rows, schema_overrides={"number_in_source": pl.Int64})
    targets = pl.DataFrame(target_rows, schema=TARGET_SCHEMA | {"_breakdown_order": pl.Int64})
    return indicators, _translated_targets(targets.drop("_breakdown_order"), missing)


def _translated_targets(targets: pl.DataFrame, missing: Missing) -> pl.DataFrame:
    """The targets with breakdown_kk/_en beside breakdown_ru and note_kk/_en beside note ('' where the
    document prints none)."""
    columns: dict[str, list[str]] = {}
    lines = dict(zip(targets["breakdown_ru"].to_list() + targets["note"].to_list(),
                     targets["source_line"].to_list() * 2, strict=True))
    for section, column, what in (("breakdowns", "breakdown_ru", "the breakdown"), ("notes", "note", "the note")):
        texts = {value: {lang: missing.text("concept_targets.yml", section, value, lang, what, value, lines[value])
                         for lang in LANGUAGE_NAMES}
                 for value in dict.fromkeys(targets[column].to_list()) if value}
        stem = column.removesuffix("_ru")
        for lang in LANGUAGE_NAMES:
            columns[f"{stem}_{lang}"] = [texts[v][lang] if v else "" for v in targets[column].to_list()]
    frame = targets.with_columns(pl.Series(name, values, dtype=pl.String) for name, values in columns.items())
    order = [c for name in TARGET_SCHEMA
             for c in ([name, "breakdown_kk", "breakdown_en"] if name == "breakdown_ru"
                       else [name, "note_kk", "note_en"] if name == "note" else [name])]
    return frame.select(order)


def _action_frame(doc: Document, plan: Plan, spec: PlanSpec, missing: Missing, aliases: AliasTable
                  ) -> pl.DataFrame:
    # Built column by column: a dict per action would hold a plan of tens of thousands of actions twice.
    columns: dict[str, list] = {}
    for a in plan.actions:
        texts = {}
        # A deadline in the grammar is written by rule in every language; one the plan declares in words
        # is translated in the tables.
        try:
            parts = deadline_parts(a.deadline_text)
        except ValueError:
            parts = []
        for lang in LANGUAGE_NAMES:
            name = action_file(lang)
            texts[f"text_{lang}"] = missing.text(name, "actions", a.number, lang, f"action {a.number}", a.text,
                                                 a.number_line)
            texts[f"completion_form_{lang}"] = missing.text(name, "completion_forms", a.completion_form, lang,
                                                            f"the form of completion of action {a.number}",
                                                            a.completion_form, a.number_line)
            texts[f"deadline_text_{lang}"] = (
                deadline_words(parts, lang) if parts else
                missing.text(name, "deadlines", a.deadline_text, lang, f"the deadline of action {a.number}",
                             a.deadline_text, a.number_line))
        # Our translations follow their language's typography (digit groups, decimal sign, percent sign); the
        # Russian original stays as printed.
        texts = {column: typeset_numbers(text, column.rsplit("_", 1)[1]) for column, text in texts.items()}
        body_ids, agreed = _body_ids(doc, a, aliases)
        row = {
            "action_no": a.number, "chapter": a.chapter, "indicator_id": spec.indicators[a.indicator_order - 1].slug,
            "text_ru": a.text, "text_kk": texts["text_kk"], "text_en": texts["text_en"],
            "completion_form": a.completion_form, "completion_form_kk": texts["completion_form_kk"],
            "completion_form_en": texts["completion_form_en"],
            "deadline_text": a.deadline_text, "deadline_text_kk": texts["deadline_text_kk"],
            "deadline_text_en": texts["deadline_text_en"],
            "deadline_start": a.deadline.start, "deadline_end": a.deadline.end,
            "is_recurring": a.deadline.recurring,
            "deadline_years": ";".join(str(y) for y in a.deadline.years),
            "responsible": ";".join(a.responsible), "responsible_body_ids": body_ids,
            "by_agreement_body_ids": agreed, "has_stray_mark": bool(a.stray_mark),
            "source_id": doc.source_id, "source_line": a.number_line, "source_text": a.number_text,
            "text_line": a.text_line,
        }
        for column, value in row.items():
            columns.setdefault(column, []).append(value)
    return pl.DataFrame(columns)


def _entry(value: object, seen: int) -> object:
    """The translation of an abbreviation's `seen`-th definition: a repeated abbreviation (НАО) has a
    list of translations, one per definition in document order."""
    if isinstance(value, list):
        return value[seen] if seen < len(value) else None
    return value if seen == 0 else None


def _abbreviation_frame(doc: Document, entries: Sequence[GlossaryEntry], translations: Translations,
                        missing: Missing) -> pl.DataFrame:
    """The glossary with its English expansions and Kazakh abbreviations and expansions. The translation
    tables and the glossary must agree both ways: an entry repeated or left out of the document stops
    the build like a new one.

    Abbreviations are matched folded, so a Latin look-alike typed into one ("MИО") is still it.
    """
    en_path, kk_path = translations.shown("abbreviations.yml"), translations.shown("abbreviations.kk.yml")
    tables = {lang: {fold(str(key)): value for key, value in table.items()}
              for lang, table in (("en", translations.abbreviations_en), ("kk", translations.abbreviations_kk))}
    keys = [fold(e.abbr) for e in entries]
    counts = Counter(keys)
    seen: Counter[str] = Counter()
    rows = []
    for entry, key in zip(entries, keys, strict=True):
        english, kazakh = (tables[lang].get(key) for lang in ("en", "kk"))
        for value, path in ((english, en_path), (kazakh, kk_path)):
            # A repeated abbreviation (НАО) has a list of translations, one per occurrence in order.
            defined = len(value) if isinstance(value, list) else 1
            if value and seen[key] >= defined:
                raise doc.error(entry.line, f"{entry.abbr} defined {defined} time(s), as {path} translates it",
                                f"definition {seen[key] + 1}")
        english, kazakh = _entry(english, seen[key]), _entry(kazakh, seen[key])
        seen[key] += 1
        if not english:
            missing.errors.append(doc.error(entry.line, f"an abbreviation with an English expansion in {en_path}",
                                            entry.abbr))
        if not (isinstance(kazakh, Mapping) and kazakh.get("abbr_kk") and kazakh.get("expansion_kk")):
            missing.errors.append(doc.error(entry.line, "an abbreviation with its Kazakh abbreviation and expansion "
                                            f"(abbr_kk, expansion_kk) in {kk_path}", entry.abbr))
            kazakh = {}
        rows.append({
            "abbr": entry.abbr, "abbr_kk": str(kazakh.get("abbr_kk", "")), "expansion_ru": entry.expansion,
            "expansion_kk": str(kazakh.get("expansion_kk", "")), "expansion_en": english or "",
            "is_duplicate": counts[key] > 1,
            "source_id": doc.source_id, "source_line": entry.line, "source_text": entry.abbr,
        })
    for table, path in ((translations.abbreviations_en, en_path), (translations.abbreviations_kk, kk_path)):
        left = [str(k) for k, v in table.items() if seen[fold(str(k))] < (len(v) if isinstance(v, list) else 1)]
        if left:
            raise doc.error(len(doc.lines), f"the glossary to define {', '.join(left)}, as {path} translates them",
                            "the end of the glossary")
    return pl.DataFrame(rows)


def _section6_frame(doc: Document, items: Sequence[Section6Item], plan: Plan, spec: PlanSpec) -> pl.DataFrame:
    rows = []
    for item in items:
        indicator = match_indicator(doc, item, plan.indicators)
        for row in _target_rows(doc, spec.indicators[indicator.order - 1].slug, item.text):
            rows.append({"subitem_no": item.number} | row)
    frame = pl.DataFrame(rows, schema={"subitem_no": pl.Int64} | TARGET_SCHEMA | {"_breakdown_order": pl.Int64})
    return frame.drop("_breakdown_order")


def parse_concept_plan(doc: Document, translations: Path = TRANSLATIONS, reference: Path = REFERENCE,
                       spec: PlanSpec | None = None, aliases: AliasTable | None = None) -> dict[str, pl.DataFrame]:
    """All frames of a plan document: concept_indicators, concept_targets, concept_actions, abbreviations
    and section6_targets, read as `spec` declares (by default the document's own declaration).

    The published frames carry the Kazakh and English translations of `translations` and the body ids
    of the alias table of `reference` (or `aliases`, the table already read from it). Raises SourceFormatError (SourceFormatErrors for several) naming
    the document's line of whatever does not read or does not match the declaration, each missing
    translation with its file, or the document line of an unknown body.
    """
    spec = plan_spec_of(doc) if spec is None else spec
    plan = parse_plan(doc, spec)
    tables = load_translations(translations)
    missing = Missing(doc, tables)
    indicators, targets = _indicator_frames(doc, plan, spec, tables, missing)
    items = parse_section6(doc, spec)
    actions = _action_frame(doc, plan, spec, missing, load_alias_table(reference) if aliases is None else aliases)
    abbreviations = _abbreviation_frame(doc, parse_glossary(doc, plan.last_line), tables, missing)
    missing.raise_all()
    return {
        "concept_indicators": indicators,
        "concept_targets": targets,
        "concept_actions": actions,
        "abbreviations": abbreviations,
        "section6_targets": _section6_frame(doc, items, plan, spec),
    }
