"""Language by rule for the three site languages (kk, ru, en): numbers, Kazakh endings, plurals,
periods, dates, units, lists, collation, and the one terminology table.

`grammar` formats and inflects (Babel for numbers, plurals, dates and lists; ICU for collation; own code
only for Kazakh endings); `terms` reads `data/reference/terminology.yml`. The pipeline (quality-issue
descriptions) and the site generator both write every reader-facing sentence through these functions.
"""

from pipelines.language.grammar import (
    LANGS,
    MINUS,
    NBSP,
    collation_key,
    count_noun,
    count_of_total,
    date_label,
    format_number,
    format_percent,
    kk_attach,
    kk_inflect,
    kk_last_word,
    kk_plural,
    kk_suffix,
    list_phrase,
    period_label,
    period_range,
    periods_phrase,
    plural_category,
    sentence,
    sort_names,
    source_ref,
    unit_label,
    unmarked,
)
from pipelines.language.terms import Terminology, UnknownTerm, load_terminology, term, term_forms

__all__ = [
    "LANGS",
    "MINUS",
    "NBSP",
    "Terminology",
    "UnknownTerm",
    "collation_key",
    "count_noun",
    "count_of_total",
    "date_label",
    "format_number",
    "format_percent",
    "kk_attach",
    "kk_inflect",
    "kk_last_word",
    "kk_plural",
    "kk_suffix",
    "list_phrase",
    "load_terminology",
    "period_label",
    "period_range",
    "periods_phrase",
    "plural_category",
    "sentence",
    "sort_names",
    "source_ref",
    "term",
    "term_forms",
    "unit_label",
    "unmarked",
]
