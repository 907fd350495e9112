"""The staged package is validated with Frictionless before it is published, by a validating process
and its forked siblings when the machine has cores to spare, else in the pipeline's own process: both
must find the same problems, and a validating process that dies must fail the build, not pass it."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from pipelines.errors import CheckFailure
from pipelines.paths import PACKAGE, ROOT
from pipelines.publish.validate import (
    ValidationPool,
    _validate_in_process,
    costliest_first,
    validate_package,
)


def copy_package(target: Path) -> Path:
    """A copy of the published package folder (its datapackage.json and the CSV files it names)."""
    shutil.copytree(PACKAGE, target)
    return target


def edit_csv(path: Path, edit: Callable[[list[list[str]]], None]) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    edit(rows)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


@pytest.fixture(scope="module")
def pool():
    started = ValidationPool(2)
    yield started
    started.close()


@pytest.fixture(scope="module")
def damaged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three kinds of damage in three resources: a number that is not one, a code against its pattern
    (which also breaks the foreign keys that point at it) and a repeated primary key."""
    folder = copy_package(tmp_path_factory.mktemp("damaged") / "package")
    data = folder

    def not_a_number(rows: list[list[str]]) -> None:
        rows[3][rows[0].index("count_as_published")] = "12a"

    def bad_code(rows: list[list[str]]) -> None:
        rows[5][rows[0].index("code")] = "KZ-9"

    def repeated_key(rows: list[list[str]]) -> None:
        rows.append(list(rows[1]))

    edit_csv(data / "security_coverage.csv", not_a_number)
    edit_csv(data / "regions.csv", bad_code)
    edit_csv(data / "concept_actions.csv", repeated_key)
    # The descriptor's byte counts and hashes would report the edits too; without them each problem
    # is reported once, by the check that finds it.
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        resource.pop("bytes", None)
        resource.pop("hash", None)
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return folder


def test_the_published_package_is_valid_both_ways(pool: ValidationPool):
    assert pool.validate(PACKAGE) == []
    assert _validate_in_process(str(PACKAGE)) == []
    validate_package(PACKAGE, pool)
    validate_package(PACKAGE)
    assert _validate_in_process(str(ROOT)) == []  # the repository's copy of the descriptor


def test_processes_side_by_side_find_what_one_process_finds(pool: ValidationPool, damaged: Path):
    found = pool.validate(damaged)
    assert found == _validate_in_process(str(damaged))
    assert any(p.startswith("security_coverage: Type error in the cell \"12a\"") for p in found), found
    assert any(p.startswith("regions: ") and 'constraint "pattern"' in p and '"KZ-9"' in p for p in found), found
    assert any(p.startswith("large_cities: ") and "foreign key" in p for p in found), found
    assert any(p.startswith("concept_actions: ") and "primary key" in p for p in found), found
    with pytest.raises(CheckFailure, match=r'frictionless validation failed:\n  regions: .*"KZ-9"'):
        validate_package(damaged, pool)


def test_every_resource_is_checked_once_and_reported_in_the_descriptors_order(pool: ValidationPool,
                                                                               damaged: Path):
    names = [r["name"] for r in json.loads((damaged / "datapackage.json").read_text(encoding="utf-8"))["resources"]]
    assert sorted(costliest_first(damaged, names)) == sorted(names)
    assert len(names) == 11
    reported = [p.split(":", 1)[0] for p in pool.validate(damaged)]
    assert reported == sorted(reported, key=names.index)
    # The same package twice in the same process gives the same report (nothing cached across folders).
    assert pool.validate(damaged) == pool.validate(damaged)


def test_a_descriptor_that_does_not_load_is_reported(pool: ValidationPool, tmp_path: Path):
    folder = copy_package(tmp_path / "broken")
    (folder / "datapackage.json").write_text('{"resources": [{"name": "regions"}]}', encoding="utf-8")
    found = pool.validate(folder)
    assert found == _validate_in_process(str(folder))
    assert found and found[0].startswith("datapackage.json: ") and '"path" or "data"' in found[0]


def test_a_missing_file_is_reported(pool: ValidationPool, tmp_path: Path):
    folder = copy_package(tmp_path / "missing")
    (folder / "sources.csv").unlink()
    found = pool.validate(folder)
    assert found == _validate_in_process(str(folder))
    assert any(p.startswith("sources: ") and "sources.csv" in p for p in found), found


def test_a_validating_process_that_dies_fails_the_build():
    pool = ValidationPool(2)
    pool._process.kill()
    pool._process.join()
    with pytest.raises(CheckFailure, match="stopped without a report"):
        validate_package(PACKAGE, pool)
    pool.close()


def test_a_folder_validated_again_is_read_again(pool: ValidationPool, tmp_path: Path):
    folder = copy_package(tmp_path / "again")
    assert pool.validate(folder) == []
    (folder / "abbreviations.csv").write_text("abbr\n", encoding="utf-8")
    assert any(p.startswith("abbreviations: ") for p in pool.validate(folder))


# --- Resources validated ahead (pipelines/run.py hands over those final before the checks) ------------

AHEAD = ("sources", "regions", "large_cities", "concept_indicators", "concept_targets", "concept_actions",
         "abbreviations")


def package_of(folder: Path, target: Path, names: tuple[str, ...]) -> Path:
    """A package of some of the resources of the package at folder: their files, and its descriptor with
    their entries alone."""
    target.mkdir()
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] in names]
    for resource in descriptor["resources"]:
        shutil.copy(folder / resource["path"], target / resource["path"])
    (target / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return target


def test_resources_validated_ahead_are_reported_as_one_validation_reports_them(pool: ValidationPool, damaged: Path,
                                                                               tmp_path: Path):
    pool.validate_ahead(package_of(damaged, tmp_path / "ahead", AHEAD))
    staged = shutil.copytree(damaged, tmp_path / "staged")
    found = pool.validate(staged)
    assert found == _validate_in_process(str(staged))
    assert any(p.startswith("regions: ") for p in found) and any(p.startswith("security_coverage: ") for p in found)


def test_a_resource_changed_since_it_was_validated_ahead_is_validated_again(pool: ValidationPool, damaged: Path,
                                                                           tmp_path: Path):
    """Validated ahead damaged, then staged repaired under the very same entries (the damaged package's
    descriptor states no byte counts or hashes): the staged bytes are validated, not the report of the
    bytes validated ahead."""
    pool.validate_ahead(package_of(damaged, tmp_path / "ahead", AHEAD))
    staged = copy_package(tmp_path / "staged")
    shutil.copy(damaged / "datapackage.json", staged / "datapackage.json")
    assert pool.validate(staged) == _validate_in_process(str(staged)) == []
    # And the same bytes under another schema: validated ahead without the pattern "KZ-9" breaks.
    lenient = package_of(damaged, tmp_path / "ahead-lenient", AHEAD)
    descriptor = json.loads((lenient / "datapackage.json").read_text(encoding="utf-8"))
    regions = next(r for r in descriptor["resources"] if r["name"] == "regions")
    next(f for f in regions["schema"]["fields"] if f["name"] == "code")["constraints"].pop("pattern")
    (lenient / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    pool.validate_ahead(lenient)
    found = pool.validate(damaged)
    assert found == _validate_in_process(str(damaged))
    assert any(p.startswith("regions: ") and 'constraint "pattern"' in p for p in found), found
