"""`make data`: every step from the documents to a validated data package.

Each step prints one line with its row counts and time. Outputs are staged in a temporary folder,
validated there, and only then moved over data/ and datapackage.json under an undo journal, so a run
that fails at any step, or is killed at any instant, leaves the previous outputs exactly as they were
(a commit cut short is rolled back by the next run's first step; see pipelines/publish/package.py).
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import polars as pl

from pipelines.errors import CheckFailure, SourceFormatError
from pipelines.flow import STEPS, inputs_under, report_step, run_steps
from pipelines.paths import ROOT
from pipelines.publish.package import (
    JOURNAL,
    commit,
    recover,
    render_package,
    render_readme,
    stage,
    staged_root,
)
from pipelines.publish.validate import ValidationPool, validate_package

T = TypeVar("T")


def step(name: str, action: Callable[[], T], describe: Callable[[T], str] = lambda _: "") -> T:
    """Run one publishing step and print its line, as the steps of pipelines/flow.py print theirs."""
    started = time.perf_counter()
    result = action()
    report_step(name, describe(result), time.perf_counter() - started)
    return result


def publish(files: dict[str, bytes], root: Path, pool: ValidationPool | None = None) -> None:
    """Stage, validate, then commit; whatever fails, the staging folder is removed and nothing moved."""
    staging = stage(files, root)
    try:
        step("validate: frictionless", lambda: validate_package(staged_root(staging), pool),
             lambda _: f"valid ({pool.workers} processes)" if pool else "valid")
        step("publish: commit", lambda: commit(staging, files, root), lambda _: f"{len(files)} files")
    finally:
        if not (root / JOURNAL).exists():  # else the staging folder holds the backup recovery needs
            shutil.rmtree(staging, ignore_errors=True)


def main(root: Path = ROOT) -> int:
    started = time.perf_counter()
    print("Building the data package", flush=True)
    if recover(root):
        print("  an interrupted commit was rolled back: the previous data package is in place", flush=True)
    # Started first, so that the validating processes get ready while the documents are parsed.
    pool = ValidationPool.start()
    try:
        frames = run_steps(STEPS, inputs_under(root))["resources"]
        files = step("publish: render CSV + JSON", lambda: render_package(frames) | render_readme(frames, root),
                     lambda f: f"{len(f)} files")
        publish(files, root, pool)
    except (SourceFormatError, CheckFailure) as error:
        print(f"error: {error}", file=sys.stderr)
        print("The previous data package was left as it was.", file=sys.stderr)
        return 1
    finally:
        if pool is not None:
            pool.close()
    total_rows = sum(f.height for f in frames.values())
    flagged = sum(f.filter(pl.col("flags") != "").height for f in frames.values() if "flags" in f.columns)
    print(f"Done in {time.perf_counter() - started:.1f} s: {len(frames)} resources, {total_rows} rows, "
          f"{flagged} flagged rows, {frames['quality_issues'].height if 'quality_issues' in frames else 0} "
          "quality issues.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
