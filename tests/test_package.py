"""The published package: fresh, valid, traceable, and safe against failed builds."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.check.checks import FLAGGED
from pipelines.flow import (
    FINAL_BEFORE_CHECKS_AFTER,
    STEPS,
    build_frames,
    final_before_checks,
    inputs,
    run_steps,
)
from pipelines.paths import PACKAGE, ROOT
from pipelines.publish.fields import RESOURCES
from pipelines.publish.keys import row_key
from pipelines.publish.outputs import derived_files
from pipelines.publish.package import render_package, render_resources
from pipelines.sources import load_documents
from tests.conftest import read_published
from tests.fresh import SEEDS, run_fresh


@pytest.fixture(scope="module")
def rendered() -> dict[str, bytes]:
    return render_package(build_frames())


def test_committed_outputs_are_not_stale(rendered):
    """The package folder is what the documents give, and the repository's copies are derived from it."""
    stale = [name for name, data in rendered.items() if (PACKAGE / name).read_bytes() != data]
    assert sorted(p.name for p in PACKAGE.iterdir()) == sorted(rendered), "a file no build writes"
    stale += [path for path, data in derived_files(ROOT, rendered).items() if (ROOT / path).read_bytes() != data]
    assert not stale, f"run `make data` and commit: {stale}"


def test_the_repository_descriptor_points_into_the_package_folder():
    package = json.loads((PACKAGE / "datapackage.json").read_text(encoding="utf-8"))
    copy = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["path"] for r in package["resources"]] == [f"{r.name}.csv" for r in RESOURCES]
    assert [r["path"] for r in copy["resources"]] == [f"data/package/{r.name}.csv" for r in RESOURCES]
    for source in copy["sources"]:
        assert (ROOT / source["path"]).is_file()
    for source in package["sources"]:
        assert (PACKAGE / source["path"]).resolve().is_file()
    assert {k: v for k, v in copy.items() if k not in ("resources", "sources")} == \
        {k: v for k, v in package.items() if k not in ("resources", "sources")}


# The whole build in a fresh process: every file of the package, by its SHA-256.
BUILD = """
import contextlib, hashlib, io, json
from pipelines.flow import build_frames
from pipelines.publish.package import render_package
with contextlib.redirect_stdout(io.StringIO()):
    files = render_package(build_frames())
print(json.dumps({name: hashlib.sha256(data).hexdigest() for name, data in files.items()}))
"""


@pytest.mark.parametrize("seed", SEEDS)
def test_build_is_deterministic(rendered, seed):
    """Built again from the documents in a fresh process, where nothing is cached and sets of strings are
    iterated in another order, the package is the same bytes."""
    assert run_fresh(BUILD, seed) == {name: hashlib.sha256(data).hexdigest() for name, data in rendered.items()}


def test_descriptor_lists_every_resource_with_schema_and_hash():
    package = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in package["resources"]] == [r.name for r in RESOURCES]
    for resource in package["resources"]:
        data = (ROOT / resource["path"]).read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert resource["schema"]["primaryKey"]
        assert all(f.get("description") for f in resource["schema"]["fields"])
    assert package["version"] and package["created"] and package["licenses"]


def test_every_source_text_is_found_in_its_source_line():
    documents = load_documents()
    checked = 0
    for spec in RESOURCES:
        if "source_text" not in spec.field_names:
            continue
        for row in read_published(spec.name):
            line = documents[row["source_id"]].line(int(row["source_line"]))
            assert row["source_text"] and row["source_text"] in line, (spec.name, row)
            checked += 1
    assert checked >= 240


def test_every_flag_has_a_quality_issue_and_every_row_issue_a_flag():
    """Each row's key as the checks compute it (from the dictionary's primary key), read from the published
    CSV: the frames the checks key and the CSV give the same keys."""
    issues = {(r["resource"], r["row_key"], r["kind"]) for r in read_published("quality_issues")}
    flaggable = {spec.name for spec in RESOURCES if "flags" in spec.field_names}
    document_level = {i for i in issues if i[0] == "sources"}
    assert issues - document_level == {i for i in issues if i[0] in flaggable}
    assert flaggable == set(FLAGGED)
    flagged = 0
    for name in sorted(flaggable):
        rows = [(row_key(name, row), row["flags"]) for row in read_published(name)]
        assert len({key for key, _ in rows}) == len(rows), name  # the key identifies the row
        for key, flags in rows:
            for flag in filter(None, flags.split(";")):
                assert (name, key, flag) in issues
                flagged += 1
    assert flagged == len(issues - document_level)


def test_sources_are_the_documents_byte_for_byte():
    for row in read_published("sources"):
        data = (ROOT / row["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row["sha256"]


def test_the_resources_validated_ahead_are_published_as_they_were_validated():
    """`make data` validates the resources final before the checks ahead of them (pipelines/run.py); the
    validation is reused only for bytes and entries the package publishes unchanged, so these must be."""
    split = next(index + 1 for index, step in enumerate(STEPS) if step.name == FINAL_BEFORE_CHECKS_AFTER)
    values = run_steps(STEPS[:split], inputs(), report=None)
    files = render_resources(final_before_checks(values), values["sources"])
    assert sorted(files) == sorted(["datapackage.json", "sources.csv", "regions.csv", "large_cities.csv",
                                    "concept_indicators.csv", "concept_targets.csv", "concept_actions.csv",
                                    "abbreviations.csv"])
    ahead, published = (json.loads(data) for data in (files.pop("datapackage.json"),
                                                      (PACKAGE / "datapackage.json").read_bytes()))
    entries = {r["name"]: r for r in published["resources"]}
    assert ahead["resources"] == [entries[r["name"]] for r in ahead["resources"]]
    assert {k: v for k, v in ahead.items() if k != "resources"} == \
        {k: v for k, v in published.items() if k != "resources"}
    assert all((PACKAGE / name).read_bytes() == data for name, data in files.items())


def test_frictionless_validates_the_package():
    result = subprocess.run([str(Path(sys.executable).parent / "frictionless"), "validate", "--json",
                             "datapackage.json"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert json.loads(result.stdout)["valid"], result.stdout[-2000:]


def test_a_failed_build_leaves_the_outputs_untouched(tmp_path):
    """Copy the repository's inputs, damage a document, run the pipeline: outputs stay byte-identical."""
    work = tmp_path / "repo"
    for name in ("pipelines", "data"):
        shutil.copytree(ROOT / name, work / name)
    shutil.copy(ROOT / "datapackage.json", work / "datapackage.json")
    before = {p: p.read_bytes() for p in [*work.glob("data/package/*"), work / "datapackage.json"]}
    note = work / "data/sources/004_08b2a54d8bb8e082.txt"
    note.write_text(note.read_text(encoding="utf-8").replace("Жамбыл (445", "Жамбылл (445"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pipelines.run"], cwd=work, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 1
    assert "data/sources/004_08b2a54d8bb8e082.txt:7: expected one of the 20 regions of data/reference/regions.csv" \
        in result.stderr
    assert "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in before} == before
    assert not list(work.glob("data/.tmp*")) and not list(work.glob(".tmp*"))
