"""The published package: fresh, valid, traceable, and safe against failed builds."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines.check.checks import ROW_KEYS
from pipelines.paths import ROOT
from pipelines.publish.fields import RESOURCES
from pipelines.publish.package import render_package
from pipelines.run import build_frames
from pipelines.sources import load_documents
from tests.conftest import read_published


@pytest.fixture(scope="module")
def rendered() -> dict[str, bytes]:
    return render_package(build_frames())


def test_committed_outputs_are_not_stale(rendered):
    stale = [path for path, data in rendered.items() if (ROOT / path).read_bytes() != data]
    assert not stale, f"run `make data` and commit: {stale}"


def test_build_is_deterministic(rendered):
    assert render_package(build_frames()) == rendered


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
    """Each row's key as the checks compute it (ROW_KEYS, from its primary key), read from the published CSV."""
    issues = {(r["resource"], r["row_key"], r["kind"]) for r in read_published("quality_issues")}
    flaggable = {spec.name for spec in RESOURCES if "flags" in spec.field_names}
    document_level = {i for i in issues if i[0] == "sources"}
    assert issues - document_level == {i for i in issues if i[0] in flaggable}
    assert flaggable == set(ROW_KEYS)
    con = duckdb.connect()
    flagged = 0
    for name in sorted(flaggable):
        # Empty cells stay empty strings, as in the frames the checks key.
        rows = con.sql(f"SELECT {ROW_KEYS[name]} AS row_key, flags FROM read_csv('{ROOT / 'data' / name}.csv', "
                       "all_varchar = true, nullstr = '\x01', header = true)").fetchall()
        assert len({key for key, _ in rows}) == len(rows), name  # the key identifies the row
        for key, flags in rows:
            for flag in filter(None, (flags or "").split(";")):
                assert (name, key, flag) in issues
                flagged += 1
    assert flagged == len(issues - document_level)


def test_sources_are_the_documents_byte_for_byte():
    for row in read_published("sources"):
        data = (ROOT / row["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row["sha256"]


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
    before = {p: p.read_bytes() for p in [*work.glob("data/*.csv"), work / "datapackage.json"]}
    note = work / "data/sources/004_08b2a54d8bb8e082.txt"
    note.write_text(note.read_text(encoding="utf-8").replace("Жамбыл (445", "Жамбылл (445"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pipelines.run"], cwd=work, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 1
    assert "data/sources/004_08b2a54d8bb8e082.txt:7: expected one of the 20 regions of data/reference/regions.csv" \
        in result.stderr
    assert "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in before} == before
    assert not list(work.glob(".tmp-package-*"))
