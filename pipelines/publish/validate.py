"""Validate a staged data package with Frictionless before it replaces the published one.

Frictionless spends most of a validation on its own metadata (copying and re-validating each
resource's descriptor, and re-opening every resource a foreign key points to): about 40 ms per
resource here, in one thread. So `make data` validates in a process it forks when it starts
(`ValidationPool`; pipelines/run.py forks it before it imports the libraries of the steps): while the
main process imports them and parses the documents, that process imports Frictionless
and warms it up on a tiny package's descriptor; when the package is staged, it forks a sibling (one process per
worker, two by default: one per core, at most two) and they validate the resources side by side, each resource with its foreign keys in full, taking the
next one from a shared queue. Elsewhere than on Linux, on one core, or with BILIM_VALIDATION_WORKERS=1,
the package is validated in this process; the report is the same.

The resources whose rows are final before the checks run (the plan's, the reference's, the sources table:
pipelines/flow.py) are validated ahead, in a package of their own, while the main process goes on
(`ValidationPool.validate_ahead`). When the package is staged, each of them is validated again unless,
for all of them, its entry in the staged datapackage.json (its schema, bytes and hash) and the SHA-256 of
its staged file are the very ones validated ahead, and so are the package's own properties: a resource
validated ahead is then the same bytes under the same schema, with the same rows behind its foreign keys,
and its report the same.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import multiprocessing
import os
import struct
import sys
import tempfile
import traceback
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, NamedTuple

from pipelines.errors import CheckFailure

WORKERS_ENV = "BILIM_VALIDATION_WORKERS"
MAX_REPORTED = 20
_TASK = struct.Struct("<I")


def validate_package(folder: Path, pool: ValidationPool | None = None) -> None:
    """Validate folder/datapackage.json and every resource in it; raise CheckFailure listing the errors."""
    problems = pool.validate(folder) if pool is not None else _validate_in_process(str(folder))
    if problems:
        raise CheckFailure("frictionless validation failed:\n  " + "\n  ".join(problems[:MAX_REPORTED]))


def costliest_first(folder: Path, names: list[str]) -> list[str]:
    """Resources by the work their validation takes: their rows, the tables their foreign keys read,
    and a fixed cost for each table opened. Handing out the longest first keeps the workers even."""
    if not names:
        return []
    resources = {r["name"]: r for r in json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))["resources"]}

    def size(name: str) -> int:
        path = folder / str(resources.get(name, {}).get("path", ""))
        return path.stat().st_size if path.is_file() else 0

    def cost(name: str) -> int:
        keys = resources[name].get("schema", {}).get("foreignKeys", [])
        referenced = sum(size(k.get("reference", {}).get("resource") or name) for k in keys)
        return size(name) + referenced + 20_000 * (1 + len(keys))

    return sorted(names, key=cost, reverse=True)


class ValidationPool:
    """A warmed-up validating process, started ahead of the work (see the module docstring)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        # What exists now lives until exit: out of the collector's generations, it is neither scanned
        # by every collection nor copied into the forked process when a collection would touch it.
        gc.freeze()
        context = multiprocessing.get_context("fork")
        self._conn, child_end = context.Pipe()
        self._process = context.Process(target=_serve, args=(child_end, self._conn, workers), name="validate",
                                        daemon=True)
        self._process.start()
        child_end.close()

    @classmethod
    def start(cls) -> ValidationPool | None:
        """A pool sized to the machine, or None where validation runs in this process."""
        # Forking a process that has loaded native libraries is safe on Linux; macOS warns against it.
        if sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
            return None
        wanted = os.environ.get(WORKERS_ENV)
        workers = int(wanted) if wanted else min(2, os.cpu_count() or 1)
        return cls(workers) if workers > 1 else None

    def validate_ahead(self, folder: Path) -> None:
        """Have the resources of the package at `folder` validated now (its descriptor names some of the
        resources), to be reused by `validate` where the staged package holds them unchanged. The folder
        is read until the next call of `validate` or `close` returns."""
        with contextlib.suppress(OSError):  # the process has stopped: `validate` reports it
            self._conn.send(("ahead", str(folder)))

    def validate(self, folder: Path) -> list[str]:
        try:
            self._conn.send(str(folder))
            return self._conn.recv()
        except (EOFError, OSError) as error:
            raise CheckFailure(f"the validating process stopped without a report ({error!r})") from error

    def close(self) -> None:
        with contextlib.suppress(OSError):  # the process may be gone already
            self._conn.send(None)
        self._process.join(timeout=60)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        self._conn.close()
        gc.unfreeze()  # else the frozen objects would miss the interpreter's own clean-up at exit


