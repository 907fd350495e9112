from __future__ import annotations

import ast
import contextlib
import csv
import fcntl
import functools
import json
import os
import shutil
import threading
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


def declared_in_words(deadline: str) -> bool:
    """Whether a deadline is outside the deadline grammar: one the plan declares in words, which the
    translation tables translate (the others are written by rule, pipelines/language/deadlines.py)."""
    from pipelines.extract.plan_deadlines import deadline_parts

    try:
        deadline_parts(deadline)
    except ValueError:
        return True
    return False


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


# How long each test took in the last run (setup, call and teardown), kept in pytest's cache folder by
# the process that prints the results: the order of the next run (order_for_workers) starts the longest
# first, so that no worker is left with a long test at the end while the others have finished.
DURATIONS = "bilim-data/durations"
# Below this a test (or a module run on one worker) is filler: run last, it evens out the workers.
FILLER_S = 1.0
_DURATIONS: dict[str, float] = {}


def last_durations(config: pytest.Config) -> dict[str, float]:
    cache = getattr(config, "cache", None)  # None with -p no:cacheprovider
    stored = cache.get(DURATIONS, {}) if cache is not None else {}
    return stored if isinstance(stored, dict) else {}


def order_for_workers(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The order every worker collects (pytest-xdist needs it to be the same in each): the tests that do
    not need the built site (tests/site/conftest.py's `site_dir`) first, while the site is built in a
    thread (so no worker waits for it idle), then those that need it. Each part runs its longest tests
    first, by their durations in the last run: the modules by their sum, and within a module its tests
    (a module that builds something for all its tests runs on one worker: see `builds_for_its_tests`);
    the short ones that do not need the site (under FILLER_S each) run last of all, where they even out
    the workers' ends; a test without a duration (new or renamed since) counts as the longest. Without
    durations (the first run, or without pytest's cache), the ones driving the browser (the longest)
    come first. The first test to ask for the site waits for that build (or builds it, when the
    thread's build failed, and fails with its traceback)."""
    durations = last_durations(config)
    root = config.rootpath
    # A test the last run did not have (new, or renamed) may be long: it counts as the longest test, so
    # that it starts early rather than last, where it would keep its worker busy after the others.
    unknown = max(durations.values(), default=0.0)

    def unit(item: pytest.Item) -> str:
        return work_unit(root, item.nodeid)

    weight: dict[str, float] = {}
    for item in items:
        weight[unit(item)] = weight.get(unit(item), 0.0) + durations.get(item.nodeid, unknown)
    # A module run on one worker runs where its first test is: with the site's tests, if any needs it.
    needing_units = {unit(item) for item in items if "site_dir" in getattr(item, "fixturenames", ())}
    needs = {item for item in items if unit(item) in needing_units}

    module_weight: dict[str, float] = {}
    for item in items:
        module = item.nodeid.split("::", 1)[0]
        module_weight[module] = module_weight.get(module, 0.0) + durations.get(item.nodeid, unknown)

    def key(item: pytest.Item) -> tuple:
        if not durations:
            return (item in needs, item in needs and "browser" not in item.fixturenames)
        filler = item not in needs and weight[unit(item)] < FILLER_S
        # A module's tests stay together (its module-scoped fixtures, a second browser, are made once).
        module = item.nodeid.split("::", 1)[0]
        return (filler, item in needs, -module_weight[module], module, -weight[unit(item)])

    items.sort(key=key)  # stable: otherwise as collected (a module's tests stay together)
    if not needs or os.environ.get("SITE_DIR"):
        return
    from tests.site.conftest import build_site

    factory = config._tmp_path_factory  # type: ignore[attr-defined]  # pytest's own, as tmp_path_factory
    factory.getbasetemp()  # made here, not by two threads at once

    def build() -> None:
        with contextlib.suppress(Exception):
            shared_folder(factory, "site", build_site)

    threading.Thread(target=build, name="site build", daemon=True).start()


@pytest.hookimpl(trylast=True)  # after -k and -m have deselected what does not run
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    order_for_workers(config, items)


def work_unit(root: Path, nodeid: str) -> str:
    """What runs on one worker with this test: the checks of a language that read the shared visit of its
    pages (`shares_a_visit`), so that one worker visits them and the others never wait for it; a
    module's tests when it builds something for all of them (`builds_for_its_tests`); else the test."""
    module, _, name = nodeid.partition("::")
    function, _, param = name.partition("[")
    if param and function in shares_a_visit(root / module):
        return f"swept[{param}"
    return module if builds_for_its_tests(root / module) else nodeid


@functools.cache
def shares_a_visit(module: Path) -> frozenset[str]:
    """The test functions of a module that read the shared visit of every page of a language (the
    `swept` fixture, tests/site/sweep.py), by their arguments (read from its source)."""
    try:
        tree = ast.parse(module.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return frozenset()
    return frozenset(node.name for node in tree.body if isinstance(node, ast.FunctionDef)
                     and "swept" in [a.arg for a in node.args.args])


@functools.cache
def builds_for_its_tests(module: Path) -> bool:
    """Whether a test module defines a module- or session-scoped fixture of its own, other than one
    wrapping the worker's browser: something it builds once for its tests (read from its source)."""
    try:
        tree = ast.parse(module.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return False
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef):
            continue
        for decorator in node.decorator_list:
            scope = next((k.value.value for k in getattr(decorator, "keywords", ())
                          if k.arg == "scope" and isinstance(k.value, ast.Constant)), None)
            if scope in ("module", "session") and "browser" not in [a.arg for a in node.args.args]:
                return True
    return False


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object | None:
    """`--dist loadgroup` (make test): each test goes to whichever worker is free, except that the tests
    of a module that builds something for all of them (`builds_for_its_tests`) go to one worker, so it
    is built once, and so do the checks of one language that read the shared visit of its pages
    (`work_unit`); in the order the workers collected (`order_for_workers`). The groups are decided
    here, on the controller, from the modules' sources: pytest-xdist's own way (a suffix it writes
    into the node ids of tests marked `xdist_group`) has no effect from pytest 9.2 on."""
    if config.getoption("dist", "no") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    root = config.rootpath

    class ModuleFixtureScheduling(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            scope = super()._split_scope(nodeid)
            if scope != nodeid:  # an xdist_group of its own
                return scope
            return work_unit(root, nodeid)

    config.option.loadscopereorder = False  # the collected order (see order_for_workers)
    return ModuleFixtureScheduling(config, log)


# The mutation suite (tests/test_mutations.py) records each case's outcome as a user property; the
# reports reach this process with or without pytest-xdist, and the table is printed once at the end.
_MUTATION_OUTCOMES: list[tuple[str, str, str]] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    _DURATIONS[report.nodeid] = _DURATIONS.get(report.nodeid, 0.0) + report.duration
    if report.when == "call":
        _MUTATION_OUTCOMES.extend(tuple(value.split("|")) for name, value in report.user_properties
                                  if name == "mutation")


def pytest_sessionfinish(session: pytest.Session) -> None:
    cache = getattr(session.config, "cache", None)
    if cache is None or hasattr(session.config, "workerinput") or not _DURATIONS:
        return  # a pytest-xdist worker: its reports reach the process that prints the results
    cache.set(DURATIONS, {**last_durations(session.config), **{k: round(v, 2) for k, v in _DURATIONS.items()}})


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _MUTATION_OUTCOMES:
        return
    from tests.mutations import summary

    terminalreporter.section(f"mutation suite: {len(_MUTATION_OUTCOMES)} cases")
    for line in summary(_MUTATION_OUTCOMES):
        terminalreporter.write_line(line)
