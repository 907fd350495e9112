"""Validate a staged data package with Frictionless before it replaces the published one."""

from __future__ import annotations

from pathlib import Path

from frictionless import Package, system

from pipelines.errors import CheckFailure


def validate_package(folder: Path) -> None:
    with system.use_context(trusted=True):
        report = Package(str(folder / "datapackage.json")).validate()
    if not report.valid:
        problems = [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors][:20]
        problems += [error.message for error in report.errors][:5]
        raise CheckFailure("frictionless validation failed:\n  " + "\n  ".join(problems))
