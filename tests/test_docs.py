"""The documentation covers every resource the package publishes."""

from __future__ import annotations

import csv
import re

from pipelines.paths import ROOT
from pipelines.publish.fields import RESOURCES


def test_readme_lists_every_resource_with_its_row_count():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(\w+)` \| (\d+) \|", readme, re.MULTILINE))
    assert sorted(rows) == sorted(r.name for r in RESOURCES)
    for name, count in rows.items():
        with (ROOT / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            assert sum(1 for _ in csv.DictReader(handle)) == int(count), name


def test_readme_opens_with_the_two_commands():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    commands = [line.split("#")[0].strip() for line in lines[2:6] if line.startswith("make ")]
    assert commands == ["make build", "make test"]
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert "make test" in ci


def test_every_field_is_described():
    for spec in RESOURCES:
        assert spec.description
        for field in spec.fields:
            assert len(field.description) > 10, (spec.name, field.name)
