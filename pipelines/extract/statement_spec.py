"""What a document states, as the statement engine (`national_figures.py`) reads it: the types of a
declaration and the reader of the YAML file that declares them (`data/sources/<id>.spec.yml`, or
`<format>.spec.yml` for every document of a format).

A declaration, top to bottom (`data/sources/002_7d4a5a6f4a884ed0.spec.yml` is the smallest):

```yaml
end: '^О вопросах'          # optional: the first line not to read (a heading that opens an off-topic part)
fragments:                  # optional: named pieces of patterns, put in as {name} (see below)
  B: '\\**'
templates:                  # optional: statements written once and used with parameters
  dynamics: {pattern: '... ${lead} ...', figures: [...]}
sections:                   # in document order
  - opening: 'regex'        # finds the section's one first line; its groups serve the statements below
    period: '{date}'        # the period of what follows: {date}, {year} (the document's), or groups
    statements:
      - pattern: 'regex'    # searched in each folded line of the section; a list of texts is joined
        matches: 1          # how often it must match in the section (1 unless given)
        figures:            # one per number it captures
          - value: v        # the group holding the number as printed
            measure: school_internet_connected
            statement: {en: ..., kk: ..., ru: ...}
            # optional: text (group of the quote, "t_" + value unless given), unit (count), org_type
            # (all), scope (national), city_group, locality, period ({period}), base_period,
            # qualifier, denominator (the group of the total it is a share of); org_type, scope,
            # city_group and qualifier may be read from the text: {group: name}.
            # for_each_org: [kindergarten, school, college] repeats the figure for each kind, with
            # {org} in value, text and denominator standing for it.
      - use: dynamics       # a template, its ${name} and ${name.key} filled from `with`
        with: {lead: ..., what: {en: ..., kk: ..., ru: ...}}
```

Patterns are Python regular expressions on folded text (spaces, dashes and look-alike letters as
`pipelines/normalise/text.py` folds them). `{N}` in a pattern is a printed number (whole, never a piece
of "7О13" or "5 9865"; a `%` right after it matches with a space before it too, "71,8 %", as the lists of
the notes are read), `{NOTE_PERIOD}` a quarterly note's statement of its quarter
(`pipelines/normalise/periods.py`), and `{name}` a fragment of the declaration; `{name:arg}` puts `arg`
for `${arg}` inside the fragment. Other braces (`\\d{4}`) are the regex's own.

Groups are read as printed, except three names: `month` (a Russian or Kazakh month name, read as its
number), `day` (zero-padded) and `note_period` (a quarterly note's statement of its quarter, read as
2023-Q1: `(?P<note_period>{NOTE_PERIOD})`). A section opening's groups serve every later section too.

Wording: `statement.en` is filled with str.format (`{y0}` a captured group, `{period}`, `{year}`,
`{date}`, `{org_en}` the kind of organisation in English); `statement.kk` and `.ru` through the
language module (`{org:pl}`, `{org:pl.gen}` the kind in the plural and a case, `{y0:period.loc}` a
year in words and a case). All three are required: they are published as statement_en/_kk/_ru.

Every refusal is a SourceFormatError naming the declaration file, its line and what was expected.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from string import Formatter

from pipelines import vocabularies
from pipelines.declarations import (
    Declaration,
    Located,
    compiled,
    fields,
    integer,
    listed,
    one_of,
    text,
)
from pipelines.normalise.numbers import NUMBER_PATTERN
from pipelines.normalise.periods import NOTE_PERIOD_PHRASE
from pipelines.vocabularies import FIGURE_UNITS as UNITS
from pipelines.vocabularies import ORG_TYPES, SCOPE_PATTERN

# What a declaration may give: a code of the published vocabulary, or "" where the field stays empty.
LOCALITIES = ("", *vocabularies.LOCALITIES)
QUALIFIERS = ("", *vocabularies.QUALIFIERS)
SCOPE = re.compile(SCOPE_PATTERN)
MEASURE = re.compile(r"^[a-z][a-z0-9_]*$")
LANGUAGES = ("en", "kk", "ru")

# A whole printed number: never the tail of "7О13" (a letter typed for a digit) or of "1 2345" (also
# with two or three spaces), never the head of "5 9865" or "5 9 85", so a damaged number fails its
# statement instead of yielding a part of itself. (Lookbehinds must have a fixed width, hence three.)
N = rf"(?<![\w,.])(?<!\d )(?<!\d  )(?<!\d   )(?:{NUMBER_PATTERN})(?![\w]|[,.]\d|\s+\d)"
BUILT_IN = {"N": N, "NOTE_PERIOD": NOTE_PERIOD_PHRASE}
# Values every template may use besides the groups: the section's period, the document's year and date,
# the kind of organisation in English, and the kind itself (Kazakh and Russian wording).
TEMPLATE_VALUES = frozenset({"period", "year", "date", "org_en", "org"})

_FRAGMENT = re.compile(r"\{([A-Za-z_]\w*)(?::([^{}]*))?\}")
# "{N}%", "(?P<pct>{N})%": a percent sign after a number, which a document may print after a space
# ("71,8 %"; the notes' lists read it either way).
_PERCENT_AFTER_NUMBER = re.compile(r"(\{N\}\)*) ?%")
_PARAMETER = re.compile(r"\$\{(\w+)(?:\.(\w+))?\}")


@dataclass(frozen=True)
class Group:
    """A field read from the text: the named regex group of the statement."""

    name: str


@dataclass(frozen=True)
class Figure:
    """One number a statement captures, and what it means (see the module's docstring for each field)."""

    value: str
    measure: str
    statement_en: str
    text: str = ""
    unit: str = "count"
    org_type: str | Group = "all"
    scope: str | Group = "national"
    city_group: str | Group = ""
    locality: str = ""
    period: str = "{period}"
    base_period: str = ""
    qualifier: str | Group = ""
    denominator: str = ""
    statement_kk: str = ""
    statement_ru: str = ""
    line: int = 0  # where it is declared

    @property
    def text_group(self) -> str:
        return self.text or f"t_{self.value}"


@dataclass(frozen=True)
class Statement:
    pattern: str  # searched in folded lines; every match yields all `figures`
    figures: tuple[Figure, ...]
    matches: int = 1
    line: int = 0


@dataclass(frozen=True)
class Section:
    opening: str  # finds the section's first line; its groups join the context of later statements
    period: str
    statements: tuple[Statement, ...]
    line: int = 0
    # The opening as the declaration writes it ("(?P<note_period>{NOTE_PERIOD})"), for messages: the
    # expanded regex is hundreds of characters.
    declared: str = ""


@dataclass(frozen=True)
class DocumentSpec:
    """The statements of one document (or of every document of a format), from `path`."""

    sections: tuple[Section, ...]
    end: str = ""
    path: str = ""  # the declaration file, as messages name it
    end_line: int = 0

    def where(self, line: int) -> str:
        """" (declared at data/sources/….spec.yml:42)", or "" for a declaration made in code."""
        return f" (declared at {self.path}:{line})" if self.path else ""


# --------------------------------------------------------------------------------------------------
# Reading a declaration


@functools.lru_cache(maxsize=64)
def statement_spec(declaration: Declaration) -> DocumentSpec:
    """The statements `declaration` declares. Raises SourceFormatError at the declaration's line for
    anything it cannot read: an unknown key, fragment, template or parameter, a regex that does not
    compile, a group a figure names that its pattern lacks, a code outside its vocabulary, a wording
    missing in one of English, Kazakh and Russian."""
    return _Reader(declaration).spec()


class _Reader:
    def __init__(self, declaration: Declaration) -> None:
        self.declaration = declaration
        self.error = declaration.error
        top = fields(declaration, declaration.data, 1, ("end", "fragments", "templates", "sections"), ("sections",),
                     "a declaration of statements")
        self.top = top
        self.fragments = self._mapping(top, "fragments")
        self.templates = self._mapping(top, "templates")

    def _mapping(self, top: Located, key: str) -> Located:
        value = top.get(key, Located())
        if not isinstance(value, Located):
            raise self.error(top.line_of(key), f"{key}: a mapping of names", repr(value))
        return value

    def spec(self) -> DocumentSpec:
        end = ""
        if "end" in self.top:
            end = self.pattern(self.top, "end")
        opened: set[str] = set()
        sections = []
        for entry in listed(self.declaration, self.top, "sections"):
            section = fields(self.declaration, entry, self.top.line_of("sections"),
                             ("opening", "period", "statements"), ("opening", "period", "statements"), "a section")
            opening = self.pattern(section, "opening")
            opened |= set(compiled(self.declaration, section.line_of("opening"), opening, "opening").groupindex)
            period = text(self.declaration, section, "period")
            self.check_template(period, section.line_of("period"), opened | TEMPLATE_VALUES, "period")
            statements = tuple(self.statement(item, section.line_of("statements"), frozenset(opened))
                               for item in listed(self.declaration, section, "statements"))
            sections.append(Section(opening, period, statements, section.line,
                                    text(self.declaration, section, "opening")))
        return DocumentSpec(tuple(sections), end, self.declaration.path, self.top.line_of("end"))

    # Patterns ------------------------------------------------------------------------------------

    def pattern(self, mapping: Located, key: str) -> str:
        line = mapping.line_of(key)
        expanded = self.expand(text(self.declaration, mapping, key), line, ())
        compiled(self.declaration, line, expanded, key)
        return expanded

    def expand(self, pattern: str, line: int, using: tuple[str, ...]) -> str:
        """`pattern` with {N}, {NOTE_PERIOD} and the declaration's fragments put in."""
        def put(match: re.Match[str]) -> str:
            name, argument = match.group(1), match.group(2) or ""
            if name in BUILT_IN and not match.group(2):
                return BUILT_IN[name]
            if name not in self.fragments:
                raise self.error(line, f"a fragment among {', '.join([*BUILT_IN, *self.fragments])} (or a "
                                       "regex quantifier such as {4})", match.group(0))
            if name in using:
                raise self.error(self.fragments.line_of(name), "fragments that do not contain themselves", name)
            body = self.fragments[name]
            if isinstance(body, list) and body and all(isinstance(piece, str) for piece in body):
                body = "".join(body)
            if not isinstance(body, str):
                raise self.error(self.fragments.line_of(name), f"fragment {name}: a text or a list of texts",
                                 repr(body))
            body = body.replace("${arg}", argument)
            return self.expand(body, self.fragments.line_of(name), (*using, name))

        return _FRAGMENT.sub(put, _PERCENT_AFTER_NUMBER.sub(r"\1 ?%", pattern))

    # Statements ----------------------------------------------------------------------------------

    def statement(self, entry: object, line: int, opened: frozenset[str]) -> Statement:
        if isinstance(entry, Located) and "use" in entry:
            entry = self.use(entry)
        statement = fields(self.declaration, entry, line, ("pattern", "matches", "figures"), ("pattern", "figures"),
                           "a statement")
        pattern = self.pattern(statement, "pattern")
        groups = frozenset(re.compile(pattern).groupindex)
        figures: list[Figure] = []
        for item in listed(self.declaration, statement, "figures"):
            figures.extend(self.figures(item, statement.line_of("figures"), groups, opened))
        return Statement(pattern, tuple(figures), integer(self.declaration, statement, "matches", 1), statement.line)

    def use(self, entry: Located) -> Located:
        """The template `entry` names, its parameters filled in; the result keeps `entry`'s line."""
        fields(self.declaration, entry, entry.line, ("use", "with"), ("use",), "a use of a template")
        name = entry["use"]
        if name not in self.templates:
            raise self.error(entry.line_of("use"), f"a template among {', '.join(self.templates) or '(none)'}",
                             str(name))
        parameters = entry.get("with", {})
        if not isinstance(parameters, dict):
            raise self.error(entry.line_of("with"), "with: a mapping of parameters", repr(parameters))

        def fill(value: object) -> object:
            if isinstance(value, str):
                return _PARAMETER.sub(lambda m: parameter(m.group(1), m.group(2)), value)
            if isinstance(value, list):
                return [fill(item) for item in value]
            if isinstance(value, Located):
                filled = Located({key: fill(item) for key, item in value.items()})
                filled.line, filled.key_lines = value.line, value.key_lines
                return filled
            return value

        def parameter(name: str, key: str | None) -> str:
            if name not in parameters:
                raise self.error(entry.line, f"a parameter {name} of template {entry['use']}", ", ".join(parameters))
            value = parameters[name]
            if key is not None:
                value = value.get(key) if isinstance(value, dict) else None
            if not isinstance(value, str):
                raise self.error(entry.line_of("with"), f"a text for ${{{name}{'.' + key if key else ''}}}",
                                 repr(value))
            return value

        statement = fill(self.templates[name])
        if not isinstance(statement, Located):
            raise self.error(self.templates.line_of(name), f"template {name}: a statement (a mapping)")
        statement.line = entry.line  # a statement is named by where it is used
        return statement

    # Figures -------------------------------------------------------------------------------------

    FIGURE_KEYS = ("value", "measure", "statement", "text", "unit", "org_type", "scope", "city_group", "locality",
                   "period", "base_period", "qualifier", "denominator", "for_each_org")

    def figures(self, entry: object, line: int, groups: frozenset[str], opened: frozenset[str]) -> list[Figure]:
        figure = fields(self.declaration, entry, line, self.FIGURE_KEYS, ("value", "measure", "statement"),
                        "a figure")
        if "for_each_org" not in figure:
            return [self.figure(figure, groups, opened)]
        if "org_type" in figure:
            raise self.error(figure.line_of("org_type"), "no org_type beside for_each_org (each kind is its own)")
        kinds = listed(self.declaration, figure, "for_each_org")
        for kind in kinds:
            if kind not in ORG_TYPES:
                raise self.error(figure.line_of("for_each_org"), f"kinds among {', '.join(ORG_TYPES)}", str(kind))
        made = []
        for kind in kinds:
            one = Located({key: value.replace("{org}", kind)
                           if key in ("value", "text", "denominator") and isinstance(value, str) else value
                           for key, value in figure.items() if key != "for_each_org"})
            one.line, one.key_lines = figure.line, figure.key_lines
            one["org_type"] = kind
            made.append(self.figure(one, groups, opened))
        return made

    def figure(self, figure: Located, groups: frozenset[str], opened: frozenset[str]) -> Figure:
        d = self.declaration
        value = text(d, figure, "value")
        measure = text(d, figure, "measure")
        if not MEASURE.match(measure):
            raise self.error(figure.line_of("measure"), "a measure in snake_case", measure)
        wording = fields(d, figure.get("statement"), figure.line_of("statement"), LANGUAGES, LANGUAGES,
                         "a statement in English, Kazakh and Russian (en, kk, ru)")
        words = {lang: text(d, wording, lang) for lang in LANGUAGES}
        quote = text(d, figure, "text", "")
        for key, name in (("value", value), ("text", quote or f"t_{value}")):
            if name not in groups:
                raise self.error(figure.line_of(key) if key in figure else figure.line,
                                 f"{key}: a group of the statement's pattern, among {', '.join(sorted(groups))}", name)
        denominator = text(d, figure, "denominator", "")
        if denominator and denominator not in groups | opened:
            raise self.error(figure.line_of("denominator"), "denominator: a group of the statement's pattern or of "
                                                            "a section opening", denominator)
        made = Figure(
            value=value, measure=measure, statement_en=words["en"], text=quote,
            unit=one_of(d, figure, "unit", UNITS, "count"),
            org_type=self.read(figure, "org_type", groups, lambda v: v in ORG_TYPES, f"one of {ORG_TYPES}", "all"),
            scope=self.read(figure, "scope", groups, lambda v: bool(SCOPE.match(v)),
                            "national, large_cities or a region code KZ-NN", "national"),
            city_group=self.read(figure, "city_group", groups, lambda v: bool(re.match(r"^[a-z_]*$", v)),
                                 "a city group slug", ""),
            locality=one_of(d, figure, "locality", LOCALITIES, ""),
            period=text(d, figure, "period", "{period}"),
            base_period=text(d, figure, "base_period", "", allow_empty=True),
            qualifier=self.read(figure, "qualifier", groups, lambda v: v in QUALIFIERS, f"one of {QUALIFIERS}", ""),
            denominator=denominator, statement_kk=words["kk"], statement_ru=words["ru"], line=figure.line,
        )
        known = groups | opened | TEMPLATE_VALUES
        for key, template in (("period", made.period), ("base_period", made.base_period)):
            self.check_template(template, figure.line_of(key), known, key)
        for lang in LANGUAGES:
            self.check_template(words[lang], wording.line_of(lang), known, f"statement.{lang}")
        return made

    def read(self, figure: Located, key: str, groups: frozenset[str], valid: object, expected: str,
             default: str) -> str | Group:
        value = figure.get(key, default)
        if isinstance(value, Located):
            fields(self.declaration, value, figure.line_of(key), ("group",), ("group",), f"{key} read from the text")
            if value["group"] not in groups:
                raise self.error(value.line, f"{key}: a group of the statement's pattern", str(value["group"]))
            return Group(value["group"])
        if not isinstance(value, str) or not valid(value):  # type: ignore[operator]
            raise self.error(figure.line_of(key), f"{key}: {expected}, or {{group: name}}", repr(value))
        return value

    def check_template(self, template: str, line: int, known: frozenset[str] | set[str], what: str) -> None:
        """Every {name} of a wording or period template is a group, or a value the engine gives."""
        try:
            names = {name.split(".")[0].split("[")[0] for _, name, _, _ in Formatter().parse(template) if name}
        except ValueError as error:
            raise self.error(line, f"{what}: a template with balanced braces ({error})", template) from None
        unknown = sorted(names - set(known))
        if unknown:
            raise self.error(line, f"{what}: placeholders among the groups of the pattern and its section "
                                   f"openings and {', '.join(sorted(TEMPLATE_VALUES))}", ", ".join(unknown))
