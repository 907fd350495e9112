"""The documentation covers every resource the package publishes."""

from __future__ import annotations

import csv
import re

from pipelines.paths import ROOT
from pipelines.publish.fields import RESOURCES
from pipelines.publish.package import readme_with_counts


def published_counts() -> dict[str, int]:
    counts = {}
    for spec in RESOURCES:
        with (ROOT / "data" / f"{spec.name}.csv").open(encoding="utf-8", newline="") as handle:
            counts[spec.name] = sum(1 for _ in csv.DictReader(handle))
    return counts


def test_readme_lists_every_resource_with_its_row_count():
    """The table between the README's markers is what `make data` writes from the published package."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(\w+)` \| (\d+) \|", readme, re.MULTILINE))
    assert list(rows) == [r.name for r in RESOURCES]
    assert readme == readme_with_counts(readme, published_counts()), (
        "README.md's resource table is stale: `make data` rewrites it (between its markers) from the package")


def test_the_readme_table_is_regenerated_from_counts():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    counts = {**published_counts(), "sources": 123456}
    again = readme_with_counts(readme, counts)
    assert "| `sources` | 123456 | the documents, with title" in again
    assert again.replace("123456", str(published_counts()["sources"]), 1) == readme


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
