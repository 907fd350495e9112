"""Part 3: the site's cold build against MkDocs' own build of the same pages, and a rebuild after a
one-row change in one resource.

Cold: no _site/, no generated pages (site/<lang>/, site/_deferred/, site/downloads/) and no .cache/
(chart SVGs, workbooks), as after `make clean`: `python -m sitegen.build`. Floor: MkDocs alone,
`python -m mkdocs build --strict` of the pages that cold build generated, into a folder of its own:
what no build of these pages with MkDocs can avoid. Rebuild: one value of one row of
`security_coverage` changed (a count and its percentage, as a correction of a quarterly note would),
then `python -m sitegen.build` again, with the previous build's _site/ and caches; the next run changes
it back. Rebuild floor: MkDocs alone again, `--dirty`, into a copy of the rebuilt site in which only
the generated pages that rebuild rewrote are newer than their output, and once with none newer: what
MkDocs itself needs to rebuild the pages that change reached, and what any dirty build of MkDocs costs,
whatever changed (see `mkdocs_alone`). Runs alternate cold, floor, rebuild and the rebuild
floors, so that a slow spell of the machine hits all of them alike. All in a snapshot of the project
(see common.snapshot).

Profile: where a cold build's CPU goes, measured once in one process with no cache and nothing run
at once (PROFILE): the chart SVGs (vl-convert's Vega), the chart workbooks, the pages without their charts, the downloads, and the start of a
process that renders charts (interpreter and imports, paid by every worker); MkDocs' own CPU is the
floor's.
"""

from __future__ import annotations

import csv
import io
import os
import re
import resource
import shutil
import tempfile
import time
from pathlib import Path

from bench.common import PYTHON, Figure, child_env, median, run_timed

COLD_BUDGET = 2.0      # cold build ≤ 2 × MkDocs' own build of the same pages
REBUILD_BUDGET = 0.25  # rebuild after a one-row change ≤ 25 % of the cold build
GENERATED = re.compile(r"Generated (?P<pages>\d+) pages, (?P<charts>\d+) charts, (?P<downloads>\d+) downloads"
                       r" in (?P<seconds>[\d.]+) s")
PAGES = re.compile(r"Pages written in (?P<seconds>[\d.]+) s")
MKDOCS = re.compile(r"Documentation built in (?P<seconds>[\d.]+) seconds")
CHANGED_RESOURCE = "security_coverage"


# Run in the snapshot (its own sitegen): every chart rendered in this process, each kind of work timed.
PROFILE = """
import concurrent.futures, json, os, sys, tempfile, time
from pathlib import Path
started = os.times()
from sitegen import charts
cpu = dict.fromkeys(("chart_svg", "chart_xlsx", "downloads"), 0.0)
def timed(name, function):
    def run(*args, **kwargs):
        before = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            cpu[name] += time.process_time() - before
    return run
charts.render_svg = timed("chart_svg", charts.render_svg)
charts.render_workbook = timed("chart_xlsx", charts.render_workbook)
def here(self, function, *args):
    future = concurrent.futures.Future()
    future.set_result(function(*args))
    return future
charts.ImageRenderer._submit = here
from sitegen.data import load_package
from sitegen.downloads import write_package_downloads
from sitegen.generate import generate_files, load_site_data
from sitegen.i18n import load_strings
imported = os.times()
before = time.process_time()
package = load_package()
generated = generate_files(load_site_data(package), load_strings(), cache_dir=Path(tempfile.mkdtemp()))
total = time.process_time() - before
cpu["pages"] = total - sum(cpu.values())
write = timed("downloads", write_package_downloads)
write(package.root / "datapackage.json", Path(tempfile.mkdtemp()))
cpu["imports"] = imported.user + imported.system - started.user - started.system
print(json.dumps({"cpu_s": cpu, "charts": generated.charts}))
"""
WORKER_START = "import sitegen.build, sitegen.charts, vl_convert; sitegen.charts._warm_up()"


def profile(snapshot: Path) -> dict:
    """CPU seconds of a cold build by kind of work (PROFILE), and of starting one chart worker."""
    import json

    clean(snapshot)
    _, cpu, output = run_with_cpu([PYTHON, "-c", PROFILE], snapshot)
    result = json.loads(output.strip().splitlines()[-1])
    _, start_cpu, _ = run_with_cpu([PYTHON, "-c", WORKER_START], snapshot)
    result["cpu_s"]["chart_worker_start"] = start_cpu
    result["cpu_s"] = {k: round(v, 2) for k, v in result["cpu_s"].items()}
    result["total_cpu_s"] = round(cpu, 2)
    return result


