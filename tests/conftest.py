from __future__ import annotations

import csv
import fcntl
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from pipelines.paths import PACKAGE, ROOT
from pipelines.reference import load_alias_table, load_reference
from pipelines.sources import Document, load_documents

NOTE_ID = "004_08b2a54d8bb8e082"


@pytest.fixture(scope="session")
def documents() -> dict[str, Document]:
    return load_documents()


@pytest.fixture(scope="session")
def note(documents) -> Document:
    return documents[NOTE_ID]


@pytest.fixture(scope="session")
def aliases():
    return load_alias_table()


@pytest.fixture(scope="session")
def reference():
    return load_reference()


def published_path(name: str, folder: Path = PACKAGE) -> Path:
    """Where the published package keeps a resource: the path its datapackage.json gives."""
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    return folder / next(r["path"] for r in descriptor["resources"] if r["name"] == name)


def read_published(name: str, folder: Path = PACKAGE) -> list[dict[str, str]]:
    """The rows of a published resource, as text (the package's CSV read as analysts read it)."""
    with published_path(name, folder).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def damaged(doc: Document, line: int, old: str, new: str) -> Document:
    """A copy of `doc` with one replacement on one line (the line must contain `old`)."""
    lines = list(doc.lines)
    assert old in lines[line - 1], f"{old!r} not on line {line}"
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return replace(doc, lines=tuple(lines), sha256="damaged")


def without_line(doc: Document, line: int) -> Document:
    lines = list(doc.lines)
    lines[line - 1] = ""
    return replace(doc, lines=tuple(lines), sha256="damaged")


@pytest.fixture()
def root_path() -> Path:
    return ROOT


def shared_folder(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """A folder made once per test run by `make(folder)`, whichever process asks first: with pytest-xdist,
    the other workers wait for it (a lock beside it) and use the same folder. A `make` that fails leaves
    no folder, and the next caller tries again (and fails the same way, with its own traceback)."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # shared by every worker of this run
    folder = base / f"shared-{name}"
    with (base / f"shared-{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (base / f"shared-{name}.done").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            try:
                make(folder)
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)
                raise
            (base / f"shared-{name}.done").touch()
    return folder


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under pytest-xdist's `--dist loadgroup` (make test): the tests that use something their module
    builds for all of them (a module- or session-scoped fixture of the module's own, other than one
    wrapping the worker's browser) run on one worker, so that it is built once; every other test goes
    to whichever worker is free. Runs before xdist reads the groups from the marks."""
    if not getattr(config.option, "loadgroup", False):  # set on the workers (where collection runs)
        return
    for item in items:
        module = item.nodeid.split("::")[0]
        info = getattr(item, "_fixtureinfo", None)
        definitions = [d for defs in (info.name2fixturedefs.values() if info else ()) for d in defs]
        if any(d.baseid == module and d.scope in ("module", "session") and "browser" not in d.argnames
               for d in definitions):
            item.add_marker(pytest.mark.xdist_group(module))


# The mutation suite (tests/test_mutations.py) records each case's outcome as a user property; the
# reports reach this process with or without pytest-xdist, and the table is printed once at the end.
_MUTATION_OUTCOMES: list[tuple[str, str, str]] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call":
        _MUTATION_OUTCOMES.extend(tuple(value.split("|")) for name, value in report.user_properties
                                  if name == "mutation")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _MUTATION_OUTCOMES:
        return
    from tests.mutations import summary

    terminalreporter.section(f"mutation suite: {len(_MUTATION_OUTCOMES)} cases")
    for line in summary(_MUTATION_OUTCOMES):
        terminalreporter.write_line(line)
