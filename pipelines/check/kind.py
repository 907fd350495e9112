"""A kind of quality issue: everything about it in one declaration.

An `IssueKind` holds its code (the flag a row carries and `quality_issues.kind`), its label and meaning
for the site, the template that describes one finding in `quality_issues`, in Kazakh, Russian and
English, and how its findings are found: DuckDB queries over the resources (`Query`), or a Python
finder named in `found_by` (the Concept plan's checks and the declared corrections).

Each template's placeholders are filled by the language module: numbers as each language writes them,
counts with their nouns agreeing (CLDR plurals; Kazakh case endings by rule), "count of total" in each
language's own construction, periods and dates in words, quotations without Markdown marks. No
template writes an ending or a plural itself; `prepare` writes the placeholders that need the module.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from string import Formatter

from pipelines.language import grammar
from pipelines.language.numbers import LANGS, format_number

# Every text of a kind is written in each language the project writes (kk, ru, en).
LANGUAGES = LANGS

Texts = Mapping[str, str]  # one text per language of LANGUAGES
Prepare = Callable[[dict, str], dict[str, str]]


@dataclass(frozen=True)
class Query:
    """DuckDB SQL over the resources named in `reads` (each with its `row_key` column), returning one row
    per finding on a row of `flags`: its `row_key`, `source_refs` (source_id:line, ';'-separated) and the
    values the description needs."""

    flags: str
    reads: tuple[str, ...]
    sql: str


@dataclass(frozen=True)
class IssueKind:
    code: str
    label: Texts        # short, for flag markers: "count exceeds total"
    meaning: Texts      # what the flag says about any row, for the site's list of flags
    description: Texts  # one finding, with its values: "The list gives the measure for {part}: …"
    queries: tuple[Query, ...] = ()
    found_by: str = ""  # the finder of a kind not found by queries (module.function)
    prepare: Prepare | None = None
    # A progress row compares two counts: it carries a flag of this kind that either count carries
    # (the kinds that question a count within its own document).
    inherited: bool = False

    def describe(self, params: dict) -> dict[str, str]:
        """One finding's description in every language: {"en": …, "ru": …, "kk": …}.

        Raises KeyError for a parameter a template needs and the finding lacks, ValueError for one the
        language module cannot write (a number that is not one, an unknown period code)."""
        out = {}
        for language in LANGUAGES:
            template = self.description[language]
            needed = {name for _, name, _, _ in Formatter().parse(template) if name}
            values = {k: format_value(v, language) for k, v in params.items()}
            # A quotation in the marks of the sentence's language (“…” in English, «…» in Kazakh and Russian).
            values.update({k: grammar.quoted(grammar.unmarked(str(v)), language)
                           for k, v in params.items() if "quote" in k and v is not None})
            if self.prepare is not None:
                values.update(self.prepare(params, language))
            missing = needed - set(values)
            if missing:
                raise KeyError(f"{self.code}: description needs {sorted(missing)}")
            out[language] = grammar.sentence(template.format(**values))
        return out


def format_value(value: object, language: str) -> str:
    """Numbers as readers of each language write them (1 366 and 77,3 in kk and ru; 1,366 and 77.3 in en);
    text as it is; None as "–"."""
    if value is None:
        return "–"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return format_number(value, language)


def number(value: object) -> float:
    """A finding's value that must be a number; ValueError otherwise."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number, got {value!r}")
    return value
