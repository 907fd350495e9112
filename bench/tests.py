"""Part 7: `make test` itself, timed once, with the machine's CPU over the run.

The budget is four minutes on a 2-core machine once installed. A run of the suite takes minutes, so
it is timed once, not five times; its CPU (every process on the machine, read from /proc/stat, since
the browsers the tests start are not their children) over the number of cores is the shortest wall
time any scheduling of the same work could reach: the report gives both, so that a slow run can be
told apart from a suite that is too heavy for the machine.

The run is `make test` in the working tree, as a maintainer runs it, with pytest's cache in a
temporary folder seeded from the working tree's (.pytest_cache): the tests start in the order of their
durations in the maintainer's last run when there was one, and this run's durations, summed by
module, say where the time went without changing the maintainer's cache.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import ROOT, Figure, child_env
from tests.conftest import DURATIONS as CACHE_KEY

BUDGET_S = 240.0  # on a 2-core machine
# Where tests/conftest.py keeps the last run's durations, inside pytest's cache folder.
DURATIONS = Path("v") / CACHE_KEY
SUMMARY = re.compile(r"^=*\s*(?P<counts>(?:\d+ \w+(?:, )?)+) in (?P<seconds>[\d.]+)s")
SHOWN_MODULES = 12


def machine_cpu_s() -> float | None:
    """User, nice and system time of every core since boot, in seconds (None where /proc/stat is not)."""
    try:
        fields = Path("/proc/stat").read_text(encoding="ascii").splitlines()[0].split()[1:]
    except OSError:
        return None
    return sum(int(f) for f in fields[:3]) / os.sysconf("SC_CLK_TCK")


def by_module(durations: dict[str, float]) -> dict[str, float]:
    """The run's test durations (setup, call and teardown, in s) summed by test module, longest first."""
    sums: dict[str, float] = {}
    for nodeid, seconds in durations.items():
        module = nodeid.split("::", 1)[0]
        sums[module] = sums.get(module, 0.0) + seconds
    return {m: round(s, 1) for m, s in sorted(sums.items(), key=lambda kv: -kv[1])}


def counts(output: str) -> dict[str, int]:
    """pytest's closing counts ({"passed": 3685, "skipped": 2}) from its output; {} when absent."""
    for line in reversed(output.splitlines()):
        found = SUMMARY.match(line.strip())
        if found:
            return {name: int(n) for n, name in (c.split(" ", 1) for c in found["counts"].split(", "))}
    return {}


def measure(runs: int, log: Callable[[str], None]) -> list[Figure]:
    """One timed `make test` (`runs` is not used: see the module's docstring). Raises RuntimeError with
    the run's output when a test fails or errs, and when a test is skipped (a tool missing: the time
    would not be the suite's)."""
    cache = Path(tempfile.mkdtemp(prefix="bilim-bench-tests-"))
    try:
        seeded = (ROOT / ".pytest_cache" / DURATIONS).exists()
        if seeded:
            (cache / DURATIONS).parent.mkdir(parents=True)
            shutil.copy(ROOT / ".pytest_cache" / DURATIONS, cache / DURATIONS)
        env = child_env(PYTEST_ADDOPTS=f"-o cache_dir={cache}")
        log(f"make test (one run; ordered by the last run's durations: {'yes' if seeded else 'no'})")
        cpu_before, started = machine_cpu_s(), time.perf_counter()
        result = subprocess.run(["make", "--no-print-directory", "test"], cwd=ROOT, env=env, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
        wall = time.perf_counter() - started
        cpu_after = machine_cpu_s()
        found = counts(result.stdout)
        if result.returncode != 0 or set(found) - {"passed"}:
            raise RuntimeError(f"make test did not pass every test ({result.returncode}, {found}):\n"
                               f"{result.stdout[-4000:]}")
        durations = json.loads((cache / DURATIONS).read_text(encoding="utf-8"))
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    cores = os.cpu_count() or 1
    cpu = None if cpu_before is None or cpu_after is None else round(cpu_after - cpu_before, 1)
    modules = by_module(durations)
    return [Figure(
        key="tests.wall", label=f"tests: make test, once installed ({cores} cores, one run)", median=wall,
        unit="s", runs=[wall], budget="≤ 240 s on 2 cores", value=wall, limit=BUDGET_S,
        details={
            "tests": found.get("passed", 0), "cores": cores, "ordered_by_last_durations": seeded,
            "machine_cpu_s": cpu, "cpu_floor_s": None if cpu is None else round(cpu / cores, 1),
            "test_durations_s": round(sum(durations.values()), 1),
            "by_module_s": dict(list(modules.items())[:SHOWN_MODULES]),
        },
    )]