# The generated pages and the blocks set aside from them: what MkDocs reads of a build's output.
GENERATED_DIRS = ("site/kk", "site/ru", "site/en", "site/_deferred")


def clean(snapshot: Path) -> None:
    """As `make clean`: no site, no generated pages, no caches."""
    for relative in ("_site", *GENERATED_DIRS, "site/downloads", ".cache"):
        shutil.rmtree(snapshot / relative, ignore_errors=True)


def run_with_cpu(command: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall time, CPU time (user + system of the command and every process it waited for) and output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall, stdout = run_timed(command, cwd, child_env(), merge_stderr=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), stdout


def build(snapshot: Path) -> tuple[float, float, str]:
    return run_with_cpu([PYTHON, "-m", "sitegen.build"], snapshot)


def mkdocs_alone(snapshot: Path, dirty_after: list[str] | None = None) -> tuple[float, float, str]:
    """MkDocs' own build (`mkdocs build --strict`) of the pages in site/, into a folder of its own (removed
    afterwards). With `dirty_after`, a dirty build (`--dirty`) into a copy of the built _site/ (its files'
    times kept) in which the generated files `dirty_after` (paths below site/) are made newer than any
    output: MkDocs builds those pages again and no other, and does the rest of a build (reading the
    configuration and every file, the navigation, the theme's own pages, the plugins' and hooks' work)
    as in any build. With `dirty_after` empty, what a dirty build of MkDocs costs when nothing changed."""
    target = Path(tempfile.mkdtemp(prefix="bilim-bench-mkdocs-"))
    # The files made newer get their times back afterwards: left newer than the site's output, they
    # would be built again by the next dirty build measured (the one of none).
    times = {relative: (snapshot / "site" / relative).stat() for relative in dirty_after or ()}
    try:
        if dirty_after is not None:
            shutil.copytree(snapshot / "_site", target, dirs_exist_ok=True)
            later = time.time() + 1
            for relative in dirty_after:
                os.utime(snapshot / "site" / relative, (later, later))
        mode = "--clean" if dirty_after is None else "--dirty"
        return run_with_cpu([PYTHON, "-m", "mkdocs", "build", "--strict", mode, "--site-dir", str(target)], snapshot)
    finally:
        for relative, stat in times.items():
            os.utime(snapshot / "site" / relative, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        shutil.rmtree(target, ignore_errors=True)


def generated_times(snapshot: Path) -> dict[str, int]:
    """Modification time (ns) of each generated file of the docs folder, by its path below site/: the
    build rewrites only the files whose bytes change, so what a rebuild rewrote is what moved."""
    docs = snapshot / "site"
    return {p.relative_to(docs).as_posix(): p.stat().st_mtime_ns
            for folder in GENERATED_DIRS for p in (snapshot / folder).rglob("*") if p.is_file()}


def phases(output: str) -> dict[str, float]:
    """Seconds since the start when the pages (with the chart SVGs drawn by then) were written and when
    the charts, their files and the downloads were done, as sitegen reports them, and MkDocs' own time
    (summed over the language builds when it reports each)."""
    pages, generated = PAGES.search(output), GENERATED.search(output)
    return {"pages_written_s": float(pages.group("seconds")) if pages else float("nan"),
            "charts_and_downloads_done_s": float(generated.group("seconds")) if generated else float("nan"),
            "mkdocs_s": sum(float(m.group("seconds")) for m in MKDOCS.finditer(output))}


def resource_csv(snapshot: Path, name: str) -> Path:
    import json

    folder = snapshot / "data" / "package"
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    return folder / next(r["path"] for r in descriptor["resources"] if r["name"] == name)


def change_one_row(snapshot: Path, run: int) -> str:
    """Change the count of the first row of CHANGED_RESOURCE by one (down on even runs, back up on odd
    ones) and its percentage with it; returns what changed."""
    path = resource_csv(snapshot, CHANGED_RESOURCE)
    text = path.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, row = rows[0], rows[1]
    count, total, percent = (header.index(k) for k in ("count", "total", "percent"))
    before = int(row[count])
    row[count] = str(before - 1 if run % 2 == 0 else before + 1)
    row[percent] = f"{100 * int(row[count]) / int(row[total]):.1f}".rstrip("0").rstrip(".")
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    return f"{CHANGED_RESOURCE} row 1: count {before} → {row[count]}, percent → {row[percent]}"


def measure(snapshot: Path, runs: int, log: callable) -> list[Figure]:
    colds, floors, rebuilds, reached_floors, fixed_floors = [], [], [], [], []
    cold_cpu, floor_cpu, rebuild_cpu = [], [], []
    reached: list[str] = []
    cold_phases: list[dict[str, float]] = []
    rebuild_phases: list[dict[str, float]] = []
    counts: dict[str, int] = {}
    change = ""
    cpu_by_kind = profile(snapshot)  # first: it cleans, and the runs leave a built site behind them
    log(f"site profile (CPU s, one process, no cache): {cpu_by_kind['cpu_s']}")
    for run in range(runs):
        clean(snapshot)
        wall, cpu, output = build(snapshot)
        colds.append(wall)
        cold_cpu.append(cpu)
        cold_phases.append(phases(output))
        match = GENERATED.search(output)
        if match:
            counts = {k: int(v) for k, v in match.groupdict().items() if k != "seconds"}
        wall, cpu, _ = mkdocs_alone(snapshot)
        floors.append(wall)
        floor_cpu.append(cpu)
        change = change_one_row(snapshot, run)
        before = generated_times(snapshot)
        wall, cpu, output = build(snapshot)
        rebuilds.append(wall)
        rebuild_cpu.append(cpu)
        rebuild_phases.append(phases(output))
        after = generated_times(snapshot)
        reached = sorted(p for p, t in after.items() if before.get(p) != t)
        reached_floors.append(mkdocs_alone(snapshot, dirty_after=reached)[0])
        fixed_floors.append(mkdocs_alone(snapshot, dirty_after=[])[0])
        log(f"site run {run + 1}/{runs}: cold {colds[-1]:.1f} s (CPU {cold_cpu[-1]:.1f} s), MkDocs alone "
            f"{floors[-1]:.1f} s, rebuild after a one-row change {rebuilds[-1]:.1f} s ({len(reached)} generated "
            f"files rewritten; MkDocs alone, dirty: {reached_floors[-1]:.1f} s for them, {fixed_floors[-1]:.1f} s "
            f"for none); load {os.getloadavg()[0]:.1f}")
    cold, floor, rebuild = median(colds), median(floors), median(rebuilds)
    reached_floor, fixed_floor = median(reached_floors), median(fixed_floors)

    def phase_medians(rows: list[dict[str, float]]) -> dict[str, float]:
        return {k: round(median([r[k] for r in rows]), 2) for k in rows[0]}

    pages = sum(1 for _ in (snapshot / "_site").rglob("*.html"))
    return [
        Figure("site.mkdocs", "site: MkDocs alone, the same generated pages (floor)", floor, "s", floors,
               details={"cpu_s": round(median(floor_cpu), 2)}),
        Figure("site.cold", "site: cold build after make clean, 3 languages (python -m sitegen.build)", cold, "s",
               colds, budget=f"≤ {COLD_BUDGET:g} × MkDocs alone", value=cold / floor, limit=COLD_BUDGET,
               details={"generated": counts, "html_files": pages, "phases_s": phase_medians(cold_phases),
                        "cpu_s": round(median(cold_cpu), 2), "profile": cpu_by_kind}),
        Figure("site.rebuild", "site: rebuild after a one-row change in one resource", rebuild, "s", rebuilds,
               budget=f"≤ {REBUILD_BUDGET:.0%} of cold", value=rebuild / cold, limit=REBUILD_BUDGET,
               details={"change": change, "phases_s": phase_medians(rebuild_phases),
                        "cpu_s": round(median(rebuild_cpu), 2), "generated_files_rewritten": len(reached),
                        "pages_rewritten": sum(1 for p in reached if p.endswith(".md"))}),
        # Not budgets: what MkDocs alone needs for a rebuild, as a share of the same cold build (the
        # rebuild budget's own measure), so the rebuild's distance from what MkDocs allows is read here.
        Figure("site.rebuild_mkdocs", "site: MkDocs alone, dirty, the pages that change reached (rebuild floor)",
               reached_floor, "s", reached_floors, value=reached_floor / cold),
        Figure("site.dirty_mkdocs", "site: MkDocs alone, dirty, no page changed", fixed_floor, "s", fixed_floors,
               value=fixed_floor / cold),
    ]
