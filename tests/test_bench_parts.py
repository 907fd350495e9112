"""The benchmark's parts are documented, and the test suite's part reads pytest's results right."""

from __future__ import annotations

import re
from pathlib import Path

from bench import run
from bench.tests import by_module, counts

BENCH_README = Path(run.__file__).with_name("README.md").read_text(encoding="utf-8")


def test_every_part_is_in_the_readme_table_and_the_usage():
    documented = set(re.findall(r"^\| (\w+) \|", BENCH_README, flags=re.M)) - {"part"}
    assert documented == set(run.PARTS)
    assert all(re.search(rf"^  {part} ", run.__doc__, flags=re.M) for part in run.PARTS)


def test_pytest_counts_are_read_from_its_closing_line():
    assert counts("....\n3685 passed in 515.39s (0:08:35)\n") == {"passed": 3685}
    assert counts("== 3 failed, 3680 passed, 2 skipped in 5.00s ==") == {"failed": 3, "passed": 3680, "skipped": 2}
    assert counts("1 passed, 1 error in 0.5s") == {"passed": 1, "error": 1}
    assert counts("make: *** [Makefile:84: test] Error 1") == {}


def test_durations_are_summed_by_module_longest_first():
    durations = {"tests/a.py::t[1]": 1.0, "tests/b.py::t": 2.5, "tests/a.py::t[2]": 2.0, "tests/c.py::u": 0.04}
    assert list(by_module(durations).items()) == [("tests/a.py", 3.0), ("tests/b.py", 2.5), ("tests/c.py", 0.0)]


def test_the_dirty_floor_leaves_the_pages_it_made_newer_as_they_were(tmp_path: Path, monkeypatch):
    # The floor of the pages a rebuild reached makes them newer than the site's output; the floor of
    # none, measured next, must find none newer.
    from bench import site

    page = tmp_path / "site" / "kk" / "index.md"
    page.parent.mkdir(parents=True)
    page.write_text("x", encoding="utf-8")
    (tmp_path / "_site").mkdir()
    before = page.stat().st_mtime_ns
    seen = []
    monkeypatch.setattr(site, "run_with_cpu", lambda command, cwd: seen.append(page.stat().st_mtime_ns) or (0, 0, ""))
    site.mkdocs_alone(tmp_path, dirty_after=["kk/index.md"])
    assert seen[0] > before  # newer while MkDocs ran
    assert page.stat().st_mtime_ns == before
