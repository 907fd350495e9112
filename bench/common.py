"""What every part of the benchmark shares: figures with budgets, timing, the project snapshot."""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PYTHON = sys.executable

# What a snapshot of the project leaves out: version control, environments, caches, build output and
# the benchmark itself (its corpora are large and not part of what the pipeline or the site read).
SNAPSHOT_SKIP = {".git", ".venv", "node_modules", "_site", ".cache", ".pytest_cache", ".ruff_cache", "bench",
                 "tests", "__pycache__"}


@dataclass
class Figure:
    """One line of the table: a measured median, and the budget it is held to (if any).

    `limit` is the largest allowed value of `value` (the ratio for ratio budgets); `value` is what
    the budget compares (median itself, or a ratio of medians); `lower_is_better` False means the
    value must be at least `limit` (Lighthouse scores).
    """

    key: str
    label: str
    median: float
    unit: str
    runs: list[float] = field(default_factory=list)
    budget: str = ""
    value: float | None = None
    limit: float | None = None
    lower_is_better: bool = True
    details: dict = field(default_factory=dict)

    @property
    def passed(self) -> bool | None:
        if self.limit is None or self.value is None:
            return None
        return self.value <= self.limit if self.lower_is_better else self.value >= self.limit

    def as_dict(self) -> dict:
        out = {"label": self.label, "median": round(self.median, 4), "unit": self.unit,
               "runs": [round(r, 4) for r in self.runs], "budget": self.budget, "passed": self.passed}
        if self.value is not None:
            out["value"] = round(self.value, 4)
        if self.limit is not None:
            out["limit"] = self.limit
        if self.details:
            out["details"] = self.details
        return out


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def run_timed(command: list[str], cwd: Path, env: dict[str, str] | None = None,
              merge_stderr: bool = False) -> tuple[float, str]:
    """Wall time of a command and its stdout (with stderr when merged); stops the benchmark with
    the command's output when it fails."""
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT if merge_stderr else subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed in {cwd} ({result.returncode}):\n"
                           f"{result.stdout[-3000:]}\n{(result.stderr or '')[-3000:]}")
    return elapsed, result.stdout


def child_env(**extra: str) -> dict[str, str]:
    """The environment for measured subprocesses: unbuffered output, no PYTHONPATH from the caller
    (the snapshot's own code must be the code that runs), and bytecode cached as Python does by
    default, so that a run after the first imports compiled modules, as a maintainer's `make data`
    does (a caller's PYTHONDONTWRITEBYTECODE would make every run compile the project's sources)."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    env.pop("PYTHONPATH", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(extra)
    return env


def snapshot(prefix: str) -> Path:
    """A copy of the project's files in a temporary folder beside /tmp's others.

    The pipeline rewrites data/ and the site build rewrites _site/, site/<lang>/ and .cache/: doing
    that in a copy leaves the working tree, and anyone building the site in it meanwhile, alone.
    The copy runs the same code on the same data with the same interpreter.
    """
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    for entry in ROOT.iterdir():
        if entry.name in SNAPSHOT_SKIP or entry.name.startswith(".tmp"):
            continue
        if entry.is_dir():
            shutil.copytree(entry, folder / entry.name, ignore=shutil.ignore_patterns("__pycache__", ".tmp*"))
        else:
            shutil.copy2(entry, folder / entry.name)
    return folder


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError:
        return ""


def _command_version(command: list[str]) -> str:
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return result.stdout.strip().splitlines()[0] if result.stdout.strip() else ""


def machine_info() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in _read("/proc/cpuinfo").splitlines()
                if line.startswith("model name")), platform.processor())
    mem_kb = next((int(line.split()[1]) for line in _read("/proc/meminfo").splitlines()
                   if line.startswith("MemTotal:")), 0)
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        # Other work on the machine during the run: figures taken under load are slower and noisier.
        "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
        "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def tool_versions(chromium: str) -> dict:
    return {
        "chromium": _command_version([chromium, "--version"]),
        "node": _command_version(["node", "--version"]),
    }