def _serve(conn: Connection, main_end: Connection, workers: int) -> None:
    """The validating process: warm up, then validate each folder the main process sends."""
    # The main process's end, inherited by the fork, is closed here so that the main process's death
    # (even by SIGKILL) ends this one: its next read then meets the end of the pipe.
    main_end.close()
    _warm_up()
    ahead: Ahead | None = None
    while True:
        try:
            folder = conn.recv()
        except EOFError:  # the main process has gone
            return
        if folder is None:
            return
        if isinstance(folder, tuple):  # ("ahead", folder): no reply; what fails here is validated again
            try:
                ahead = _validate_ahead(folder[1])
            except Exception:  # the staged package is then validated whole
                ahead = None
            continue
        try:
            conn.send(_validate_side_by_side(folder, workers, ahead))
        except Exception:  # reported to the main process, which fails the build
            conn.send(["validation could not run:\n" + traceback.format_exc()])
        ahead = None


class Ahead(NamedTuple):
    """Resources validated ahead: the package's own properties, each resource's entry in the descriptor they
    were validated with and the SHA-256 of its file, and the problems found in each."""

    package: dict
    entries: dict[str, dict]
    digests: dict[str, str]
    problems: dict[str, list[str]]


def _descriptor(folder: str) -> dict:
    return json.loads((Path(folder) / "datapackage.json").read_text(encoding="utf-8"))


def _digests(folder: str, entries: dict[str, dict]) -> dict[str, str]:
    """The SHA-256 of each resource's file (its bytes, whatever its entry states), "" for a file that is
    not there."""
    def digest(entry: dict) -> str:
        path = Path(folder) / str(entry.get("path", ""))
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""

    return {name: digest(entry) for name, entry in entries.items()}


def _validate_ahead(folder: str) -> Ahead | None:
    """Every resource of the package at folder, validated in this process; None if its descriptor does not
    load (the staged package's then reports why)."""
    raw = _descriptor(folder)
    entries = {r["name"]: r for r in raw["resources"]}
    digests = _digests(folder, entries)  # before validating: what was validated is what was digested
    package, _ = _load(folder)
    if package is None:
        return None
    return Ahead({k: v for k, v in raw.items() if k != "resources"}, entries, digests,
                 {resource.name: _validate(package, resource.name) for resource in package.resources})


def _reusable(ahead: Ahead | None, folder: str, raw: dict) -> dict[str, list[str]]:
    """The problems of the resources validated ahead, by name, if the staged package at folder (`raw`, its
    descriptor) holds every one of them with the same entry and the same bytes, and its own properties are
    the same; else none."""
    if ahead is None or ahead.package != {k: v for k, v in raw.items() if k != "resources"}:
        return {}
    staged = {r.get("name"): r for r in raw.get("resources", [])}
    if any(staged.get(name) != entry for name, entry in ahead.entries.items()):
        return {}
    if _digests(folder, ahead.entries) != ahead.digests:
        return {}
    return ahead.problems


