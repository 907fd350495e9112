"""Replace a whole output folder at once, for the data package (data/package/) and the site (_site/ and
the generated page folders): build beside it, then swap it in by renames.

`swap_in` renames the old folder aside (`<name>.previous`), renames the new one into place and removes
the old one. Both renames are atomic on one file system; a process killed between them leaves the old
folder aside and none in place, which `restore` (the first step of every build) renames back, and which
a reader finds with `settled`. So a reader finds either the complete old folder or the complete new one,
never a mix. A single file (a copy derived from a folder) is replaced by `write_atomic`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

PREVIOUS_SUFFIX = ".previous"
STAGING_PREFIX = ".tmp-staging-"


def previous_of(target: Path) -> Path:
    return target.with_name(target.name + PREVIOUS_SUFFIX)


def staging_beside(target: Path) -> Path:
    """A new empty folder on the same file system as `target`, for building its replacement."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=target.parent))


def swap_in(new: Path, target: Path) -> None:
    """Replace the folder `target` with the folder `new` (see the module docstring)."""
    previous = previous_of(target)
    if previous.exists():
        shutil.rmtree(previous)
    if target.exists():
        os.rename(target, previous)
    try:
        os.rename(new, target)
    except BaseException:
        restore(target)  # an error (not a kill) between the renames: the old folder back at once
        raise
    _fsync(target.parent)
    shutil.rmtree(previous, ignore_errors=True)


def restore(target: Path) -> None:
    """Undo a swap cut short (the old folder aside, none in place) and remove leftover staging folders."""
    previous = previous_of(target)
    if previous.exists():
        if target.exists():
            shutil.rmtree(previous)  # the swap had finished; only the removal was cut short
        else:
            os.rename(previous, target)
    for leftover in target.parent.glob(STAGING_PREFIX + "*"):
        shutil.rmtree(leftover, ignore_errors=True)


def settled(target: Path) -> Path:
    """The folder a reader should read: `target`, or the previous one while a swap is cut short."""
    previous = previous_of(target)
    return previous if not target.exists() and previous.exists() else target


def write_durably(path: Path, data: bytes) -> None:
    """Write a file and flush it to the disk (before the rename that publishes its folder)."""
    with path.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def flush_to_disk(path: Path) -> None:
    """Flush a file already written to the disk."""
    _fsync(path)


@contextlib.contextmanager
def flushing(paths: list[Path]) -> Iterator[None]:
    """Flush the files at `paths` (written, not yet flushed) to the disk in a thread while the block runs;
    leave the block only when all are on the disk. A flush that fails raises its error at the end of the
    block (unless the block raised its own). A dozen flushes take some 50 ms of waiting for the disk, in
    which the thread holds no lock the block needs (os.fsync lets go of the interpreter's)."""
    errors: list[BaseException] = []

    def flush_all() -> None:
        try:
            for path in paths:
                flush_to_disk(path)
        except BaseException as error:  # raised again in the caller's thread
            errors.append(error)

    thread = threading.Thread(target=flush_all, name="flush", daemon=True)
    thread.start()
    try:
        yield
    finally:
        thread.join()
    if errors:
        raise errors[0]


def temporary_of(path: Path) -> Path:
    """Where `write_atomic` writes a file before renaming it over `path` (left behind by a kill)."""
    return path.with_name(f".tmp-write-{path.name}")


def write_atomic(path: Path, data: bytes) -> None:
    """Replace one file: written beside it, then renamed over it."""
    temporary = temporary_of(path)
    write_durably(temporary, data)
    os.replace(temporary, path)
    _fsync(path.parent)


def _fsync(path: Path) -> None:
    """fsync a file or a folder (its entries: a rename in it) by path."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
