"""The documentation covers every resource the package publishes."""

from __future__ import annotations

import re
import subprocess

from pipelines.flow import STEPS
from pipelines.paths import ROOT
from pipelines.publish.fields import RESOURCES
from pipelines.publish.package import readme_with_counts
from tests.conftest import read_published


def published_counts() -> dict[str, int]:
    return {spec.name: len(read_published(spec.name)) for spec in RESOURCES}


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


def test_the_makefile_runs_from_another_folder(tmp_path):
    """`make -f <clone>/Makefile <goal>` from any folder does what `make <goal>` does in the clone."""
    for goal, says in (("help", "make build"), ("lint", "ruff check")):  # lint needs the clone's files
        result = subprocess.run(["make", "-n", "-f", str(ROOT / "Makefile"), goal], cwd=tmp_path, capture_output=True,
                                text=True, check=False, timeout=60)
        assert result.returncode == 0, result.stdout + result.stderr
        assert says in result.stdout


def test_every_field_is_described():
    for spec in RESOURCES:
        assert spec.description
        for field in spec.fields:
            assert len(field.description) > 10, (spec.name, field.name)


ARCHITECTURE = ROOT / "docs" / "architecture.md"


def test_the_architecture_page_names_every_step_and_module():
    """docs/architecture.md draws the flow a maintainer finds in the code: a step or a module it does not
    name is one the next maintainer cannot place."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    missing = [f"step {step.name!r}" for step in STEPS if f"`{step.name}`" not in text]
    for path in sorted((ROOT / "pipelines").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if path.name != "__init__.py" and relative not in text and f"`{path.name}`" not in text:
            missing.append(relative)
    assert missing == []
