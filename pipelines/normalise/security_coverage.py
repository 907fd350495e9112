"""The `security_coverage` resource: the coverage lists with codes, corrections and computed percent."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import polars as pl

from pipelines.errors import SourceFormatError, raise_all
from pipelines.normalise.corrections import Correction, apply_corrections
from pipelines.paths import ROOT, SOURCES

# A large-city row is keyed by its group, not only its region: two groups can lie in one region.
PRIMARY_KEY = ("measure", "area_type", "org_type", "region_code", "city_group", "period")


def percent_one_decimal(count: int, total: int) -> float | None:
    """count/total×100 rounded half-up to one decimal (Python's round() would round half to even)."""
    if not total:
        return None
    exact = Decimal(count) * 100 / Decimal(total)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def attach_places(raw: pl.DataFrame, large_cities: pl.DataFrame) -> pl.DataFrame:
    """Region rows keep their code; city rows get the region their city group lies in."""
    city_regions = large_cities.select(pl.col("city_group").alias("place"), pl.col("region_code").alias("city_region"))
    return (
        raw.join(city_regions, on="place", how="left")
        .with_columns(
            pl.when(pl.col("area_type") == "region").then(pl.col("place")).otherwise(pl.col("city_region"))
            .alias("region_code"),
            pl.when(pl.col("area_type") == "city").then(pl.col("place")).otherwise(pl.lit("")).alias("city_group"),
        )
        .drop("place", "city_region")
    )


def refuse_counts_above_totals(frame: pl.DataFrame) -> None:
    """A count above its total, after the declared corrections, stops the build at its line.

    The percent of such a row would be above 100, which no list can mean: the note printed the two
    numbers the wrong way round ("(9-дан 18)"), or one of them wrongly. Whichever it is, a maintainer
    reads the line and declares it in data/corrections.yml, where the row keeps its flag.
    """
    above = frame.filter(pl.col("count") > pl.col("total"))
    errors = []
    for row in above.sort("source_id", "source_line").iter_rows(named=True):
        key = ", ".join(f"{name}: {row[name]}" for name in PRIMARY_KEY if row[name] != "")
        errors.append(SourceFormatError(
            f"{SOURCES.relative_to(ROOT).as_posix()}/{row['source_id']}.txt", row["source_line"],
            "a count no greater than its total; if the note printed them the wrong way round, declare it in "
            f"data/corrections.yml: action swap_count_total, key {{{key}}}, source_id {row['source_id']}, "
            f"source_line {row['source_line']}, the entry as quote, and why in en, ru and kk (as the "
            "corrections of note 004); a wrong total gets set_total",
            f"{row['source_text']} (count {row['count']} of {row['total']})"))
    raise_all(errors)


def clean_security_coverage(raw: pl.DataFrame, large_cities: pl.DataFrame,
                            corrections: list[Correction]) -> pl.DataFrame:
    """Rows exactly as printed, plus count/total after declared corrections and the computed percent.

    Flags are added later by the checks, which see every resource at once.
    """
    frame = attach_places(raw, large_cities).with_columns(
        pl.col("count_as_published").alias("count"), pl.col("total_as_published").alias("total")
    )
    frame = apply_corrections(frame, corrections, "security_coverage")
    refuse_counts_above_totals(frame)
    percent = [percent_one_decimal(c, t) for c, t in zip(frame["count"], frame["total"], strict=True)]
    frame = frame.with_columns(
        pl.Series("percent", percent, dtype=pl.Float64),
        pl.col("count").cast(pl.Int64),
        pl.col("total").cast(pl.Int64),
    )
    return frame.select(
        "measure", "area_type", "region_code", "city_group", "org_type", "period", "name_as_published",
        "count_as_published", "total_as_published", "percent_as_published", "count", "total", "percent",
        "correction_id", "source_id", "source_line", "source_text",
    ).sort(*PRIMARY_KEY)
