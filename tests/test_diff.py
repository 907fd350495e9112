"""`make diff` on a fixture change: a corrected value, a removed row, a new flag, a new field."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from pipelines.diff import diff_packages, render

SCHEMA = {"fields": [{"name": "id", "type": "string"}, {"name": "value", "type": "integer"},
                     {"name": "flags", "type": "string"}], "primaryKey": ["id"]}


def write_package(root: Path, rows: str, schema: dict) -> None:
    (root / "data").mkdir(exist_ok=True)
    (root / "data/things.csv").write_text(rows, encoding="utf-8")
    package = {"resources": [{"name": "things", "path": "data/things.csv", "schema": schema}]}
    (root / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def test_diff_reports_rows_flags_and_schema(tmp_path):
    git(tmp_path, "init", "-q")
    write_package(tmp_path, "id,value,flags\na,1,\nb,2,\nc,3,percent_mismatch\n", SCHEMA)
    git(tmp_path, "add", "-A")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base")
    schema = {**SCHEMA, "fields": [*SCHEMA["fields"], {"name": "note", "type": "string"}]}
    write_package(tmp_path, "id,value,flags,note\na,10,corrected,x\nc,3,,\nd,4,,\n", schema)

    diffs = {d.name: d for d in diff_packages("HEAD", tmp_path)}
    things = diffs["things"]
    assert things.added == ["d"]
    assert things.removed == ["b"]
    assert things.changed == [("a", [("flags", "", "corrected"), ("note", "", "x"), ("value", "1", "10")]),
                              ("c", [("flags", "percent_mismatch", "")])]
    assert things.new_flags == [("a", "corrected")]
    assert things.resolved_flags == [("c", "percent_mismatch")]
    assert things.schema_changes == ["field `note` added"]
    text = render(list(diffs.values()), "HEAD")
    assert "changed `a`: flags: '' → 'corrected'" in text
    assert "| things | 1 | 1 |" in text


def test_no_change_says_so(tmp_path):
    git(tmp_path, "init", "-q")
    write_package(tmp_path, "id,value,flags\na,1,\n", SCHEMA)
    git(tmp_path, "add", "-A")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base")
    assert "No change in any resource." in render(diff_packages("HEAD", tmp_path), "HEAD")