def _validate_side_by_side(folder: str, workers: int, ahead: Ahead | None = None) -> list[str]:
    """Every resource of the package, shared among `workers` processes (this one and forked siblings), but
    those validated ahead and unchanged since."""
    package, problems = _load(folder)  # loaded afresh, before forking: every process starts from it
    if package is None:
        return problems
    names = [resource.name for resource in package.resources]
    validated = _reusable(ahead, folder, _descriptor(folder))
    tasks = costliest_first(Path(folder), [name for name in names if name not in validated])
    queue_read, queue_write = os.pipe()
    # Written whole before any process reads (a pipe holds 16 384 task numbers; a package has a dozen).
    os.write(queue_write, b"".join(_TASK.pack(index) for index in range(len(tasks))))
    os.close(queue_write)
    siblings = []
    for _ in range(workers - 1):
        result_read, result_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the sibling: take tasks until the queue is empty, report, and leave at once
            status = 1
            try:
                os.close(result_read)
                with os.fdopen(result_write, "wb") as out:
                    out.write(json.dumps(_take_tasks(queue_read, package, tasks)).encode("utf-8"))
                status = 0
            finally:
                os._exit(status)
        os.close(result_write)
        siblings.append((pid, result_read))
    done = _take_tasks(queue_read, package, tasks)
    for pid, result_read in siblings:
        with os.fdopen(result_read, "rb") as source:
            payload = source.read()
        _, status = os.waitpid(pid, 0)
        if status != 0 or not payload:
            return [f"a validating process failed (wait status {status})"]
        done |= {int(index): found for index, found in json.loads(payload).items()}
    os.close(queue_read)
    if sorted(done) != list(range(len(tasks))):
        return [f"validation ran {len(done)} of the package's {len(tasks)} resources"]
    by_name = {**validated, **{tasks[index]: found for index, found in done.items()}}
    # In the descriptor's order, as a validation in one process reports them.
    return [problem for name in names for problem in by_name[name]]


def _take_tasks(queue: int, package: Any, tasks: list[str]) -> dict[int, list[str]]:
    """Validate the resources whose numbers this process reads from the shared queue (a pipe filled
    before any reader started: each read takes one whole number, so no resource is validated twice)."""
    done = {}
    while chunk := os.read(queue, _TASK.size):
        (index,) = _TASK.unpack(chunk)
        done[index] = _validate(package, tasks[index])
    return done


# --- In the validating processes ---------------------------------------------------------------------

def _load(folder: str) -> tuple[Any, list[str]]:
    """The package at folder, or None and why it does not load. Loading validates the descriptor (as
    Package.validate's metadata check does)."""
    from frictionless import FrictionlessException, Package, system

    with system.use_context(trusted=True):
        try:
            return Package(str(Path(folder) / "datapackage.json")), []
        except FrictionlessException as error:
            return None, [f"datapackage.json: {e.message}" for e in (error.reasons or [error.error])]


def _validate(package: Any, name: str) -> list[str]:
    """Errors in one resource of the package: its bytes, rows, types, constraints, keys and foreign keys."""
    from frictionless import system

    with system.use_context(trusted=True):
        report = package.get_resource(name).validate()
    return [f"{name}: {error.message}" for task in report.tasks for error in task.errors] + [
        f"{name}: {error.message}" for error in report.errors]


def _validate_in_process(folder: str) -> list[str]:
    """The same checks, one resource after another, in this process."""
    package, problems = _load(folder)
    if package is None:
        return problems
    return [problem for resource in package.resources for problem in _validate(package, resource.name)]


def _warm_up() -> None:
    """Load Frictionless' plugins and compile its metadata validators on the descriptor of a two-table
    package with a foreign key, read as `_load` reads the real one, so that loading the package does not
    pay for them (about 100 ms). Validating rows is not warmed up: a first table costs no more than a
    later one, and validating a package here would cost the machine more than it saves."""
    descriptor = {"name": "warm", "resources": [
        {"name": "a", "path": "a.csv", "schema": {
            "fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string"}],
            "primaryKey": ["id"]}},
        {"name": "b", "path": "b.csv", "schema": {
            "fields": [{"name": "id", "type": "integer"}, {"name": "a_id", "type": "integer"},
                       {"name": "value", "type": "number", "constraints": {"minimum": 0}}],
            "primaryKey": ["id"],
            "foreignKeys": [{"fields": ["a_id"], "reference": {"resource": "a", "fields": ["id"]}}]}},
    ]}
    with tempfile.TemporaryDirectory(prefix="bilim-warm-") as folder:
        Path(folder, "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
        package, problems = _load(folder)
    if package is None:
        raise CheckFailure("the Frictionless warm-up package did not load: " + "; ".join(problems))
