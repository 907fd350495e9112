"""Language by rule for the three site languages (kk, ru, en): numbers, Kazakh endings, plurals,
periods, dates, units, lists, collation, and the one terminology table.

Three layers, each importing only those below it: `numbers` writes numbers and gives their plural
categories (Babel); `terms` reads `data/reference/terminology.yml` and picks a term's form by them;
`grammar` inflects and writes periods, dates, units and lists (Babel; ICU for collation; own code only
for Kazakh endings, in `kazakh`). The pipeline (quality-issue
descriptions) and the site generator both write every reader-facing sentence through these functions.
"""

from pipelines.language.grammar import (
    collation_key,
    count_noun,
    count_of_total,
    date_label,
    kk_attach,
    kk_inflect,
    kk_last_word,
    kk_ordinal,
    kk_plural,
    kk_suffix,
    list_phrase,
    period_label,
    period_range,
    periods_phrase,
    sentence,
    sort_names,
    source_ref,
    unit_label,
    unmarked,
)
from pipelines.language.numbers import LANGS, MINUS, NBSP, format_number, format_percent, plural_category
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
    "kk_ordinal",
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
