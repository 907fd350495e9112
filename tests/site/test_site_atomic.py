"""A failed site build leaves _site/ as it was: a failing MkDocs build, MkDocs killed mid-build, and the
build process killed between the two renames that swap the new site in."""

from __future__ import annotations

import hashlib
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pipelines import atomic
from sitegen.build import run_mkdocs

ROOT = Path(__file__).resolve().parents[2]


def checksums(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A small MkDocs project and a previously built site of it (_site/ with its own files)."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n\n[Other](other.md)\n", encoding="utf-8")
    (tmp_path / "docs" / "other.md").write_text("# Other\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\nstrict: true\ntheme: mkdocs\n", encoding="utf-8")
    site = tmp_path / "_site"
    (site / "old").mkdir(parents=True)
    (site / "index.html").write_text("<!doctype html><title>previous build</title>\n", encoding="utf-8")
    (site / "old" / "index.html").write_text("<!doctype html><title>a page since removed</title>\n", encoding="utf-8")
    return tmp_path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".tmp") or p.name.endswith(".previous"))


def test_a_successful_build_replaces_the_site(project):
    run_mkdocs("0", project / "_site", project / "mkdocs.yml")
    site = project / "_site"
    assert (site / "other" / "index.html").exists() and not (site / "old").exists()
    assert "previous build" not in (site / "index.html").read_text(encoding="utf-8")
    assert leftovers(project) == []


def test_a_failing_mkdocs_build_leaves_the_site_untouched(project):
    # A broken page: in strict mode a link to a missing page fails the build (after pages were written).
    (project / "docs" / "broken.md").write_text("# Broken\n\n[Nowhere](missing.md)\n", encoding="utf-8")
    before = checksums(project / "_site")
    with pytest.raises(subprocess.CalledProcessError):
        run_mkdocs("0", project / "_site", project / "mkdocs.yml")
    assert checksums(project / "_site") == before
    assert leftovers(project) == []


def test_mkdocs_killed_mid_build_leaves_the_site_untouched(project):
    (project / "kill.py").write_text(textwrap.dedent("""
        import os, signal
        def on_post_page(output, page, config):
            os.kill(os.getpid(), signal.SIGKILL)
    """), encoding="utf-8")
    (project / "mkdocs.yml").write_text("site_name: Test\nstrict: true\ntheme: mkdocs\nhooks:\n  - kill.py\n",
                                        encoding="utf-8")
    before = checksums(project / "_site")
    with pytest.raises(subprocess.CalledProcessError) as error:
        run_mkdocs("0", project / "_site", project / "mkdocs.yml")
    assert error.value.returncode == -signal.SIGKILL
    assert checksums(project / "_site") == before
    assert leftovers(project) == []


# The build process itself killed with SIGKILL on the n-th folder rename of the swap.
KILL_ON_RENAME = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from pipelines import atomic
    from sitegen.build import run_mkdocs
    real, calls = atomic.os.rename, []
    def rename(src, dst):
        calls.append(1)
        if len(calls) == int(sys.argv[2]):
            os.kill(os.getpid(), signal.SIGKILL)
        real(src, dst)
    atomic.os.rename = rename
    project = Path(sys.argv[1])
    run_mkdocs("0", project / "_site", project / "mkdocs.yml")
""")


@pytest.mark.parametrize("rename", [1, 2])  # before the old site is moved aside; between the two renames
def test_a_build_killed_while_swapping_leaves_the_site_or_restores_it(project, rename):
    before = checksums(project / "_site")
    result = subprocess.run([sys.executable, "-c", KILL_ON_RENAME, str(project), str(rename)], cwd=ROOT,
                            capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == -signal.SIGKILL, result.stderr[-2000:]
    if rename == 2:
        assert not (project / "_site").exists() and (project / "_site.previous").exists()
    atomic.restore(project / "_site")  # what the next build does first
    assert checksums(project / "_site") == before
    assert leftovers(project) == []
