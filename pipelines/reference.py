"""Step 2: reference tables (regions, large-city groups, responsible bodies) and the one alias table for
the names of places and bodies."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipelines.errors import SourceFormatError
from pipelines.normalise.text import name_key
from pipelines.paths import REFERENCE, ROOT

ALIAS_KINDS = ("region", "city_group", "body")
BODY_KINDS = ("ministry", "agency", "local_government", "state_enterprise", "joint_stock_company", "non_profit",
              "chamber", "other")
BODY_COLUMNS = ("body_id", "abbr_ru", "name_ru", "name_kk", "name_en", "short_kk", "short_en", "kind")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def city_group_slug(name_en: str) -> str:
    """'Atyrau|Kulsary' → 'atyrau-kulsary': stable, readable, derived from the reference table."""
    return "-".join(re.sub(r"[^a-z0-9]+", "-", part.lower()).strip("-") for part in name_en.split("|"))


def clean_regions(raw: pl.DataFrame) -> pl.DataFrame:
    """The `regions` resource from the verified reference table."""
    return (
        raw.select(
            pl.col("iso_3166_2").alias("code"),
            pl.col("iso_3166_2_old").fill_null("").alias("code_old"),
            pl.col("kato").cast(pl.Int64).cast(pl.String).str.zfill(2).alias("kato_prefix"),
            pl.col("kind"),
            "name_kk", "name_ru", "name_en", "capital_kk", "capital_ru", "capital_en",
        )
        .sort("code")
    )


def clean_large_cities(raw: pl.DataFrame) -> pl.DataFrame:
    """The `large_cities` resource: one row per city group of the large-city lists."""
    def joined(column: str, word: str) -> pl.Expr:
        return pl.col(column).str.replace_all(r"\|", word)

    return (
        raw.select(
            pl.col("name_en").map_elements(city_group_slug, return_dtype=pl.String).alias("city_group"),
            pl.col("region_iso").str.split("|").list.first().alias("region_code"),
            pl.col("city_group_as_written").alias("name_kk"),
            joined("name_ru", " и ").alias("name_ru"),
            joined("name_en", " and ").alias("name_en"),
            pl.col("cities").str.replace_all(r"\|", ";").alias("cities_kk"),
            pl.col("city_kato").cast(pl.String).str.replace_all(r"\|", ";").alias("city_kato"),
            (pl.col("cities").str.count_matches(r"\|") + 1).cast(pl.Int64).alias("city_count"),
            pl.col("note").fill_null(""),
        )
        .sort("region_code")
    )


@dataclass(frozen=True)
class Alias:
    key: str
    kind: str
    code: str
    is_prefix: bool


class AliasTable:
    """Names of places and bodies in every form the documents use, mapped to region codes, city-group
    slugs or body ids.

    `codes[kind]` is every code the reference tables know for that kind (what a list must cover).
    """

    def __init__(self, rows: list[Alias], known_codes: dict[str, set[str]]) -> None:
        for row in rows:
            if row.kind not in ALIAS_KINDS or row.code not in known_codes[row.kind]:
                raise ValueError(f"alias {row.key!r} points at unknown {row.kind} {row.code!r}")
        self.codes = {kind: frozenset(codes) for kind, codes in known_codes.items()}
        self.exact: dict[tuple[str, str], str] = {}
        for row in rows:
            if row.is_prefix:
                continue
            if self.exact.get((row.kind, row.key), row.code) != row.code:
                raise ValueError(f"alias {row.key!r} points at two {row.kind}s: "
                                 f"{self.exact[(row.kind, row.key)]} and {row.code}")
            self.exact[(row.kind, row.key)] = row.code
        # Longest prefix first, so "северо-казахстанск" wins over a shorter stem.
        self.prefixes = sorted((row for row in rows if row.is_prefix), key=lambda r: -len(r.key))

    def resolve(self, name: str, kind: str) -> str | None:
        key = name_key(name)
        if (kind, key) in self.exact:
            return self.exact[(kind, key)]
        for row in self.prefixes:
            if row.kind == kind and key.startswith(row.key):
                return row.code
        return None


def russian_names(regions: pl.DataFrame, cities: pl.DataFrame,
                  former: dict[str, list[str]] | None = None) -> list[Alias]:
    """The Russian names of the reference tables, as a Russian document prints them, by rule: a region's
    `name_ru` ("Акмолинская область", "область Абай") and its short form ("Абай"); a city of republican
    significance with "г." ("г. Астана"); a large-city group with "г." ("г. Кокшетау"), and a group of two
    cities with "гг." or each with "г." ("гг. Атырау и Кульсары", "г. Атырау и г. Кульсары"). `former`:
    the other Russian names the alias table gives a city of republican significance (code → names:
    "Нур-Султан"), each written with "г." too, for the city and for its large-city group ("г. Нур-Султан").
    A name the alias table declares wins over its rule (the declared row is kept)."""
    made: dict[tuple[str, str], Alias] = {}
    former = former or {}

    def add(name: str, kind: str, code: str) -> None:
        for spelling in (name, name.replace("г. ", "г.")):
            key = name_key(spelling)
            made.setdefault((kind, key), Alias(key, kind, code, False))

    city_names: dict[str, list[str]] = {}
    for row in regions.iter_rows(named=True):
        name = row["name_ru"]
        if row["kind"] == "city":
            city_names[row["code"]] = [name, *former.get(row["code"], [])]
            for city in city_names[row["code"]]:
                add(f"г. {city}", "region", row["code"])
            continue
        add(name, "region", row["code"])
        if name.startswith("область "):
            add(name.removeprefix("область "), "region", row["code"])
    for row in cities.iter_rows(named=True):
        parts = row["name_ru"].split(" и ")
        if len(parts) == 1:
            # The group of a city of republican significance is the city: its former names name it too.
            names = city_names.get(row["region_code"], [])
            for city in names if parts[0] in names else parts:
                add(f"г. {city}", "city_group", row["city_group"])
        else:
            add("гг. " + " и ".join(parts), "city_group", row["city_group"])
            add(" и ".join(f"г. {part}" for part in parts), "city_group", row["city_group"])
    return list(made.values())


def kazakh_names(regions: pl.DataFrame, cities: pl.DataFrame) -> list[Alias]:
    """The Kazakh names of the reference tables, as a Kazakh document prints them, by rule: a region's
    `name_kk` ("Ақмола облысы", "Шығыс Қазақстан облысы"), with "обл." for "облысы", and without it
    ("Шығыс Қазақстан"); a city of republican significance with "қ." or "қаласы" ("Астана қаласы"); a
    large-city group's city with "қ." or "қаласы" ("Семей қаласы"), and a group of two cities with "ққ.",
    "қ." or "қалалары" after both, or each with "қ." ("Атырау және Құлсары қалалары", "Атырау қ. және
    Құлсары қ."). A name the alias table declares wins over its rule (the declared row is kept)."""
    made: dict[tuple[str, str], Alias] = {}

    def add(name: str, kind: str, code: str) -> None:
        key = name_key(name)
        made.setdefault((kind, key), Alias(key, kind, code, False))

    for row in regions.iter_rows(named=True):
        name = row["name_kk"]
        if row["kind"] == "city":
            for written in (f"{name} қ.", f"{name} қаласы"):
                add(written, "region", row["code"])
            continue
        add(name, "region", row["code"])
        if name.endswith(" облысы"):
            stem = name.removesuffix(" облысы")
            add(f"{stem} обл.", "region", row["code"])
            add(stem, "region", row["code"])
    for row in cities.iter_rows(named=True):
        parts = [part for part in re.split(r"[;|]", row["cities_kk"]) if part]
        if len(parts) == 1:
            for written in (f"{parts[0]} қ.", f"{parts[0]} қаласы"):
                add(written, "city_group", row["city_group"])
        else:
            both = " және ".join(parts)
            for written in (f"{both} ққ.", f"{both} қ.", f"{both} қалалары", " және ".join(f"{p} қ." for p in parts)):
                add(written, "city_group", row["city_group"])
    return list(made.values())


def load_alias_table(folder: Path = REFERENCE,
                     reference: tuple[pl.DataFrame, pl.DataFrame] | None = None) -> AliasTable:
    """The alias table, checked against the regions and city groups (read again unless given)."""
    regions, cities = reference if reference is not None else load_reference(folder)
    aliases = pl.read_csv(folder / "name_aliases.csv", infer_schema=False)
    rows = [
        Alias(name_key(r["alias"]), r["kind"], r["code"], r["match"] == "prefix")
        for r in aliases.iter_rows(named=True)
    ]
    declared = {(row.kind, row.key) for row in rows if not row.is_prefix}
    former: dict[str, list[str]] = {}
    for r in aliases.iter_rows(named=True):
        if r["language"] == "ru" and r["kind"] == "region" and r["match"] == "exact":
            former.setdefault(r["code"], []).append(r["alias"])
    city_codes = set(regions.filter(pl.col("kind") == "city")["code"])
    former = {code: names for code, names in former.items() if code in city_codes}
    rows += [row for row in russian_names(regions, cities, former) if (row.kind, row.key) not in declared]
    declared |= {(row.kind, row.key) for row in rows}
    rows += [row for row in kazakh_names(regions, cities) if (row.kind, row.key) not in declared]
    known = {"region": set(regions["code"]), "city_group": set(cities["city_group"]),
             "body": set(load_bodies(folder)["body_id"])}
    return AliasTable(rows, known)


def load_bodies(folder: Path = REFERENCE) -> pl.DataFrame:
    """The bodies of `bodies.csv`, one row per body (BODY_COLUMNS, all strings, abbr_ru may be empty).

    Raises ValueError naming the file and line of a missing column, an id that is not a unique slug,
    a kind outside BODY_KINDS or an empty name.
    """
    path = folder / "bodies.csv"
    bodies = pl.read_csv(path, infer_schema=False).fill_null("")
    if tuple(bodies.columns) != BODY_COLUMNS:
        raise ValueError(f"{path}, line 1: expected the columns {', '.join(BODY_COLUMNS)}, "
                         f"found {', '.join(bodies.columns)}")
    seen: set[str] = set()
    for line, row in enumerate(bodies.iter_rows(named=True), start=2):
        if not _SLUG.fullmatch(row["body_id"]) or row["body_id"] in seen:
            raise ValueError(f"{path}, line {line}: expected a new body_id of lowercase letters, digits and "
                             f"hyphens, found {row['body_id']!r}")
        if row["kind"] not in BODY_KINDS:
            raise ValueError(f"{path}, line {line}: expected a kind among {', '.join(BODY_KINDS)}, "
                             f"found {row['kind']!r}")
        empty = [c for c in BODY_COLUMNS if c != "abbr_ru" and not row[c].strip()]
        if empty:
            raise ValueError(f"{path}, line {line}: expected a text in {', '.join(empty)}")
        seen.add(row["body_id"])
    return bodies

def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def _once(frame: pl.DataFrame, column: str, path: Path, what: str) -> None:
    """Each value of `column` once: a row added twice would double every list entry it names."""
    seen: dict[str, int] = {}
    for line, value in enumerate(frame[column].to_list(), start=2):  # line 1 is the header
        if value in seen:
            raise SourceFormatError(_shown(path), line, f"each {what} once; line {seen[value]} has it already",
                                    value)
        seen[value] = line


def load_reference(folder: Path = REFERENCE) -> tuple[pl.DataFrame, pl.DataFrame]:
    raw_regions = pl.read_csv(folder / "regions.csv", infer_schema=False)
    _once(raw_regions, "iso_3166_2", folder / "regions.csv", "region")
    raw_cities = pl.read_csv(folder / "large_cities.csv", infer_schema=False)
    slugs = raw_cities.select(pl.col("name_en").map_elements(city_group_slug, return_dtype=pl.String))
    _once(slugs, "name_en", folder / "large_cities.csv", "large-city group (by the slug of name_en)")
    _once(raw_cities, "city_group_as_written", folder / "large_cities.csv", "large-city group")
    return clean_regions(raw_regions), clean_large_cities(raw_cities)
