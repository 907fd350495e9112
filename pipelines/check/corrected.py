"""The kind of issue every declared correction (data/corrections.yml) leaves on the row it corrects.

Readers see the correction's reason in their language, its numbers typeset for it; the correction's id
stays in the issue's `details` (and the row's `correction_id`), not in the sentence.
"""

from __future__ import annotations

import polars as pl

from pipelines.check.kind import IssueKind
from pipelines.language.grammar import typeset_numbers

CORRECTED = IssueKind(
    "corrected",
    label={"kk": "түзетілді", "ru": "исправлено", "en": "corrected"},
    meaning={
        "kk": "Құжаттағы сан анық қате және себебі көрсетіліп, жарияланған түзетумен түзетілген; басылған мәні "
              "деректерде түзетілген мәнінің жанында сақталған.",
        "ru": "Число в документе явно ошибочно и исправлено объявленным исправлением с указанием причины; "
              "напечатанное значение сохранено в данных рядом с исправленным.",
        "en": "The document's number is plainly wrong and was corrected by a declared correction that states "
              "the reason; the printed value is kept in the data beside the corrected one.",
    },
    description={
        "en": "Corrected by a declared correction: {reason_en}",
        "ru": "Исправлено объявленным исправлением: {reason_ru}",
        "kk": "Жарияланған түзетумен түзетілді: {reason_kk}",
    },
    found_by="pipelines.check.corrected.correction_findings",
    inherited=True,
)
KINDS = (CORRECTED,)


def correction_findings(keyed: dict[str, pl.DataFrame], reasons: dict[str, dict[str, str]]) -> list[dict]:
    """A finding on every row a declared correction changed (a `correction_id`), with the correction's
    reasons in each language. `keyed` holds the resources with their `row_key` column."""
    findings = []
    for resource, frame in keyed.items():
        if "correction_id" not in frame.columns:
            continue
        corrected = frame.filter(pl.col("correction_id") != "").sort("row_key")
        for row in corrected.iter_rows(named=True):
            findings.append({
                "kind": CORRECTED.code, "resource": resource, "row_key": row["row_key"],
                "source_refs": f"{row['source_id']}:{row['source_line']}",
                "params": {"correction_id": row["correction_id"], "quote": row["source_text"],
                           **{f"reason_{lang}": typeset_numbers(text, lang)
                              for lang, text in reasons[row["correction_id"]].items()}},
            })
    return findings
