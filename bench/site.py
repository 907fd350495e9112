"""Part 3: cold build of the whole site against a rebuild with unchanged data.

Cold: no _site/, no generated pages (site/<lang>/, site/_deferred/, site/downloads/) and no chart
cache, as on a fresh clone. Rebuild: the same command again; charts come from the cache (keyed by their spec), so
only page generation and mkdocs run. Both in a snapshot of the project (see common.snapshot).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from bench.common import PYTHON, Figure, child_env, median, run_timed

REBUILD_BUDGET = 0.5  # rebuild ≤ 50 % of the cold build
GENERATED = re.compile(r"Generated (?P<pages>\d+) pages, (?P<charts>\d+) charts, (?P<downloads>\d+) downloads"
                       r" in (?P<seconds>[\d.]+) s")
MKDOCS = re.compile(r"Documentation built in (?P<seconds>[\d.]+) seconds")


def chart_cache(snapshot: Path) -> Path:
    """Where sitegen keeps rendered charts, read from its own paths module."""
    text = (snapshot / "sitegen" / "paths.py").read_text(encoding="utf-8")
    match = re.search(r'CHART_CACHE = ROOT((?: / "[^"]+")+)', text)
    parts = re.findall(r'"([^"]+)"', match.group(1)) if match else [".cache", "charts"]
    return snapshot.joinpath(*parts)


def clean(snapshot: Path) -> None:
    for relative in ("_site", "site/kk", "site/ru", "site/en", "site/_deferred", "site/downloads"):
        shutil.rmtree(snapshot / relative, ignore_errors=True)
    shutil.rmtree(chart_cache(snapshot), ignore_errors=True)


def build(snapshot: Path) -> tuple[float, str]:
    return run_timed([PYTHON, "-m", "sitegen.build"], snapshot, child_env(), merge_stderr=True)


def phases(output: str) -> dict[str, float]:
    """Seconds sitegen reports for generating pages, charts and downloads, and mkdocs for building
    (summed over the language builds when it reports each)."""
    generated = GENERATED.search(output)
    return {"generate_s": float(generated.group("seconds")) if generated else float("nan"),
            "mkdocs_s": sum(float(m.group("seconds")) for m in MKDOCS.finditer(output))}


def measure(snapshot: Path, runs: int, log: callable) -> list[Figure]:
    colds, rebuilds = [], []
    cold_phases: list[dict[str, float]] = []
    rebuild_phases: list[dict[str, float]] = []
    counts: dict[str, int] = {}
    rendered_on_rebuild = []
    cache = chart_cache(snapshot)
    for run in range(runs):
        clean(snapshot)
        cold, stdout = build(snapshot)
        colds.append(cold)
        match = GENERATED.search(stdout)
        if match:
            counts = {k: int(v) for k, v in match.groupdict().items() if k != "seconds"}
        cold_phases.append(phases(stdout))
        before = {p.name for p in cache.glob("*.svg")}
        rebuild, stdout = build(snapshot)
        rebuilds.append(rebuild)
        rebuild_phases.append(phases(stdout))
        # The rebuild must render nothing: every chart file it needs is already in the cache.
        rendered_on_rebuild.append(len({p.name for p in cache.glob("*.svg")} - before))
        log(f"site run {run + 1}/{runs}: cold {cold:.1f} s, rebuild {rebuild:.1f} s")
    cold, rebuild = median(colds), median(rebuilds)

    def phase_medians(rows: list[dict[str, float]]) -> dict[str, float]:
        return {k: round(median([r[k] for r in rows]), 2) for k in rows[0]}

    pages = sum(1 for _ in (snapshot / "_site").rglob("*.html"))
    return [
        Figure("site.cold", "site: cold build, 3 languages (python -m sitegen.build)", cold, "s", colds,
               details={"generated": counts, "html_files": pages, "phases_s": phase_medians(cold_phases),
                        "cached_charts": sum(1 for _ in cache.glob("*.svg"))}),
        Figure("site.rebuild", "site: rebuild, unchanged data (charts from cache)", rebuild, "s", rebuilds,
               budget=f"≤ {REBUILD_BUDGET:.0%} of cold", value=rebuild / cold, limit=REBUILD_BUDGET,
               details={"charts_rendered_on_rebuild": max(rendered_on_rebuild),
                        "phases_s": phase_medians(rebuild_phases)}),
    ]
