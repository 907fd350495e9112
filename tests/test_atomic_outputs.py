"""Failed builds lose nothing: a failure at any step of `make data`, an exception or a killed process,
leaves the package folder (data/package/) and the repository's copies derived from it (datapackage.json,
README.md's table) as they were, or — killed after the new folder is in place — the new package, whose
copies the next run derives first.

Each case injects one failure (an exception, or SIGKILL of the build's own process) into one step and
compares checksums of the outputs before and after; after a kill, the comparison is made after the next
run, which puts a folder left aside back and derives the copies again before anything else.
(_site/ is swapped the same way: tests/site/test_site_atomic.py.)
"""

from __future__ import annotations

import hashlib
import shutil
import signal
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from pipelines import atomic, run
from pipelines.errors import CheckFailure
from pipelines.paths import ROOT
from pipelines.publish import outputs
from pipelines.version import VERSION

# Runs `pipelines.run` in a copy of the repository with one function replaced: on its (after + 1)-th
# call in the build's own process it raises, or the process kills itself with SIGKILL (no cleanup, no
# finally, no atexit). A target is "step:<name>" (a step of pipelines/flow.py) or module.function.
DRIVER = textwrap.dedent("""
    import dataclasses, os, signal, sys
    import pipelines.atomic as atomic
    import pipelines.run as run
    target, after, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    main_process, calls = os.getpid(), []
    def wrapped(real):
        def wrapper(*args, **kwargs):
            if os.getpid() == main_process:
                calls.append(1)
                if len(calls) > after:
                    if mode == "kill":
                        os.kill(os.getpid(), signal.SIGKILL)
                    raise RuntimeError("injected failure in " + target)
            return real(*args, **kwargs)
        return wrapper
    if target.startswith("step:"):
        run.STEPS = tuple(dataclasses.replace(s, run=wrapped(s.run)) if s.name == target[5:] else s
                          for s in run.STEPS)
    else:
        owner_name, _, name = target.rpartition(".")
        owner = {"run": run, "atomic": atomic, "atomic.os": atomic.os}[owner_name]
        setattr(owner, name, wrapped(getattr(owner, name)))
    sys.exit(run.main())
""")

STALE = "data/package/retired_resource.csv"


def checksums(root: Path) -> dict[str, str]:
    """SHA-256 of every output: the package folder's files, datapackage.json and README.md."""
    files = [*sorted((root / "data" / "package").glob("*")), root / "datapackage.json", root / "README.md"]
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def copy_repository(target: Path) -> Path:
    """A copy of the pipeline and its inputs whose published package differs from what a build writes
    (CRLF line ends, an older version, one row fewer, a resource the new package no longer has), with the
    repository's copies derived from it, so that any file a failed build put in place, or any stale file
    it removed, shows in the checksums."""
    shutil.copytree(ROOT / "pipelines", target / "pipelines", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "data", target / "data")
    shutil.copy(ROOT / "README.md", target / "README.md")
    folder = outputs.package_dir(target)
    for path in folder.glob("*.csv"):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    abbreviations = folder / "abbreviations.csv"
    abbreviations.write_bytes(abbreviations.read_bytes().rsplit(b"\r\n", 2)[0] + b"\r\n")
    descriptor = folder / "datapackage.json"
    descriptor.write_text(descriptor.read_text(encoding="utf-8").replace(f'"version": "{VERSION}"',
                                                                         '"version": "0.9.0"'), encoding="utf-8")
    (target / STALE).write_text("id\r\n1\r\n", encoding="utf-8")
    for relative, data in outputs.derived_files(target, outputs.package_files(folder)).items():
        (target / relative).write_bytes(data)
    return target


@pytest.fixture()
def work(tmp_path: Path) -> Path:
    return copy_repository(tmp_path / "repo")


@pytest.fixture(scope="module")
def new(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The outputs a successful build writes in such a copy."""
    repo = copy_repository(tmp_path_factory.mktemp("new") / "repo")
    result = subprocess.run([sys.executable, "-m", "pipelines.run"], cwd=repo, capture_output=True, text=True,
                            check=False, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return checksums(repo)


def drive(work: Path, target: str, after: int, mode: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", DRIVER, target, str(after), mode], cwd=work,
                          capture_output=True, text=True, check=False, timeout=120)


def leftovers(work: Path) -> list[str]:
    """Staging folders, half-written files, folders set aside and the folder of the resources validated
    ahead, wherever a build puts them."""
    return sorted(p.relative_to(work).as_posix() for folder in (work, work / "data") for p in folder.iterdir()
                  if p.name.startswith(".tmp") or p.name.endswith(atomic.PREVIOUS_SUFFIX))


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


def test_an_error_between_the_two_renames_puts_the_old_package_back_at_once(work, monkeypatch):
    """The new folder cannot be renamed into place (disk full, permissions): the old one is back before
    the error propagates."""
    before = checksums(work)
    real, calls = atomic.os.rename, []

    def flaky(src: object, dst: object) -> None:
        calls.append(dst)
        if len(calls) == 2:  # the old folder set aside; now the new one into place
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(atomic.os, "rename", flaky)
    with pytest.raises(OSError, match="No space"):
        run.main(root=work)
    monkeypatch.setattr(atomic.os, "rename", real)
    # Set aside, the failed rename into place, and the old folder renamed back.
    assert [Path(dst).name for dst in calls] == ["package.previous", "package", "package"]
    assert checksums(work) == before
    assert leftovers(work) == []


# --- A killed process (SIGKILL, in a subprocess): the next run restores the package or derives anew --

@pytest.mark.parametrize(("target", "after", "outcome"), [
    ("step:extract: national figures", 0, "before"),  # while extracting
    ("run.validate_package", 0, "before"),            # the package staged, not validated
    ("atomic.flush_to_disk", 3, "before"),            # the package staged, three of its files flushed
    ("atomic.os.rename", 0, "before"),                # validated, nothing renamed
    ("atomic.os.rename", 1, "set aside"),             # the old folder set aside, the new one not in place
    ("atomic.write_atomic", 0, "new"),                # the new folder in place, no copy derived yet
    ("atomic.os.replace", 0, "new"),                  # the repository's datapackage.json half-written
])
def test_a_killed_build_leaves_a_whole_package(work, new, target, after, outcome):
    before = checksums(work)
    result = drive(work, target, after, "kill")
    assert result.returncode == -signal.SIGKILL, result.stderr[-2000:]
    set_aside = not (work / "data/package").exists()
    assert set_aside == (outcome == "set aside"), leftovers(work)
    if outcome == "before":
        assert checksums(work) == before  # nothing was moved at all

    # The next build (here one that fails while reading the documents) first settles the outputs.
    rerun = drive(work, "step:sources: read documents", 0, "raise")
    assert rerun.returncode == 1 and "injected failure" in rerun.stderr
    assert ("derived again" in rerun.stdout) == (outcome == "new"), rerun.stdout
    assert checksums(work) == (new if outcome == "new" else before)
    assert leftovers(work) == []


def test_a_successful_build_replaces_every_output_and_removes_stale_ones(work, new):
    before = checksums(work)
    result = subprocess.run([sys.executable, "-m", "pipelines.run"], cwd=work, capture_output=True, text=True,
                            check=False, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    after = checksums(work)
    assert STALE not in after and set(after) == set(before) - {STALE}
    assert all(after[name] != before[name] for name in after)  # every file is the new one
    assert after == new
    assert leftovers(work) == []
