"""The kind of issue every declared correction (data/corrections.yml) leaves on the row it corrects."""

from __future__ import annotations

import polars as pl

from pipelines.check.kind import IssueKind

CORRECTED = IssueKind(
    "corrected",
    label={"kk": "түзетілді", "ru": "исправлено", "en": "corrected"},
    meaning={
        "kk": "Құжаттағы сан анық қате және data/corrections.yml файлында себебімен түзетілген; басылған мән "
              "*_as_published бағандарында сақталған.",
        "ru": "Число в документе явно ошибочно и исправлено с указанием причины в data/corrections.yml; "
              "напечатанное значение сохранено в столбцах *_as_published.",
        "en": "The document's number is plainly wrong and was corrected, with the reason, in data/corrections.yml; "
              "the printed value is kept in the *_as_published columns.",
    },
    description={
        "en": "Corrected as declared in data/corrections.yml ({correction_id}): {reason_en}",
        "ru": "Исправлено согласно data/corrections.yml ({correction_id}): {reason_ru}",
        "kk": "data/corrections.yml файлында жарияланғандай түзетілді ({correction_id}): {reason_kk}",
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
                           **{f"reason_{lang}": text for lang, text in reasons[row["correction_id"]].items()}},
            })
    return findings
