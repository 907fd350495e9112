"""Part 1: `make data`'s pipeline against its floor, validation reported on its own.

The floor is a process that starts the same interpreter and imports the third-party libraries the
pipeline imports (found by reading pipelines/, so the floor follows the code): no pipeline can be
faster than that. Runs alternate floor, pipeline, floor, pipeline... so that a slow spell of the
machine hits both alike and their ratio holds.

The pipeline validates in worker processes that it forks when it starts (pipelines/publish/validate.py),
so its wall time is below its CPU time; both are reported. The libraries the floor imports are found
with validation in one process, so that what the workers load is in the floor too.
"""

from __future__ import annotations

import ast
import filecmp
import re
import resource
import sys
from pathlib import Path

from bench.common import PYTHON, ROOT, Figure, child_env, median, run_timed

PIPELINE_BUDGET = 2.0  # pipeline ≤ 2 × floor
# A step line of pipelines/run.py: "  name (28 wide) detail (44 wide) NNN ms".
STEP_LINE = re.compile(r"^  (?P<name>.{28}) (?P<detail>.{44}) +(?P<ms>\d+) ms$")
VALIDATION_STEP = "validate: frictionless"


def pipeline_libraries(folder: Path = ROOT / "pipelines") -> list[str]:
    """Top-level third-party modules imported anywhere in the pipeline's code."""
    names: set[str] = set()
    for path in folder.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    local = {"pipelines", "__future__"}
    return sorted(n for n in names if n not in sys.stdlib_module_names and n not in local)


# Runs the pipeline as `python -m pipelines.run` does and, on exit, names the top-level installed
# packages the process loaded: those the code imports and those they load on first use (pyarrow
# when a frame meets DuckDB, jsonschema when Frictionless validates).
_LOADED = """
import atexit, runpy, sys, sysconfig
paths = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
def report():
    names = {name.split(".")[0] for name, module in list(sys.modules.items())
             if any(str(getattr(module, "__file__", None) or "").startswith(p) for p in paths)}
    print("BENCH_LOADED " + " ".join(sorted(n for n in names if not n.startswith("_"))))
atexit.register(report)
runpy.run_module("pipelines.run", run_name="__main__", alter_sys=True)
"""


def loaded_libraries(snapshot: Path) -> list[str]:
    """The installed packages a pipeline run loads, its validation included (this run also warms the
    caches, unmeasured)."""
    _, stdout = run_timed([PYTHON, "-c", _LOADED], snapshot, child_env(BILIM_VALIDATION_WORKERS="0"))
    line = next(line for line in stdout.splitlines() if line.startswith("BENCH_LOADED "))
    return sorted(set(line.split()[1:]))


def run_with_cpu(command: list[str], snapshot: Path, env: dict[str, str]) -> tuple[float, float, str]:
    """Wall time, CPU time (user + system, the command's processes and the workers they waited for)
    and stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall, stdout = run_timed(command, snapshot, env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, stdout


def parse_steps(stdout: str) -> dict[str, float]:
    """Seconds per step, from the lines the pipeline prints."""
    steps = {}
    for line in stdout.splitlines():
        match = STEP_LINE.match(line)
        if match:
            steps[match.group("name").strip()] = int(match.group("ms")) / 1000
    return steps


def outputs_match_committed(snapshot: Path) -> bool:
    """Whether the run rewrote the package folder and datapackage.json to exactly the committed bytes."""
    ours, theirs = ROOT / "data" / "package", snapshot / "data" / "package"
    names = sorted(p.name for p in ours.iterdir())
    same = names == sorted(p.name for p in theirs.iterdir()) and \
        all(filecmp.cmp(ours / n, theirs / n, shallow=False) for n in names)
    return same and filecmp.cmp(ROOT / "datapackage.json", snapshot / "datapackage.json", shallow=False)


def measure(snapshot: Path, runs: int, log: callable) -> list[Figure]:
    # The floor imports every library the pipeline imports itself and every installed package
    # those load during the run: what no pipeline written with these libraries can avoid.
    direct = pipeline_libraries(snapshot / "pipelines")
    libraries = sorted(set(direct) | set(loaded_libraries(snapshot)))
    floor_cmd = [PYTHON, "-c", "import " + ", ".join(libraries)]
    pipeline_cmd = [PYTHON, "-m", "pipelines.run"]
    env = child_env()
    # Unmeasured runs first (loaded_libraries ran the pipeline once): bytecode compiled and the file
    # cache warm, as on a maintainer's machine where `make data` has run before.
    run_timed(floor_cmd, snapshot, env)
    floors, walls, steps, floor_cpus, cpus = [], [], [], [], []
    for run in range(runs):
        floor_wall, floor_cpu, _ = run_with_cpu(floor_cmd, snapshot, env)
        floors.append(floor_wall)
        floor_cpus.append(floor_cpu)
        wall, cpu, stdout = run_with_cpu(pipeline_cmd, snapshot, env)
        walls.append(wall)
        cpus.append(cpu)
        steps.append(parse_steps(stdout))
        log(f"pipeline run {run + 1}/{runs}: floor {floors[-1]:.2f} s, pipeline {wall:.2f} s (CPU {cpu:.2f} s)")
    floor, wall = median(floors), median(walls)
    step_names = list(steps[0])
    step_medians = {name: round(median([s.get(name, 0.0) for s in steps]), 3) for name in step_names}
    validation = [s.get(VALIDATION_STEP, float("nan")) for s in steps]
    identical = outputs_match_committed(snapshot)
    return [
        Figure("pipeline.floor", f"floor: python + import {', '.join(direct)} (+{len(libraries) - len(direct)} "
               "packages they load)", floor, "s", floors,
               details={"imports": libraries, "direct": direct, "cpu_s": round(median(floor_cpus), 3)}),
        Figure("pipeline.wall", "pipeline: python -m pipelines.run (5 documents → validated package)", wall, "s",
               walls, budget=f"≤ {PIPELINE_BUDGET:g} × floor", value=wall / floor, limit=PIPELINE_BUDGET,
               details={"steps_s": step_medians,
                        "steps_total_s": round(sum(step_medians.values()), 3),
                        "outside_steps_s": round(wall - sum(step_medians.values()), 3),
                        # Worker processes validate while the main process parses: CPU time > wall time.
                        "cpu_s": round(median(cpus), 3),
                        "outputs_identical_to_committed": identical}),
        Figure("pipeline.validation", "validation (frictionless, in worker processes, within the pipeline run)",
               median(validation), "s", validation),
    ]
