"""The `national_figures` resource: the prose figures after declared corrections."""

from __future__ import annotations

import polars as pl

from pipelines.normalise.corrections import Correction, apply_corrections


def clean_national_figures(raw: pl.DataFrame, corrections: list[Correction]) -> pl.DataFrame:
    """The printed value stays in `value_as_published`; `value` carries the declared correction."""
    return apply_corrections(raw, corrections, "national_figures", fields=("value", "denominator"))
