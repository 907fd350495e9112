"""Publish the package: its folder is staged, validated and swapped in whole, and the repository's copies
derived from it are rewritten after.

    1. stage    every file of the package is written into a new folder beside data/package/ and
                validated there, while a thread flushes the files to the disk (pipelines/atomic.py);
    2. swap     it replaces data/package/ by two renames: a reader finds the old package or the new one,
                whole, never a mix;
    3. derive   datapackage.json at the repository's top level (the package's own, its paths re-based
                onto the repository root) and the table of resources in README.md are rewritten from the
                package now in place.

A run killed before 2 leaves the old package as it was; between the two renames, the old folder aside,
which any reader finds (atomic.settled) and the next run puts back (`settle`); after 2, the new package
with derived copies of the old one, which the next run's first step derives again, before it reads a
document. Nothing else is kept to undo a run.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from pipelines import atomic
from pipelines.paths import DATAPACKAGE, PACKAGE, ROOT
from pipelines.publish.package import (
    DESCRIPTOR,
    README,
    json_bytes,
    readme_with_counts,
    repository_descriptor,
)


def package_dir(root: Path) -> Path:
    """The package folder of the repository at `root`."""
    return root / PACKAGE.relative_to(ROOT)


def package_files(folder: Path) -> dict[str, bytes]:
    """The files of a package folder, by name."""
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


def _rows(data: bytes) -> int:
    """The records of a CSV after its header, blank lines not counted (as csv.DictReader reads them)."""
    # Decoded as it is read, not held again whole as text; counted as lists, without a dict for each row.
    reader = csv.reader(io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline="\n"))
    next(reader, None)  # the header
    return sum(1 for row in reader if row)


def derived_files(root: Path, files: dict[str, bytes]) -> dict[str, bytes]:
    """The repository's files derived from the package's `files`, by path relative to `root`: its
    datapackage.json, and README.md with the rows of each resource (when it has a README)."""
    package = json.loads(files[DESCRIPTOR])
    out = {DATAPACKAGE.relative_to(ROOT).as_posix(): json_bytes(repository_descriptor(package))}
    readme = root / README
    if readme.exists():
        counts = {r["name"]: _rows(files[r["path"]]) for r in package["resources"]}
        out[README] = readme_with_counts(readme.read_text(encoding="utf-8"), counts).encode("utf-8")
    return out


def derive(root: Path, derived: dict[str, bytes]) -> list[str]:
    """Write the derived files that differ from those in place (each replaced whole); the names written."""
    written = []
    for relative, data in derived.items():
        path = root / relative
        atomic.temporary_of(path).unlink(missing_ok=True)  # a write a killed run left half-done
        if not path.exists() or path.read_bytes() != data:
            atomic.write_atomic(path, data)
            written.append(relative)
    return written


# How the name of the folder begins in which a run hands the resources final before the checks to the
# validating process (pipelines/run.py, validate_ahead). It is beside the package folder, not in the
# system's temporary folder: the next run removes there what a killed run left (`settle`).
AHEAD_PREFIX = ".tmp-ahead-"


def ahead_folder(root: Path) -> Path:
    """A new empty folder beside the package folder, for the resources validated ahead."""
    parent = package_dir(root).parent
    parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=AHEAD_PREFIX, dir=parent))


def settle(root: Path) -> list[str]:
    """A run's first step: the package folder put back if a swap was cut short, the folders a killed
    run left removed, and the repository's copies derived from the package again if a run stopped before
    writing them. The names rewritten."""
    folder = package_dir(root)
    atomic.restore(folder)
    for leftover in folder.parent.glob(AHEAD_PREFIX + "*"):
        shutil.rmtree(leftover, ignore_errors=True)
    if not (folder / DESCRIPTOR).exists():
        return []
    return derive(root, derived_files(root, package_files(folder)))


def publish(files: dict[str, bytes], root: Path, validate: Callable[[Path], None]) -> dict[str, bytes]:
    """Stage `files` (the package folder's, by name), validate the staged folder with `validate`, swap it in
    and derive the repository's copies (see the module docstring); whatever fails before the swap, the
    staged folder is removed and nothing published changes. Returns the derived files."""
    folder = package_dir(root)
    atomic.restore(folder)
    staging = atomic.staging_beside(folder)
    try:
        for name, data in files.items():
            (staging / name).write_bytes(data)
        # Flushed to the disk while they are validated: the swap renames only files that are on it.
        with atomic.flushing([staging / name for name in files]):
            validate(staging)
        derived = derived_files(root, files)  # before the swap: a README without its markers stops here
        atomic.swap_in(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    derive(root, derived)
    return derived
