"""Failed builds lose nothing: a failure at any step of `make data` or `make site`, an exception or a
killed process, leaves data/*.csv, datapackage.json and _site/ byte for byte as they were.

Each case injects one failure (an exception, or SIGKILL of the build's own process) into one step and
compares checksums of the outputs before and after. A kill in the middle of the commit leaves an undo
journal; the next build's first step rolls it back, so the comparison is made after that next run.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from pipelines import run
from pipelines.errors import CheckFailure
from pipelines.paths import ROOT
from pipelines.publish import package

# Runs `pipelines.run` in a copy of the repository with one function replaced: on its (after + 1)-th
# call it raises, or the process kills itself with SIGKILL (no cleanup, no finally, no atexit).
DRIVER = textwrap.dedent("""
    import dataclasses, os, signal, sys
    import pipelines.publish.package as package
    import pipelines.run as run
    target, after, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    calls = []
    def wrapped(real):
        def wrapper(*args, **kwargs):
            calls.append(1)
            if len(calls) > after:
                if mode == "kill":
                    os.kill(os.getpid(), signal.SIGKILL)
                raise RuntimeError("injected failure in " + target)
            return real(*args, **kwargs)
        return wrapper
    if target.startswith("step:"):  # a step of pipelines/flow.py, by its name
        run.STEPS = tuple(dataclasses.replace(s, run=wrapped(s.run)) if s.name == target[5:] else s
                          for s in run.STEPS)
    else:
        owner_name, _, name = target.rpartition(".")
        owner = {"run": run, "package": package, "package.os": package.os}[owner_name]
        setattr(owner, name, wrapped(getattr(owner, name)))
    sys.exit(run.main())
""")

STALE = "data/retired_resource.csv"


def checksums(root: Path) -> dict[str, str]:
    """SHA-256 of every output: data/*.csv and datapackage.json."""
    files = [*sorted((root / "data").glob("*.csv")), root / "datapackage.json"]
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


@pytest.fixture()
def work(tmp_path: Path) -> Path:
    """A copy of the pipeline and its inputs whose published outputs differ from what a build writes
    (CRLF line ends, plus a resource the new package no longer has), so that any file the failed build
    moved into place, or any stale file it removed, shows in the checksums."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "pipelines", repo / "pipelines", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "data", repo / "data")
    shutil.copy(ROOT / "datapackage.json", repo / "datapackage.json")
    for path in [*(repo / "data").glob("*.csv"), repo / "datapackage.json"]:
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    (repo / STALE).write_text("id\r\n1\r\n", encoding="utf-8")
    return repo


def drive(work: Path, target: str, after: int, mode: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", DRIVER, target, str(after), mode], cwd=work,
                          capture_output=True, text=True, check=False, timeout=120)


def leftovers(work: Path) -> list[str]:
    return sorted(p.name for p in work.iterdir() if p.name.startswith((".tmp", package.JOURNAL)))


# --- Exceptions at each step (in this process): nothing is touched, nothing is left behind ----------

@pytest.mark.parametrize(("target", "error"), [
    ("step:sources: read documents", RuntimeError),      # read the documents
    ("step:extract: national figures", RuntimeError),    # extract
    ("step:normalise: security_coverage", RuntimeError),  # normalise
    ("step:check: flags and issues", CheckFailure),      # check
    ("render_package", RuntimeError),                    # render CSV + JSON
    ("validate_package", CheckFailure),                  # validate the staged package
])
def test_a_failing_step_leaves_the_outputs_untouched(work, monkeypatch, target, error):
    before = checksums(work)

    def fail(*args: object, **kwargs: object) -> None:
        raise error(f"injected failure in {target}")

    if target.startswith("step:"):
        monkeypatch.setattr(run, "STEPS", tuple(replace(s, run=fail) if s.name == target[5:] else s
                                                for s in run.STEPS))
    else:
        monkeypatch.setattr(run, target, fail)
    if error is CheckFailure:
        assert run.main(root=work) == 1
    else:
        with pytest.raises(RuntimeError, match="injected"):
            run.main(root=work)
    assert checksums(work) == before
    assert leftovers(work) == []


def test_an_error_while_moving_files_rolls_back_at_once(work, monkeypatch):
    """A move that fails half-way (disk full, permissions) is undone before the error propagates."""
    before = checksums(work)
    real = os.replace
    calls = []

    def flaky(src: object, dst: object) -> None:
        calls.append(dst)
        if len(calls) == 5:  # the journal, then three files moved
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(package.os, "replace", flaky)
    with pytest.raises(OSError, match="No space"):
        run.main(root=work)
    monkeypatch.setattr(package.os, "replace", real)
    assert checksums(work) == before
    assert leftovers(work) == []


# --- A killed process (SIGKILL, in a subprocess): the next run restores the previous outputs --------

@pytest.mark.parametrize(("target", "after"), [
    ("step:extract: national figures", 0),  # while extracting
    ("run.validate_package", 0),           # the package staged, not validated
    ("package.os.link", 3),                # while hard-linking the backup, before the journal
    ("package.os.replace", 1),             # journal written, nothing moved
    ("package.os.replace", 2),             # one file moved
    ("package.os.replace", 8),             # half the files moved
    ("package._fsync_dir", 1),             # every file moved and the stale one removed, journal not yet deleted
])
def test_a_killed_build_leaves_the_previous_outputs(work, target, after):
    before = checksums(work)
    result = drive(work, target, after, "kill")
    assert result.returncode == -signal.SIGKILL, result.stderr[-2000:]
    interrupted_commit = (work / package.JOURNAL).exists()
    assert interrupted_commit == target.startswith(("package.os.replace", "package._fsync")), leftovers(work)
    if not interrupted_commit:
        assert checksums(work) == before  # nothing was moved at all

    # The next build (here one that fails while reading the documents) first rolls the commit back.
    rerun = drive(work, "step:sources: read documents", 0, "raise")
    assert rerun.returncode == 1 and "injected failure" in rerun.stderr
    assert ("interrupted commit was rolled back" in rerun.stdout) == interrupted_commit
    assert checksums(work) == before
    assert leftovers(work) == []


def test_a_successful_build_replaces_every_output_and_removes_stale_ones(work):
    before = checksums(work)
    result = subprocess.run([sys.executable, "-m", "pipelines.run"], cwd=work, capture_output=True, text=True,
                            check=False, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    after = checksums(work)
    assert STALE not in after and set(after) == set(before) - {STALE}
    assert all(after[name] != before[name] for name in after)  # every file is the new one
    assert leftovers(work) == []
