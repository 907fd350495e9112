"""The Concept plan's deadlines in Kazakh and English words, by rule from the parts the deadline grammar
reads (pipelines/extract/plan_deadlines.py): months and years as each language writes them (Babel's
month names, CLDR's spans of years and lists), Kazakh endings by vowel harmony and assimilation.

    "декабрь 2023 – 2029 годов"         kk "2023–2029 жылдардың желтоқсаны"   en "December, 2023–2029"
    "июнь, декабрь 2023 года"           kk "2023 жылғы маусым, желтоқсан"     en "June and December 2023"
    "сентябрь 2024 года – май 2025 года" kk "2024 жылғы қыркүйек – 2025 жылғы мамыр"
                                                                              en "September 2024 to May 2025"
    "4-й квартал 2023 – 2029 годов"     kk "2023–2029 жылдардың IV тоқсаны"   en "Q4, 2023–2029"
    "II квартал 2025 года"              kk "2025 жылғы ІІ тоқсан"             en "Q2 2025"
    "до 1 октября 2023 – 2029 годов"    kk "2023–2029 жылдары 1 қазанға дейін" en "by 1 October, 2023–2029"

A deadline of several parts ("апрель 2023 года декабрь 2024 – 2026 годов") lists them: in Kazakh with
commas; in English with "and" when no part has a comma of its own, else with semicolons ("April 2023;
December, 2024–2026"). Deadlines in words outside the grammar, which the plan declares, are translated
in data/translations/concept_actions.<lang>.yml.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pipelines.language.grammar import kk_attach, list_phrase, month_name, period_label, year_span

# A part as the grammar reads it: its kind and its numbers ("months" a tuple of 1–12, "y1" and "y2" years,
# "m1"/"m2" the months of a span, "quarter", "month" and "day" of a date, "half" 1 or 2).
Part = tuple[str, Mapping]
LANGS = ("kk", "en")
KK_HALVES = {1: "бірінші", 2: "екінші"}
EN_HALVES = {1: "first", 2: "second"}


def _kk_quarter(quarter: int) -> str:
    """"IV тоқсан": the quarter as the site's period labels write it, without its year."""
    return period_label(f"2000-Q{quarter}", "kk").removeprefix("2000 жылғы ")


def _kk(kind: str, g: Mapping) -> str:
    month = lambda number: month_name(number, "kk")  # noqa: E731  (lower case, as in running text)
    if kind == "span":
        return f"{g['y1']} жылғы {month(g['m1'])} – {g['y2']} жылғы {month(g['m2'])}"
    if kind == "months_year":
        return f"{g['y1']} жылғы " + ", ".join(month(m) for m in g['months'])
    span = year_span(g["y1"], g["y2"], "kk") if "y2" in g else ""
    if kind == "months_range":
        return f"{span} жылдардың " + ", ".join(kk_attach(month(m), "nom", possessive=True) for m in g['months'])
    if kind == "quarter_range":
        return f"{span} жылдардың " + kk_attach(_kk_quarter(g['quarter']), "nom", possessive=True)
    if kind == "quarter_year":
        return period_label(f"{g['y1']}-Q{g['quarter']}", "kk")
    by_date = f"{g['day']} {kk_attach(month(g['month']), 'dat')} дейін" if "month" in g else ""
    if kind == "by_date_range":
        return f"{span} жылдары {by_date}"
    if kind == "by_date_yearly":
        return f"жыл сайын, {by_date}"
    if kind == "month_yearly":
        return f"жыл сайын, {month(g['months'][0])}"
    if kind == "half_year":
        return f"{g['y1']} жылдың {KK_HALVES[g['half']]} жартыжылдығы"
    if kind == "quarterly":
        return f"тоқсан сайын, {span} жылдар"
    if kind == "cycle":
        return f"{span} жылдары цикл аяқталғаннан кейін"
    raise AssertionError(kind)  # pragma: no cover


def _en(kind: str, g: Mapping) -> str:
    month = lambda number: month_name(number, "en")  # noqa: E731
    span = year_span(g["y1"], g["y2"], "en") if "y2" in g else ""
    months = list_phrase([month(m) for m in g['months']], "en") if "months" in g else ""
    by_date = f"by {g['day']} {month(g['month'])}" if "month" in g else ""
    if kind == "span":
        return f"{month(g['m1'])} {g['y1']} to {month(g['m2'])} {g['y2']}"
    if kind == "months_year":
        return f"{months} {g['y1']}"
    if kind == "months_range":
        return f"{months}, {span}"
    if kind == "quarter_range":
        return f"Q{g['quarter']}, {span}"
    if kind == "quarter_year":
        return period_label(f"{g['y1']}-Q{g['quarter']}", "en")
    if kind == "by_date_range":
        return f"{by_date}, {span}"
    if kind == "by_date_yearly":
        return f"{by_date}, annually"
    if kind == "month_yearly":
        return f"{months}, annually"
    if kind == "half_year":
        return f"{EN_HALVES[g['half']]} half of {g['y1']}"
    if kind == "quarterly":
        return f"quarterly, {span}"
    if kind == "cycle":
        return f"on completion of the cycle, {span}"
    raise AssertionError(kind)  # pragma: no cover


def deadline_words(parts: Sequence[Part], lang: str) -> str:
    """A deadline in `lang` ("kk" or "en") from its parts (plan_deadlines.deadline_parts). Raises
    ValueError for another language (the Russian is the document's own text) or no parts."""
    if lang not in LANGS:
        raise ValueError(f"deadlines are written by rule in {LANGS}, not {lang!r}")
    if not parts:
        raise ValueError("a deadline of no parts")
    if lang == "kk":
        return ", ".join(_kk(kind, groups) for kind, groups in parts)
    written = [_en(kind, groups) for kind, groups in parts]
    if len(written) > 1 and any("," in text for text in written):
        return "; ".join(written)
    return list_phrase(written, "en")
