"""What one Concept plan holds, as its engine reads it: the declaration beside the plan
(`data/sources/<id>.spec.yml`, `data/sources/003_c2990e6476669ab7.spec.yml` for decree No. 465).

```yaml
chapters: 7                  # chapter headings "Глава 1." … "Глава 7.", in order
indicators:                  # the target indicators, in plan order
  - id: ci01-preschool-coverage                                # published indicator_id
    keyword: дошкольным воспитанием и обучением от 2 до 6 лет  # words its Russian name contains
    direction: higher_is_better                                # or lower_is_better; none when neither
breakdowns:                  # a breakdown label as printed → the breakdown published
  в дошкольных организациях: preschool
deadlines:                   # deadlines in words the deadline grammar does not cover
  - {text: не позднее 1 мая, следующего за отчетным годом, start: '', end: '', recurring: true, years: []}
```

Labels and deadline texts are compared as the engine reads text: folded, runs of white space as one,
case aside. Every refusal is a SourceFormatError naming the declaration file, its line and what was
expected.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

from pipelines.declarations import Declaration, fields, integer, listed, mapping_of_texts, one_of, text
from pipelines.extract.plan_deadlines import Deadline, deadline_key
from pipelines.normalise.text import fold, normalise_ws
from pipelines.vocabularies import DIRECTIONS

HIGHER, LOWER = DIRECTIONS
INDICATOR_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
BREAKDOWN = re.compile(r"^[a-z][a-z0-9_]*$")
MONTH_OR_YEAR = re.compile(r"^(\d{4}(-(0[1-9]|1[0-2]))?)?$")


@dataclass(frozen=True)
class IndicatorSpec:
    slug: str
    keyword: str  # must occur in the Russian name: guards against slugs drifting if the order changes
    direction: str  # HIGHER, LOWER or "" where a fall is not a deterioration
    line: int = 0  # where it is declared


@dataclass(frozen=True, eq=False)
class PlanSpec:
    """What a plan holds: its number of chapters, its indicators in order, the breakdown labels of its
    targets (keys folded and case-folded) and the deadlines in words it prints (keys as
    plan_deadlines.deadline_key makes them)."""

    chapters: int
    indicators: tuple[IndicatorSpec, ...]
    breakdowns: Mapping[str, str]
    deadlines: Mapping[str, Deadline]
    path: str = ""  # the declaration file, as messages name it
    chapters_line: int = 0
    breakdowns_line: int = 0
    indicators_line: int = 0
    deadlines_line: int = 0

    def where(self, line: int) -> str:
        """" (declared at data/sources/….spec.yml:42)", or "" for a declaration made in code."""
        return f" (declared at {self.path}:{line})" if self.path else ""

    @property
    def directions(self) -> dict[str, str]:
        return {indicator.slug: indicator.direction for indicator in self.indicators}


def breakdown_key(label: str) -> str:
    """A breakdown label as the engine compares it: folded, runs of white space as one, case aside."""
    return normalise_ws(fold(label)).casefold()


@functools.lru_cache(maxsize=16)
def plan_spec(declaration: Declaration) -> PlanSpec:
    """The plan `declaration` declares. Raises SourceFormatError at the declaration's line for an unknown
    key, an indicator id given twice or not in lower-case words with hyphens, a direction other than
    higher_is_better or lower_is_better, a breakdown that is not snake_case, and a deadline whose
    start or end is not "YYYY-MM", "YYYY" or ""."""
    d = declaration
    top = fields(d, d.data, 1, ("chapters", "indicators", "breakdowns", "deadlines"), ("chapters", "indicators"),
                 "a declaration of a plan")
    indicators: list[IndicatorSpec] = []
    for entry in listed(d, top, "indicators"):
        item = fields(d, entry, top.line_of("indicators"), ("id", "keyword", "direction"), ("id", "keyword"),
                      "an indicator")
        slug = text(d, item, "id")
        if not INDICATOR_ID.match(slug) or slug in {i.slug for i in indicators}:
            raise d.error(item.line_of("id"), "an indicator id of lower-case words and hyphens, given once", slug)
        indicators.append(IndicatorSpec(slug, text(d, item, "keyword"), one_of(d, item, "direction", (*DIRECTIONS, ""), ""),
                                        item.line))
    breakdowns = mapping_of_texts(d, top, "breakdowns")
    for label, slug in breakdowns.items():
        if not BREAKDOWN.match(slug):
            raise d.error(breakdowns.line_of(label), "a breakdown in snake_case", slug)
    deadlines: dict[str, Deadline] = {}
    for entry in listed(d, top, "deadlines", required=False):
        item = fields(d, entry, top.line_of("deadlines"), ("text", "start", "end", "recurring", "years"),
                      ("text", "start", "end", "recurring", "years"), "a deadline")
        bounds = [text(d, item, key, allow_empty=True) for key in ("start", "end")]
        for key, value in zip(("start", "end"), bounds, strict=True):
            if not MONTH_OR_YEAR.match(value):
                raise d.error(item.line_of(key), f'{key}: "YYYY-MM", "YYYY" or ""', value)
        years = item["years"]
        if not isinstance(years, list) or not all(isinstance(y, int) and 1900 < y < 2200 for y in years):
            raise d.error(item.line_of("years"), "years: a list of years", repr(years))
        if not isinstance(item["recurring"], bool):
            raise d.error(item.line_of("recurring"), "recurring: true or false", repr(item["recurring"]))
        deadlines[deadline_key(text(d, item, "text"))] = Deadline(bounds[0], bounds[1], item["recurring"],
                                                                  tuple(years))
    return PlanSpec(integer(d, top, "chapters"), tuple(indicators),
                    {breakdown_key(label): slug for label, slug in breakdowns.items()}, deadlines, d.path,
                    top.line_of("chapters"), top.line_of("breakdowns"), top.line_of("indicators"),
                    top.line_of("deadlines"))
