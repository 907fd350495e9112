"""`make data`: every step from the documents to a validated data package (pipelines/flow.py), then
publishing (pipelines/publish/outputs.py).

Each step prints one line with its row counts and time. The resources final before the checks are handed
to the validating process as soon as they are known (`validate: ahead`), so that only the others are left
to validate once the package is staged. The package is staged in a folder beside
data/package/, validated there, and only then swapped in whole, so a run that fails at any step, or is
killed at any instant, leaves the previous package exactly as it was; the repository's datapackage.json
and README table are derived from the package after the swap, and again by the next run's first step if
a run stopped before writing them.
"""

from __future__ import annotations

import gc
import shutil
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from pipelines.errors import CheckFailure, SourceFormatError
from pipelines.paths import ROOT
from pipelines.publish.validate import ValidationPool, validate_package

# Run as `python -m pipelines.run`, the validating process is forked before the libraries of the steps
# are imported: it loads Frictionless while this process loads them, and is forked from a process that
# holds no more than it needs (main takes it over).
_FORKED_FIRST = ValidationPool.start() if __name__ == "__main__" else None

import polars as pl  # noqa: E402

from pipelines.flow import (  # noqa: E402
    FINAL_BEFORE_CHECKS_AFTER,
    STEPS,
    final_before_checks,
    inputs_under,
    report_step,
    run_steps,
)
from pipelines.publish import outputs  # noqa: E402
from pipelines.publish.package import Rendered, render_package, render_resources  # noqa: E402

T = TypeVar("T")


def step(name: str, action: Callable[[], T], describe: Callable[[T], str] = lambda _: "") -> T:
    """Run one publishing step and print its line, as the steps of pipelines/flow.py print theirs."""
    started = time.perf_counter()
    result = action()
    report_step(name, describe(result), time.perf_counter() - started)
    return result


def publish(files: dict[str, bytes], root: Path, pool: ValidationPool | None = None) -> None:
    """Stage, validate, swap in, derive the repository's copies (pipelines/publish/outputs.py)."""
    validation = [0.0]

    def validate(folder: Path) -> None:
        started = time.perf_counter()
        step("validate: frictionless", lambda: validate_package(folder, pool),
             lambda _: f"valid ({pool.workers} processes)" if pool else "valid")
        validation[0] = time.perf_counter() - started

    started = time.perf_counter()
    derived = outputs.publish(files, root, validate)
    report_step("publish: swap in", f"{len(files)} files, then {', '.join(derived)}",
                time.perf_counter() - started - validation[0])


def validate_ahead(values: Mapping[str, Any], pool: ValidationPool,
                   root: Path = ROOT) -> tuple[Path | None, Rendered, str]:
    """The resources final before the checks (pipelines/flow.py), rendered as the package will hold them
    into a folder of their own (outputs.ahead_folder: beside the package folder of `root`) and handed to
    the validating process, which validates them while the other steps run here; the folder (to remove
    once the pool is closed), their CSVs with the frames they were rendered from, and what the step's
    line says. Nothing is handed over when anything fails: the staged package is then validated whole,
    and the failure, if it is one, is reported where the build meets it."""
    try:
        frames = final_before_checks(values)
        if not frames or "sources" not in values:
            return None, {}, "none"
        files = render_resources(frames, values["sources"])
    except Exception as error:  # reported by the step that meets it, in the build's order
        return None, {}, f"none ({type(error).__name__})"
    folder = outputs.ahead_folder(root)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    pool.validate_ahead(folder)
    rendered = {name: (frame, files[f"{name}.csv"]) for name, frame in frames.items()}
    return folder, rendered, f"{len(frames)} resources, in the validating process"


def main(root: Path = ROOT) -> int:
    started = time.perf_counter()
    # Started first (when this module was run, before its imports), so that the validating processes get
    # ready while the documents are parsed.
    global _FORKED_FIRST
    pool, _FORKED_FIRST = (_FORKED_FIRST, None) if _FORKED_FIRST is not None else (ValidationPool.start(), None)
    if pool is not None:
        # What the imports made lives until exit: out of the collector's generations, it is not scanned by
        # every collection (the pool unfreezes it when it closes, as it does what it froze itself).
        gc.freeze()
    ahead: Path | None = None
    rendered: Rendered = {}
    try:
        print("Building the data package", flush=True)
        rederived = outputs.settle(root)
        if rederived:
            print(f"  {', '.join(rederived)} derived again from the package in place (a run had stopped before)",
                  flush=True)
        split = next((index + 1 for index, s in enumerate(STEPS) if s.name == FINAL_BEFORE_CHECKS_AFTER), 0)
        values = run_steps(STEPS[:split], inputs_under(root))
        if pool is not None and split:
            started_ahead = time.perf_counter()
            ahead, rendered, detail = validate_ahead(values, pool, root)
            report_step("validate: ahead", detail, time.perf_counter() - started_ahead)
        frames = run_steps(STEPS[split:], values)["resources"]
        files = step("publish: render CSV + JSON", lambda: render_package(frames, rendered),
                     lambda f: f"{len(f)} files")
        publish(files, root, pool)
    except (SourceFormatError, CheckFailure) as error:
        print(f"error: {error}", file=sys.stderr)
        print("The previous data package was left as it was.", file=sys.stderr)
        return 1
    finally:
        if pool is not None:
            pool.close()
        if ahead is not None:  # read by the validating process until it was closed
            shutil.rmtree(ahead, ignore_errors=True)
    total_rows = sum(f.height for f in frames.values())
    flagged = sum(f.filter(pl.col("flags") != "").height for f in frames.values() if "flags" in f.columns)
    print(f"Done in {time.perf_counter() - started:.1f} s: {len(frames)} resources, {total_rows} rows, "
          f"{flagged} flagged rows, {frames['quality_issues'].height} quality issues.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
