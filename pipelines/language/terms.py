"""The one terminology table, `data/reference/terminology.yml`: every term the site and the data's
descriptions use, in kk, ru and en, with the forms grammar needs and the variants that must not appear.

An entry (key → languages) looks like this:

    organisation:
      kk: ұйым                         # Kazakh base form; endings are added by rule (kazakh.py)
      ru:                              # Russian forms by number and case
        sg: {nom: организация, gen: организации}
        pl: {nom: организации, gen: организаций}
      en: {one: organisation, other: organisations}
      avoid: {en: [organization]}     # wrong or superseded variants: must appear nowhere
      search: {en: [institution]}     # other words readers search for it by (the site search finds it)

A language's value may instead be plain text (an invariant term, a name), or a mapping with named forms
(`short`, `abbr`, …) besides the grammatical ones. Kazakh mappings: `base` (the text), `possessive: true`
when the base already ends in a possessive ending (министрлігі, орны), `plural` when the rule's plural is
not the one used.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipelines.language.kazakh import CASES, kk_attach, kk_plural
from pipelines.language.numbers import LANGS, plural_category
from pipelines.paths import REFERENCE
from pipelines.yaml_files import read_yaml

TERMINOLOGY = REFERENCE / "terminology.yml"
RU_CASES = ("nom", "gen", "dat", "acc", "ins", "loc")
# Names a language's mapping may hold: grammatical forms and named variants. Anything else is a slip
# (a YAML flow mapping split at a comma, a misspelt form) and is refused when the table loads.
FORM_NAMES = frozenset({"base", "possessive", "plural", "sg", "pl", "count", "one", "other", *RU_CASES,
                        "short", "abbr", "abbr_plural", "plan", "attributive", "numerals"})



@functools.cache
def avoid_pattern(variant: str) -> re.Pattern[str]:
    """A variant as whole words; its first letter keeps its case when it is a capital (see avoided_in)."""
    first, rest = variant[:1], variant[1:]
    head = f"(?-i:{re.escape(first)})" if first.isupper() else re.escape(first)
    return re.compile(r"(?<![\w-])" + head + re.escape(rest) + r"(?![\w])", re.IGNORECASE)


class UnknownTerm(KeyError):
    """A key, language, form or case the terminology table does not have."""


@dataclass(frozen=True)
class Terminology:
    """The table: key → {lang → text or forms, 'avoid' → {lang → [variants]}}."""

    table: Mapping[str, Mapping[str, Any]]
    path: Path = TERMINOLOGY

    def entry(self, key: str) -> Mapping[str, Any]:
        try:
            return self.table[key]
        except KeyError:
            raise UnknownTerm(f"{self.path.name}: no term {key!r}") from None

    def term_keys(self) -> list[str]:
        return list(self.table)

    def avoid(self, lang: str | None = None) -> dict[str, list[str]]:
        """Variants that must not appear: {term key: [variant, …]} for one language (or all)."""
        out: dict[str, list[str]] = {}
        for key, entry in self.table.items():
            avoid = entry.get("avoid") or {}
            variants = [v for lg, vs in avoid.items() if lang in (None, lg) for v in vs]
            if variants:
                out[key] = variants
        return out

    def avoided_in(self, text: str, lang: str) -> list[tuple[str, str]]:
        """(term key, variant) for every avoid variant of `lang` that `text` holds as whole words.

        Letters match without regard to case, except a capital first letter, which must be capital:
        "Білім министрлігі" (a wrong name of the Ministry of Education) is not the tail of "Ғылым және
        жоғары білім министрлігі" (the Ministry of Science and Higher Education).
        """
        return [(key, variant) for key, variants in self.avoid(lang).items() for variant in variants
                if avoid_pattern(variant).search(text)]

    def forms(self, key: str, lang: str, form: str) -> Any:
        """A named form as the table holds it (text, list or mapping), e.g. the quarter numerals."""
        value = self.entry(key).get(lang)
        if not isinstance(value, Mapping) or form not in value:
            raise UnknownTerm(f"{self.path.name}: term {key!r} has no {lang!r} form {form!r}")
        return value[form]

    def term(self, key: str, lang: str, n: object = None, case: str = "nom", form: str | None = None) -> str:
        entry = self.entry(key)
        if lang not in entry:
            raise UnknownTerm(f"{self.path.name}: term {key!r} has no {lang!r}")
        value = entry[lang]
        where = f"{self.path.name}: {key}.{lang}"
        if lang == "kk":
            return _kk(value, case, form, where)
        if lang == "ru":
            return _ru(value, n, case, form, where)
        return _en(value, n, form, where)


def _pick(value: Any, form: str | None, where: str) -> tuple[Any, bool]:
    """A named form of a mapping (short, abbr, …): (that form, True); or (value, False) when none is asked
    for or the form is a grammatical one the caller builds."""
    if form is None or form == "plural":
        return value, False
    if isinstance(value, Mapping) and form in value:
        return value[form], True
    raise UnknownTerm(f"{where}: no form {form!r}")


def _kk(value: Any, case: str, form: str | None, where: str) -> str:
    if case not in CASES:
        raise UnknownTerm(f"{where}: unknown case {case!r}")
    picked, named = _pick(value, form, where)
    if isinstance(picked, str):
        base, possessive, plural = picked, False, None
    else:
        base, possessive, plural = picked["base"], bool(picked.get("possessive")), picked.get("plural")
    if form == "plural" and not named:
        if isinstance(plural, Mapping):
            return kk_attach(plural["base"], case, after_possessive=bool(plural.get("possessive")))
        if plural:
            return kk_attach(plural, case)
        return kk_plural(base, case)
    return kk_attach(base, case, after_possessive=possessive)


def _ru_count_form(value: Mapping[str, Any], category: str, case: str, where: str) -> str:
    """Russian numeral government: 1 (and 21, 101 …) takes the singular of the case; in nom/acc 2–4 take
    the genitive singular and 5–20 the genitive plural; in oblique cases the plural of the case; a
    fraction takes the genitive singular."""
    try:
        if case in ("nom", "acc") and "count" in value:
            return value["count"][category]
        if category == "one":
            return value["sg"][case]
        if category == "other":
            return value["sg"]["gen"]
        if case in ("nom", "acc"):
            return value["sg"]["gen"] if category == "few" else value["pl"]["gen"]
        return value["pl"][case]
    except KeyError as missing:
        raise UnknownTerm(f"{where}: no form for {category} {case} ({missing})") from None


def _ru(value: Any, n: object, case: str, form: str | None, where: str) -> str:
    if case not in RU_CASES:
        raise UnknownTerm(f"{where}: unknown case {case!r}")
    picked, named = _pick(value, form, where)
    if isinstance(picked, str):
        return picked
    if form == "plural" and not named:
        return _lookup(picked, ("pl", case), where)
    if "sg" in picked:
        if n is None:
            return _lookup(picked, ("sg", case), where)
        return _ru_count_form(picked, plural_category(n, "ru"), case, where)
    return _lookup(picked, (case,), where)


def _lookup(value: Mapping[str, Any], path: tuple[str, ...], where: str) -> str:
    node: Any = value
    for part in path:
        if not isinstance(node, Mapping) or part not in node:
            raise UnknownTerm(f"{where}: no form {'.'.join(path)}")
        node = node[part]
    return str(node)


def _en(value: Any, n: object, form: str | None, where: str) -> str:
    picked, named = _pick(value, form, where)
    if isinstance(picked, str):
        return picked
    if form == "plural" and not named:
        return _lookup(picked, ("other",), where)
    if n is None:
        return _lookup(picked, ("one",), where)
    return _lookup(picked, (plural_category(n, "en"),), where)


def validate(table: Mapping[str, Any], path: Path) -> None:
    """Every entry has kk, ru and en; avoid lists are lists of text. Raises ValueError naming the key."""
    problems = []
    for key, entry in table.items():
        if not isinstance(entry, Mapping):
            problems.append(f"{key}: not a mapping")
            continue
        missing = [lang for lang in LANGS if lang not in entry]
        if missing:
            problems.append(f"{key}: no {', '.join(missing)}")
        extra = set(entry) - {*LANGS, "avoid", "search", "note"}
        if extra:
            problems.append(f"{key}: unknown fields {sorted(extra)}")
        for lang in LANGS:
            value = entry.get(lang)
            if isinstance(value, Mapping) and set(value) - FORM_NAMES:
                problems.append(f"{key}.{lang}: unknown forms {sorted(set(value) - FORM_NAMES)}")
        for field in ("avoid", "search"):
            for lang, variants in (entry.get(field) or {}).items():
                if lang not in LANGS or not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
                    problems.append(f"{key}: {field}.{lang} must be a list of text")
    if problems:
        raise ValueError(f"{path}: " + "; ".join(problems))


def load_terminology(path: Path = TERMINOLOGY) -> Terminology:
    """The table in `path`. Raises ValueError (naming the file and key) for a malformed entry."""
    table = read_yaml(path) or {}
    validate(table, path)
    return Terminology(table, path)


@lru_cache(maxsize=1)
def default_terminology() -> Terminology:
    return load_terminology()


def term(key: str, lang: str, n: object = None, case: str = "nom", form: str | None = None) -> str:
    """A term of the table in one language, agreeing with the number `n` and in `case`.

    kk: the base form with its case ending by rule; a noun stays singular after a numeral, so `n` does
    not change it (`form="plural"` gives the plural: ұйымдар). ru: the form CLDR's plural category of
    `n` calls for in `case` (1 организация, 2 организации, 5 организаций; gen: 1 → организации,
    2 and 5 → организаций); without `n` the singular. en: one/other by `n`. `form` picks a named variant
    (short, abbr, …). Raises UnknownTerm for a missing key, language, form or case.
    """
    # The pages ask for the same few hundred forms tens of thousands of times. A number is keyed by its
    # type and text: 1 and 1.0 (and Decimal's 1 and 1.0) are equal but take different plural forms.
    asked = (key, lang, type(n), repr(n), case, form)
    found = _TERMS.get(asked)
    if found is None:
        found = _TERMS[asked] = default_terminology().term(key, lang, n, case, form)
    return found


_TERMS: dict[tuple, str] = {}


def term_forms(key: str, lang: str, form: str) -> Any:
    """A named form of a term as the table holds it (a list such as the quarter numerals, or text)."""
    return default_terminology().forms(key, lang, form)
