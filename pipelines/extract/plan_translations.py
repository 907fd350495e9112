"""The project's translations of the Concept plan's texts (`data/translations/`), looked up for the
plan's engine.

The plan is printed in Russian; its Kazakh and English texts are the project's own (unofficial)
translations, published as added columns (text_kk, completion_form_en, …). Every Russian text the
package publishes must have them: a new action, form of completion, deadline, chapter, breakdown,
note, abbreviation or indicator without one stops the build, and every missing text of the run is
listed at once, each with its file and section.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pipelines.errors import SourceFormatError, raise_all
from pipelines.extract.plan_text import fold
from pipelines.paths import ROOT, TRANSLATIONS
from pipelines.sources import Document
from pipelines.yaml_files import read_yaml

LANGUAGE_NAMES = {"kk": "Kazakh", "en": "English"}


@dataclass(frozen=True)
class Translations:
    """The translation tables of the plan, as read from `folder` (data/translations/)."""

    folder: Path
    indicators: Mapping  # concept_indicators.yml: indicator_id → name_kk, name_en, short_*
    abbreviations_en: Mapping  # abbreviations.yml: abbreviation → English expansion (a list if repeated)
    abbreviations_kk: Mapping  # abbreviations.kk.yml: abbreviation → {abbr_kk, expansion_kk} (a list …)
    actions: Mapping[str, Mapping]  # language → concept_actions.<lang>.yml
    targets: Mapping  # concept_targets.yml: breakdowns and notes by their Russian text

    def shown(self, name: str) -> str:
        """A translation file as error messages name it (relative to the repository when inside it)."""
        path = self.folder / name
        try:
            return path.resolve().relative_to(ROOT).as_posix()
        except ValueError:
            return path.as_posix()

    def section_line(self, name: str, section: str) -> int | None:
        """The line of a top-level section of a translation file, for messages that point at it."""
        lines = (self.folder / name).read_text(encoding="utf-8").splitlines()
        return next((n for n, line in enumerate(lines, start=1) if line.startswith(f"{section}:")), None)


def _mapping(folder: Path, name: str) -> Mapping:
    path = folder / name
    if not path.exists():
        raise SourceFormatError(path.as_posix(), None, "a translation file")
    table = read_yaml(path) or {}
    if not isinstance(table, Mapping):
        raise SourceFormatError(path.as_posix(), 1, "a mapping at the top level of the translation file")
    return table


def action_file(lang: str) -> str:
    return f"concept_actions.{lang}.yml"


def load_translations(folder: Path = TRANSLATIONS) -> Translations:
    """Every translation table of the plan. Raises SourceFormatError naming a missing or malformed file."""
    return Translations(
        folder=folder,
        indicators=_mapping(folder, "concept_indicators.yml"),
        abbreviations_en=_mapping(folder, "abbreviations.yml"),
        abbreviations_kk=_mapping(folder, "abbreviations.kk.yml"),
        actions={lang: _mapping(folder, action_file(lang)) for lang in LANGUAGE_NAMES},
        targets=_mapping(folder, "concept_targets.yml"),
    )


def canonical(text: object) -> str:
    """A translation key as the parsers read text: folded (spaces, dashes, Latin look-alikes), runs of
    white space as one. A document retyped with a no-break space keeps its translations."""
    return " ".join(fold(str(text)).split())


class Missing:
    """Looks up the translations of one document's texts and collects those the tables lack, so that
    all of them are reported together, each at the document line of the text and naming the file."""

    def __init__(self, doc: Document, translations: Translations) -> None:
        self.doc = doc
        self.translations = translations
        self.errors: list[SourceFormatError] = []
        self._index: dict[tuple[str, str], dict[str, object]] = {}
        self._reported: set[tuple[str, str, str, str]] = set()

    def _section(self, name: str, section: str) -> dict[str, object]:
        if (name, section) not in self._index:
            table = (self.translations.actions[name.split(".")[1]] if name.startswith("concept_actions.")
                     else self.translations.targets)
            entries = table.get(section)
            self._index[name, section] = ({canonical(k): v for k, v in entries.items()}
                                          if isinstance(entries, Mapping) else {})
        return self._index[name, section]

    def text(self, name: str, section: str, key: object, lang: str, what: str, russian: str, line: int) -> str:
        """The `lang` text of `key` in `section` of translation file `name`; '' and a recorded error naming
        the document's `line` and the file when it is missing or empty."""
        value = self._section(name, section).get(canonical(key))
        if isinstance(value, Mapping):  # concept_targets.yml: {kk: …, en: …}
            value = value.get(lang)
        if isinstance(value, str) and value.strip():
            return value
        if (name, section, canonical(key), lang) not in self._reported:  # a text repeated is reported once
            self._reported.add((name, section, canonical(key), lang))
            start = self.translations.section_line(name, section)
            self.errors.append(self.doc.error(
                line, f"{'an' if lang == 'en' else 'a'} {LANGUAGE_NAMES[lang]} text for {what} in "
                      f"{self.translations.shown(name)} (key {key!r} of its section {section!r}"
                      + (f", which starts at line {start})" if start else ")"), russian))
        return ""

    def raise_all(self) -> None:
        raise_all(self.errors)

